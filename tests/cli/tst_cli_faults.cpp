// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// `ssemon-cli serve --fault` and `--list-faults` as real processes: the catalogue is listed,
// a bad fault is a usage error before anything listens, and a faulty server is logged and
// survived by `watch` without losing or repeating events.
#include "clirunner.h"
#include "faults/faultspec.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using namespace CliRunner;

QList<QJsonObject> records(const QByteArray &out, const QString &kind)
{
    return ofKind(parseRecords(out), kind);
}

// `ssemon-cli serve` in the background; stop() ends it and returns what it logged.
class Server : public Background
{
public:
    explicit Server(const QStringList &arguments)
        : Background(QStringList {QStringLiteral("serve")} + arguments)
    { }
    QByteArray stop()
    {
        Background::stop();
        return process().readAllStandardError();
    }
};

} // namespace

class TestCliFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void listFaults();
    void helpListsTheCatalogue();
    void badFaults_data();
    void badFaults();
    void watchRecoversFromConnectionDrops();
    void statusFaultFailsWatch();
    void listScenarios();
    void badScenarioIsUsageError();
    void scenarioRunsAndIsLogged();
};

void TestCliFaults::initTestCase()
{
    QVERIFY2(!cliPath().isEmpty(), "SSEMON_CLI is not set (run through ctest)");
}

void TestCliFaults::listFaults()
{
    const Result r = run({QStringLiteral("serve"), QStringLiteral("--list-faults")});
    QCOMPARE(r.exitCode, 0);
    for (const FaultSpec::Entry &entry : FaultSpec::catalogue()) {
        QVERIFY2(r.out.contains(QByteArray("\n  " + entry.name.toUtf8())), qPrintable(entry.name));
        QVERIFY2(r.out.contains(QByteArray("e.g. --fault \"" + entry.example.toUtf8() + '"')),
                 qPrintable(entry.example));
    }
    QVERIFY(r.out.contains("probability=P"));
    QVERIFY(r.out.contains("clients=1,3"));
}

void TestCliFaults::helpListsTheCatalogue()
{
    const Result r = run({QStringLiteral("serve"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("--fault <spec>"));
    QVERIFY(r.out.contains("--list-faults"));
    QVERIFY(r.out.contains("e.g. --fault \"drop every=50 mode=fin,rst,truncate\""));
    QVERIFY(r.out.contains("e.g. --fault \"status code=503 count=3 retry-after=2\""));
}

void TestCliFaults::badFaults_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no unit") << QStringList {"--fault", "stall for=5"}
                             << "ssemon-cli serve: --fault \"stall for=5\": stall: for=5 is not a "
                                "duration: add a unit";
    QTest::newRow("unknown kind") << QStringList {"--fault", "rst", "--fault", "explode"}
                                  << "--fault \"explode\": unknown fault \"explode\"";
    QTest::newRow("unknown key") << QStringList {"--fault", "drop evry=5"}
                                 << "drop: unknown parameter \"evry\"";
    QTest::newRow("bad trigger") << QStringList {"--fault", "rst every=soon"}
                                 << "--fault \"rst every=soon\": rst: every=soon is neither";
    QTest::newRow("seed") << QStringList {"--fault-seed", "x"} << "--fault-seed takes";
}

void TestCliFaults::badFaults()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Result r = run(QStringList {QStringLiteral("serve")} + arguments);
    QCOMPARE(r.exitCode, 64);
    QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    QVERIFY(!r.out.contains("listening")); // rejected before anything listens
}

void TestCliFaults::watchRecoversFromConnectionDrops()
{
    Server server({QStringLiteral("--event-ms"), QStringLiteral("5"), QStringLiteral("--json"),
                   QStringLiteral("--heartbeat-ms"), QStringLiteral("0"), QStringLiteral("--fault"),
                   QStringLiteral("drop every=7 mode=fin,rst,truncate")});
    QVERIFY(!server.url().isEmpty());
    const Result r = run({QStringLiteral("watch"), server.url(), QStringLiteral("--json"),
                          QStringLiteral("--retry-ms"), QStringLiteral("10"),
                          QStringLiteral("--max-events"), QStringLiteral("40")});
    QCOMPARE(r.exitCode, 0);
    const QList<QJsonObject> ends = records(r.out, QStringLiteral("end"));
    QCOMPARE(ends.size(), 1);
    const QJsonObject end = ends.first();
    QCOMPARE(end.value(QStringLiteral("events")).toInt(), 40);
    QVERIFY(end.value(QStringLiteral("reconnects")).toInt() >= 3);
    QCOMPARE(end.value(QStringLiteral("lost")).toInt(), 0);
    QCOMPARE(end.value(QStringLiteral("duplicates")).toInt(), 0);

    const QList<QJsonObject> faults = records(server.stop(), QStringLiteral("fault"));
    QVERIFY(faults.size() >= 3);
    QStringList details;
    for (const QJsonObject &fault : faults) {
        QCOMPARE(fault.value(QStringLiteral("spec")).toString(),
                 QStringLiteral("drop every=7 mode=fin,rst,truncate"));
        QVERIFY(fault.value(QStringLiteral("client")).toInt() >= 1);
        QVERIFY(fault.contains(QStringLiteral("t_ms")));
        details.append(fault.value(QStringLiteral("detail")).toString());
    }
    QCOMPARE(details.at(0), QStringLiteral("closed (FIN)"));
    QCOMPARE(details.at(1), QStringLiteral("reset (RST)"));
    QVERIFY2(details.at(2).startsWith(QStringLiteral("truncated event")),
             qPrintable(details.at(2)));
}

void TestCliFaults::statusFaultFailsWatch()
{
    Server server({QStringLiteral("--fault"), QStringLiteral("status code=401")});
    QVERIFY(!server.url().isEmpty());
    const Result r = run({QStringLiteral("watch"), server.url(), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 2);
    const QList<QJsonObject> states = records(r.out, QStringLiteral("state"));
    QVERIFY(!states.isEmpty());
    QCOMPARE(states.last().value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
    QCOMPARE(states.last().value(QStringLiteral("status")).toInt(), 401);
    const QByteArray log = server.stop();
    QVERIFY(log.contains("fault"));
    QVERIFY(log.contains("answered 401"));
}

void TestCliFaults::listScenarios()
{
    const Result r = run({QStringLiteral("serve"), QStringLiteral("--list-scenarios")});
    QCOMPARE(r.exitCode, 0);
    for (const char *name : {"flaky-wifi", "laptop-sleep", "proxy-idle-timeout", "server-deploy",
                             "llm-truncated", "slow-consumer"})
        QVERIFY2(r.out.contains(QByteArray(QByteArray("preset:") + name + "\n")), name);
}

void TestCliFaults::badScenarioIsUsageError()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "bad", "description": "", "steps": [
        {"at": "1s", "fault": "rst"},
        {"at": "2s", "fault": "latency ms=fast"}]})");
    file.close();
    const Result r = run({QStringLiteral("serve"), QStringLiteral("--scenario"), path});
    QCOMPARE(r.exitCode, 64);
    const QByteArray expected = "ssemon-cli serve: --scenario " + path.toUtf8()
        + ": step 2: fault \"latency ms=fast\": latency: ms=fast is not a number of milliseconds";
    QVERIFY2(r.err.contains(expected), r.err.constData());
    QVERIFY(!r.out.contains("listening"));
    const Result preset =
        run({QStringLiteral("serve"), QStringLiteral("--scenario"), QStringLiteral("preset:nope")});
    QCOMPARE(preset.exitCode, 64);
    QVERIFY(preset.err.contains("preset:nope: no such preset"));
}

void TestCliFaults::scenarioRunsAndIsLogged()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cuts.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "cuts", "description": "two cuts", "steps": [
        {"set": {"event-ms": 40}},
        {"after": 8, "fault": "rst"},
        {"after": 16, "fault": "fin"}]})");
    file.close();
    Server server({QStringLiteral("--event-ms"), QStringLiteral("0"),
                   QStringLiteral("--heartbeat-ms"), QStringLiteral("0"), QStringLiteral("--json"),
                   QStringLiteral("--scenario"), path});
    QVERIFY(!server.url().isEmpty());
    // The wire transport: this checks the scenario's steps, and its reconnects are the quicker
    // and the less load-dependent (QNAM's HTTP runs on a thread of Qt's, which a loaded
    // sanitizer run slows past the 320 ms this test allows).
    const Result r =
        run({QStringLiteral("watch"), server.url(), QStringLiteral("--json"),
             QStringLiteral("--retry-ms"), QStringLiteral("10"), QStringLiteral("--transport"),
             QStringLiteral("wire"), QStringLiteral("--max-events"), QStringLiteral("25")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject end = records(r.out, QStringLiteral("end")).value(0);
    QCOMPARE(end.value(QStringLiteral("events")).toInt(), 25);
    QCOMPARE(end.value(QStringLiteral("lost")).toInt(), 0);
    QCOMPARE(end.value(QStringLiteral("duplicates")).toInt(), 0);
    // Events come every 40 ms, so a client back within 8 events (320 ms, also under
    // sanitizers) is on a stream for the second cut too.
    QVERIFY(end.value(QStringLiteral("reconnects")).toInt() >= 2);

    const QByteArray log = server.stop();
    const QList<QJsonObject> scenario = records(log, QStringLiteral("scenario"));
    QCOMPARE(scenario.size(), 4); // three steps, then the end
    QCOMPARE(scenario.at(1).value(QStringLiteral("step")).toString(), QStringLiteral("step 2"));
    QCOMPARE(scenario.at(1).value(QStringLiteral("action")).toString(),
             QStringLiteral("fault rst"));
    QCOMPARE(scenario.at(3).value(QStringLiteral("finished")).toBool(), true);
    QCOMPARE(records(log, QStringLiteral("fault")).size(), 2);
}

QTEST_GUILESS_MAIN(TestCliFaults)
#include "tst_cli_faults.moc"
