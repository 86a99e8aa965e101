// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "faults/fault.h"
#include "mockeventsource.h"
#include "mockrecords.h"
#include "mockserveroptions.h"
#include "providerpreset.h"

#include <QElapsedTimer>
#include <QList>
#include <QTimer>

class FaultController;
class MockClient;

// The mock server's open streams and what they are sent: heartbeats on each stream's own
// phase, the periodic events broadcast to every stream, burst streams refilled as they read,
// events through the faults waiting for them, and the write-buffer cap that drops a slow
// reader. Ending a stream is the Host's (the server's) business.
class MockStreams
{
public:
    class Host
    {
    public:
        virtual ~Host() = default;
        virtual void finish(MockClient *client, const QString &reason, bool graceful) = 0;
        virtual void closeForFault(MockClient *client, Fault::DropMode mode,
                                   const QString &what) = 0;
    };

    MockStreams(const MockServerOptions *options, MockServerStats *stats, FaultController *faults,
                Host *host);

    MockEventSource &source() { return m_source; }
    const QList<MockClient *> &list() const { return m_streams; } // in arrival order
    int count() const { return int(m_streams.size()); }
    // A stream starts: its heartbeats are due one interval from now.
    void add(MockClient *client);
    void remove(MockClient *client) { m_streams.removeOne(client); }

    // The heartbeat and event timers, by the options; `running`: the server listens.
    void restartHeartbeats(bool running);
    void restartEvents(bool running);
    void stopTimers();

    // Writes bytes holding events and heartbeats; false when that dropped or finished it.
    bool send(MockClient *client, const QByteArray &bytes, qint64 events, qint64 heartbeats);
    // Sends one live event through the client's pending event faults; false when the client is
    // gone afterwards.
    bool deliverEvent(MockClient *client, const QByteArray &bytes, qint64 number);
    // Fills a burst stream's socket up to a batch, its own events numbered on from its last.
    void fillBurst(MockClient *client);
    void sendHeartbeats();
    void broadcastEvent();
    // A preset's answer on a stream that has sent its head: the events before the first token
    // leave now, each token when the token rate (with its jitter) says, the events after the
    // last token with it; then the stream ends. Every event goes through the stream's faults.
    void startPreset(MockClient *client, QList<ProviderPreset::Frame> frames);
    // One event of a stream's own (a preset's, an MCP notification): it counts for the faults
    // aimed at the stream and goes through them; false when the stream is gone afterwards.
    bool sendOwnEvent(MockClient *client, const QByteArray &bytes, qint64 number);

private:
    // Sends what is due of a preset answer; `due`: the timer fired for the next paced frame
    // (a token, or a frame with a delay).
    void sendPreset(MockClient *client, bool due);
    int nextTokenGapMs() const;

    const MockServerOptions *m_options;
    MockServerStats *m_stats;
    FaultController *m_faults;
    Host *m_host;
    MockEventSource m_source;
    QList<MockClient *> m_streams;
    QTimer m_heartbeatTimer; // ticks a few dozen times per interval; streams are due by phase
    QElapsedTimer m_heartbeatClock;
    QTimer m_eventTimer;
    MockClient *m_fillingBurst = nullptr;
};
