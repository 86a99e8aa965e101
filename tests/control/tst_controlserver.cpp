// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The runtime control API on loopback, driving a mock server and a tap proxy: every endpoint,
// its errors, the token, and that what it does reaches the streams' clients.
#include "control/controlserver.h"
#include "control/mockservercontrol.h"
#include "control/tapproxycontrol.h"
#include "controlcall.h"
#include "proxy/tapproxy.h"
#include "rawsseclient.h"
#include "server/mockserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace {

constexpr int WaitMs = 5000;

using ControlCall::Reply;

Reply call(quint16 port, const QByteArray &method, const QByteArray &path,
           const QByteArray &body = {}, const QByteArray &headers = {})
{
    return ControlCall::call(QStringLiteral("127.0.0.1"), port, method, path, body, headers,
                             WaitMs);
}

// An SSE stream's client, its head read.
bool openStream(RawSseClient &stream, quint16 port)
{
    return stream.open(port) && stream.waitForHead(WaitMs);
}

MockServerOptions quickOptions()
{
    MockServerOptions options;
    options.heartbeatMs = 0;
    options.eventMs = 10;
    return options;
}

} // namespace

class TestControlServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void index();
    void clientsAndStats();
    void faultsLifecycle();
    void faultThroughTheApiReachesTheClient();
    void scenarioLifecycle();
    void settingsTakeEffect();
    void settingsErrors();
    void errors_data();
    void errors();
    void bodyCap();
    void tokenRequiredOffLoopback();
    void tokenChecked();
    void proxyTarget();
    void faultListSameOnBothHosts_data();
    void faultListSameOnBothHosts();
};

void TestControlServer::index()
{
    MockServer server;
    server.setOptions(quickOptions());
    QVERIFY(server.start());
    MockServerControl target(&server);
    ControlServer control(&target);
    QVERIFY(control.start());
    QCOMPARE(control.url().host(), QStringLiteral("127.0.0.1"));
    const Reply reply = call(control.port(), "GET", "/");
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.head.contains("Content-Type: application/json"));
    QCOMPARE(reply.json.value(QStringLiteral("target")).toString(), QStringLiteral("serve"));
    QVERIFY(reply.json.value(QStringLiteral("endpoints"))
                .toArray()
                .contains(QStringLiteral("POST /faults")));
}

void TestControlServer::clientsAndStats()
{
    MockServer server;
    server.setOptions(quickOptions());
    QVERIFY(server.start());
    MockServerControl target(&server);
    ControlServer control(&target);
    QSignalSpy handled(&control, &ControlServer::requestHandled);
    QVERIFY(control.start());
    QCOMPARE(call(control.port(), "GET", "/clients").json.value(QStringLiteral("clients")),
             QJsonArray());
    RawSseClient stream;
    QVERIFY(openStream(stream, server.port()));
    QTRY_VERIFY_WITH_TIMEOUT(stream.events().size() >= 2, WaitMs);
    const QJsonArray clients =
        call(control.port(), "GET", "/clients").json.value(QStringLiteral("clients")).toArray();
    QCOMPARE(clients.size(), 1);
    QCOMPARE(clients.at(0).toObject().value(QStringLiteral("client")).toInt(), 1);
    QVERIFY(clients.at(0).toObject().value(QStringLiteral("events")).toInt() >= 2);
    const QJsonObject stats =
        call(control.port(), "GET", "/stats").json.value(QStringLiteral("stats")).toObject();
    QCOMPARE(stats.value(QStringLiteral("clients")).toInt(), 1);
    QVERIFY(stats.value(QStringLiteral("events_sent")).toInt() >= 2);
    // Every request is reported for the log.
    QCOMPARE(handled.size(), 3);
    const ControlRequestInfo info = handled.last().at(0).value<ControlRequestInfo>();
    QCOMPARE(info.method, QByteArray("GET"));
    QCOMPARE(info.path, QByteArray("/stats"));
    QCOMPARE(info.status, 200);
}

void TestControlServer::faultsLifecycle()
{
    MockServer server;
    server.setOptions(quickOptions());
    QVERIFY(server.start());
    MockServerControl target(&server);
    ControlServer control(&target);
    QVERIFY(control.start());
    const quint16 port = control.port();
    Reply reply = call(port, "POST", "/faults", R"({"fault":"drop every=50 mode=fin"})");
    QCOMPARE(reply.status, 201);
    const int first = reply.json.value(QStringLiteral("id")).toInt();
    QVERIFY(first > 0);
    reply = call(port, "POST", "/faults", R"({"fault":"latency ms=5"})");
    QCOMPARE(reply.status, 201);
    const int second = reply.json.value(QStringLiteral("id")).toInt();
    QJsonArray faults = call(port, "GET", "/faults").json.value(QStringLiteral("faults")).toArray();
    QCOMPARE(faults.size(), 2);
    QCOMPARE(faults.at(0).toObject().value(QStringLiteral("spec")).toString(),
             QStringLiteral("drop every=50 mode=fin"));
    QCOMPARE(faults.at(1).toObject().value(QStringLiteral("fault")).toString(),
             QStringLiteral("latency"));
    QCOMPARE(call(port, "DELETE", "/faults/" + QByteArray::number(first)).status, 200);
    QCOMPARE(call(port, "DELETE", "/faults/" + QByteArray::number(first)).status, 404);
    QCOMPARE(call(port, "DELETE", "/faults/abc").status, 404);
    faults = call(port, "GET", "/faults").json.value(QStringLiteral("faults")).toArray();
    QCOMPARE(faults.size(), 1);
    QCOMPARE(faults.at(0).toObject().value(QStringLiteral("id")).toInt(), second);
    QCOMPARE(call(port, "DELETE", "/faults").json.value(QStringLiteral("cleared")).toBool(), true);
    QCOMPARE(call(port, "GET", "/faults").json.value(QStringLiteral("faults")).toArray().size(), 0);
    // A spec that does not parse: 400 naming the problem.
    reply = call(port, "POST", "/faults", R"({"fault":"stall"})");
    QCOMPARE(reply.status, 400);
    QVERIFY(reply.json.value(QStringLiteral("error")).toString().contains(QLatin1String("for=")));
    reply = call(port, "POST", "/faults", R"({"spec":"rst"})");
    QCOMPARE(reply.status, 400);
}

void TestControlServer::faultThroughTheApiReachesTheClient()
{
    MockServer server;
    server.setOptions(quickOptions());
    QVERIFY(server.start());
    MockServerControl target(&server);
    ControlServer control(&target);
    QVERIFY(control.start());
    RawSseClient stream;
    QVERIFY(openStream(stream, server.port()));
    QTRY_VERIFY_WITH_TIMEOUT(stream.events().size() >= 1, WaitMs);
    QVERIFY(stream.isOpen());
    QCOMPARE(call(control.port(), "POST", "/faults", R"({"fault":"fin"})").status, 201);
    QTRY_VERIFY_WITH_TIMEOUT(!stream.isOpen(), WaitMs);
}

void TestControlServer::scenarioLifecycle()
{
    MockServer server;
    server.setOptions(quickOptions());
    QVERIFY(server.start());
    MockServerControl target(&server);
    ControlServer control(&target);
    QVERIFY(control.start());
    const quint16 port = control.port();
    QCOMPARE(call(port, "GET", "/scenario").json.value(QStringLiteral("running")).toBool(), false);
    Reply reply = call(port, "POST", "/scenario", R"({"preset":"flaky-wifi"})");
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json.value(QStringLiteral("running")).toBool(), true);
    QCOMPARE(reply.json.value(QStringLiteral("name")).toString(), QStringLiteral("flaky-wifi"));
    reply = call(port, "GET", "/scenario");
    QCOMPARE(reply.json.value(QStringLiteral("running")).toBool(), true);
    QVERIFY(reply.json.value(QStringLiteral("steps")).toInt() > 0);
    QCOMPARE(call(port, "DELETE", "/scenario").json.value(QStringLiteral("stopped")).toBool(),
             true);
    QCOMPARE(call(port, "GET", "/scenario").json.value(QStringLiteral("running")).toBool(), false);
    QCOMPARE(call(port, "DELETE", "/scenario").json.value(QStringLiteral("stopped")).toBool(),
             false);
    // Inline: checked whole before it runs.
    reply = call(
        port, "POST", "/scenario",
        R"({"scenario":{"name":"inline","description":"d","steps":[{"at":"1m","fault":"rst"}]}})");
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json.value(QStringLiteral("name")).toString(), QStringLiteral("inline"));
    reply = call(
        port, "POST", "/scenario",
        R"({"scenario":{"name":"bad","description":"d","steps":[{"at":"1s","fault":"nope"}]}})");
    QCOMPARE(reply.status, 400);
    QVERIFY(reply.json.value(QStringLiteral("error")).toString().contains(QLatin1String("step 1")));
    QCOMPARE(call(port, "POST", "/scenario", R"({"preset":"no-such-preset"})").status, 400);
    QCOMPARE(call(port, "POST", "/scenario", R"({})").status, 400);
}

void TestControlServer::settingsTakeEffect()
{
    MockServer server;
    server.setOptions(quickOptions());
    QVERIFY(server.start());
    MockServerControl target(&server);
    ControlServer control(&target);
    QVERIFY(control.start());
    RawSseClient stream;
    QVERIFY(openStream(stream, server.port()));
    QTRY_VERIFY_WITH_TIMEOUT(stream.events().size() >= 1, WaitMs);
    const Reply reply =
        call(control.port(), "PUT", "/settings",
             R"({"payload":"hello {{n}}","heartbeat-ms":20,"heartbeat-form":"data"})");
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json.value(QStringLiteral("payload")).toString(), QStringLiteral("hello {{n}}"));
    QCOMPARE(reply.json.value(QStringLiteral("heartbeat-form")).toString(), QStringLiteral("data"));
    // The client sees the new payload and the new heartbeats.
    QTRY_VERIFY_WITH_TIMEOUT(stream.body().contains("data: hello "), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(stream.body().contains("data: ping "), WaitMs);
    QCOMPARE(server.options().heartbeatMs, 20);
}

void TestControlServer::settingsErrors()
{
    MockServer server;
    server.setOptions(quickOptions());
    QVERIFY(server.start());
    MockServerControl target(&server);
    ControlServer control(&target);
    QVERIFY(control.start());
    const quint16 port = control.port();
    Reply reply = call(port, "PUT", "/settings", R"({"event-ms":100,"colour":"red"})");
    QCOMPARE(reply.status, 400);
    QVERIFY(reply.json.value(QStringLiteral("error")).toString().contains(QLatin1String("colour")));
    // All or nothing: the valid part was not applied either.
    QCOMPARE(server.options().eventMs, 10);
    QCOMPARE(call(port, "PUT", "/settings", R"({"event-ms":-1})").status, 400);
    QCOMPARE(call(port, "PUT", "/settings", R"({"heartbeat-form":"smoke"})").status, 400);
    QCOMPARE(call(port, "PUT", "/settings", R"({})").status, 400);
    QCOMPARE(call(port, "PUT", "/settings", R"({"event-ms":100})").status, 200);
    QCOMPARE(server.options().eventMs, 100);
}

void TestControlServer::errors_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("unknown path") << QByteArray("GET") << QByteArray("/nope") << QByteArray() << 404
                                  << QByteArray();
    QTest::newRow("wrong method") << QByteArray("POST") << QByteArray("/stats") << QByteArray("{}")
                                  << 405 << QByteArray("Allow: GET");
    QTest::newRow("wrong method on faults")
        << QByteArray("PUT") << QByteArray("/faults") << QByteArray("{}") << 405
        << QByteArray("Allow: GET, POST, DELETE");
    QTest::newRow("not json") << QByteArray("POST") << QByteArray("/faults") << QByteArray("drop")
                              << 400 << QByteArray();
    QTest::newRow("json array") << QByteArray("POST") << QByteArray("/faults") << QByteArray("[]")
                                << 400 << QByteArray();
    QTest::newRow("settings on nothing") << QByteArray("GET") << QByteArray("/settings")
                                         << QByteArray() << 405 << QByteArray("Allow: PUT");
}

void TestControlServer::errors()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QByteArray, header);
    MockServer server;
    server.setOptions(quickOptions());
    QVERIFY(server.start());
    MockServerControl target(&server);
    ControlServer control(&target);
    QVERIFY(control.start());
    const Reply reply = call(control.port(), method, path, body);
    QCOMPARE(reply.status, status);
    // Errors are JSON with a message.
    QVERIFY(!reply.json.value(QStringLiteral("error")).toString().isEmpty());
    if (!header.isEmpty())
        QVERIFY2(reply.head.contains(header), reply.head.constData());
}

void TestControlServer::bodyCap()
{
    MockServer server;
    server.setOptions(quickOptions());
    QVERIFY(server.start());
    MockServerControl target(&server);
    ControlServer control(&target);
    ControlServerOptions options;
    options.maxBodyBytes = 100;
    control.setOptions(options);
    QVERIFY(control.start());
    const Reply reply =
        call(control.port(), "POST", "/faults", "{\"fault\":\"" + QByteArray(200, 'x') + "\"}");
    QCOMPARE(reply.status, 413);
    QVERIFY(reply.closed);
    QVERIFY(server.options().eventMs == 10);
}

void TestControlServer::tokenRequiredOffLoopback()
{
    MockServer server;
    MockServerControl target(&server);
    ControlServer control(&target);
    ControlServerOptions options;
    options.host = QHostAddress(QHostAddress::AnyIPv4);
    control.setOptions(options);
    QString error;
    QVERIFY(!control.start(&error));
    QVERIFY2(error.contains(QLatin1String("token")), qPrintable(error));
    QVERIFY(!control.isListening());
}

void TestControlServer::tokenChecked()
{
    MockServer server;
    server.setOptions(quickOptions());
    QVERIFY(server.start());
    MockServerControl target(&server);
    ControlServer control(&target);
    ControlServerOptions options;
    options.token = "s3cret";
    control.setOptions(options);
    QVERIFY(control.start());
    Reply reply = call(control.port(), "POST", "/faults", R"({"fault":"rst"})");
    QCOMPARE(reply.status, 401);
    QVERIFY(reply.head.contains("WWW-Authenticate: Bearer"));
    reply = call(control.port(), "GET", "/stats", {}, "Authorization: Bearer s3cre\r\n");
    QCOMPARE(reply.status, 401);
    reply = call(control.port(), "GET", "/stats", {}, "Authorization: Bearer s3cret!\r\n");
    QCOMPARE(reply.status, 401);
    reply = call(control.port(), "GET", "/stats", {}, "Authorization: Bearer s3cret\r\n");
    QCOMPARE(reply.status, 200);
}

void TestControlServer::proxyTarget()
{
    MockServer upstream;
    upstream.setOptions(quickOptions());
    QVERIFY(upstream.start());
    TapProxy proxy;
    TapProxyOptions proxyOptions;
    proxyOptions.upstream = upstream.url();
    proxy.setOptions(proxyOptions);
    QVERIFY(proxy.start());
    TapProxyControl target(&proxy);
    ControlServer control(&target);
    QVERIFY(control.start());
    const quint16 port = control.port();
    QCOMPARE(call(port, "GET", "/").json.value(QStringLiteral("target")).toString(),
             QStringLiteral("proxy"));
    RawSseClient stream;
    QVERIFY(openStream(stream, proxy.port()));
    QTRY_VERIFY_WITH_TIMEOUT(stream.events().size() >= 2, WaitMs);
    QCOMPARE(call(port, "GET", "/clients").json.value(QStringLiteral("clients")).toArray().size(),
             1);
    // Every other event dropped from now on: the client sees gaps, and the fault is listed.
    Reply reply = call(port, "POST", "/faults", R"({"fault":"drop every=2"})");
    QCOMPARE(reply.status, 201);
    const int id = reply.json.value(QStringLiteral("id")).toInt();
    const QJsonArray faults =
        call(port, "GET", "/faults").json.value(QStringLiteral("faults")).toArray();
    QCOMPARE(faults.size(), 1);
    QCOMPARE(faults.at(0).toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("scheduled"));
    QTRY_VERIFY_WITH_TIMEOUT(call(port, "GET", "/stats")
                                     .json.value(QStringLiteral("stats"))
                                     .toObject()
                                     .value(QStringLiteral("faults_fired"))
                                     .toInt()
                                 >= 3,
                             WaitMs);
    const QList<qint64> ids = stream.numericIds();
    bool gap = false;
    for (qsizetype i = 1; i < ids.size(); ++i)
        gap = gap || ids.at(i) > ids.at(i - 1) + 1;
    QVERIFY(gap);
    QCOMPARE(call(port, "DELETE", "/faults/" + QByteArray::number(id)).status, 200);
    // No settings of its own.
    reply = call(port, "PUT", "/settings", R"({"event-ms":5})");
    QCOMPARE(reply.status, 404);
    QVERIFY(reply.json.value(QStringLiteral("error")).toString().contains(QLatin1String("proxy")));
    // A scenario whose `set` steps do not apply still runs: they are reported with the reason.
    QSignalSpy steps(&proxy, &TapProxy::scenarioStepRun);
    reply = call(port, "POST", "/scenario", R"({"preset":"slow-consumer"})");
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json.value(QStringLiteral("name")).toString(), QStringLiteral("slow-consumer"));
    QCOMPARE(reply.json.value(QStringLiteral("steps_run")).toInt(), 2);
    QCOMPARE(steps.size(), 2);
    QVERIFY(!steps.at(0).at(2).toString().isEmpty()); // the set step: not on a proxy
    QVERIFY(steps.at(1).at(2).toString().isEmpty()); // the bandwidth fault: applied
    QCOMPARE(call(port, "GET", "/faults").json.value(QStringLiteral("faults")).toArray().size(), 1);
}

void TestControlServer::faultListSameOnBothHosts_data()
{
    QTest::addColumn<bool>("proxy");
    QTest::newRow("serve") << false;
    QTest::newRow("proxy") << true;
}

// `GET /faults` is the fault engine's list on both hosts: the same fields, faults applied by
// hand and by a scenario alike, each with its state, its reports so far and where it came from.
void TestControlServer::faultListSameOnBothHosts()
{
    QFETCH(bool, proxy);
    MockServer server;
    server.setOptions(quickOptions());
    QVERIFY(server.start());
    TapProxy tap;
    TapProxyOptions proxyOptions;
    proxyOptions.upstream = server.url();
    tap.setOptions(proxyOptions);
    std::unique_ptr<ControlTarget> target;
    if (proxy) {
        QVERIFY(tap.start());
        target = std::make_unique<TapProxyControl>(&tap);
    } else {
        target = std::make_unique<MockServerControl>(&server);
    }
    ControlServer control(target.get());
    QVERIFY(control.start());
    const quint16 port = control.port();
    QCOMPARE(call(port, "POST", "/faults", R"({"fault":"drop every=1000"})").status, 201);
    const QByteArray scenario = R"({"scenario":{"name":"two","description":"d","steps":[)"
                                R"({"at":"0s","fault":"latency ms=1"},)"
                                R"({"at":"0s","fault":"status code=503 count=0"}]}})";
    QCOMPARE(call(port, "POST", "/scenario", scenario).status, 200);
    const QJsonArray faults =
        call(port, "GET", "/faults").json.value(QStringLiteral("faults")).toArray();
    QCOMPARE(faults.size(), 3);
    const QStringList fields = {QStringLiteral("clients"), QStringLiteral("fault"),
                                QStringLiteral("fired"),   QStringLiteral("id"),
                                QStringLiteral("origin"),  QStringLiteral("spec"),
                                QStringLiteral("state")};
    for (const QJsonValue &value : faults)
        QCOMPARE(value.toObject().keys(), fields);
    QCOMPARE(faults.at(0).toObject().value(QStringLiteral("origin")).toString(),
             QStringLiteral("api"));
    QCOMPARE(faults.at(0).toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("scheduled"));
    QCOMPARE(faults.at(1).toObject().value(QStringLiteral("origin")).toString(),
             QStringLiteral("scenario"));
    QCOMPARE(faults.at(1).toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("shaping"));
    QCOMPARE(faults.at(1).toObject().value(QStringLiteral("fired")).toInt(), 1);
    QCOMPARE(faults.at(2).toObject().value(QStringLiteral("spec")).toString(),
             QStringLiteral("status code=503 count=0"));
    QCOMPARE(faults.at(2).toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("armed"));
    // Removing a scenario's fault by id works as for any other.
    const QByteArray id =
        QByteArray::number(faults.at(2).toObject().value(QStringLiteral("id")).toInt());
    QCOMPARE(call(port, "DELETE", "/faults/" + id).status, 200);
    QCOMPARE(call(port, "GET", "/faults").json.value(QStringLiteral("faults")).toArray().size(), 2);
}

QTEST_GUILESS_MAIN(TestControlServer)
#include "tst_controlserver.moc"
