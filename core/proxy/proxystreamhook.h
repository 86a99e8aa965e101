// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "sse/sseparser.h"

#include <QByteArray>
#include <QByteArrayView>

// Where a hook sends what the client gets. Implemented by the proxy connection.
class ProxyDownstream
{
public:
    virtual ~ProxyDownstream() = default;
    // Queues bytes for the client (counted, and subject to the write-buffer cap: while the
    // client's queue is over the cap the proxy stops reading the upstream).
    virtual void write(QByteArrayView bytes) = 0;
    // Ends the client's connection after what is queued has been sent (FIN).
    virtual void finish(const QString &reason) = 0;
    // Ends the client's connection at once (queued bytes dropped, RST).
    virtual void reset(const QString &reason) = 0;
};

// What the upstream answered, given to the hook before any body byte.
struct ProxyResponseInfo
{
    int status = 0;
    bool eventStream = false; // text/event-stream: events are observed
    bool chunked = false; // the body bytes carry chunk framing
    qint64 contentLength = -1;
};

// One per proxied connection: sees the upstream's response on its way to the client and decides
// which bytes the client gets. The proxy feeds the decoded body to an SseParser and reports the
// events it completes (eventSeen) before it hands over the raw bytes that completed them
// (forward); so a fault can act per event: hold, drop, delay, corrupt, cut the stream. The
// default passes every byte on unchanged, which keeps the proxy transparent. Hooks run in the
// proxy's thread and must not block.
class ProxyStreamHook
{
public:
    virtual ~ProxyStreamHook() = default;

    virtual void responseStarted(const ProxyResponseInfo &info) { Q_UNUSED(info) }
    // A dispatched event; the view is only valid during the call (SseEventView::take() copies).
    virtual void eventSeen(const SseEventView &event) { Q_UNUSED(event) }
    virtual void commentSeen(QByteArrayView text) { Q_UNUSED(text) }
    // Body bytes exactly as the upstream sent them (chunk framing included when chunked).
    virtual void forward(QByteArrayView raw, ProxyDownstream &downstream) { downstream.write(raw); }
    // The upstream's body ended (complete, or cut: `complete` false). The default ends the
    // client's connection after the queued bytes.
    virtual void upstreamFinished(bool complete, const QString &reason, ProxyDownstream &downstream)
    {
        Q_UNUSED(complete)
        downstream.finish(reason);
    }
};
