// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// ControlExchange without a socket, against a fake target that records what it is asked: every
// endpoint and method with its status, JSON body and effect on the target, the errors, the head
// and body limits, the token, the framing of every answer, and that any slicing answers alike.
#include "control/controlexchange.h"
#include "control/controltarget.h"
#include "faults/fault.h"
#include "faults/scenario.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

#include <utility>

namespace {

// A target with no fault engine: every virtual overridden, what it answers set by the test, and
// every call recorded with its argument, so that a test sees what the exchange asked of it.
class FakeTarget : public ControlTarget
{
public:
    QString kind() const override
    {
        record(QStringLiteral("kind"));
        return kindName;
    }
    QJsonArray clients() const override
    {
        record(QStringLiteral("clients"));
        return clientList;
    }
    QJsonObject stats() const override
    {
        record(QStringLiteral("stats"));
        return statsObject;
    }
    QJsonArray faults() const override
    {
        record(QStringLiteral("faults"));
        return faultList;
    }
    int addFault(const Fault &fault, QString *error) override
    {
        record(QStringLiteral("addFault ") + fault.spec);
        added.append(fault);
        if (fault.name() == refusedKind) {
            *error = refusal;
            return 0;
        }
        ids.insert(nextId);
        return nextId++;
    }
    bool removeFault(int id) override
    {
        record(QStringLiteral("removeFault ") + QString::number(id));
        return ids.remove(id);
    }
    void clearFaults() override
    {
        record(QStringLiteral("clearFaults"));
        ids.clear();
    }
    bool runScenario(const Scenario &scenario, QString *error) override
    {
        record(QStringLiteral("runScenario ") + scenario.name);
        ran.append(scenario);
        if (scenario.name == refusedScenario) {
            *error = refusal;
            return false;
        }
        running = true;
        current = scenario.name;
        return true;
    }
    bool stopScenario() override
    {
        record(QStringLiteral("stopScenario"));
        return std::exchange(running, false);
    }
    QJsonObject scenario() const override
    {
        record(QStringLiteral("scenario"));
        QJsonObject object {{QStringLiteral("running"), running}};
        if (!current.isEmpty())
            object.insert(QStringLiteral("name"), current);
        return object;
    }
    int changeSettings(const QJsonObject &settings, QJsonObject *result, QString *error) override
    {
        record(QStringLiteral("changeSettings ")
               + QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact)));
        if (settingsStatus == 200)
            *result = settingsResult;
        else
            *error = settingsError;
        return settingsStatus;
    }

    // What it answers.
    QString kindName = QStringLiteral("proxy");
    QJsonArray clientList {
        QJsonObject {{QStringLiteral("client"), 1}, {QStringLiteral("events"), 4}}};
    QJsonObject statsObject {{QStringLiteral("clients"), 1}, {QStringLiteral("events_sent"), 4}};
    QJsonArray faultList {
        QJsonObject {{QStringLiteral("id"), 3}, {QStringLiteral("fault"), QStringLiteral("rst")}}};
    int nextId = 7;
    QSet<int> ids;
    QString refusedKind = QStringLiteral("gzip");
    QString refusedScenario = QStringLiteral("refuse-me");
    QString refusal = QStringLiteral("not on this host, sorry");
    bool running = false;
    QString current;
    int settingsStatus = 200;
    QJsonObject settingsResult;
    QString settingsError;

    // What it was asked.
    mutable QStringList calls;
    QList<Fault> added;
    QList<Scenario> ran;

private:
    void record(const QString &call) const { calls.append(call); }
};

// One request as a client sends it; a body (even empty) for POST and PUT gets a Content-Length.
QByteArray request(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                   const QByteArray &headers = {})
{
    QByteArray bytes = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers;
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        bytes += "Content-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n";
    return bytes + "\r\n" + body;
}

struct Answer
{
    bool answered = false;
    int status = 0; // ControlExchange::status()
    qsizetype used = 0; // bytes taken, over all feeds
    bool leftBytesEarly = false; // a feed took less than it was given before the answer
    QByteArray response;
    QString detail;
    QByteArray statusLine;
    QList<QByteArray> headerLines; // after the status line
    QByteArray body;
    QJsonObject json;
    bool jsonIsObject = false;

    // The values of every header line with this name, in order.
    QList<QByteArray> headers(const QByteArray &name) const
    {
        QList<QByteArray> values;
        const QByteArray prefix = name + ": ";
        for (const QByteArray &line : headerLines) {
            if (line.startsWith(prefix))
                values.append(line.mid(prefix.size()));
        }
        return values;
    }
    QString error() const { return json.value(QStringLiteral("error")).toString(); }
};

Answer read(const ControlExchange &exchange, Answer answer)
{
    answer.answered = exchange.isAnswered();
    answer.status = exchange.status();
    answer.response = exchange.response();
    answer.detail = exchange.detail();
    const qsizetype end = answer.response.indexOf("\r\n\r\n");
    if (end < 0)
        return answer;
    QList<QByteArray> lines = answer.response.first(end).split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    answer.statusLine = lines.takeFirst();
    answer.headerLines = lines;
    answer.body = answer.response.mid(end + 4);
    const QJsonDocument document = QJsonDocument::fromJson(answer.body);
    answer.jsonIsObject = document.isObject();
    answer.json = document.object();
    return answer;
}

// Feeds the pieces in order until the exchange answers.
Answer feedPieces(ControlTarget *target, const ControlServerOptions &options,
                  const QList<QByteArray> &pieces)
{
    ControlExchange exchange(target, options);
    Answer answer;
    for (const QByteArray &piece : pieces) {
        if (exchange.isAnswered())
            break;
        const qsizetype used = exchange.feed(piece);
        answer.used += used;
        if (used < piece.size() && !exchange.isAnswered())
            answer.leftBytesEarly = true;
    }
    return read(exchange, answer);
}

Answer exchange(ControlTarget *target, const QByteArray &bytes,
                const ControlServerOptions &options = {})
{
    return feedPieces(target, options, {bytes});
}

QList<QByteArray> halves(const QByteArray &bytes)
{
    return {bytes.first(bytes.size() / 2), bytes.sliced(bytes.size() / 2)};
}

QList<QByteArray> singleBytes(const QByteArray &bytes)
{
    QList<QByteArray> pieces;
    for (char c : bytes)
        pieces.append(QByteArray(1, c));
    return pieces;
}

// Cut in the middle of the blank line that ends the head, and again where the body starts.
QList<QByteArray> atHeadEnd(const QByteArray &bytes)
{
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    if (end < 0)
        return halves(bytes);
    return {bytes.first(end + 2), bytes.sliced(end + 2, 2), bytes.sliced(end + 4)};
}

QJsonObject object(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

const QByteArray InlineScenario =
    R"({"scenario":{"name":"inline","description":"d","steps":[{"at":"1m","fault":"rst"}]}})";

} // namespace

class TestControlExchange : public QObject
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
    void slicing_data();
    void slicing();
    void oneRequestOnly();
    void requestLine();
    void framing_data();
    void framing();
    void headLimit();
    void headLimitWithoutLineEnd();
    void bodyLimit_data();
    void bodyLimit();
    void transferEncoding();
    void token_data();
    void token();
    void noTokenConfigured();
    void answersWithoutRequest();
};

void TestControlExchange::index()
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

void TestControlExchange::reads_data()
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

void TestControlExchange::reads()
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

void TestControlExchange::addFault_data()
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

void TestControlExchange::addFault()
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

void TestControlExchange::addFaultRefused_data()
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

void TestControlExchange::addFaultRefused()
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

void TestControlExchange::clearFaults()
{
    FakeTarget target;
    target.ids = {1, 2};
    const Answer answer = exchange(&target, request("DELETE", "/faults"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.body, QByteArray("{\"cleared\":true}\n"));
    QCOMPARE(target.calls, QStringList {QStringLiteral("clearFaults")});
    QVERIFY(target.ids.isEmpty());
}

void TestControlExchange::removeFault_data()
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

void TestControlExchange::removeFault()
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

void TestControlExchange::runScenario_data()
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

void TestControlExchange::runScenario()
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

void TestControlExchange::runScenarioRefused_data()
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

void TestControlExchange::runScenarioRefused()
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

void TestControlExchange::stopScenario()
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

void TestControlExchange::settings_data()
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

void TestControlExchange::settings()
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

void TestControlExchange::unknownPath_data()
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

void TestControlExchange::unknownPath()
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

void TestControlExchange::wrongMethod_data()
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

void TestControlExchange::wrongMethod()
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

void TestControlExchange::slicing_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("calls"); // how many calls the target gets
    const QByteArray token("s3cret");
    const QByteArray bearer("Authorization: Bearer s3cret\r\n");
    QTest::newRow("GET /") << request("GET", "/") << QByteArray() << 200 << 1;
    QTest::newRow("GET /stats, query") << request("GET", "/stats?x=1") << QByteArray() << 200 << 1;
    QTest::newRow("POST /faults") << request("POST", "/faults", R"({"fault":"drop every=50"})")
                                  << QByteArray() << 201 << 1;
    QTest::newRow("POST /faults, bad spec")
        << request("POST", "/faults", R"({"fault":"stall"})") << QByteArray() << 400 << 0;
    QTest::newRow("POST /faults, refused")
        << request("POST", "/faults", R"({"fault":"gzip"})") << QByteArray() << 400 << 1;
    QTest::newRow("DELETE /faults/7") << request("DELETE", "/faults/7") << QByteArray() << 404 << 1;
    QTest::newRow("POST /scenario, preset")
        << request("POST", "/scenario", R"({"preset":"flaky-wifi"})") << QByteArray() << 200 << 2;
    QTest::newRow("POST /scenario, inline")
        << request("POST", "/scenario", InlineScenario) << QByteArray() << 200 << 2;
    QTest::newRow("PUT /settings")
        << request("PUT", "/settings", R"({"event-ms":100})") << QByteArray() << 200 << 1;
    QTest::newRow("405") << request("PUT", "/faults", "{}") << QByteArray() << 405 << 0;
    QTest::newRow("404") << request("GET", "/nope") << QByteArray() << 404 << 0;
    QTest::newRow("401") << request("GET", "/stats", {}, "Authorization: Bearer s3cre\r\n") << token
                         << 401 << 0;
    QTest::newRow("token") << request("POST", "/faults", R"({"fault":"rst"})", bearer) << token
                           << 201 << 1;
    QTest::newRow("413") << request("PUT", "/settings", "{\"p\":\"" + QByteArray(300, 'x') + "\"}")
                         << QByteArray() << 413 << 0;
    QTest::newRow("431") << request("GET", "/", {}, "X-Pad: " + QByteArray(300, 'x') + "\r\n")
                         << QByteArray() << 431 << 0;
    QTest::newRow("411") << QByteArray("POST /faults HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                       "5\r\nhello\r\n0\r\n\r\n")
                         << QByteArray() << 411 << 0;
    QTest::newRow("400, not HTTP") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)
                                   << QByteArray() << 400 << 0;
    QTest::newRow("400, bad header")
        << QByteArray("GET / HTTP/1.1\r\nNo colon\r\n\r\n") << QByteArray() << 400 << 0;
    QTest::newRow("bare LF") << QByteArray("GET /stats HTTP/1.1\nHost: x\n\n") << QByteArray()
                             << 200 << 1;
    QTest::newRow("empty lines first")
        << QByteArray("\r\n\r\n" + request("GET", "/clients")) << QByteArray() << 200 << 1;
    QTest::newRow("bytes after the request") << QByteArray(
        request("POST", "/faults", R"({"fault":"rst"})") + request("DELETE", "/faults"))
                                             << QByteArray() << 201 << 1;
}

// Whole, in two halves, cut at the head's end and one byte at a time: the same answer byte for
// byte, the same bytes taken, the same calls on the target.
void TestControlExchange::slicing()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, token);
    QFETCH(int, status);
    QFETCH(int, calls);
    ControlServerOptions options;
    options.maxHeadBytes = 200;
    options.maxBodyBytes = 300;
    options.token = token;
    FakeTarget wholeTarget;
    const Answer whole = feedPieces(&wholeTarget, options, {input});
    QVERIFY(whole.answered);
    QCOMPARE(whole.status, status);
    QCOMPARE(wholeTarget.calls.size(), calls);
    QVERIFY(!whole.leftBytesEarly);
    // A request that is not HTTP at all is answered before its first byte is taken.
    QVERIFY(whole.used <= input.size());
    const QList<QList<QByteArray>> slicings = {halves(input), atHeadEnd(input), singleBytes(input)};
    for (const QList<QByteArray> &pieces : slicings) {
        FakeTarget target;
        const Answer sliced = feedPieces(&target, options, pieces);
        QVERIFY(sliced.answered);
        QCOMPARE(sliced.response, whole.response);
        QCOMPARE(sliced.status, whole.status);
        QCOMPARE(sliced.used, whole.used);
        QCOMPARE(sliced.detail, whole.detail);
        QVERIFY(!sliced.leftBytesEarly);
        QCOMPARE(target.calls, wholeTarget.calls);
    }
}

// One request per exchange: what follows it is not taken, and nothing is taken once answered.
void TestControlExchange::oneRequestOnly()
{
    FakeTarget target;
    ControlExchange exchange(&target, {});
    const QByteArray first = request("POST", "/faults", R"({"fault":"rst"})");
    const QByteArray second = request("DELETE", "/faults");
    QCOMPARE(exchange.feed(QByteArray(first + second)), first.size());
    QVERIFY(exchange.isAnswered());
    QCOMPARE(exchange.status(), 201);
    const QByteArray response = exchange.response();
    QCOMPARE(exchange.feed(second), qsizetype(0));
    QCOMPARE(exchange.response(), response);
    QCOMPARE(target.calls, QStringList {QStringLiteral("addFault rst")});
    // Not answered before the last byte of the body.
    FakeTarget partialTarget;
    ControlExchange partial(&partialTarget, {});
    QCOMPARE(partial.feed(QByteArrayView(first).chopped(1)), first.size() - 1);
    QVERIFY(!partial.isAnswered());
    QCOMPARE(partial.status(), 0);
    QVERIFY(partial.response().isEmpty());
    QVERIFY(partialTarget.calls.isEmpty());
    QCOMPARE(partial.feed(QByteArrayView(first).last(1)), qsizetype(1));
    QVERIFY(partial.isAnswered());
    QCOMPARE(partial.response(), response);
}

void TestControlExchange::requestLine()
{
    FakeTarget target;
    ControlExchange exchange(&target, {});
    exchange.feed(request("DELETE", "/faults/7?why=test"));
    QCOMPARE(exchange.method(), QByteArray("DELETE"));
    QCOMPARE(exchange.target(), QByteArray("/faults/7?why=test"));
    QCOMPARE(exchange.status(), 404);
    QCOMPARE(target.calls, QStringList {QStringLiteral("removeFault 7")});
}

void TestControlExchange::framing_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("without"); // "timeout" or "busy": answered without a request
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<QByteArray>("extraHeader"); // besides the four every answer has
    const QByteArray none;
    QTest::newRow("200") << request("GET", "/stats") << none << QString()
                         << QByteArray("HTTP/1.1 200 OK") << none;
    QTest::newRow("201") << request("POST", "/faults", R"({"fault":"rst"})") << none << QString()
                         << QByteArray("HTTP/1.1 201 Created") << none;
    QTest::newRow("400") << request("POST", "/faults", "[]") << none << QString()
                         << QByteArray("HTTP/1.1 400 Bad Request") << none;
    QTest::newRow("401") << request("GET", "/stats") << QByteArray("s3cret") << QString()
                         << QByteArray("HTTP/1.1 401 Unauthorized")
                         << QByteArray("WWW-Authenticate: Bearer realm=\"ssemon-control\"");
    QTest::newRow("404") << request("GET", "/nope") << none << QString()
                         << QByteArray("HTTP/1.1 404 Not Found") << none;
    QTest::newRow("405") << request("POST", "/stats", "{}") << none << QString()
                         << QByteArray("HTTP/1.1 405 Method Not Allowed")
                         << QByteArray("Allow: GET");
    QTest::newRow("408") << QByteArray("GET /sta") << none << QStringLiteral("timeout")
                         << QByteArray("HTTP/1.1 408 Request Timeout") << none;
    QTest::newRow("411") << QByteArray(
        "PUT /settings HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                         << none << QString() << QByteArray("HTTP/1.1 411 Length Required") << none;
    QTest::newRow("413") << QByteArray("PUT /settings HTTP/1.1\r\nContent-Length: 999999\r\n\r\n")
                         << none << QString() << QByteArray("HTTP/1.1 413 Content Too Large")
                         << none;
    QTest::newRow("431") << QByteArray("GET / HTTP/1.1\r\nX-Pad: " + QByteArray(20000, 'x')) << none
                         << QString() << QByteArray("HTTP/1.1 431 Request Header Fields Too Large")
                         << none;
    QTest::newRow("503") << QByteArray() << none << QStringLiteral("busy")
                         << QByteArray("HTTP/1.1 503 Service Unavailable") << none;
    QTest::newRow("400, bad Content-Length")
        << QByteArray("PUT /settings HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << none << QString()
        << QByteArray("HTTP/1.1 400 Bad Request") << none;
}

// Every answer: a status line, JSON with its exact length, no-store, Connection: close last, and
// a JSON object body ending in a line end whose trimmed text is the detail.
void TestControlExchange::framing()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, token);
    QFETCH(QString, without);
    QFETCH(QByteArray, statusLine);
    QFETCH(QByteArray, extraHeader);
    ControlServerOptions options;
    options.token = token;
    FakeTarget target;
    ControlExchange exchange(&target, options);
    if (!input.isEmpty())
        exchange.feed(input);
    if (without == QLatin1String("timeout"))
        exchange.answerTimeout();
    else if (without == QLatin1String("busy"))
        exchange.answerTooManyConnections();
    const Answer answer = read(exchange, {});
    QVERIFY(answer.answered);
    QCOMPARE(answer.statusLine, statusLine);
    QCOMPARE(QByteArray::number(answer.status), statusLine.split(' ').value(1));
    QList<QByteArray> expected {
        "Content-Type: application/json", "Cache-Control: no-store",
        QByteArray("Content-Length: " + QByteArray::number(answer.body.size()))};
    if (!extraHeader.isEmpty())
        expected.append(extraHeader);
    expected.append("Connection: close");
    QCOMPARE(answer.headerLines, expected);
    QVERIFY(!answer.body.isEmpty());
    QVERIFY(answer.body.endsWith('\n'));
    QVERIFY2(answer.jsonIsObject, answer.body.constData());
    QCOMPARE(answer.detail, QString::fromUtf8(answer.body.trimmed()));
    if (answer.status >= 400)
        QVERIFY2(!answer.error().isEmpty(), answer.body.constData());
}

// The head, blank line included, may be as long as maxHeadBytes and no longer.
void TestControlExchange::headLimit()
{
    ControlServerOptions options;
    options.maxHeadBytes = 100;
    auto head = [](int size) -> QByteArray {
        const QByteArray start = "GET /stats HTTP/1.1\r\nX-Pad: ";
        const QByteArray end = "\r\n\r\n";
        return start + QByteArray(size - start.size() - end.size(), 'x') + end;
    };
    QCOMPARE(head(100).size(), qsizetype(100));
    FakeTarget fits;
    Answer answer = exchange(&fits, head(100), options);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.used, qsizetype(100));
    QCOMPARE(fits.calls, QStringList {QStringLiteral("stats")});
    FakeTarget over;
    answer = exchange(&over, head(101), options);
    QCOMPARE(answer.status, 431);
    QCOMPARE(answer.error(),
             QStringLiteral("request header section larger than the server accepts"));
    QCOMPARE(answer.used, qsizetype(100));
    QVERIFY(over.calls.isEmpty());
}

// A head that never ends is answered as soon as it is over the limit.
void TestControlExchange::headLimitWithoutLineEnd()
{
    ControlServerOptions options;
    options.maxHeadBytes = 64;
    FakeTarget target;
    ControlExchange exchange(&target, options);
    QCOMPARE(exchange.feed(QByteArray("GET / HTTP/1.1\r\nX-Pad: " + QByteArray(40, 'x'))),
             qsizetype(63));
    QVERIFY(!exchange.isAnswered());
    QCOMPARE(exchange.feed(QByteArray(1000, 'x')), qsizetype(1));
    QVERIFY(exchange.isAnswered());
    QCOMPARE(exchange.status(), 431);
    QVERIFY(target.calls.isEmpty());
}

void TestControlExchange::bodyLimit_data()
{
    QTest::addColumn<qint64>("maxBodyBytes");
    QTest::addColumn<int>("length");
    QTest::addColumn<int>("status");
    QTest::newRow("at the limit") << qint64(40) << 40 << 200;
    QTest::newRow("one over") << qint64(40) << 41 << 413;
    QTest::newRow("default, at the limit") << qint64(-1) << 64 * 1024 << 200;
    QTest::newRow("default, one over") << qint64(-1) << 64 * 1024 + 1 << 413;
}

// A body over the limit is refused as soon as its Content-Length is read, without waiting for it.
void TestControlExchange::bodyLimit()
{
    QFETCH(qint64, maxBodyBytes);
    QFETCH(int, length);
    QFETCH(int, status);
    ControlServerOptions options;
    if (maxBodyBytes >= 0)
        options.maxBodyBytes = maxBodyBytes;
    const qint64 limit = options.maxBodyBytes;
    const QByteArray prefix = R"({"payload":")";
    const QByteArray body = prefix + QByteArray(length - prefix.size() - 2, 'x') + "\"}";
    QCOMPARE(body.size(), length);
    const QByteArray input = request("PUT", "/settings", body);
    const QByteArray head = input.first(input.size() - body.size());
    FakeTarget target;
    target.settingsResult = object(R"({"payload":"ok"})");
    ControlExchange exchange(&target, options);
    QCOMPARE(exchange.feed(head), head.size());
    if (status == 413) {
        QVERIFY(exchange.isAnswered());
        QCOMPARE(exchange.status(), 413);
        const Answer answer = read(exchange, {});
        QCOMPARE(answer.error(), QStringLiteral("request body larger than %1 bytes").arg(limit));
        QCOMPARE(exchange.feed(body), qsizetype(0));
        QVERIFY(target.calls.isEmpty());
        return;
    }
    QVERIFY(!exchange.isAnswered());
    QCOMPARE(exchange.feed(body), body.size());
    QCOMPARE(exchange.status(), status);
    QCOMPARE(target.calls.size(), 1);
    QVERIFY(target.calls.first().startsWith(QLatin1String("changeSettings {\"payload\":\"xxx")));
    QCOMPARE(target.calls.first().size(), QStringLiteral("changeSettings ").size() + length);
}

void TestControlExchange::transferEncoding()
{
    FakeTarget target;
    const QByteArray input = "POST /faults HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                             "e\r\n{\"fault\":\"rst\"}\r\n0\r\n\r\n";
    const Answer answer = exchange(&target, input);
    QCOMPARE(answer.status, 411);
    QCOMPARE(answer.error(), QStringLiteral("send the body with Content-Length"));
    // Answered at the head's end: the chunks are not taken.
    QCOMPARE(answer.used, input.indexOf("\r\n\r\n") + 4);
    QVERIFY(target.calls.isEmpty());
}

void TestControlExchange::token_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("authorization"); // empty: no such header
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("calls");
    const QStringList none;
    const QStringList stats {QStringLiteral("stats")};
    QTest::newRow("none") << QByteArray("GET") << QByteArray("/stats") << QByteArray() << 401
                          << none;
    QTest::newRow("wrong") << QByteArray("GET") << QByteArray("/stats") << QByteArray("Bearer nope")
                           << 401 << none;
    QTest::newRow("prefix of it") << QByteArray("GET") << QByteArray("/stats")
                                  << QByteArray("Bearer s3cre") << 401 << none;
    QTest::newRow("it and more") << QByteArray("GET") << QByteArray("/stats")
                                 << QByteArray("Bearer s3cret!") << 401 << none;
    QTest::newRow("no scheme") << QByteArray("GET") << QByteArray("/stats") << QByteArray("s3cret")
                               << 401 << none;
    QTest::newRow("basic") << QByteArray("GET") << QByteArray("/stats")
                           << QByteArray("Basic s3cret") << 401 << none;
    QTest::newRow("scheme only") << QByteArray("GET") << QByteArray("/stats")
                                 << QByteArray("Bearer") << 401 << none;
    // Nothing is done, and nothing is told about paths and methods, without the token.
    QTest::newRow("wrong, POST /faults")
        << QByteArray("POST") << QByteArray("/faults") << QByteArray("Bearer nope") << 401 << none;
    QTest::newRow("none, unknown path")
        << QByteArray("GET") << QByteArray("/nope") << QByteArray() << 401 << none;
    QTest::newRow("none, wrong method")
        << QByteArray("DELETE") << QByteArray("/stats") << QByteArray() << 401 << none;
    QTest::newRow("right") << QByteArray("GET") << QByteArray("/stats")
                           << QByteArray("Bearer s3cret") << 200 << stats;
    QTest::newRow("right, POST /faults")
        << QByteArray("POST") << QByteArray("/faults") << QByteArray("Bearer s3cret") << 201
        << QStringList {QStringLiteral("addFault rst")};
    QTest::newRow("right, unknown path")
        << QByteArray("GET") << QByteArray("/nope") << QByteArray("Bearer s3cret") << 404 << none;
}

void TestControlExchange::token()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);
    QFETCH(QStringList, calls);
    ControlServerOptions options;
    options.token = "s3cret";
    const QByteArray header = authorization.isEmpty()
        ? QByteArray()
        : QByteArray("Authorization: " + authorization + "\r\n");
    const QByteArray body = method == "POST" ? QByteArray(R"({"fault":"rst"})") : QByteArray();
    FakeTarget fake;
    const Answer answer = exchange(&fake, request(method, target, body, header), options);
    QCOMPARE(answer.status, status);
    QCOMPARE(fake.calls, calls);
    if (status == 401) {
        QCOMPARE(answer.headers("WWW-Authenticate"),
                 QList<QByteArray> {"Bearer realm=\"ssemon-control\""});
        QCOMPARE(answer.error(),
                 QStringLiteral("missing or wrong token: send Authorization: Bearer <token>"));
        // The token is not given away.
        QVERIFY(!answer.response.contains("s3cret"));
    } else {
        QVERIFY(answer.headers("WWW-Authenticate").isEmpty());
    }
}

// No token configured: any Authorization header is ignored.
void TestControlExchange::noTokenConfigured()
{
    FakeTarget target;
    const Answer answer =
        exchange(&target, request("GET", "/stats", {}, "Authorization: Bearer whatever\r\n"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(target.calls, QStringList {QStringLiteral("stats")});
}

void TestControlExchange::answersWithoutRequest()
{
    ControlServerOptions options;
    options.requestTimeoutMs = 1234;
    FakeTarget target;
    ControlExchange timedOut(&target, options);
    const QByteArray start = "POST /faults HTTP/1.1\r\nContent-Length: 10\r\n\r\n{\"fa";
    QCOMPARE(timedOut.feed(start), start.size());
    QVERIFY(!timedOut.isAnswered());
    timedOut.answerTimeout();
    QVERIFY(timedOut.isAnswered());
    QCOMPARE(timedOut.status(), 408);
    QCOMPARE(read(timedOut, {}).error(), QStringLiteral("request not complete within 1234 ms"));
    // Answered once: later bytes and a second verdict change nothing.
    const QByteArray response = timedOut.response();
    QCOMPARE(timedOut.feed("ult\":\"x\"}"), qsizetype(0));
    timedOut.answerTooManyConnections();
    QCOMPARE(timedOut.status(), 408);
    QCOMPARE(timedOut.response(), response);

    ControlExchange busy(&target, options);
    busy.answerTooManyConnections();
    QCOMPARE(busy.status(), 503);
    QCOMPARE(read(busy, {}).error(), QStringLiteral("too many control connections"));
    QCOMPARE(busy.feed(request("GET", "/stats")), qsizetype(0));
    QCOMPARE(busy.status(), 503);

    // A timer that fires after the answer does not replace it.
    ControlExchange done(&target, options);
    done.feed(request("GET", "/stats"));
    QCOMPARE(done.status(), 200);
    const QByteArray ok = done.response();
    done.answerTimeout();
    QCOMPARE(done.status(), 200);
    QCOMPARE(done.response(), ok);
    QCOMPARE(target.calls, QStringList {QStringLiteral("stats")});
}

QTEST_GUILESS_MAIN(TestControlExchange)
#include "tst_controlexchange.moc"
