// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "clientrecord.h"
#include "sseclientoptions.h"

#include <QObject>

#include <memory>

class SseConnection;
class SseClientThread;
struct SseDeliveryBacklog;
namespace CrossThread {
class Inbox;
}

// An SSE client (request, state machine, reconnects with Last-Event-ID) driven from the thread
// that owns it. The network work (the transport, parser, timers, timestamps) runs in a worker
// thread so that a busy consumer cannot inflate the latency it measures; what it sees arrives
// here in order, in batches (one per network read or timer), through recordsReady(). The
// thread is the client's own, or one it shares with other clients (SseClientThread::shared()):
// their HTTP/2 streams to one origin then share one connection.
class SseClient : public QObject
{
    Q_OBJECT
public:
    explicit SseClient(QObject *parent = nullptr); // on a thread of its own
    explicit SseClient(std::shared_ptr<SseClientThread> thread, QObject *parent = nullptr);
    // Stops the session without emitting anything and deletes the worker in its thread (and
    // joins the thread when no other client holds it).
    ~SseClient() override;

    SseClientOptions options() const { return m_options; }
    void setOptions(const SseClientOptions &options); // takes effect at the next open()

    ClientState state() const { return m_state; }
    SseClientStats stats() const { return m_stats; } // as of the last delivered batch
    // True while the worker holds off reading because batches wait for this thread (flow
    // control: the consumer is behind). Safe to call at any time, also from a blocked slot.
    bool isReadingPaused() const;

    // For a consumer that queues batches and takes their records a slice at a time (a GUI
    // bounding the work of each turn of its event loop): each delivered batch then keeps its
    // flow-control credit (ClientBatch::holdsCredit) until the consumer calls releaseBatch()
    // for it, so the worker stops reading while the consumer's queue is long, exactly as it
    // does while batches wait in the event queue.
    void setDeferredRelease(bool deferred) { m_deferredRelease = deferred; }
    bool deferredRelease() const { return m_deferredRelease; }
    void releaseBatch();

public Q_SLOTS:
    // Starts a new session: connection and event counters restart, the initial Last-Event-ID
    // comes from the options. A running session is first closed with reason "reopened".
    void open();
    // Goes on with the last session, as a reconnect would: connection numbers, counters, the
    // reconnection time and (on the same URL) the last event ID, sent as Last-Event-ID,
    // continue; the time it stood stopped counts as neither up nor down. With another URL the
    // event IDs start afresh. Like open() when there was no session yet.
    void resume();
    // Ends everything at once: the request is aborted, no reconnect fires afterwards, a
    // `closed` state record carrying `reason` (default "stopped") is delivered before close()
    // returns and is the last thing delivered; records still in flight are dropped. Blocks
    // until the worker has stopped. If the session had already ended on its own (its final
    // `closed`/`failed` batch in flight), that batch is delivered instead and close() emits
    // nothing. Does nothing when no session is running.
    void close(const QString &reason = QString());

Q_SIGNALS:
    void recordsReady(const ClientBatch &batch);
    void stateChanged(ClientState state, const QString &reason);
    // The session ended for good: Closed (limit, 204, user, clean end without reconnect) or
    // Failed. Emitted after the batch that carries the final state.
    void finished(ClientState state);

private:
    void begin(bool resume);
    void deliver(quint64 generation, const ClientBatch &batch);

    SseClientOptions m_options;
    ClientState m_state = ClientState::Idle;
    SseClientStats m_stats;
    quint64 m_generation = 0; // batches of an older session are dropped
    bool m_active = false; // a session is running (its final state not delivered yet)
    bool m_opened = false; // a session ran: resume() has something to go on from
    bool m_deferredRelease = false;
    std::shared_ptr<SseClientThread> m_thread;
    SseConnection *m_worker = nullptr; // lives in m_thread
    CrossThread::Inbox *m_workerInbox = nullptr; // the worker's child: runs what we post there
    CrossThread::Inbox *m_inbox = nullptr; // ours: batches from the worker run here
    std::shared_ptr<SseDeliveryBacklog> m_backlog;
};
