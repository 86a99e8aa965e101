// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "sse/heartbeatrules.h"
#include "sse/sseparser.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

struct SseClientOptions
{
    enum class ProxyMode { System, None, Explicit };
    // Which transport carries the requests. Auto: QNAM for a GET or HEAD without a body (HTTP/2
    // where the server offers it) and for any request when HTTP/2 prior knowledge or cookies
    // are asked for; the wire transport for a request with a body otherwise, since Qt 6.4 may
    // send a request twice on its own.
    enum class Transport { Auto, Qnam, Wire };
    static QString transportName(Transport transport); // "auto", "qnam", "wire"
    static bool parseTransport(QStringView name, Transport *transport);

    QUrl url;
    QByteArray method = QByteArrayLiteral("GET");
    QList<QPair<QByteArray, QByteArray>> headers; // user headers, sent on every (re)connect
    QByteArray body; // sent with any method when non-empty
    QByteArray lastEventId; // initial Last-Event-ID (empty: none)

    // Reconnection: backoff from the reconnection time, capped, with jitter.
    bool reconnect = true; // false: a clean end or a network error closes instead
    int maxReconnects = -1; // consecutive failed reconnects before giving up; -1 = no limit
    qint64 retryMs = 3000; // reconnection time until the server sends retry:
    qint64 backoffCapMs = 60000;
    qint64 backoffResetMs = 5000; // a connection open this long resets the backoff
    double jitterMin = 0.5; // the delay is multiplied by a random factor in [jitterMin, 1.0]
    bool resilient = false; // retry 5xx and 429 with backoff instead of failing
    bool retryNonGet = false; // allow replaying a non-GET request on reconnect
    int maxRedirects = 20;

    qint64 idleTimeoutMs = 0; // 0: no idle watchdog
    // From sending the request to a complete response head (connect, TLS handshake, status
    // line and headers); past it the attempt fails like a network error. 0: no limit.
    qint64 headTimeoutMs = 30000;
    bool compression = false; // false: Accept-Encoding: identity

    Transport transport = Transport::Auto;
    bool http2PriorKnowledge = false; // HTTP/2 without negotiation (h2c on http://); QNAM only
    bool cookies = false; // keep cookies the server sets for the session's requests; QNAM only
    // QNAM only: past this much of an HTTP/2 stream waiting in Qt, unread, the stream is cut
    // (what arrived is kept) and resumed; the error names the cause. At least kMinBacklogBytes.
    qint64 qnamBacklogBytes = qint64(16) * 1024 * 1024;
    static constexpr qint64 kMinBacklogBytes = 64 * 1024;

    // TLS
    QString caFile; // extra CA certificates (PEM) trusted for this connection
    bool ignoreSslErrors = false; // explicit and per connection; the errors are still reported

    ProxyMode proxyMode = ProxyMode::System;
    QUrl proxyUrl; // http://host:port or socks5://host:port, with ProxyMode::Explicit

    HeartbeatRules heartbeat;
    // How the stream's events are read as an LLM protocol (core/lens): "auto" recognises it from
    // the request and the first events, a lens's name (LensRegistry) reads it as that, "none"
    // reads nothing.
    QByteArray lens = QByteArrayLiteral("auto");
    // While a lens reads, the facts so far also ride on an event record (a LensReport without
    // changes) at most this often, so that a view can follow the answer as it grows; 0: only
    // with the changes (the CLI's records need no more).
    int lensProgressMs = 0;
    // A JSON Pointer (RFC 6901) to a timestamp in every event's data: the lens facts then hold
    // each event's latency, arrival minus that time (LensGeneric; LensStream::setLatencyField()
    // says which values count). Empty: none. An invalid pointer counts as none.
    QString latencyField;
    SseParser::Limits limits;

    // Keep each event's and comment's bytes as received (ClientRecord::raw), for a raw view.
    // Off by default: it costs a copy of the stream. A frame longer than rawFrameLimit keeps
    // only its first rawFrameLimit bytes (its full size is still reported).
    bool captureRawFrames = false;
    qint64 rawFrameLimit = qint64(1024) * 1024;
};
