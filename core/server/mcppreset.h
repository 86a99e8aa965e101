// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "mcprpc.h"
#include "mcpsessions.h"
#include "mockserveroptions.h"
#include "providerpreset.h"

#include <QByteArray>
#include <QList>

class HttpRequestReader;

// The mock server's `mcp` preset: an MCP server over Streamable HTTP (revisions 2025-03-26,
// 2025-06-18 and 2025-11-25), socket-free. Unlike the LLM presets it keeps state across
// requests (McpSessions) and answers more than POST: a POST's JSON-RPC message (or a 2025-03-26
// batch) is answered as application/json or, when the client accepts it, as an SSE stream
// (progress notifications, then the response, each event with an id naming its stream); a GET
// opens the session's server→client stream (periodic notifications/message, resumable with
// Last-Event-ID, as are the POST streams); a DELETE ends the session. The server acts out the
// Reply: answers at once, plays a stream's frames through the faults like any preset stream.
class McpPreset
{
public:
    static constexpr QByteArrayView Name = "mcp";
    static constexpr QByteArrayView DefaultPath = "/mcp";
    static constexpr QByteArrayView ServerName = "ssemon-mock";
    // Newest first; an initialize asking for another gets the first.
    static const QList<QByteArray> &supportedVersions();

    struct Reply
    {
        enum class Kind {
            Answer, // status, headers and a JSON body (none: empty, as for 202)
            Stream, // the head, `preamble`, the frames through the faults, then FIN
            Listen, // the head, `preamble`, the frames; then open for the session's notices
        };
        Kind kind = Kind::Answer;
        int status = 200;
        QByteArray headers; // whole header lines, each ending in CRLF
        QByteArray body;
        QByteArray preamble; // bytes right after the head (a retry field), not an event
        QList<ProviderPreset::Frame> frames;
        // Streams that end with this request (the listener of a deleted or evicted session).
        QList<int> endStreams;
    };
    // A notification on a session's GET stream, for the client listening (0: none now).
    struct Notice
    {
        int listener = 0;
        QByteArray bytes;
        qint64 number = 0;
    };

    explicit McpPreset(const MockServerOptions *options);

    // The endpoint: --path when one was given, else /mcp.
    static QByteArray pathFor(const MockServerOptions &options);
    QByteArray path() const { return pathFor(*m_options); }
    bool matchesPath(QByteArrayView target) const { return target == path(); }
    // An initialize request of the newest revision (what the GUI's tab sends first).
    static QByteArray initializeRequest();
    // A transport error as JSON-RPC (id null): what every HTTP error status carries.
    static QByteArray errorBody(int status, const QByteArray &message);
    // What an error-event fault sends instead of `replaced`: the same id, an error.
    static QByteArray errorEvent(const QByteArray &replaced);

    // A complete request on the endpoint (the server has checked path, method, framing and
    // size); `client` is the connection's number.
    Reply handle(const HttpRequestReader &request, const QByteArray &body, int client);
    // The next notification of every session whose GET stream was opened once.
    QList<Notice> tick();
    // The client listening on a session's GET stream went away.
    void listenerGone(int client);
    int sessionCount() const { return m_sessions.count(); }

private:
    Reply post(const HttpRequestReader &request, const QByteArray &body, int client);
    Reply get(const HttpRequestReader &request, int client);
    Reply remove(const HttpRequestReader &request);
    // The session a request names: null with the answer (400 without the header, 404 unknown).
    McpSessions::Session *sessionOf(const HttpRequestReader &request, Reply *refused);
    Reply initialize(const McpRpc::Message &message, bool stream, QList<int> endStreams);
    Reply answer(McpSessions::Session *session, const QList<McpRpc::Message> &messages, bool batch,
                 bool stream);
    qint64 retryMs() const; // --retry-ms, else 1000
    QByteArray retryField() const;
    static bool primes(const QByteArray &version);

    const MockServerOptions *m_options;
    McpSessions m_sessions;
};
