// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "openaichatpreset.h"

#include <QDateTime>
#include <QJsonArray>

namespace {

QByteArrayView pathOf(QByteArrayView target)
{
    const qsizetype query = target.indexOf('?');
    return query < 0 ? target : target.first(query);
}

QByteArray finishReason(const ProviderPreset::Answer &answer)
{
    return answer.cut ? QByteArrayLiteral("\"length\"") : QByteArrayLiteral("\"stop\"");
}

QByteArray usage(const ProviderPreset::Request &request, const ProviderPreset::Answer &answer)
{
    const qint64 output = answer.tokens.size();
    return "{\"prompt_tokens\":" + QByteArray::number(request.inputTokens)
        + ",\"completion_tokens\":" + QByteArray::number(output)
        + ",\"total_tokens\":" + QByteArray::number(request.inputTokens + output)
        + ",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
          "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
          "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}";
}

QByteArray completionId(const ProviderPreset::Request &request)
{
    return "chatcmpl-ssemon" + QByteArray::number(request.client);
}

QByteArray created()
{
    return QByteArray::number(QDateTime::currentSecsSinceEpoch());
}

} // namespace

bool OpenAiChatPreset::matchesPath(QByteArrayView target, Request *request) const
{
    Q_UNUSED(request)
    const QByteArrayView path = pathOf(target);
    return path == "/v1/chat/completions" || path == "/chat/completions";
}

void OpenAiChatPreset::readMessages(const QJsonArray &messages, Request *request)
{
    QByteArray all;
    for (const QJsonValue &value : messages) {
        const QJsonObject message = value.toObject();
        const QByteArray text = textOf(message.value(QLatin1String("content")));
        all += text + ' ';
        if (message.value(QLatin1String("role")).toString() == QLatin1String("user"))
            request->prompt = text;
    }
    request->inputTokens = tokenize(all.trimmed()).size();
}

bool OpenAiChatPreset::read(const QJsonObject &body, Request *request, Error *error) const
{
    const QJsonValue messages = body.value(QLatin1String("messages"));
    if (!messages.isArray() || messages.toArray().isEmpty()) {
        error->body = errorBody(400,
                                messages.isUndefined()
                                    ? QByteArray("Missing required parameter: 'messages'.")
                                    : QByteArray("Invalid 'messages': expected a non-empty "
                                                 "array of messages."));
        return false;
    }
    for (const QJsonValue &message : messages.toArray()) {
        if (!message.isObject() || !message.toObject().value(QLatin1String("role")).isString()) {
            error->body = errorBody(400,
                                    "Invalid 'messages': each message is an object with "
                                    "a 'role'.");
            return false;
        }
    }
    readMessages(messages.toArray(), request);
    const QJsonValue stream = body.value(QLatin1String("stream"));
    if (!stream.isUndefined() && !stream.isNull() && !stream.isBool()) {
        error->body = errorBody(400, "Invalid type for 'stream': expected a boolean.");
        return false;
    }
    request->stream = stream.toBool(false);
    request->includeUsage = body.value(QLatin1String("stream_options"))
                                .toObject()
                                .value(QLatin1String("include_usage"))
                                .toBool(false);
    for (const char *key : {"max_completion_tokens", "max_tokens"}) {
        const QJsonValue max = body.value(QLatin1String(key));
        if (max.isUndefined() || max.isNull())
            continue;
        if (!max.isDouble() || max.toDouble() < 1 || max.toDouble() != double(max.toInteger())) {
            error->body = errorBody(
                400, "Invalid '" + QByteArray(key) + "': expected an integer of at least 1.");
            return false;
        }
        request->maxTokens = max.toInteger();
        break;
    }
    return true;
}

QByteArray OpenAiChatPreset::openAiError(int status, const QByteArray &message)
{
    QByteArray type = "invalid_request_error";
    QByteArray code = "null";
    if (status == 401) {
        type = "invalid_request_error";
        code = "\"invalid_api_key\"";
    } else if (status == 429) {
        type = "requests";
        code = "\"rate_limit_exceeded\"";
    } else if (status >= 500) {
        type = "server_error";
    } else if (status == 404) {
        code = "\"unknown_url\"";
    }
    return "{\"error\":{\"message\":" + quoted(message) + ",\"type\":\"" + type
        + "\",\"param\":null,\"code\":" + code + "}}";
}

QByteArray OpenAiChatPreset::errorBody(int status, const QByteArray &message) const
{
    return openAiError(status, message);
}

QByteArray OpenAiChatPreset::headers(const Request &request) const
{
    return "x-request-id: req_ssemon" + QByteArray::number(request.client)
        + "\r\nopenai-processing-ms: 1\r\nopenai-version: 2020-10-01\r\n";
}

QList<ProviderPreset::Frame> OpenAiChatPreset::stream(const Request &request,
                                                      const Answer &answer) const
{
    const QByteArray head = "{\"id\":\"" + completionId(request)
        + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created()
        + ",\"model\":" + quoted(request.model)
        + ",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_ssemon\",\"choices\":[";
    // With include_usage every chunk says "usage":null, and the last one has it.
    const QByteArray tail = request.includeUsage ? "],\"usage\":null}" : "]}";
    const auto choice = [&](const QByteArray &delta, const QByteArray &finish) {
        return event(head + "{\"index\":0,\"delta\":" + delta
                     + ",\"logprobs\":null,\"finish_reason\":" + finish + '}' + tail);
    };
    QList<Frame> frames;
    frames.append(
        {choice("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null"), false});
    for (const QByteArray &token : answer.tokens)
        frames.append({choice("{\"content\":" + quoted(token) + '}', "null"), true});
    frames.append({choice("{}", finishReason(answer)), false});
    if (request.includeUsage)
        frames.append({event(head + "],\"usage\":" + usage(request, answer) + '}'), false});
    frames.append({event("[DONE]"), false});
    return frames;
}

QByteArray OpenAiChatPreset::whole(const Request &request, const Answer &answer) const
{
    return "{\"id\":\"" + completionId(request) + "\",\"object\":\"chat.completion\",\"created\":"
        + created() + ",\"model\":" + quoted(request.model)
        + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
        + quoted(answer.text())
        + ",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":"
        + finishReason(answer) + "}],\"usage\":" + usage(request, answer)
        + ",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_ssemon\"}";
}

QByteArray OpenAiChatPreset::errorEvent(const QByteArray &replaced) const
{
    Q_UNUSED(replaced)
    // Chat Completions streams have no event names: an error is a chunk with an error object.
    return event(openAiError(503, "The server is overloaded. Please try again later."));
}
