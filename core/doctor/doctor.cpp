// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "doctor.h"

#include "doctoranalysis.h"

#include "client/sseclient.h"

#include <QTimer>

#include <algorithm>
#include <climits>

namespace {

constexpr qint64 kNsPerMs = 1000000;

bool hasHeader(const SseClientOptions &options, QByteArrayView name)
{
    return std::any_of(options.headers.cbegin(), options.headers.cend(), [&](const auto &h) {
        return h.first.compare(name, Qt::CaseInsensitive) == 0;
    });
}

} // namespace

Doctor::Doctor(QObject *parent)
    : QObject(parent)
    , m_budget(new QTimer(this))
    , m_resumeTimer(new QTimer(this))
    , m_progress(new QTimer(this))
    , m_finalTimer(new QTimer(this))
{
    m_finalTimer->setSingleShot(true);
    connect(m_finalTimer, &QTimer::timeout, this, &Doctor::checkDone);
    m_budget->setSingleShot(true);
    m_budget->setTimerType(Qt::PreciseTimer);
    m_resumeTimer->setSingleShot(true);
    connect(m_budget, &QTimer::timeout, this, [this] { finish(QStringLiteral("budget")); });
    connect(m_resumeTimer, &QTimer::timeout, this, &Doctor::startResume);
    connect(m_progress, &QTimer::timeout, this, &Doctor::emitProgress);
}

Doctor::~Doctor()
{
    // The clients' destructors stop their sessions without emitting anything.
    m_mainClient.reset();
    m_resumeClient.reset();
    m_preflightClient.reset();
    m_finalClient.reset();
}

qint64 Doctor::resumeMs() const
{
    if (m_options.resumeMs > 0)
        return std::min(m_options.resumeMs, m_options.budgetMs / 2);
    return std::min<qint64>(15000, m_options.budgetMs / 4);
}

qint64 Doctor::elapsedMs() const
{
    if (!m_running)
        return m_report.elapsedMs;
    return (monotonicNowNs() - m_startNs) / kNsPerMs;
}

SseClientOptions Doctor::probeOptions() const
{
    SseClientOptions o = m_options.request;
    o.reconnect = false; // the doctor sees how the stream ends and reconnects itself
    o.compression = true; // as browsers ask: a compressing proxy shows itself
    o.idleTimeoutMs = 0; // the server's or a proxy's limit is what is measured
    o.captureRawFrames = true; // a few frames' bytes as evidence
    o.rawFrameLimit = DoctorStream::kMaxSampleBytes;
    o.lens = QByteArrayLiteral("none");
    // On http:// the wire transport reads the exact bytes and names how a stream ends (FIN,
    // RST, a framing lie); browsers speak HTTP/1.1 there anyway. https keeps QNAM under auto,
    // so that ALPN may choose HTTP/2 as it would for a browser.
    if (o.transport == SseClientOptions::Transport::Auto && o.url.scheme() == QStringLiteral("http")
        && !o.http2PriorKnowledge && !o.cookies)
        o.transport = SseClientOptions::Transport::Wire;
    if (!m_options.origin.isEmpty() && !hasHeader(o, "origin"))
        o.headers.append({QByteArrayLiteral("Origin"), m_options.origin});
    return o;
}

void Doctor::start()
{
    if (m_running)
        return;
    m_running = true;
    m_report = DoctorReport();
    m_report.url = m_options.request.url.toDisplayString();
    m_report.budgetMs = m_options.budgetMs;
    m_resumeId.clear();
    m_resumeSkipped.clear();
    m_resumeDecided = false;
    m_resumed.reset();
    m_resumeClient.reset();
    m_preflight.reset();
    m_preflightClient.reset();
    m_final.reset();
    m_finalClient.reset();
    m_finalId.clear();
    m_startNs = monotonicNowNs();
    m_main = std::make_unique<DoctorStream>(m_options.maxArrivals, m_options.request.heartbeat);
    m_mainClient = std::make_unique<SseClient>();
    m_mainClient->setOptions(probeOptions());
    connect(m_mainClient.get(), &SseClient::recordsReady, this, &Doctor::onMain);
    m_budget->start(int(std::clamp<qint64>(m_options.budgetMs, 1, INT_MAX)));
    m_resumeTimer->start(int(std::clamp<qint64>(m_options.budgetMs - resumeMs(), 0, INT_MAX)));
    m_progress->start(int(std::max<qint64>(50, m_options.progressMs)));
    m_mainClient->open();
    startPreflight();
}

void Doctor::startPreflight()
{
    const SseClientOptions &request = m_options.request;
    m_preflightAsked =
        DoctorAnalysis::preflightFor(request.method, request.headers, request.cookies);
    if (!m_preflightAsked.needed || m_options.origin.isEmpty())
        return;
    // As a browser sends it: the method and header names asked about, none of the request's
    // own headers (no credentials), no body.
    SseClientOptions o = probeOptions();
    o.method = QByteArrayLiteral("OPTIONS");
    o.body.clear();
    o.lastEventId.clear();
    o.cookies = false;
    o.headers = {{QByteArrayLiteral("Accept"), QByteArrayLiteral("*/*")},
                 {QByteArrayLiteral("Origin"), m_options.origin},
                 {QByteArrayLiteral("Access-Control-Request-Method"), request.method}};
    if (!m_preflightAsked.headers.isEmpty())
        o.headers.append({QByteArrayLiteral("Access-Control-Request-Headers"),
                          m_preflightAsked.headers.join(',')});
    m_preflight = std::make_unique<DoctorStream>(m_options.maxArrivals, request.heartbeat);
    m_preflightClient = std::make_unique<SseClient>();
    m_preflightClient->setOptions(o);
    connect(m_preflightClient.get(), &SseClient::recordsReady, this, &Doctor::onPreflight);
    m_preflightClient->open();
}

void Doctor::onPreflight(const ClientBatch &batch)
{
    if (!m_running || !m_preflight)
        return;
    for (const ClientRecord &record : batch.records)
        m_preflight->add(record);
    // Its head is the answer: a preflight answered with a stream is not held.
    if (m_preflight->attempt && !m_preflight->ended) {
        disconnect(m_preflightClient.get(), nullptr, this, nullptr);
        m_preflightClient->close(QStringLiteral("preflight answered"));
    }
    checkDone();
}

void Doctor::stop(const QString &why)
{
    finish(why);
}

void Doctor::onMain(const ClientBatch &batch)
{
    if (!m_running)
        return;
    const bool wasEnded = m_main->ended;
    for (const ClientRecord &record : batch.records)
        m_main->add(record);
    if (m_main->ended && !wasEnded) {
        if (!m_main->opened()) {
            // Nothing to hold or resume: the request itself failed.
            m_resumeDecided = true;
            finish(QStringLiteral("the request failed"));
            return;
        }
        // The stream ended: the reconnect, at once, is the next probe (what does a client
        // meet when it comes back, and does it get what it missed?).
        startResume();
    }
    checkDone();
}

void Doctor::onResumed(const ClientBatch &batch)
{
    if (!m_running || !m_resumed)
        return;
    for (const ClientRecord &record : batch.records)
        m_resumed->add(record);
    checkDone();
}

bool Doctor::resends() const
{
    const SseClientOptions &request = m_options.request;
    return request.method == "GET" || request.body.isEmpty() || request.retryNonGet;
}

SseClientOptions Doctor::reconnectOptions(const QByteArray &lastEventId) const
{
    SseClientOptions o = probeOptions();
    o.lastEventId = lastEventId;
    if (!resends()) {
        // A request with a body is not sent twice without leave: the stream is asked for
        // again with GET, as MCP's Streamable HTTP resumes a POST's stream.
        o.method = QByteArrayLiteral("GET");
        o.body.clear();
        o.headers.removeIf([](const auto &h) {
            return h.first.compare("content-type", Qt::CaseInsensitive) == 0;
        });
    }
    return o;
}

void Doctor::startFinal()
{
    const DoctorArrival *last = nullptr;
    for (const DoctorArrival &a : m_main->arrivals) {
        if (a.kind == DoctorArrival::Kind::Event && !a.heartbeat && a.idInBlock)
            last = &a;
    }
    m_finalId = last ? last->id : QByteArray();
    m_final = std::make_unique<DoctorStream>(m_options.maxArrivals, m_options.request.heartbeat);
    m_finalClient = std::make_unique<SseClient>();
    m_finalClient->setOptions(reconnectOptions(m_finalId));
    connect(m_finalClient.get(), &SseClient::recordsReady, this, [this](const ClientBatch &b) {
        if (!m_running || !m_final)
            return;
        for (const ClientRecord &record : b.records)
            m_final->add(record);
        checkDone();
    });
    m_finalTimer->start(kFinalWatchMs);
    m_finalClient->open();
}

bool Doctor::wantsFinal() const
{
    // A stream the server ended cleanly after events with ids: what does a client that comes
    // back after the last one get (204, the same stream again, more)?
    if (!m_main->ended || !m_main->endReason.startsWith(QStringLiteral("stream ended"))
        || !m_resumeSkipped.isEmpty())
        return false;
    return std::any_of(m_main->arrivals.cbegin(), m_main->arrivals.cend(), [](const auto &a) {
        return a.kind == DoctorArrival::Kind::Event && !a.heartbeat && a.idInBlock;
    });
}

bool Doctor::finalDecided() const
{
    return m_final->ended || !m_finalTimer->isActive() || m_final->events >= 3;
}

void Doctor::startResume()
{
    if (!m_running || m_resumeDecided)
        return;
    m_resumeDecided = true;
    m_resumeTimer->stop();
    const SseClientOptions &request = m_options.request;
    // An id a few events back, so that the reconnect must replay what the first stream had
    // after it: the comparison needs no knowledge of how the server numbers its events.
    QList<QByteArray> ids;
    for (const DoctorArrival &a : m_main->arrivals) {
        if (a.kind == DoctorArrival::Kind::Event && !a.heartbeat && a.idInBlock)
            ids.append(a.id);
    }
    if (!resends() && ids.size() < 2) {
        m_resumeSkipped = QStringLiteral("the request has a body and its events no ids: "
                                         "resending the body may not be safe (a second "
                                         "generation, a second charge); allow it with "
                                         "--retry-post");
        checkDone();
        return;
    }
    if (ids.size() < 2) {
        // Without ids there is nothing to resume from; the analysis says which it was.
        if (!m_main->ended) {
            checkDone();
            return;
        }
    } else {
        m_resumeId = ids.at(std::max<qsizetype>(0, ids.size() - 4));
    }
    m_resumed = std::make_unique<DoctorStream>(m_options.maxArrivals, request.heartbeat);
    const SseClientOptions o = reconnectOptions(m_resumeId);
    m_resumeClient = std::make_unique<SseClient>();
    m_resumeClient->setOptions(o);
    connect(m_resumeClient.get(), &SseClient::recordsReady, this, &Doctor::onResumed);
    m_resumeClient->open();
}

void Doctor::checkDone()
{
    if (!m_running || !m_main->ended || !m_resumeDecided)
        return;
    if (m_preflight && !m_preflight->attempt && !m_preflight->ended)
        return;
    if (m_resumed && !m_resumed->ended) {
        // The reconnect goes on until it has replayed what the first stream had after the id
        // (and one more), or the budget ends.
        if (!m_resumed->opened())
            return;
        // Without an id to resume from, the reconnect's answer is all there is to see (a body
        // sent again: as many events as the first time, to compare them).
        if (m_resumeId.isEmpty()) {
            if (!m_options.request.body.isEmpty() && m_resumed->events < m_main->events)
                return;
        } else if (!replayedEnough()) {
            return;
        }
    }
    if (wantsFinal()) {
        if (!m_final) {
            startFinal();
            return;
        }
        if (!finalDecided())
            return;
    }
    finish(QStringLiteral("all probes done"));
}

bool Doctor::replayedEnough() const
{
    qint64 after = -1;
    for (const DoctorArrival &a : m_main->arrivals) {
        if (a.kind != DoctorArrival::Kind::Event || a.heartbeat)
            continue;
        if (after >= 0)
            ++after;
        else if (a.idInBlock && a.id == m_resumeId)
            after = 0;
    }
    qint64 got = 0;
    for (const DoctorArrival &a : m_resumed->arrivals)
        got += a.kind == DoctorArrival::Kind::Event && !a.heartbeat ? 1 : 0;
    return after >= 0 && got > after;
}

void Doctor::emitProgress()
{
    if (!m_running)
        return;
    const qint64 elapsed = elapsedMs();
    QString what;
    if (!m_main->opened())
        what = QStringLiteral("waiting for the response");
    else if (!m_main->ended)
        what = QStringLiteral("holding the stream: %1 events, %2 heartbeats")
                   .arg(m_main->events)
                   .arg(m_main->heartbeats + m_main->comments);
    else
        what = QStringLiteral("the stream ended after %1")
                   .arg(DoctorAnalysis::duration(m_main->endNs - m_main->openNs));
    if (m_resumed) {
        what += QStringLiteral("; reconnect with Last-Event-ID: %1 events").arg(m_resumed->events);
    }
    Q_EMIT progressed(elapsed, m_options.budgetMs, what);
    Q_EMIT progress(
        QStringLiteral("%1/%2 s  %3").arg(elapsed / 1000).arg(m_options.budgetMs / 1000).arg(what));
}

void Doctor::finish(const QString &why)
{
    if (!m_running)
        return;
    m_running = false;
    m_budget->stop();
    m_resumeTimer->stop();
    m_progress->stop();
    m_finalTimer->stop();
    const qint64 now = monotonicNowNs();
    // Our own close is no end of the stream: nothing more is read.
    for (SseClient *client :
         {m_mainClient.get(), m_resumeClient.get(), m_preflightClient.get(), m_finalClient.get()}) {
        if (client) {
            disconnect(client, nullptr, this, nullptr);
            client->close(QStringLiteral("doctor done"));
        }
    }
    m_main->stopObserving(now);
    for (DoctorStream *stream : {m_resumed.get(), m_preflight.get(), m_final.get()}) {
        if (stream)
            stream->stopObserving(now);
    }

    m_report.elapsedMs = (now - m_startNs) / kNsPerMs;
    m_report.endedBy = why;
    // What the streams showed over time, for plots; the wall clock is read once, here.
    m_report.timeline =
        DoctorTimeline::fromStreams(m_main.get(), m_resumed.get(), m_resumeId, m_startNs,
                                    QDateTime::currentDateTimeUtc().addMSecs(-m_report.elapsedMs));
    if (m_final)
        m_report.timeline.addAfterEnd(*m_main, *m_final, m_finalId, m_startNs);
    DoctorAnalysis::Inputs inputs;
    inputs.main = m_main.get();
    inputs.resumed = m_resumed.get();
    inputs.resumeId = m_resumeId;
    inputs.resumeSkipped = m_resumeSkipped;
    if (!m_resumeDecided && m_main->opened())
        inputs.resumeSkipped = QStringLiteral("the run ended before the reconnect was due");
    inputs.origin = m_options.origin;
    inputs.preflight = m_preflight.get();
    inputs.final = m_final.get();
    inputs.finalId = m_finalId;
    if (!resends())
        inputs.reconnectMethod = QByteArrayLiteral("GET");
    inputs.hasBody = !m_options.request.body.isEmpty();
    inputs.resentBody = inputs.hasBody && resends();
    inputs.preflightAsked = m_preflightAsked;
    inputs.https = m_options.request.url.scheme() == QStringLiteral("https");
    inputs.silenceWarnMs = m_options.silenceWarnMs;
    DoctorAnalysis::analyze(inputs, &m_report);
    Q_EMIT finished(m_report);
}
