// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "faultcontroller.h"

#include "trafficshaper.h"

#include <climits>

FaultController::FaultController(Actor *actor, QObject *parent)
    : QObject(parent)
    , m_actor(actor)
{
    qRegisterMetaType<FaultReport>();
    m_clock.start();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &FaultController::runDue);
}

int FaultController::apply(const Fault &fault, QString *error)
{
    if (!m_actor->canActOut(fault, error))
        return 0;
    m_engaged = true;
    const int id = m_scheduler.add(fault, nowMs());
    m_actor->faultAdded(fault);
    if (fault.trigger.kind == Fault::Trigger::Kind::Now)
        runDue();
    else
        schedule();
    return id;
}

bool FaultController::actsOnEvents(const Fault &fault)
{
    if (fault.trigger.countsEvents())
        return true;
    switch (fault.kind) {
    case Fault::Kind::Truncate:
    case Fault::Kind::Drop:
    case Fault::Kind::Duplicate:
    case Fault::Kind::Reorder:
    case Fault::Kind::Ids:
    case Fault::Kind::Retry:
    case Fault::Kind::Garbage:
    case Fault::Kind::HeartbeatPause:
        return true;
    default:
        return false;
    }
}

bool FaultController::needsEventUnits() const
{
    const QList<FaultScheduler::Firing> scheduled = m_scheduler.entries();
    for (const FaultScheduler::Firing &firing : scheduled) {
        if (actsOnEvents(firing.fault))
            return true;
    }
    if (m_runner.isRunning()) {
        for (const Scenario::Step &step : m_runner.scenario().steps) {
            if (step.action == Scenario::Step::Action::Fault && actsOnEvents(step.fault))
                return true;
        }
    }
    return false;
}

bool FaultController::remove(int id)
{
    bool found = m_scheduler.remove(id);
    found = m_armed.removeIf([id](const Armed &entry) { return entry.id == id; }) > 0 || found;
    for (qsizetype i = m_shaping.size() - 1; i >= 0; --i) {
        if (m_shaping.at(i).id == id) {
            endShaping(i, QStringLiteral("removed"));
            found = true;
        }
    }
    m_dropRotation.remove(id);
    schedule();
    return found;
}

void FaultController::clear()
{
    m_scheduler.clear();
    m_armed.clear();
    while (!m_shaping.isEmpty())
        endShaping(m_shaping.size() - 1, QStringLiteral("cleared"));
    m_dropRotation.clear();
    schedule();
}

QList<FaultController::Entry> FaultController::faults() const
{
    QList<Entry> list;
    const QList<FaultScheduler::Firing> scheduled = m_scheduler.entries();
    for (const FaultScheduler::Firing &firing : scheduled)
        list.append({firing.id, firing.fault, QStringLiteral("scheduled")});
    for (const Shaping &rule : m_shaping)
        list.append({rule.id, rule.fault, QStringLiteral("shaping")});
    for (const Armed &entry : m_armed)
        list.append({entry.id, entry.fault, QStringLiteral("armed")});
    std::stable_sort(list.begin(), list.end(),
                     [](const Entry &a, const Entry &b) { return a.id < b.id; });
    return list;
}

void FaultController::runScenario(const Scenario &scenario)
{
    m_engaged = true;
    m_stepsRun = 0;
    m_stepsAfterEvent.clear();
    m_runner.start(scenario, nowMs());
    for (const Scenario::Step &step : scenario.steps) {
        if (step.action == Scenario::Step::Action::Fault)
            m_actor->faultAdded(step.fault);
    }
    // Steps at 0 run now, as `now` faults do.
    runDue();
}

void FaultController::stopScenario()
{
    m_runner.stop();
    m_stepsAfterEvent.clear();
    schedule();
}

void FaultController::eventPassed(int client)
{
    if (m_runner.countsEvents())
        m_stepsAfterEvent += m_runner.eventPassed();
    if (!m_scheduler.hasEventTriggers())
        return;
    const QList<FaultScheduler::Firing> fired = m_scheduler.eventPassed(client);
    for (const FaultScheduler::Firing &firing : fired)
        fire(firing, client, true);
}

void FaultController::eventSent()
{
    if (!m_stepsAfterEvent.isEmpty())
        runSteps(std::exchange(m_stepsAfterEvent, {}));
}

void FaultController::configure(TrafficShaper &shaper, int client) const
{
    shaper.clearRules();
    for (const Shaping &rule : m_shaping) {
        if (rule.fault.targets(client))
            shaper.addRule(rule.fault);
    }
}

FaultController::ResponsePlan FaultController::takeResponseFaults(int client)
{
    ResponsePlan plan;
    QList<qsizetype> used;
    for (qsizetype i = 0; i < m_armed.size(); ++i) {
        const Armed &entry = m_armed.at(i);
        const Fault &fault = entry.fault;
        if (!fault.targets(client))
            continue;
        switch (fault.kind) {
        case Fault::Kind::Status:
        case Fault::Kind::Redirect:
            if (plan.answer)
                continue; // one answer per request: the next one waits for the next request
            plan.answer = fault;
            plan.answerId = entry.id;
            break;
        case Fault::Kind::ContentType:
            if (plan.contentType)
                continue;
            plan.contentType = fault.value;
            report(entry.id, fault, client,
                   fault.value.isEmpty() ? QStringLiteral("stream without Content-Type")
                                         : QStringLiteral("stream with Content-Type: %1")
                                               .arg(QString::fromUtf8(fault.value)));
            break;
        case Fault::Kind::Gzip:
            if (plan.gzip)
                continue;
            plan.gzip = true;
            report(entry.id, fault, client,
                   QStringLiteral("stream compressed with gzip, no per-event flush"));
            break;
        case Fault::Kind::SlowHeaders:
            if (plan.slowHeadersMs > 0)
                continue;
            plan.slowHeadersMs = fault.delayMs;
            report(entry.id, fault, client,
                   QStringLiteral("response held back %1 ms").arg(fault.delayMs));
            break;
        default:
            continue;
        }
        used.append(i);
    }
    // Used up entries go, newest index first so that the others keep theirs.
    for (qsizetype k = used.size() - 1; k >= 0; --k) {
        Armed &entry = m_armed[used.at(k)];
        if (entry.remaining > 0 && --entry.remaining == 0)
            m_armed.removeAt(used.at(k));
    }
    return plan;
}

Fault::DropMode FaultController::nextDropMode(int id, const Fault &fault)
{
    if (fault.dropModes.isEmpty())
        return Fault::DropMode::Event;
    int &next = m_dropRotation[id];
    return fault.dropModes.at(next++ % fault.dropModes.size());
}

void FaultController::report(int id, const Fault &fault, int client, const QString &detail)
{
    ++m_fired;
    FaultReport info;
    info.id = id;
    info.kind = fault.kind;
    info.spec = fault.spec.isEmpty() ? fault.name() : fault.spec;
    info.client = client;
    info.detail = detail;
    Q_EMIT faultFired(info);
}

void FaultController::schedule()
{
    qint64 next = m_scheduler.nextDueMs();
    const qint64 step = m_runner.nextDueMs();
    if (step >= 0 && (next < 0 || step < next))
        next = step;
    for (const Shaping &rule : std::as_const(m_shaping)) {
        if (rule.untilMs >= 0 && (next < 0 || rule.untilMs < next))
            next = rule.untilMs;
    }
    if (next < 0) {
        m_timer.stop();
        return;
    }
    m_timer.start(int(qBound(qint64(0), next - nowMs(), qint64(INT_MAX))));
}

void FaultController::runDue()
{
    const qint64 now = nowMs();
    for (qsizetype i = m_shaping.size() - 1; i >= 0; --i) {
        if (m_shaping.at(i).untilMs >= 0 && m_shaping.at(i).untilMs <= now)
            endShaping(i,
                       QStringLiteral("ended after %1 ms").arg(m_shaping.at(i).fault.durationMs));
    }
    const QList<int> steps = m_runner.takeDue(now);
    if (!steps.isEmpty())
        runSteps(steps);
    const QList<FaultScheduler::Firing> due = m_scheduler.takeDue(now);
    for (const FaultScheduler::Firing &firing : due)
        fire(firing, 0, false);
    schedule();
}

void FaultController::runSteps(const QList<int> &steps)
{
    const QString name = m_runner.scenario().name;
    for (const int index : steps) {
        // A step may stop the scenario (a slot calling stopScenario()).
        if (!m_runner.isRunning() || index >= m_runner.scenario().steps.size())
            return;
        const Scenario::Step step = m_runner.scenario().steps.at(index);
        QString error;
        switch (step.action) {
        case Scenario::Step::Action::Fault:
            apply(step.fault, &error);
            break;
        case Scenario::Step::Action::Clear:
            clear();
            break;
        case Scenario::Step::Action::Set:
            error = m_actor->applySettings(step);
            break;
        }
        ++m_stepsRun;
        Q_EMIT scenarioStepRun(step.label, step.text, error);
    }
    if (m_runner.isFinished()) {
        m_runner.stop();
        Q_EMIT scenarioFinished(name);
    }
}

void FaultController::fire(const FaultScheduler::Firing &firing, int client, bool onEvent)
{
    const Fault &fault = firing.fault;
    switch (fault.scope()) {
    case Fault::Scope::Connection:
    case Fault::Scope::Event:
        if (client == 0 || fault.targets(client))
            m_actor->actOn(firing.id, fault, client, onEvent);
        break;
    case Fault::Scope::Shaping:
        m_shaping.append(
            {firing.id, fault, fault.durationMs > 0 ? nowMs() + fault.durationMs : -1});
        m_actor->shapingChanged(fault);
        report(firing.id, fault, 0,
               fault.durationMs > 0 ? QStringLiteral("on for %1 ms").arg(fault.durationMs)
                                    : QStringLiteral("on until cleared"));
        schedule();
        break;
    case Fault::Scope::Response:
        m_armed.append({firing.id, fault, fault.count});
        report(firing.id, fault, 0,
               fault.count > 0
                   ? QStringLiteral("armed for the next %1 connection(s)").arg(fault.count)
                   : QStringLiteral("armed until cleared"));
        break;
    case Fault::Scope::Server:
        m_actor->refuse(firing.id, fault);
        break;
    }
}

void FaultController::endShaping(qsizetype index, const QString &detail)
{
    const Shaping rule = m_shaping.takeAt(index);
    m_actor->shapingChanged(rule.fault);
    report(rule.id, rule.fault, 0, detail);
}
