// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>

#include <memory>

// A mock server preset: the mock speaks one LLM provider's streaming API instead of its plain
// event stream. Socket-free: the preset says which requests are its own (paths and methods),
// reads a request's JSON body, and writes the answer in the provider's published format: the
// stream as a list of events (what the server paces and sends through the faults), the whole
// JSON answer of a non-streamed request, the provider's error bodies and its mid-stream error
// event. Adding a provider is one subclass and one row of ProviderPreset::catalogue().
class ProviderPreset
{
public:
    // A request as a preset reads it.
    struct Request
    {
        QByteArray model;
        bool stream = true;
        bool includeUsage = false; // OpenAI Chat: stream_options.include_usage
        qint64 maxTokens = -1; // the request's output cap; -1: none
        QByteArray prompt; // the text of the last user message (for {{prompt}})
        qint64 inputTokens = 0; // the tokens of every message's text, counted as the output's
        int client = 0; // the connection number, which makes the answer's ids
        // Gemini's streamGenerateContent without alt=sse: the chunks as one JSON array.
        bool streamAsArray = false;
    };
    // The answer, once the text is cut into tokens.
    struct Answer
    {
        QList<QByteArray> tokens; // what is sent, after max_tokens
        bool cut = false; // max_tokens stopped the answer before its end
        QByteArray text() const { return tokens.join(); }
    };
    // One event of a stream; `token` events are paced at the token rate, the others leave
    // with the event after them (or at once at the start and the end).
    struct Frame
    {
        QByteArray bytes;
        bool token = false;
        int delayMs = 0; // sent this long after the frame before it (MCP's paced steps)
    };
    // A JSON error: status and body.
    struct Error
    {
        int status = 400;
        QByteArray body;
    };
    struct Info
    {
        const char *name;
        const char *summary;
        // Null for mcp, which keeps state across requests and answers GET and DELETE too:
        // McpPreset, which the server runs beside this interface.
        std::unique_ptr<ProviderPreset> (*make)();
    };

    virtual ~ProviderPreset() = default;

    // The presets by name, mcp included (the CLI's --preset, its help, the dock's list).
    static const QList<Info> &catalogue();
    static bool exists(QByteArrayView name);
    // An LLM preset; null for mcp and for a name that is none.
    static std::unique_ptr<ProviderPreset> create(QByteArrayView name);
    static QByteArray names(); // "openai-chat, openai-responses, ..."

    virtual QByteArray name() const = 0;
    // The path a client is told about (the server's URL): the main endpoint.
    virtual QByteArray primaryPath() const = 0;
    // The path (with its query) is one of the preset's: it may set what the path says
    // (Gemini's model and streaming).
    virtual bool matchesPath(QByteArrayView target, Request *request) const = 0;
    // Reads the JSON body; false with the provider's 400 error.
    virtual bool read(const QJsonObject &body, Request *request, Error *error) const = 0;
    // The provider's JSON error body for a status and a message.
    virtual QByteArray errorBody(int status, const QByteArray &message) const = 0;
    // Header lines the provider sends with every answer (a request id), each ending in CRLF.
    virtual QByteArray headers(const Request &request) const = 0;
    // The stream, event by event.
    virtual QList<Frame> stream(const Request &request, const Answer &answer) const = 0;
    // The whole JSON answer of a non-streamed request.
    virtual QByteArray whole(const Request &request, const Answer &answer) const = 0;
    // The error event an error-event fault sends in place of `replaced` (overloaded).
    virtual QByteArray errorEvent(const QByteArray &replaced) const = 0;

    // The whole of reading a request: the path's part, the body (JSON object, bounded by the
    // server), the token count of its messages. False with the provider's error.
    bool readRequest(QByteArrayView target, const QByteArray &body, Request *request,
                     Error *error) const;
    // The answer's tokens for a text, cut at the request's max_tokens.
    static Answer answerFor(const Request &request, QByteArrayView text);
    // `text` with {{model}}, {{prompt}} and {{client}} replaced by the request's values.
    static QByteArray expand(QByteArrayView text, const Request &request);
    // Word-ish pieces: a run of letters and digits (any non-ASCII byte counts as a letter) or a
    // single other character, each with the whitespace before it. Joined, they are the text.
    static QList<QByteArray> tokenize(QByteArrayView text);

    // Helpers for the subclasses' JSON.
    static QByteArray quoted(QByteArrayView utf8); // a JSON string
    static QByteArray event(const QByteArray &data, const QByteArray &type = {}); // an SSE event
    // The text of a message's content: a string, or the "text" of its parts.
    static QByteArray textOf(const QJsonValue &content);
    static QByteArray errorField(QByteArrayView member, QByteArrayView what);

protected:
    virtual QByteArray defaultModel() const = 0;
};
