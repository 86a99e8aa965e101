// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "chunkeddecoder.h"
#include "httpresponsereader.h"
#include "proxyrecords.h"
#include "proxystreamhook.h"
#include "server/httprequestreader.h"
#include "sse/sseparser.h"

#include <QAbstractSocket>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

class QTcpSocket;
class TapProxy;

// One client of the tap proxy and the upstream connection made for its request. Reads the
// client's request (head with HttpRequestReader, then a bounded Content-Length body), sends it
// upstream on a connection of its own, and passes the response back as it arrives: the head
// without hop-by-hop fields, then the body bytes unchanged, chunk framing included. The decoded
// body of a text/event-stream is fed to an SseParser to observe events on the way. Reading the
// upstream pauses while the client has more than the cap queued, so a slow client slows the
// upstream (TCP backpressure) instead of growing the proxy's memory.
class ProxyConnection : public QObject, private ProxyDownstream, private SseParser::Handler
{
    Q_OBJECT
public:
    ProxyConnection(int number, QTcpSocket *client, TapProxy *proxy);
    ~ProxyConnection() override;

    int number() const { return m_number; }
    // Starts reading the request (after the proxy has registered the connection).
    void start();
    // What Qt holds for this connection: queued for the client, buffered from the upstream.
    qint64 bufferedBytes() const;
    // Ends both sides at once (the proxy stops).
    void abort(const QString &reason);

private:
    enum class Phase { ReadingHead, ReadingBody, Connecting, AwaitingHead, Streaming, Ended };
    enum class Framing { None, Length, Chunked, UntilClose };

    void readClient();
    void requestComplete();
    void connectUpstream();
    void upstreamConnected();
    void readUpstream();
    void processResponseBytes(QByteArrayView bytes);
    bool startResponse();
    void processBody(QByteArrayView raw);
    void observe(QByteArrayView decoded);
    void upstreamError(QAbstractSocket::SocketError error);
    void upstreamDisconnected();
    void upstreamEnded();
    void responseComplete();
    void clientWritten();
    void clientGone();
    void timedOut();
    // The proxy's own answer, while no response head has gone to the client.
    void answerError(int status, const QString &message, bool upstreamFault);
    void reportRequest(int status, bool fromUpstream, const QString &error);
    QByteArray upstreamTarget() const;
    QByteArray upstreamRequest() const;
    QByteArray clientResponseHead() const;
    QString upstreamName() const;
    void releaseUpstream();
    void end(const QString &reason);

    // ProxyDownstream
    void write(QByteArrayView bytes) override;
    void finish(const QString &reason) override;
    void reset(const QString &reason) override;

    // SseParser::Handler: observation only (counters, the hook, the optional event batch)
    void eventView(const SseEventView &view) override;
    void comment(QByteArrayView text) override;
    void retry(qint64 milliseconds) override;

    int m_number;
    TapProxy *m_proxy;
    QTcpSocket *m_client;
    QTcpSocket *m_upstream = nullptr;
    Phase m_phase = Phase::ReadingHead;
    QElapsedTimer m_started;
    QTimer m_timer; // request, connect and response timeouts
    HttpRequestReader m_request;
    QByteArray m_body;
    qint64 m_bodyRemaining = 0;
    ProxyRequestInfo m_requestInfo;
    bool m_requestReported = false;
    QString m_tlsErrors;

    HttpResponseReader m_response;
    Framing m_framing = Framing::UntilClose;
    ChunkedDecoder m_chunked;
    qint64 m_lengthRemaining = 0;
    bool m_headSent = false;
    bool m_paused = false;
    bool m_upstreamClosed = false; // the upstream has closed; its buffered bytes may remain
    QByteArray m_readBuffer;

    SseParser m_parser;
    bool m_observing = false;
    bool m_reportEvents = false;
    QString m_observationError;
    ProxyEventBatch m_batch;
    std::unique_ptr<ProxyStreamHook> m_hook;

    int m_status = 0;
    qint64 m_bytesToClient = 0;
    qint64 m_bytesFromUpstream = 0;
    qint64 m_events = 0;
    qint64 m_readPauses = 0;
};
