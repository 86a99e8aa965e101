// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// `--control` on `ssemon-cli serve` and `proxy`, end to end: the control URL on standard output,
// requests from this process, what a `watch` client sees, and the control records in the log.
#include "clirunner.h"
#include "controlcall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>

namespace {

using namespace CliRunner;

constexpr int WaitMs = 10000;

using ControlCall::call;
using ControlCall::Reply;

// The second stdout line of serve/proxy with --control.
QUrl controlUrl(Background &background)
{
    QProcess &process = background.process();
    if (!QTest::qWaitFor([&] { return process.canReadLine(); }, WaitMs))
        return {};
    const QByteArray line = process.readLine().trimmed();
    if (!line.startsWith("control "))
        return {};
    return QUrl(QString::fromUtf8(line.mid(8)));
}

} // namespace

class TestCliControl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void serveFaultThroughTheApi();
    void serveSettingsChangeTheStream();
    void proxyControl();
    void tokenAndBinding();
};

void TestCliControl::serveFaultThroughTheApi()
{
    Background serve({QStringLiteral("serve"), QStringLiteral("--event-ms"), QStringLiteral("10"),
                      QStringLiteral("--heartbeat-ms"), QStringLiteral("0"),
                      QStringLiteral("--json"), QStringLiteral("--control"), QStringLiteral("0"),
                      QStringLiteral("--fault"), QStringLiteral("latency ms=1")});
    QVERIFY(!serve.url().isEmpty());
    const QUrl control = controlUrl(serve);
    QVERIFY(control.isValid());
    QCOMPARE(control.host(), QStringLiteral("127.0.0.1"));
    // The --fault given on the command line is listed.
    const QJsonArray faults =
        call(control, "GET", "/faults").json.value(QStringLiteral("faults")).toArray();
    QCOMPARE(faults.size(), 1);
    QCOMPARE(faults.at(0).toObject().value(QStringLiteral("spec")).toString(),
             QStringLiteral("latency ms=1"));

    // A client that stops at the end of a stream: a fin through the API ends it.
    QProcess watch;
    watch.start(cliPath(),
                {QStringLiteral("watch"), serve.url(), QStringLiteral("--json"),
                 QStringLiteral("--no-reconnect")});
    QVERIFY(QTest::qWaitFor(
        [&] {
            return call(control, "GET", "/clients")
                       .json.value(QStringLiteral("clients"))
                       .toArray()
                       .size()
                == 1;
        },
        WaitMs));
    const Reply added = call(control, "POST", "/faults", R"({"fault":"fin"})");
    QCOMPARE(added.status, 201);
    // It may have finished already while this thread's event loop turned.
    QVERIFY(watch.state() == QProcess::NotRunning || watch.waitForFinished(WaitMs));
    QCOMPARE(watch.exitCode(), 0);
    const QList<QJsonObject> states =
        ofKind(parseRecords(watch.readAllStandardOutput()), QStringLiteral("state"));
    QCOMPARE(states.last().value(QStringLiteral("state")).toString(), QStringLiteral("closed"));

    // The control requests and the fault they caused are in the server's log.
    QByteArray log;
    QVERIFY(QTest::qWaitFor(
        [&] {
            log += serve.process().readAllStandardError();
            return log.contains("\"kind\":\"fault\",\"fault\":\"fin\"");
        },
        WaitMs));
    const QList<QJsonObject> controls = ofKind(parseRecords(log), QStringLiteral("control"));
    QVERIFY(!controls.isEmpty());
    bool posted = false;
    for (const QJsonObject &record : controls)
        posted = posted
            || (record.value(QStringLiteral("method")).toString() == QLatin1String("POST")
                && record.value(QStringLiteral("status")).toInt() == 201);
    QVERIFY(posted);
}

void TestCliControl::serveSettingsChangeTheStream()
{
    Background serve({QStringLiteral("serve"), QStringLiteral("--event-ms"), QStringLiteral("10"),
                      QStringLiteral("--heartbeat-ms"), QStringLiteral("0"),
                      QStringLiteral("--control"), QStringLiteral("0")});
    const QUrl control = controlUrl(serve);
    QVERIFY(control.isValid());
    const Reply reply = call(control, "PUT", "/settings", R"({"payload":"changed {{n}}"})");
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json.value(QStringLiteral("payload")).toString(),
             QStringLiteral("changed {{n}}"));
    const Result watch = runAsync({QStringLiteral("watch"), serve.url(), QStringLiteral("--json"),
                                   QStringLiteral("--max-events"), QStringLiteral("3")});
    QCOMPARE(watch.exitCode, 0);
    const QList<QJsonObject> events = ofKind(watch.records, QStringLiteral("event"));
    QCOMPARE(events.size(), 3);
    for (const QJsonObject &event : events)
        QVERIFY(
            event.value(QStringLiteral("data")).toString().startsWith(QLatin1String("changed ")));
}

void TestCliControl::proxyControl()
{
    Background serve({QStringLiteral("serve"), QStringLiteral("--event-ms"), QStringLiteral("5"),
                      QStringLiteral("--heartbeat-ms"), QStringLiteral("0")});
    QVERIFY(!serve.url().isEmpty());
    Background proxy({QStringLiteral("proxy"), QStringLiteral("--upstream"), serve.url(),
                      QStringLiteral("--control"), QStringLiteral("0")});
    QVERIFY(!proxy.url().isEmpty());
    const QUrl control = controlUrl(proxy);
    QVERIFY(control.isValid());
    QCOMPARE(call(control, "GET", "/").json.value(QStringLiteral("target")).toString(),
             QStringLiteral("proxy"));
    QCOMPARE(call(control, "PUT", "/settings", R"({"event-ms":1})").status, 404);
    QCOMPARE(call(control, "POST", "/faults", R"({"fault":"drop every=4"})").status, 201);
    const Result watch =
        runAsync({QStringLiteral("watch"), proxy.url() + QStringLiteral("/"),
                  QStringLiteral("--json"), QStringLiteral("--max-events"), QStringLiteral("12")});
    QCOMPARE(watch.exitCode, 0);
    const QJsonObject end = ofKind(watch.records, QStringLiteral("end")).value(0);
    QVERIFY(end.value(QStringLiteral("lost")).toInt() >= 2);
    QCOMPARE(call(control, "DELETE", "/faults").status, 200);
    QCOMPARE(call(control, "GET", "/faults").json.value(QStringLiteral("faults")).toArray().size(),
             0);
}

void TestCliControl::tokenAndBinding()
{
    // Off loopback without a token: refused before anything starts.
    const Result open =
        run({QStringLiteral("serve"), QStringLiteral("--control"), QStringLiteral("0"),
             QStringLiteral("--control-bind"), QStringLiteral("0.0.0.0")});
    QCOMPARE(open.exitCode, 64);
    QVERIFY2(open.err.contains("--control-token"), open.err.constData());
    QVERIFY(open.out.isEmpty());
    const Result proxyOpen =
        run({QStringLiteral("proxy"), QStringLiteral("--upstream"),
             QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--control"),
             QStringLiteral("0"), QStringLiteral("--control-bind"), QStringLiteral("0.0.0.0")});
    QCOMPARE(proxyOpen.exitCode, 64);
    const Result orphan =
        run({QStringLiteral("serve"), QStringLiteral("--control-token"), QStringLiteral("x")});
    QCOMPARE(orphan.exitCode, 64);
    const Result badPort =
        run({QStringLiteral("serve"), QStringLiteral("--control"), QStringLiteral("http")});
    QCOMPARE(badPort.exitCode, 64);

    // With a token, every request needs it.
    Background serve({QStringLiteral("serve"), QStringLiteral("--control"), QStringLiteral("0"),
                      QStringLiteral("--control-bind"), QStringLiteral("127.0.0.1"),
                      QStringLiteral("--control-token"), QStringLiteral("t0ken")});
    const QUrl control = controlUrl(serve);
    QVERIFY(control.isValid());
    QCOMPARE(call(control, "GET", "/stats").status, 401);
    QCOMPARE(call(control, "GET", "/stats", {}, "Authorization: Bearer nope\r\n").status, 401);
    QCOMPARE(call(control, "GET", "/stats", {}, "Authorization: Bearer t0ken\r\n").status, 200);
}

QTEST_GUILESS_MAIN(TestCliControl)
#include "tst_cli_control.moc"
