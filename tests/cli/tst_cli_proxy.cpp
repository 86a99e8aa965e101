// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// `ssemon-cli proxy` as a real process between `serve` and `watch` on loopback.
#include "clirunner.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
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

QTEST_GUILESS_MAIN(TestCliProxy)
#include "tst_cli_proxy.moc"
