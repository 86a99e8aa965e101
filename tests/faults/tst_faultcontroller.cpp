// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// FaultController, the fault engine the mock server and the tap proxy drive, without sockets.
#include "faultfixture.h"
#include "faults/faultcontroller.h"
#include "faults/faultspec.h"
#include "faults/trafficshaper.h"

#include <QSignalSpy>

#include <QTest>
#include <utility>

namespace {

using TestFaults::fault;

class RecordingHost : public FaultController::Host
{
public:
    struct Act
    {
        int id;
        QString spec;
        int client;
        bool onEvent;
    };
    void actOn(int id, const Fault &f, int client, bool onEvent) override
    {
        acts.append({id, f.spec, client, onEvent});
    }
    void shapingChanged(const Fault &) override { ++shapingChanges; }
    quint16 closePort() override
    {
        ++closes;
        return std::exchange(port, 0);
    }
    bool reopenPort(quint16 wanted) override
    {
        ++reopenAttempts;
        if (reopenAttempts <= reopenFailures)
            return false;
        port = wanted;
        return true;
    }
    QString applySettings(const Scenario::Step &) override
    {
        return QStringLiteral("no settings here");
    }
    void faultAdded(const Fault &f) override { added.append(f.spec); }

    QList<Act> acts;
    int shapingChanges = 0;
    quint16 port = 8080; // 0: not listening
    int closes = 0;
    int reopenAttempts = 0;
    int reopenFailures = 0; // the first reopen attempts fail (the port still held)
    QStringList added;
};

} // namespace

class TestFaultController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nowFiresAtOnce();
    void eventTriggersActOnTheirClient();
    void responseFaultsAreUsedUp();
    void shapingConfiguresAndEnds();
    void dropModesRotate();
    void needsEventUnits();
    void scenarioStepsReportErrors();
    void faultsRetire_data();
    void faultsRetire();
    void listingCountsReportsAndOrigin();
    void refuseClosesAndReopens();
    void refuseWithoutListening();
    void countEventThenFire();
};

void TestFaultController::nowFiresAtOnce()
{
    RecordingHost actor;
    FaultController controller(&actor);
    QVERIFY(!controller.isEngaged());
    const int id = controller.apply(fault(QStringLiteral("fin")));
    QVERIFY(id > 0);
    QVERIFY(controller.isEngaged());
    QCOMPARE(actor.acts.size(), 1);
    QCOMPARE(actor.acts.first().id, id);
    QCOMPARE(actor.acts.first().client, 0); // every targeted client
    QVERIFY(!actor.acts.first().onEvent);
    QVERIFY(controller.faults().isEmpty()); // fired once, forgotten
    QCOMPARE(actor.added, QStringList {QStringLiteral("fin")});
}

void TestFaultController::eventTriggersActOnTheirClient()
{
    RecordingHost actor;
    FaultController controller(&actor);
    const int id = controller.apply(fault(QStringLiteral("drop every=2 clients=2")));
    QCOMPARE(controller.faults().size(), 1);
    QCOMPARE(controller.faults().first().state, FaultController::Entry::State::Scheduled);
    controller.eventPassed(1); // not targeted: not counted
    controller.eventPassed(2);
    QVERIFY(actor.acts.isEmpty());
    controller.eventPassed(2);
    QCOMPARE(actor.acts.size(), 1);
    QCOMPARE(actor.acts.first().client, 2);
    QVERIFY(actor.acts.first().onEvent);
    QVERIFY(controller.remove(id));
    QVERIFY(!controller.remove(id));
    controller.eventPassed(2);
    controller.eventPassed(2);
    QCOMPARE(actor.acts.size(), 1);
}

void TestFaultController::responseFaultsAreUsedUp()
{
    RecordingHost actor;
    FaultController controller(&actor);
    QSignalSpy fired(&controller, &FaultController::faultFired);
    controller.apply(fault(QStringLiteral("status code=503 count=2")));
    controller.apply(fault(QStringLiteral("content-type value=none")));
    QCOMPARE(fired.size(), 2); // armed
    FaultController::ResponsePlan plan = controller.takeResponseFaults(1);
    QVERIFY(plan.answer);
    QCOMPARE(plan.answer->code, 503);
    QVERIFY(plan.contentType);
    QVERIFY(plan.contentType->isEmpty());
    plan = controller.takeResponseFaults(2);
    QVERIFY(plan.answer);
    QVERIFY(!plan.contentType); // count=1 by default: used up
    plan = controller.takeResponseFaults(3);
    QVERIFY(!plan.answer);
    QVERIFY(controller.faults().isEmpty());
}

void TestFaultController::shapingConfiguresAndEnds()
{
    RecordingHost actor;
    FaultController controller(&actor);
    QSignalSpy fired(&controller, &FaultController::faultFired);
    controller.apply(fault(QStringLiteral("latency ms=50 for=50ms clients=1")));
    controller.apply(fault(QStringLiteral("slice bytes=3 delay=5ms")));
    QCOMPARE(actor.shapingChanges, 2);
    TrafficShaper one;
    controller.configure(one, 1);
    QCOMPARE(one.latencyMs(), 50);
    QCOMPARE(one.sliceBytes(), 3);
    TrafficShaper two;
    controller.configure(two, 2);
    QCOMPARE(two.latencyMs(), 0);
    QCOMPARE(two.sliceBytes(), 3);
    // The latency ends on its own after `for`.
    QTRY_COMPARE_WITH_TIMEOUT(actor.shapingChanges, 3, 5000);
    controller.configure(one, 1);
    QCOMPARE(one.latencyMs(), 0);
    QVERIFY(fired.last().at(0).value<FaultReport>().detail.startsWith(QLatin1String("ended")));
    controller.clear();
    controller.configure(one, 1);
    QCOMPARE(one.sliceBytes(), 0);
}

void TestFaultController::dropModesRotate()
{
    RecordingHost actor;
    FaultController controller(&actor);
    const Fault drop = fault(QStringLiteral("drop every=1 mode=fin,rst"));
    const int id = controller.apply(drop);
    QCOMPARE(controller.nextDropMode(id, drop), Fault::DropMode::Fin);
    QCOMPARE(controller.nextDropMode(id, drop), Fault::DropMode::Rst);
    QCOMPARE(controller.nextDropMode(id, drop), Fault::DropMode::Fin);
}

void TestFaultController::needsEventUnits()
{
    RecordingHost actor;
    FaultController controller(&actor);
    controller.apply(fault(QStringLiteral("rst every=10s")));
    QVERIFY(!controller.needsEventUnits());
    const int id = controller.apply(fault(QStringLiteral("duplicate probability=0.5")));
    QVERIFY(controller.needsEventUnits());
    controller.remove(id);
    controller.apply(fault(QStringLiteral("fin after=3"))); // acts right after an event
    QVERIFY(controller.needsEventUnits());
}

void TestFaultController::scenarioStepsReportErrors()
{
    RecordingHost actor;
    FaultController controller(&actor);
    QSignalSpy steps(&controller, &FaultController::scenarioStepRun);
    QSignalSpy finished(&controller, &FaultController::scenarioFinished);
    Scenario scenario;
    scenario.name = QStringLiteral("t");
    Scenario::Step set;
    set.action = Scenario::Step::Action::Set;
    set.eventMs = 5;
    set.label = QStringLiteral("step 1");
    Scenario::Step drop;
    drop.byEvents = true;
    drop.afterEvents = 2;
    drop.fault = fault(QStringLiteral("drop"));
    drop.label = QStringLiteral("step 2");
    scenario.steps = {set, drop};
    controller.runScenario(scenario);
    QCOMPARE(steps.size(), 1);
    QCOMPARE(steps.first().at(2).toString(), QStringLiteral("no settings here"));
    QVERIFY(controller.isScenarioRunning());
    controller.eventPassed(1);
    controller.eventSent();
    QCOMPARE(steps.size(), 1);
    controller.eventPassed(1);
    QCOMPARE(steps.size(), 1); // steps run once the event is sent
    controller.eventSent();
    QCOMPARE(steps.size(), 2);
    QCOMPARE(actor.acts.size(), 1); // the drop, on every client
    QCOMPARE(finished.size(), 1);
    QVERIFY(!controller.isScenarioRunning());
    QCOMPARE(controller.stepsRun(), 2);
}

void TestFaultController::faultsRetire_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("eventsToRetire"); // -1: never by events
    QTest::addColumn<bool>("listedAfterApply");
    QTest::newRow("fin now") << "fin" << 0 << false;
    QTest::newRow("rst after 2 events") << "rst after=2" << 2 << true;
    QTest::newRow("drop every event stays") << "drop every=1" << -1 << true;
    QTest::newRow("armed status, used once") << "status code=503" << -1 << true;
    QTest::newRow("refuse now") << "refuse for=1s" << 0 << false;
}

void TestFaultController::faultsRetire()
{
    QFETCH(QString, spec);
    QFETCH(int, eventsToRetire);
    QFETCH(bool, listedAfterApply);
    RecordingHost host;
    FaultController controller(&host);
    QSignalSpy retired(&controller, &FaultController::faultRetired);
    QSignalSpy applied(&controller, &FaultController::faultApplied);
    const int id = controller.apply(fault(spec));
    QCOMPARE(applied.size(), 1);
    QCOMPARE(applied.first().at(0).toInt(), id);
    QCOMPARE(controller.faults().size(), listedAfterApply ? 1 : 0);
    QCOMPARE(retired.size(), listedAfterApply ? 0 : 1);
    if (eventsToRetire > 0) {
        for (int i = 0; i < eventsToRetire; ++i)
            controller.eventPassed(1);
        QCOMPARE(retired.size(), 1);
        QCOMPARE(retired.first().at(0).toInt(), id);
        QVERIFY(controller.faults().isEmpty());
    } else if (eventsToRetire < 0) {
        for (int i = 0; i < 5; ++i)
            controller.eventPassed(1);
        if (fault(spec).scope() == Fault::Scope::Response) {
            controller.takeResponseFaults(1); // its one connection
            QCOMPARE(retired.size(), 1);
        } else {
            QCOMPARE(retired.size(), 0);
            QVERIFY(controller.remove(id));
            QCOMPARE(retired.size(), 1);
        }
    }
    // Retired once only: removing it again finds nothing, clearing retires nothing more.
    QVERIFY(!controller.remove(id));
    controller.clear();
    QCOMPARE(retired.size(), 1);
}

void TestFaultController::listingCountsReportsAndOrigin()
{
    RecordingHost host;
    FaultController controller(&host);
    QSignalSpy fired(&controller, &FaultController::faultFired);
    QSignalSpy retired(&controller, &FaultController::faultRetired);
    const int byHand = controller.apply(fault(QStringLiteral("latency ms=5")));
    controller.runScenario(TestFaults::oneFaultScenario(QStringLiteral("status code=500 count=0")));
    const QList<FaultController::Entry> entries = controller.faults();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).id, byHand);
    QCOMPARE(entries.at(0).state, FaultController::Entry::State::Shaping);
    QVERIFY(!entries.at(0).fromScenario);
    QCOMPARE(entries.at(0).fired, 1); // "on until cleared"
    QCOMPARE(entries.at(1).state, FaultController::Entry::State::Armed);
    QVERIFY(entries.at(1).fromScenario);
    QCOMPARE(fired.at(0).at(0).value<FaultReport>().state, FaultReport::State::On);
    QCOMPARE(fired.at(1).at(0).value<FaultReport>().state, FaultReport::State::Armed);
    // Each report counts for its fault; a fault with count=0 stays armed.
    controller.report(entries.at(1).id, entries.at(1).fault, 3, QStringLiteral("answered 500"));
    controller.report(entries.at(1).id, entries.at(1).fault, 4, QStringLiteral("answered 500"));
    QCOMPARE(controller.faults().at(1).fired, 3);
    controller.clear();
    QVERIFY(controller.faults().isEmpty());
    QCOMPARE(retired.size(), 2);
    QCOMPARE(fired.last().at(0).value<FaultReport>().state, FaultReport::State::Ended);
}

void TestFaultController::refuseClosesAndReopens()
{
    RecordingHost host;
    host.reopenFailures = 2; // the port is still held twice: retried until it can be had
    FaultController controller(&host);
    QSignalSpy fired(&controller, &FaultController::faultFired);
    controller.apply(fault(QStringLiteral("refuse for=20ms")));
    QCOMPARE(host.closes, 1);
    QCOMPARE(host.port, quint16(0));
    QCOMPARE(controller.refusedPort(), quint16(8080));
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fired.first().at(0).value<FaultReport>().detail,
             QStringLiteral("port 8080 closed for 20 ms"));
    QTRY_COMPARE_WITH_TIMEOUT(controller.refusedPort(), quint16(0), 5000);
    QCOMPARE(host.reopenAttempts, 3);
    QCOMPARE(host.port, quint16(8080));
    QCOMPARE(fired.size(), 2);
    const FaultReport open = fired.last().at(0).value<FaultReport>();
    QCOMPARE(open.detail, QStringLiteral("port 8080 open again"));
    QCOMPARE(open.state, FaultReport::State::Ended);
}

void TestFaultController::refuseWithoutListening()
{
    RecordingHost host;
    host.port = 0;
    FaultController controller(&host);
    QSignalSpy fired(&controller, &FaultController::faultFired);
    controller.apply(fault(QStringLiteral("refuse for=1s")));
    QCOMPARE(fired.size(), 1);
    const FaultReport report = fired.first().at(0).value<FaultReport>();
    QCOMPARE(report.state, FaultReport::State::NotApplied);
    QCOMPARE(report.detail, QStringLiteral("not listening: nothing to refuse"));
    QCOMPARE(controller.refusedPort(), quint16(0));
    // A host that stops while its port is refused cancels the reopening.
    host.port = 9090;
    controller.apply(fault(QStringLiteral("refuse for=10ms")));
    QCOMPARE(controller.refusedPort(), quint16(9090));
    controller.cancelRefuse();
    QCOMPARE(controller.refusedPort(), quint16(0));
    QCOMPARE(host.reopenAttempts, 0);
}

void TestFaultController::countEventThenFire()
{
    RecordingHost host;
    FaultController controller(&host);
    controller.apply(fault(QStringLiteral("duplicate after=2 clients=4")));
    QVERIFY(controller.countsEvents());
    QVERIFY(controller.countEvent(4).isEmpty());
    const QList<FaultScheduler::Firing> firings = controller.countEvent(4);
    QCOMPARE(firings.size(), 1);
    QVERIFY(host.acts.isEmpty()); // counted, not acted out yet
    controller.fireOnEvent(firings, 4);
    QCOMPARE(host.acts.size(), 1);
    QCOMPARE(host.acts.first().client, 4);
    QVERIFY(host.acts.first().onEvent);
    QVERIFY(!controller.countsEvents());
}

QTEST_GUILESS_MAIN(TestFaultController)
#include "tst_faultcontroller.moc"
