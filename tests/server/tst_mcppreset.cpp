// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The mock server's mcp preset (MCP Streamable HTTP) from a raw client on loopback: a session's
// course (initialize, session id, tools/list, tools/call, progress, the GET stream and its
// resume, DELETE, then 404), every error status, 202 for notifications, application/json or an
// event stream by Accept, the bounds, and faults on its streams.
#include "faults/faultspec.h"
#include "rawsseclient.h"
#include "server/mcppreset.h"
#include "server/mcpsessions.h"
#include "server/mockserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

const QByteArray kInitialize =
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
    "\"VERSION\","
    "\"capabilities\":{},\"clientInfo\":{\"name\":\"tst\",\"version\":\"1\"}}}";
const QByteArray kBoth = "application/json, text/event-stream";

QByteArray initializeBody(const QByteArray &version = "2025-06-18")
{
    return QByteArray(kInitialize).replace("VERSION", version);
}

QByteArray request(const QByteArray &method, const QByteArray &headers, const QByteArray &body = {},
                   const QByteArray &target = "/mcp")
{
    QByteArray out = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers;
    if (!body.isEmpty() || method == "POST")
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return out + "\r\n" + body;
}

QByteArray post(const QByteArray &body, const QByteArray &session = {},
                const QByteArray &accept = kBoth, const QByteArray &extra = {})
{
    QByteArray headers = "Content-Type: application/json\r\n" + extra;
    if (!accept.isEmpty())
        headers += "Accept: " + accept + "\r\n";
    if (!session.isEmpty())
        headers += "Mcp-Session-Id: " + session + "\r\n";
    return request("POST", headers, body);
}

QByteArray call(int id, const QByteArray &method, const QByteArray &params = "{}")
{
    return "{\"jsonrpc\":\"2.0\",\"id\":" + QByteArray::number(id) + ",\"method\":\"" + method
        + "\",\"params\":" + params + '}';
}

QJsonObject json(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

} // namespace

class TestMcpPreset : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void sessionCourse_data();
    void sessionCourse();
    void negotiatesTheVersion_data();
    void negotiatesTheVersion();
    void jsonOrStreamByAccept_data();
    void jsonOrStreamByAccept();
    void notificationsAreAccepted();
    void errors_data();
    void errors();
    void batches();
    void slowCountPacesProgress();
    void getStreamResumesOnlyItself();
    void postStreamResumes();
    void secondGetStreamConflicts();
    void sessionsAreBounded();
    void faultReachesTheStream_data();
    void faultReachesTheStream();
    void eventIds();

private:
    // Opens a session (JSON answer) and returns its id.
    QByteArray initialize(const QByteArray &version = "2025-06-18");
    // One whole exchange; the client is left for inspection.
    bool exchange(RawSseClient &client, const QByteArray &bytes);

    MockServer *m_server = nullptr;
};

void TestMcpPreset::init()
{
    MockServerOptions options;
    options.preset = "mcp";
    options.threads = 0;
    options.eventMs = 0; // the GET stream's notifications, by test
    m_server = new MockServer(this);
    m_server->setOptions(options);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void TestMcpPreset::cleanup()
{
    delete m_server;
    m_server = nullptr;
}

bool TestMcpPreset::exchange(RawSseClient &client, const QByteArray &bytes)
{
    return client.open(m_server->port(), bytes) && client.waitForEnd();
}

QByteArray TestMcpPreset::initialize(const QByteArray &version)
{
    RawSseClient client;
    if (!exchange(client, post(initializeBody(version), {}, "application/json")))
        return {};
    return client.header("Mcp-Session-Id");
}

void TestMcpPreset::sessionCourse_data()
{
    QTest::addColumn<QByteArray>("accept");
    QTest::newRow("event-stream") << kBoth;
    QTest::newRow("json") << QByteArray("application/json");
}

// initialize → session id → tools/list → tools/call → DELETE → 404, with either answer form.
void TestMcpPreset::sessionCourse()
{
    QFETCH(QByteArray, accept);
    const bool stream = accept.contains("event-stream");
    const auto answerOf = [stream](const RawSseClient &client) {
        if (!stream)
            return json(client.body());
        // The response is the stream's last event, with an id.
        return client.events().isEmpty() ? QJsonObject() : json(client.events().last().data);
    };

    RawSseClient init;
    QVERIFY(exchange(init, post(initializeBody(), {}, accept)));
    QCOMPARE(init.status(), 200);
    QVERIFY(
        init.header("Content-Type").startsWith(stream ? "text/event-stream" : "application/json"));
    const QByteArray session = init.header("Mcp-Session-Id");
    QCOMPARE(session.size(), 32);
    for (char c : session)
        QVERIFY(c > 0x20 && c < 0x7f); // visible ASCII
    const QJsonObject result = answerOf(init).value(u"result").toObject();
    QCOMPARE(result.value(u"protocolVersion").toString(), QStringLiteral("2025-06-18"));
    QCOMPARE(result.value(u"serverInfo").toObject().value(u"name").toString(),
             QStringLiteral("ssemon-mock"));
    const QJsonObject capabilities = result.value(u"capabilities").toObject();
    for (const char *capability : {"tools", "resources", "prompts"})
        QVERIFY2(capabilities.contains(QLatin1String(capability)), capability);
    if (stream) {
        QCOMPARE(init.events().size(), 1); // no priming event before 2025-11-25
        QCOMPARE(init.events().last().id, QByteArray("s1/1"));
        QVERIFY(init.body().startsWith("retry: "));
    }

    RawSseClient list;
    QVERIFY(exchange(list, post(call(2, "tools/list"), session, accept)));
    QCOMPARE(list.status(), 200);
    QStringList names;
    const QJsonArray tools = answerOf(list).value(u"result").toObject().value(u"tools").toArray();
    for (const QJsonValue &tool : tools) {
        names.append(tool.toObject().value(u"name").toString());
        QCOMPARE(tool.toObject().value(u"inputSchema").toObject().value(u"type").toString(),
                 QStringLiteral("object"));
    }
    QCOMPARE(
        names,
        QStringList({QStringLiteral("echo"), QStringLiteral("add"), QStringLiteral("slow_count")}));

    RawSseClient echo;
    QVERIFY(
        exchange(echo,
                 post(call(3, "tools/call",
                           "{\"name\":\"echo\",\"arguments\":{\"text\":\"h\\u00e9 \\\"x\\\"\"}}"),
                      session, accept)));
    const QJsonObject answer = answerOf(echo);
    QCOMPARE(answer.value(u"id").toInt(), 3);
    const QJsonArray content = answer.value(u"result").toObject().value(u"content").toArray();
    QCOMPARE(content.size(), 1);
    QCOMPARE(content.at(0).toObject().value(u"type").toString(), QStringLiteral("text"));
    QCOMPARE(content.at(0).toObject().value(u"text").toString(),
             QString::fromUtf8("h\xC3\xA9 \"x\""));
    QCOMPARE(answer.value(u"result").toObject().value(u"isError").toBool(), false);

    RawSseClient remove;
    QVERIFY(exchange(remove, request("DELETE", "Mcp-Session-Id: " + session + "\r\n")));
    QCOMPARE(remove.status(), 204);
    RawSseClient after;
    QVERIFY(exchange(after, post(call(4, "ping"), session, accept)));
    QCOMPARE(after.status(), 404);
    QCOMPARE(json(after.body()).value(u"error").toObject().value(u"code").toInt(), -32000);
    RawSseClient again;
    QVERIFY(exchange(again, request("DELETE", "Mcp-Session-Id: " + session + "\r\n")));
    QCOMPARE(again.status(), 404);
}

void TestMcpPreset::negotiatesTheVersion_data()
{
    QTest::addColumn<QByteArray>("asked");
    QTest::addColumn<QByteArray>("answered");
    QTest::addColumn<int>("primingEvents");
    QTest::newRow("2025-03-26") << QByteArray("2025-03-26") << QByteArray("2025-03-26") << 0;
    QTest::newRow("2025-06-18") << QByteArray("2025-06-18") << QByteArray("2025-06-18") << 0;
    QTest::newRow("2025-11-25") << QByteArray("2025-11-25") << QByteArray("2025-11-25") << 1;
    QTest::newRow("unknown: the newest")
        << QByteArray("2099-01-01") << QByteArray("2025-11-25") << 1;
    QTest::newRow("2024-11-05: the newest")
        << QByteArray("2024-11-05") << QByteArray("2025-11-25") << 1;
}

// The client's version when spoken, else the newest; 2025-11-25 streams start with a priming
// event (an id, empty data) that carries the retry field.
void TestMcpPreset::negotiatesTheVersion()
{
    QFETCH(QByteArray, asked);
    QFETCH(QByteArray, answered);
    QFETCH(int, primingEvents);
    RawSseClient client;
    QVERIFY(exchange(client, post(initializeBody(asked))));
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.events().size(), 1 + primingEvents);
    if (primingEvents) {
        QCOMPARE(client.events().first().data, QByteArray());
        QCOMPARE(client.events().first().id, QByteArray("s1/0"));
        QVERIFY(client.body().contains("id: s1/0\nretry: 1000\ndata: \n\n"));
    }
    QCOMPARE(json(client.events().last().data)
                 .value(u"result")
                 .toObject()
                 .value(u"protocolVersion")
                 .toString()
                 .toLatin1(),
             answered);
}

void TestMcpPreset::jsonOrStreamByAccept_data()
{
    QTest::addColumn<QByteArray>("accept");
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("both") << kBoth << QByteArray("text/event-stream");
    QTest::newRow("event-stream only")
        << QByteArray("text/event-stream") << QByteArray("text/event-stream");
    QTest::newRow("json only") << QByteArray("application/json") << QByteArray("application/json");
    QTest::newRow("any") << QByteArray("*/*") << QByteArray("application/json");
    QTest::newRow("none") << QByteArray() << QByteArray("application/json");
}

void TestMcpPreset::jsonOrStreamByAccept()
{
    QFETCH(QByteArray, accept);
    QFETCH(QByteArray, contentType);
    const QByteArray session = initialize();
    QVERIFY(!session.isEmpty());
    RawSseClient client;
    QVERIFY(
        exchange(client,
                 post(call(7, "tools/call", "{\"name\":\"add\",\"arguments\":{\"a\":2,\"b\":3}}"),
                      session, accept)));
    QCOMPARE(client.status(), 200);
    QVERIFY2(client.header("Content-Type").startsWith(contentType),
             client.header("Content-Type").constData());
    const QByteArray answer = contentType == "application/json"
        ? client.body()
        : (client.events().isEmpty() ? QByteArray() : client.events().last().data);
    QCOMPARE(json(answer)
                 .value(u"result")
                 .toObject()
                 .value(u"content")
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(u"text")
                 .toString(),
             QStringLiteral("5"));
}

// Notifications and responses only: 202 Accepted, no body, no Content-Type.
void TestMcpPreset::notificationsAreAccepted()
{
    const QByteArray session = initialize();
    for (const QByteArray &body :
         {QByteArray("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
          QByteArray("{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"result\":{}}")}) {
        RawSseClient client;
        QVERIFY(exchange(client, post(body, session)));
        QCOMPARE(client.status(), 202);
        QCOMPARE(client.body(), QByteArray());
        QVERIFY(!client.hasHeader("Content-Type"));
        QCOMPARE(client.header("Content-Length"), QByteArray("0"));
    }
}

void TestMcpPreset::errors_data()
{
    QTest::addColumn<QByteArray>("bytes"); // SESSION is replaced by an open session's id
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code"); // JSON-RPC error code; 0: no JSON body
    QTest::addColumn<QByteArray>("says");
    const QByteArray s = "SESSION";
    QTest::newRow("parse error") << post("{\"jsonrpc\":", s) << 400 << -32700
                                 << QByteArray("Parse error");
    QTest::newRow("empty body") << post({}, s) << 400 << -32700 << QByteArray("empty");
    QTest::newRow("not JSON-RPC") << post("{\"hello\":1}", s) << 400 << -32600
                                  << QByteArray("jsonrpc");
    QTest::newRow("array in 2025-06-18")
        << post("[" + call(1, "ping") + "]", s) << 400 << -32600 << QByteArray("batches");
    QTest::newRow("params not an object")
        << post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[1]}", s) << 400
        << -32600 << QByteArray("params");
    QTest::newRow("no session") << post(call(1, "tools/list")) << 400 << -32000
                                << QByteArray("Mcp-Session-Id header is required");
    QTest::newRow("unknown session") << post(call(1, "tools/list"), "0123abcd") << 404 << -32000
                                     << QByteArray("Session not found");
    QTest::newRow("bad protocol version")
        << post(call(1, "tools/list"), s, kBoth, "MCP-Protocol-Version: 1999-01-01\r\n") << 400
        << -32000 << QByteArray("unsupported MCP-Protocol-Version");
    QTest::newRow("unknown method")
        << post(call(1, "nope/nope"), s) << 200 << -32601 << QByteArray("Method not found");
    QTest::newRow("unknown tool") << post(call(1, "tools/call", "{\"name\":\"nope\"}"), s) << 200
                                  << -32602 << QByteArray("Unknown tool");
    QTest::newRow("unknown resource")
        << post(call(1, "resources/read", "{\"uri\":\"ssemon://nope\"}"), s) << 200 << -32002
        << QByteArray("Resource not found");
    QTest::newRow("prompt without its argument")
        << post(call(1, "prompts/get", "{\"name\":\"summarize\"}"), s) << 200 << -32602
        << QByteArray("needs the argument");
    QTest::newRow("content type") << request(
        "POST", "Content-Type: text/plain\r\nMcp-Session-Id: SESSION\r\n", call(1, "ping"))
                                  << 415 << -32000 << QByteArray("application/json");
    QTest::newRow("not acceptable")
        << post(call(1, "ping"), s, "text/html") << 406 << -32000 << QByteArray("Not Acceptable");
    QTest::newRow("GET without session") << request("GET", "Accept: text/event-stream\r\n") << 400
                                         << -32000 << QByteArray("Mcp-Session-Id");
    QTest::newRow("GET without Accept") << request("GET", "Mcp-Session-Id: SESSION\r\n") << 406
                                        << -32000 << QByteArray("text/event-stream");
    QTest::newRow("DELETE without session")
        << request("DELETE", {}) << 400 << -32000 << QByteArray("Mcp-Session-Id");
    QTest::newRow("PUT") << request("PUT", "Mcp-Session-Id: SESSION\r\n") << 405 << -32000
                         << QByteArray("Method Not Allowed");
    QTest::newRow("other path") << request("POST", "Content-Type: application/json\r\n",
                                           call(1, "ping"), "/events")
                                << 404 << -32000 << QByteArray("/mcp");
    QTest::newRow("foreign origin")
        << post(call(1, "ping"), s, kBoth, "Origin: http://evil.example\r\n") << 403 << -32000
        << QByteArray("Origin");
    QTest::newRow("too large") << post(QByteArray(2 * 1024 * 1024, ' '), s) << 413 << -32000
                               << QByteArray("larger than");
}

// Each error answers with its status and a JSON-RPC error saying what is wrong.
void TestMcpPreset::errors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    QFETCH(int, code);
    QFETCH(QByteArray, says);
    const QByteArray session = initialize();
    bytes.replace("SESSION", session);
    RawSseClient client;
    QVERIFY(exchange(client, bytes));
    QCOMPARE(client.status(), status);
    const QByteArray body = client.header("Content-Type").startsWith("text/event-stream")
        ? client.events().last().data
        : client.body();
    const QJsonObject error = json(body).value(u"error").toObject();
    QCOMPARE(error.value(u"code").toInt(), code);
    QVERIFY2(error.value(u"message").toString().toUtf8().contains(says), body.constData());
    // The server is still fine.
    RawSseClient ping;
    QVERIFY(exchange(ping, post(call(9, "ping"), session, "application/json")));
    QCOMPARE(ping.status(), 200);
}

// 2025-03-26 reads batches: one answer per request, in one JSON array (or one event each).
void TestMcpPreset::batches()
{
    const QByteArray session = initialize("2025-03-26");
    const QByteArray batch = '[' + call(1, "ping") + ','
        + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}" + ','
        + call(2, "tools/call", "{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":1}}") + ']';
    RawSseClient whole;
    QVERIFY(exchange(whole, post(batch, session, "application/json")));
    QCOMPARE(whole.status(), 200);
    const QJsonArray answers = QJsonDocument::fromJson(whole.body()).array();
    QCOMPARE(answers.size(), 2);
    QCOMPARE(answers.at(0).toObject().value(u"id").toInt(), 1);
    QCOMPARE(answers.at(1).toObject().value(u"id").toInt(), 2);
    RawSseClient streamed;
    QVERIFY(exchange(streamed, post(batch, session)));
    QCOMPARE(streamed.events().size(), 2);
    // initialize may not be part of one.
    RawSseClient init;
    QVERIFY(exchange(init, post('[' + initializeBody("2025-03-26") + ']', {}, "application/json")));
    QCOMPARE(init.status(), 400);
    QCOMPARE(json(init.body()).value(u"error").toObject().value(u"code").toInt(), -32600);
}

// slow_count with a progressToken: n progress notifications, interval_ms apart, then the
// result, on one stream; each event with its stream's id.
void TestMcpPreset::slowCountPacesProgress()
{
    const QByteArray session = initialize();
    RawSseClient client;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(
        client.open(m_server->port(),
                    post(call(5, "tools/call",
                              "{\"name\":\"slow_count\",\"arguments\":{\"n\":3,\"interval_ms\":60},"
                              "\"_meta\":{\"progressToken\":\"tok\"}}"),
                         session)));
    QVERIFY(client.waitForEvents(1));
    QVERIFY(client.isOpen());
    QVERIFY(client.waitForEnd());
    QVERIFY(clock.elapsed() >= 3 * 60);
    const QList<SseEvent> &events = client.events();
    QCOMPARE(events.size(), 4);
    for (int i = 0; i < 3; ++i) {
        const QJsonObject progress = json(events.at(i).data);
        QCOMPARE(progress.value(u"method").toString(), QStringLiteral("notifications/progress"));
        QCOMPARE(progress.value(u"params").toObject().value(u"progressToken").toString(),
                 QStringLiteral("tok"));
        QCOMPARE(progress.value(u"params").toObject().value(u"progress").toInt(), i + 1);
        QCOMPARE(events.at(i).id, McpSessions::eventId(1, i + 1));
    }
    QCOMPARE(json(events.at(3).data).value(u"id").toInt(), 5);
    // A bad argument is the tool's failure, not the protocol's.
    RawSseClient bad;
    QVERIFY(
        exchange(bad,
                 post(call(6, "tools/call", "{\"name\":\"slow_count\",\"arguments\":{\"n\":0}}"),
                      session, "application/json")));
    const QJsonObject result = json(bad.body()).value(u"result").toObject();
    QCOMPARE(result.value(u"isError").toBool(), true);
}

// The GET stream: log notifications with ids s0/N; a GET with Last-Event-ID s0/N gets what
// followed N on that stream, and never a POST stream's events.
void TestMcpPreset::getStreamResumesOnlyItself()
{
    m_server->setEventInterval(20);
    const QByteArray session = initialize();
    const QByteArray get =
        request("GET", "Accept: text/event-stream\r\nMcp-Session-Id: " + session + "\r\n");
    RawSseClient listen;
    QVERIFY(listen.open(m_server->port(), get));
    QVERIFY(listen.waitForEvents(3));
    QCOMPARE(listen.status(), 200);
    QCOMPARE(json(listen.events().first().data).value(u"method").toString(),
             QStringLiteral("notifications/message"));
    QCOMPARE(listen.events().at(0).id, QByteArray("s0/1"));
    QCOMPARE(listen.events().at(2).id, QByteArray("s0/3"));
    listen.close();
    // A POST stream meanwhile; its events are not the GET stream's.
    RawSseClient other;
    QVERIFY(exchange(other, post(call(2, "ping"), session)));
    QCOMPARE(other.events().last().id, QByteArray("s1/1"));
    // Missed while away: made all the same, replayed on resume.
    QTRY_VERIFY(m_server->clients().isEmpty());
    QTest::qWait(60);
    RawSseClient resume;
    QVERIFY(resume.open(m_server->port(),
                        request("GET",
                                "Accept: text/event-stream\r\nMcp-Session-Id: " + session
                                    + "\r\nLast-Event-ID: s0/2\r\n")));
    QVERIFY(resume.waitForEvents(4));
    for (int i = 0; i < 4; ++i)
        QCOMPARE(resume.events().at(i).id, McpSessions::eventId(0, 3 + i));
    for (const SseEvent &event : resume.events())
        QVERIFY(event.id.startsWith("s0/"));
    // DELETE ends the session and its GET stream.
    RawSseClient remove;
    QVERIFY(exchange(remove, request("DELETE", "Mcp-Session-Id: " + session + "\r\n")));
    QCOMPARE(remove.status(), 204);
    QVERIFY(resume.waitForEnd());
}

// A POST stream's Last-Event-ID on a GET replays the rest of that stream, then ends.
void TestMcpPreset::postStreamResumes()
{
    const QByteArray session = initialize();
    RawSseClient first;
    QVERIFY(exchange(first,
                     post(call(3, "tools/call",
                               "{\"name\":\"slow_count\",\"arguments\":{\"n\":2,\"interval_ms\":0},"
                               "\"_meta\":{\"progressToken\":1}}"),
                          session)));
    QCOMPARE(first.events().size(), 3);
    RawSseClient resume;
    QVERIFY(exchange(resume,
                     request("GET",
                             "Accept: text/event-stream\r\nMcp-Session-Id: " + session
                                 + "\r\nLast-Event-ID: s1/1\r\n")));
    QCOMPARE(resume.status(), 200);
    QCOMPARE(resume.events().size(), 2);
    QCOMPARE(resume.events().at(0).id, QByteArray("s1/2"));
    QCOMPARE(json(resume.events().at(1).data).value(u"id").toInt(), 3);
}

void TestMcpPreset::secondGetStreamConflicts()
{
    const QByteArray session = initialize();
    const QByteArray get =
        request("GET", "Accept: text/event-stream\r\nMcp-Session-Id: " + session + "\r\n");
    RawSseClient listen;
    QVERIFY(listen.open(m_server->port(), get));
    QVERIFY(listen.waitForHead());
    QCOMPARE(listen.status(), 200);
    RawSseClient second;
    QVERIFY(exchange(second, get));
    QCOMPARE(second.status(), 409);
    listen.close();
    QTRY_VERIFY(m_server->clients().isEmpty());
    RawSseClient third;
    QVERIFY(third.open(m_server->port(), get));
    QVERIFY(third.waitForHead());
    QCOMPARE(third.status(), 200);
}

// At most McpSessions::MaxSessions: the least recently used goes first (404 afterwards).
void TestMcpPreset::sessionsAreBounded()
{
    const QByteArray oldest = initialize();
    const QByteArray used = initialize();
    for (int i = 2; i < McpSessions::MaxSessions; ++i)
        QVERIFY(!initialize().isEmpty());
    RawSseClient touch; // `used` is used again: `oldest` is now the least recent
    QVERIFY(exchange(touch, post(call(1, "ping"), used, "application/json")));
    QCOMPARE(touch.status(), 200);
    QVERIFY(!initialize().isEmpty());
    RawSseClient gone;
    QVERIFY(exchange(gone, post(call(1, "ping"), oldest, "application/json")));
    QCOMPARE(gone.status(), 404);
    RawSseClient kept;
    QVERIFY(exchange(kept, post(call(1, "ping"), used, "application/json")));
    QCOMPARE(kept.status(), 200);
}

void TestMcpPreset::faultReachesTheStream_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("events"); // what the client reads
    QTest::addColumn<QByteArray>("last"); // in the last event's data
    QTest::newRow("truncate") << QStringLiteral("truncate after=2") << 1
                              << QByteArray("notifications/progress");
    QTest::newRow("duplicate") << QStringLiteral("duplicate after=1") << 5
                               << QByteArray("counted to 3");
    QTest::newRow("error-event") << QStringLiteral("error-event after=4") << 4
                                 << QByteArray("ssemon error-event fault");
    QTest::newRow("not-json") << QStringLiteral("not-json after=4") << 4 << QByteArray();
}

// Faults act on the preset's streams as on any: here slow_count's, event by event.
void TestMcpPreset::faultReachesTheStream()
{
    QFETCH(QString, fault);
    QFETCH(int, events);
    QFETCH(QByteArray, last);
    const QByteArray session = initialize();
    Fault f;
    QString error;
    QVERIFY2(FaultSpec::parse(fault, &f, &error), qPrintable(error));
    QVERIFY(m_server->applyFault(f, &error) > 0);
    RawSseClient client;
    QVERIFY(exchange(client,
                     post(call(4, "tools/call",
                               "{\"name\":\"slow_count\",\"arguments\":{\"n\":3,\"interval_ms\":0},"
                               "\"_meta\":{\"progressToken\":1}}"),
                          session)));
    QCOMPARE(client.events().size(), events);
    if (!last.isEmpty())
        QVERIFY2(client.events().last().data.contains(last),
                 client.events().last().data.constData());
    else
        QVERIFY(json(client.events().last().data).isEmpty()); // cut in half: not JSON
    // The error event answers the request it replaced, under that event's id.
    if (fault.startsWith(QLatin1String("error-event"))) {
        QCOMPARE(json(client.events().last().data).value(u"id").toInt(), 4);
        QCOMPARE(client.events().last().id, QByteArray("s1/4"));
    }
}

void TestMcpPreset::eventIds()
{
    int stream = 0;
    qint64 n = 0;
    QVERIFY(McpSessions::parseEventId(McpSessions::eventId(12, 345), &stream, &n));
    QCOMPARE(stream, 12);
    QCOMPARE(n, 345);
    for (const char *bad : {"", "s", "s/1", "x1/2", "s1/", "s-1/2", "s1/x", "12"})
        QVERIFY2(!McpSessions::parseEventId(bad, &stream, &n), bad);
}

QTEST_GUILESS_MAIN(TestMcpPreset)
#include "tst_mcppreset.moc"
