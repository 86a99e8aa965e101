// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "faults/scenarioreader.h"
#include "faults/scenariorunner.h"

#include <QTest>

namespace {

Scenario read(const QByteArray &steps)
{
    Scenario s;
    QString error;
    if (!ScenarioReader::read(R"({"name": "t", "description": "", "steps": )" + steps + "}",
                              QStringLiteral("t"), &s, &error))
        qFatal("%s", qPrintable(error));
    return s;
}

} // namespace

class TestScenarioRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void timeStepsInTimelineOrder();
    void eventStepsCountFromStart();
    void finishesAndStops();
};

void TestScenarioRunner::timeStepsInTimelineOrder()
{
    ScenarioRunner runner;
    QVERIFY(!runner.isRunning());
    runner.start(read(R"([{"at": "2s", "fault": "rst"}, {"at": "1s", "fault": "fin"},
                          {"at": "1s", "clear": true}, {"fault": "retry ms=5"}])"),
                 1000);
    QCOMPARE(runner.nextDueMs(), 1000);
    QCOMPARE(runner.takeDue(1000), QList<int> {3});
    QCOMPARE(runner.nextDueMs(), 2000);
    QVERIFY(runner.takeDue(1999).isEmpty());
    QCOMPARE(runner.takeDue(2500), (QList<int> {1, 2})); // file order for ties
    QCOMPARE(runner.takeDue(5000), QList<int> {0});
    QCOMPARE(runner.nextDueMs(), -1);
    QVERIFY(runner.isFinished());
}

void TestScenarioRunner::eventStepsCountFromStart()
{
    ScenarioRunner runner;
    runner.start(read(R"([{"after": 3, "fault": "rst"}, {"after": 1, "fault": "fin"},
                          {"at": "1s", "clear": true}])"),
                 0);
    QVERIFY(runner.countsEvents());
    QCOMPARE(runner.eventPassed(), QList<int> {1});
    QVERIFY(runner.eventPassed().isEmpty());
    QCOMPARE(runner.eventPassed(), QList<int> {0});
    QVERIFY(!runner.countsEvents());
    QVERIFY(!runner.isFinished()); // the time step is still to come
    QCOMPARE(runner.takeDue(1000), QList<int> {2});
    QVERIFY(runner.isFinished());
}

void TestScenarioRunner::finishesAndStops()
{
    ScenarioRunner runner;
    runner.start(read(R"([{"at": "1s", "fault": "rst"}])"), 0);
    runner.stop();
    QVERIFY(!runner.isRunning());
    QVERIFY(runner.takeDue(5000).isEmpty());
    QCOMPARE(runner.nextDueMs(), -1);
    QVERIFY(!runner.countsEvents());
}

QTEST_GUILESS_MAIN(TestScenarioRunner)
#include "tst_scenariorunner.moc"
