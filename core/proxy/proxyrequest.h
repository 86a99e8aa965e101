// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "http/httprequestreader.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

class QUrl;
struct ProxyRequestInfo;

// The request of one tap proxy client, without a socket: reads the head (HttpRequestReader,
// bounded), checks that the proxy can forward it, then reads a Content-Length body up to its
// cap; and renders the request as it goes upstream. One request per connection: bytes past the
// body are ignored. What cannot be forwarded is refused with the status the proxy answers and
// why: 400 or 431 from the head reader, 405 for CONNECT (the proxy does not tunnel), 411 for a
// chunked body, 413 for a body over the cap.
class ProxyRequest
{
public:
    enum class State { ReadingHead, ReadingBody, Complete, Refused };

    ProxyRequest(qsizetype maxHeadBytes, qint64 maxBodyBytes);

    // Reads bytes the client sent, in any slicing. True when the head was completed by these
    // bytes (the request is then counted, even when it is refused at once).
    bool feed(QByteArrayView bytes);

    State state() const { return m_state; }
    bool isReading() const
    {
        return m_state == State::ReadingHead || m_state == State::ReadingBody;
    }
    bool isComplete() const { return m_state == State::Complete; }
    bool isRefused() const { return m_state == State::Refused; }
    int refusalStatus() const { return m_refusalStatus; }
    QString refusalMessage() const { return m_refusalMessage; }
    // The client waits for `100 Continue` before it sends its body; the proxy answers it itself
    // (it reads the whole body before it connects upstream, and Expect is not forwarded).
    bool expectsContinue() const;

    const HttpRequestReader &head() const { return m_head; }
    const QByteArray &body() const { return m_body; }
    // Method, path and Last-Event-ID of a complete head, for the request record.
    void describe(ProxyRequestInfo &info) const;

    // What the upstream is asked for: the path and query of an absolute-form target; `/` maps
    // to the upstream URL's own path and query; any other target is passed on as sent.
    QByteArray upstreamTarget(const QUrl &upstream) const;
    // The request as sent upstream for `target`: Host rewritten to the upstream's authority,
    // hop-by-hop fields, the ones the Connection field names, Host and Expect dropped,
    // `Connection: close` (one request per upstream connection), then the body.
    QByteArray upstreamRequest(const QUrl &upstream, const QByteArray &target) const;

private:
    void refuse(int status, const QString &message);
    void checkHead();

    qint64 m_maxBodyBytes;
    HttpRequestReader m_head;
    State m_state = State::ReadingHead;
    QByteArray m_body;
    qint64 m_bodyRemaining = 0;
    int m_refusalStatus = 0;
    QString m_refusalMessage;
};
