// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "sse/heartbeatrules.h"
#include "sse/sseparser.h"

#include <QHostAddress>
#include <QString>
#include <QUrl>

struct TapProxyOptions
{
    QHostAddress host = QHostAddress(QHostAddress::LocalHost); // never leaves loopback unasked
    quint16 port = 0; // 0: any free port

    // http:// or https://. The client's request target is forwarded unchanged; a request for
    // `/` goes to the upstream URL's own path and query.
    QUrl upstream;
    QString caFile; // extra CA certificates (PEM) trusted for an https upstream
    bool ignoreSslErrors = false; // explicit; the errors are still reported

    qint64 connectTimeoutMs = 10000; // connect (and TLS handshake): then 504
    qint64 responseTimeoutMs = 30000; // request sent → response head complete: then 504
    qint64 requestTimeoutMs = 10000; // client's request head and body: then 408

    qsizetype maxRequestHeadBytes = 16 * 1024; // larger: 431
    qint64 maxRequestBodyBytes = qint64(1) * 1024 * 1024; // larger: 413
    qsizetype maxResponseHeadBytes = 64 * 1024; // larger: 502
    // Bytes queued for a client before the proxy stops reading the upstream (backpressure: the
    // upstream's TCP window closes instead of the proxy's memory growing).
    qsizetype maxClientBufferBytes = 256 * 1024;
    // What the proxy reads from the upstream socket at once and lets Qt buffer for it.
    qsizetype upstreamReadBufferBytes = 64 * 1024;
    int maxConnections = 10000; // past it: 503
    SseParserLimits limits; // for observing events; an exceeded cap stops observation only
    // What the heartbeat-pause fault holds back, and what does not count as an event for the
    // triggers: the client's rules.
    HeartbeatRules heartbeat;
};
