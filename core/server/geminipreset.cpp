// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "geminipreset.h"

#include <QJsonArray>

namespace {

QByteArray statusName(int status)
{
    switch (status) {
    case 400:
        return "INVALID_ARGUMENT";
    case 401:
        return "UNAUTHENTICATED";
    case 403:
        return "PERMISSION_DENIED";
    case 404:
        return "NOT_FOUND";
    case 429:
        return "RESOURCE_EXHAUSTED";
    case 503:
        return "UNAVAILABLE";
    case 504:
        return "DEADLINE_EXCEEDED";
    default:
        return status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    }
}

QByteArray finishReason(const ProviderPreset::Answer &answer)
{
    return answer.cut ? QByteArrayLiteral("MAX_TOKENS") : QByteArrayLiteral("STOP");
}

// One GenerateContentResponse: a candidate with `text`, its finishReason when given, the
// usage (the output's tokens once finished).
QByteArray chunk(const ProviderPreset::Request &request, const QByteArray &text,
                 const QByteArray &finish, qint64 outputTokens)
{
    QByteArray usage = "{\"promptTokenCount\":" + QByteArray::number(request.inputTokens);
    if (!finish.isEmpty())
        usage += ",\"candidatesTokenCount\":" + QByteArray::number(outputTokens);
    usage += ",\"totalTokenCount\":"
        + QByteArray::number(request.inputTokens + (finish.isEmpty() ? 0 : outputTokens))
        + ",\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":"
        + QByteArray::number(request.inputTokens) + "}]}";
    return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":" + ProviderPreset::quoted(text)
        + "}],\"role\":\"model\"}"
        + (finish.isEmpty() ? QByteArray() : ",\"finishReason\":\"" + finish + '"')
        + ",\"index\":0}],\"usageMetadata\":" + usage
        + ",\"modelVersion\":" + ProviderPreset::quoted(request.model) + ",\"responseId\":\"ssemon"
        + QByteArray::number(request.client) + "\"}";
}

QList<QByteArray> chunks(const ProviderPreset::Request &request,
                         const ProviderPreset::Answer &answer)
{
    QList<QByteArray> list;
    const qsizetype n = answer.tokens.size();
    // The finish rides on the last text; an empty answer still has its one finishing chunk.
    for (qsizetype i = 0; i < qMax<qsizetype>(n, 1); ++i) {
        const bool last = i == qMax<qsizetype>(n, 1) - 1;
        list.append(chunk(request, n == 0 ? QByteArray() : answer.tokens.at(i),
                          last ? finishReason(answer) : QByteArray(), n));
    }
    return list;
}

} // namespace

bool GeminiPreset::matchesPath(QByteArrayView target, Request *request) const
{
    const qsizetype query = target.indexOf('?');
    const QByteArrayView path = query < 0 ? target : target.first(query);
    const QByteArrayView parameters = query < 0 ? QByteArrayView() : target.sliced(query + 1);
    QByteArrayView rest;
    if (path.startsWith("/v1beta/models/"))
        rest = path.sliced(15);
    else if (path.startsWith("/v1/models/"))
        rest = path.sliced(11);
    else
        return false;
    const qsizetype colon = rest.lastIndexOf(':');
    if (colon <= 0)
        return false;
    const QByteArrayView method = rest.sliced(colon + 1);
    if (method != "streamGenerateContent" && method != "generateContent")
        return false;
    request->model = rest.first(colon).toByteArray();
    request->stream = method == "streamGenerateContent";
    bool sse = false;
    for (const QByteArray &parameter : parameters.toByteArray().split('&')) {
        if (parameter == "alt=sse")
            sse = true;
    }
    request->streamAsArray = request->stream && !sse;
    if (request->streamAsArray)
        request->stream = false;
    return true;
}

bool GeminiPreset::read(const QJsonObject &body, Request *request, Error *error) const
{
    const QJsonValue contents = body.value(QLatin1String("contents"));
    if (!contents.isArray() || contents.toArray().isEmpty()) {
        error->body = errorBody(400,
                                contents.isUndefined()
                                    ? QByteArray("* GenerateContentRequest.contents: contents is "
                                                 "not specified")
                                    : QByteArray("Invalid value at 'contents': expected a "
                                                 "non-empty list of Content"));
        return false;
    }
    QByteArray all = textOf(
        body.value(QLatin1String("systemInstruction")).toObject().value(QLatin1String("parts")));
    for (const QJsonValue &value : contents.toArray()) {
        const QJsonObject content = value.toObject();
        const QByteArray text = textOf(content.value(QLatin1String("parts")));
        all += ' ' + text;
        if (content.value(QLatin1String("role")).toString(QStringLiteral("user"))
            == QLatin1String("user"))
            request->prompt = text;
    }
    request->inputTokens = tokenize(all.trimmed()).size();
    const QJsonValue max = body.value(QLatin1String("generationConfig"))
                               .toObject()
                               .value(QLatin1String("maxOutputTokens"));
    if (!max.isUndefined() && !max.isNull()) {
        if (!max.isDouble() || max.toDouble() < 1 || max.toDouble() != double(max.toInteger())) {
            error->body = errorBody(400,
                                    "Invalid value at 'generation_config.max_output_tokens': "
                                    "expected an integer of at least 1");
            return false;
        }
        request->maxTokens = max.toInteger();
    }
    return true;
}

QByteArray GeminiPreset::errorBody(int status, const QByteArray &message) const
{
    return "{\"error\":{\"code\":" + QByteArray::number(status) + ",\"message\":" + quoted(message)
        + ",\"status\":\"" + statusName(status) + "\"}}";
}

QByteArray GeminiPreset::headers(const Request &request) const
{
    Q_UNUSED(request)
    return QByteArrayLiteral(
        "Vary: Origin, X-Origin, Referer\r\nServer-Timing: gfet4t7; dur=1\r\n");
}

QList<ProviderPreset::Frame> GeminiPreset::stream(const Request &request,
                                                  const Answer &answer) const
{
    QList<Frame> frames;
    for (const QByteArray &json : chunks(request, answer))
        frames.append({event(json), true});
    return frames;
}

QByteArray GeminiPreset::whole(const Request &request, const Answer &answer) const
{
    if (request.streamAsArray)
        return '[' + chunks(request, answer).join(",\r\n") + ']';
    return chunk(request, answer.text(), finishReason(answer), answer.tokens.size());
}

QByteArray GeminiPreset::errorEvent(const QByteArray &replaced) const
{
    Q_UNUSED(replaced)
    return event(errorBody(503, "The model is overloaded. Please try again later."));
}
