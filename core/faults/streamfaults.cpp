// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "streamfaults.h"

#include "faultbytes.h"
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

void StreamFaults::act(int id, const Fault &fault, bool onEvent, FaultController &engine,
                       Host &host)
{
    auto close = [&](Fault::DropMode mode) {
        host.report(id, fault,
                    mode == Fault::DropMode::Fin ? QStringLiteral("closed (FIN)")
                                                 : QStringLiteral("reset (RST)"));
        if (onEvent)
            host.closeAfterEvent(mode);
        else
            host.closeNow(mode, fault.name());
    };
    auto waitForEvent = [&](const Fault &waiting) {
        if (!host.canActOnEvents(id, fault))
            return;
        m_events.add(id, waiting); // reported when the event it acts on is sent
        host.eventsEngaged();
    };
    switch (fault.kind) {
    case Fault::Kind::Fin:
        close(Fault::DropMode::Fin);
        break;
    case Fault::Kind::Rst:
        close(Fault::DropMode::Rst);
        break;
    case Fault::Kind::Blackhole:
        host.blackhole();
        host.report(id, fault, QStringLiteral("blackholed: nothing sent or read"));
        break;
    case Fault::Kind::Stall:
        stall(fault.durationMs);
        host.report(id, fault, QStringLiteral("stalled for %1 ms").arg(fault.durationMs));
        break;
    case Fault::Kind::HeartbeatPause:
        if (!host.canActOnEvents(id, fault))
            break;
        pauseHeartbeats(fault.durationMs);
        host.report(id, fault, QStringLiteral("heartbeats paused for %1 ms").arg(fault.durationMs));
        host.eventsEngaged();
        break;
    case Fault::Kind::Retry:
        if (host.canActOnEvents(id, fault))
            host.inject(id, fault, FaultBytes::retry(fault.ms));
        break;
    case Fault::Kind::Garbage:
        if (host.canActOnEvents(id, fault))
            host.inject(id, fault, FaultBytes::garbage(fault));
        break;
    case Fault::Kind::Drop:
        if (!fault.dropModes.isEmpty()) {
            const Fault::DropMode mode = engine.nextDropMode(id, fault);
            if (mode != Fault::DropMode::Truncate) {
                close(mode);
                break;
            }
            Fault truncate = fault;
            truncate.kind = Fault::Kind::Truncate;
            waitForEvent(truncate);
            break;
        }
        waitForEvent(fault);
        break;
    case Fault::Kind::Truncate:
    case Fault::Kind::Duplicate:
    case Fault::Kind::Reorder:
    case Fault::Kind::Ids:
    case Fault::Kind::ErrorEvent:
    case Fault::Kind::NotJson:
        waitForEvent(fault);
        break;
    default:
        // Response, shaping and port faults are the engine's and the host's request handling.
        break;
    }
}

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

void StreamFaults::paceOut(const std::shared_ptr<TrafficShaper> &shaper, const QElapsedTimer &clock,
                           QObject *context, const Sink &sink, const std::function<void()> &done)
{
    auto *timer = new QTimer(context);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer);
    auto pump = [shaper, clock, timer, sink, done] {
        const qint64 now = clock.elapsed();
        const QByteArray due = shaper->take(now);
        if (!due.isEmpty())
            sink(due);
        const qint64 wake = shaper->nextWakeMs(now);
        if (wake >= 0) {
            timer->start(int(qBound(qint64(0), wake - now, qint64(INT_MAX))));
            return;
        }
        timer->deleteLater();
        done();
    };
    QObject::connect(timer, &QTimer::timeout, timer, pump);
    pump();
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
