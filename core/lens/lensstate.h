// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "lensfacts.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// What a lens writes to while it reads one event: the stream's LensFacts, kept within their
// bounds (text cap, block cap, one problem entry per code), and the changes worth a record.
// LensStream makes one per event and reads back whether content arrived (for the timings) and
// the answer text it added (for `watch --text`).
class LensState
{
public:
    LensState(LensFacts &facts, QList<LensChange> &changes, QByteArray &answer)
        : m_facts(facts)
        , m_changes(changes)
        , m_answer(answer)
    { }

    const LensFacts &facts() const { return m_facts; }

    // Text or reasoning of a block; an empty piece is no content (a role-only delta).
    void appendText(LensBlock::Kind kind, int choice, int index, int part, QByteArrayView utf8);
    void appendText(LensBlock::Kind kind, int choice, int index, int part, const QString &text)
    {
        appendText(kind, choice, index, part, QByteArrayView(text.toUtf8()));
    }
    // The tool call of that choice and index, made when new; -1 past LensFacts::kMaxBlocks.
    int toolCall(int choice, int index);
    // The block of that kind, choice, index and part, or -1.
    int findBlock(LensBlock::Kind kind, int choice, int index, int part = 0) const;
    const LensBlock *block(int block) const;
    void setToolIdentity(int block, const QString &id, const QString &name);
    void appendToolArguments(int block, const QString &arguments);
    // Arguments given whole (a start block's input, a "done" event): taken when no delta gave
    // any; when deltas did and they differ, that is a problem.
    void setToolArguments(int block, const QByteArray &arguments, const QString &where);
    // The arguments are whole: they are checked as JSON once, and reported.
    void completeToolCall(int block);
    void completeToolCalls(int choice); // every tool call of a choice (-1: of all)

    void setModel(const QString &model);
    void setResponseId(const QString &id);
    void setFinishReason(int choice, const QString &reason);
    // Fields of `usage` that are reported (>= 0) replace the ones known.
    void mergeUsage(const LensUsage &usage);
    // The protocol's terminal event: false when it had already arrived (the caller says so).
    bool markTerminal();
    bool terminal() const { return m_facts.terminal; }
    // An error reported by the provider inside the stream.
    void errorEvent(const QString &message);
    // A sequence number (OpenAI Responses): gaps and repeats are problems.
    void sequence(qint64 number);
    void problem(LensProblem::Code code, const QString &message);

    // MCP: the session's facts, and its requests and responses (within LensMcp::kMaxRpcs).
    LensMcp &mcp() { return m_facts.mcp; }
    // Index of the rpc added, or -1 past LensMcp::kMaxRpcs (a problem, named once).
    int addRpc(const LensRpc &rpc);
    void rpcAnswered(int rpc)
    {
        change({LensChange::What::Rpc, rpc, LensProblem::Code::Unexpected});
    }

    bool contentAdded() const { return m_contentAdded; }
    // finish(): the client stopped reading (not the server ending the stream).
    bool stopped() const { return m_stopped; }
    void setStopped(bool stopped) { m_stopped = stopped; }

private:
    int makeBlock(LensBlock::Kind kind, int choice, int index, int part);
    void keep(LensBlock &block, QByteArrayView utf8);
    void change(LensChange change) { m_changes.append(change); }

    LensFacts &m_facts;
    QList<LensChange> &m_changes;
    QByteArray &m_answer;
    bool m_contentAdded = false;
    bool m_stopped = false;
};
