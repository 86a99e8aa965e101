// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "lensstate.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

namespace {

qint64 countChars(QByteArrayView utf8)
{
    // Every byte that is not a continuation byte starts a character.
    qint64 n = 0;
    for (const char c : utf8) {
        if ((uchar(c) & 0xC0) != 0x80)
            ++n;
    }
    return n;
}

QString blockLabel(const LensBlock &block)
{
    QString label = QStringLiteral("tool call #%1").arg(block.index);
    if (block.choice > 0)
        label += QStringLiteral(" of choice %1").arg(block.choice);
    if (!block.name.isEmpty())
        label += QStringLiteral(" (%1)").arg(QString::fromUtf8(block.name));
    return label;
}

} // namespace

int LensState::findBlock(LensBlock::Kind kind, int choice, int index, int part) const
{
    // Newest first: deltas go to the block that began last, nearly always.
    for (qsizetype i = m_facts.blocks.size() - 1; i >= 0; --i) {
        const LensBlock &b = m_facts.blocks.at(i);
        if (b.kind == kind && b.choice == choice && b.index == index && b.part == part)
            return int(i);
    }
    return -1;
}

const LensBlock *LensState::block(int block) const
{
    if (block < 0 || block >= m_facts.blocks.size())
        return nullptr;
    return &m_facts.blocks.at(block);
}

int LensState::makeBlock(LensBlock::Kind kind, int choice, int index, int part)
{
    const int found = findBlock(kind, choice, index, part);
    if (found >= 0)
        return found;
    if (m_facts.blocks.size() >= LensFacts::kMaxBlocks) {
        problem(LensProblem::Code::TooManyBlocks,
                QStringLiteral("more than %1 text, reasoning and tool-call blocks: the rest is "
                               "not assembled")
                    .arg(LensFacts::kMaxBlocks));
        return -1;
    }
    LensBlock block;
    block.kind = kind;
    block.choice = choice;
    block.index = index;
    block.part = part;
    m_facts.blocks.append(block);
    return int(m_facts.blocks.size() - 1);
}

void LensState::keep(LensBlock &block, QByteArrayView utf8)
{
    block.bytes += utf8.size();
    block.chars += countChars(utf8);
    if (block.capped)
        return;
    const qint64 room = LensFacts::kMaxKeptBytes - m_facts.keptBytes;
    if (utf8.size() <= room) {
        block.text.append(utf8);
        m_facts.keptBytes += utf8.size();
        return;
    }
    // Cut at a character boundary, so that what is kept stays valid UTF-8.
    qsizetype cut = qsizetype(std::max<qint64>(0, room));
    while (cut > 0 && (uchar(utf8[cut]) & 0xC0) == 0x80)
        --cut;
    block.text.append(utf8.first(cut));
    m_facts.keptBytes += cut;
    block.capped = true;
    problem(LensProblem::Code::TextCapped,
            QStringLiteral("the assembled text reached %1 MiB: what follows is counted, not kept")
                .arg(LensFacts::kMaxKeptBytes / (1024 * 1024)));
}

void LensState::appendText(LensBlock::Kind kind, int choice, int index, int part,
                           QByteArrayView utf8)
{
    if (utf8.isEmpty())
        return;
    m_contentAdded = true;
    if (kind == LensBlock::Kind::Text && choice == 0)
        m_answer.append(utf8);
    const int b = makeBlock(kind, choice, index, part);
    if (b >= 0)
        keep(m_facts.blocks[b], utf8);
}

int LensState::toolCall(int choice, int index)
{
    return makeBlock(LensBlock::Kind::ToolCall, choice, index, 0);
}

void LensState::setToolIdentity(int block, const QString &id, const QString &name)
{
    if (block < 0)
        return;
    LensBlock &b = m_facts.blocks[block];
    // Bounded like everything kept: an id or a name is short.
    if (!id.isEmpty() && b.id.isEmpty())
        b.id = id.left(256).toUtf8();
    if (!name.isEmpty() && b.name.isEmpty())
        b.name = name.left(256).toUtf8();
}

void LensState::appendToolArguments(int block, const QString &arguments)
{
    if (arguments.isEmpty())
        return;
    m_contentAdded = true;
    if (block < 0)
        return;
    keep(m_facts.blocks[block], arguments.toUtf8());
}

void LensState::setToolArguments(int block, const QByteArray &arguments, const QString &where)
{
    if (block < 0)
        return;
    LensBlock &b = m_facts.blocks[block];
    if (b.bytes == 0) {
        if (!arguments.isEmpty())
            keep(b, arguments);
        return;
    }
    if (!b.capped && b.text != arguments) {
        problem(LensProblem::Code::Unexpected,
                QStringLiteral("%1: the arguments of %2 differ from those its deltas assembled")
                    .arg(blockLabel(b), where));
    }
}

void LensState::completeToolCall(int block)
{
    if (block < 0)
        return;
    LensBlock &b = m_facts.blocks[block];
    if (b.complete)
        return;
    b.complete = true;
    if (b.capped) {
        b.json = LensBlock::Json::Unchecked;
        b.jsonError = QStringLiteral("too large to check (not kept whole)");
    } else if (b.text.trimmed().isEmpty()) {
        b.json = LensBlock::Json::Invalid;
        b.jsonError = QStringLiteral("no arguments at all (an empty string is not JSON)");
    } else {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(b.text, &error);
        if (error.error == QJsonParseError::NoError && !document.isNull()) {
            b.json = LensBlock::Json::Valid;
        } else {
            b.json = LensBlock::Json::Invalid;
            b.jsonError =
                QStringLiteral("%1 at offset %2").arg(error.errorString()).arg(error.offset);
        }
    }
    change({LensChange::What::ToolCall, block, LensProblem::Code::Unexpected});
    if (b.json == LensBlock::Json::Invalid) {
        problem(LensProblem::Code::InvalidToolJson,
                QStringLiteral("%1: the arguments are not valid JSON: %2")
                    .arg(blockLabel(b), b.jsonError));
    }
}

void LensState::completeToolCalls(int choice)
{
    for (qsizetype i = 0; i < m_facts.blocks.size(); ++i) {
        const LensBlock &b = m_facts.blocks.at(i);
        if (b.kind == LensBlock::Kind::ToolCall && !b.complete
            && (choice < 0 || b.choice == choice))
            completeToolCall(int(i));
    }
}

void LensState::setModel(const QString &model)
{
    if (!model.isEmpty())
        m_facts.model = model.left(256).toUtf8();
}

void LensState::setResponseId(const QString &id)
{
    if (!id.isEmpty())
        m_facts.responseId = id.left(256).toUtf8();
}

void LensState::setFinishReason(int choice, const QString &reason)
{
    if (reason.isEmpty())
        return;
    if (m_facts.finishReason.isEmpty() || choice == 0)
        m_facts.finishReason = reason.left(256).toUtf8();
}

void LensState::mergeUsage(const LensUsage &usage)
{
    LensUsage &u = m_facts.usage;
    if (usage.inputTokens >= 0)
        u.inputTokens = usage.inputTokens;
    if (usage.outputTokens >= 0)
        u.outputTokens = usage.outputTokens;
    if (usage.totalTokens >= 0)
        u.totalTokens = usage.totalTokens;
    if (usage.reasoningTokens >= 0)
        u.reasoningTokens = usage.reasoningTokens;
}

bool LensState::markTerminal()
{
    if (m_facts.terminal)
        return false;
    m_facts.terminal = true;
    change({LensChange::What::Finish, -1, LensProblem::Code::Unexpected});
    return true;
}

void LensState::errorEvent(const QString &message)
{
    m_facts.errorSeen = true;
    problem(LensProblem::Code::ErrorEvent, message);
}

void LensState::sequence(qint64 number)
{
    const qint64 last = m_facts.lastSequence;
    if (last >= 0 && number > last + 1) {
        problem(LensProblem::Code::SequenceGap,
                QStringLiteral("sequence_number went from %1 to %2: %3 event(s) missing")
                    .arg(last)
                    .arg(number)
                    .arg(number - last - 1));
    } else if (last >= 0 && number <= last) {
        problem(LensProblem::Code::SequenceOrder,
                QStringLiteral("sequence_number %1 came after %2 (repeated or out of order)")
                    .arg(number)
                    .arg(last));
    }
    m_facts.lastSequence = std::max(last, number);
}

void LensState::problem(LensProblem::Code code, const QString &message)
{
    for (LensProblem &p : m_facts.problems) {
        if (p.code == code) {
            ++p.count;
            return;
        }
    }
    LensProblem p;
    p.code = code;
    p.message = message.left(1024);
    p.count = 1;
    m_facts.problems.append(p);
    change({LensChange::What::Problem, -1, code});
}

int LensState::addRpc(const LensRpc &rpc)
{
    if (m_facts.mcp.rpcs.size() >= LensMcp::kMaxRpcs) {
        problem(LensProblem::Code::TooManyRpcs,
                QStringLiteral("more than %1 requests and responses: the rest is counted, not kept")
                    .arg(LensMcp::kMaxRpcs));
        return -1;
    }
    m_facts.mcp.rpcs.append(rpc);
    return int(m_facts.mcp.rpcs.size() - 1);
}
