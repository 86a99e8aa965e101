// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

struct Fault;

#include <deque>

// Paces the bytes of one connection for the shaping faults, without a socket: latency (every
// write held for N ms), bandwidth (bytes per second), slicing (pieces of N bytes, T apart) and
// stalls (nothing until a time). The owner enqueues what it would have written, writes what
// take() returns and calls again at nextWakeMs(). Times are milliseconds on the owner's clock.
class TrafficShaper
{
public:
    void setLatency(qint64 ms) { m_latencyMs = qMax<qint64>(0, ms); }
    void setBandwidth(qint64 bytesPerSecond); // 0: unlimited
    void setSlice(qint64 bytes, qint64 delayMs); // bytes 0: no slicing
    void holdUntil(qint64 ms) { m_holdUntilMs = qMax(m_holdUntilMs, ms); }
    void clearRules(); // what is queued still drains, as scheduled
    // Adds a shaping fault's rule (latency, bandwidth, slice; other kinds are ignored) to the
    // ones set: with several, the largest latency and the smallest bandwidth win.
    void addRule(const Fault &fault);

    qint64 latencyMs() const { return m_latencyMs; }
    qint64 bandwidth() const { return m_bytesPerSecond; }
    qint64 sliceBytes() const { return m_sliceBytes; }
    qint64 sliceDelayMs() const { return m_sliceDelayMs; }
    bool isHeld(qint64 nowMs) const { return nowMs < m_holdUntilMs; }
    qint64 holdUntilMs() const { return m_holdUntilMs; }

    // Whether writes must go through enqueue(): a rule is set, a hold is pending or bytes are
    // queued (a direct write would overtake them).
    bool isActive(qint64 nowMs) const;
    qint64 pendingBytes() const { return m_pendingBytes; }

    void enqueue(const QByteArray &bytes, qint64 nowMs);
    // What may be written at nowMs, in order; empty when nothing is due yet.
    QByteArray take(qint64 nowMs);
    // When take() next returns something; -1 when nothing is queued.
    qint64 nextWakeMs(qint64 nowMs) const;
    // Everything queued, ignoring the rules (the connection is about to close).
    QByteArray takeAll();

private:
    struct Chunk
    {
        qint64 dueMs;
        QByteArray bytes;
        qsizetype offset = 0;
    };
    void refill(qint64 nowMs);
    double budgetCap() const;

    std::deque<Chunk> m_queue;
    qint64 m_pendingBytes = 0;
    qint64 m_latencyMs = 0;
    qint64 m_bytesPerSecond = 0;
    double m_budget = 0;
    qint64 m_refilledMs = -1;
    qint64 m_sliceBytes = 0;
    qint64 m_sliceDelayMs = 0;
    qint64 m_nextSliceMs = 0;
    qint64 m_holdUntilMs = 0;
};
