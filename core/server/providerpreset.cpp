// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "providerpreset.h"

#include "anthropicpreset.h"
#include "geminipreset.h"
#include "openaichatpreset.h"
#include "openairesponsespreset.h"
#include "sse/sseencoder.h"
#include "util/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace {

template<typename T>
std::unique_ptr<ProviderPreset> make()
{
    return std::make_unique<T>();
}

bool isWordByte(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')
        || c == '_' || c == '\'';
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

const QList<ProviderPreset::Info> &ProviderPreset::catalogue()
{
    static const QList<Info> table = {
        {"openai-chat", "OpenAI Chat Completions: POST /v1/chat/completions",
         &make<OpenAiChatPreset>},
        {"openai-responses", "OpenAI Responses: POST /v1/responses", &make<OpenAiResponsesPreset>},
        {"anthropic", "Anthropic Messages: POST /v1/messages", &make<AnthropicPreset>},
        {"gemini",
         "Google Gemini: POST /v1beta/models/MODEL:streamGenerateContent?alt=sse "
         "(and :generateContent)",
         &make<GeminiPreset>},
        {"mcp",
         "MCP Streamable HTTP server (2025-03-26, 2025-06-18, 2025-11-25): POST, GET and DELETE "
         "/mcp with sessions; tools echo, add, slow_count; resources; prompts",
         nullptr},
    };
    return table;
}

std::unique_ptr<ProviderPreset> ProviderPreset::create(QByteArrayView name)
{
    for (const Info &info : catalogue()) {
        if (name == QByteArrayView(info.name))
            return info.make ? info.make() : nullptr;
    }
    return nullptr;
}

bool ProviderPreset::exists(QByteArrayView name)
{
    for (const Info &info : catalogue()) {
        if (name == QByteArrayView(info.name))
            return true;
    }
    return false;
}

QByteArray ProviderPreset::names()
{
    QList<QByteArray> list;
    for (const Info &info : catalogue())
        list.append(info.name);
    return list.join(", ");
}

bool ProviderPreset::readRequest(QByteArrayView target, const QByteArray &body, Request *request,
                                 Error *error) const
{
    if (!matchesPath(target, request)) {
        error->status = 404;
        error->body = errorBody(404, "no such endpoint: " + target.toByteArray());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        error->status = 400;
        error->body = errorBody(
            400,
            body.trimmed().isEmpty()
                ? QByteArray("the request body must be a JSON object, and it is empty")
                : parseError.error != QJsonParseError::NoError
                ? "the request body is not valid JSON: " + parseError.errorString().toUtf8()
                    + " at byte " + QByteArray::number(parseError.offset)
                : QByteArray("the request body must be a JSON object"));
        return false;
    }
    const QJsonObject object = document.object();
    const QJsonValue model = object.value(QLatin1String("model"));
    if (!model.isUndefined() && !model.isString()) {
        error->status = 400;
        error->body = errorBody(400, "model: expected a string");
        return false;
    }
    if (model.isString() && request->model.isEmpty())
        request->model = model.toString().toUtf8();
    if (!read(object, request, error)) {
        error->status = 400;
        return false;
    }
    if (request->model.isEmpty())
        request->model = defaultModel();
    return true;
}

ProviderPreset::Answer ProviderPreset::answerFor(const Request &request, QByteArrayView text)
{
    Answer answer;
    answer.tokens = tokenize(text);
    if (request.maxTokens >= 0 && answer.tokens.size() > request.maxTokens) {
        answer.tokens.resize(request.maxTokens);
        answer.cut = true;
    }
    return answer;
}

QByteArray ProviderPreset::expand(QByteArrayView text, const Request &request)
{
    QByteArray out = text.toByteArray();
    out.replace("{{model}}", request.model);
    out.replace("{{client}}", QByteArray::number(request.client));
    // Last: the prompt is the client's text and may name a placeholder itself.
    out.replace("{{prompt}}", request.prompt);
    return out;
}

QList<QByteArray> ProviderPreset::tokenize(QByteArrayView text)
{
    QList<QByteArray> tokens;
    qsizetype at = 0;
    while (at < text.size()) {
        qsizetype end = at;
        while (end < text.size() && isSpace(text.at(end)))
            ++end;
        if (end == text.size()) {
            // Whitespace at the end stays with the last token (or is one of its own).
            if (tokens.isEmpty())
                tokens.append(text.sliced(at).toByteArray());
            else
                tokens.last().append(text.sliced(at));
            break;
        }
        if (isWordByte(text.at(end))) {
            while (end < text.size() && isWordByte(text.at(end)))
                ++end;
        } else {
            ++end;
        }
        tokens.append(text.sliced(at, end - at).toByteArray());
        at = end;
    }
    return tokens;
}

QByteArray ProviderPreset::quoted(QByteArrayView utf8)
{
    QByteArray out;
    JsonWriter::appendString(out, utf8);
    return out;
}

QByteArray ProviderPreset::event(const QByteArray &data, const QByteArray &type)
{
    QByteArray out;
    SseEncoder::Event e;
    e.type = type;
    e.data = data;
    SseEncoder::appendEvent(out, e);
    return out;
}

QByteArray ProviderPreset::textOf(const QJsonValue &content)
{
    if (content.isString())
        return content.toString().toUtf8();
    QByteArray text;
    const QJsonArray parts = content.toArray();
    for (const QJsonValue &part : parts) {
        const QJsonValue piece = part.toObject().value(QLatin1String("text"));
        if (piece.isString()) {
            if (!text.isEmpty())
                text += '\n';
            text += piece.toString().toUtf8();
        }
    }
    return text;
}

QByteArray ProviderPreset::errorField(QByteArrayView member, QByteArrayView what)
{
    return member.toByteArray() + ": " + what.toByteArray();
}
