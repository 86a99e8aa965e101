// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "lens.h"

#include <QByteArray>
#include <QHash>

struct LensContext;
struct McpMessage;

// The Model Context Protocol over HTTP, one response stream at a time: Streamable HTTP
// (2025-03-26, 2025-06-18 and later: a POST of JSON-RPC messages answered by an event stream or
// by one JSON document, a GET listening stream, a GET with Last-Event-ID resuming a stream) and
// the legacy HTTP+SSE transport (2024-11-05: a GET stream opening with an `endpoint` event,
// then `message` events). Every event's data is read as JSON-RPC (McpMessage); the requests the
// POST carried are paired with the responses in the stream (id, method, latency, result or
// error); server notifications and requests are counted by method; priming events (an id and no
// data), the session and protocol version (headers, the initialize result) are noted.
//
// What one stream can tell, and so what is named: a request of the POST never answered (unless
// the server gave an event id to resume from: then the answer may come on a resume), a
// response for an id the POST did not ask (or any response on a plain GET stream), a JSON-RPC
// error, data that is not JSON or not JSON-RPC, an event after the last response of a POST
// stream, a missing or inconsistent Mcp-Session-Id, and a resume (GET with Last-Event-ID) whose
// first event id is of another stream (its prefix before the trailing number differs) or at or
// before the Last-Event-ID. A session's course across requests (a 404 then a new initialize, a
// DELETE) is not one stream's to see.
class McpLens : public Lens
{
public:
    QByteArray name() const override { return QByteArrayLiteral("mcp"); }
    QByteArray terminalName() const override
    {
        return QByteArrayLiteral("a response to every request of the POST");
    }
    // The lens names unanswered requests itself: a listening stream has no end to miss.
    bool expectsTerminal() const override { return false; }
    void begin(const LensContext &context, LensState &state) override;
    void event(const LensEvent &event, LensState &state) override;
    void finish(LensState &state) override;

    static bool matchesUrl(const LensContext &context);
    static bool matchesHeaders(const LensContext &context);
    static bool matchesEvent(const LensEvent &event);
    // A JSON-RPC POST that accepts both application/json and text/event-stream: an
    // application/json answer is this protocol's too (Streamable HTTP allows either).
    static bool answersAsJson(const LensContext &context);

private:
    enum class Stream { Post, Get, Resume, Legacy };
    void message(const McpMessage &m, const LensEvent &event, LensState &state);
    void response(const McpMessage &m, const LensEvent &event, LensState &state);
    void initialized(const QJsonObject &result, LensState &state);
    void checkResume(const LensEvent &event, LensState &state);
    void checkSession(const LensContext &context, LensState &state);

    Stream m_stream = Stream::Post;
    QHash<QByteArray, int> m_asked; // request id → index in LensMcp::rpcs
    qint64 m_pending = 0; // requests of the POST not yet answered
    bool m_initialize = false; // the POST carried an initialize request
    bool m_resumeChecked = false;
    bool m_done = false; // a POST stream answered every request
};
