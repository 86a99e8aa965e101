// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "fault.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <functional>

// The per-event faults waiting for one stream's next event (drop, truncate, duplicate, reorder,
// ids, error-event, not-json) and what they make of it, without a socket: the owner hands over each
// event's bytes and writes what comes back. The same rules as the mock server's: a dropped event is
// never sent, a truncated one is cut in half and the stream closed, a duplicate goes twice, a
// reordered one is held back behind the next event, ids are reset (empty) or rewritten, an error
// event takes the event's place and ends the stream, a not-json event has its data cut in half.
class EventFaults
{
public:
    // Reports one fault acted out, with what it did ("dropped event id 7").
    using Report = std::function<void(int id, const Fault &fault, const QString &detail)>;
    // Re-encodes the event with another id; `reset`: an empty id.
    using RewriteId = std::function<QByteArray(const QByteArray &id, bool reset)>;
    // The error event that replaces `event` (error-event fault), in the stream's own format.
    using ErrorEvent = std::function<QByteArray(const QByteArray &event)>;

    struct Result
    {
        QByteArray bytes; // what to send now (may be empty)
        int events = 0; // events in `bytes`
        bool truncated = false; // `bytes` is half an event: close the stream (FIN) after it
        Fault::DropMode close = Fault::DropMode::Event; // FIN or RST once `bytes` is sent
    };

    void add(int id, const Fault &fault) { m_pending.append({id, fault}); }
    // How this stream writes an error event (a mock server preset knows its provider's);
    // without one, FaultBytes::errorEvent().
    void setErrorEvent(ErrorEvent errorEvent) { m_errorEvent = std::move(errorEvent); }
    // A fin or rst that fired on an event: the event goes out first.
    void setCloseAfterEvent(Fault::DropMode mode) { m_closeAfter = mode; }
    bool isEmpty() const
    {
        return m_pending.isEmpty() && m_held.isEmpty() && m_closeAfter == Fault::DropMode::Event;
    }
    bool hasPending() const { return !m_pending.isEmpty(); }
    bool hasHeld() const { return !m_held.isEmpty(); }
    // The event held back by a reorder (the stream ends: it is sent rather than lost).
    QByteArray takeHeld() { return std::exchange(m_held, {}); }

    // `label` names the event in reports ("event 51", "event id 7"); `defaultId` is what
    // `ids mode=rewrite` without a value writes.
    Result deliver(const QByteArray &event, const QString &label, const QByteArray &defaultId,
                   const RewriteId &rewriteId, const Report &report);

private:
    QList<QPair<int, Fault>> m_pending;
    ErrorEvent m_errorEvent;
    QByteArray m_held;
    Fault::DropMode m_closeAfter = Fault::DropMode::Event;
};
