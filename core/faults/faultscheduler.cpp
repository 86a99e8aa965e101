// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "faultscheduler.h"

#include <algorithm>

FaultScheduler::FaultScheduler(quint32 seed)
    : m_random(seed)
{ }

int FaultScheduler::add(const Fault &fault, qint64 nowMs)
{
    Entry entry;
    entry.id = ++m_lastId;
    entry.fault = fault;
    switch (fault.trigger.kind) {
    case Fault::Trigger::Kind::Now:
        entry.dueMs = nowMs;
        break;
    case Fault::Trigger::Kind::At:
    case Fault::Trigger::Kind::EveryTime:
        entry.dueMs = nowMs + fault.trigger.ms;
        break;
    default:
        break;
    }
    m_entries.append(entry);
    countTriggers();
    return entry.id;
}

bool FaultScheduler::remove(int id)
{
    const auto removed = m_entries.removeIf([id](const Entry &entry) { return entry.id == id; });
    countTriggers();
    return removed > 0;
}

void FaultScheduler::clear()
{
    m_entries.clear();
    countTriggers();
}

bool FaultScheduler::contains(int id) const
{
    return std::any_of(m_entries.cbegin(), m_entries.cend(),
                       [id](const Entry &entry) { return entry.id == id; });
}

QList<FaultScheduler::Firing> FaultScheduler::entries() const
{
    QList<Firing> list;
    list.reserve(m_entries.size());
    for (const Entry &entry : m_entries)
        list.append({entry.id, entry.fault});
    return list;
}

void FaultScheduler::countTriggers()
{
    m_eventTriggers = int(std::count_if(m_entries.cbegin(), m_entries.cend(), [](const Entry &e) {
        return e.fault.trigger.countsEvents();
    }));
}

QList<FaultScheduler::Firing> FaultScheduler::takeDue(qint64 nowMs)
{
    QList<Firing> due;
    bool removed = false;
    for (qsizetype i = 0; i < m_entries.size();) {
        Entry &entry = m_entries[i];
        if (entry.dueMs < 0 || entry.dueMs > nowMs) {
            ++i;
            continue;
        }
        due.append({entry.id, entry.fault});
        if (entry.fault.trigger.kind == Fault::Trigger::Kind::EveryTime) {
            // Keeps the cadence of the original schedule, but never fires twice for one late
            // call: a stalled event loop does not make a burst of catch-up faults.
            const qint64 period = entry.fault.trigger.ms;
            entry.dueMs += period * ((nowMs - entry.dueMs) / period + 1);
            ++i;
        } else {
            m_entries.removeAt(i);
            removed = true;
        }
    }
    if (removed)
        countTriggers();
    return due;
}

qint64 FaultScheduler::nextDueMs() const
{
    qint64 next = -1;
    for (const Entry &entry : m_entries) {
        if (entry.dueMs >= 0 && (next < 0 || entry.dueMs < next))
            next = entry.dueMs;
    }
    return next;
}

QList<FaultScheduler::Firing> FaultScheduler::eventPassed(int client)
{
    QList<Firing> fired;
    if (m_eventTriggers == 0)
        return fired;
    bool removed = false;
    for (qsizetype i = 0; i < m_entries.size();) {
        Entry &entry = m_entries[i];
        const Fault::Trigger &trigger = entry.fault.trigger;
        if (!trigger.countsEvents() || (client != 0 && !entry.fault.targets(client))) {
            ++i;
            continue;
        }
        ++entry.events;
        bool fires = false;
        bool once = false;
        switch (trigger.kind) {
        case Fault::Trigger::Kind::After:
            fires = entry.events >= trigger.count;
            once = true;
            break;
        case Fault::Trigger::Kind::EveryEvents:
            fires = entry.events % trigger.count == 0;
            break;
        case Fault::Trigger::Kind::Probability:
            fires = m_uniform(m_random) < trigger.probability;
            break;
        default:
            break;
        }
        if (fires)
            fired.append({entry.id, entry.fault});
        if (fires && once) {
            m_entries.removeAt(i);
            removed = true;
        } else {
            ++i;
        }
    }
    if (removed)
        countTriggers();
    return fired;
}
