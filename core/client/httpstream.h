// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "clienttransport.h"
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

class QTcpSocket;

// The wire transport: one HTTP/1.1 request and its streamed response on a socket of its own
// (QTcpSocket, or QSslSocket for https), with the response read by ssemon's own bounded readers
// instead of QNetworkAccessManager. Qt 6.4's HTTP client reads a status line or head with no
// bound, drops a head over its field limits without a word, takes an unreadable chunk size for
// the end of the body and silently sends a request again when a server closes early (a POST
// included): a monitor has to report what the server really sent, and never repeat a request
// unasked.
//
// What is not read stays in the socket's bounded buffer, so a consumer that stops reading slows
// the server down through TCP.
class HttpStream : public ClientTransport
{
    Q_OBJECT
public:
    explicit HttpStream(QObject *parent = nullptr);
    ~HttpStream() override;

    // A socket error in words. Qt's texts for the commonest two ("Host not found",
    // "Connection refused") name neither host nor port: these name where it connected to.
    static QString socketErrorText(QAbstractSocket::SocketError error, const QString &qtText,
                                   const QString &host, quint16 port);

    Kind kind() const override { return Kind::Wire; }
    void start(const HttpStreamRequest &request) override;
    void abort() override;

    bool isHeadComplete() const override { return m_headComplete; }
    int statusCode() const override { return m_head.statusCode(); }
    QByteArray reasonPhrase() const override { return m_head.reasonPhrase(); }
    QByteArray header(QByteArrayView name) const override { return m_head.header(name); }
    QList<QPair<QByteArray, QByteArray>> headerFields() const override;
    QByteArray protocol() const override;
    const HttpResponseReader &head() const { return m_head; }

    qint64 bytesAvailable() const override;
    QByteArray read() override;

    // Compressed body bytes taken from the socket and not decoded yet: at most one socket
    // buffer's worth, since the socket is not read while the decoder has output to give.
    qsizetype decoderBacklog() const { return m_decoder.backlog(); }

    bool closedWithoutResponse() const override { return m_closedWithoutResponse; }
    qint64 bytesReceived() const override { return m_bytesReceived; } // head and body

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
    void finishing() override;
    void checkEnd();
    // Input ends here (an error): the socket goes; with keepUnread what it held is kept.
    void stopInput(bool keepUnread);
    // A compressed body that ended inside its data: says so in m_error.
    void noteTruncatedEncoding();
    QString endedVerb() const; // "closed", or "reset (TCP RST)"
    void closeDuplicate();

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
    bool m_inputStopped = false; // an error ended the input: the rest is what is held here
    bool m_bodyDone = false; // the framing said the body is complete
    bool m_socketClosed = false;
    bool m_closedWithoutResponse = false;
    bool m_reset = false; // the connection ended with a reset, not a FIN
    // A duplicate of the socket's descriptor (Linux): it outlives Qt's, which is closed before
    // the end is reported, so that the kernel can still say how the connection ended.
    int m_duplicate = -1;
    qint64 m_bytesReceived = 0;
    qint64 m_requestBytesLeft = 0; // written to the socket and not sent yet
};
