// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "proxyconnection.h"

#include "tapproxy.h"

#include "faults/faultbytes.h"

#include <QScopeGuard>
#include <QTcpSocket>

#include <climits>
#include <utility>

namespace {

// Bytes read from the client at once while its request is read.
constexpr qint64 ClientReadBytes = 16 * 1024;
// Events listed in one batch; the rest of a huge read is only counted.
constexpr qsizetype MaxBatchEvents = 1024;

int clampMs(qint64 ms)
{
    return int(qBound(qint64(1), ms, qint64(INT_MAX)));
}

// Events are observed in an uncompressed text/event-stream only (parameters ignored).
bool isEventStream(const HttpResponseReader &response)
{
    const QByteArray type = response.header("Content-Type");
    const QByteArray encoding = response.header("Content-Encoding");
    const qsizetype semicolon = type.indexOf(';');
    return type.left(semicolon < 0 ? type.size() : semicolon)
               .trimmed()
               .compare("text/event-stream", Qt::CaseInsensitive)
        == 0
        && (encoding.isEmpty() || encoding.compare("identity", Qt::CaseInsensitive) == 0);
}

} // namespace

ProxyConnection::ProxyConnection(int number, QTcpSocket *client, TapProxy *proxy)
    : QObject(proxy)
    , m_number(number)
    , m_proxy(proxy)
    , m_request(proxy->m_options.maxRequestHeadBytes, proxy->m_options.maxRequestBodyBytes)
    , m_relay(client, proxy->m_options.maxClientBufferBytes, proxy->m_stats)
    , m_upstream(proxy->m_options, proxy->m_caCertificates, proxy->m_stats, this)
    , m_reframer(this, m_relay.faults(), proxy->m_options.heartbeat, proxy->m_options.limits)
{
    m_requestInfo.connection = number;
    m_requestInfo.peer = client->peerAddress();
    m_requestInfo.peerPort = client->peerPort();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ProxyConnection::requestTimedOut);
    m_relay.faults().configure(*proxy->m_faults, number);
    connect(&m_relay, &ProxyRelay::readyRead, this, &ProxyConnection::readClient);
    connect(&m_relay, &ProxyRelay::written, this, &ProxyConnection::clientWritten);
    connect(&m_relay, &ProxyRelay::gone, this, &ProxyConnection::clientGone);
}

ProxyConnection::~ProxyConnection() = default;

qint64 ProxyConnection::bufferedBytes() const
{
    return m_relay.socketBuffered() + m_upstream.bytesAvailable();
}

void ProxyConnection::start()
{
    m_timer.start(clampMs(m_proxy->m_options.requestTimeoutMs));
    readClient();
}

// --- the client's request -----------------------------------------------------------------

void ProxyConnection::readClient()
{
    QTcpSocket *client = m_relay.socket();
    if (!client || m_relay.faults().isBlackholed())
        return;
    while (client->bytesAvailable() > 0) {
        if (m_phase != Phase::ReadingRequest) {
            // One request per connection: what follows it is not ours to forward.
            client->skip(client->bytesAvailable());
            return;
        }
        const bool headDone = m_request.feed(client->read(ClientReadBytes));
        if (headDone) {
            m_request.describe(m_requestInfo);
            ++m_proxy->m_stats.requests;
        }
        if (m_request.isRefused()) {
            answerError(m_request.refusalStatus(), m_request.refusalMessage(), false);
            return;
        }
        // The proxy reads the whole body before it connects upstream: a client waiting for
        // 100 Continue gets it from us.
        if (headDone && m_request.expectsContinue())
            m_relay.writeInterim("HTTP/1.1 100 Continue\r\n\r\n");
        if (m_request.isComplete()) {
            requestComplete();
            return;
        }
    }
}

void ProxyConnection::requestComplete()
{
    m_timer.stop();
    m_phase = Phase::Connecting;
    m_requestInfo.upstreamTarget = m_request.upstreamTarget(m_proxy->m_options.upstream);
    if (m_proxy->m_hookFactory)
        m_hook = m_proxy->m_hookFactory(m_requestInfo);
    if (faults()->isEngaged())
        m_plan = faults()->takeResponseFaults(m_number);
    if (QTcpSocket *client = m_relay.socket())
        client->skip(client->bytesAvailable());
    if (m_plan.answer) {
        answerFault(*m_plan.answer, m_plan.answerId);
        return;
    }
    if (m_plan.slowHeadersMs > 0) {
        // Accepted, then nothing until the delay is over: the upstream is asked only then.
        QTimer::singleShot(clampMs(m_plan.slowHeadersMs), this, [this] {
            if (m_phase == Phase::Connecting && !m_upstream.isOpen())
                connectUpstream();
        });
        return;
    }
    connectUpstream();
}

void ProxyConnection::connectUpstream()
{
    m_upstream.open(
        m_request.upstreamRequest(m_proxy->m_options.upstream, m_requestInfo.upstreamTarget),
        m_request.head().method() == "HEAD");
}

void ProxyConnection::requestTimedOut()
{
    if (m_phase != Phase::ReadingRequest)
        return;
    answerError(408,
                QStringLiteral("request not complete within %1 ms")
                    .arg(m_proxy->m_options.requestTimeoutMs),
                false);
}

// --- the upstream's response --------------------------------------------------------------

void ProxyConnection::upstreamFailed(int status, const QString &message)
{
    answerError(status, message, true);
}

bool ProxyConnection::upstreamResponded()
{
    const HttpResponseReader &response = m_upstream.response();
    const ProxyUpstream::Framing framing = m_upstream.framing();
    const int status = response.statusCode();
    const bool eventStream = framing != ProxyUpstream::Framing::None && isEventStream(response);
    m_reframer.startBody(eventStream, framing == ProxyUpstream::Framing::Chunked);
    m_status = status;
    m_phase = Phase::Streaming;
    m_headSent = true;
    // With faults engaged, the body is split into units from its first byte, and re-framed
    // from the start when a fault that acts on events may fire.
    if (eventStream && faults()->isEngaged())
        m_reframer.segmentFromStart(faults()->needsEventUnits());
    if (m_plan.gzip && framing != ProxyUpstream::Framing::None) {
        m_relay.faults().startGzip();
        m_reframer.reframe();
    }
    write(ProxyRelay::responseHead(response, m_plan.contentType, m_relay.faults().isCompressing()));
    reportRequest(status, true, QString());
    if (m_hook) {
        ProxyResponseInfo info;
        info.status = status;
        info.eventStream = eventStream;
        info.chunked = framing == ProxyUpstream::Framing::Chunked;
        info.contentLength =
            framing == ProxyUpstream::Framing::Length ? response.contentLength() : -1;
        m_hook->responseStarted(info);
    }
    if (m_phase == Phase::Streaming && framing == ProxyUpstream::Framing::None)
        bodyEnded(true, QStringLiteral("response complete"));
    return m_phase == Phase::Streaming;
}

void ProxyConnection::upstreamBody(QByteArrayView raw)
{
    m_reframer.beginRead();
    auto leave = qScopeGuard([this] { m_reframer.endRead(); });
    m_reportEvents = m_reframer.isObserving() && m_proxy->reportsEvents();
    if (!m_reframer.isSegmenting() && m_reframer.isObserving() && faults()->isEngaged()) {
        // Engaged in the middle of the stream: a unit starts after the next blank line.
        m_reframer.segmentFromHere();
    }
    // Raw bytes not yet forwarded start here; after a switch to re-framed output the rest of
    // `raw` reaches the client as units.
    qsizetype rawStart = 0;
    auto maySwitch = [this] {
        return m_phase == Phase::Streaming && m_reframer.wantsSwitch()
            && m_upstream.atChunkBoundary();
    };
    auto forwardRaw = [this, &raw, &rawStart](qsizetype end) {
        if (end > rawStart && m_phase == Phase::Streaming) {
            const QByteArrayView bytes = raw.sliced(rawStart, end - rawStart);
            if (m_hook)
                m_hook->forward(bytes, *this);
            else
                write(bytes);
        }
        rawStart = end;
    };
    const bool chunked = m_upstream.framing() == ProxyUpstream::Framing::Chunked;
    const ProxyUpstream::BodyRead read =
        m_upstream.decodeBody(raw, [&](QByteArrayView decoded, qsizetype rawUsed) {
            m_reframer.feed(decoded);
            // Only a chunked body can switch in the middle of a read: at a chunk boundary.
            if (chunked && maySwitch()) {
                forwardRaw(rawUsed);
                m_reframer.switchToReframed();
            }
            return m_phase == Phase::Streaming;
        });
    if (!m_batch.events.isEmpty() || m_batch.omitted > 0) {
        m_batch.connection = m_number;
        Q_EMIT m_proxy->eventsSeen(m_batch);
        m_batch.events.clear();
        m_batch.omitted = 0;
    }
    if (!m_reframer.isReframed()) // re-framed: units went out as they completed
        forwardRaw(read.rawEnd);
    if (m_phase != Phase::Streaming)
        return;
    if (!m_reframer.isReframed()) {
        // A fin or rst fired by an event of this read: the event went out first.
        const Fault::DropMode close = std::exchange(m_closeAfterForward, Fault::DropMode::Event);
        if (close != Fault::DropMode::Event) {
            closeForFault(close,
                          close == Fault::DropMode::Fin ? QStringLiteral("fin")
                                                        : QStringLiteral("rst"));
            return;
        }
        faults()->eventSent();
        if (m_phase != Phase::Streaming)
            return;
        if (maySwitch())
            m_reframer.switchToReframed();
    }
    if (!read.error.isEmpty()) {
        ++m_proxy->m_stats.upstreamErrors;
        // The client sees the response cut where the upstream broke it: closed after what is
        // queued (no last chunk), not reset, which would throw away the good events before it.
        finish(QStringLiteral("upstream %1 sent a %2").arg(m_upstream.name(), read.error));
        return;
    }
    if (read.complete)
        bodyEnded(true, QStringLiteral("response complete"));
}

void ProxyConnection::upstreamEnded(bool complete, const QString &reason)
{
    bodyEnded(complete, reason);
}

void ProxyConnection::bodyEnded(bool complete, const QString &reason)
{
    m_upstream.release();
    m_reframer.finish();
    if (m_reframer.isReframed()) {
        if (m_phase != Phase::Streaming)
            return;
        m_reframer.endReframed(complete);
        finish(reason);
    } else if (m_hook) {
        m_hook->upstreamFinished(complete, reason, *this);
    } else {
        finish(reason);
    }
}

bool ProxyConnection::upstreamReadable()
{
    return !m_relay.faults().isBlackholed();
}

bool ProxyConnection::clientFull()
{
    return m_relay.isFull();
}

void ProxyConnection::eventSeen(const SseEventView &view)
{
    ++m_proxy->m_stats.events;
    if (m_hook)
        m_hook->eventSeen(view);
    if (!m_reportEvents)
        return;
    if (m_batch.events.size() >= MaxBatchEvents) {
        ++m_batch.omitted;
        return;
    }
    m_batch.events.append(
        ProxyEventInfo {view.type.toByteArray(), view.id.toByteArray(), view.data.size()});
}

void ProxyConnection::commentSeen(QByteArrayView text)
{
    if (m_hook)
        m_hook->commentSeen(text);
}

// --- the client side ----------------------------------------------------------------------

void ProxyConnection::write(QByteArrayView bytes)
{
    m_relay.write(bytes);
}

void ProxyConnection::clientWritten()
{
    if (m_upstream.isPaused() && m_relay.hasRoom())
        m_upstream.resume();
}

void ProxyConnection::clientGone()
{
    if (m_phase == Phase::Ended)
        return;
    end(m_headSent ? QStringLiteral("client closed")
                   : QStringLiteral("client closed before the response"));
}

void ProxyConnection::answerError(int status, const QString &message, bool upstreamFault)
{
    if (m_phase == Phase::Ended)
        return;
    if (upstreamFault)
        ++m_proxy->m_stats.upstreamErrors;
    if (m_headSent) {
        reset(message);
        return;
    }
    m_upstream.release();
    m_status = status;
    m_headSent = true;
    write(ProxyRelay::answer(status, QByteArray(), "ssemon proxy: " + message.toUtf8() + '\n'));
    reportRequest(status, false, message);
    finish(QStringLiteral("answered %1: %2").arg(status).arg(message));
}

void ProxyConnection::answerFault(const Fault &fault, int id)
{
    const FaultBytes::Answer answer = FaultBytes::answer(fault);
    const int code = answer.status;
    m_status = code;
    m_headSent = true;
    m_phase = Phase::Streaming; // so that the fault's report and the write reach the client
    reportFault(id, fault, answer.detail);
    write(ProxyRelay::answer(code, answer.headers, answer.message + '\n'));
    reportRequest(code, false, QStringLiteral("fault: %1 %2").arg(fault.name()).arg(code));
    finish(QStringLiteral("fault: %1 %2").arg(fault.name()).arg(code));
}

void ProxyConnection::reportRequest(int status, bool fromUpstream, const QString &error)
{
    if (m_requestReported || !m_request.head().hasRequestLine())
        return;
    m_requestReported = true;
    m_requestInfo.status = status;
    m_requestInfo.fromUpstream = fromUpstream;
    m_requestInfo.error = error;
    if (m_requestInfo.method.isEmpty()) {
        m_requestInfo.method = m_request.head().method();
        m_requestInfo.path = m_request.head().target();
    }
    Q_EMIT m_proxy->requestProxied(m_requestInfo);
}

void ProxyConnection::finish(const QString &reason)
{
    if (m_phase == Phase::Ended)
        return;
    m_upstream.release();
    m_relay.finish();
    end(reason);
}

void ProxyConnection::reset(const QString &reason)
{
    if (m_phase == Phase::Ended)
        return;
    m_upstream.release();
    m_relay.reset();
    end(reason);
}

void ProxyConnection::abort(const QString &reason)
{
    reset(reason);
}

void ProxyConnection::end(const QString &reason)
{
    if (m_phase == Phase::Ended)
        return;
    m_phase = Phase::Ended;
    m_timer.stop();
    m_upstream.release();
    m_relay.reset();
    reportRequest(0, false, reason);
    ProxyDisconnectInfo info;
    info.connection = m_number;
    info.peer = m_requestInfo.peer;
    info.peerPort = m_requestInfo.peerPort;
    info.status = m_status;
    info.bytesToClient = m_relay.bytesWritten();
    info.bytesFromUpstream = m_upstream.bytesRead();
    info.events = m_reframer.events();
    info.lastEventId = m_reframer.lastEventId();
    info.readPauses = m_upstream.readPauses();
    info.durationMs = m_relay.faults().nowMs();
    info.reason = reason;
    if (!m_reframer.observationError().isEmpty())
        info.reason +=
            QStringLiteral(" (events not observed past: %1)").arg(m_reframer.observationError());
    m_proxy->connectionFinished(this, info);
}

// --- faults -------------------------------------------------------------------------------

FaultController *ProxyConnection::faults() const
{
    return m_proxy->m_faults;
}

void ProxyConnection::reportFault(int id, const Fault &fault, const QString &detail)
{
    faults()->report(id, fault, m_number, detail, FaultReport::State::Acted);
}

void ProxyConnection::eventPassed()
{
    faults()->eventPassed(m_number);
}

void ProxyConnection::eventSent()
{
    faults()->eventSent();
}

ProxyClientInfo ProxyConnection::info() const
{
    ProxyClientInfo info;
    info.connection = m_number;
    info.peer = m_requestInfo.peer;
    info.peerPort = m_requestInfo.peerPort;
    info.method = m_requestInfo.method;
    info.path = m_requestInfo.path;
    info.status = m_status;
    info.events = m_reframer.events();
    info.lastEventId = m_reframer.lastEventId();
    info.bytesToClient = m_relay.bytesWritten();
    info.bufferedBytes = bufferedBytes() + m_relay.faults().pendingBytes();
    info.connectedMs = m_relay.faults().nowMs();
    info.reframed = m_reframer.isReframed();
    return info;
}

void ProxyConnection::reconfigureShaper()
{
    m_relay.faults().configure(*faults(), m_number);
}

bool ProxyConnection::needsEvents(int id, const Fault &fault)
{
    if (m_reframer.isObserving())
        return true;
    faults()->report(id, fault, m_number,
                     QStringLiteral("not applied: the response is not an uncompressed "
                                    "text/event-stream"),
                     FaultReport::State::NotApplied);
    return false;
}

// The proxy's side of a fault acting on its stream: events can be acted on only once the
// response is understood, and acting on them (or injecting) switches to re-framing.
class ProxyConnection::FaultActions : public StreamFaults::Host
{
public:
    explicit FaultActions(ProxyConnection *connection)
        : c(connection)
    { }

    void report(int id, const Fault &fault, const QString &detail,
                FaultReport::State state) override
    {
        c->faults()->report(id, fault, c->m_number, detail, state);
    }
    void closeNow(Fault::DropMode mode, const QString &what) override
    {
        c->closeForFault(mode, what);
    }
    void closeAfterEvent(Fault::DropMode mode) override
    {
        // Re-framed, the close waits in the event faults; else after the bytes forwarded now.
        if (c->m_reframer.isReframed())
            c->m_relay.faults().events().setCloseAfterEvent(mode);
        else
            c->m_closeAfterForward = mode;
    }
    void inject(int id, const Fault &fault, const QByteArray &bytes) override
    {
        // Injected between two units, so that it does not corrupt an event by accident.
        c->m_reframer.inject(id, fault, bytes);
        c->requestReframe();
    }
    void blackhole() override { c->m_relay.faults().blackhole(); }
    bool canActOnEvents(int id, const Fault &fault) override { return c->needsEvents(id, fault); }
    void eventsEngaged() override { c->requestReframe(); }

private:
    ProxyConnection *c;
};

void ProxyConnection::actOnFault(int id, const Fault &fault, bool onEvent)
{
    FaultActions actions(this);
    m_relay.faults().act(id, fault, onEvent, *faults(), actions);
}

void ProxyConnection::requestReframe()
{
    if (m_phase != Phase::Streaming)
        return;
    m_reframer.requestReframe(m_upstream.nothingDecoded(), m_upstream.atChunkBoundary());
}

void ProxyConnection::closeForFault(Fault::DropMode mode, const QString &what)
{
    if (m_phase == Phase::Ended)
        return;
    if (mode != Fault::DropMode::Rst) {
        m_reframer.endGzip();
        finish(QStringLiteral("fault: ") + what + QStringLiteral(" (FIN)"));
        return;
    }
    m_relay.resetAfterWritten();
    reset(QStringLiteral("fault: ") + what + QStringLiteral(" (RST)"));
}
