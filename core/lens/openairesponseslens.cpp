// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "openairesponseslens.h"

#include "lenscontext.h"
#include "lensjson.h"
#include "lensstate.h"
#include "openaichatlens.h"

using namespace LensJson;

namespace {

constexpr qint64 kMaxIndex = 1 << 20;

int indexOf(const QJsonObject &json, QLatin1String key)
{
    const qint64 index = integer(json, key, 0);
    return index >= 0 && index <= kMaxIndex ? int(index) : int(kMaxIndex);
}

bool isFunctionCall(const QString &type)
{
    return type == QLatin1String("function_call") || type == QLatin1String("custom_tool_call");
}

} // namespace

bool OpenAiResponsesLens::matchesUrl(const LensContext &context)
{
    // POST /v1/responses, or GET /v1/responses/{id}?stream=true to stream one again.
    const QByteArray path = context.path();
    const qsizetype at = path.lastIndexOf("/responses");
    if (at < 0)
        return false;
    const QByteArray rest = path.mid(at + 10);
    return rest.isEmpty() || (rest.startsWith('/') && rest.indexOf('/', 1) < 0 && rest.size() > 1);
}

bool OpenAiResponsesLens::matchesHeaders(const LensContext &context)
{
    // The same provider as Chat Completions: the events tell which of the two it is.
    return OpenAiChatLens::matchesHeaders(context);
}

bool OpenAiResponsesLens::matchesEvent(const LensEvent &event)
{
    return event.type().startsWith("response.");
}

int OpenAiResponsesLens::toolFor(const QJsonObject &json, LensState &state)
{
    return state.toolCall(0, indexOf(json, QLatin1String("output_index")));
}

void OpenAiResponsesLens::event(const LensEvent &event, LensState &state)
{
    if (!requireJson(event, state))
        return;
    const QJsonObject &json = event.json;
    const QByteArray type = event.type();
    const qint64 sequence = integer(json, QLatin1String("sequence_number"), -1);
    if (sequence >= 0)
        state.sequence(sequence);
    if (state.terminal()) {
        state.problem(LensProblem::Code::AfterEnd,
                      QStringLiteral("event %1 (%2) came after the terminal event")
                          .arg(event.number)
                          .arg(QString::fromUtf8(type)));
    }
    const int output = indexOf(json, QLatin1String("output_index"));
    const auto afterItemDone = [&] {
        if (m_doneItems.contains(output)) {
            state.problem(LensProblem::Code::AfterEnd,
                          QStringLiteral("event %1: %2 for output item %3 after its "
                                         "response.output_item.done")
                              .arg(event.number)
                              .arg(QString::fromUtf8(type))
                              .arg(output));
        }
    };

    if (type == "response.created" || type == "response.in_progress" || type == "response.queued") {
        const QJsonObject response = object(json, QLatin1String("response"));
        state.setModel(string(response, QLatin1String("model")));
        state.setResponseId(string(response, QLatin1String("id")));
    } else if (type == "response.output_text.delta" || type == "response.refusal.delta") {
        afterItemDone();
        state.appendText(LensBlock::Kind::Text, 0, output,
                         indexOf(json, QLatin1String("content_index")),
                         string(json, QLatin1String("delta")));
    } else if (type == "response.reasoning_text.delta"
               || type == "response.reasoning_summary_text.delta") {
        afterItemDone();
        const QLatin1String part(type == "response.reasoning_text.delta" ? "content_index"
                                                                         : "summary_index");
        state.appendText(LensBlock::Kind::Reasoning, 0, output, indexOf(json, part),
                         string(json, QLatin1String("delta")));
    } else if (type == "response.output_item.added") {
        const QJsonObject item = object(json, QLatin1String("item"));
        if (isFunctionCall(string(item, QLatin1String("type")))) {
            const int b = toolFor(json, state);
            QString id = string(item, QLatin1String("call_id"));
            if (id.isEmpty())
                id = string(item, QLatin1String("id"));
            state.setToolIdentity(b, id, string(item, QLatin1String("name")));
            state.appendToolArguments(b, string(item, QLatin1String("arguments")));
        }
    } else if (type == "response.function_call_arguments.delta"
               || type == "response.custom_tool_call_input.delta") {
        afterItemDone();
        const int b = toolFor(json, state);
        const LensBlock *block = state.block(b);
        if (block && block->complete) {
            state.problem(LensProblem::Code::AfterEnd,
                          QStringLiteral("event %1: arguments for output item %2 after its "
                                         "arguments were done")
                              .arg(event.number)
                              .arg(output));
        }
        state.appendToolArguments(b, string(json, QLatin1String("delta")));
    } else if (type == "response.function_call_arguments.done"
               || type == "response.custom_tool_call_input.done") {
        const int b = toolFor(json, state);
        const QLatin1String key(type == "response.function_call_arguments.done" ? "arguments"
                                                                                : "input");
        if (json.value(key).isString())
            state.setToolArguments(b, string(json, key).toUtf8(), QString::fromUtf8(type));
        state.completeToolCall(b);
    } else if (type == "response.output_item.done") {
        const QJsonObject item = object(json, QLatin1String("item"));
        if (isFunctionCall(string(item, QLatin1String("type")))) {
            const int b = toolFor(json, state);
            state.setToolIdentity(b, string(item, QLatin1String("call_id")),
                                  string(item, QLatin1String("name")));
            if (item.value(QLatin1String("arguments")).isString()) {
                state.setToolArguments(b, string(item, QLatin1String("arguments")).toUtf8(),
                                       QStringLiteral("response.output_item.done"));
            }
            state.completeToolCall(b);
        }
        if (m_doneItems.size() < LensFacts::kMaxBlocks)
            m_doneItems.insert(output);
    } else if (type == "response.completed" || type == "response.incomplete"
               || type == "response.failed") {
        terminal(type, event, state);
    } else if (type == "error") {
        QString text = string(json, QLatin1String("message"));
        const QJsonValue code = json.value(QLatin1String("code"));
        if (code.isString() || code.isDouble())
            text = QString::fromUtf8(compact(code)) + QStringLiteral(": ") + text;
        state.errorEvent(QStringLiteral("error event: %1").arg(text));
    }
    // Other events (content_part.added, output_text.done, annotations, tool progress...) carry
    // nothing the facts hold.
}

void OpenAiResponsesLens::terminal(const QByteArray &type, const LensEvent &event, LensState &state)
{
    const QJsonObject response = object(event.json, QLatin1String("response"));
    state.setModel(string(response, QLatin1String("model")));
    state.setResponseId(string(response, QLatin1String("id")));
    QString reason = string(response, QLatin1String("status"));
    if (type == "response.incomplete") {
        const QString why =
            string(object(response, QLatin1String("incomplete_details")), QLatin1String("reason"));
        if (!why.isEmpty())
            reason = why;
    }
    if (reason.isEmpty())
        reason = QString::fromUtf8(type.mid(9)); // "completed", "incomplete", "failed"
    state.setFinishReason(0, reason);
    const QJsonObject usage = object(response, QLatin1String("usage"));
    if (!usage.isEmpty()) {
        LensUsage u;
        u.inputTokens = integer(usage, QLatin1String("input_tokens"));
        u.outputTokens = integer(usage, QLatin1String("output_tokens"));
        u.totalTokens = integer(usage, QLatin1String("total_tokens"));
        u.reasoningTokens = integer(object(usage, QLatin1String("output_tokens_details")),
                                    QLatin1String("reasoning_tokens"));
        state.mergeUsage(u);
    }
    if (type == "response.failed") {
        const QJsonObject error = object(response, QLatin1String("error"));
        QString text = string(error, QLatin1String("message"));
        const QString code = string(error, QLatin1String("code"));
        if (!code.isEmpty())
            text = code + QStringLiteral(": ") + text;
        state.errorEvent(QStringLiteral("response.failed: %1").arg(text));
    }
    if (state.markTerminal())
        state.completeToolCalls(-1);
}

void OpenAiResponsesLens::finish(LensState &state)
{
    if (state.terminal())
        state.completeToolCalls(-1);
}
