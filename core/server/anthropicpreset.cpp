// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "anthropicpreset.h"

#include <QJsonArray>

namespace {

QByteArray messageId(const ProviderPreset::Request &request)
{
    return "msg_ssemon" + QByteArray::number(request.client);
}

QByteArray stopReason(const ProviderPreset::Answer &answer)
{
    return answer.cut ? QByteArrayLiteral("\"max_tokens\"") : QByteArrayLiteral("\"end_turn\"");
}

QByteArray errorType(int status)
{
    switch (status) {
    case 401:
        return "authentication_error";
    case 403:
        return "permission_error";
    case 404:
        return "not_found_error";
    case 413:
        return "request_too_large";
    case 429:
        return "rate_limit_error";
    case 529:
        return "overloaded_error";
    default:
        return status >= 500 ? "api_error" : "invalid_request_error";
    }
}

QByteArray message(const ProviderPreset::Request &request, const QByteArray &content,
                   const QByteArray &stop, qint64 outputTokens)
{
    return "{\"id\":\"" + messageId(request)
        + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
        + ProviderPreset::quoted(request.model) + ",\"content\":[" + content
        + "],\"stop_reason\":" + stop + ",\"stop_sequence\":null,\"usage\":{\"input_tokens\":"
        + QByteArray::number(request.inputTokens)
        + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":"
        + QByteArray::number(outputTokens) + ",\"service_tier\":\"standard\"}}";
}

} // namespace

bool AnthropicPreset::matchesPath(QByteArrayView target, Request *request) const
{
    Q_UNUSED(request)
    const qsizetype query = target.indexOf('?');
    return (query < 0 ? target : target.first(query)) == "/v1/messages";
}

bool AnthropicPreset::read(const QJsonObject &body, Request *request, Error *error) const
{
    const auto fail = [&](const QByteArray &message) {
        error->body = errorBody(400, message);
        return false;
    };
    if (!body.value(QLatin1String("model")).isString())
        return fail("model: Field required");
    const QJsonValue max = body.value(QLatin1String("max_tokens"));
    if (max.isUndefined())
        return fail("max_tokens: Field required");
    if (!max.isDouble() || max.toDouble() < 1 || max.toDouble() != double(max.toInteger()))
        return fail("max_tokens: Input should be an integer of at least 1");
    request->maxTokens = max.toInteger();
    const QJsonValue messages = body.value(QLatin1String("messages"));
    if (messages.isUndefined())
        return fail("messages: Field required");
    if (!messages.isArray() || messages.toArray().isEmpty())
        return fail("messages: Input should be a non-empty list");
    QByteArray all = textOf(body.value(QLatin1String("system")));
    for (const QJsonValue &value : messages.toArray()) {
        const QJsonObject message = value.toObject();
        const QString role = message.value(QLatin1String("role")).toString();
        if (role != QLatin1String("user") && role != QLatin1String("assistant"))
            return fail("messages: each message has the role \"user\" or \"assistant\"");
        const QByteArray text = textOf(message.value(QLatin1String("content")));
        all += ' ' + text;
        if (role == QLatin1String("user"))
            request->prompt = text;
    }
    request->inputTokens = tokenize(all.trimmed()).size();
    const QJsonValue stream = body.value(QLatin1String("stream"));
    if (!stream.isUndefined() && !stream.isBool())
        return fail("stream: Input should be a valid boolean");
    request->stream = stream.toBool(false);
    return true;
}

QByteArray AnthropicPreset::errorBody(int status, const QByteArray &message) const
{
    return "{\"type\":\"error\",\"error\":{\"type\":\"" + errorType(status)
        + "\",\"message\":" + quoted(message) + "}}";
}

QByteArray AnthropicPreset::headers(const Request &request) const
{
    return "request-id: req_ssemon" + QByteArray::number(request.client)
        + "\r\nanthropic-organization-id: ssemon-mock\r\n";
}

QList<ProviderPreset::Frame> AnthropicPreset::stream(const Request &request,
                                                     const Answer &answer) const
{
    QList<Frame> frames;
    const auto add = [&](const QByteArray &type, const QByteArray &members, bool token = false) {
        frames.append(
            {event("{\"type\":\"" + type + '"' + (members.isEmpty() ? "" : ",") + members + '}',
                   type),
             token});
    };
    add("message_start", "\"message\":" + message(request, {}, "null", 1));
    add("content_block_start", "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}");
    add("ping", {});
    for (const QByteArray &token : answer.tokens)
        add("content_block_delta",
            "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + quoted(token) + '}', true);
    add("content_block_stop", "\"index\":0");
    add("message_delta",
        "\"delta\":{\"stop_reason\":" + stopReason(answer)
            + ",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
            + QByteArray::number(answer.tokens.size()) + '}');
    add("message_stop", {});
    return frames;
}

QByteArray AnthropicPreset::whole(const Request &request, const Answer &answer) const
{
    return message(request, "{\"type\":\"text\",\"text\":" + quoted(answer.text()) + '}',
                   stopReason(answer), answer.tokens.size());
}

QByteArray AnthropicPreset::errorEvent(const QByteArray &replaced) const
{
    Q_UNUSED(replaced)
    return event("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":"
                 "\"Overloaded\"}}",
                 "error");
}
