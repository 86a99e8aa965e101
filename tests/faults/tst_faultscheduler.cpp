// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "faults/faultscheduler.h"
#include "faults/faultspec.h"

#include <QTest>

namespace {

Fault parsed(const QString &spec)
{
    Fault fault;
    QString error;
    if (!FaultSpec::parse(spec, &fault, &error))
        qFatal("%s", qPrintable(error));
    return fault;
}

QList<int> ids(const QList<FaultScheduler::Firing> &firings)
{
    QList<int> list;
    for (const FaultScheduler::Firing &firing : firings)
        list.append(firing.id);
    return list;
}

} // namespace

class TestFaultScheduler : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nowFiresOnce();
    void atFiresOnceWhenDue();
    void everyTimeKeepsCadence();
    void afterFiresOnceOnTheNthEvent();
    void everyEventsRepeats();
    void eventsCountOnlyForTargets();
    void probabilityIsSeededAndRoughlyRight();
    void removeAndClear();
};

void TestFaultScheduler::nowFiresOnce()
{
    FaultScheduler scheduler;
    const int id = scheduler.add(parsed(QStringLiteral("rst")), 100);
    QCOMPARE(scheduler.nextDueMs(), 100);
    const auto due = scheduler.takeDue(100);
    QCOMPARE(ids(due), QList<int> {id});
    QVERIFY(!scheduler.contains(id)); // fired once, forgotten
    QCOMPARE(due.first().fault.kind, Fault::Kind::Rst);
    QVERIFY(scheduler.isEmpty());
    QVERIFY(scheduler.takeDue(1000).isEmpty());
    QCOMPARE(scheduler.nextDueMs(), -1);
}

void TestFaultScheduler::atFiresOnceWhenDue()
{
    FaultScheduler scheduler;
    scheduler.add(parsed(QStringLiteral("fin at=2s")), 1000);
    QCOMPARE(scheduler.nextDueMs(), 3000);
    QVERIFY(scheduler.takeDue(2999).isEmpty());
    QCOMPARE(scheduler.takeDue(3005).size(), 1);
    QVERIFY(scheduler.takeDue(10000).isEmpty());
    QVERIFY(!scheduler.hasEventTriggers());
}

void TestFaultScheduler::everyTimeKeepsCadence()
{
    FaultScheduler scheduler;
    scheduler.add(parsed(QStringLiteral("fin every=100ms")), 0);
    QCOMPARE(scheduler.takeDue(100).size(), 1);
    QCOMPARE(scheduler.nextDueMs(), 200);
    QCOMPARE(scheduler.takeDue(230).size(), 1);
    QCOMPARE(scheduler.nextDueMs(), 300); // not 330: the cadence holds
    // A late call fires once, not once per missed period.
    QCOMPARE(scheduler.takeDue(1050).size(), 1);
    QCOMPARE(scheduler.nextDueMs(), 1100);
}

void TestFaultScheduler::afterFiresOnceOnTheNthEvent()
{
    FaultScheduler scheduler;
    scheduler.add(parsed(QStringLiteral("rst after=3")), 0);
    QVERIFY(scheduler.hasEventTriggers());
    QCOMPARE(scheduler.nextDueMs(), -1);
    QVERIFY(scheduler.eventPassed().isEmpty());
    QVERIFY(scheduler.eventPassed().isEmpty());
    QCOMPARE(scheduler.eventPassed().size(), 1);
    QVERIFY(!scheduler.hasEventTriggers());
    QVERIFY(scheduler.eventPassed().isEmpty());
}

void TestFaultScheduler::everyEventsRepeats()
{
    FaultScheduler scheduler;
    const int drop = scheduler.add(parsed(QStringLiteral("drop every=2")), 0);
    const int dup = scheduler.add(parsed(QStringLiteral("duplicate every=3")), 0);
    QList<QList<int>> fired;
    for (int i = 0; i < 6; ++i)
        fired.append(ids(scheduler.eventPassed()));
    const QList<QList<int>> expected {{}, {drop}, {dup}, {drop}, {}, {drop, dup}};
    QCOMPARE(fired, expected);
}

void TestFaultScheduler::eventsCountOnlyForTargets()
{
    FaultScheduler scheduler;
    scheduler.add(parsed(QStringLiteral("drop every=2 clients=2")), 0);
    // Client 1's own events do not count for a fault aimed at client 2.
    for (int i = 0; i < 5; ++i)
        QVERIFY(scheduler.eventPassed(1).isEmpty());
    QVERIFY(scheduler.eventPassed(2).isEmpty());
    QCOMPARE(scheduler.eventPassed(2).size(), 1);
    // A broadcast event counts for everyone.
    QVERIFY(scheduler.eventPassed(0).isEmpty());
    QCOMPARE(scheduler.eventPassed(0).size(), 1);
}

void TestFaultScheduler::probabilityIsSeededAndRoughlyRight()
{
    auto run = [](quint32 seed) {
        FaultScheduler scheduler(seed);
        scheduler.add(parsed(QStringLiteral("duplicate probability=0.1")), 0);
        QList<int> hits;
        for (int i = 0; i < 10000; ++i) {
            if (!scheduler.eventPassed().isEmpty())
                hits.append(i);
        }
        return hits;
    };
    const QList<int> a = run(7);
    QCOMPARE(run(7), a);
    QVERIFY2(a.size() > 850 && a.size() < 1150, qPrintable(QString::number(a.size())));
}

void TestFaultScheduler::removeAndClear()
{
    FaultScheduler scheduler;
    const int a = scheduler.add(parsed(QStringLiteral("drop every=1")), 0);
    const int b = scheduler.add(parsed(QStringLiteral("fin every=10ms")), 0);
    QVERIFY(scheduler.contains(a));
    QVERIFY(scheduler.remove(a));
    QVERIFY(!scheduler.contains(a));
    QVERIFY(!scheduler.remove(a));
    QVERIFY(!scheduler.hasEventTriggers());
    QVERIFY(scheduler.eventPassed().isEmpty());
    QCOMPARE(ids(scheduler.takeDue(10)), QList<int> {b});
    scheduler.clear();
    QVERIFY(scheduler.isEmpty());
    QCOMPARE(scheduler.nextDueMs(), -1);
}

QTEST_GUILESS_MAIN(TestFaultScheduler)
#include "tst_faultscheduler.moc"
