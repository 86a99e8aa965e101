// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "fault.h"

#include <QList>

#include <random>

// Decides which fault fires when, without sockets or timers: the owner tells it the time and
// every event, and acts out what it returns. Times are milliseconds on the owner's clock.
//
// Time triggers: `now` is due at once, `at=T` T after add(), `every=T` every T from add().
// Event triggers count the events the owner reports through eventPassed(): an event for every
// client (client 0, e.g. a periodic event broadcast to all streams) counts for every fault; an
// event for one client (a burst stream's own event) counts only for the faults targeting it.
// Faults that fire once are forgotten once fired; repeating ones stay until removed.
class FaultScheduler
{
public:
    struct Firing
    {
        int id = 0;
        Fault fault;
    };

    explicit FaultScheduler(quint32 seed = std::random_device {}());

    // Returns the fault's id, from 1.
    int add(const Fault &fault, qint64 nowMs);
    bool remove(int id);
    void clear();
    bool isEmpty() const { return m_entries.isEmpty(); }
    int size() const { return int(m_entries.size()); }
    bool contains(int id) const;
    // Whether eventPassed() can return anything: lets a hot loop skip it.
    bool hasEventTriggers() const { return m_eventTriggers > 0; }
    // The faults still scheduled, in the order they were added (for listings).
    QList<Firing> entries() const;

    // The time-triggered faults due at nowMs, in the order they were added.
    QList<Firing> takeDue(qint64 nowMs);
    // When takeDue() next has something to return; -1: never (no time trigger left).
    qint64 nextDueMs() const;
    // The event-triggered faults that fire on this event.
    QList<Firing> eventPassed(int client = 0);

    void setSeed(quint32 seed) { m_random.seed(seed); }

private:
    struct Entry
    {
        int id = 0;
        Fault fault;
        qint64 dueMs = -1; // time triggers
        qint64 events = 0; // event triggers: events counted so far
    };
    void countTriggers();

    QList<Entry> m_entries;
    int m_lastId = 0;
    int m_eventTriggers = 0;
    std::mt19937 m_random;
    std::uniform_real_distribution<double> m_uniform {0.0, 1.0};
};
