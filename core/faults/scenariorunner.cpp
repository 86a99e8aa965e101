// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "scenariorunner.h"

#include <algorithm>

void ScenarioRunner::start(const Scenario &scenario, qint64 nowMs)
{
    m_scenario = scenario;
    m_running = true;
    m_startMs = nowMs;
    m_events = 0;
    m_timeSteps.clear();
    m_eventSteps.clear();
    for (int i = 0; i < m_scenario.steps.size(); ++i)
        (m_scenario.steps.at(i).byEvents ? m_eventSteps : m_timeSteps).append(i);
    const QList<Scenario::Step> &steps = m_scenario.steps;
    std::stable_sort(m_timeSteps.begin(), m_timeSteps.end(),
                     [&steps](int a, int b) { return steps.at(a).atMs < steps.at(b).atMs; });
    std::stable_sort(m_eventSteps.begin(), m_eventSteps.end(), [&steps](int a, int b) {
        return steps.at(a).afterEvents < steps.at(b).afterEvents;
    });
    m_nextTime = 0;
    m_nextEvent = 0;
}

void ScenarioRunner::stop()
{
    m_running = false;
    m_timeSteps.clear();
    m_eventSteps.clear();
    m_nextTime = 0;
    m_nextEvent = 0;
}

QList<int> ScenarioRunner::takeDue(qint64 nowMs)
{
    QList<int> due;
    if (!m_running)
        return due;
    while (m_nextTime < m_timeSteps.size()
           && m_startMs + m_scenario.steps.at(m_timeSteps.at(m_nextTime)).atMs <= nowMs)
        due.append(m_timeSteps.at(m_nextTime++));
    return due;
}

qint64 ScenarioRunner::nextDueMs() const
{
    if (!m_running || m_nextTime >= m_timeSteps.size())
        return -1;
    return m_startMs + m_scenario.steps.at(m_timeSteps.at(m_nextTime)).atMs;
}

QList<int> ScenarioRunner::eventPassed()
{
    QList<int> due;
    if (!countsEvents())
        return due;
    ++m_events;
    while (m_nextEvent < m_eventSteps.size()
           && m_scenario.steps.at(m_eventSteps.at(m_nextEvent)).afterEvents <= m_events)
        due.append(m_eventSteps.at(m_nextEvent++));
    return due;
}
