// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "sseconnection.h"

#include "httpstream.h"
#include "qnamstream.h"

#include "lens/lenscontext.h"

#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <utility>

namespace {

constexpr qint64 kNsPerMs = 1000 * 1000;
// An application/json answer a lens reads (MCP) is kept whole up to this, then fails.
constexpr qsizetype kMaxJsonAnswer = 4 * 1024 * 1024;

// `1732180000000` or `1732180000000.123`, surrounding spaces allowed; nothing else.
bool parseUnixMs(QByteArrayView text, double *ms)
{
    const QByteArray trimmed = text.toByteArray().trimmed();
    if (trimmed.isEmpty())
        return false;
    int dots = 0;
    for (qsizetype i = 0; i < trimmed.size(); ++i) {
        const char c = trimmed.at(i);
        if (c == '.') {
            if (++dots > 1 || i == 0 || i == trimmed.size() - 1)
                return false;
        } else if (c < '0' || c > '9') {
            return false;
        }
    }
    bool ok = false;
    *ms = trimmed.toDouble(&ok);
    return ok;
}

double unixNowMs()
{
    using namespace std::chrono;
    const auto us = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
    return double(us) / 1000.0;
}

qint64 unixNowNs()
{
    using namespace std::chrono;
    return qint64(duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count());
}

QString statusText(const ClientTransport *stream, int status)
{
    // Latin-1, as RFC 9110 has it for reason phrases; bounded by the head limit.
    const QString phrase = QString::fromLatin1(stream->reasonPhrase()).trimmed();
    QString text = QStringLiteral("HTTP ") + QString::number(status);
    if (!phrase.isEmpty())
        text += QLatin1Char(' ') + phrase;
    return text;
}

} // namespace

SseConnection::SseConnection(QObject *parent)
    : QObject(parent)
    , m_reconnectTimer(new QTimer(this))
    , m_idleTimer(new QTimer(this))
    , m_headTimer(new QTimer(this))
    , m_parser(this)
{
    m_batcher.setStatsSource([this]() -> const SseClientStats & { return updateStats(); });
    m_reconnectTimer->setSingleShot(true);
    m_idleTimer->setSingleShot(true);
    m_headTimer->setSingleShot(true);
    // Precise timers: a reconnect delay or idle timeout of a few ms must not become 5% longer.
    m_reconnectTimer->setTimerType(Qt::PreciseTimer);
    m_idleTimer->setTimerType(Qt::PreciseTimer);
    m_headTimer->setTimerType(Qt::PreciseTimer);
    connect(m_reconnectTimer, &QTimer::timeout, this, [this] {
        // SSE rule: a reconnect is always timer-driven, never run from inside finished().
        if (m_active)
            startAttempt();
    });
    connect(m_idleTimer, &QTimer::timeout, this, &SseConnection::onIdleTimeout);
    connect(m_headTimer, &QTimer::timeout, this, &SseConnection::onHeadTimeout);
}

SseConnection::~SseConnection()
{
    discardStream(Teardown::Delete);
}

qint64 SseConnection::nowNs()
{
    return monotonicNowNs();
}

void SseConnection::start(const SseClientOptions &options, quint64 generation, bool resume)
{
    StopResult ignored;
    stop(&ignored);

    // Resuming goes on from where the last session of this worker stopped: its connection
    // numbers, counters, reconnection time and last event ID. Another URL is another stream:
    // the numbering and counters go on, its ids and Last-Event-ID do not.
    resume = resume && m_sessionStartNs > 0;
    const bool sameStream = resume && options.url == m_options.url;
    const QByteArray lastEventId = sameStream ? m_parser.lastEventId() : options.lastEventId;
    const qint64 retryMs = m_reconnects.retryMs();
    m_options = options;
    if (m_options.method.isEmpty())
        m_options.method = QByteArrayLiteral("GET");
    m_batcher.setGeneration(generation);
    m_active = true;
    m_state = ClientState::Idle;
    m_openSinceNs = 0;
    m_lastHeartbeatNs = 0;
    m_reconnects.reset(m_options);
    if (resume) {
        // The time it stood stopped is neither uptime nor downtime.
        m_sessionStartNs += nowNs() - m_sessionEndNs;
        if (sameStream)
            m_reconnects.setRetryMs(retryMs);
        else
            m_ids.reset();
    } else {
        m_conn = 0;
        m_seq = 0;
        m_readNo = 0;
        m_sessionStartNs = nowNs();
        m_uptimeNs = 0;
        m_intervals = 0;
        m_intervalMean = 0;
        m_intervalM2 = 0;
        m_ids.reset();
        m_stats = SseClientStats();
        // A session's cookies are its own.
        delete std::exchange(m_cookieJar, nullptr);
    }
    m_sessionEndNs = 0;
    m_stats.retryMs = m_reconnects.retryMs();
    m_batcher.clear();
    m_raw.setLimit(options.rawFrameLimit);
    m_lens.setChoice(m_options.lens);
    JsonPointer latencyField; // the root (no field) unless a valid pointer is given
    JsonPointer::parse(m_options.latencyField, &latencyField);
    m_lens.setLatencyField(latencyField);

    m_parser.setLimits(options.limits);
    m_parser.setLastEventId(lastEventId);
    m_parser.restart();
    if (resume) {
        m_resumeNote = sameStream
            ? (lastEventId.isEmpty()
                   ? QStringLiteral("resumed (no event ID to resume from yet)")
                   : QStringLiteral("resumed from event ID ") + QString::fromUtf8(lastEventId))
            : QStringLiteral("resumed on another URL: its event IDs start afresh");
    }

    QString error;
    if (!m_requests.prepare(m_options, &error)) {
        // Nothing was sent: a bad URL, CA file or proxy fails before any request.
        finishSession(ClientState::Failed, error);
        flush();
        return;
    }
    startAttempt();
}

bool SseConnection::stop(StopResult *result)
{
    m_reconnectTimer->stop();
    m_idleTimer->stop();
    m_headTimer->stop();
    discardStream(Teardown::Delete);
    m_batcher.clear();
    if (!m_active)
        return false;
    if (m_state == ClientState::Open) {
        leaveOpen();
        endLens(LensStream::End::Stopped, QString());
    }
    m_active = false;
    m_sessionEndNs = nowNs();
    m_parser.finish();
    result->lens = std::exchange(m_lensEnd, nullptr);
    result->conn = m_conn;
    result->uptimeMs = m_uptimeNs / kNsPerMs;
    result->downtimeMs = (m_sessionEndNs - m_sessionStartNs - m_uptimeNs) / kNsPerMs;
    return true;
}

void SseConnection::shutdown()
{
    StopResult ignored;
    stop(&ignored);
}

void SseConnection::startAttempt()
{
    ++m_conn;
    ++m_stats.attempts;
    // SSE rule: reconnects start from the original URL.
    m_redirects.begin(m_options.url, m_options.method, m_options.body, m_options.maxRedirects);
    m_eventsThisConnection = 0;
    m_onWireToName = false;
    m_lastHeartbeatNs = 0; // heartbeat intervals are measured within one connection
    // WHATWG: a new stream starts from the committed last event ID; an unterminated event of
    // the previous stream was discarded with its id.
    m_parser.restart();
    m_raw.reset();
    appendState(ClientState::Connecting, std::exchange(m_resumeNote, QString()));
    sendRequest();
    flush();
}

void SseConnection::sendRequest()
{
    m_responseChecked = false;
    m_jsonAnswer = false;
    m_jsonBody.clear();
    m_redirects.noteSent();
    const HttpStreamRequest request =
        m_requests.build(m_redirects.url(), m_redirects.method(), m_redirects.body(),
                         m_redirects.dropCredentials(), m_parser.lastEventId());

    m_stream = makeTransport(request,
                             m_onWireToName
                                 || m_requests.transportFor(request.method, request.body)
                                     == ClientTransport::Kind::Wire);
    auto attempt = std::make_shared<AttemptInfo>();
    attempt->transport = ClientTransport::kindName(m_stream->kind()).toLatin1();
    attempt->method = request.method;
    attempt->url = request.url.toEncoded(QUrl::RemovePassword);
    attempt->requestHeaders = request.headers;
    m_attempt = std::move(attempt);
    m_timingRecorded = false;
    connect(m_stream, &ClientTransport::headProgress, this, [this] {
        // SSE rule: any received byte re-arms the idle watchdog, a byte of the head too.
        if (m_options.idleTimeoutMs > 0)
            m_idleTimer->start(int(std::min<qint64>(m_options.idleTimeoutMs, INT_MAX)));
    });
    connect(m_stream, &ClientTransport::headReceived, this, &SseConnection::onHeadReceived);
    connect(m_stream, &ClientTransport::readyRead, this, &SseConnection::onReadyRead);
    connect(m_stream, &ClientTransport::finished, this, &SseConnection::onFinished);
#if QT_CONFIG(ssl)
    connect(m_stream, &ClientTransport::sslErrorsIgnored, this,
            [this](const QList<QSslError> &errors) {
                // Explicit and per connection: the errors are still shown.
                QStringList texts;
                for (const QSslError &e : errors)
                    texts.append(e.errorString());
                append(ClientRecord::Kind::Error).message =
                    QStringLiteral("ignored TLS errors: ") + texts.join(QStringLiteral("; "));
                flush();
            });
#endif
    m_stream->start(request);
    // SSE rule: the idle watchdog also covers a server that accepts and then says nothing.
    if (m_options.idleTimeoutMs > 0)
        m_idleTimer->start(int(std::min<qint64>(m_options.idleTimeoutMs, INT_MAX)));
    if (m_options.headTimeoutMs > 0)
        m_headTimer->start(int(std::min<qint64>(m_options.headTimeoutMs, INT_MAX)));
}

void SseConnection::onHeadReceived()
{
    if (!m_stream)
        return;
    m_headTimer->stop();
    if (m_options.idleTimeoutMs > 0)
        m_idleTimer->start(int(std::min<qint64>(m_options.idleTimeoutMs, INT_MAX)));
    if (m_stream->kind() == ClientTransport::Kind::Qnam && m_pool) {
        const QnamPool::Manager &manager = static_cast<QnamStream *>(m_stream)->manager();
        if (manager != m_ownManager)
            m_pool->noteProtocol(manager, m_stream->protocol());
    }
    if (!m_responseChecked)
        checkResponse();
    flush();
}

bool SseConnection::checkResponse()
{
    if (!m_stream->isHeadComplete())
        return true; // no response head yet
    m_responseChecked = true;
    const int status = m_stream->statusCode();
    m_attempt->protocol = m_stream->protocol();
    m_attempt->status = status;
    m_attempt->reason = m_stream->reasonPhrase();
    m_attempt->responseHeaders = m_stream->headerFields();
    // What ended the attempt here is shown with its answer: a status page, an error in JSON.
    const auto keepBody = [this] {
        const QByteArray body = m_stream->read();
        m_attempt->bodyBytes = body.size();
        m_attempt->body = body.left(AttemptInfo::kMaxBody);
    };
    if (RedirectPolicy::isRedirect(status)) {
        followRedirect(status);
        return false;
    }
    if (status == 204) {
        // SSE rule: 204 is the server's way to stop the client for good.
        keepBody();
        finishSession(ClientState::Closed, QStringLiteral("server sent 204 No Content"), status);
        return false;
    }
    if (status == 202 && m_attempt->method != "GET") {
        // Accepted, nothing to stream: how MCP Streamable HTTP answers a POST of notifications
        // or responses only. The request did what it was sent for; not a failure.
        keepBody();
        finishSession(ClientState::Closed,
                      QStringLiteral("server accepted the request (202 Accepted): no stream"),
                      status);
        return false;
    }
    if (status != 200) {
        keepBody();
        const QString text = statusText(m_stream, status);
        if (m_reconnects.retriesStatus(status)) {
            // SSE rule: resilient mode retries 5xx and 429 with backoff; Retry-After is a floor.
            const qint64 floor = ReconnectPolicy::retryAfterMs(m_stream->header("Retry-After"));
            discardStream();
            handleDrop(text, status, floor);
            return false;
        }
        finishSession(ClientState::Failed, text, status);
        return false;
    }
    const LensContext lens = lensContext(status);
    const QByteArray contentType = m_stream->header("Content-Type").trimmed();
    if (contentType.isEmpty()) {
        keepBody();
        finishSession(ClientState::Failed,
                      QStringLiteral("missing Content-Type (expected text/event-stream)"), status);
        return false;
    }
    // SSE rule: the media type decides, parameters ignored, case-insensitive.
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray mediaType =
        (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
    // MCP's Streamable HTTP may answer a POST with one JSON document instead of a stream: when
    // the lens reads that protocol, the document is read whole and handed on as one event.
    m_jsonAnswer = mediaType == "application/json" && m_lens.readsJsonAnswer(lens);
    if (mediaType != "text/event-stream" && !m_jsonAnswer) {
        keepBody();
        finishSession(ClientState::Failed,
                      QStringLiteral("unexpected Content-Type \"%1\" (expected text/event-stream)")
                          .arg(QString::fromLatin1(contentType)),
                      status);
        return false;
    }
    m_openSinceNs = nowNs();
    ++m_stats.connections;
    ClientRecord &open = appendState(
        ClientState::Open,
        m_jsonAnswer ? QStringLiteral("the answer is application/json: read whole as one event")
                     : QString(),
        status);
    open.attempt = m_attempt;
    noteLens(open, m_lens.begin(lens));
    return true;
}

LensContext SseConnection::lensContext(int status) const
{
    LensContext lens;
    lens.method = m_attempt->method;
    lens.url = m_attempt->url;
    lens.requestHeaders = m_attempt->requestHeaders;
    lens.requestBody = m_redirects.body();
    lens.status = status;
    lens.responseHeaders = m_attempt->responseHeaders;
    const AttemptTiming timing = m_stream->timing();
    lens.requestStartNs = timing.startNs;
    lens.firstByteNs = timing.firstByteNs;
    // The wall clock when the request started: now, less the time since on the steady clock.
    lens.wallClockNs = unixNowNs() - (nowNs() - timing.startNs);
    return lens;
}

void SseConnection::followRedirect(int status)
{
    const RedirectPolicy::Step step = m_redirects.follow(status, m_stream->header("Location"));
    if (!step.follow) {
        finishSession(ClientState::Failed, step.text, status);
        return;
    }
    discardStream();
    appendState(ClientState::Connecting, step.text, status);
    sendRequest();
}

void SseConnection::onReadyRead()
{
    if (!m_stream)
        return;
    if (!m_responseChecked && !checkResponse()) {
        flush();
        return;
    }
    if (m_state == ClientState::Open) {
        if (!m_batcher.admitRead()) {
            ++m_stats.readPauses;
            return;
        }
        consume(m_stream->read());
    }
    scheduleFlush();
}

void SseConnection::resumeReading()
{
    if (m_stream && m_stream->bytesAvailable() > 0)
        onReadyRead();
}

void SseConnection::consume(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    m_stats.bytes += bytes.size();
    ++m_readNo;
    m_readBytes = bytes.size();
    // SSE rule: any received byte, even half a line, re-arms the idle watchdog.
    if (m_options.idleTimeoutMs > 0)
        m_idleTimer->start(int(std::min<qint64>(m_options.idleTimeoutMs, INT_MAX)));
    if (m_jsonAnswer) {
        if (m_jsonBody.size() + bytes.size() > kMaxJsonAnswer) {
            finishSession(ClientState::Failed,
                          QStringLiteral("the application/json answer is larger than %1 MiB")
                              .arg(kMaxJsonAnswer / (1024 * 1024)),
                          200);
            return;
        }
        m_jsonBody.append(bytes);
        return;
    }
    const bool capture = m_options.captureRawFrames;
    if (capture)
        m_raw.beginRead(bytes, m_parser.streamOffset());
    const bool ok = m_parser.feed(bytes);
    if (capture)
        m_raw.endRead(m_parser.frameStart());
    if (!ok) {
        // SSE rule (caps): a cap fails the connection; a retry would hit the same cap.
        finishSession(ClientState::Failed, m_parser.errorString(), 200);
    }
}

void SseConnection::onFinished()
{
    ClientTransport *stream = m_stream;
    if (!stream)
        return;
    m_headTimer->stop();
    if (stream->kind() == ClientTransport::Kind::Qnam && !stream->isHeadComplete()
        && stream->failedVaguely() && m_options.transport == SseClientOptions::Transport::Auto
        && !m_onWireToName) {
        // QNAM said something like "Connection closed" or "Protocol failure": the same request
        // (a GET: auto sends nothing else through QNAM unasked) goes once more on the wire
        // transport, whose reader names what the server did.
        append(ClientRecord::Kind::Error).message =
            QStringLiteral("QNAM: %1; repeating the request on the wire transport to name the "
                           "cause")
                .arg(stream->errorString());
        m_stream = nullptr;
        disconnect(stream, nullptr, this, nullptr);
        retire(stream);
        stream->deleteLater();
        m_onWireToName = true;
        sendRequest();
        flush();
        return;
    }
    if (!m_responseChecked && stream->isHeadComplete()) {
        if (!checkResponse()) {
            flush();
            return;
        }
    }
    if (m_state == ClientState::Open) {
        // What arrived before the end: parsed before the end is acted on.
        consume(stream->read());
        if (!m_stream) { // a parser cap ended the session
            flush();
            return;
        }
    }
    const QString error = stream->errorString();
    if (std::exchange(m_jsonAnswer, false) && error.isEmpty() && m_state == ClientState::Open) {
        // The whole application/json answer: one event, as if the stream had carried it.
        SseEvent answer;
        answer.type = QByteArrayLiteral("message");
        answer.data = std::exchange(m_jsonBody, QByteArray()).trimmed();
        event(answer);
    }
#if QT_CONFIG(ssl)
    const QList<QSslError> sslErrors = stream->sslErrors();
#endif
    disconnect(stream, nullptr, this, nullptr);
    retire(stream);
    stream->deleteLater();
    m_stream = nullptr;
    m_idleTimer->stop();
    // WHATWG: at end of stream a partial line and an undispatched event are discarded.
    m_parser.finish();
#if QT_CONFIG(ssl)
    if (!sslErrors.isEmpty() && !m_options.ignoreSslErrors) {
        // A certificate problem does not fix itself: fail instead of retrying.
        QStringList texts;
        for (const QSslError &e : sslErrors)
            texts.append(e.errorString());
        finishSession(ClientState::Failed,
                      QStringLiteral("TLS error: ") + texts.join(QStringLiteral("; ")));
        flush();
        return;
    }
#endif
    handleDrop(error);
    flush();
}

void SseConnection::onIdleTimeout()
{
    if (!m_stream || !m_active)
        return;
    if (m_stream->bytesAvailable() > 0) {
        // Data did arrive; it waits because the consumer is behind (flow control).
        m_idleTimer->start();
        return;
    }
    const QString message =
        QStringLiteral("no data for %1 ms (idle timeout)").arg(m_options.idleTimeoutMs);
    append(ClientRecord::Kind::Error).message = message;
    discardStream();
    m_parser.finish();
    handleDrop(message);
    flush();
}

void SseConnection::onHeadTimeout()
{
    if (!m_stream || !m_active || m_stream->isHeadComplete())
        return;
    // Connect, TLS handshake, status line and headers took too long: a server that accepts and
    // says nothing, a handshake that never completes, or a head sent a byte at a time.
    const QString message =
        QStringLiteral("no response head within %1 ms (head timeout)").arg(m_options.headTimeoutMs);
    append(ClientRecord::Kind::Error).message = message;
    discardStream();
    m_parser.finish();
    handleDrop(message);
    flush();
}

void SseConnection::handleDrop(const QString &error, int httpStatus, qint64 floorMs)
{
    ReconnectPolicy::Drop drop;
    drop.error = error;
    drop.floorMs = floorMs;
    drop.wasOpen = m_state == ClientState::Open;
    if (drop.wasOpen) {
        endLens(LensStream::End::Closed, error);
        drop.openNs = nowNs() - m_openSinceNs;
        drop.events = m_eventsThisConnection;
        leaveOpen();
    }
    const ReconnectPolicy::Decision decision = m_reconnects.onDrop(drop);
    switch (decision.action) {
    case ReconnectPolicy::Action::Close:
        finishSession(ClientState::Closed, decision.reason, httpStatus);
        return;
    case ReconnectPolicy::Action::Fail:
        finishSession(ClientState::Failed, decision.reason, httpStatus);
        return;
    case ReconnectPolicy::Action::Reconnect:
        break;
    }
    ++m_stats.reconnects;
    ClientRecord &record =
        appendState(ClientState::Reconnecting, decision.reason, httpStatus, decision.delayMs);
    if (httpStatus > 0 && m_attempt && m_attempt->status == httpStatus)
        record.attempt = m_attempt;
    m_reconnectTimer->start(int(decision.delayMs));
}

void SseConnection::finishSession(ClientState state, const QString &reason, int httpStatus)
{
    if (m_state == ClientState::Open) {
        leaveOpen();
        endLens(LensStream::End::Closed, reason);
    }
    m_reconnectTimer->stop();
    discardStream();
    m_parser.finish();
    m_active = false;
    m_sessionEndNs = nowNs();
    ClientRecord &record = appendState(state, reason, httpStatus);
    if (httpStatus > 0 && m_attempt && m_attempt->status == httpStatus)
        record.attempt = m_attempt;
}

void SseConnection::discardStream(Teardown teardown)
{
    m_idleTimer->stop();
    m_headTimer->stop();
    if (!m_stream)
        return;
    ClientTransport *stream = std::exchange(m_stream, nullptr);
    // Disconnected and aborted first: an abort of ours is never mistaken for a network error or
    // a user's stop, and nothing of the stream is emitted afterwards.
    disconnect(stream, nullptr, this, nullptr);
    retire(stream);
    stream->abort();
    if (teardown == Teardown::Delete)
        delete stream; // not inside one of its signals here
    else
        stream->deleteLater();
}

ClientTransport *SseConnection::makeTransport(const HttpStreamRequest &request, bool wire)
{
    if (wire)
        return new HttpStream(this);
    // A request that may speak HTTP/2 shares its connection with the other clients of the
    // thread (QnamPool); any other keeps a manager of its own across attempts.
    if (m_pool && QnamPool::shareable(request))
        return new QnamStream(m_pool->acquire(request), this);
    if (!m_ownManager) {
        m_ownManager = QnamPool::create(this);
        if (m_options.cookies) {
            if (!m_cookieJar)
                m_cookieJar = new QNetworkCookieJar(this);
            m_ownManager->setCookieJar(m_cookieJar);
            m_cookieJar->setParent(this); // it outlives a replaced manager
        }
    }
    return new QnamStream(m_ownManager, this);
}

void SseConnection::retire(ClientTransport *stream)
{
    if (m_attempt && !m_timingRecorded)
        appendTiming(stream, 0);
    // Whatever Qt made of a connection whose request got no head (half a head, a resent
    // request), it is not reused. Nor is an HTTP/2 connection once its stream is over: Qt 6.4
    // queues the next request on a connection the server has sent GOAWAY on, where it waits
    // for good (tst_http2::resumesAfterGoaway).
    if (stream->kind() == ClientTransport::Kind::Qnam
        && (!stream->isHeadComplete() || stream->protocol() == "h2")) {
        const QnamPool::Manager &manager = static_cast<QnamStream *>(stream)->manager();
        if (manager == m_ownManager)
            m_ownManager.reset();
        else if (m_pool)
            m_pool->retire(manager);
    }
}

void SseConnection::appendTiming(const ClientTransport *stream, qint64 firstEventNs)
{
    m_timingRecorded = true;
    m_attempt->timing = stream->timing();
    m_attempt->timing.firstEventNs = firstEventNs;
    ClientRecord &record = append(ClientRecord::Kind::Timing);
    record.attempt = m_attempt;
}

void SseConnection::leaveOpen()
{
    if (m_openSinceNs > 0)
        m_uptimeNs += nowNs() - m_openSinceNs;
    m_openSinceNs = 0;
}

void SseConnection::noteLens(ClientRecord &record, const LensStream::Update &update)
{
    record.lensText = update.answer;
    const bool progress = update.changes.isEmpty() && m_options.lensProgressMs > 0
        && m_lens.isReading()
        && record.monotonicNs - m_lensReportNs >= qint64(m_options.lensProgressMs) * 1000000;
    if (update.changes.isEmpty() && !progress)
        return;
    record.lens = std::make_shared<const LensReport>(LensReport {update.changes, m_lens.facts()});
    m_lensReportNs = record.monotonicNs;
}

void SseConnection::endLens(LensStream::End end, const QString &reason)
{
    const LensStream::Update update = m_lens.finish(end, reason);
    if (!update.changes.isEmpty())
        m_lensEnd = std::make_shared<const LensReport>(LensReport {update.changes, m_lens.facts()});
}

void SseConnection::eventView(const SseEventView &view)
{
    m_rawStart = view.frameStart;
    m_rawEnd = view.frameEnd;
    event(view.take());
    m_rawStart = m_rawEnd = -1;
}

void SseConnection::event(const SseEvent &event)
{
    if (!m_timingRecorded && m_stream)
        appendTiming(m_stream, nowNs());
    ++m_seq;
    ++m_stats.events;
    QByteArrayView payload;
    const bool isHeartbeat = m_options.heartbeat.matchEvent(event.type, event.data, &payload);
    if (!isHeartbeat) {
        ++m_eventsThisConnection;
        // Only ids the block itself carried: an inherited id is not a new id.
        if (event.idInBlock)
            m_ids.observe(event.id);
    }
    ClientRecord &record = append(ClientRecord::Kind::Event);
    record.event = event;
    record.seq = m_seq;
    record.heartbeat = isHeartbeat;
    record.readNo = m_readNo;
    record.readBytes = m_readBytes;
    if (m_options.captureRawFrames)
        m_raw.capture(record, m_rawStart, m_rawEnd);
    // The lens sees every event, heartbeats too (a lens never hides one).
    noteLens(record, m_lens.event(event, record.monotonicNs));
    if (isHeartbeat)
        heartbeat(payload);
}

void SseConnection::comment(QByteArrayView text)
{
    if (!m_timingRecorded && m_stream)
        appendTiming(m_stream, nowNs());
    ++m_stats.comments;
    ClientRecord &record = append(ClientRecord::Kind::Comment);
    record.text = text.toByteArray();
    record.readNo = m_readNo;
    record.readBytes = m_readBytes;
    if (m_options.captureRawFrames)
        m_raw.capture(record, m_parser.lineStart(), m_parser.lineEnd());
    QByteArrayView payload;
    if (m_options.heartbeat.matchComment(text, &payload))
        heartbeat(payload);
}

void SseConnection::retry(qint64 milliseconds)
{
    m_lens.retry(milliseconds);
    // WHATWG: the reconnection time changes at once.
    m_reconnects.setRetryMs(milliseconds);
    m_stats.retryMs = milliseconds;
    append(ClientRecord::Kind::Retry).retryMs = milliseconds;
}

void SseConnection::heartbeat(QByteArrayView payload)
{
    const qint64 now = nowNs();
    ClientRecord &record = append(ClientRecord::Kind::Ping);
    double sentMs = 0;
    if (parseUnixMs(payload, &sentMs)) {
        // One-way latency: meaningful when both ends share a clock (the embedded mock server).
        record.latencyMs = unixNowMs() - sentMs;
        m_stats.lastLatencyMs = record.latencyMs;
    }
    if (m_lastHeartbeatNs > 0) {
        const double interval = double(now - m_lastHeartbeatNs) / double(kNsPerMs);
        record.intervalMs = interval;
        // Welford: mean and variance in one pass, no history kept.
        ++m_intervals;
        const double delta = interval - m_intervalMean;
        m_intervalMean += delta / double(m_intervals);
        m_intervalM2 += delta * (interval - m_intervalMean);
        m_stats.heartbeatIntervalMs = m_intervalMean;
        m_stats.heartbeatJitterMs = std::sqrt(m_intervalM2 / double(m_intervals));
    }
    m_lastHeartbeatNs = now;
    ++m_stats.heartbeats;
}

ClientRecord &SseConnection::appendState(ClientState state, const QString &reason, int httpStatus,
                                         qint64 delayMs)
{
    m_state = state;
    ClientRecord &record = append(ClientRecord::Kind::State);
    record.state = state;
    record.reason = reason;
    record.httpStatus = httpStatus;
    record.delayMs = delayMs;
    // The end of the stream that this state ends.
    record.lens = std::exchange(m_lensEnd, nullptr);
    return record;
}

const SseClientStats &SseConnection::updateStats()
{
    const qint64 now = m_active ? nowNs() : m_sessionEndNs;
    qint64 uptime = m_uptimeNs;
    if (m_state == ClientState::Open && m_openSinceNs > 0)
        uptime += now - m_openSinceNs;
    m_stats.uptimeMs = uptime / kNsPerMs;
    m_stats.downtimeMs = std::max<qint64>(0, now - m_sessionStartNs - uptime) / kNsPerMs;
    m_stats.lastEventId = m_parser.lastEventId();
    m_stats.lost = m_ids.lost();
    m_stats.duplicates = m_ids.duplicates();
    return m_stats;
}
