// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "clientrecord.h"
#include "http/contentdecoder.h"

#include <QByteArray>
#include <QList>
#include <QNetworkProxy>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QtNetwork/qtnetworkglobal.h>

#if QT_CONFIG(ssl)
#include <QSslCertificate>
#include <QSslError>
#endif

// One request of the client, as every transport takes it.
struct HttpStreamRequest
{
    QUrl url; // http or https
    QByteArray method = QByteArrayLiteral("GET");
    // Sent in this order after Host; Content-Length is computed, never taken from here.
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // NoProxy, HttpProxy (an http:// URL goes to it in absolute form, https:// through CONNECT)
    // or Socks5Proxy. DefaultProxy is taken as NoProxy: the caller resolves system settings.
    QNetworkProxy proxy = QNetworkProxy(QNetworkProxy::NoProxy);
#if QT_CONFIG(ssl)
    QList<QSslCertificate> caCertificates; // trusted on top of the system's
    bool ignoreSslErrors = false;
#endif
    qint64 readBufferBytes = 256 * 1024; // socket buffer: past it TCP slows the server down
    qsizetype maxHeadBytes = 64 * 1024; // status line and header fields together
    // QNAM only: HTTP/2 without negotiation (h2c on http://, h2 without ALPN on https://).
    bool http2PriorKnowledge = false;
    // QNAM only: keep cookies the server sets and send them on the session's next requests.
    bool cookies = false;
    // QNAM only: how much of an HTTP/2 stream may wait in Qt, unread, before the stream is cut
    // (Qt 6.4 reads HTTP/2 ahead of a reader that stopped; see QnamStream).
    qint64 maxBacklogBytes = kDefaultMaxBacklogBytes;
    static constexpr qint64 kDefaultMaxBacklogBytes = qint64(16) * 1024 * 1024;
};

// The seam under the client's state machine: one request and its streamed response. Two
// transports implement it: HttpStream (the wire transport: ssemon's own bounded HTTP/1.1
// reader on a socket of its own) and QnamStream (QNetworkAccessManager: HTTP/2, Qt's
// authentication and cookies).
//
// The body is pulled: readyRead() says bytes wait, read() decodes what arrived (framing and
// gzip/deflate). What is not read stays buffered below, bounded where the protocol allows it.
// finished() comes once, queued, after the head failed, the body ended, or the connection did,
// and only once what arrived before the end has been read; it is never emitted from inside a
// call of the owner's.
class ClientTransport : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Wire, Qnam };

    using QObject::QObject;

    static QString kindName(Kind kind); // "wire", "qnam"

    virtual Kind kind() const = 0;
    virtual void start(const HttpStreamRequest &request) = 0;
    // Tears the request down at once; no signal is emitted afterwards.
    virtual void abort() = 0;

    virtual bool isHeadComplete() const = 0;
    virtual int statusCode() const = 0;
    virtual QByteArray reasonPhrase() const = 0;
    virtual QByteArray header(QByteArrayView name) const = 0;
    // The response's header fields in the order received (names as sent).
    virtual QList<QPair<QByteArray, QByteArray>> headerFields() const = 0;
    // "http/1.1" or "h2" once the head is complete; empty before.
    virtual QByteArray protocol() const = 0;

    // Body bytes that arrived and wait for read(); non-zero also when the decoder holds output.
    virtual qint64 bytesAvailable() const = 0;
    // Decodes and returns what arrived of the body (at most kMaxReadBytes at a time after
    // decompression; the rest comes with the next readyRead()).
    virtual QByteArray read() = 0;

    bool isFinished() const { return m_finished; }
    // Empty: the response ended cleanly. Otherwise what went wrong, in words.
    QString errorString() const { return m_error; }
    // The failure names no cause a person can act on (QNAM's "Connection closed", "Protocol
    // failure"...): the attempt is worth repeating on the wire transport to name it.
    virtual bool failedVaguely() const { return false; }
    // True when the server closed the connection before sending any byte of a response.
    virtual bool closedWithoutResponse() const = 0;
    virtual qint64 bytesReceived() const = 0; // of the response, as far as the transport sees

    const AttemptTiming &timing() const { return m_timing; }

#if QT_CONFIG(ssl)
    QList<QSslError> sslErrors() const
    {
        return m_sslErrors;
    }
#endif

    static constexpr qint64 kMaxReadBytes = 1024 * 1024;

Q_SIGNALS:
    // Bytes of the head arrived (it is not complete yet): the connection is alive.
    void headProgress();
    void headReceived();
    void readyRead();
    void finished();
#if QT_CONFIG(ssl)
    // The handshake met these errors and went on because the request said to ignore them.
    void sslErrorsIgnored(const QList<QSslError> &errors);
#endif

protected:
    // readyRead() on the next turn of the event loop, once, if bytes still wait then.
    void scheduleReadyRead();
    // finished() on the next turn, once: never inside the owner's read() or inside a signal
    // the owner's slot is handling. finishing() runs just before it is emitted.
    void scheduleFinish();
    virtual void finishing() { }
    // Undoes the Content-Encoding of `raw` into `out` (at most kMaxReadBytes). False on corrupt
    // data: the error is set (unless one was already) and nothing more is decodable.
    bool decodeBody(QByteArray raw, QByteArray *out);

    AttemptTiming m_timing;
    ContentDecoder m_decoder;
    // An unknown or corrupt Content-Encoding (or an unreadable head): nothing more is read.
    bool m_undecodable = false;
    QString m_error; // errorString()
    bool m_aborted = false; // abort() was called: nothing is emitted any more
    bool m_finished = false;
    bool m_finishScheduled = false;
    bool m_readyReadScheduled = false;
#if QT_CONFIG(ssl)
    QList<QSslError> m_sslErrors;
#endif
};
