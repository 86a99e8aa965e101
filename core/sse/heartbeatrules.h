// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>

// What counts as a heartbeat, the same for the client (latency and interval) and the tap proxy
// (the heartbeat-pause fault, and heartbeats not counting as events for the triggers). All
// three forms are on by default: `:ping <unix-ms>` comments, `event: ping` events, and
// `data: ping <unix-ms>` messages (browsers never hand comments to `onmessage`, so servers send
// pings as events too).
struct HeartbeatRules
{
    bool comment = true; // a comment whose text starts with commentPrefix
    QByteArray commentPrefix = QByteArrayLiteral("ping");
    QByteArray eventType = QByteArrayLiteral("ping"); // empty: named events are never heartbeats
    bool dataPing = true; // a `message` whose data is `ping` or `ping <unix-ms>`

    // Whether a dispatched event is a heartbeat; `*payload` gets what follows `ping` (where a
    // unix-ms time may be).
    bool matchEvent(QByteArrayView type, QByteArrayView data,
                    QByteArrayView *payload = nullptr) const;
    // Whether a comment (its text, after the colon and one space) is a heartbeat.
    bool matchComment(QByteArrayView text, QByteArrayView *payload = nullptr) const;
    // How many bytes of an event's data matchEvent() needs to decide, when the payload is not
    // wanted: a host that keeps only the start of the data keeps this much.
    static constexpr qsizetype DecisiveDataBytes = 5;
};
