// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "sseclient.h"

#include "sseclientthread.h"
#include "sseconnection.h"
#include "util/crossthread.h"

#include <QThread>

SseClient::SseClient(QObject *parent)
    : SseClient(std::make_shared<SseClientThread>(), parent)
{ }

SseClient::SseClient(std::shared_ptr<SseClientThread> thread, QObject *parent)
    : QObject(parent)
    , m_thread(std::move(thread))
{
    qRegisterMetaType<ClientBatch>();
    qRegisterMetaType<ClientState>();

    m_worker = new SseConnection;
    m_workerInbox = new CrossThread::Inbox(m_worker);
    m_inbox = new CrossThread::Inbox(this);
    m_backlog = std::make_shared<SseDeliveryBacklog>();
    m_worker->setBacklog(m_backlog);
    // Batches come back through our inbox, in order (a queued signal would do the same; the
    // inbox also lets ThreadSanitizer see the hand-over, see util/crossthread.h).
    CrossThread::Inbox *inbox = m_inbox;
    m_worker->setSink([this, inbox](quint64 generation, ClientBatch &&batch) {
        CrossThread::post(
            inbox, [this, generation, batch = std::move(batch)] { deliver(generation, batch); });
    });
    m_worker->setPool(m_thread->pool());
    m_worker->moveToThread(m_thread->thread());
}

SseClient::~SseClient()
{
    // The worker goes in its own thread, which may go on serving other clients.
    SseConnection *worker = m_worker;
    CrossThread::call(m_thread->inbox(), [worker] {
        worker->shutdown();
        delete worker;
    });
}

bool SseClient::isReadingPaused() const
{
    return m_backlog->paused.load();
}

void SseClient::setOptions(const SseClientOptions &options)
{
    m_options = options;
}

void SseClient::open()
{
    begin(false);
}

void SseClient::resume()
{
    begin(m_opened);
}

void SseClient::begin(bool resume)
{
    if (m_active)
        close(QStringLiteral("reopened"));
    ++m_generation;
    m_active = true;
    m_opened = true;
    if (!resume) {
        m_stats = SseClientStats();
        m_stats.retryMs = m_options.retryMs;
        m_stats.lastEventId = m_options.lastEventId;
    }
    SseConnection *worker = m_worker;
    const quint64 generation = m_generation;
    const SseClientOptions options = m_options;
    CrossThread::post(m_workerInbox, [worker, options, generation, resume] {
        worker->start(options, generation, resume);
    });
}

void SseClient::close(const QString &reason)
{
    if (!m_active)
        return;
    SseConnection *worker = m_worker;
    SseConnection::StopResult result;
    bool wasRunning = false;
    // SSE rule: a user's Stop ends everything at once. Blocking until the worker has aborted the
    // reply and stopped its timers is what makes "no reconnect fires afterwards" true.
    CrossThread::call(m_workerInbox,
                      [worker, &result, &wasRunning] { wasRunning = worker->stop(&result); });
    if (!wasRunning)
        return; // the session ended on its own; its final batch is on its way

    ++m_generation; // drops whatever the worker sent before it stopped
    m_active = false;
    m_state = ClientState::Closed;
    m_stats.uptimeMs = result.uptimeMs;
    m_stats.downtimeMs = result.downtimeMs;

    ClientRecord record;
    record.kind = ClientRecord::Kind::State;
    record.monotonicNs = SseConnection::nowNs();
    record.conn = result.conn;
    record.state = ClientState::Closed;
    record.reason = reason.isEmpty() ? QStringLiteral("stopped") : reason;
    record.lens = result.lens;
    ClientBatch batch;
    batch.records.append(record);
    batch.stats = m_stats;

    const quint64 generation = m_generation;
    emit recordsReady(batch);
    if (generation != m_generation)
        return; // a slot reopened the client
    emit stateChanged(ClientState::Closed, record.reason);
    if (generation != m_generation)
        return;
    emit finished(ClientState::Closed);
}

void SseClient::releaseBatch()
{
    // A paused worker resumes once half the window is free.
    if (m_backlog->inFlight.fetch_sub(1) - 1 <= SseConnection::kMaxInFlight / 2
        && m_backlog->paused.exchange(false)) {
        SseConnection *worker = m_worker;
        CrossThread::post(m_workerInbox, [worker] { worker->resumeReading(); });
    }
}

void SseClient::deliver(quint64 generation, const ClientBatch &delivered)
{
    // Every batch gives its credit back: a dropped one now, a delivered one now or, with
    // deferred release, when the consumer says it has taken it.
    if (generation != m_generation || !m_active) {
        releaseBatch();
        return;
    }
    ClientBatch held;
    if (m_deferredRelease) {
        held = delivered;
        held.holdsCredit = true;
    } else {
        releaseBatch();
    }
    const ClientBatch &batch = m_deferredRelease ? held : delivered;
    // Event counters and the last event ID describe what was delivered, so they come from the
    // batch; the state is the last one in it.
    m_stats = batch.stats;
    bool final = false;
    for (const ClientRecord &record : batch.records) {
        if (record.kind != ClientRecord::Kind::State)
            continue;
        m_state = record.state;
        if (record.state == ClientState::Closed || record.state == ClientState::Failed)
            final = true;
    }
    if (final)
        m_active = false;

    // Slots may call close() or open(): stop emitting for this batch as soon as they do.
    emit recordsReady(batch);
    for (const ClientRecord &record : batch.records) {
        if (generation != m_generation)
            return;
        if (record.kind == ClientRecord::Kind::State)
            emit stateChanged(record.state, record.reason);
    }
    if (final && generation == m_generation)
        emit finished(m_state);
}
