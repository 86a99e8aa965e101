// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "faults/faultcontroller.h"
#include "faults/streamfaults.h"
#include "http/chunkeddecoder.h"
#include "http/httprequestreader.h"
#include "http/httpresponsereader.h"
#include "proxyrecords.h"
#include "proxystreamhook.h"
#include "sse/sseparser.h"

#include <QAbstractSocket>
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
//
// Faults: shaping faults, stalls, blackholes and closes act on the raw bytes. Faults
// that change bytes (per-event faults, injected `retry:` or garbage, paused heartbeats) need
// the stream cut at event boundaries: once the proxy's faults are engaged the decoded body is
// split into units (an event with its lines, a lone comment, a blank block), and at the first
// point that is both an event boundary and a chunk (or read) boundary the connection switches
// to re-framed output: from there the client gets the decoded units, with chunk framing of the
// proxy's own when the upstream's was chunked, so a changed event still arrives in valid
// framing. Until then, and without faults, the bytes go out exactly as the upstream sent them.
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

    // Faults (see above). Only streaming connections (response head sent) are acted on.
    bool isStreaming() const { return m_phase == Phase::Streaming; }
    void actOnFault(int id, const Fault &fault, bool onEvent);
    void reconfigureShaper();
    // A fault that acts per event is coming: switch to re-framed output at the next boundary.
    void prepareForEventFaults() { requestReframe(); }
    ProxyClientInfo info() const;

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

    // Faults
    enum class UnitKind { Event, Comment, Block };
    FaultController *faults() const;
    void segment(QByteArrayView decoded);
    void feedLine(QByteArrayView line, bool blank, bool isComment);
    void processUnit(UnitKind kind, const QByteArray &bytes);
    void requestReframe();
    bool atUnitBoundary() const { return m_unitBoundaryKnown && m_pendingBytes == 0; }
    void switchToReframed();
    void emitBody(QByteArrayView decoded);
    void flushInjections();
    void endReframed(bool complete, const QString &reason);
    void closeForFault(Fault::DropMode mode, const QString &what);
    void answerFault(const Fault &fault, int id);
    qint64 queuedForClient() const;
    void reportFault(int id, const Fault &fault, const QString &detail,
                     FaultReport::State state = FaultReport::State::Acted);
    QByteArray rewriteEventId(const QByteArray &id, bool reset) const;

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

    // Faults
    StreamFaults m_streamFaults; // shaping, event faults, blackhole, paused heartbeats, gzip
    FaultController::ResponsePlan m_plan;
    struct Injection
    {
        int id;
        Fault fault;
        QByteArray bytes;
    };
    QList<Injection> m_injections;
    bool m_segmenting = false; // the body is split into units (faults engaged)
    bool m_unitBoundaryKnown = true; // false when segmenting started in the middle of a block
    bool m_reframed = false; // the client gets units, framed by the proxy
    bool m_switchWanted = false;
    bool m_inBody = false; // in processBody(): a switch waits for its boundary checks
    bool m_clientChunked = false; // what the client's framing is once re-framed
    bool m_crPending = false; // the last line ended in CR: an LF may follow in the next read
    qint64 m_lineBytes = 0; // of the line in progress
    bool m_lineIsComment = false;
    QByteArray m_pending; // the unit in progress (decoded bytes)
    qint64 m_pendingBytes = 0;
    bool m_lineEvent = false; // the line just fed dispatched an event
    QByteArray m_unitType;
    QByteArray m_unitData;
    QByteArray m_unitId;
    bool m_commentIsHeartbeat = false; // the comment just fed, by the heartbeat rules
    Fault::DropMode m_closeAfterForward = Fault::DropMode::Event;
    qint64 m_heartbeatsDropped = 0;
};
