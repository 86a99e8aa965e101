// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "faultcontroller.h"

#include "trafficshaper.h"

#include <algorithm>
#include <climits>
#include <utility>

namespace {

// A port closed by a refuse fault may still be held for a moment when it is due to open again.
constexpr int ReopenRetryMs = 100;

} // namespace

FaultController::FaultController(Host *host, QObject *parent)
    : QObject(parent)
    , m_host(host)
{
    qRegisterMetaType<FaultReport>();
    m_clock.start();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &FaultController::runDue);
    m_refuseTimer.setSingleShot(true);
    connect(&m_refuseTimer, &QTimer::timeout, this, &FaultController::reopen);
}

QString FaultController::Entry::stateName(State state)
{
    switch (state) {
    case State::Scheduled:
        return QStringLiteral("scheduled");
    case State::Shaping:
        return QStringLiteral("shaping");
    case State::Armed:
        return QStringLiteral("armed");
    }
    return {};
}

int FaultController::apply(const Fault &fault, QString *error)
{
    if (!m_host->canActOut(fault, error))
        return 0;
    m_engaged = true;
    const int id = m_scheduler.add(fault, nowMs());
    m_reports.insert(id, 0);
    if (m_inScenarioStep)
        m_fromScenario.insert(id);
    m_host->faultAdded(fault);
    Q_EMIT faultApplied(id);
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
    case Fault::Kind::ErrorEvent:
    case Fault::Kind::NotJson:
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
    if (found)
        retire(id);
    schedule();
    return found;
}

void FaultController::clear()
{
    QList<int> listed;
    const QList<Entry> entries = faults();
    for (const Entry &entry : entries)
        listed.append(entry.id);
    m_scheduler.clear();
    m_armed.clear();
    while (!m_shaping.isEmpty())
        endShaping(m_shaping.size() - 1, QStringLiteral("cleared"));
    m_dropRotation.clear();
    for (const int id : std::as_const(listed))
        retire(id);
    schedule();
}

bool FaultController::isListed(int id) const
{
    return m_scheduler.contains(id)
        || std::any_of(m_shaping.cbegin(), m_shaping.cend(),
                       [id](const Shaping &rule) { return rule.id == id; })
        || std::any_of(m_armed.cbegin(), m_armed.cend(),
                       [id](const Armed &entry) { return entry.id == id; });
}

void FaultController::retire(int id)
{
    if (!m_reports.remove(id))
        return; // retired already
    m_fromScenario.remove(id);
    m_dropRotation.remove(id);
    Q_EMIT faultRetired(id);
}

QList<FaultController::Entry> FaultController::faults() const
{
    QList<Entry> list;
    const QList<FaultScheduler::Firing> scheduled = m_scheduler.entries();
    auto add = [this, &list](int id, const Fault &fault, Entry::State state) {
        list.append({id, fault, state, m_reports.value(id), m_fromScenario.contains(id)});
    };
    for (const FaultScheduler::Firing &firing : scheduled)
        add(firing.id, firing.fault, Entry::State::Scheduled);
    for (const Shaping &rule : m_shaping)
        add(rule.id, rule.fault, Entry::State::Shaping);
    for (const Armed &entry : m_armed)
        add(entry.id, entry.fault, Entry::State::Armed);
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
            m_host->faultAdded(step.fault);
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
    fireOnEvent(countEvent(client), client);
}

QList<FaultScheduler::Firing> FaultController::countEvent(int client)
{
    if (m_runner.countsEvents())
        m_stepsAfterEvent += m_runner.eventPassed();
    if (!m_scheduler.hasEventTriggers())
        return {};
    return m_scheduler.eventPassed(client);
}

void FaultController::fireOnEvent(const QList<FaultScheduler::Firing> &firings, int client)
{
    for (const FaultScheduler::Firing &firing : firings)
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
        if (entry.remaining > 0 && --entry.remaining == 0) {
            const int id = entry.id;
            m_armed.removeAt(used.at(k));
            retire(id);
        }
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

void FaultController::report(int id, const Fault &fault, int client, const QString &detail,
                             FaultReport::State state)
{
    ++m_fired;
    const auto count = m_reports.find(id);
    if (count != m_reports.end())
        ++*count;
    FaultReport info;
    info.id = id;
    info.kind = fault.kind;
    info.spec = fault.spec.isEmpty() ? fault.name() : fault.spec;
    info.client = client;
    info.detail = detail;
    info.state = state;
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
            m_inScenarioStep = true;
            apply(step.fault, &error);
            m_inScenarioStep = false;
            break;
        case Scenario::Step::Action::Clear:
            clear();
            break;
        case Scenario::Step::Action::Set:
            error = m_host->applySettings(step);
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
    // A copy: acting may remove the fault (a slot calling remove() or clear()).
    const Fault fault = firing.fault;
    const int id = firing.id;
    switch (fault.scope()) {
    case Fault::Scope::Connection:
    case Fault::Scope::Event:
        if (client == 0 || fault.targets(client))
            m_host->actOn(id, fault, client, onEvent);
        break;
    case Fault::Scope::Shaping:
        m_shaping.append({id, fault, fault.durationMs > 0 ? nowMs() + fault.durationMs : -1});
        m_host->shapingChanged(fault);
        report(id, fault, 0,
               fault.durationMs > 0 ? QStringLiteral("on for %1 ms").arg(fault.durationMs)
                                    : QStringLiteral("on until cleared"),
               FaultReport::State::On);
        schedule();
        break;
    case Fault::Scope::Response:
        m_armed.append({id, fault, fault.count});
        report(id, fault, 0,
               fault.count > 0
                   ? QStringLiteral("armed for the next %1 connection(s)").arg(fault.count)
                   : QStringLiteral("armed until cleared"),
               FaultReport::State::Armed);
        break;
    case Fault::Scope::Server:
        refuse(id, fault);
        break;
    }
    if (!isListed(id))
        retire(id);
}

void FaultController::endShaping(qsizetype index, const QString &detail)
{
    const Shaping rule = m_shaping.takeAt(index);
    m_host->shapingChanged(rule.fault);
    report(rule.id, rule.fault, 0, detail, FaultReport::State::Ended);
    if (!isListed(rule.id))
        retire(rule.id);
}

void FaultController::refuse(int id, const Fault &fault)
{
    if (m_refusedPort == 0) {
        const quint16 port = m_host->closePort();
        if (port == 0) {
            report(id, fault, 0, QStringLiteral("not listening: nothing to refuse"),
                   FaultReport::State::NotApplied);
            return;
        }
        m_refusedPort = port;
    }
    // A second refuse while the port is closed sets the time it opens again.
    m_refuseId = id;
    m_refuseFault = fault;
    m_refuseTimer.start(int(qBound(qint64(1), fault.durationMs, qint64(INT_MAX))));
    report(id, fault, 0,
           QStringLiteral("port %1 closed for %2 ms").arg(m_refusedPort).arg(fault.durationMs));
}

void FaultController::reopen()
{
    if (m_refusedPort == 0)
        return;
    if (!m_host->reopenPort(m_refusedPort)) {
        // The port may still be held for a moment; keep trying rather than stay away.
        m_refuseTimer.start(ReopenRetryMs);
        return;
    }
    const quint16 port = std::exchange(m_refusedPort, 0);
    report(m_refuseId, m_refuseFault, 0, QStringLiteral("port %1 open again").arg(port),
           FaultReport::State::Ended);
}

void FaultController::cancelRefuse()
{
    m_refuseTimer.stop();
    m_refusedPort = 0;
}
