// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The control API's endpoints through ControlExchange, without a socket, against a fake target
// that records what it is asked: every endpoint and method with its status, JSON body and
// effect on the target, and the errors (refusals, unknown paths, wrong methods).
#include "controlexchangefixture.h"

#include <QTest>

#include <utility>

using namespace ExchangeFixture;

class TestControlEndpoints : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void index();
    void reads_data();
    void reads();
    void addFault_data();
    void addFault();
    void addFaultRefused_data();
    void addFaultRefused();
    void clearFaults();
    void removeFault_data();
    void removeFault();
    void runScenario_data();
    void runScenario();
    void runScenarioRefused_data();
    void runScenarioRefused();
    void stopScenario();
    void settings_data();
    void settings();
    void unknownPath_data();
    void unknownPath();
    void wrongMethod_data();
    void wrongMethod();
};

void TestControlEndpoints::index()
{
    FakeTarget target;
    target.kindName = QStringLiteral("proxy");
    const Answer answer = exchange(&target, request("GET", "/"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.statusLine, QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(answer.json.value(QStringLiteral("service")).toString(),
             QStringLiteral("ssemon control"));
    // The kind is the target's, not a constant.
    QCOMPARE(answer.json.value(QStringLiteral("target")).toString(), QStringLiteral("proxy"));
    const QJsonArray expected {
        QStringLiteral("GET /clients"),     QStringLiteral("GET /stats"),
        QStringLiteral("GET /faults"),      QStringLiteral("POST /faults"),
        QStringLiteral("DELETE /faults"),   QStringLiteral("DELETE /faults/N"),
        QStringLiteral("GET /scenario"),    QStringLiteral("POST /scenario"),
        QStringLiteral("DELETE /scenario"), QStringLiteral("PUT /settings")};
    QCOMPARE(answer.json.value(QStringLiteral("endpoints")).toArray(), expected);
    QCOMPARE(target.calls, QStringList {QStringLiteral("kind")});
    FakeTarget serve;
    serve.kindName = QStringLiteral("serve");
    QCOMPARE(exchange(&serve, request("GET", "/")).json.value(QStringLiteral("target")).toString(),
             QStringLiteral("serve"));
}

void TestControlEndpoints::reads_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("call");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("clients") << QByteArray("/clients") << QStringLiteral("clients")
                             << QByteArray(R"({"clients":[{"client":1,"events":4}]})");
    QTest::newRow("stats") << QByteArray("/stats") << QStringLiteral("stats")
                           << QByteArray(R"({"stats":{"clients":1,"events_sent":4}})");
    QTest::newRow("faults") << QByteArray("/faults") << QStringLiteral("faults")
                            << QByteArray(R"({"faults":[{"fault":"rst","id":3}]})");
    QTest::newRow("scenario") << QByteArray("/scenario") << QStringLiteral("scenario")
                              << QByteArray(R"({"running":false})");
    QTest::newRow("query ignored") << QByteArray("/stats?verbose=1#x") << QStringLiteral("stats")
                                   << QByteArray(R"({"stats":{"clients":1,"events_sent":4}})");
    QTest::newRow("absolute form")
        << QByteArray("http://127.0.0.1:9000/clients") << QStringLiteral("clients")
        << QByteArray(R"({"clients":[{"client":1,"events":4}]})");
}

void TestControlEndpoints::reads()
{
    QFETCH(QByteArray, target);
    QFETCH(QString, call);
    QFETCH(QByteArray, expected);
    FakeTarget fake;
    const Answer answer = exchange(&fake, request("GET", target));
    QCOMPARE(answer.status, 200);
    // Compact JSON and a line end: the body is exactly the target's answer, wrapped.
    QCOMPARE(answer.body, QByteArray(expected + '\n'));
    // Read-only: the one getter, nothing else.
    QCOMPARE(fake.calls, QStringList {call});
}

void TestControlEndpoints::addFault_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("trigger");
    QTest::addColumn<qint64>("count");
    QTest::addColumn<QList<int>>("clients");
    QTest::newRow("drop every=50 mode=fin")
        << QByteArray(R"({"fault":"drop every=50 mode=fin"})")
        << QStringLiteral("drop every=50 mode=fin") << int(Fault::Kind::Drop)
        << int(Fault::Trigger::Kind::EveryEvents) << qint64(50) << QList<int>();
    QTest::newRow("latency for two clients")
        << QByteArray(R"({"fault":"latency ms=5 clients=1,3"})")
        << QStringLiteral("latency ms=5 clients=1,3") << int(Fault::Kind::Latency)
        << int(Fault::Trigger::Kind::Now) << qint64(0) << QList<int> {1, 3};
    QTest::newRow("spec trimmed, other keys ignored")
        << QByteArray(R"({"fault":"  rst after=10  ","note":"x"})")
        << QStringLiteral("rst after=10") << int(Fault::Kind::Rst)
        << int(Fault::Trigger::Kind::After) << qint64(10) << QList<int>();
}

void TestControlEndpoints::addFault()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, spec);
    QFETCH(int, kind);
    QFETCH(int, trigger);
    QFETCH(qint64, count);
    QFETCH(QList<int>, clients);
    FakeTarget target;
    target.nextId = 42;
    const Answer answer = exchange(&target, request("POST", "/faults", body));
    QCOMPARE(answer.status, 201);
    QCOMPARE(answer.statusLine, QByteArray("HTTP/1.1 201 Created"));
    // The id is the target's; the spec is the one parsed.
    QCOMPARE(answer.json,
             (QJsonObject {{QStringLiteral("id"), 42}, {QStringLiteral("spec"), spec}}));
    QCOMPARE(target.calls, QStringList {QStringLiteral("addFault ") + spec});
    QCOMPARE(target.added.size(), 1);
    const Fault &fault = target.added.first();
    QCOMPARE(int(fault.kind), kind);
    QCOMPARE(int(fault.trigger.kind), trigger);
    QCOMPARE(fault.trigger.count, count);
    QCOMPARE(fault.clients, clients);
    QCOMPARE(target.ids, QSet<int> {42});
}

void TestControlEndpoints::addFaultRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error"); // a part of the error message
    QTest::addColumn<QStringList>("calls");
    const QStringList none;
    QTest::newRow("spec missing a parameter")
        << QByteArray(R"({"fault":"stall"})") << QStringLiteral("for=") << none;
    QTest::newRow("unknown kind") << QByteArray(R"({"fault":"explode now"})")
                                  << QStringLiteral("unknown fault \"explode\"") << none;
    QTest::newRow("empty spec") << QByteArray(R"({"fault":""})") << QStringLiteral("empty fault")
                                << none;
    QTest::newRow("no fault key") << QByteArray(R"({"spec":"rst"})")
                                  << QStringLiteral("expected {\"fault\": \"SPEC\"}") << none;
    QTest::newRow("fault not a string")
        << QByteArray(R"({"fault":5})") << QStringLiteral("expected {\"fault\": \"SPEC\"}") << none;
    QTest::newRow("not JSON") << QByteArray("drop every=50") << QStringLiteral("not JSON") << none;
    QTest::newRow("truncated JSON")
        << QByteArray(R"({"fault":"rst")") << QStringLiteral("not JSON") << none;
    QTest::newRow("no body") << QByteArray() << QStringLiteral("not JSON") << none;
    QTest::newRow("JSON array") << QByteArray(R"(["rst"])")
                                << QStringLiteral("must be a JSON object") << none;
    // Parsed, then refused by the target: its reason is the answer.
    QTest::newRow("refused by the target")
        << QByteArray(R"({"fault":"gzip count=2"})") << QStringLiteral("not on this host, sorry")
        << QStringList {QStringLiteral("addFault gzip count=2")};
}

void TestControlEndpoints::addFaultRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QFETCH(QStringList, calls);
    FakeTarget target;
    const Answer answer = exchange(&target, request("POST", "/faults", body));
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.statusLine, QByteArray("HTTP/1.1 400 Bad Request"));
    QVERIFY2(answer.error().contains(error), qPrintable(answer.error()));
    QCOMPARE(answer.json.keys(), QStringList {QStringLiteral("error")});
    QCOMPARE(target.calls, calls);
    QVERIFY(target.ids.isEmpty());
}

void TestControlEndpoints::clearFaults()
{
    FakeTarget target;
    target.ids = {1, 2};
    const Answer answer = exchange(&target, request("DELETE", "/faults"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.body, QByteArray("{\"cleared\":true}\n"));
    QCOMPARE(target.calls, QStringList {QStringLiteral("clearFaults")});
    QVERIFY(target.ids.isEmpty());
}

void TestControlEndpoints::removeFault_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error"); // empty: {"removed": id}
    QTest::addColumn<QStringList>("calls");
    QTest::newRow("known") << QByteArray("/faults/7") << 200 << QString()
                           << QStringList {QStringLiteral("removeFault 7")};
    QTest::newRow("unknown") << QByteArray("/faults/9") << 404
                             << QStringLiteral("no fault 9 (GET /faults lists them)")
                             << QStringList {QStringLiteral("removeFault 9")};
    QTest::newRow("not a number") << QByteArray("/faults/abc") << 404
                                  << QStringLiteral("no fault \"abc\"") << QStringList();
    QTest::newRow("zero") << QByteArray("/faults/0") << 404 << QStringLiteral("numbers from 1")
                          << QStringList();
    QTest::newRow("negative") << QByteArray("/faults/-7") << 404
                              << QStringLiteral("no fault \"-7\"") << QStringList();
    QTest::newRow("empty id") << QByteArray("/faults/") << 404 << QStringLiteral("no fault \"\"")
                              << QStringList();
    QTest::newRow("too large") << QByteArray("/faults/99999999999") << 404
                               << QStringLiteral("no fault \"99999999999\"") << QStringList();
}

void TestControlEndpoints::removeFault()
{
    QFETCH(QByteArray, target);
    QFETCH(int, status);
    QFETCH(QString, error);
    QFETCH(QStringList, calls);
    FakeTarget fake;
    fake.ids = {7, 8};
    const Answer answer = exchange(&fake, request("DELETE", target));
    QCOMPARE(answer.status, status);
    if (error.isEmpty()) {
        QCOMPARE(answer.json, (QJsonObject {{QStringLiteral("removed"), 7}}));
        QCOMPARE(fake.ids, QSet<int> {8});
    } else {
        QVERIFY2(answer.error().contains(error), qPrintable(answer.error()));
        QCOMPARE(fake.ids, (QSet<int> {7, 8}));
    }
    QCOMPARE(fake.calls, calls);
}

void TestControlEndpoints::runScenario_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("minSteps");
    QTest::addColumn<int>("maxSteps");
    // flaky-wifi: three faults, then a stall repeated 360 times.
    QTest::newRow("preset") << QByteArray(R"({"preset":"flaky-wifi"})")
                            << QStringLiteral("flaky-wifi") << QStringLiteral("preset:flaky-wifi")
                            << 4 << 1000;
    QTest::newRow("inline") << InlineScenario << QStringLiteral("inline")
                            << QStringLiteral("request body") << 1 << 1;
    // A preset that is not a string is no preset: the inline one is read.
    QTest::newRow("inline, preset not a string")
        << QByteArray(R"({"preset":5,"scenario":{"name":"two","description":"d","steps":[)"
                      R"({"at":"0s","fault":"fin"},{"after":3,"clear":true}]}})")
        << QStringLiteral("two") << QStringLiteral("request body") << 2 << 2;
}

void TestControlEndpoints::runScenario()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, name);
    QFETCH(QString, source);
    QFETCH(int, minSteps);
    QFETCH(int, maxSteps);
    FakeTarget target;
    const Answer answer = exchange(&target, request("POST", "/scenario", body));
    QCOMPARE(answer.status, 200);
    // The answer is the target's scenario() once it runs.
    QCOMPARE(answer.json,
             (QJsonObject {{QStringLiteral("running"), true}, {QStringLiteral("name"), name}}));
    QCOMPARE(target.calls,
             (QStringList {QStringLiteral("runScenario ") + name, QStringLiteral("scenario")}));
    QCOMPARE(target.ran.size(), 1);
    const Scenario &scenario = target.ran.first();
    QCOMPARE(scenario.name, name);
    QCOMPARE(scenario.source, source);
    QVERIFY2(scenario.steps.size() >= minSteps && scenario.steps.size() <= maxSteps,
             qPrintable(QString::number(scenario.steps.size())));
    if (name == QLatin1String("inline")) {
        QCOMPARE(scenario.steps.first().atMs, qint64(60000));
        QCOMPARE(scenario.steps.first().fault.kind, Fault::Kind::Rst);
    }
}

void TestControlEndpoints::runScenarioRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QStringList>("calls");
    const QStringList none;
    QTest::newRow("unknown preset")
        << QByteArray(R"({"preset":"no-such-preset"})")
        << QStringLiteral("preset:no-such-preset: no such preset") << none;
    QTest::newRow("neither") << QByteArray("{}")
                             << QStringLiteral("expected {\"preset\": \"NAME\"}") << none;
    QTest::newRow("both") << QByteArray(R"({"preset":"flaky-wifi","scenario":{}})")
                          << QStringLiteral("expected {\"preset\": \"NAME\"}") << none;
    QTest::newRow("preset not a string") << QByteArray(R"({"preset":["flaky-wifi"]})")
                                         << QStringLiteral("expected {\"preset\"") << none;
    QTest::newRow("scenario not an object") << QByteArray(R"({"scenario":"flaky-wifi"})")
                                            << QStringLiteral("expected {\"preset\"") << none;
    // The expectation names the presets there are.
    QTest::newRow("presets listed") << QByteArray("{}") << QStringLiteral("flaky-wifi") << none;
    QTest::newRow("inline, bad step")
        << QByteArray(R"({"scenario":{"name":"bad","description":"d","steps":[)"
                      R"({"at":"1s","fault":"nope"}]}})")
        << QStringLiteral("request body: step 1") << none;
    QTest::newRow("inline, no name") << QByteArray(R"({"scenario":{"description":"d","steps":[]}})")
                                     << QStringLiteral("request body: name is missing") << none;
    QTest::newRow("not JSON") << QByteArray("preset=flaky-wifi") << QStringLiteral("not JSON")
                              << none;
    QTest::newRow("JSON array") << QByteArray(R"([{"preset":"flaky-wifi"}])")
                                << QStringLiteral("must be a JSON object") << none;
    // Read, then refused by the target: its reason is the answer, and no scenario() follows.
    QTest::newRow("refused by the target") << QByteArray(
        R"({"scenario":{"name":"refuse-me","description":"d","steps":[{"at":"0s","fault":"fin"}]}})")
                                           << QStringLiteral("not on this host, sorry")
                                           << QStringList {QStringLiteral("runScenario refuse-me")};
}

void TestControlEndpoints::runScenarioRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QFETCH(QStringList, calls);
    FakeTarget target;
    const Answer answer = exchange(&target, request("POST", "/scenario", body));
    QCOMPARE(answer.status, 400);
    QVERIFY2(answer.error().contains(error), qPrintable(answer.error()));
    QCOMPARE(target.calls, calls);
    QVERIFY(!target.running);
}

void TestControlEndpoints::stopScenario()
{
    FakeTarget target;
    target.running = true;
    Answer answer = exchange(&target, request("DELETE", "/scenario"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json, (QJsonObject {{QStringLiteral("stopped"), true}}));
    QVERIFY(!target.running);
    // Nothing running any more: the target says so, and so does the answer.
    answer = exchange(&target, request("DELETE", "/scenario"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json, (QJsonObject {{QStringLiteral("stopped"), false}}));
    QCOMPARE(target.calls,
             (QStringList {QStringLiteral("stopScenario"), QStringLiteral("stopScenario")}));
}

void TestControlEndpoints::settings_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("targetStatus");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("expected"); // the whole body, without its line end
    QTest::addColumn<bool>("asked");
    QTest::newRow("applied") << QByteArray(R"({"event-ms":100})") << 200 << 200
                             << QByteArray(R"({"event-ms":100,"heartbeat-ms":0})") << true;
    QTest::newRow("refused") << QByteArray(R"({"colour":"red"})") << 400 << 400
                             << QByteArray(R"({"error":"colour: unknown setting"})") << true;
    QTest::newRow("not on this host")
        << QByteArray(R"({"event-ms":5})") << 404 << 404
        << QByteArray(R"({"error":"no settings on a proxy"})") << true;
    QTest::newRow("not JSON") << QByteArray("event-ms=100") << 200 << 400 << QByteArray() << false;
    QTest::newRow("JSON array") << QByteArray(R"([{"event-ms":100}])") << 200 << 400
                                << QByteArray(R"({"error":"the body must be a JSON object"})")
                                << false;
}

void TestControlEndpoints::settings()
{
    QFETCH(QByteArray, body);
    QFETCH(int, targetStatus);
    QFETCH(int, status);
    QFETCH(QByteArray, expected);
    QFETCH(bool, asked);
    FakeTarget target;
    target.settingsStatus = targetStatus;
    target.settingsResult = object(R"({"event-ms":100,"heartbeat-ms":0})");
    target.settingsError = targetStatus == 404 ? QStringLiteral("no settings on a proxy")
                                               : QStringLiteral("colour: unknown setting");
    const Answer answer = exchange(&target, request("PUT", "/settings", body));
    QCOMPARE(answer.status, status);
    if (expected.isEmpty())
        QVERIFY2(answer.error().startsWith(QLatin1String("the body is not JSON: ")),
                 qPrintable(answer.error()));
    else
        QCOMPARE(answer.body, QByteArray(expected + '\n'));
    // The settings reach the target as sent.
    const QStringList calls = asked
        ? QStringList {QStringLiteral("changeSettings ") + QString::fromUtf8(body)}
        : QStringList();
    QCOMPARE(target.calls, calls);
}

void TestControlEndpoints::unknownPath_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("nope") << QByteArray("GET") << QByteArray("/nope");
    QTest::newRow("POST to nowhere") << QByteArray("POST") << QByteArray("/nope");
    QTest::newRow("case matters") << QByteArray("GET") << QByteArray("/Stats");
    QTest::newRow("clients/1") << QByteArray("GET") << QByteArray("/clients/1");
    QTest::newRow("stats/") << QByteArray("GET") << QByteArray("/stats/");
    QTest::newRow("faults/1/x") << QByteArray("DELETE") << QByteArray("/faults/1/x");
    QTest::newRow("scenario/x") << QByteArray("DELETE") << QByteArray("/scenario/x");
    QTest::newRow("settings/x") << QByteArray("PUT") << QByteArray("/settings/x");
    QTest::newRow("double slash") << QByteArray("GET") << QByteArray("//");
    QTest::newRow("not decoded") << QByteArray("GET") << QByteArray("/st%61ts");
}

void TestControlEndpoints::unknownPath()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    FakeTarget fake;
    const Answer answer = exchange(&fake, request(method, target, "{}"));
    QCOMPARE(answer.status, 404);
    QCOMPARE(answer.statusLine, QByteArray("HTTP/1.1 404 Not Found"));
    QCOMPARE(
        answer.error(),
        QStringLiteral("no such endpoint: %1 (GET / lists them)").arg(QString::fromUtf8(target)));
    QVERIFY(answer.headers("Allow").isEmpty());
    QCOMPARE(fake.calls, QStringList());
}

void TestControlEndpoints::wrongMethod_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("allow");
    const QByteArray all("GET, POST, DELETE");
    QTest::newRow("POST /") << QByteArray("POST") << QByteArray("/") << QByteArray("GET");
    QTest::newRow("HEAD /") << QByteArray("HEAD") << QByteArray("/") << QByteArray("GET");
    QTest::newRow("get / (methods are case-sensitive)")
        << QByteArray("get") << QByteArray("/") << QByteArray("GET");
    QTest::newRow("DELETE /clients")
        << QByteArray("DELETE") << QByteArray("/clients") << QByteArray("GET");
    QTest::newRow("POST /stats") << QByteArray("POST") << QByteArray("/stats") << QByteArray("GET");
    QTest::newRow("PUT /faults") << QByteArray("PUT") << QByteArray("/faults") << all;
    QTest::newRow("GET /faults/3")
        << QByteArray("GET") << QByteArray("/faults/3") << QByteArray("DELETE");
    QTest::newRow("POST /faults/3")
        << QByteArray("POST") << QByteArray("/faults/3") << QByteArray("DELETE");
    QTest::newRow("PATCH /scenario") << QByteArray("PATCH") << QByteArray("/scenario") << all;
    QTest::newRow("GET /settings")
        << QByteArray("GET") << QByteArray("/settings") << QByteArray("PUT");
    QTest::newRow("POST /settings")
        << QByteArray("POST") << QByteArray("/settings") << QByteArray("PUT");
}

void TestControlEndpoints::wrongMethod()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, allow);
    FakeTarget fake;
    const Answer answer = exchange(&fake, request(method, target, R"({"fault":"rst"})"));
    QCOMPARE(answer.status, 405);
    QCOMPARE(answer.statusLine, QByteArray("HTTP/1.1 405 Method Not Allowed"));
    QCOMPARE(answer.headers("Allow"), QList<QByteArray> {allow});
    QCOMPARE(
        answer.error(),
        QStringLiteral("%1 %2: allowed: %3")
            .arg(QString::fromUtf8(method), QString::fromUtf8(target), QString::fromUtf8(allow)));
    QCOMPARE(fake.calls, QStringList());
}

QTEST_GUILESS_MAIN(TestControlEndpoints)
#include "tst_controlendpoints.moc"
