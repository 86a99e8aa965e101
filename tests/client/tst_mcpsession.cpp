// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// McpSession against the mock server's mcp preset (in process, port 0): a session's whole course
// (initialize, lists, calls with progress, a JSON-RPC error, DELETE, a 404 and the new session
// it brings), a response that never comes, and, from a scripted server, the application/json
// answer form of a server that keeps no session.
#include "client/mcpsession.h"
#include "client/sseclientthread.h"
#include "scriptedserver.h"
#include "server/mockserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

namespace {

QStringList names(const QJsonArray &items, const char *member = "name")
{
    QStringList out;
    for (const QJsonValue &item : items)
        out.append(item.toObject().value(QLatin1String(member)).toString());
    return out;
}

} // namespace

class TestMcpSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void sessionCourse();
    void noResponseWithinTheTimeout();
    void jsonAnswerWithoutSession();
    void transportFailureIsNamed();
    void listIsBounded();
    void argumentsTemplate_data();
    void argumentsTemplate();

private:
    // Waits for request `seq` to be decided and returns it.
    const McpSession::Call *waitFor(McpSession &session, int seq, int ms = 10000);

    MockServer *m_server = nullptr;
    std::shared_ptr<SseClientThread> m_thread;
};

void TestMcpSession::init()
{
    MockServerOptions options;
    options.preset = "mcp";
    options.threads = 0;
    options.eventMs = 0;
    m_server = new MockServer(this);
    m_server->setOptions(options);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_thread = std::make_shared<SseClientThread>();
}

void TestMcpSession::cleanup()
{
    delete m_server;
    m_server = nullptr;
    m_thread.reset();
}

const McpSession::Call *TestMcpSession::waitFor(McpSession &session, int seq, int ms)
{
    const bool decided = QTest::qWaitFor(
        [&] {
            const McpSession::Call *c = session.call(seq);
            return c && c->status != McpSession::Call::Status::Waiting;
        },
        ms);
    if (!decided)
        qWarning("request %d still waiting after %d ms", seq, ms);
    return session.call(seq);
}

void TestMcpSession::sessionCourse()
{
    McpSession session(m_thread);
    SseClientOptions request;
    request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/mcp").arg(m_server->port()));
    // A user header is kept; the session's own headers replace the user's.
    request.headers = {{"X-Trace", "t1"}, {"Accept", "text/plain"}};
    session.setRequest(request);
    QSignalSpy states(&session, &McpSession::stateChanged);

    const int init = session.initialize();
    QVERIFY(init > 0);
    QCOMPARE(session.state(), McpSession::State::Initializing);
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), McpSession::State::Ready, 10000);
    const McpSession::Call *c = session.call(init);
    QCOMPARE(c->status, McpSession::Call::Status::Result);
    QCOMPARE(c->id, 1);
    QVERIFY(c->latencyMs >= 0);
    QVERIFY(!c->jsonAnswer); // the mock streams when both forms are accepted
    const QByteArray firstSession = session.sessionId();
    QCOMPARE(firstSession.size(), 32);
    QCOMPARE(session.protocolVersion(), QByteArray("2025-11-25"));
    QCOMPARE(session.serverInfo().value(u"name").toString(), QStringLiteral("ssemon-mock"));
    QVERIFY(session.capabilities().contains(u"tools"));
    // notifications/initialized followed, and the server accepted it (202, no body).
    QTRY_VERIFY(session.calls().size() == 2
                && session.calls().back().status == McpSession::Call::Status::Result);
    QCOMPARE(session.calls().back().method, QByteArray("notifications/initialized"));
    QCOMPARE(session.calls().back().httpStatus, 202);
    QCOMPARE(session.calls().back().statusText().left(8), QStringLiteral("HTTP 202"));

    QSignalSpy listed(&session, &McpSession::listed);
    c = waitFor(session, session.listTools());
    QCOMPARE(c->status, McpSession::Call::Status::Result);
    QCOMPARE(listed.size(), 1);
    QCOMPARE(
        names(session.tools()),
        QStringList({QStringLiteral("echo"), QStringLiteral("add"), QStringLiteral("slow_count")}));
    QCOMPARE(c->statusText().left(10), QStringLiteral("result in "));
    QCOMPARE(names(session.resources(), "uri"), QStringList());
    c = waitFor(session, session.listResources());
    QCOMPARE(
        names(session.resources(), "uri"),
        QStringList({QStringLiteral("ssemon://greeting"), QStringLiteral("ssemon://session")}));
    c = waitFor(session, session.listPrompts());
    QCOMPARE(names(session.prompts()), QStringList({QStringLiteral("summarize")}));

    c = waitFor(session, session.callTool(QStringLiteral("add"), {{"a", 2}, {"b", 3}}));
    QCOMPARE(c->status, McpSession::Call::Status::Result);
    QCOMPARE(c->resultText(), QStringLiteral("5"));

    // slow_count streams a progress notification per step before its answer.
    QSignalSpy changed(&session, &McpSession::callChanged);
    const int slow =
        session.callTool(QStringLiteral("slow_count"), {{"n", 3}, {"interval_ms", 20}});
    c = waitFor(session, slow);
    QCOMPARE(c->status, McpSession::Call::Status::Result);
    QCOMPARE(c->resultText(), QStringLiteral("counted to 3"));
    QCOMPARE(c->notifications.size(), 3);
    QCOMPARE(c->notifications.at(0).value(u"method").toString(),
             QStringLiteral("notifications/progress"));
    QCOMPARE(c->progress, 3.0);
    QCOMPARE(c->total, 3.0);
    QCOMPARE(c->progressMessage, QStringLiteral("step 3"));
    QVERIFY(changed.size() >= 3);
    QVERIFY(c->latencyMs >= 60);

    c = waitFor(session, session.readResource(QStringLiteral("ssemon://session")));
    QVERIFY2(c->resultText().contains(QString::fromLatin1(firstSession)),
             qPrintable(c->resultText()));
    c = waitFor(session, session.getPrompt(QStringLiteral("summarize"), {{"text", "SSE"}}));
    QVERIFY(c->resultText().endsWith(QStringLiteral("\n\nSSE")));

    // A JSON-RPC error, with its code and message.
    c = waitFor(session, session.callTool(QStringLiteral("nope"), {}));
    QCOMPARE(c->status, McpSession::Call::Status::Error);
    QCOMPARE(c->errorCode, -32602);
    QCOMPARE(c->statusText(), QStringLiteral("error -32602: Unknown tool: nope"));

    // The session's GET stream, from the request as a tab holds it (a POST, an old session id).
    SseClientOptions tab = request;
    tab.method = "POST";
    tab.body = "{}";
    tab.headers.append({QByteArray("mcp-session-id"), QByteArray("old")});
    const SseClientOptions listen = session.listenRequest(tab);
    QCOMPARE(listen.method, QByteArray("GET"));
    QVERIFY(listen.body.isEmpty());
    QCOMPARE(listen.headers,
             (QList<QPair<QByteArray, QByteArray>>({{"X-Trace", "t1"},
                                                    {"Accept", "text/plain"},
                                                    {"Mcp-Session-Id", firstSession},
                                                    {"MCP-Protocol-Version", "2025-11-25"}})));

    // DELETE ends the session.
    c = waitFor(session, session.end());
    QCOMPARE(c->status, McpSession::Call::Status::Result);
    QCOMPARE(c->httpStatus, 204);
    QCOMPARE(session.state(), McpSession::State::Ended);
    QVERIFY(session.sessionId().isEmpty());

    // A request in the ended session (as a tab that still carries the id would send it): 404,
    // the session is named gone, a new one is initialized and the request sent again in it.
    session.adopt(firstSession, "2025-11-25");
    states.clear();
    QSignalSpy notes(&session, &McpSession::noteAdded);
    const int lost = session.listTools();
    c = waitFor(session, lost);
    QCOMPARE(c->status, McpSession::Call::Status::Failed);
    QCOMPARE(c->httpStatus, 404);
    QCOMPARE(c->statusText(),
             QStringLiteral("HTTP 404: session %1 is gone").arg(QString::fromLatin1(firstSession)));
    QVERIFY(notes.size() >= 2);
    QVERIFY(notes.at(0).at(0).toString().contains(QStringLiteral("is gone")));
    QCOMPARE(states.at(0).at(0).value<McpSession::State>(), McpSession::State::Gone);
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), McpSession::State::Ready, 10000);
    QVERIFY(!session.sessionId().isEmpty());
    QVERIFY(session.sessionId() != firstSession);
    // The retry: the same method once more, in the new session, answered.
    QTRY_VERIFY_WITH_TIMEOUT(
        session.calls().back().method == "tools/list" && session.calls().back().retry
            && session.calls().back().status == McpSession::Call::Status::Result,
        10000);
}

void TestMcpSession::noResponseWithinTheTimeout()
{
    McpSession session(m_thread);
    SseClientOptions request;
    request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/mcp").arg(m_server->port()));
    session.setRequest(request);
    session.setTimeoutMs(300);
    session.initialize();
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), McpSession::State::Ready, 10000);
    // Ten seconds a step: nothing arrives within 300 ms.
    const McpSession::Call *c =
        waitFor(session,
                session.callTool(QStringLiteral("slow_count"), {{"n", 2}, {"interval_ms", 10000}}));
    QCOMPARE(c->status, McpSession::Call::Status::NoAnswer);
    QCOMPARE(c->statusText(),
             QStringLiteral("no response to tools/call id %1 within 300 ms").arg(c->id));
    QCOMPARE(McpSession::durationText(30000), QStringLiteral("30 s"));
    QCOMPARE(McpSession::durationText(1500), QStringLiteral("1.5 s"));
}

void TestMcpSession::jsonAnswerWithoutSession()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    const QByteArray initialize =
        R"({"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{},)"
        R"("serverInfo":{"name":"plain","version":"2"}}})";
    server.enqueue(ServerScript::stream("application/json").send(initialize).close());
    server.enqueue(ServerScript::status(202, "Accepted").close());
    server.enqueue(ServerScript::stream("application/json")
                       .send(R"({"jsonrpc":"2.0","id":2,"result":{"tools":[{"name":"t"}]}})")
                       .close());
    McpSession session(m_thread);
    SseClientOptions request;
    request.url = server.url(QStringLiteral("/mcp"));
    request.headers = {{"Authorization", "Bearer k"}};
    session.setRequest(request);
    QSignalSpy notes(&session, &McpSession::noteAdded);
    const McpSession::Call *c = waitFor(session, session.initialize());
    QCOMPARE(c->status, McpSession::Call::Status::Result);
    QVERIFY(c->jsonAnswer);
    QCOMPARE(session.state(), McpSession::State::Ready);
    QCOMPARE(session.protocolVersion(), QByteArray("2025-06-18"));
    QCOMPARE(notes.size(), 1);
    QVERIFY2(notes.at(0).at(0).toString().contains(QStringLiteral("no Mcp-Session-Id")),
             qPrintable(notes.at(0).at(0).toString()));
    QTRY_COMPARE(server.requestCount(), 2);
    c = waitFor(session, session.listTools());
    QCOMPARE(c->status, McpSession::Call::Status::Result);
    QCOMPARE(names(session.tools()), QStringList({QStringLiteral("t")}));
    QCOMPARE(server.requestCount(), 3);
    const RecordedRequest &first = server.requests().at(0);
    QCOMPARE(first.method, QByteArray("POST"));
    QCOMPARE(first.header("Accept"), QByteArray("application/json, text/event-stream"));
    QCOMPARE(first.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(first.header("Authorization"), QByteArray("Bearer k"));
    QCOMPARE(QJsonDocument::fromJson(first.body).object().value(u"method").toString(),
             QStringLiteral("initialize"));
    const RecordedRequest &list = server.requests().at(2);
    QVERIFY(!list.hasHeader("Mcp-Session-Id")); // stateless: none to send
    QCOMPARE(list.header("MCP-Protocol-Version"), QByteArray("2025-06-18"));
}

void TestMcpSession::transportFailureIsNamed()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream("text/html").send("<html>no</html>").close());
    McpSession session(m_thread);
    SseClientOptions request;
    request.url = server.url(QStringLiteral("/mcp"));
    session.setRequest(request);
    const McpSession::Call *c = waitFor(session, session.initialize());
    QCOMPARE(c->status, McpSession::Call::Status::Failed);
    QVERIFY2(c->statusText().startsWith(QStringLiteral("HTTP 200: unexpected Content-Type")),
             qPrintable(c->statusText()));
    QCOMPARE(session.state(), McpSession::State::Ended);
    // Nothing to end: no session id was given.
    QSignalSpy notes(&session, &McpSession::noteAdded);
    QCOMPARE(session.end(), 0);
    QCOMPARE(notes.size(), 1);
}

// A list past kMaxListed keeps the first kMaxListed entries and says so.
void TestMcpSession::listIsBounded()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    QJsonArray tools;
    for (int i = 0; i <= McpSession::kMaxListed; ++i)
        tools.append(QJsonObject {{"name", QStringLiteral("t%1").arg(i)}});
    const QJsonObject answer {
        {"jsonrpc", "2.0"}, {"id", 1}, {"result", QJsonObject {{"tools", tools}}}};
    server.enqueue(ServerScript::stream("application/json")
                       .send(QJsonDocument(answer).toJson(QJsonDocument::Compact))
                       .close());
    McpSession session(m_thread);
    SseClientOptions request;
    request.url = server.url(QStringLiteral("/mcp"));
    session.setRequest(request);
    QSignalSpy notes(&session, &McpSession::noteAdded);
    const McpSession::Call *c = waitFor(session, session.listTools());
    QCOMPARE(c->status, McpSession::Call::Status::Result);
    QCOMPARE(session.tools().size(), McpSession::kMaxListed);
    QCOMPARE(session.tools().last().toObject().value(u"name").toString(),
             QStringLiteral("t%1").arg(McpSession::kMaxListed - 1));
    QCOMPARE(notes.size(), 1);
    QCOMPARE(notes.at(0).at(0).toString(),
             QStringLiteral("tools/list: %1 listed, the first %2 kept")
                 .arg(McpSession::kMaxListed + 1)
                 .arg(McpSession::kMaxListed));
}

void TestMcpSession::argumentsTemplate_data()
{
    QTest::addColumn<QByteArray>("schema");
    QTest::addColumn<QByteArray>("arguments");
    QTest::newRow("add") << QByteArray(R"({"type":"object","properties":{"a":{"type":"number"},)"
                                       R"("b":{"type":"number"}},"required":["a","b"]})")
                         << QByteArray(R"({"a":0,"b":0})");
    QTest::newRow("optional left out")
        << QByteArray(R"({"properties":{"n":{"type":"integer"},"i":{"type":"integer"}},)"
                      R"("required":["n"]})")
        << QByteArray(R"({"n":0})");
    QTest::newRow("each type") << QByteArray(
        R"({"properties":{"s":{"type":"string"},"f":{"type":"boolean"},)"
        R"("l":{"type":"array"},"o":{"type":"object"},"u":{}},)"
        R"("required":["s","f","l","o","u"]})")
                               << QByteArray(R"({"f":false,"l":[],"o":{},"s":"","u":""})");
    QTest::newRow("no schema") << QByteArray("{}") << QByteArray("{}");
}

void TestMcpSession::argumentsTemplate()
{
    QFETCH(QByteArray, schema);
    QFETCH(QByteArray, arguments);
    const QJsonObject made =
        McpSession::argumentsTemplate(QJsonDocument::fromJson(schema).object());
    QCOMPARE(QJsonDocument(made).toJson(QJsonDocument::Compact), arguments);
}

QTEST_GUILESS_MAIN(TestMcpSession)
#include "tst_mcpsession.moc"
