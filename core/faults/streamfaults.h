// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "eventfaults.h"
#include "fault.h"
#include "faultreport.h"
#include "trafficshaper.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QElapsedTimer>
#include <QTimer>

#include <functional>
#include <memory>

class Deflater;
class FaultController;

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

    // What a host does when a fault acts on one of its streams; act() decides what, the host
    // how (its socket, its framing, its report).
    class Host
    {
    public:
        virtual ~Host() = default;
        virtual void report(int id, const Fault &fault, const QString &detail,
                            FaultReport::State state = FaultReport::State::Acted) = 0;
        // Closes the stream now: FIN (politely, after what is queued) or RST.
        virtual void closeNow(Fault::DropMode mode, const QString &what) = 0;
        // Closes it once the event about to be sent has left.
        virtual void closeAfterEvent(Fault::DropMode mode) = 0;
        // Sends a fault's bytes (retry:, garbage) between two events, and reports it.
        virtual void inject(int id, const Fault &fault, const QByteArray &bytes) = 0;
        virtual void blackhole() = 0;
        // Whether the stream's events can be acted on (the proxy cannot on a stream it does not
        // understand); a host answering false has reported why.
        virtual bool canActOnEvents(int id, const Fault &fault)
        {
            Q_UNUSED(id)
            Q_UNUSED(fault)
            return true;
        }
        // A fault now waits for the stream's events or heartbeats (the proxy starts
        // re-framing).
        virtual void eventsEngaged() { }
    };

    // Acts fault `id` out on this stream through its host. `onEvent`: an event is about to be
    // sent (a close waits for it). Event faults wait in events() and are reported when the
    // event they act on is sent; the rotation of drop modes is the engine's.
    void act(int id, const Fault &fault, bool onEvent, FaultController &engine, Host &host);

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
    // Paces out what a detached shaper still holds through `sink`, on a timer that is a child
    // of `context` (it ends with it), then calls `done` (at once when nothing is held): the
    // tail of a stream that is closing gets the same slices and delays as the rest of it.
    static void paceOut(const std::shared_ptr<TrafficShaper> &shaper, const QElapsedTimer &clock,
                        QObject *context, const Sink &sink, const std::function<void()> &done);
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
