// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "eventfaults.h"
#include "trafficshaper.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QElapsedTimer>
#include <QTimer>

#include <functional>
#include <memory>

class Deflater;
class FaultController;
struct Fault;

// One stream's fault state, the same on the mock server (MockClient) and the tap proxy
// (ProxyConnection): its pacing (the shaping rules of the fault engine and stalls, in a
// TrafficShaper, with the timer that writes what is due), the faults waiting for its next
// events (EventFaults), blackhole, paused heartbeats and the gzip compressor. The host keeps
// its socket and its own fast path: while nothing paces the stream (isPacing() false) it
// writes directly; otherwise it hands its bytes to enqueue() and the pump writes them to the
// sink when they are due. Times are milliseconds since the stream started.
class StreamFaults
{
public:
    // Where paced bytes go (the host's socket).
    using Sink = std::function<void(const QByteArray &bytes)>;

    // Whether a stream can act the fault out in this build (gzip needs zlib); false with the
    // reason. The mock server and the proxy refuse a fault with it before scheduling it.
    static bool canActOut(const Fault &fault, QString *error = nullptr);

    explicit StreamFaults(Sink sink);
    ~StreamFaults();
    StreamFaults(const StreamFaults &) = delete;
    StreamFaults &operator=(const StreamFaults &) = delete;

    qint64 nowMs() const { return m_clock.elapsed(); }
    const QElapsedTimer &clock() const { return m_clock; }
    // Called after each timed pump, once the due bytes went to the sink (the proxy resumes
    // reading its upstream when the queue drains).
    void setPumped(std::function<void()> pumped) { m_pumped = std::move(pumped); }

    // Pacing: the engine's shaping rules in force for `client`, then what is due is written.
    void configure(const FaultController &faults, int client);
    void stall(qint64 ms) { m_shaper.holdUntil(nowMs() + ms); }
    bool isStalled() const { return m_shaper.isHeld(nowMs()); }
    // Whether writes must go through enqueue(): a rule is set, a stall holds, or bytes are
    // queued (a direct write would overtake them).
    bool isPacing() const { return m_shaper.isActive(nowMs()); }
    void enqueue(const QByteArray &bytes);
    void enqueue(QByteArrayView bytes) { enqueue(bytes.toByteArray()); }
    qint64 pendingBytes() const { return m_shaper.pendingBytes(); }
    // Everything queued, the rules ignored (the stream is about to close); the pump stops.
    QByteArray takePending();
    // The shaper with what it still holds, for a host that paces out the tail of a stream it
    // lets go of (the pump stops; this object paces nothing more).
    std::shared_ptr<TrafficShaper> detachShaper();
    void stopPump() { m_pumpTimer.stop(); }
    void pump();

    // Nothing is written or read any more. Returns how many queued bytes were dropped.
    qint64 blackhole();
    bool isBlackholed() const { return m_blackholed; }

    void pauseHeartbeats(qint64 ms) { m_heartbeatsPausedUntil = nowMs() + ms; }
    bool heartbeatsPaused() const { return nowMs() < m_heartbeatsPausedUntil; }

    EventFaults &events() { return m_events; }
    const EventFaults &events() const { return m_events; }

    // The gzip fault: from startGzip() on, compress() keeps what it is given and lets go of
    // compressed blocks; finishGzip() is the end of the body.
    void startGzip();
    bool isCompressing() const { return m_gzip != nullptr; }
    QByteArray compress(QByteArrayView bytes);
    QByteArray finishGzip();

private:
    Sink m_sink;
    std::function<void()> m_pumped;
    QElapsedTimer m_clock;
    TrafficShaper m_shaper;
    QTimer m_pumpTimer;
    EventFaults m_events;
    bool m_blackholed = false;
    qint64 m_heartbeatsPausedUntil = -1;
    std::unique_ptr<Deflater> m_gzip;
};
