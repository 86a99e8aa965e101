// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "eventhistory.h"
#include "mockserveroptions.h"
#include "payloadtemplate.h"

#include <QByteArray>

#include <memory>

// Stream generation of the mock server, without sockets: the bytes of its events and
// heartbeats, the periodic events (numbered across restarts and kept for replay) and what a
// client resuming with Last-Event-ID is sent before the live events. Who receives them, when,
// and through which faults is the server's business.
class MockEventSource
{
public:
    // One periodic event, as generated for every stream.
    struct Periodic
    {
        qint64 number = 0;
        qint64 unixMs = 0;
        // The encoded event when it is the same for every client; empty when the payload names
        // {{client}}: then bytesFor() expands it per client.
        QByteArray shared;
        std::shared_ptr<const PayloadTemplate> payload;
    };

    explicit MockEventSource(const MockServerOptions *options);

    // The template events are made with from now on; events already kept keep theirs.
    void setPayloadTemplate(const QByteArray &payloadTemplate);
    const PayloadTemplate &payload() const { return *m_payload; }
    void setHistoryCapacity(int capacity) { m_history.setCapacity(capacity); }
    const EventHistory &history() const { return m_history; }

    // Appends event `number` made at `unixMs` for client `client`, encoded by the options
    // (`event:` type, `id:` or not).
    void appendEvent(QByteArray &out, const PayloadTemplate &payload, qint64 number, qint64 unixMs,
                     int client);
    // The next periodic event, kept in the history.
    Periodic nextPeriodic();
    // Its bytes for one client.
    QByteArray bytesFor(const Periodic &event, int client);
    // Appends the kept events numbered above `afterId`, oldest first, at most `limit` (0: all)
    // for client `client`. Returns how many; *lastNumber is the last one's number.
    qint64 appendReplay(QByteArray &out, qint64 afterId, qint64 limit, int client,
                        qint64 *lastNumber);
    // A heartbeat in the given form, stamped with the unix time in ms and a microsecond
    // fraction (`1732180000000.123`) so that a client on the same host can measure
    // sub-millisecond latency: `:ping <t>`, an `event: ping` with data `<t>`, or data `ping <t>`.
    static QByteArray heartbeat(MockServerOptions::HeartbeatForm form);
    static qint64 unixMs();

private:
    const MockServerOptions *m_options;
    std::shared_ptr<const PayloadTemplate> m_payload;
    EventHistory m_history;
    qint64 m_lastNumber = 0; // periodic events, across restarts so that resuming works
    QByteArray m_scratch; // payload expansion, reused so that generating allocates nothing
};
