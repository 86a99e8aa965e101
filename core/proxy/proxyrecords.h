// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QMetaType>
#include <QString>

// A client's request and what became of it, reported once the answer is decided: the
// upstream's status, or the proxy's own error status (then `error` says why).
struct ProxyRequestInfo
{
    int connection = 0; // from 1
    QHostAddress peer;
    quint16 peerPort = 0;
    QByteArray method;
    QByteArray path; // the request target as the client sent it
    QByteArray upstreamTarget; // the request target sent upstream (empty: not forwarded)
    QByteArray lastEventId;
    bool hasLastEventId = false;
    int status = 0;
    bool fromUpstream = false; // false: the proxy answered itself (400, 408, 502, 504, ...)
    QString error;
};

struct ProxyEventInfo
{
    QByteArray type;
    QByteArray id; // the last event ID at dispatch
    qsizetype dataBytes = 0;
};

// The events one upstream read completed on one connection. Only built while someone listens.
struct ProxyEventBatch
{
    int connection = 0;
    QList<ProxyEventInfo> events;
    qint64 omitted = 0; // events of this read past the batch cap (counted, not listed)
};

struct ProxyDisconnectInfo
{
    int connection = 0;
    QHostAddress peer;
    quint16 peerPort = 0;
    int status = 0; // answered to the client; 0 when nothing was
    qint64 bytesToClient = 0; // response bytes queued for the client (head included)
    qint64 bytesFromUpstream = 0; // response bytes read from the upstream (head included)
    qint64 events = 0; // events observed in the upstream's body
    QByteArray lastEventId; // committed at the end of the stream
    qint64 readPauses = 0; // times the upstream was paused for a slow client
    qint64 durationMs = 0;
    QString reason;
};

// A connection as the control API lists it.
struct ProxyClientInfo
{
    int connection = 0;
    QHostAddress peer;
    quint16 peerPort = 0;
    QByteArray method;
    QByteArray path;
    int status = 0;
    qint64 events = 0;
    QByteArray lastEventId;
    qint64 bytesToClient = 0;
    qint64 bufferedBytes = 0;
    qint64 connectedMs = 0;
    bool reframed = false; // faults act per event on it: the proxy frames what it sends
};

struct TapProxyStats
{
    int connections = 0; // open client connections
    qint64 accepted = 0;
    qint64 requests = 0; // complete client requests
    qint64 forwarded = 0; // requests sent upstream
    qint64 upstreamErrors = 0; // connect, TLS, timeout, malformed response
    qint64 events = 0;
    qint64 bytesToClients = 0;
    qint64 bytesFromUpstream = 0;
    qint64 readPauses = 0;
    qint64 acceptErrors = 0;
    qint64 bufferedBytes = 0; // queued for clients plus read from upstreams, not yet passed on
    qint64 faultsFired = 0;
};

Q_DECLARE_METATYPE(ProxyRequestInfo)
Q_DECLARE_METATYPE(ProxyEventBatch)
Q_DECLARE_METATYPE(ProxyDisconnectInfo)
