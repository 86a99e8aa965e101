// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "anthropiclens.h"

#include "lenscontext.h"
#include "lensjson.h"
#include "lensstate.h"

using namespace LensJson;

namespace {

bool isMessageEvent(const QByteArray &type)
{
    return type == "message_start" || type == "content_block_start" || type == "content_block_delta"
        || type == "content_block_stop" || type == "message_delta" || type == "message_stop";
}

bool isToolBlock(const QString &type)
{
    return type == QLatin1String("tool_use") || type == QLatin1String("server_tool_use")
        || type == QLatin1String("mcp_tool_use");
}

LensUsage usageOf(const QJsonObject &usage)
{
    LensUsage u;
    u.inputTokens = integer(usage, QLatin1String("input_tokens"));
    u.outputTokens = integer(usage, QLatin1String("output_tokens"));
    return u;
}

} // namespace

bool AnthropicLens::matchesUrl(const LensContext &context)
{
    return context.path().endsWith("/v1/messages");
}

bool AnthropicLens::matchesHeaders(const LensContext &context)
{
    return context.host() == "api.anthropic.com"
        || !context.requestHeader("anthropic-version").isEmpty();
}

bool AnthropicLens::matchesEvent(const LensEvent &event)
{
    return event.isJson && isMessageEvent(event.type());
}

void AnthropicLens::event(const LensEvent &event, LensState &state)
{
    if (!requireJson(event, state))
        return;
    const QJsonObject &json = event.json;
    const QByteArray type = event.type();
    if (type == "ping")
        return;
    if (state.terminal()) {
        state.problem(LensProblem::Code::AfterEnd,
                      QStringLiteral("event %1 (%2) came after message_stop")
                          .arg(event.number)
                          .arg(QString::fromUtf8(type)));
    }
    if (type == "message_start") {
        const QJsonObject message = object(json, QLatin1String("message"));
        state.setModel(string(message, QLatin1String("model")));
        state.setResponseId(string(message, QLatin1String("id")));
        state.mergeUsage(usageOf(object(message, QLatin1String("usage"))));
    } else if (type == "content_block_start") {
        start(json, event, state);
    } else if (type == "content_block_delta") {
        delta(json, event, state);
    } else if (type == "content_block_stop") {
        stop(json, event, state);
    } else if (type == "message_delta") {
        state.setFinishReason(
            0, string(object(json, QLatin1String("delta")), QLatin1String("stop_reason")));
        // Cumulative: the last one holds the whole count.
        state.mergeUsage(usageOf(object(json, QLatin1String("usage"))));
    } else if (type == "message_stop") {
        if (state.markTerminal())
            state.completeToolCalls(-1);
    } else if (type == "error") {
        const QJsonObject error = object(json, QLatin1String("error"));
        QString text = string(error, QLatin1String("message"));
        const QString kind = string(error, QLatin1String("type"));
        if (!kind.isEmpty())
            text = kind + QStringLiteral(": ") + text;
        state.errorEvent(QStringLiteral("error event: %1").arg(text));
    }
}

void AnthropicLens::start(const QJsonObject &json, const LensEvent &event, LensState &state)
{
    const qint64 index = integer(json, QLatin1String("index"));
    if (index < 0 || index > (1 << 20)) {
        state.problem(LensProblem::Code::Unexpected,
                      QStringLiteral("event %1: content_block_start without a valid index")
                          .arg(event.number));
        return;
    }
    if (m_blocks.contains(int(index))) {
        state.problem(LensProblem::Code::Unexpected,
                      QStringLiteral("event %1: content block %2 started twice")
                          .arg(event.number)
                          .arg(index));
        return;
    }
    const QJsonObject content = object(json, QLatin1String("content_block"));
    const QString type = string(content, QLatin1String("type"));
    Block block;
    if (isToolBlock(type)) {
        block.kind = LensBlock::Kind::ToolCall;
        block.block = state.toolCall(0, int(index));
        state.setToolIdentity(block.block, string(content, QLatin1String("id")),
                              string(content, QLatin1String("name")));
        if (content.contains(QLatin1String("input")))
            block.startInput = compact(content.value(QLatin1String("input")));
    } else if (type == QLatin1String("thinking") || type == QLatin1String("redacted_thinking")) {
        block.kind = LensBlock::Kind::Reasoning;
        state.appendText(block.kind, 0, int(index), 0, string(content, QLatin1String("thinking")));
    } else {
        // text, and kinds this lens does not assemble (their deltas say what they are)
        state.appendText(block.kind, 0, int(index), 0, string(content, QLatin1String("text")));
    }
    if (m_blocks.size() < LensFacts::kMaxBlocks)
        m_blocks.insert(int(index), block);
}

void AnthropicLens::delta(const QJsonObject &json, const LensEvent &event, LensState &state)
{
    const qint64 index = integer(json, QLatin1String("index"));
    const auto found = m_blocks.constFind(int(index));
    if (index < 0 || found == m_blocks.constEnd()) {
        state.problem(LensProblem::Code::Unexpected,
                      QStringLiteral("event %1: a delta for content block %2, which never "
                                     "started")
                          .arg(event.number)
                          .arg(index));
    } else if (found->stopped) {
        state.problem(LensProblem::Code::AfterEnd,
                      QStringLiteral("event %1: a delta for content block %2 after its "
                                     "content_block_stop")
                          .arg(event.number)
                          .arg(index));
    }
    if (index < 0 || index > (1 << 20))
        return;
    const QJsonObject delta = object(json, QLatin1String("delta"));
    const QString type = string(delta, QLatin1String("type"));
    if (type == QLatin1String("text_delta")) {
        state.appendText(LensBlock::Kind::Text, 0, int(index), 0,
                         string(delta, QLatin1String("text")));
    } else if (type == QLatin1String("thinking_delta")) {
        state.appendText(LensBlock::Kind::Reasoning, 0, int(index), 0,
                         string(delta, QLatin1String("thinking")));
    } else if (type == QLatin1String("input_json_delta")) {
        const int b = found != m_blocks.constEnd() ? found->block : state.toolCall(0, int(index));
        state.appendToolArguments(b, string(delta, QLatin1String("partial_json")));
    }
    // signature_delta and citations_delta add nothing to the text.
}

void AnthropicLens::stop(const QJsonObject &json, const LensEvent &event, LensState &state)
{
    const qint64 index = integer(json, QLatin1String("index"));
    const auto found = m_blocks.find(int(index));
    if (index < 0 || found == m_blocks.end()) {
        state.problem(LensProblem::Code::Unexpected,
                      QStringLiteral("event %1: content_block_stop for block %2, which never "
                                     "started")
                          .arg(event.number)
                          .arg(index));
        return;
    }
    if (found->stopped) {
        state.problem(LensProblem::Code::AfterEnd,
                      QStringLiteral("event %1: content block %2 stopped twice")
                          .arg(event.number)
                          .arg(index));
        return;
    }
    found->stopped = true;
    if (found->kind == LensBlock::Kind::ToolCall) {
        // A tool without input deltas has the input its start gave (often {}).
        const LensBlock *block = state.block(found->block);
        if (block && block->bytes == 0)
            state.setToolArguments(found->block, found->startInput, QString());
        state.completeToolCall(found->block);
    }
}

void AnthropicLens::finish(LensState &state)
{
    if (state.terminal())
        state.completeToolCalls(-1);
}
