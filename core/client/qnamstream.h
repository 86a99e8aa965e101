// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "clienttransport.h"
#include "qnampool.h"

#include <QByteArray>
#include <QPointer>
#include <QString>

class QNetworkAccessManager;
class QNetworkReply;

// The QNAM transport: one request through a QNetworkAccessManager the owner keeps across the
// session's attempts. It gives what Qt's HTTP stack has and the wire transport has not: HTTP/2
// (ALPN on https, prior knowledge on request), Digest, NTLM and Negotiate through
// QAuthenticator, cookies. It guards what Qt 6.4 hides:
// - an explicit Accept-Encoding (the request builder's) keeps Qt from decompressing, so the
//   bounded Inflater decodes the body as on the wire transport;
// - Qt resends a request on its own when a connection closes early: a second `requestSent`
//   fails an attempt that is not a GET or HEAD ("Qt resent the request");
// - a 2xx with no header field at all is what Qt makes of a head it could not read: failed as
//   an unreadable head;
// - HTTP/1.1 is read with a bounded read buffer (backpressure through TCP); on HTTP/2 Qt 6.4
//   may read far ahead of a reader that stopped, so past the request's maxBacklogBytes waiting
//   in Qt the stream is cut: what arrived is kept for the owner to read at its pace, and the
//   error names the cause.
// The owner replaces the manager when an attempt ended before its head was complete
// (headCompleted() false): a manager whose connection state is unknown is never reused. The
// manager may be shared with other streams (QnamPool); the stream holds it while it lives.
class QnamStream : public ClientTransport
{
    Q_OBJECT
public:
    explicit QnamStream(QnamPool::Manager manager, QObject *parent = nullptr);
    ~QnamStream() override;

    // How long the head of an answer that is no stream (a status of 300 or more) waits for its
    // body before the owner hears of it.
    static constexpr int kBodyWaitMs = 500;
    // The HTTP/2 stream window asked for: the server sends at most this much ahead of Qt.
    static constexpr unsigned kHttp2StreamWindow = 1024 * 1024;

    Kind kind() const override { return Kind::Qnam; }
    void start(const HttpStreamRequest &request) override;
    void abort() override;

    bool isHeadComplete() const override { return m_headComplete; }
    int statusCode() const override { return m_status; }
    QByteArray reasonPhrase() const override { return m_reason; }
    QByteArray header(QByteArrayView name) const override;
    QList<QPair<QByteArray, QByteArray>> headerFields() const override { return m_fields; }
    QByteArray protocol() const override { return m_protocol; }

    qint64 bytesAvailable() const override;
    QByteArray read() override;

    bool failedVaguely() const override { return m_vague; }
    bool closedWithoutResponse() const override { return m_closedWithoutResponse; }
    qint64 bytesReceived() const override { return m_bytesReceived; } // body bytes

    int timesSent() const { return m_timesSent; }
    const QnamPool::Manager &manager() const { return m_manager; }

private:
    void onMetaData();
    void onReplyReadyRead();
    void onReplyFinished();
    void releaseHead();
    void describeReplyError();
    // Input ends here with `message`: what Qt holds is kept for read(), the reply goes.
    void cut(const QString &message);
    void dropReply();
    void checkEnd();

    QnamPool::Manager m_manager;
    QPointer<QNetworkReply> m_reply;
    HttpStreamRequest m_request;
    bool m_headComplete = false;
    int m_status = 0;
    QByteArray m_reason;
    QByteArray m_protocol;
    QList<QPair<QByteArray, QByteArray>> m_fields;
    QByteArray m_stash; // body bytes taken from Qt and not given out yet
    bool m_inputEnded = false; // Qt has nothing more to give (finished, or cut)
    bool m_vague = false;
    bool m_closedWithoutResponse = false;
    bool m_authTried = false;
    bool m_holdingHead = false; // the head of a non-stream answer waits for its body
    bool m_headReleased = false;
    int m_timesSent = 0;
    qint64 m_bytesReceived = 0;
};
