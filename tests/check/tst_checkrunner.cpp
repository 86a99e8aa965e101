// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "check/checkreader.h"
#include "check/checkreport.h"
#include "check/checkrunner.h"
#include "control/controlserver.h"
#include "control/mockservercontrol.h"
#include "proxy/tapproxy.h"
#include "server/mockserver.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

namespace {

// A mock server that is not a check's own (events every 30 ms, retry 50 ms) and its control
// API; vars() names both for a check file ({{events}}, {{control}}).
struct ControlledServer
{
    MockServer server;
    MockServerControl control {&server};
    ControlServer api {&control};

    // heartbeatMs < 0: the server's default; a token: the API wants it.
    bool start(int heartbeatMs = -1, const QByteArray &token = {})
    {
        MockServerOptions options;
        options.eventMs = 30;
        options.retryMs = 50;
        if (heartbeatMs >= 0)
            options.heartbeatMs = heartbeatMs;
        server.setOptions(options);
        ControlServerOptions apiOptions;
        apiOptions.token = token;
        api.setOptions(apiOptions);
        return server.start() && api.start();
    }
    QByteArray vars() const
    {
        return "vars: {events: '" + server.url().toEncoded() + "', control: '"
            + api.url().toEncoded() + "'}\n";
    }
};

} // namespace

class TestCheckRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exampleFilesPassOnTheMockServer_data();
    void exampleFilesPassOnTheMockServer();
    void lensFacts();
    void failuresCarryEvidence();
    void heartbeatAndOpenDeadlines();
    void httpTriggerThroughTheControlApi();
    void controlTrigger();
    void tapProxyInFrontOfAUrl();
    void failedStreamIsAnError();
    void missingCaptureSkipsLaterSteps();
    void abortReportsTheStepsNotRun();
    void mcpToolCalls();
    void mcpSessionEndedAtTheEnd();
    void abortBeforeTheFirstStep();

private:
    // Runs `text` (YAML) to its end; the results in the order they were decided.
    static QList<CheckResult> run(const QByteArray &text, const QString &source = {});
    // `text` (YAML) read; an empty file (no steps) with a warning when it does not read.
    static CheckFile parse(const QByteArray &text, const QString &source = {});
    static const CheckResult *find(const QList<CheckResult> &results, const QString &prefix);
};

CheckFile TestCheckRunner::parse(const QByteArray &text, const QString &source)
{
    CheckFile file;
    QString error;
    if (!CheckReader::read(text, source.isEmpty() ? QStringLiteral("t.yaml") : source, false, {},
                           &file, &error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    return file;
}

QList<CheckResult> TestCheckRunner::run(const QByteArray &text, const QString &source)
{
    const CheckFile file = parse(text, source);
    if (file.steps.isEmpty())
        return {};
    CheckRunner runner(file);
    QSignalSpy finished(&runner, &CheckRunner::finished);
    QSignalSpy reported(&runner, &CheckRunner::resultReady);
    runner.start();
    if (!finished.wait(60000))
        qWarning("the check did not finish");
    if (reported.size() != runner.results().size())
        qWarning("resultReady and results() disagree");
    return runner.results();
}

const CheckResult *TestCheckRunner::find(const QList<CheckResult> &results, const QString &prefix)
{
    for (const CheckResult &result : results) {
        if (result.expectation.startsWith(prefix))
            return &result;
    }
    return nullptr;
}

void TestCheckRunner::exampleFilesPassOnTheMockServer_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("mock-resume") << QStringLiteral("mock-resume.yaml");
    QTest::newRow("openai-chat") << QStringLiteral("openai-chat.json");
}

void TestCheckRunner::exampleFilesPassOnTheMockServer()
{
    QFETCH(QString, name);
    const QString path = QStringLiteral(SSEMON_SOURCE_DIR "/resources/check/examples/") + name;
    CheckFile file;
    QString error;
    QVERIFY2(CheckReader::readFile(path, {}, &file, &error), qPrintable(error));
    CheckRunner runner(file);
    QSignalSpy finished(&runner, &CheckRunner::finished);
    runner.start();
    QVERIFY(finished.wait(60000));
    const QList<CheckResult> results = runner.results();
    int expected = 0;
    for (const CheckStep &step : file.steps)
        expected += int(step.expectations.size());
    QCOMPARE(results.size(), expected);
    for (const CheckResult &result : results) {
        QVERIFY2(result.status == CheckResult::Status::Passed,
                 qPrintable(result.stepLabel + u' ' + result.expectation + u' ' + result.message
                            + u'\n' + result.evidence.join(u'\n')));
    }
    QCOMPARE(CheckReport::exitCode(CheckReport::totals(results)), 0);
}

void TestCheckRunner::lensFacts()
{
    const QList<CheckResult> results =
        run("streams:\n"
            "  chat:\n"
            "    mock: {preset: openai-chat, token-rate: 100}\n"
            "    headers: {Content-Type: application/json}\n"
            "    body: '{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            "\"content\":\"hi\"}]}'\n"
            "  plain: {mock: {event-ms: 20}}\n"
            "steps:\n"
            "  - stream: chat\n"
            "    within: 5s\n"
            "    expect:\n"
            "      - lens: {first-token: 2s}\n"
            "      - lens: {terminal: true}\n"
            "      - lens: {finish-reason: length}\n"
            "  - stream: plain\n"
            "    within: 300ms\n"
            "    expect: [{lens: {terminal: true}}]\n");
    QCOMPARE(results.size(), 4);
    QCOMPARE(find(results, QStringLiteral("lens first token"))->status,
             CheckResult::Status::Passed);
    QCOMPARE(find(results, QStringLiteral("lens terminal"))->status, CheckResult::Status::Passed);
    const CheckResult *reason = find(results, QStringLiteral("lens finish reason length"));
    QCOMPARE(reason->status, CheckResult::Status::Failed);
    QCOMPARE(reason->message, QStringLiteral("the finish reason is \"stop\""));
    const CheckResult &plain = results.last();
    QCOMPARE(plain.stream, QStringLiteral("plain"));
    QCOMPARE(plain.status, CheckResult::Status::Failed);
    QVERIFY2(plain.message.startsWith(QStringLiteral("no lens read the stream in")),
             qPrintable(plain.message));
}

void TestCheckRunner::failuresCarryEvidence()
{
    const QList<CheckResult> results = run("streams:\n"
                                           "  s: {mock: {event-ms: 20, event-type: tick}}\n"
                                           "steps:\n"
                                           "  - within: 400ms\n"
                                           "    expect:\n"
                                           "      - event: nope\n"
                                           "      - none: tick\n"
                                           "      - count: 1000\n"
                                           "      - order: [nope, tick]\n"
                                           "      - event: {json: {/n: 2}}\n");
    QCOMPARE(results.size(), 5);
    const CheckResult *missing = find(results, QStringLiteral("event type=nope"));
    QVERIFY(missing);
    QCOMPARE(missing->status, CheckResult::Status::Failed);
    QVERIFY2(missing->message.startsWith(QStringLiteral("no event type=nope in")),
             qPrintable(missing->message));
    QVERIFY(missing->elapsedMs >= 400);
    QVERIFY(missing->evidence.size() <= CheckResult::kMaxEvidence);
    QVERIFY2(missing->evidence.join(u'\n').contains(QStringLiteral("tick x")),
             qPrintable(missing->evidence.join(u'\n')));
    QVERIFY(missing->evidence.join(u'\n').contains(QStringLiteral("event #")));
    // The last record shown is the newest one the window held, none that came after it.
    QVERIFY2(missing->evidence.last().contains(QStringLiteral("event #")),
             qPrintable(missing->evidence.join(u'\n')));
    QCOMPARE(missing->evidence.size(), CheckResult::kMaxEvidence);
    const CheckResult *none = find(results, QStringLiteral("no event type=tick"));
    QVERIFY(none);
    QCOMPARE(none->status, CheckResult::Status::Failed);
    QVERIFY(none->elapsedMs < 400); // decided when the first tick came
    const CheckResult *count = find(results, QStringLiteral("at least 1000"));
    QCOMPARE(count->status, CheckResult::Status::Failed);
    QVERIFY2(count->message.contains(QStringLiteral(" of 1000 events")),
             qPrintable(count->message));
    QCOMPARE(find(results, QStringLiteral("in order"))->status, CheckResult::Status::Failed);
    // The second event's JSON says n=2.
    QCOMPARE(find(results, QStringLiteral("event /n=2"))->status, CheckResult::Status::Passed);
    QCOMPARE(CheckReport::exitCode(CheckReport::totals(results)), 1);
}

void TestCheckRunner::heartbeatAndOpenDeadlines()
{
    const QList<CheckResult> results = run("streams:\n"
                                           "  quiet: {mock: {heartbeat-ms: 0, event-ms: 50}}\n"
                                           "  beating: {mock: {heartbeat-ms: 50, event-ms: 0}}\n"
                                           "steps:\n"
                                           "  - stream: quiet\n"
                                           "    within: 2s\n"
                                           "    expect: [{open: 1s}, {heartbeat: 200ms}]\n"
                                           "  - stream: beating\n"
                                           "    within: 600ms\n"
                                           "    expect: [{heartbeat: 300ms}, {open: 1s}]\n");
    QCOMPARE(results.size(), 4);
    QCOMPARE(results.at(0).expectation, QStringLiteral("open within 1 s"));
    QCOMPARE(results.at(0).status, CheckResult::Status::Passed);
    const CheckResult *silent = &results.at(1);
    QCOMPARE(silent->stream, QStringLiteral("quiet"));
    QCOMPARE(silent->status, CheckResult::Status::Failed);
    QVERIFY2(silent->message.startsWith(QStringLiteral("no heartbeat in the first")),
             qPrintable(silent->message));
    // Decided when the gap passed 200 ms, not at the window's end.
    QVERIFY2(silent->elapsedMs < 1500, qPrintable(QString::number(silent->elapsedMs)));
    QCOMPARE(find(results, QStringLiteral("heartbeat every 300 ms"))->stream,
             QStringLiteral("beating"));
    QCOMPARE(find(results, QStringLiteral("heartbeat every 300 ms"))->status,
             CheckResult::Status::Passed);
}

void TestCheckRunner::httpTriggerThroughTheControlApi()
{
    // A server that is not the check's own: a URL stream, its faults sent to its control API.
    ControlledServer controlled;
    QVERIFY(controlled.start());
    const MockServer &server = controlled.server;
    const QByteArray text = controlled.vars()
        + "streams:\n"
          "  s: {url: '{{events}}', retry-ms: 50}\n"
          "steps:\n"
          "  - within: 2s\n"
          "    expect:\n"
          "      - event: {}\n"
          "        capture: {n: /n}\n"
          "  - http: {url: '{{control}}faults', body: '{\"fault\": \"rst\"}', status: 201}\n"
          "    within: 5s\n"
          "    expect: [{resume: true}, {none: {json: {/n: '{{n}}'}}}]\n"
          "  - http: {url: '{{control}}faults', body: '{\"fault\": \"nonsense\"}'}\n";
    const QList<CheckResult> results = run(text);
    QCOMPARE(results.size(), 4);
    QCOMPARE(results.at(0).status, CheckResult::Status::Passed);
    const CheckResult *resume = find(results, QStringLiteral("reconnect resumes"));
    QVERIFY(resume);
    QVERIFY2(resume->status == CheckResult::Status::Passed, qPrintable(resume->message));
    QVERIFY(server.stats().requests >= 2); // the stream was requested again
    // A trigger that fails is reported, with the answer, as an error of its step.
    const CheckResult &refused = results.last();
    QCOMPARE(refused.index, -1);
    QCOMPARE(refused.status, CheckResult::Status::Error);
    QVERIFY2(refused.message.contains(QStringLiteral("answered 400, expected 2xx")),
             qPrintable(refused.message));
    QCOMPARE(CheckReport::exitCode(CheckReport::totals(results)), 2);
}

void TestCheckRunner::controlTrigger()
{
    // The control API of a server that is not the check's own, behind a token.
    ControlledServer controlled;
    QVERIFY(controlled.start(0, "s3cret"));
    const MockServer &server = controlled.server;
    const QByteArray text = controlled.vars()
        + "streams:\n"
          "  s: {url: '{{events}}', retry-ms: 50}\n"
          "steps:\n"
          "  - expect: [{event: {}}]\n"
          "  - control: {url: '{{control}}', token: s3cret, fault: rst}\n"
          "    within: 5s\n"
          "    expect: [{resume: true}]\n"
          "  - control: {url: '{{control}}', token: s3cret, settings: {heartbeat-ms: 40}}\n"
          "    within: 1s\n"
          "    expect: [{heartbeat: 400ms}]\n"
          "  - control: {url: '{{control}}', token: s3cret, fault: 'drop every=1'}\n"
          // What was on its way when the fault came is stamped before the window.
          "  - pause: 200ms\n"
          "    within: 300ms\n"
          "    expect: [{none: {}}]\n"
          "  - control: {url: '{{control}}', token: s3cret, clear: faults}\n"
          "    within: 2s\n"
          "    expect: [{count: 3}]\n"
          "  - control: {url: '{{control}}', token: wrong, clear: scenario}\n"
          "  - control: {url: '{{control}}', token: s3cret, scenario: 'preset:flaky-wifi'}\n"
          "  - control: {url: '{{control}}', token: s3cret, clear: scenario}\n"
          "  - control: {url: '{{control}}', token: s3cret, fault: 'bandwidth bps=1'}\n";
    const QList<CheckResult> results = run(text);
    // Triggers that were answered as asked are no results of their own.
    QCOMPARE(results.size(), 6);
    for (int i : {0, 1, 2, 3, 4})
        QVERIFY2(results.at(i).status == CheckResult::Status::Passed,
                 qPrintable(results.at(i).stepLabel + u' ' + results.at(i).expectation + u' '
                            + results.at(i).message + u'\n' + results.at(i).evidence.join(u'\n')));
    QVERIFY(server.stats().requests >= 2); // the rst made the client come back
    // The wrong token: the API's 401 is the step's error; a step with a trigger alone reports
    // its trigger: what it asked, of which endpoint.
    const CheckResult &refused = results.at(5);
    QCOMPARE(refused.index, -1);
    QCOMPARE(refused.expectation,
             QStringLiteral("control clear scenario (DELETE /scenario at {{control}})"));
    QCOMPARE(refused.status, CheckResult::Status::Error);
    QVERIFY2(refused.message.startsWith(QStringLiteral("control DELETE ")),
             qPrintable(refused.message));
    QVERIFY2(refused.message.contains(QStringLiteral("answered 401, expected 2xx")),
             qPrintable(refused.message));
    // The last fault is in force (so are those the scenario applied before it was stopped).
    QList<Fault::Kind> byHand;
    for (const FaultController::Entry &entry : server.faults()) {
        if (!entry.fromScenario)
            byHand.append(entry.fault.kind);
    }
    QCOMPARE(byHand, QList<Fault::Kind> {Fault::Kind::Bandwidth});
}

void TestCheckRunner::tapProxyInFrontOfAUrl()
{
    MockServer server;
    MockServerOptions options;
    options.eventMs = 20;
    options.retryMs = 50;
    server.setOptions(options);
    QVERIFY(server.start());
    const QList<CheckResult> results =
        run("streams:\n"
            "  s: {url: '"
            + server.url().toEncoded()
            + "', retry-ms: 50, tap: {faults: ['duplicate every=4']}}\n"
              "steps:\n"
              "  - within: 3s\n"
              "    expect: [{count: 6}, {duplicates: 0}]\n"
              "  - fault: rst\n"
              "    within: 5s\n"
              "    expect: [{resume: true}]\n");
    QCOMPARE(results.size(), 3);
    QCOMPARE(find(results, QStringLiteral("at least 6"))->status, CheckResult::Status::Passed);
    // The proxy's fault from the start duplicated an event.
    const CheckResult *duplicates = find(results, QStringLiteral("duplicates"));
    QCOMPARE(duplicates->status, CheckResult::Status::Failed);
    QVERIFY2(duplicates->message.contains(QStringLiteral("duplicated")),
             qPrintable(duplicates->message));
    // The step's fault acted on the proxy: the client reconnected through it and resumed.
    const CheckResult *resume = find(results, QStringLiteral("reconnect resumes"));
    QVERIFY2(resume->status == CheckResult::Status::Passed, qPrintable(resume->message));
    QVERIFY(server.stats().requests >= 2);
}

void TestCheckRunner::failedStreamIsAnError()
{
    MockServer server;
    QVERIFY(server.start());
    QUrl missing = server.url();
    missing.setPath(QStringLiteral("/nothing-here"));
    const QList<CheckResult> results = run("streams:\n  s: {url: '" + missing.toEncoded()
                                           + "'}\nsteps:\n  - within: 5s\n    expect: [{event: "
                                             "{}}, {open: 2s}]\n  - expect: [{lost: 0}]\n");
    QCOMPARE(results.size(), 3);
    for (const CheckResult &result : results) {
        QCOMPARE(result.status, CheckResult::Status::Error);
        QVERIFY2(result.message.contains(QStringLiteral("404")), qPrintable(result.message));
    }
    QVERIFY(results.at(0).elapsedMs < 5000); // at once, not at the window's end
    QCOMPARE(CheckReport::exitCode(CheckReport::totals(results)), 2);
}

void TestCheckRunner::missingCaptureSkipsLaterSteps()
{
    const QList<CheckResult> results = run("streams:\n  s: {mock: {event-ms: 20}}\nsteps:\n"
                                           "  - within: 300ms\n"
                                           "    expect:\n"
                                           "      - event: {}\n"
                                           "        capture: {x: /no/such/field}\n"
                                           "  - expect: [{event: {id: '{{x}}'}}, {lost: 0}]\n"
                                           "  - http: 'http://127.0.0.1:1/{{x}}'\n");
    QCOMPARE(results.size(), 4);
    QCOMPARE(results.at(0).status, CheckResult::Status::Failed);
    const CheckResult *skipped = find(results, QStringLiteral("event id={{x}}"));
    QVERIFY(skipped);
    QCOMPARE(skipped->status, CheckResult::Status::Skipped);
    QVERIFY(skipped->message.contains(QStringLiteral("{{x}}")));
    QCOMPARE(find(results, QStringLiteral("lost"))->status, CheckResult::Status::Passed);
    // A step with a trigger alone reports its trigger.
    QCOMPARE(results.last().index, -1);
    QCOMPARE(results.last().expectation, QStringLiteral("GET http://127.0.0.1:1/{{x}}"));
    QCOMPARE(results.last().status, CheckResult::Status::Skipped);
    QCOMPARE(CheckReport::exitCode(CheckReport::totals(results)), 1);
}

void TestCheckRunner::mcpToolCalls()
{
    // Each stream: an MCP session on the mock server's MCP preset, then its POST in it.
    const auto call = [](const char *id, const char *tool, const char *arguments) -> QByteArray {
        return QByteArray("    body: '{\"jsonrpc\":\"2.0\",\"id\":") + id
            + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
            + "\",\"arguments\":" + arguments + "}}'\n";
    };
    const QByteArray mcp = "    mock: {preset: mcp}\n    path: /mcp\n";
    const QList<CheckResult> results =
        run("streams:\n"
            "  answered:\n"
            + mcp + "    mcp-session: true\n" + call("2", "echo", "{\"text\":\"hi\"}")
            + "  failing:\n" + mcp + "    mcp-session: true\n" + call("3", "echo", "{\"text\":4}")
            + "  unknown:\n" + mcp + "    mcp-session: true\n" + call("\"u-1\"", "nope", "{}")
            + "  other:\n" + mcp + "    mcp-session: true\n" + call("4", "add", "{\"a\":1,\"b\":2}")
            + "  sessionless:\n" + mcp
            + "    headers: {Content-Type: application/json, Accept: 'application/json, "
              "text/event-stream'}\n"
            + call("5", "echo", "{\"text\":\"hi\"}")
            + "steps:\n"
              "  - stream: answered\n"
              "    expect: [{lens: {tool-call: echo}}, {event: {json: {/result/content/0/text: "
              "hi}}}]\n"
              "  - stream: failing\n"
              "    expect: [{lens: {tool-call: echo}}]\n"
              "  - stream: unknown\n"
              "    expect: [{lens: {tool-call: nope}}]\n"
              "  - stream: other\n"
              "    expect: [{lens: {tool-call: echo}}]\n"
              "  - stream: sessionless\n"
              "    expect: [{lens: {tool-call: echo}}]\n");
    QCOMPARE(results.size(), 6);
    for (int i : {0, 1})
        QVERIFY2(results.at(i).status == CheckResult::Status::Passed,
                 qPrintable(results.at(i).expectation + u' ' + results.at(i).message + u'\n'
                            + results.at(i).evidence.join(u'\n')));
    QCOMPARE(results.at(0).expectation, QStringLiteral("lens MCP tool call echo answered"));
    QCOMPARE(results.at(2).status, CheckResult::Status::Failed);
    QCOMPARE(results.at(2).message,
             QStringLiteral("tools/call echo (id 3) was answered, and the tool failed (isError): "
                            "{\"content\":[1],\"isError\":true}"));
    QCOMPARE(results.at(3).status, CheckResult::Status::Failed);
    QVERIFY2(results.at(3).message.startsWith(
                 QStringLiteral("tools/call nope (id \"u-1\") was answered with error -32602: ")),
             qPrintable(results.at(3).message));
    QCOMPARE(results.at(4).status, CheckResult::Status::Failed);
    QVERIFY2(results.at(4).message.startsWith(
                 QStringLiteral("the stream's request asked no tools/call of echo (it asked 1 "
                                "request(s))")),
             qPrintable(results.at(4).message));
    // Without a session the server refuses the POST: the stream cannot be checked.
    QCOMPARE(results.at(5).status, CheckResult::Status::Error);
    QVERIFY2(results.at(5).message.contains(QStringLiteral("400")),
             qPrintable(results.at(5).message));
    QCOMPARE(CheckReport::exitCode(CheckReport::totals(results)), 2);
}

void TestCheckRunner::mcpSessionEndedAtTheEnd()
{
    // A session the check initialized on a server it does not own is ended with DELETE
    // before the runner finishes, as a client done with it should.
    MockServer server;
    MockServerOptions options;
    options.preset = "mcp";
    server.setOptions(options);
    QVERIFY(server.start());
    QList<QPair<QByteArray, int>> requests;
    connect(&server, &MockServer::requestLogged, &server, [&requests](const MockRequestInfo &info) {
        requests.append({info.method, info.status});
    });
    QUrl url = server.url();
    url.setPath(QStringLiteral("/mcp"));
    const QList<CheckResult> results =
        run("streams:\n"
            "  s:\n"
            "    url: '"
            + url.toEncoded()
            + "'\n"
              "    mcp-session: true\n"
              "    body: '{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
              "{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}}'\n"
              "steps:\n"
              "  - expect: [{lens: {tool-call: echo}}]\n");
    QCOMPARE(results.size(), 1);
    QVERIFY2(results.at(0).status == CheckResult::Status::Passed,
             qPrintable(results.at(0).message));
    // The DELETE was answered before finished(); its log line comes from the server's thread.
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(requests.cbegin(), requests.cend(),
                                         [](const auto &r) {
                                             return r.first == "DELETE" && r.second >= 200
                                                 && r.second < 300;
                                         }),
                             5000);
    QCOMPARE(requests.constFirst().first, QByteArrayLiteral("POST")); // initialize first
}

void TestCheckRunner::abortReportsTheStepsNotRun()
{
    // A peer that accepts the trigger's request and never answers it.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    const CheckFile file = parse("streams:\n  s: {mock: {event-ms: 20, event-type: tick}}\nsteps:\n"
                                 "  - within: 30s\n"
                                 "    http: 'http://127.0.0.1:"
                                 + QByteArray::number(silent.serverPort())
                                 + "/never-answered'\n"
                                   "    expect: [{event: tick}, {event: nope}]\n"
                                   "  - name: later\n"
                                   "    expect: [{count: 3}, {lost: 0}]\n"
                                   "  - pause: 10ms\n");
    QVERIFY(!file.steps.isEmpty());
    CheckRunner runner(file);
    QSignalSpy finished(&runner, &CheckRunner::finished);
    QSignalSpy reported(&runner, &CheckRunner::resultReady);
    runner.start();
    QVERIFY(reported.wait(10000)); // the tick: the step runs, its other expectation waits
    runner.abort(QStringLiteral("interrupted"));
    QTRY_COMPARE(finished.size(), 1);
    const QList<CheckResult> results = runner.results();
    QCOMPARE(results.size(), 5);
    QCOMPARE(results.at(0).status, CheckResult::Status::Passed);
    QCOMPARE(results.at(1).expectation, QStringLiteral("event type=nope"));
    QCOMPARE(results.at(1).status, CheckResult::Status::Error);
    QCOMPARE(results.at(1).message, QStringLiteral("interrupted"));
    for (int i = 2; i < 5; ++i) {
        QCOMPARE(results.at(i).status, CheckResult::Status::Skipped);
        QCOMPARE(results.at(i).message, QStringLiteral("not run: interrupted before this step"));
    }
    QCOMPARE(results.at(2).step, 1);
    QCOMPARE(results.at(3).step, 1);
    QCOMPARE(results.at(3).index, 1);
    QCOMPARE(results.at(4).step, 2);
    QCOMPARE(results.at(4).index, -1); // a step with a trigger alone: its trigger
    QCOMPARE(results.at(4).expectation, QStringLiteral("pause 10 ms"));
    QCOMPARE(reported.size(), results.size());
    // Nothing more comes: the request in flight was dropped, the runner is done.
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(runner.results().size(), 5);
    QCOMPARE(CheckReport::exitCode(CheckReport::totals(results)), 2);
}

void TestCheckRunner::abortBeforeTheFirstStep()
{
    const CheckFile file = parse("streams:\n  s: {mock: {}}\nsteps:\n  - expect: [{open: 1s}]\n"
                                 "  - expect: [{lost: 0}]\n");
    QVERIFY(!file.steps.isEmpty());
    CheckRunner runner(file);
    QSignalSpy finished(&runner, &CheckRunner::finished);
    runner.start();
    runner.abort(QStringLiteral("interrupted"));
    QTRY_COMPARE(finished.size(), 1);
    const QList<CheckResult> results = runner.results();
    QCOMPARE(results.size(), 2);
    for (const CheckResult &result : results)
        QCOMPARE(result.status, CheckResult::Status::Skipped);
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCOMPARE(finished.size(), 1);
}

QTEST_GUILESS_MAIN(TestCheckRunner)
#include "tst_checkrunner.moc"
