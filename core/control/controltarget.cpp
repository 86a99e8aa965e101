// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "controltarget.h"

QJsonObject ControlTarget::faultToJson(const FaultController::Entry &entry)
{
    const Fault &fault = entry.fault;
    QJsonArray clients;
    for (int client : fault.clients)
        clients.append(client);
    return {{QStringLiteral("id"), entry.id},
            {QStringLiteral("fault"), fault.name()},
            {QStringLiteral("spec"), fault.spec.isEmpty() ? fault.name() : fault.spec},
            {QStringLiteral("clients"), clients},
            {QStringLiteral("state"), FaultController::Entry::stateName(entry.state)},
            {QStringLiteral("fired"), entry.fired},
            {QStringLiteral("origin"),
             entry.fromScenario ? QStringLiteral("scenario") : QStringLiteral("api")}};
}

QJsonArray ControlTarget::faults() const
{
    QJsonArray list;
    const QList<FaultController::Entry> entries = m_faults->faults();
    for (const FaultController::Entry &entry : entries)
        list.append(faultToJson(entry));
    return list;
}

int ControlTarget::addFault(const Fault &fault, QString *error)
{
    return m_faults->apply(fault, error);
}

bool ControlTarget::removeFault(int id)
{
    return m_faults->remove(id);
}

void ControlTarget::clearFaults()
{
    m_faults->clear();
}

bool ControlTarget::runScenario(const Scenario &scenario, QString *error)
{
    for (const Scenario::Step &step : scenario.steps) {
        QString reason;
        if (step.action == Scenario::Step::Action::Fault
            && !m_faults->canApply(step.fault, &reason)) {
            if (error)
                *error = QStringLiteral("%1: %2: %3").arg(scenario.source, step.label, reason);
            return false;
        }
    }
    m_faults->runScenario(scenario);
    return true;
}

bool ControlTarget::stopScenario()
{
    const bool running = m_faults->isScenarioRunning();
    m_faults->stopScenario();
    return running;
}

QJsonObject ControlTarget::scenario() const
{
    QJsonObject object {{QStringLiteral("running"), m_faults->isScenarioRunning()}};
    if (!m_faults->scenario().name.isNull()) {
        object.insert(QStringLiteral("name"), m_faults->scenario().name);
        object.insert(QStringLiteral("steps"), int(m_faults->scenario().steps.size()));
        object.insert(QStringLiteral("steps_run"), m_faults->stepsRun());
    }
    return object;
}
