// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>

// The records of the mock server (its signals, clients() and stats()), apart from MockServer so
// that their readers (core/io's RecordFormatter, the ui) can name them without the server.

// What a client asked for, logged on every request (also for the ones answered with an error).
struct MockRequestInfo
{
    int client = 0; // client number, from 1
    QHostAddress peer;
    quint16 peerPort = 0;
    QByteArray method;
    QByteArray path; // the request target as sent
    QByteArray lastEventId; // empty when the header was absent
    bool hasLastEventId = false;
    int status = 0; // the status answered
};

struct MockDisconnectInfo
{
    int client = 0;
    QHostAddress peer;
    quint16 peerPort = 0;
    qint64 eventsSent = 0;
    qint64 heartbeatsSent = 0;
    qint64 bytesSent = 0;
    qint64 durationMs = 0;
    QString reason; // "client closed", "slow reader: write buffer over N bytes", "event limit", ...
};

struct MockClientInfo
{
    int client = 0;
    QHostAddress peer;
    quint16 peerPort = 0;
    QByteArray lastEventId; // the last id sent to it
    qint64 eventsSent = 0;
    qint64 bufferedBytes = 0;
    qint64 connectedMs = 0;
};

struct MockServerStats
{
    int clients = 0; // connected SSE streams
    qint64 requests = 0;
    qint64 eventsGenerated = 0; // periodic events (burst streams count per client)
    qint64 eventsSent = 0;
    qint64 heartbeatsSent = 0;
    qint64 bytesSent = 0;
    qint64 slowDropped = 0; // clients dropped for exceeding the write-buffer cap
    qint64 errorsAnswered = 0; // 4xx/5xx responses
    qint64 acceptErrors = 0;
    qint64 faultsFired = 0; // faultFired() signals
};
