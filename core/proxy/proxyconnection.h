// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "faults/faultcontroller.h"
#include "proxyrecords.h"
#include "proxyreframer.h"
#include "proxyrelay.h"
#include "proxyrequest.h"
#include "proxystreamhook.h"
#include "proxyupstream.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QTcpSocket;
class TapProxy;

// One client of the tap proxy and the upstream connection made for its request: the owner that
// wires four parts together.
//  - ProxyRequest reads the client's request (head with HttpRequestReader, then a bounded
//    Content-Length body) and renders it for the upstream;
//  - ProxyUpstream connects upstream, sends it and reads the response head and body;
//  - ProxyRelay writes to the client: the head without hop-by-hop fields, then the body bytes
//    unchanged, chunk framing included; reading the upstream pauses while the client has more
//    than the cap queued, so a slow client slows the upstream (TCP backpressure) instead of
//    growing the proxy's memory;
//  - ProxyReframer observes the decoded body of a text/event-stream with an SseParser.
//
// Faults: shaping faults, stalls, blackholes and closes act on the raw bytes. Faults
// that change bytes (per-event faults, injected `retry:` or garbage, paused heartbeats) need
// the stream cut at event boundaries: once the proxy's faults are engaged the decoded body is
// split into units (an event with its lines, a lone comment, a blank block), and at the first
// point that is both an event boundary and a chunk (or read) boundary the connection switches
// to re-framed output: from there the client gets the decoded units, with chunk framing of the
// proxy's own when the upstream's was chunked, so a changed event still arrives in valid
// framing. Until then, and without faults, the bytes go out exactly as the upstream sent them.
class ProxyConnection : public QObject,
                        private ProxyDownstream,
                        private ProxyUpstream::Receiver,
                        private ProxyReframer::Host
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
    bool isStreaming() const override { return m_phase == Phase::Streaming; }
    void actOnFault(int id, const Fault &fault, bool onEvent);
    void reconfigureShaper();
    // A fault that acts per event is coming: switch to re-framed output at the next boundary.
    void prepareForEventFaults() { requestReframe(); }
    ProxyClientInfo info() const;

private:
    // Connecting: from the complete request to the response head (slow-headers wait included).
    enum class Phase { ReadingRequest, Connecting, Streaming, Ended };

    void readClient();
    void requestComplete();
    void connectUpstream();
    void clientWritten();
    void clientGone();
    void requestTimedOut();
    void bodyEnded(bool complete, const QString &reason);
    // The proxy's own answer, while no response head has gone to the client.
    void answerError(int status, const QString &message, bool upstreamFault);
    void answerFault(const Fault &fault, int id);
    void reportRequest(int status, bool fromUpstream, const QString &error);
    void end(const QString &reason);

    // Faults
    FaultController *faults() const;
    class FaultActions;
    void requestReframe();
    bool needsEvents(int id, const Fault &fault);

    // ProxyDownstream
    void write(QByteArrayView bytes) override;
    void finish(const QString &reason) override;
    void reset(const QString &reason) override;

    // ProxyUpstream::Receiver
    void upstreamFailed(int status, const QString &message) override;
    bool upstreamResponded() override;
    void upstreamBody(QByteArrayView raw) override;
    void upstreamEnded(bool complete, const QString &reason) override;
    bool upstreamReadable() override;
    bool clientFull() override;

    // ProxyReframer::Host
    void writeToClient(QByteArrayView bytes) override { write(bytes); }
    void closeForFault(Fault::DropMode mode, const QString &what) override;
    void reportFault(int id, const Fault &fault, const QString &detail) override;
    void eventPassed() override;
    void eventSent() override;
    void eventSeen(const SseEventView &view) override;
    void commentSeen(QByteArrayView text) override;

    int m_number;
    TapProxy *m_proxy;
    Phase m_phase = Phase::ReadingRequest;
    QTimer m_timer; // the request timeout
    ProxyRequest m_request;
    ProxyRequestInfo m_requestInfo;
    bool m_requestReported = false;
    ProxyRelay m_relay;
    ProxyUpstream m_upstream;
    ProxyReframer m_reframer;

    bool m_headSent = false;
    bool m_reportEvents = false;
    ProxyEventBatch m_batch;
    std::unique_ptr<ProxyStreamHook> m_hook;
    int m_status = 0;

    // Faults
    FaultController::ResponsePlan m_plan;
    Fault::DropMode m_closeAfterForward = Fault::DropMode::Event;
};
