// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// `ssemon-cli proxy` as a real process between `serve` and `watch` on loopback.
#include "clirunner.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using namespace CliRunner;

} // namespace

class TestCliProxy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eventsFlowThrough();
    void usageErrors();
    void refusedUpstreamIs502();
    void faultsActPerEventAndAreLogged();
    void scenarioFileOnTheProxy();
    void faultUsageErrors();
    void listsFaultsAndScenarios();
};

void TestCliProxy::eventsFlowThrough()
{
    Background serve({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                      QStringLiteral("--event-ms"), QStringLiteral("5"),
                      QStringLiteral("--heartbeat-ms"), QStringLiteral("0")});
    QVERIFY(serve.url().startsWith(QStringLiteral("http://127.0.0.1:")));
    Background proxy({QStringLiteral("proxy"), QStringLiteral("--listen"),
                      QStringLiteral("127.0.0.1:0"), QStringLiteral("--upstream"), serve.url(),
                      QStringLiteral("--json"), QStringLiteral("--log-events")});
    QVERIFY2(proxy.url().startsWith(QStringLiteral("http://127.0.0.1:")),
             proxy.process().readAllStandardError().constData());

    // `/` on the proxy is the upstream URL (serve's /events).
    QProcess watch;
    watch.start(cliPath(),
                {QStringLiteral("watch"), proxy.url() + QStringLiteral("/"),
                 QStringLiteral("--json"), QStringLiteral("--max-events"), QStringLiteral("20")});
    QVERIFY(watch.waitForFinished(20000));
    QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
    QCOMPARE(watch.exitCode(), 0);
    const QList<QJsonObject> records = parseRecords(watch.readAllStandardOutput());
    const QList<QJsonObject> events = ofKind(records, QStringLiteral("event"));
    QCOMPARE(events.size(), 20);
    const QJsonObject end = ofKind(records, QStringLiteral("end")).value(0);
    QCOMPARE(end.value(QStringLiteral("events")).toInt(), 20);
    QCOMPARE(end.value(QStringLiteral("lost")).toInt(), 0);

    // The proxy logged the request, the events it saw and the disconnect.
    QByteArray log;
    QVERIFY(QTest::qWaitFor(
        [&] {
            log += proxy.process().readAllStandardError();
            return log.contains("\"kind\":\"disconnect\"");
        },
        5000));
    QCOMPARE(proxy.stop(), 0);
    log += proxy.process().readAllStandardError();
    const QList<QJsonObject> logRecords = parseRecords(log);
    const QJsonObject request = ofKind(logRecords, QStringLiteral("request")).value(0);
    QCOMPARE(request.value(QStringLiteral("status")).toInt(), 200);
    QCOMPARE(request.value(QStringLiteral("path")).toString(), QStringLiteral("/"));
    QCOMPARE(request.value(QStringLiteral("upstream_path")).toString(), QStringLiteral("/events"));
    QVERIFY(ofKind(logRecords, QStringLiteral("event")).size() >= 20);
    const QJsonObject disconnect = ofKind(logRecords, QStringLiteral("disconnect")).value(0);
    QVERIFY(disconnect.value(QStringLiteral("events")).toInt() >= 20);
    QCOMPARE(disconnect.value(QStringLiteral("reason")).toString(),
             QStringLiteral("client closed"));
    QCOMPARE(serve.stop(), 0);
}

void TestCliProxy::usageErrors()
{
    for (const QStringList &arguments :
         {QStringList {QStringLiteral("proxy")},
          QStringList {QStringLiteral("proxy"), QStringLiteral("--upstream"),
                       QStringLiteral("ftp://x/")},
          QStringList {QStringLiteral("proxy"), QStringLiteral("--upstream"),
                       QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--listen"),
                       QStringLiteral("nowhere")}}) {
        QProcess process;
        process.start(cliPath(), arguments);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 64);
        QVERIFY(process.readAllStandardError().startsWith("ssemon-cli proxy: "));
    }
}

void TestCliProxy::refusedUpstreamIs502()
{
    // Port 1 on loopback: nothing listens there.
    Background proxy({QStringLiteral("proxy"), QStringLiteral("--upstream"),
                      QStringLiteral("http://127.0.0.1:1/events"), QStringLiteral("--json")});
    QVERIFY(!proxy.url().isEmpty());
    QProcess watch;
    watch.start(
        cliPath(),
        {QStringLiteral("watch"), proxy.url() + QStringLiteral("/"), QStringLiteral("--json")});
    QVERIFY(watch.waitForFinished(20000));
    QCOMPARE(watch.exitCode(), 2);
    const QList<QJsonObject> states =
        ofKind(parseRecords(watch.readAllStandardOutput()), QStringLiteral("state"));
    QVERIFY(!states.isEmpty());
    QCOMPARE(states.last().value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
    QCOMPARE(states.last().value(QStringLiteral("status")).toInt(), 502);
}

void TestCliProxy::faultsActPerEventAndAreLogged()
{
    Background serve({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                      QStringLiteral("--event-ms"), QStringLiteral("5"),
                      QStringLiteral("--heartbeat-ms"), QStringLiteral("0")});
    QVERIFY(!serve.url().isEmpty());
    Background proxy({QStringLiteral("proxy"), QStringLiteral("--upstream"), serve.url(),
                      QStringLiteral("--json"), QStringLiteral("--fault"),
                      QStringLiteral("drop every=5")});
    QVERIFY(!proxy.url().isEmpty()); // (its stderr is read below: not in a message)
    QProcess watch;
    watch.start(cliPath(),
                {QStringLiteral("watch"), proxy.url() + QStringLiteral("/"),
                 QStringLiteral("--json"), QStringLiteral("--max-events"), QStringLiteral("20")});
    QVERIFY(watch.waitForFinished(20000));
    QCOMPARE(watch.exitCode(), 0);
    const QList<QJsonObject> records = parseRecords(watch.readAllStandardOutput());
    // Every fifth event never reached the client: the ids it saw have gaps.
    const QJsonObject end = ofKind(records, QStringLiteral("end")).value(0);
    QCOMPARE(end.value(QStringLiteral("events")).toInt(), 20);
    QVERIFY(end.value(QStringLiteral("lost")).toInt() >= 3);
    QByteArray log;
    QVERIFY(QTest::qWaitFor(
        [&] {
            log += proxy.process().readAllStandardError();
            return log.count("\"kind\":\"fault\"") >= 3;
        },
        5000));
    const QList<QJsonObject> faults = ofKind(parseRecords(log), QStringLiteral("fault"));
    QCOMPARE(faults.first().value(QStringLiteral("fault")).toString(), QStringLiteral("drop"));
    QCOMPARE(faults.first().value(QStringLiteral("client")).toInt(), 1);
    QVERIFY(faults.first()
                .value(QStringLiteral("detail"))
                .toString()
                .startsWith(QLatin1String("dropped event id ")));
}

void TestCliProxy::scenarioFileOnTheProxy()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("cut.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "cut", "description": "a setting, then a cut after 5 events",
        "steps": [{"at": "0s", "set": {"heartbeat-ms": 100}}, {"after": 5, "fault": "fin"}]})");
    file.close();
    Background serve({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                      QStringLiteral("--event-ms"), QStringLiteral("5"),
                      QStringLiteral("--heartbeat-ms"), QStringLiteral("0"),
                      QStringLiteral("--retry-ms"), QStringLiteral("10")});
    QVERIFY(!serve.url().isEmpty());
    Background proxy({QStringLiteral("proxy"), QStringLiteral("--upstream"), serve.url(),
                      QStringLiteral("--json"), QStringLiteral("--scenario"), path});
    QVERIFY(!proxy.url().isEmpty()); // (its stderr is read below: not in a message)
    QProcess watch;
    watch.start(cliPath(),
                {QStringLiteral("watch"), proxy.url() + QStringLiteral("/"),
                 QStringLiteral("--json"), QStringLiteral("--max-events"), QStringLiteral("10")});
    QVERIFY(watch.waitForFinished(20000));
    QCOMPARE(watch.exitCode(), 0);
    const QJsonObject end =
        ofKind(parseRecords(watch.readAllStandardOutput()), QStringLiteral("end")).value(0);
    // Cut after the fifth event, the client reconnected and resumed: nothing lost.
    QCOMPARE(end.value(QStringLiteral("reconnects")).toInt(), 1);
    QCOMPARE(end.value(QStringLiteral("lost")).toInt(), 0);
    QByteArray log;
    QVERIFY(QTest::qWaitFor(
        [&] {
            log += proxy.process().readAllStandardError();
            return log.contains("\"finished\":true");
        },
        5000));
    const QList<QJsonObject> steps = ofKind(parseRecords(log), QStringLiteral("scenario"));
    QVERIFY2(steps.size() >= 3, log.constData());
    // The setting cannot apply to a proxy: reported with the reason.
    QCOMPARE(steps.at(0).value(QStringLiteral("step")).toString(), QStringLiteral("step 1"));
    QVERIFY(steps.at(0).value(QStringLiteral("error")).toString().contains(QLatin1String("proxy")));
    QVERIFY(!steps.at(1).contains(QStringLiteral("error")));
}

void TestCliProxy::faultUsageErrors()
{
    for (const QStringList &extra :
         {QStringList {QStringLiteral("--fault"), QStringLiteral("stall")},
          QStringList {QStringLiteral("--fault"), QStringLiteral("explode")},
          QStringList {QStringLiteral("--scenario"), QStringLiteral("/nonexistent.json")},
          QStringList {QStringLiteral("--scenario"), QStringLiteral("preset:nope")}}) {
        QProcess process;
        process.start(cliPath(),
                      QStringList {QStringLiteral("proxy"), QStringLiteral("--upstream"),
                                   QStringLiteral("http://127.0.0.1:1/")}
                          + extra);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 64);
        const QByteArray err = process.readAllStandardError();
        QVERIFY2(err.startsWith("ssemon-cli proxy: --"), err.constData());
        // Nothing was started: no listening line.
        QVERIFY(process.readAllStandardOutput().isEmpty());
    }
}

void TestCliProxy::listsFaultsAndScenarios()
{
    const Result faults = run({QStringLiteral("proxy"), QStringLiteral("--list-faults")});
    QCOMPARE(faults.exitCode, 0);
    QVERIFY(faults.out.contains("drop every=50 mode=fin,rst,truncate"));
    const Result scenarios = run({QStringLiteral("proxy"), QStringLiteral("--list-scenarios")});
    QCOMPARE(scenarios.exitCode, 0);
    QVERIFY(scenarios.out.contains("preset:flaky-wifi"));
    const Result help = run({QStringLiteral("proxy"), QStringLiteral("--help")});
    QVERIFY(help.out.contains("--control"));
    QVERIFY(help.out.contains("--fault"));
}

QTEST_GUILESS_MAIN(TestCliProxy)
#include "tst_cli_proxy.moc"
