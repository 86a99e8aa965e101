// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockstreams.h"

#include "faults/faultcontroller.h"
#include "mockclient.h"
#include "sse/idtracker.h"

#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTcpSocket>

#include <climits>
#include <limits>

namespace {

// Burst streams are refilled one batch at a time whenever what the socket holds drops below a
// batch: big enough that a refill costs little per event, small enough to stay well under the
// write-buffer cap.
constexpr qsizetype MaxBurstBatchBytes = 64 * 1024;

int clampInterval(qint64 ms)
{
    return int(qBound(qint64(1), ms, qint64(INT_MAX)));
}

// Replaces the `id:` line an encoded event starts with (SseEncoder writes it first).
QByteArray withId(const QByteArray &event, const QByteArray &idLine)
{
    if (!event.startsWith("id"))
        return event;
    const qsizetype end = event.indexOf('\n');
    return idLine + event.sliced(end);
}

} // namespace

MockStreams::MockStreams(const MockServerOptions *options, MockServerStats *stats,
                         FaultController *faults, Host *host)
    : m_options(options)
    , m_stats(stats)
    , m_faults(faults)
    , m_host(host)
    , m_source(options)
{
    m_heartbeatTimer.setTimerType(Qt::PreciseTimer);
    m_heartbeatClock.start();
    m_eventTimer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_heartbeatTimer, &QTimer::timeout, &m_heartbeatTimer,
                     [this] { sendHeartbeats(); });
    QObject::connect(&m_eventTimer, &QTimer::timeout, &m_eventTimer, [this] { broadcastEvent(); });
}

void MockStreams::add(MockClient *client)
{
    m_streams.append(client);
    client->setNextHeartbeatAt(m_heartbeatClock.elapsed() + m_options->heartbeatMs);
}

void MockStreams::stopTimers()
{
    m_heartbeatTimer.stop();
    m_eventTimer.stop();
}

bool MockStreams::send(MockClient *client, const QByteArray &bytes, qint64 events,
                       qint64 heartbeats)
{
    if (client->isFinished())
        return false;
    if (client->isBlackholed())
        return true; // swallowed: nothing is sent, nothing counted
    client->write(bytes, events, heartbeats);
    m_stats->eventsSent += events;
    m_stats->heartbeatsSent += heartbeats;
    m_stats->bytesSent += bytes.size();
    const qsizetype cap = m_options->maxClientBufferBytes;
    if (client->bufferedBytes() > cap) {
        // Qt would take whatever the kernel accepts on the next loop iteration; give it that
        // chance now so that one large write to a healthy client is not mistaken for a slow one.
        // An I/O thread judges each write itself after trying it; here it only counts when it
        // was already a cap behind before this write (a shaped stream piling up, or a worker
        // that cannot keep up).
        if (client->socket())
            client->socket()->flush();
        const qint64 behind =
            client->socket() ? client->bufferedBytes() : client->bufferedBytes() - bytes.size();
        if (behind > cap) {
            ++m_stats->slowDropped;
            m_host->finish(
                client, QStringLiteral("slow reader: write buffer over %1 bytes").arg(cap), false);
            return false;
        }
    }
    return !client->isFinished();
}

void MockStreams::sendHeartbeats()
{
    const MockServerOptions::HeartbeatForm form = m_options->heartbeatForm;
    const qint64 interval = m_options->heartbeatMs;
    const qint64 now = m_heartbeatClock.elapsed();
    const QList<MockClient *> targets = m_streams; // finishing a client changes m_streams
    for (MockClient *client : targets) {
        if (now < client->nextHeartbeatAt())
            continue;
        // Keeps the stream's phase; one that fell behind (a busy loop) starts again from now.
        qint64 next = client->nextHeartbeatAt() + interval;
        if (next <= now)
            next = now + interval;
        client->setNextHeartbeatAt(next);
        if (client->isFinished() || client->isBlackholed() || client->isStalled()
            || client->heartbeatsPaused() || client->preset())
            continue;
        // Stamped per client, just before its write, so that the latency a client measures
        // does not include the time spent on the clients before it.
        const QByteArray bytes = MockEventSource::heartbeat(form);
        send(client, bytes, 0, 1);
    }
}

void MockStreams::broadcastEvent()
{
    const MockEventSource::Periodic event = m_source.nextPeriodic();
    ++m_stats->eventsGenerated;

    // One broadcast event counts once for the event triggers, whatever the number of m_streams;
    // scenario steps `after` N events run once the Nth is sent.
    if (m_faults->countsEvents())
        m_faults->eventPassed(0);
    auto runStepsLater = qScopeGuard([this] {
        if (m_faults->hasStepsAfterEvent())
            m_faults->eventSent();
    });
    const qint64 limit = m_options->eventsPerStream;
    const QList<MockClient *> targets = m_streams;
    for (MockClient *client : targets) {
        if (client->isFinished() || client->isBurst() || client->preset())
            continue;
        const QByteArray bytes = m_source.bytesFor(event, client->number());
        if (client->hasEventFaults()) {
            if (!deliverEvent(client, bytes, event.number))
                continue;
        } else {
            if (m_options->ids)
                client->setLastId(event.number);
            if (!send(client, bytes, 1, 0))
                continue;
        }
        if (limit > 0 && client->eventsSent() >= limit)
            m_host->finish(client, QStringLiteral("event limit"), true);
    }
}

void MockStreams::fillBurst(MockClient *client)
{
    // send() may flush, and a flush may emit bytesWritten, which lands here again.
    if (!client->isStreaming() || !client->isBurst() || client->isBlackholed()
        || m_fillingBurst == client)
        return;
    m_fillingBurst = client;
    auto done = qScopeGuard([this] { m_fillingBurst = nullptr; });
    // Batches stay under half the cap so that a healthy client is never mistaken for a slow one.
    const qsizetype batchBytes =
        qBound(qsizetype(1), m_options->maxClientBufferBytes / 2, MaxBurstBatchBytes);
    const qint64 limit = m_options->eventsPerStream;
    auto limitReached = [&] {
        if (limit > 0 && client->eventsSent() >= limit) {
            m_host->finish(client, QStringLiteral("event limit"), true);
            return true;
        }
        return false;
    };
    while (client->bufferedBytes() < batchBytes) {
        const qint64 quota =
            limit > 0 ? limit - client->eventsSent() : std::numeric_limits<qint64>::max();
        if (quota <= 0)
            break;
        QByteArray batch;
        batch.reserve(batchBytes + 4096); // the encoder's reserve() then never reallocates
        const qint64 time = MockEventSource::unixMs();
        const PayloadTemplate &current = m_source.payload();
        qint64 number = client->nextBurstNumber();
        qint64 count = 0;
        // A burst stream's events are its own: they count for the faults aimed at it, and the
        // event a fault fires on leaves the batch to be sent on its own.
        QList<FaultScheduler::Firing> fired;
        bool steps = false; // scenario steps, run once the event that made them due is sent
        bool faulty = false;
        while (batch.size() < batchBytes && count < quota) {
            if (m_faults->countsEvents())
                fired = m_faults->countEvent(client->number());
            if (!fired.isEmpty() || client->hasEventFaults()) {
                faulty = true;
                break;
            }
            m_source.appendEvent(batch, current, number, time, client->number());
            ++number;
            ++count;
            if (m_faults->hasStepsAfterEvent()) {
                steps = true;
                break;
            }
        }
        client->setNextBurstNumber(number);
        if (m_options->ids && count > 0)
            client->setLastId(number - 1);
        m_stats->eventsGenerated += count;
        if (count > 0 && !send(client, batch, count, 0))
            return;
        if (limitReached())
            return;
        if (steps) {
            m_faults->eventSent();
            if (!client->isStreaming() || client->isBlackholed())
                return;
        }
        if (!faulty)
            continue;
        m_faults->fireOnEvent(fired, client->number());
        if (!client->isStreaming())
            return;
        QByteArray one;
        m_source.appendEvent(one, current, number, time, client->number());
        client->setNextBurstNumber(number + 1);
        ++m_stats->eventsGenerated;
        const bool alive = deliverEvent(client, one, number);
        m_faults->eventSent();
        if (!alive || !client->isStreaming() || limitReached())
            return;
        if (client->isBlackholed())
            return;
    }
}

bool MockStreams::deliverEvent(MockClient *client, const QByteArray &bytes, qint64 number)
{
    EventFaults &pending = client->streamFaults().events();
    const bool heldBefore = pending.hasHeld();
    const EventFaults::Result result = pending.deliver(
        bytes, QStringLiteral("event %1").arg(number), "x" + QByteArray::number(number),
        [&bytes](const QByteArray &id, bool reset) {
            return withId(bytes, reset ? QByteArrayLiteral("id") : "id: " + id);
        },
        [this, client](int id, const Fault &fault, const QString &detail) {
            m_faults->report(id, fault, client->number(), detail);
        });
    if (result.truncated) {
        // Cut inside the event: the reader discards it, id included, at the end of the stream.
        send(client, result.bytes, 0, 0);
        if (!client->isFinished())
            m_host->finish(client, QStringLiteral("fault: truncate (FIN)"), true);
        return false;
    }
    if (!heldBefore && pending.hasHeld())
        client->setHeldEventNumber(number);
    if (result.events == 0)
        return !client->isFinished(); // dropped, or held back behind the next one
    qint64 last = number;
    if (heldBefore && !pending.hasHeld())
        last = qMax(last, client->heldEventNumber());
    if (m_options->ids)
        client->setLastId(qMax(last, client->lastId()));
    if (!send(client, result.bytes, result.events, 0))
        return false;
    if (result.close != Fault::DropMode::Event) {
        m_host->closeForFault(client, result.close,
                              result.close == Fault::DropMode::Fin ? QStringLiteral("fin")
                                                                   : QStringLiteral("rst"));
        return false;
    }
    return !client->isFinished();
}

void MockStreams::restartHeartbeats(bool running)
{
    m_heartbeatTimer.stop();
    const qint64 interval = m_options->heartbeatMs;
    // A preset's streams are the provider's, which sends no heartbeats of ours.
    if (!running || interval <= 0 || !m_options->preset.isEmpty())
        return;
    // A new interval counts from now for every stream.
    const qint64 now = m_heartbeatClock.elapsed();
    for (MockClient *client : std::as_const(m_streams))
        client->setNextHeartbeatAt(now + interval);
    // The tick bounds how late a heartbeat can be against its stream's phase: 1/50 of the
    // interval, at most 20 ms.
    m_heartbeatTimer.start(clampInterval(qBound(qint64(1), interval / 50, qint64(20))));
}

void MockStreams::restartEvents(bool running)
{
    m_eventTimer.stop();
    if (running && m_options->eventMs > 0 && !m_options->burst && m_options->preset.isEmpty())
        m_eventTimer.start(clampInterval(m_options->eventMs));
}

void MockStreams::startPreset(MockClient *client, QList<ProviderPreset::Frame> frames)
{
    MockClient::PresetPlayback &playback = client->startPreset(std::move(frames));
    QObject::connect(&playback.timer, &QTimer::timeout, &playback.timer,
                     [this, client] { sendPreset(client, true); });
    // Nothing paced is due yet: the first token (or delayed frame) waits its gap too.
    sendPreset(client, false);
}

void MockStreams::sendPreset(MockClient *client, bool due)
{
    MockClient::PresetPlayback *playback = client->preset();
    if (!playback || !client->isStreaming())
        return;
    const bool paced = m_options->tokenRate > 0;
    while (playback->next < playback->frames.size()) {
        // A blackholed stream sends nothing more, and stays open until the client leaves.
        if (client->isBlackholed())
            return;
        const ProviderPreset::Frame &frame = playback->frames.at(playback->next);
        const int gapMs = frame.delayMs > 0 ? frame.delayMs
            : frame.token && paced          ? nextTokenGapMs()
                                            : -1;
        if (gapMs >= 0) {
            if (!due) {
                playback->timer.start(gapMs);
                return;
            }
            due = false;
        }
        const QByteArray bytes = frame.bytes; // the list outlives no finish() below
        if (!sendOwnEvent(client, bytes, ++playback->next))
            return;
    }
    // A reordered event still held goes out rather than being lost.
    const QByteArray held = client->streamFaults().events().takeHeld();
    if (!held.isEmpty() && !send(client, held, 1, 0))
        return;
    m_host->finish(client, QStringLiteral("answer complete"), true);
}

bool MockStreams::sendOwnEvent(MockClient *client, const QByteArray &bytes, qint64 number)
{
    ++m_stats->eventsGenerated;
    // A stream's events are its own: they count for the faults aimed at it.
    if (m_faults->countsEvents())
        m_faults->eventPassed(client->number());
    if (!client->isStreaming())
        return false;
    auto runStepsLater = qScopeGuard([this] {
        if (m_faults->hasStepsAfterEvent())
            m_faults->eventSent();
    });
    const bool alive =
        client->hasEventFaults() ? deliverEvent(client, bytes, number) : send(client, bytes, 1, 0);
    if (!alive || !client->isStreaming())
        return false;
    const qint64 limit = m_options->eventsPerStream;
    if (limit > 0 && client->eventsSent() >= limit) {
        m_host->finish(client, QStringLiteral("event limit"), true);
        return false;
    }
    return true;
}

int MockStreams::nextTokenGapMs() const
{
    double gap = 1000.0 / m_options->tokenRate;
    const qint64 jitter = m_options->tokenJitterMs;
    if (jitter > 0)
        gap += double(QRandomGenerator::global()->bounded(2 * jitter + 1) - jitter);
    return int(qBound(0.0, gap, double(INT_MAX)));
}
