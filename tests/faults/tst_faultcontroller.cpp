// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// FaultController (the fault bookkeeping the tap proxy uses) and EventFaults (what per-event
// faults make of one stream's events), without sockets.
#include "faults/eventfaults.h"
#include "faults/faultcontroller.h"
#include "faults/faultspec.h"
#include "faults/trafficshaper.h"

#include <QSignalSpy>
#include <QTest>

namespace {

Fault fault(const QString &spec)
{
    Fault parsed;
    QString error;
    if (!FaultSpec::parse(spec, &parsed, &error))
        qFatal("%s", qPrintable(error));
    return parsed;
}

class RecordingActor : public FaultController::Actor
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
    void refuse(int id, const Fault &) override { refused.append(id); }
    QString applySettings(const Scenario::Step &) override
    {
        return QStringLiteral("no settings here");
    }
    void faultAdded(const Fault &f) override { added.append(f.spec); }

    QList<Act> acts;
    int shapingChanges = 0;
    QList<int> refused;
    QStringList added;
};

QByteArray eventBytes(int n)
{
    return "id: " + QByteArray::number(n) + "\ndata: " + QByteArray::number(n) + "\n\n";
}

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
    void eventFaults_data();
    void eventFaults();
    void closeAfterEvent();
};

void TestFaultController::nowFiresAtOnce()
{
    RecordingActor actor;
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
    RecordingActor actor;
    FaultController controller(&actor);
    const int id = controller.apply(fault(QStringLiteral("drop every=2 clients=2")));
    QCOMPARE(controller.faults().size(), 1);
    QCOMPARE(controller.faults().first().state, QStringLiteral("scheduled"));
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
    RecordingActor actor;
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
    RecordingActor actor;
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
    RecordingActor actor;
    FaultController controller(&actor);
    const Fault drop = fault(QStringLiteral("drop every=1 mode=fin,rst"));
    const int id = controller.apply(drop);
    QCOMPARE(controller.nextDropMode(id, drop), Fault::DropMode::Fin);
    QCOMPARE(controller.nextDropMode(id, drop), Fault::DropMode::Rst);
    QCOMPARE(controller.nextDropMode(id, drop), Fault::DropMode::Fin);
}

void TestFaultController::needsEventUnits()
{
    RecordingActor actor;
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
    RecordingActor actor;
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

void TestFaultController::eventFaults_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QByteArray>("out");
    QTest::addColumn<int>("events");
    QTest::newRow("drop") << "drop" << QByteArray() << 0;
    QTest::newRow("duplicate") << "duplicate" << eventBytes(1) + eventBytes(1) << 2;
    QTest::newRow("ids reset") << "ids mode=reset" << QByteArray("reset") << 1;
    QTest::newRow("ids rewrite") << "ids mode=rewrite value=q" << QByteArray("q") << 1;
    QTest::newRow("ids rewrite default") << "ids mode=rewrite" << QByteArray("x1") << 1;
}

void TestFaultController::eventFaults()
{
    QFETCH(QString, spec);
    QFETCH(QByteArray, out);
    QFETCH(int, events);
    EventFaults faults;
    faults.add(7, fault(spec));
    QVERIFY(!faults.isEmpty());
    QStringList reports;
    const EventFaults::Result result = faults.deliver(
        eventBytes(1), QStringLiteral("event 1"), "x1",
        [](const QByteArray &id, bool reset) { return reset ? QByteArray("reset") : id; },
        [&](int id, const Fault &, const QString &detail) {
            QCOMPARE(id, 7);
            reports.append(detail);
        });
    QCOMPARE(result.bytes, out);
    QCOMPARE(result.events, events);
    QCOMPARE(reports.size(), 1);
    QVERIFY(faults.isEmpty());
    // The next event is untouched.
    const EventFaults::Result next = faults.deliver(eventBytes(2), QStringLiteral("event 2"), "x2",
                                                    {}, [](int, const Fault &, const QString &) {});
    QCOMPARE(next.bytes, eventBytes(2));
}

void TestFaultController::closeAfterEvent()
{
    const auto noReport = [](int, const Fault &, const QString &) {
    };
    EventFaults faults;
    faults.add(1, fault(QStringLiteral("reorder")));
    EventFaults::Result held = faults.deliver(eventBytes(1), QString(), {}, {}, noReport);
    QVERIFY(held.bytes.isEmpty());
    QVERIFY(faults.hasHeld());
    faults.setCloseAfterEvent(Fault::DropMode::Rst);
    const EventFaults::Result both = faults.deliver(eventBytes(2), QString(), {}, {}, noReport);
    QCOMPARE(both.bytes, eventBytes(2) + eventBytes(1));
    QCOMPARE(both.events, 2);
    QCOMPARE(both.close, Fault::DropMode::Rst);
    faults.add(2, fault(QStringLiteral("truncate")));
    const EventFaults::Result cut = faults.deliver(eventBytes(3), QString(), {}, {}, noReport);
    QVERIFY(cut.truncated);
    QCOMPARE(cut.bytes, eventBytes(3).first(eventBytes(3).size() / 2));
}

QTEST_GUILESS_MAIN(TestFaultController)
#include "tst_faultcontroller.moc"
