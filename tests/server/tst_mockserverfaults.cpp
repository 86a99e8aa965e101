// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// What only the mock server does with faults, seen from a raw client on loopback. The fault
// catalogue on both hosts (the mock server and the tap proxy) is tests/faults/tst_hostfaults.
#include "faultfixture.h"
#include "faults/scenarioreader.h"
#include "rawsseclient.h"
#include "server/mockserver.h"

#include <QTest>

namespace {

using End = RawSseClient::End;

Scenario scenario(const QByteArray &steps)
{
    Scenario s;
    QString error;
    if (!ScenarioReader::read(R"({"name": "t", "description": "", "steps": )" + steps + "}",
                              QStringLiteral("t.json"), &s, &error))
        qFatal("%s", qPrintable(error));
    return s;
}

} // namespace

class TestMockServerFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scenarioAfterEventsOnBurst();
};

// Burst streams count their events in batches (FaultController::countEvent(), then
// fireOnEvent()): a scenario's `after` steps still run at their event, one after the other.
void TestMockServerFaults::scenarioAfterEventsOnBurst()
{
    MockServer server;
    MockServerOptions options;
    options.heartbeatMs = 0;
    options.eventMs = 0;
    options.burst = true;
    server.setOptions(options);
    QVERIFY(server.start());
    server.runScenario(scenario(R"([{"after": 10, "fault": "fin"},
                                    {"after": 10, "fault": "duplicate"}])"));
    RawSseClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), End::Fin);
    QCOMPARE(client.numericIds(), QList<qint64>({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    QVERIFY(!server.isScenarioRunning());
}

QTEST_GUILESS_MAIN(TestMockServerFaults)
#include "tst_mockserverfaults.moc"
