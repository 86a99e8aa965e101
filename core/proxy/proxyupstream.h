// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "http/chunkeddecoder.h"
#include "http/httpresponsereader.h"

#include <QAbstractSocket>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QTimer>

#include <functional>

class QTcpSocket;
struct TapProxyOptions;
struct TapProxyStats;

// The upstream side of one tap proxy connection: connects to the upstream (TLS for https, with
// the proxy's CA certificates), sends the request once connected, and reads the response: the
// head with HttpResponseReader (interim 1xx responses skipped), then the body, whose framing
// (Content-Length, chunked, until close, none) it works out and de-frames on request. Every
// failure before a response head is named in words with the status the proxy answers: 502
// (refused, unresolved, TLS, malformed head, upgrade, closed early), 504 (connect or response
// timeout). Reading pauses while the receiver's client is full and resumes on resume(); a paused
// upstream fills its TCP window and stops sending.
class ProxyUpstream : public QObject
{
    Q_OBJECT
public:
    enum class Framing { None, Length, Chunked, UntilClose };

    // Called back synchronously; any of these may release() the link.
    class Receiver
    {
    public:
        virtual ~Receiver() = default;
        // No response can come: answer `status` (502, 504) with `message`.
        virtual void upstreamFailed(int status, const QString &message) = 0;
        // The final response head is complete and the framing known. False when the connection
        // ended there (no body is then handed over).
        virtual bool upstreamResponded() = 0;
        // Body bytes as read, framing included (decodeBody() takes it off).
        virtual void upstreamBody(QByteArrayView raw) = 0;
        // The upstream closed after the head: `complete` false when the body was cut short.
        virtual void upstreamEnded(bool complete, const QString &reason) = 0;
        // False while nothing may be read (a blackhole): the bytes stay in the socket.
        virtual bool upstreamReadable() = 0;
        // True when the client holds too much: reading pauses until resume().
        virtual bool clientFull() = 0;
    };

    ProxyUpstream(const TapProxyOptions &options, const QList<QSslCertificate> &caCertificates,
                  TapProxyStats &stats, Receiver *receiver);
    ~ProxyUpstream() override;

    // host:port, as named in the messages.
    QString name() const;
    // Connects and sends `request` once connected; a `headRequest` (HEAD) has no body.
    void open(const QByteArray &request, bool headRequest);
    bool isOpen() const { return m_socket != nullptr; }
    // Drops the connection at once.
    void release();

    bool isPaused() const { return m_paused; }
    // Reading goes on (the client has room again).
    void resume();
    qint64 readPauses() const { return m_readPauses; }
    qint64 bytesRead() const { return m_bytesRead; }
    qint64 bytesAvailable() const;

    const HttpResponseReader &response() const { return m_response; }
    Framing framing() const { return m_framing; }
    const ChunkedDecoder &chunked() const { return m_chunked; }
    // Where raw bytes may be cut without breaking the body's framing.
    bool atChunkBoundary() const
    {
        return m_framing != Framing::Chunked || m_chunked.atChunkBoundary();
    }
    // Nothing of the body decoded yet (known for chunked bodies only, true for the others).
    bool nothingDecoded() const
    {
        return m_framing != Framing::Chunked || m_chunked.decodedBytes() == 0;
    }

    // One read of the body: hands each decoded piece to `piece` with the raw bytes used up to
    // its end (one piece unless chunked; `piece` returns false to stop). `rawEnd`: the raw bytes
    // that belong to the body; `complete`: its end was reached; `error`: a broken chunk framing.
    struct BodyRead
    {
        qsizetype rawEnd = 0;
        bool complete = false;
        QString error;
    };
    using PieceFunction = std::function<bool(QByteArrayView decoded, qsizetype rawUsed)>;
    BodyRead decodeBody(QByteArrayView raw, const PieceFunction &piece);

private:
    enum class State { Idle, Connecting, AwaitingHead, Streaming };

    void connected();
    void read();
    void process(QByteArrayView bytes);
    bool startBody();
    void socketError(QAbstractSocket::SocketError error);
    void disconnected();
    void ended();
    void timedOut();
    void fail(int status, const QString &message);

    const TapProxyOptions &m_options;
    const QList<QSslCertificate> &m_caCertificates;
    TapProxyStats &m_stats;
    Receiver *m_receiver;
    QTcpSocket *m_socket = nullptr;
    State m_state = State::Idle;
    QTimer m_timer; // connect and response timeouts
    QByteArray m_request;
    bool m_headRequest = false;
    QString m_tlsErrors;
    QByteArray m_readBuffer;
    bool m_paused = false;
    bool m_closed = false; // the upstream has closed; its buffered bytes may remain
    qint64 m_readPauses = 0;
    qint64 m_bytesRead = 0;

    HttpResponseReader m_response;
    Framing m_framing = Framing::UntilClose;
    ChunkedDecoder m_chunked;
    qint64 m_lengthRemaining = 0;
};
