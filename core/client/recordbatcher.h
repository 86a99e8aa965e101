// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "clientrecord.h"

#include <QList>

#include <atomic>
#include <functional>
#include <memory>

class QObject;

// Flow control between the worker and the consumer: batches emitted but not yet delivered.
// Past RecordBatcher::kMaxInFlight the worker stops reading, so the reply's bounded buffer fills
// and TCP slows the server down, instead of batches piling up without bound in the consumer's
// event queue; the consumer resumes the worker once it has caught up.
struct SseDeliveryBacklog
{
    std::atomic<int> inFlight {0};
    std::atomic<bool> paused {false};
};

// The worker's records on their way to the consumer: appended one by one, handed over as one
// ClientBatch per network read or timer event (flush(), scheduleFlush()), never more than
// kMaxRecords in a batch, and with the backlog counting the batches in flight so that reading
// stops past kMaxInFlight of them (admitRead()). A plain class of the worker's thread.
class RecordBatcher
{
public:
    using Backlog = SseDeliveryBacklog;
    static constexpr qsizetype kMaxRecords = 4096;
    static constexpr int kMaxInFlight = 16;

    // Where each batch goes, with the generation it belongs to. The batch is handed over: the
    // batcher keeps no reference to it, so its records are freed on the consumer's side.
    using Sink = std::function<void(quint64 generation, ClientBatch &&batch)>;
    // The stats each batch carries, as of its last record; asked once per batch.
    using StatsSource = std::function<const SseClientStats &()>;

    void setSink(Sink sink) { m_sink = std::move(sink); }
    void setStatsSource(StatsSource source) { m_statsSource = std::move(source); }
    void setBacklog(std::shared_ptr<Backlog> backlog) { m_backlog = std::move(backlog); }
    Backlog &backlog() const { return *m_backlog; }
    void setGeneration(quint64 generation) { m_generation = generation; }

    // A new record of connection `conn`, stamped now. A full batch is flushed first, so that
    // what is in flight (kMaxInFlight batches) is bounded too. The reference is valid until the
    // next append() or flush().
    ClientRecord &append(ClientRecord::Kind kind, int conn);

    bool isEmpty() const { return m_records.isEmpty(); }
    qsizetype size() const { return m_records.size(); }
    // Drops the records not handed over yet.
    void clear() { m_records.clear(); }
    // Hands what was appended to the sink as one batch (nothing when there is nothing) and
    // counts it in flight.
    void flush();
    // Flushes once the events already queued for `context`'s thread have run, so that a burst
    // of reads becomes one batch while a lone read is still delivered at once. `context` must
    // outlive the batcher's use (the worker that owns it).
    void scheduleFlush(QObject *context);

    // Whether the worker may read now: false once kMaxInFlight batches are in flight, with the
    // backlog marked paused for the consumer to resume it. Paused first, then checked again,
    // so that a consumer catching up in between is not missed (it clears `paused` after
    // lowering `inFlight`).
    bool admitRead();

private:
    QList<ClientRecord> m_records;
    quint64 m_generation = 0;
    std::shared_ptr<Backlog> m_backlog = std::make_shared<Backlog>();
    Sink m_sink;
    StatsSource m_statsSource;
    bool m_flushScheduled = false;
};

// Inline: one call per record on the hot path.
inline ClientRecord &RecordBatcher::append(ClientRecord::Kind kind, int conn)
{
    if (m_records.size() >= kMaxRecords)
        flush();
    ClientRecord &record = m_records.emplaceBack();
    record.kind = kind;
    record.monotonicNs = monotonicNowNs();
    record.conn = conn;
    return record;
}

inline bool RecordBatcher::admitRead()
{
    if (m_backlog->inFlight.load() < kMaxInFlight)
        return true;
    m_backlog->paused.store(true);
    if (m_backlog->inFlight.load() >= kMaxInFlight)
        return false;
    m_backlog->paused.store(false);
    return true;
}
