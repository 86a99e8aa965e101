// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "openaichatlens.h"

#include "lenscontext.h"
#include "lensjson.h"
#include "lensstate.h"

using namespace LensJson;

namespace {

// More choices than this in one stream is not a chat answer; their text is still assembled
// under the block cap, but finish reasons are not remembered past it.
constexpr int kMaxChoices = LensFacts::kMaxBlocks;

QString errorText(const QJsonValue &error)
{
    if (error.isString())
        return error.toString();
    const QJsonObject o = error.toObject();
    QString text = string(o, QLatin1String("message"));
    const QString type = string(o, QLatin1String("type"));
    const QJsonValue code = o.value(QLatin1String("code"));
    QString label = type;
    if (code.isString() || code.isDouble())
        label +=
            (label.isEmpty() ? QString() : QStringLiteral(" ")) + QString::fromUtf8(compact(code));
    if (!label.isEmpty())
        text = label + QStringLiteral(": ") + text;
    return text.isEmpty() ? QString::fromUtf8(compact(error)) : text;
}

} // namespace

bool OpenAiChatLens::matchesUrl(const LensContext &context)
{
    return context.path().endsWith("/chat/completions");
}

bool OpenAiChatLens::matchesHeaders(const LensContext &context)
{
    return context.host() == "api.openai.com" || !context.responseHeader("openai-version").isEmpty()
        || !context.responseHeader("openai-processing-ms").isEmpty();
}

bool OpenAiChatLens::matchesEvent(const LensEvent &event)
{
    if (!event.isJson)
        return false;
    if (string(event.json, QLatin1String("object")) == QLatin1String("chat.completion.chunk"))
        return true;
    const QJsonArray choices = array(event.json, QLatin1String("choices"));
    return !choices.isEmpty()
        && choices.first().toObject().value(QLatin1String("delta")).isObject();
}

void OpenAiChatLens::event(const LensEvent &event, LensState &state)
{
    const QByteArray data = event.event->data.trimmed();
    if (data == "[DONE]") {
        if (!state.markTerminal()) {
            state.problem(LensProblem::Code::AfterEnd,
                          QStringLiteral("event %1: a second data: [DONE]").arg(event.number));
            return;
        }
        // The stream is complete: tool calls of choices that gave no finish_reason are whole.
        state.completeToolCalls(-1);
        return;
    }
    if (state.terminal()) {
        state.problem(LensProblem::Code::AfterEnd,
                      QStringLiteral("event %1 came after data: [DONE]").arg(event.number));
    }
    if (event.event->type == "error") {
        QString text = event.preview();
        if (event.isJson) {
            const QJsonValue error = event.json.value(QLatin1String("error"));
            text = errorText(error.isUndefined() ? QJsonValue(event.json) : error);
        }
        state.errorEvent(QStringLiteral("error event: %1").arg(text));
        return;
    }
    if (!requireJson(event, state))
        return;
    const QJsonObject &chunk = event.json;
    if (chunk.contains(QLatin1String("error"))) {
        state.errorEvent(QStringLiteral("error in the stream: %1")
                             .arg(errorText(chunk.value(QLatin1String("error")))));
        return;
    }
    state.setModel(string(chunk, QLatin1String("model")));
    state.setResponseId(string(chunk, QLatin1String("id")));
    const QJsonArray choices = array(chunk, QLatin1String("choices"));
    for (qsizetype i = 0; i < choices.size(); ++i)
        choice(choices.at(i).toObject(), int(i), event, state);
    const QJsonObject usage = object(chunk, QLatin1String("usage"));
    if (!usage.isEmpty()) {
        LensUsage u;
        u.inputTokens = integer(usage, QLatin1String("prompt_tokens"));
        u.outputTokens = integer(usage, QLatin1String("completion_tokens"));
        u.totalTokens = integer(usage, QLatin1String("total_tokens"));
        u.reasoningTokens = integer(object(usage, QLatin1String("completion_tokens_details")),
                                    QLatin1String("reasoning_tokens"));
        state.mergeUsage(u);
    }
}

void OpenAiChatLens::choice(const QJsonObject &c, int position, const LensEvent &event,
                            LensState &state)
{
    const qint64 index64 = integer(c, QLatin1String("index"), position);
    const int index = index64 >= 0 && index64 < kMaxChoices ? int(index64) : kMaxChoices;
    const QJsonObject delta = object(c, QLatin1String("delta"));
    const bool finished = m_finished.contains(index);
    const auto afterFinish = [&](const char *what) {
        if (finished) {
            state.problem(LensProblem::Code::AfterEnd,
                          QStringLiteral("event %1: %2 for choice %3 after its finish_reason")
                              .arg(event.number)
                              .arg(QLatin1String(what))
                              .arg(index));
        }
    };

    const QString content = string(delta, QLatin1String("content"));
    const QString refusal = string(delta, QLatin1String("refusal"));
    if (!content.isEmpty() || !refusal.isEmpty())
        afterFinish("text");
    state.appendText(LensBlock::Kind::Text, index, 0, 0, content);
    state.appendText(LensBlock::Kind::Text, index, 0, 0, refusal);
    QString reasoning = string(delta, QLatin1String("reasoning_content"));
    if (reasoning.isEmpty())
        reasoning = string(delta, QLatin1String("reasoning"));
    if (!reasoning.isEmpty())
        afterFinish("reasoning");
    state.appendText(LensBlock::Kind::Reasoning, index, 0, 0, reasoning);

    const QJsonArray toolCalls = array(delta, QLatin1String("tool_calls"));
    for (qsizetype i = 0; i < toolCalls.size(); ++i) {
        const QJsonObject call = toolCalls.at(i).toObject();
        const qint64 toolIndex = integer(call, QLatin1String("index"), i);
        if (toolIndex < 0 || toolIndex > (1 << 20)) {
            state.problem(LensProblem::Code::Unexpected,
                          QStringLiteral("event %1: a tool call index that is no small number")
                              .arg(event.number));
            continue;
        }
        afterFinish("a tool call");
        const int b = state.toolCall(index, int(toolIndex));
        const QJsonObject function = object(call, QLatin1String("function"));
        state.setToolIdentity(b, string(call, QLatin1String("id")),
                              string(function, QLatin1String("name")));
        const LensBlock *block = state.block(b);
        if (block && block->complete) {
            state.problem(LensProblem::Code::AfterEnd,
                          QStringLiteral("event %1: arguments for tool call #%2 after it was "
                                         "complete")
                              .arg(event.number)
                              .arg(toolIndex));
        }
        state.appendToolArguments(b, string(function, QLatin1String("arguments")));
    }
    // The legacy single function call of older servers.
    const QJsonObject functionCall = object(delta, QLatin1String("function_call"));
    if (!functionCall.isEmpty()) {
        const int b = state.toolCall(index, 0);
        state.setToolIdentity(b, QString(), string(functionCall, QLatin1String("name")));
        state.appendToolArguments(b, string(functionCall, QLatin1String("arguments")));
    }

    const QString finishReason = string(c, QLatin1String("finish_reason"));
    if (!finishReason.isEmpty()) {
        state.setFinishReason(index, finishReason);
        if (index < kMaxChoices)
            m_finished.insert(index);
        state.completeToolCalls(index);
    }
}

void OpenAiChatLens::finish(LensState &state)
{
    // A truncated stream's open tool calls stay unchecked: their arguments were cut, and the
    // truncation is the problem to name.
    if (state.terminal())
        state.completeToolCalls(-1);
}
