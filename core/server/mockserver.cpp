// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockserver.h"
#include "mockserver_p.h"

#include "faults/faultbytes.h"
#include "mockworker.h"
#include "sse/idtracker.h"
#include "sse/sseencoder.h"

#include <QTcpSocket>

#include <memory>

MockServer::Private::Private(MockServer *owner)
    : q(owner)
    , responder(&owner->m_options)
    , listener(new MockListener)
    , connections(std::make_unique<MockConnections>(&owner->m_options, this))
    , faults(new FaultController(this, owner))
    , streams(&owner->m_options, &owner->m_stats, faults, this)
    , source(streams.source())
{
    QObject::connect(listener, &MockListener::accepted, q, [this](qintptr descriptor) {
        connections->accept(descriptor, listener->socketParent());
    });
    QObject::connect(listener, &MockListener::acceptPaused, q, &MockServer::acceptPaused);
    QObject::connect(listener, &MockListener::acceptResumed, q, &MockServer::acceptResumed);
    QObject::connect(faults, &FaultController::faultFired, q, &MockServer::faultFired);
    QObject::connect(faults, &FaultController::scenarioStepRun, q, &MockServer::scenarioStepRun);
    QObject::connect(faults, &FaultController::scenarioFinished, q, &MockServer::scenarioFinished);
    mcpTimer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&mcpTimer, &QTimer::timeout, q, [this] { tickMcp(); });
}

MockServer::Private::~Private()
{
    // Joins the I/O threads; their sockets close with them.
    connections.reset();
    // Deletes the sockets still lingering, which are its children.
    delete listener;
}

void MockServer::Private::peerShutDown(MockClient *client)
{
    if (!client->isStreaming()) {
        finish(client, QStringLiteral("client closed before the request was complete"), false);
        return;
    }
    if (client->isBlackholed()) {
        // Nothing may be sent to find out whether it still listens.
        finish(client, QStringLiteral("client closed"), false);
        return;
    }
    // The peer closed its side. A half-close (shutdown(SHUT_WR) after the request) still reads
    // the stream, a peer that went away answers the next bytes with a reset: find out now with
    // a blank line, which an SSE reader ignores between events, rather than at the next
    // heartbeat (there may be none).
    send(client, QByteArrayLiteral("\n"), 0, 0);
}

void MockServer::Private::handleRequest(MockClient *client, qint64 leftoverBytes)
{
    const MockResponder::Decision decision =
        responder.decide(client->reader(), streams.count(), preset.get(), mcp.get());
    switch (decision.kind) {
    case MockResponder::Decision::Kind::Answer:
        answer(client, decision.status, decision.message, decision.headers, {}, decision.json);
        return;
    case MockResponder::Decision::Kind::Head: {
        logRequest(client, 200);
        if (client->isFinished())
            return;
        const QByteArray head = responder.streamHead();
        client->write(head, 0, 0);
        stats().bytesSent += head.size();
        finish(client, QStringLiteral("answered HEAD"), true);
        return;
    }
    case MockResponder::Decision::Kind::Stream:
        break;
    }
    if (answerWithFault(client))
        return;
    // Bytes that came with the head are the start of the body; a POST body is read and thrown
    // away, then the stream is served as for GET (as LLM streaming APIs do). A preset reads it.
    if (preset || mcp)
        client->keepBody(decision.bodyBytes);
    else
        client->takeBody();
    client->setBodyRemaining(qMax<qint64>(0, decision.bodyBytes - leftoverBytes));
    if (client->bodyRemaining() > 0)
        client->setPhase(MockClient::Phase::ReadingBody);
    else
        bodyComplete(client);
}

void MockServer::Private::bodyComplete(MockClient *client)
{
    if (mcp)
        serveMcp(client);
    else if (preset)
        servePreset(client);
    else
        startStream(client);
}

void MockServer::Private::servePreset(MockClient *client)
{
    client->requestTimer().stop();
    const std::shared_ptr<const ProviderPreset> provider = preset;
    ProviderPreset::Request request;
    request.client = client->number();
    ProviderPreset::Error error;
    if (!provider->readRequest(client->reader().target(), client->takeBody(), &request, &error)) {
        answer(client, error.status, error.body, {}, {}, true);
        return;
    }
    const ProviderPreset::Answer reply =
        ProviderPreset::answerFor(request, ProviderPreset::expand(options().presetText, request));
    if (!request.stream) {
        answer(client, 200, provider->whole(request, reply), provider->headers(request),
               QStringLiteral("answered"), true);
        return;
    }
    // An error-event fault writes the provider's error event.
    client->streamFaults().events().setErrorEvent(
        [provider](const QByteArray &event) { return provider->errorEvent(event); });
    startStream(client, provider->headers(request), provider->stream(request, reply));
}

void MockServer::Private::startStream(MockClient *client, const QByteArray &presetHeaders,
                                      std::optional<QList<ProviderPreset::Frame>> presetFrames,
                                      const QByteArray &preamble, bool stayOpen)
{
    client->requestTimer().stop();
    client->setPhase(MockClient::Phase::Streaming);
    // Nothing more is expected on a stream (no pipelining): the I/O thread reads and forgets.
    if (client->worker() && !client->isBlackholed())
        client->worker()->setReadMode(client->number(), MockWorker::ReadMode::Discard);
    streams.add(client);
    stats().clients = streams.count();
    logRequest(client, 200);
    if (client->isFinished()) // a slot stopped the server
        return;

    if (faults->hasShaping())
        configureShaper(client);
    QByteArray out = responder.streamHead(
        client->hasContentType() ? std::optional(client->contentType()) : std::nullopt,
        client->gzipArmed(), presetHeaders);
    if (client->gzipArmed()) {
        // The head goes out as is; the body from here on is compressed.
        if (!send(client, out, 0, 0))
            return;
        out.clear();
        client->streamFaults().startGzip();
    }
    if (presetFrames) {
        // The provider's stream: no retry, replay or burst of ours.
        if (!send(client, out + preamble, 0, 0))
            return;
        Q_EMIT q->clientCountChanged(streams.count());
        if (client->isFinished())
            return;
        if (!stayOpen) {
            streams.startPreset(client, std::move(*presetFrames));
            return;
        }
        for (const ProviderPreset::Frame &frame : std::as_const(*presetFrames)) {
            if (!streams.sendOwnEvent(client, frame.bytes, 0))
                return;
        }
        return;
    }
    if (options().retryMs >= 0)
        SseEncoder::appendRetry(out, options().retryMs);

    const HttpRequestReader &reader = client->reader();
    qint64 resumeAfter = 0;
    // A non-numeric or absent Last-Event-ID means "from now on".
    const bool resume = reader.hasHeader("Last-Event-ID")
        && IdTracker::parseId(reader.header("Last-Event-ID"), &resumeAfter);
    const qint64 limit = options().eventsPerStream;
    qint64 events = 0;
    if (options().burst) {
        client->setBurst(true);
        client->setNextBurstNumber(resume ? resumeAfter + 1 : 1);
        if (client->socket()) {
            QObject::connect(client->socket(), &QIODevice::bytesWritten, client->socket(),
                             [this, client] { streams.fillBurst(client); });
        } else if (client->worker()) {
            client->worker()->setNotifyDrain(client->number(), true);
        }
    } else if (resume) {
        // Every kept event after the client's last one, in order, before any live event: the
        // client sees no gap (as far as the history reaches) and no repeat.
        qint64 last = 0;
        events = source.appendReplay(out, resumeAfter, limit, client->number(), &last);
        if (options().ids && events > 0)
            client->setLastId(last);
    }
    if (!send(client, out, events, 0))
        return;
    Q_EMIT q->clientCountChanged(streams.count());
    if (client->isFinished())
        return;
    if (limit > 0 && events >= limit) {
        finish(client, QStringLiteral("event limit"), true);
        return;
    }
    if (client->isBurst())
        streams.fillBurst(client);
}

void MockServer::Private::answer(MockClient *client, int status, const QByteArray &message,
                                 const QByteArray &extraHeaders, const QString &reason, bool json)
{
    logRequest(client, status);
    if (client->isFinished())
        return;
    if (status >= 400)
        ++stats().errorsAnswered;
    const bool head = client->reader().method() == "HEAD";
    // A JSON answer without a body (the mcp preset's 202 and 204) has no Content-Type.
    const QByteArray response = json && message.isEmpty()
        ? responder.emptyAnswer(status, extraHeaders)
        : json ? responder.jsonAnswer(status, message, extraHeaders, head)
               : responder.answer(status, message, extraHeaders, head);
    client->write(response, 0, 0);
    stats().bytesSent += response.size();
    finish(client, reason.isEmpty() ? MockResponder::answeredReason(status) : reason, true);
}

void MockServer::Private::logRequest(const MockClient *client, int status)
{
    ++stats().requests;
    const HttpRequestReader &reader = client->reader();
    MockRequestInfo info;
    info.client = client->number();
    info.peer = client->peer();
    info.peerPort = client->peerPort();
    info.method = reader.method();
    info.path = reader.target();
    info.hasLastEventId = reader.hasHeader("Last-Event-ID");
    info.lastEventId = reader.header("Last-Event-ID");
    info.status = status;
    Q_EMIT q->requestLogged(info);
}

void MockServer::Private::slowReader(MockClient *client)
{
    ++stats().slowDropped;
    finish(client,
           QStringLiteral("slow reader: write buffer over %1 bytes")
               .arg(options().maxClientBufferBytes),
           false);
}

void MockServer::Private::requestTimedOut(MockClient *client)
{
    if (client->isStreaming() || client->isFinished())
        return;
    answer(client, 408,
           "request not complete within " + QByteArray::number(options().requestTimeoutMs) + " ms",
           {}, QStringLiteral("request timeout"));
}

bool MockServer::Private::canActOut(const Fault &fault, QString *error) const
{
    return MockServer::canApply(fault, error);
}

void MockServer::Private::actOn(int id, const Fault &fault, int number, bool onEvent)
{
    if (number != 0) {
        MockClient *client = connections->find(number);
        if (client && client->isStreaming())
            actOnClient(id, fault, client, onEvent);
        return;
    }
    const QList<MockClient *> targets = streams.list(); // acting may finish some
    for (MockClient *client : targets) {
        // A broadcast event does not reach burst streams: they have their own.
        if (client->isFinished() || !fault.targets(client->number())
            || (onEvent && client->isBurst()))
            continue;
        actOnClient(id, fault, client, onEvent);
    }
}

void MockServer::Private::shapingChanged(const Fault &fault)
{
    const QList<MockClient *> targets = streams.list();
    for (MockClient *client : targets) {
        if (fault.targets(client->number()))
            configureShaper(client);
    }
}

quint16 MockServer::Private::closePort()
{
    if (!listener->isListening())
        return 0;
    const quint16 port = listener->port();
    listener->close();
    return port;
}

bool MockServer::Private::reopenPort(quint16 port)
{
    return listener->listen(options().host, port);
}

QString MockServer::Private::applySettings(const Scenario::Step &step)
{
    if (step.heartbeatMs || step.heartbeatForm) {
        MockServerOptions::HeartbeatForm form = options().heartbeatForm;
        if (step.heartbeatForm == QLatin1String("comment"))
            form = MockServerOptions::HeartbeatForm::Comment;
        else if (step.heartbeatForm == QLatin1String("event"))
            form = MockServerOptions::HeartbeatForm::Event;
        else if (step.heartbeatForm == QLatin1String("data"))
            form = MockServerOptions::HeartbeatForm::Data;
        q->setHeartbeat(step.heartbeatMs.value_or(options().heartbeatMs), form);
    }
    if (step.eventMs)
        q->setEventInterval(*step.eventMs);
    if (step.payload)
        q->setPayloadTemplate(*step.payload);
    return {};
}

// The mock server's side of a fault acting on one of its streams.
class MockServer::Private::ClientActions : public StreamFaults::Host
{
public:
    ClientActions(Private *d, MockClient *client)
        : d(d)
        , client(client)
    { }

    void report(int id, const Fault &fault, const QString &detail,
                FaultReport::State state) override
    {
        d->faults->report(id, fault, client->number(), detail, state);
    }
    void closeNow(Fault::DropMode mode, const QString &what) override
    {
        d->closeForFault(client, mode, what);
    }
    void closeAfterEvent(Fault::DropMode mode) override
    {
        client->streamFaults().events().setCloseAfterEvent(mode);
    }
    void inject(int id, const Fault &fault, const QByteArray &bytes) override
    {
        report(id, fault,
               fault.kind == Fault::Kind::Retry
                   ? QStringLiteral("sent retry: %1").arg(fault.ms)
                   : QStringLiteral("sent %1 bytes of garbage").arg(bytes.size()),
               FaultReport::State::Acted);
        if (!d->send(client, bytes, 0, 0))
            return;
        // A line without end only stays one if nothing follows it.
        if (fault.kind == Fault::Kind::Garbage && fault.garbage == Fault::GarbageKind::NoEol)
            d->finish(client, QStringLiteral("fault: garbage noeol"), true);
    }
    void blackhole() override { client->blackhole(); }

private:
    Private *d;
    MockClient *client;
};

void MockServer::Private::actOnClient(int id, const Fault &fault, MockClient *client, bool onEvent)
{
    ClientActions actions(this, client);
    client->streamFaults().act(id, fault, onEvent, *faults, actions);
}

void MockServer::Private::closeForFault(MockClient *client, Fault::DropMode mode,
                                        const QString &what)
{
    if (mode == Fault::DropMode::Rst) {
        // finish() would abort politely; reset first so that the peer sees RST.
        stats().bytesSent -= client->reset();
        finish(client, QStringLiteral("fault: ") + what + QStringLiteral(" (RST)"), false);
    } else {
        finish(client, QStringLiteral("fault: ") + what + QStringLiteral(" (FIN)"), true);
    }
}

void MockServer::Private::configureShaper(MockClient *client)
{
    client->streamFaults().configure(*faults, client->number());
}

bool MockServer::Private::answerWithFault(MockClient *client)
{
    if (!faults->hasArmedResponses())
        return false;
    const FaultController::ResponsePlan plan = faults->takeResponseFaults(client->number());
    if (plan.contentType)
        client->setContentType(*plan.contentType);
    if (plan.gzip)
        client->armGzip();
    if (plan.slowHeadersMs > 0)
        client->streamFaults().stall(plan.slowHeadersMs);
    if (!plan.answer)
        return false;
    const FaultBytes::Answer reply = FaultBytes::answer(*plan.answer);
    faults->report(plan.answerId, *plan.answer, client->number(), reply.detail);
    // A preset's errors are the provider's JSON, which its SDKs read (a 429's Retry-After too).
    const bool json = (preset || mcp) && reply.status >= 400;
    const QByteArray body = !json ? reply.message
        : mcp                     ? McpPreset::errorBody(reply.status, reply.message)
                                  : preset->errorBody(reply.status, reply.message);
    answer(client, reply.status, body, reply.headers,
           QStringLiteral("fault: %1 %2").arg(plan.answer->name()).arg(reply.status), json);
    return true;
}

void MockServer::Private::finish(MockClient *client, const QString &reason, bool graceful)
{
    if (client->isFinished())
        return;
    const bool wasStream = client->isStreaming();
    client->setPhase(MockClient::Phase::Finished);
    if (wasStream)
        streams.remove(client);
    if (wasStream && mcp)
        mcp->listenerGone(client->number());
    // What was queued on an aborted connection never reaches the client: it was not sent.
    stats().bytesSent -= connections->release(client, graceful);
    stats().clients = streams.count();
    Q_EMIT q->clientDisconnected(client->disconnectInfo(reason));
    if (wasStream)
        Q_EMIT q->clientCountChanged(streams.count());
}

void MockServer::Private::finishAll(const QString &reason)
{
    // Oldest first, for a readable log.
    for (MockClient *client : connections->all())
        finish(client, reason, false);
    // Connections already answered and closing politely.
    listener->abortLingering();
    connections->abortLingering();
}

MockServer::MockServer(QObject *parent)
    : QObject(parent)
    , d(new Private(this))
{ }

MockServer::~MockServer()
{
    // Whoever listens may be half destroyed by now (a parent deleting its children): stop
    // without telling anyone.
    blockSignals(true);
    stop();
    delete d;
}

void MockServer::setOptions(const MockServerOptions &options)
{
    m_options = options;
    d->preset = ProviderPreset::create(options.preset); // null when none (start() says why)
    // Sessions outlive a change of other options, not a change of preset.
    if (options.preset != McpPreset::Name)
        d->mcp.reset();
    else if (!d->mcp)
        d->mcp = std::make_unique<McpPreset>(&m_options);
    d->source.setPayloadTemplate(options.payloadTemplate);
    d->source.setHistoryCapacity(options.history);
    d->restartTimers();
}

void MockServer::setHeartbeat(qint64 intervalMs, MockServerOptions::HeartbeatForm form)
{
    m_options.heartbeatMs = intervalMs;
    m_options.heartbeatForm = form;
    d->streams.restartHeartbeats(d->listener->isListening());
}

void MockServer::setEventInterval(qint64 intervalMs)
{
    m_options.eventMs = intervalMs;
    d->streams.restartEvents(d->listener->isListening());
    d->restartMcpTimer();
}

void MockServer::setPayloadTemplate(const QByteArray &payloadTemplate)
{
    m_options.payloadTemplate = payloadTemplate;
    // Events already kept in the history keep the template they were made with.
    d->source.setPayloadTemplate(payloadTemplate);
}

void MockServer::setPresetAnswer(const QByteArray &text, double tokenRate, qint64 tokenJitterMs)
{
    m_options.presetText = text;
    m_options.tokenRate = qMax(0.0, tokenRate);
    m_options.tokenJitterMs = qMax<qint64>(0, tokenJitterMs);
}

bool MockServer::start(QString *errorMessage)
{
    const QString where = m_options.host.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]:%2").arg(m_options.host.toString()).arg(m_options.port)
        : QStringLiteral("%1:%2").arg(m_options.host.toString()).arg(m_options.port);
    if (d->listener->isListening()) {
        if (errorMessage)
            *errorMessage = QStringLiteral("already listening on ") + url().toString();
        return false;
    }
    if (!m_options.preset.isEmpty() && !d->preset && !d->mcp) {
        if (errorMessage) {
            *errorMessage = QStringLiteral("unknown preset \"%1\" (known: %2)")
                                .arg(QString::fromUtf8(m_options.preset),
                                     QString::fromUtf8(ProviderPreset::names()));
        }
        return false;
    }
    if (d->connections->isEmpty() && !d->connections->startWorkers(errorMessage))
        return false;
    const bool again = m_options.port == 0 && d->lastPort != 0 && d->lastHost == m_options.host;
    if (!(again && d->listener->listen(m_options.host, d->lastPort))
        && !d->listener->listen(m_options.host, m_options.port)) {
        if (errorMessage) {
            *errorMessage =
                QStringLiteral("cannot listen on %1: %2").arg(where, d->listener->errorString());
        }
        return false;
    }
    d->lastHost = m_options.host;
    d->lastPort = d->listener->port();
    d->restartTimers();
    return true;
}

void MockServer::stop()
{
    d->faults->cancelRefuse();
    d->streams.stopTimers();
    d->mcpTimer.stop();
    d->listener->close();
    d->finishAll(QStringLiteral("server stopped"));
}

bool MockServer::isListening() const
{
    return d->listener->isListening();
}

QHostAddress MockServer::address() const
{
    return d->listener->isListening() ? d->listener->address() : m_options.host;
}

quint16 MockServer::port() const
{
    if (d->faults->refusedPort() != 0)
        return d->faults->refusedPort();
    return d->listener->isListening() ? d->listener->port() : m_options.port;
}

QUrl MockServer::url() const
{
    QHostAddress host = address();
    // A wildcard address is where we listen, not where to connect: name loopback instead.
    if (host == QHostAddress::AnyIPv4 || host == QHostAddress::Any)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host.toString());
    url.setPort(port());
    // A preset's URL is its main endpoint (Gemini's has a query).
    const QByteArray target = d->mcp ? d->mcp->path()
        : d->preset                  ? d->preset->primaryPath()
                                     : m_options.path;
    const qsizetype query = target.indexOf('?');
    url.setPath(QString::fromUtf8(target.left(query < 0 ? target.size() : query)));
    if (query >= 0)
        url.setQuery(QString::fromUtf8(target.mid(query + 1)));
    return url;
}

QList<MockClientInfo> MockServer::clients() const
{
    QList<MockClientInfo> list;
    list.reserve(d->streams.count());
    for (const MockClient *client : d->streams.list())
        list.append(client->info());
    return list;
}

bool MockServer::canApply(const Fault &fault, QString *errorMessage)
{
    return StreamFaults::canActOut(fault, errorMessage);
}

int MockServer::applyFault(const Fault &fault, QString *errorMessage)
{
    return d->faults->apply(fault, errorMessage);
}

bool MockServer::removeFault(int id)
{
    return d->faults->remove(id);
}

void MockServer::clearFaults()
{
    d->faults->clear();
}

void MockServer::setFaultSeed(quint32 seed)
{
    d->faults->setSeed(seed);
}

QList<FaultController::Entry> MockServer::faults() const
{
    return d->faults->faults();
}

const FaultController &MockServer::faultController() const
{
    return *d->faults;
}

FaultController *MockServer::faultEngine()
{
    return d->faults;
}

void MockServer::runScenario(const Scenario &scenario)
{
    d->faults->runScenario(scenario);
}

void MockServer::stopScenario()
{
    d->faults->stopScenario();
}

bool MockServer::isScenarioRunning() const
{
    return d->faults->isScenarioRunning();
}

MockServerStats MockServer::stats() const
{
    MockServerStats stats = m_stats;
    stats.faultsFired = d->faults->faultsFired();
    stats.acceptErrors = d->listener->acceptErrors();
    return stats;
}
