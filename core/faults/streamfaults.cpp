// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "streamfaults.h"

#include "fault.h"
#include "faultcontroller.h"
#include "http/deflater.h"

#include <climits>
#include <utility>

bool StreamFaults::canActOut(const Fault &fault, QString *error)
{
    if (fault.kind == Fault::Kind::Gzip && !Deflater::isAvailable()) {
        if (error)
            *error = QStringLiteral("gzip: this build of ssemon has no zlib");
        return false;
    }
    return true;
}

StreamFaults::StreamFaults(Sink sink)
    : m_sink(std::move(sink))
{
    m_clock.start();
    m_pumpTimer.setSingleShot(true);
    m_pumpTimer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_pumpTimer, &QTimer::timeout, &m_pumpTimer, [this] {
        pump();
        if (m_pumped)
            m_pumped();
    });
}

StreamFaults::~StreamFaults() = default;

void StreamFaults::configure(const FaultController &faults, int client)
{
    faults.configure(m_shaper, client);
    pump();
}

void StreamFaults::enqueue(const QByteArray &bytes)
{
    if (m_blackholed)
        return;
    m_shaper.enqueue(bytes, nowMs());
    pump();
}

QByteArray StreamFaults::takePending()
{
    m_pumpTimer.stop();
    return m_shaper.takeAll();
}

std::shared_ptr<TrafficShaper> StreamFaults::detachShaper()
{
    m_pumpTimer.stop();
    auto shaper = std::make_shared<TrafficShaper>(std::move(m_shaper));
    m_shaper = TrafficShaper();
    return shaper;
}

void StreamFaults::pump()
{
    if (m_blackholed) {
        m_pumpTimer.stop();
        return;
    }
    const qint64 now = nowMs();
    const QByteArray due = m_shaper.take(now);
    if (!due.isEmpty())
        m_sink(due);
    const qint64 wake = m_shaper.nextWakeMs(now);
    if (wake < 0)
        m_pumpTimer.stop();
    else
        m_pumpTimer.start(int(qBound(qint64(0), wake - now, qint64(INT_MAX))));
}

qint64 StreamFaults::blackhole()
{
    m_blackholed = true;
    // What was queued is not sent either: the peer sees silence from now on.
    return takePending().size();
}

void StreamFaults::startGzip()
{
    if (!m_gzip && Deflater::isAvailable())
        m_gzip = std::make_unique<Deflater>();
}

QByteArray StreamFaults::compress(QByteArrayView bytes)
{
    return m_gzip ? m_gzip->deflate(bytes) : bytes.toByteArray();
}

QByteArray StreamFaults::finishGzip()
{
    if (!m_gzip)
        return {};
    QByteArray tail = m_gzip->finish();
    m_gzip.reset();
    return tail;
}
