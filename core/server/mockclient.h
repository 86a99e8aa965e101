// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "faults/fault.h"
#include "faults/streamfaults.h"
#include "http/httprequestreader.h"
#include "mockserver.h"
#include "mockworker.h"
#include "providerpreset.h"

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QTimer>

#include <memory>

class QTcpSocket;

// One accepted connection of the mock server: its socket, the request being read, and what has
// been sent on it. The server drives it; the client only keeps the books and knows how to let
// go of its socket, at once (abort) or politely (flush, then FIN, then linger).
class MockClient
{
public:
    enum class Phase { ReadingHead, ReadingBody, Streaming, Finished };

    MockClient(int number, QTcpSocket *socket, qsizetype maxHeadBytes);
    // A connection whose socket lives on an I/O thread: writes and closes go to the worker.
    MockClient(int number, MockWorker *worker, std::shared_ptr<MockWorker::Link> link,
               const QHostAddress &peer, quint16 peerPort, qsizetype maxHeadBytes);
    ~MockClient();
    MockClient(const MockClient &) = delete;
    MockClient &operator=(const MockClient &) = delete;

    int number() const { return m_number; }
    QTcpSocket *socket() const { return m_socket; } // null on an I/O thread's connection
    MockWorker *worker() const { return m_worker; } // null when not (or no longer) on one
    QHostAddress peer() const { return m_peer; }
    quint16 peerPort() const { return m_peerPort; }
    // The stream's fault clock is the connection's: it starts when the connection is made.
    qint64 connectedMs() const { return m_faults.nowMs(); }

    Phase phase() const { return m_phase; }
    void setPhase(Phase phase) { m_phase = phase; }
    bool isStreaming() const { return m_phase == Phase::Streaming; }
    bool isFinished() const { return m_phase == Phase::Finished; }

    HttpRequestReader &reader() { return m_reader; }
    const HttpRequestReader &reader() const { return m_reader; }
    QTimer &requestTimer() { return m_requestTimer; }
    qint64 bodyRemaining() const { return m_bodyRemaining; }
    void setBodyRemaining(qint64 bytes) { m_bodyRemaining = bytes; }
    // The request's body, kept (a preset reads it) rather than thrown away; what arrived with
    // the head is its start. Bounded by maxRequestBodyBytes (a larger one is answered 413).
    bool keepsBody() const { return m_keepsBody; }
    void keepBody(qint64 bytes)
    {
        m_keepsBody = true;
        m_body = m_bodyStart.left(bytes);
        m_bodyStart.clear();
    }
    void setBodyStart(const QByteArray &bytes) { m_bodyStart = bytes; }
    void appendBody(QByteArrayView bytes) { m_body.append(bytes); }
    QByteArray takeBody()
    {
        m_keepsBody = false;
        m_bodyStart.clear();
        return std::exchange(m_body, {});
    }

    // A preset's answer being streamed: its events, the next to send, and the timer that
    // paces the tokens.
    struct PresetPlayback
    {
        QList<ProviderPreset::Frame> frames;
        qsizetype next = 0;
        QTimer timer;
    };
    PresetPlayback *preset() const { return m_preset.get(); }
    PresetPlayback &startPreset(QList<ProviderPreset::Frame> frames)
    {
        m_preset = std::make_unique<PresetPlayback>();
        m_preset->frames = std::move(frames);
        m_preset->timer.setSingleShot(true);
        m_preset->timer.setTimerType(Qt::PreciseTimer);
        return *m_preset;
    }

    // Burst streams generate their own events, numbered from the client's Last-Event-ID + 1.
    bool isBurst() const { return m_burst; }
    void setBurst(bool burst) { m_burst = burst; }
    qint64 nextBurstNumber() const { return m_nextBurstNumber; }
    void setNextBurstNumber(qint64 number) { m_nextBurstNumber = number; }

    // Queues bytes on the socket and counts them; events and heartbeats are what the bytes hold.
    void write(const QByteArray &bytes, qint64 events, qint64 heartbeats);
    qint64 bufferedBytes() const; // queued, not yet taken by the kernel
    qint64 eventsSent() const { return m_eventsSent; }
    qint64 heartbeatsSent() const { return m_heartbeatsSent; }
    qint64 bytesSent() const { return m_bytesSent; }
    void setLastId(qint64 id) { m_lastId = id; } // -1: none sent
    qint64 lastId() const { return m_lastId; }

    // Faults acting on this connection (core/faults StreamFaults): writes go through its
    // pacing while a shaping rule or a stall is in force; event faults wait there for the next
    // event. A reordered event waits for the one after it (heldEventNumber() is its number).
    StreamFaults &streamFaults() { return m_faults; }
    const StreamFaults &streamFaults() const { return m_faults; }
    // Blackholed: nothing is written or read any more, until the peer goes away.
    bool isBlackholed() const { return m_faults.isBlackholed(); }
    void blackhole();
    bool heartbeatsPaused() const { return m_faults.heartbeatsPaused(); }
    bool isStalled() const { return m_faults.isStalled(); }
    bool hasEventFaults() const { return !m_faults.events().isEmpty(); }
    // When its next heartbeat is due, on the server's heartbeat clock: each stream keeps the
    // phase of its own start, so that thousands of clients are not all written at one instant.
    qint64 nextHeartbeatAt() const { return m_nextHeartbeatAt; }
    void setNextHeartbeatAt(qint64 ms) { m_nextHeartbeatAt = ms; }
    qint64 heldEventNumber() const { return m_heldEventNumber; }
    void setHeldEventNumber(qint64 number) { m_heldEventNumber = number; }
    // A content-type fault: the value to send instead of text/event-stream, empty for none.
    bool hasContentType() const { return m_hasContentType; }
    QByteArray contentType() const { return m_contentType; }
    void setContentType(const QByteArray &value)
    {
        m_hasContentType = true;
        m_contentType = value;
    }

    // The gzip fault: once started (streamFaults().startGzip()), everything written is deflated
    // without per-event flush, so events leave in compressed blocks; the stream is finished
    // before the FIN.
    bool gzipArmed() const { return m_gzipArmed; }
    void armGzip() { m_gzipArmed = true; }

    MockClientInfo info() const;
    MockDisconnectInfo disconnectInfo(const QString &reason) const;

    // Lets go of the socket now: queued bytes are discarded (and no longer count as sent).
    // Returns how many were discarded.
    qint64 abort();
    // As abort(), but the peer gets a reset (RST) rather than an orderly close.
    qint64 reset();
    // Lets go of the socket after the queued bytes are flushed: then our side is shut down
    // (FIN), what the peer still sends is read and discarded so that the kernel does not answer
    // it with a reset that would destroy our response on the peer's side, and the socket closes
    // when the peer closes or after lingerMs. On an I/O thread, what the shaper still holds is
    // paced out by a timer that is a child of `context`.
    void closeGracefully(int lingerMs, QObject *context);

private:
    void writeWire(const QByteArray &wire);

    int m_number;
    QTcpSocket *m_socket = nullptr;
    MockWorker *m_worker = nullptr;
    std::shared_ptr<MockWorker::Link> m_link;
    QHostAddress m_peer;
    quint16 m_peerPort = 0;
    Phase m_phase = Phase::ReadingHead;
    HttpRequestReader m_reader;
    QTimer m_requestTimer;
    qint64 m_bodyRemaining = 0;
    bool m_keepsBody = false;
    QByteArray m_bodyStart;
    QByteArray m_body;
    std::unique_ptr<PresetPlayback> m_preset;
    bool m_burst = false;
    qint64 m_nextBurstNumber = 1;
    qint64 m_eventsSent = 0;
    qint64 m_heartbeatsSent = 0;
    qint64 m_bytesSent = 0;
    qint64 m_lastId = -1;
    StreamFaults m_faults;
    qint64 m_nextHeartbeatAt = 0;
    qint64 m_heldEventNumber = 0;
    bool m_gzipArmed = false;
    bool m_hasContentType = false;
    QByteArray m_contentType;
};
