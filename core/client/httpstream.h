// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "http/chunkeddecoder.h"
#include "http/httpresponsereader.h"

#include <QByteArray>
#include <QList>
#include <QNetworkProxy>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QtNetwork/qtnetworkglobal.h>

#include <memory>

#if QT_CONFIG(ssl)
#include <QSslCertificate>
#include <QSslError>
#endif

class QTcpSocket;
class Inflater;

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
};

// One HTTP/1.1 request and its streamed response on a socket of its own (QTcpSocket, or
// QSslSocket for https), with the response read by ssemon's own bounded readers instead of
// QNetworkAccessManager. Qt 6.4's HTTP client reads a status line or head with no bound, drops
// a head over its field limits without a word, takes an unreadable chunk size for the end of
// the body and silently sends a request again when a server closes early (a POST included):
// a monitor has to report what the server really sent, and never repeat a request unasked.
//
// The body is pulled: readyRead() says bytes wait, read() decodes what arrived (chunked
// framing, Content-Length, gzip/deflate). What is not read stays in the socket's bounded buffer,
// so a consumer that stops reading slows the server down through TCP. finished() comes once,
// queued, after the head failed, the body ended, or the connection did; it is never emitted
// from inside a call of the owner's.
class HttpStream : public QObject
{
    Q_OBJECT
public:
    explicit HttpStream(QObject *parent = nullptr);
    ~HttpStream() override;

    // A socket error in words. Qt's texts for the commonest two ("Host not found",
    // "Connection refused") name neither host nor port: these name where it connected to.
    static QString socketErrorText(QAbstractSocket::SocketError error, const QString &qtText,
                                   const QString &host, quint16 port);

    void start(const HttpStreamRequest &request);
    // Tears the connection down at once; no signal is emitted afterwards.
    void abort();

    bool isHeadComplete() const { return m_headComplete; }
    int statusCode() const { return m_head.statusCode(); }
    QByteArray reasonPhrase() const { return m_head.reasonPhrase(); }
    QByteArray header(QByteArrayView name) const { return m_head.header(name); }
    const HttpResponseReader &head() const { return m_head; }

    // Body bytes that arrived and wait for read() (before decoding).
    qint64 bytesAvailable() const;
    // Decodes and returns what arrived of the body (at most kMaxReadBytes at a time: a small
    // compressed read may inflate to much more; the rest comes with the next readyRead()).
    QByteArray read();

    // Compressed body bytes taken from the socket and not decoded yet: at most one socket
    // buffer's worth, since the socket is not read while the decoder has output to give.
    qsizetype decoderBacklog() const { return m_compressed.size(); }

    bool isFinished() const { return m_finished; }
    // Empty: the response ended cleanly (its framing said so, or the server closed a body
    // delimited by the connection). Otherwise what went wrong, in words.
    QString errorString() const { return m_error; }
    // True when the server closed the connection before sending any byte of a response.
    bool closedWithoutResponse() const { return m_closedWithoutResponse; }
    qint64 bytesReceived() const { return m_bytesReceived; } // head and body, as on the wire

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

private:
    enum class Framing { None, Length, Chunked, Close };

    QByteArray requestBytes() const;
    void onConnected();
    void onSocketReadyRead();
    void onSocketClosed();
    void readHead();
    void headDone();
    // De-frames `raw` into `out`; false on a framing error (m_error set).
    bool deframe(QByteArrayView raw, QByteArray *out);
    void fail(const QString &message);
    void scheduleFinish();
    void scheduleReadyRead();
    void checkEnd();
    // Input ends here (an error): the socket goes; with keepUnread what it held is kept.
    void stopInput(bool keepUnread);
    // A compressed body that ended inside its data: says so in m_error.
    void noteTruncatedEncoding();

    HttpStreamRequest m_request;
    QTcpSocket *m_socket = nullptr;
    bool m_absoluteForm = false; // plain http through an HTTP proxy
    QString m_targetHost; // where the socket connects (the server or the proxy), for errors
    quint16 m_targetPort = 0;
    HttpResponseReader m_head;
    bool m_headComplete = false;
    QByteArray m_stash; // body bytes that came with the head
    Framing m_framing = Framing::Close;
    qint64 m_lengthLeft = 0;
    ChunkedDecoder m_chunks;
    std::unique_ptr<Inflater> m_inflater;
    QByteArray m_compressed; // framed-out body bytes not inflated yet
    bool m_decoderHasMore = false; // read() gives more without new input
    bool m_inputStopped = false; // an error ended the input: the rest is what is held here
    bool m_bodyDone = false; // the framing said the body is complete
    bool m_socketClosed = false;
    bool m_finishScheduled = false;
    bool m_readyReadScheduled = false;
    bool m_finished = false;
    bool m_aborted = false;
    bool m_closedWithoutResponse = false;
    bool m_undecodable = false; // an unknown or corrupt Content-Encoding: nothing more is read
    qint64 m_bytesReceived = 0;
    QString m_error;
#if QT_CONFIG(ssl)
    QList<QSslError> m_sslErrors;
#endif
};
