// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "http/httprequestreader.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QString>

class ControlTarget;

struct ControlServerOptions
{
    // Loopback unless asked: any other address needs a token (start() refuses otherwise).
    QHostAddress host = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;
    QByteArray token; // non-empty: every request needs `Authorization: Bearer <token>`
    qsizetype maxHeadBytes = 16 * 1024; // larger: 431
    qint64 maxBodyBytes = 64 * 1024; // larger: 413
    qint64 requestTimeoutMs = 10000; // request not complete by then: 408
    int maxConnections = 64; // past it: 503
};

// One request to the control API and its answer, with no socket: request bytes go in, one
// complete HTTP/1.1 response (JSON, `Connection: close`) comes out. ControlServer owns the
// sockets and timers; this is everything it does with the bytes, so that it can be fuzzed and
// tested on its own.
class ControlExchange
{
public:
    ControlExchange(ControlTarget *target, const ControlServerOptions &options);

    // Takes request bytes; returns how many it used (the rest, after a complete request, is
    // ignored: one request per connection). Once the request is complete, or wrong, or over a
    // limit, the answer is ready (isAnswered()) and the target has been acted on.
    qsizetype feed(QByteArrayView bytes);
    bool isAnswered() const { return m_answered; }

    // Answers without a request: 408 when the request took too long, 503 when there are too
    // many connections. Does nothing once answered.
    void answerTimeout();
    void answerTooManyConnections();

    QByteArray response() const { return m_response; } // status line, headers, JSON body
    int status() const { return m_status; }
    QByteArray method() const { return m_request.method(); }
    QByteArray target() const { return m_request.target(); }
    // The answer's JSON body, trimmed: what it did ("id": 3) or why it failed, for the log.
    QString detail() const { return m_detail; }

private:
    void handle();
    void respond(int status, const QByteArray &json, const QByteArray &extraHeaders = {});
    bool authorized() const;

    ControlTarget *m_target;
    const ControlServerOptions m_options;
    HttpRequestReader m_request;
    QByteArray m_body;
    qint64 m_bodyRemaining = -1; // -1: head not complete
    bool m_answered = false;
    int m_status = 0;
    QByteArray m_response;
    QString m_detail;
};
