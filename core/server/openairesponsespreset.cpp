// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "openairesponsespreset.h"

#include "openaichatpreset.h"

#include <QDateTime>
#include <QJsonArray>

namespace {

QByteArray responseId(const ProviderPreset::Request &request)
{
    return "resp_ssemon" + QByteArray::number(request.client);
}

QByteArray itemId(const ProviderPreset::Request &request)
{
    return "msg_ssemon" + QByteArray::number(request.client);
}

QByteArray usage(const ProviderPreset::Request &request, const ProviderPreset::Answer &answer)
{
    const qint64 output = answer.tokens.size();
    return "{\"input_tokens\":" + QByteArray::number(request.inputTokens)
        + ",\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":"
        + QByteArray::number(output)
        + ",\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":"
        + QByteArray::number(request.inputTokens + output) + '}';
}

QByteArray textPart(const QByteArray &text)
{
    return "{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":"
        + ProviderPreset::quoted(text) + '}';
}

QByteArray messageItem(const ProviderPreset::Request &request, const QByteArray &status,
                       const QByteArray &content)
{
    return "{\"id\":\"" + itemId(request) + "\",\"type\":\"message\",\"status\":\"" + status
        + "\",\"content\":[" + content + "],\"role\":\"assistant\"}";
}

// The response object: `status` "in_progress", "completed" or "incomplete".
QByteArray response(const ProviderPreset::Request &request, qint64 createdAt,
                    const QByteArray &status, const QByteArray &output, const QByteArray &usage,
                    bool cut)
{
    return "{\"id\":\"" + responseId(request) + "\",\"object\":\"response\",\"created_at\":"
        + QByteArray::number(createdAt) + ",\"status\":\"" + status
        + "\",\"background\":false,\"error\":null,\"incomplete_details\":"
        + (cut ? QByteArray("{\"reason\":\"max_output_tokens\"}") : QByteArray("null"))
        + ",\"instructions\":null,\"max_output_tokens\":"
        + (request.maxTokens >= 0 ? QByteArray::number(request.maxTokens) : QByteArray("null"))
        + ",\"model\":" + ProviderPreset::quoted(request.model) + ",\"output\":[" + output
        + "],\"parallel_tool_calls\":true,\"previous_response_id\":null,\"reasoning\":"
          "{\"effort\":null,\"summary\":null},\"service_tier\":\"default\",\"store\":true,"
          "\"temperature\":1.0,\"text\":{\"format\":{\"type\":\"text\"}},\"tool_choice\":"
          "\"auto\",\"tools\":[],\"top_p\":1.0,\"truncation\":\"disabled\",\"usage\":"
        + (usage.isEmpty() ? QByteArray("null") : usage) + ",\"user\":null,\"metadata\":{}}";
}

} // namespace

bool OpenAiResponsesPreset::matchesPath(QByteArrayView target, Request *request) const
{
    Q_UNUSED(request)
    const qsizetype query = target.indexOf('?');
    const QByteArrayView path = query < 0 ? target : target.first(query);
    return path == "/v1/responses" || path == "/responses";
}

bool OpenAiResponsesPreset::read(const QJsonObject &body, Request *request, Error *error) const
{
    const QJsonValue input = body.value(QLatin1String("input"));
    if (input.isString()) {
        request->prompt = input.toString().toUtf8();
        request->inputTokens = tokenize(request->prompt).size();
    } else if (input.isArray()) {
        // Input items: messages with a role and content (a string or input_text parts).
        OpenAiChatPreset::readMessages(input.toArray(), request);
    } else {
        error->body =
            errorBody(400,
                      input.isUndefined() ? QByteArray("Missing required parameter: 'input'.")
                                          : QByteArray("Invalid 'input': expected a string or an "
                                                       "array of input items."));
        return false;
    }
    const QJsonValue instructions = body.value(QLatin1String("instructions"));
    if (instructions.isString())
        request->inputTokens += tokenize(instructions.toString().toUtf8()).size();
    const QJsonValue stream = body.value(QLatin1String("stream"));
    if (!stream.isUndefined() && !stream.isNull() && !stream.isBool()) {
        error->body = errorBody(400, "Invalid type for 'stream': expected a boolean.");
        return false;
    }
    request->stream = stream.toBool(false);
    const QJsonValue max = body.value(QLatin1String("max_output_tokens"));
    if (!max.isUndefined() && !max.isNull()) {
        if (!max.isDouble() || max.toDouble() < 1 || max.toDouble() != double(max.toInteger())) {
            error->body =
                errorBody(400, "Invalid 'max_output_tokens': expected an integer of at least 1.");
            return false;
        }
        request->maxTokens = max.toInteger();
    }
    return true;
}

QByteArray OpenAiResponsesPreset::errorBody(int status, const QByteArray &message) const
{
    return OpenAiChatPreset::openAiError(status, message);
}

QByteArray OpenAiResponsesPreset::headers(const Request &request) const
{
    return "x-request-id: req_ssemon" + QByteArray::number(request.client)
        + "\r\nopenai-processing-ms: 1\r\nopenai-version: 2020-10-01\r\n";
}

QList<ProviderPreset::Frame> OpenAiResponsesPreset::stream(const Request &request,
                                                           const Answer &answer) const
{
    const qint64 createdAt = QDateTime::currentSecsSinceEpoch();
    qint64 sequence = 0;
    QList<Frame> frames;
    const auto add = [&](const QByteArray &type, const QByteArray &members, bool token = false) {
        frames.append({event("{\"type\":\"" + type + "\",\"sequence_number\":"
                                 + QByteArray::number(sequence++) + ',' + members + '}',
                             type),
                       token});
    };
    const QByteArray item =
        "\"item_id\":\"" + itemId(request) + "\",\"output_index\":0,\"content_index\":0";
    const QByteArray text = answer.text();
    const QByteArray itemStatus = answer.cut ? "incomplete" : "completed";
    const QByteArray done = messageItem(request, itemStatus, textPart(text));

    add("response.created",
        "\"response\":" + response(request, createdAt, "in_progress", {}, {}, false));
    add("response.in_progress",
        "\"response\":" + response(request, createdAt, "in_progress", {}, {}, false));
    add("response.output_item.added",
        "\"output_index\":0,\"item\":" + messageItem(request, "in_progress", {}));
    add("response.content_part.added", item + ",\"part\":" + textPart({}));
    for (const QByteArray &token : answer.tokens)
        add("response.output_text.delta", item + ",\"delta\":" + quoted(token) + ",\"logprobs\":[]",
            true);
    add("response.output_text.done", item + ",\"text\":" + quoted(text) + ",\"logprobs\":[]");
    add("response.content_part.done", item + ",\"part\":" + textPart(text));
    add("response.output_item.done", "\"output_index\":0,\"item\":" + done);
    const QByteArray status = answer.cut ? "incomplete" : "completed";
    add("response." + status,
        "\"response\":"
            + response(request, createdAt, status, done, usage(request, answer), answer.cut));
    return frames;
}

QByteArray OpenAiResponsesPreset::whole(const Request &request, const Answer &answer) const
{
    return response(
        request, QDateTime::currentSecsSinceEpoch(), answer.cut ? "incomplete" : "completed",
        messageItem(request, answer.cut ? "incomplete" : "completed", textPart(answer.text())),
        usage(request, answer), answer.cut);
}

QByteArray OpenAiResponsesPreset::errorEvent(const QByteArray &replaced) const
{
    // The error takes the replaced event's place in the sequence.
    QByteArray sequence = "0";
    const QByteArray key = "\"sequence_number\":";
    const qsizetype at = replaced.indexOf(key);
    if (at >= 0) {
        qsizetype end = at + key.size();
        while (end < replaced.size() && replaced.at(end) >= '0' && replaced.at(end) <= '9')
            ++end;
        sequence = replaced.mid(at + key.size(), end - at - key.size());
    }
    return event("{\"type\":\"error\",\"sequence_number\":" + sequence
                     + ",\"code\":\"server_error\",\"message\":\"The server is overloaded. Please "
                       "try again later.\",\"param\":null}",
                 "error");
}
