// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QList>

// Which steps of a scenario are due, without timers: the owner reports the time and every
// event, and runs the steps returned (indices into scenario().steps, in timeline order, file
// order for ties). Times count from start(), events from start() too.
class ScenarioRunner
{
public:
    void start(const Scenario &scenario, qint64 nowMs);
    void stop();
    bool isRunning() const { return m_running; }
    // Every step has been returned.
    bool isFinished() const
    {
        return m_running && m_nextTime >= m_timeSteps.size() && m_nextEvent >= m_eventSteps.size();
    }
    const Scenario &scenario() const { return m_scenario; }

    QList<int> takeDue(qint64 nowMs);
    qint64 nextDueMs() const; // -1: no time step left
    // Whether eventPassed() can return anything: lets a hot loop skip it.
    bool countsEvents() const { return m_running && m_nextEvent < m_eventSteps.size(); }
    QList<int> eventPassed();
    qint64 events() const { return m_events; }

private:
    Scenario m_scenario;
    bool m_running = false;
    qint64 m_startMs = 0;
    qint64 m_events = 0;
    QList<int> m_timeSteps; // sorted by time
    QList<int> m_eventSteps; // sorted by event count
    qsizetype m_nextTime = 0;
    qsizetype m_nextEvent = 0;
};
