// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "mockserveroptions.h"

#include <QByteArray>
#include <QString>

#include <optional>

class HttpRequestReader;
class McpPreset;
class ProviderPreset;

// Request handling of the mock server, without sockets: what a complete request is answered
// with (a stream, the stream's head alone, or a short text answer and why), and the bytes of
// those answers. The server asks it once a request's head is read, then acts.
class MockResponder
{
public:
    struct Decision
    {
        enum class Kind {
            Stream, // serve the event stream once bodyBytes of request body are read
            Head, // HEAD: the stream's head alone, then a polite close
            Answer, // a short answer: status, message, extra header lines
        };
        Kind kind = Kind::Stream;
        int status = 200;
        QByteArray message;
        QByteArray headers; // whole header lines, each ending in CRLF
        bool json = false; // `message` is a JSON body (a preset's error), sent as it is
        qint64 bodyBytes = 0; // of a request served as a stream (a POST's body, thrown away)
    };

    explicit MockResponder(const MockServerOptions *options);

    // `streams`: how many streams are open now (the maxClients cap). With a preset, the
    // preset's paths and POST, and errors in its JSON; with the mcp preset, its path and
    // GET, POST and DELETE (what the request says is McpPreset's), errors in JSON-RPC.
    Decision decide(const HttpRequestReader &request, int streams,
                    const ProviderPreset *preset = nullptr, const McpPreset *mcp = nullptr) const;

    // A short answer: status line, Server/Date, the extra header lines, a text/plain body of
    // `message` plus a newline (none for a 204, and none sent for a HEAD request).
    QByteArray answer(int status, const QByteArray &message, const QByteArray &extraHeaders,
                      bool headRequest) const;
    // A JSON answer (a preset's error or its non-streamed response), with Content-Length.
    QByteArray jsonAnswer(int status, const QByteArray &body, const QByteArray &extraHeaders,
                          bool headRequest) const;
    // An answer without a body (202 Accepted, 204 No Content): Content-Length 0 but for a 204.
    QByteArray emptyAnswer(int status, const QByteArray &extraHeaders) const;
    // The stream's response head. `contentType`: the value a content-type fault sends instead
    // of text/event-stream (empty: no Content-Type at all); `gzip`: Content-Encoding: gzip.
    // `extraHeaders`: a preset's header lines.
    QByteArray streamHead(const std::optional<QByteArray> &contentType = std::nullopt,
                          bool gzip = false, const QByteArray &extraHeaders = {}) const;
    // "answered 404 Not Found", the reason a connection finished after an answer.
    static QString answeredReason(int status);

    static constexpr int RetryAfterSeconds = 1;

private:
    // A request body no answer reads: chunked (411) or past maxRequestBodyBytes (413), with
    // `message`; 0 when the body is fine.
    int bodyRefusal(const HttpRequestReader &request, QByteArray *message) const;
    // A 503 while maxClients streams run: its message and its Retry-After field.
    QByteArray tooManyClients() const;
    static QByteArray retryAfter();
    Decision decidePreset(const HttpRequestReader &request, int streams,
                          const ProviderPreset &preset) const;
    Decision decideMcp(const HttpRequestReader &request, int streams, const McpPreset &mcp) const;
    QByteArray commonHeaders() const;

    const MockServerOptions *m_options;
};
