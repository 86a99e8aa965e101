// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "trafficshaper.h"

#include "fault.h"

#include <cmath>

void TrafficShaper::setBandwidth(qint64 bytesPerSecond)
{
    m_bytesPerSecond = qMax<qint64>(0, bytesPerSecond);
    m_refilledMs = -1;
}

void TrafficShaper::setSlice(qint64 bytes, qint64 delayMs)
{
    m_sliceBytes = qMax<qint64>(0, bytes);
    m_sliceDelayMs = qMax<qint64>(0, delayMs);
}

void TrafficShaper::addRule(const Fault &fault)
{
    switch (fault.kind) {
    case Fault::Kind::Latency:
        setLatency(qMax(m_latencyMs, fault.ms));
        break;
    case Fault::Kind::Bandwidth:
        setBandwidth(m_bytesPerSecond > 0 ? qMin(m_bytesPerSecond, fault.bps) : fault.bps);
        break;
    case Fault::Kind::Slice:
        setSlice(fault.bytes, fault.delayMs);
        break;
    default:
        break;
    }
}

void TrafficShaper::clearRules()
{
    m_latencyMs = 0;
    m_bytesPerSecond = 0;
    m_sliceBytes = 0;
    m_sliceDelayMs = 0;
}

bool TrafficShaper::isActive(qint64 nowMs) const
{
    return !m_queue.empty() || m_latencyMs > 0 || m_bytesPerSecond > 0 || m_sliceBytes > 0
        || nowMs < m_holdUntilMs;
}

void TrafficShaper::enqueue(const QByteArray &bytes, qint64 nowMs)
{
    if (bytes.isEmpty())
        return;
    m_queue.push_back({nowMs + m_latencyMs, bytes});
    m_pendingBytes += bytes.size();
}

double TrafficShaper::budgetCap() const
{
    // A quarter of a second's worth: smooth pacing, but a slow timer does not starve the rate.
    return std::max(1.0, double(m_bytesPerSecond) / 4);
}

void TrafficShaper::refill(qint64 nowMs)
{
    if (m_bytesPerSecond <= 0)
        return;
    if (m_refilledMs < 0) {
        m_refilledMs = nowMs;
        m_budget = budgetCap();
        return;
    }
    if (nowMs > m_refilledMs) {
        m_budget = std::min(
            budgetCap(), m_budget + double(m_bytesPerSecond) * double(nowMs - m_refilledMs) / 1000);
        m_refilledMs = nowMs;
    }
}

QByteArray TrafficShaper::take(qint64 nowMs)
{
    QByteArray out;
    if (nowMs < m_holdUntilMs)
        return out;
    refill(nowMs);
    while (!m_queue.empty()) {
        Chunk &chunk = m_queue.front();
        if (chunk.dueMs > nowMs)
            break;
        qint64 n = chunk.bytes.size() - chunk.offset;
        if (m_sliceBytes > 0) {
            if (nowMs < m_nextSliceMs)
                break;
            n = qMin(n, m_sliceBytes);
        }
        if (m_bytesPerSecond > 0) {
            n = qMin(n, qint64(std::floor(m_budget)));
            if (n <= 0)
                break;
            m_budget -= double(n);
        }
        out.append(chunk.bytes.constData() + chunk.offset, n);
        chunk.offset += n;
        m_pendingBytes -= n;
        if (chunk.offset == chunk.bytes.size())
            m_queue.pop_front();
        if (m_sliceBytes > 0) {
            // One piece per call: the owner writes it, then comes back after the delay.
            m_nextSliceMs = nowMs + m_sliceDelayMs;
            break;
        }
    }
    return out;
}

qint64 TrafficShaper::nextWakeMs(qint64 nowMs) const
{
    if (m_queue.empty())
        return -1;
    qint64 wake = qMax(nowMs, qMax(m_holdUntilMs, m_queue.front().dueMs));
    if (m_sliceBytes > 0)
        wake = qMax(wake, m_nextSliceMs);
    if (m_bytesPerSecond > 0 && m_refilledMs >= 0 && m_budget < 1) {
        const qint64 wait = qint64(std::ceil((1 - m_budget) * 1000 / double(m_bytesPerSecond)));
        wake = qMax(wake, m_refilledMs + qMax<qint64>(1, wait));
    }
    return wake;
}

QByteArray TrafficShaper::takeAll()
{
    QByteArray out;
    out.reserve(m_pendingBytes);
    for (const Chunk &chunk : m_queue)
        out.append(chunk.bytes.constData() + chunk.offset, chunk.bytes.size() - chunk.offset);
    m_queue.clear();
    m_pendingBytes = 0;
    return out;
}
