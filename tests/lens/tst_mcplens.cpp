// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The MCP lens on streams written as the Model Context Protocol's Streamable HTTP transport
// (2025-03-26, 2025-06-18; priming and polling from 2025-11-25) and the legacy HTTP+SSE transport
// (2024-11-05) describe them: a POST's JSON-RPC requests answered on its stream, a GET listening
// stream, a resume with Last-Event-ID; every stream read in every slicing, each problem provoked.
#include "lens/lensregistry.h"
#include "lens/mcplens.h"
#include "lensfixture.h"

#include <QTest>

using namespace LensFixture;

Q_DECLARE_METATYPE(LensContext)

namespace {

const QByteArray kUrl = "http://127.0.0.1:3000/mcp";
const QByteArray kSession = "1868a90c-3f2b-4b8e-9a8e-0c2f1d7e6a55";
using Fields = QList<QPair<QByteArray, QByteArray>>;

const Fields kPostHeaders = {{"Accept", "application/json, text/event-stream"},
                             {"Content-Type", "application/json"},
                             {"Mcp-Session-Id", kSession},
                             {"MCP-Protocol-Version", "2025-06-18"}};

LensContext post(const QByteArray &body, const Fields &requestHeaders = kPostHeaders,
                 const Fields &responseHeaders = {{"Mcp-Session-Id", kSession}},
                 const QByteArray &url = kUrl)
{
    LensContext c = context(url, requestHeaders, responseHeaders);
    c.requestBody = body;
    return c;
}

LensContext get(const Fields &requestHeaders, const QByteArray &url = kUrl)
{
    LensContext c = context(url, requestHeaders);
    c.method = "GET";
    c.requestBody.clear();
    return c;
}

QByteArray request(const QByteArray &id, const QByteArray &method, const QByteArray &params = "{}")
{
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method
        + "\",\"params\":" + params + '}';
}

// One event of the stream: `id:` when given, `event: message`, the JSON-RPC message as data.
QByteArray message(const QByteArray &json, const QByteArray &id = QByteArray())
{
    return (id.isEmpty() ? QByteArray() : "id: " + id + '\n') + frame(json, "message");
}

QByteArray result(const QByteArray &id, const QByteArray &result)
{
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + '}';
}

QByteArray notification(const QByteArray &method, const QByteArray &params)
{
    return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + '}';
}

const QByteArray kInitialize =
    request("0", "initialize",
            "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"sampling\":{}},"
            "\"clientInfo\":{\"name\":\"ssemon\",\"version\":\"0.1.0\"}}");
const QByteArray kInitializeResult =
    result("0",
           "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"logging\":{},\"tools\":"
           "{\"listChanged\":true}},\"serverInfo\":{\"name\":\"ExampleServer\",\"version\":"
           "\"1.0.0\"},\"instructions\":\"Weather tools\"}");
const QByteArray kToolsCall =
    request("2", "tools/call",
            "{\"name\":\"get_weather\",\"arguments\":{\"location\":\"New York\"},"
            "\"_meta\":{\"progressToken\":\"p-2\"}}");

QStringList codes(const Run &r)
{
    return problemCodes(r.facts);
}

} // namespace

class TestMcpLens : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initializeAnsweredOnTheStream();
    void toolCallWithProgressSamplingAndPriming();
    void batchWithAnErrorResponse();
    void requestNeverAnswered();
    void closedForPollingAfterPriming();
    void stoppedByTheClient();
    void responseForAnIdNeverAsked();
    void eventAfterTheLastResponse();
    void garbageIsNamedNotFatal();
    void sessionHeader_data();
    void sessionHeader();
    void listeningGetStream();
    void resume_data();
    void resume();
    void legacyHttpSse();
    void recognition_data();
    void recognition();
    void jsonAnswers();
};

void TestMcpLens::initializeAnsweredOnTheStream()
{
    Fields headers = kPostHeaders.mid(0, 2); // an initialize carries no session yet
    const Run r =
        runEverySlicing("auto", post(kInitialize, headers), message(kInitializeResult, "s0/1"));
    QCOMPARE(r.facts.lens, QByteArray("mcp"));
    QCOMPARE(r.facts.recognisedBy, QByteArray("url"));
    const LensMcp &m = r.facts.mcp;
    QCOMPARE(m.transport, QByteArray("streamable-http"));
    QCOMPARE(m.stream, QByteArray("post"));
    QCOMPARE(m.sessionId, kSession);
    QCOMPARE(m.protocolVersion, QByteArray("2025-06-18"));
    QCOMPARE(m.serverName, QByteArray("ExampleServer"));
    QCOMPARE(m.serverVersion, QByteArray("1.0.0"));
    QCOMPARE(m.capabilities, QByteArray("logging,tools"));
    QCOMPARE(m.requests, 1);
    QCOMPARE(m.responses, 1);
    QCOMPARE(m.rpcs.size(), 1);
    QCOMPARE(m.rpcs.first().id, QByteArray("0"));
    QCOMPARE(m.rpcs.first().method, QByteArray("initialize"));
    QCOMPARE(m.rpcs.first().state, LensRpc::State::Result);
    QCOMPARE(m.rpcs.first().latencyNs, kEventSpacingNs);
    QVERIFY(m.rpcs.first().summary.startsWith("{\"capabilities\":{..},"));
    QCOMPARE(m.lastEventId, QByteArray("s0/1"));
    QVERIFY(r.facts.terminal);
    QVERIFY2(r.facts.problems.isEmpty(), qPrintable(describe(r.facts)));
    QCOMPARE(r.trace,
             QStringList({QStringLiteral("begin: recognised ||"),
                          QStringLiteral("event 1: rpc:0,finish ||"),
                          QStringLiteral("finish: end ||")}));
}

void TestMcpLens::toolCallWithProgressSamplingAndPriming()
{
    const QByteArray bytes = "id: s2/0\ndata:\n\n"
        + message(notification("notifications/progress",
                               "{\"progressToken\":\"p-2\",\"progress\":1,\"total\":2}"),
                  "s2/1")
        + message(notification("notifications/message",
                               "{\"level\":\"info\",\"data\":\"looking up New York\"}"),
                  "s2/2")
        + message(request("\"srv-1\"", "sampling/createMessage",
                          "{\"messages\":[],\"maxTokens\":10}"),
                  "s2/3")
        + message(notification("notifications/progress",
                               "{\"progressToken\":\"p-2\",\"progress\":2,\"total\":2}"),
                  "s2/4")
        + "retry: 3000\n\n"
        + message(result("2",
                         "{\"content\":[{\"type\":\"text\",\"text\":\"Sunny, 21 \xc2\xb0"
                         "C\"},{\"type\":\"text\",\"text\":\"Wind 5 km/h\"}],"
                         "\"isError\":false}"),
                  "s2/5");
    const Run r = runEverySlicing("mcp", post(kToolsCall), bytes);
    QCOMPARE(r.facts.lens, QByteArray("mcp"));
    QCOMPARE(r.facts.recognisedBy, QByteArray("chosen"));
    const LensMcp &m = r.facts.mcp;
    QCOMPARE(m.primingEvents, 1);
    QCOMPARE(m.notifications.count("notifications/progress"), 2);
    QCOMPARE(m.notifications.count("notifications/message"), 1);
    QCOMPARE(m.serverRequests.count("sampling/createMessage"), 1);
    QCOMPARE(m.messages, 5);
    QCOMPARE(m.rpcs.size(), 1);
    const LensRpc &rpc = m.rpcs.first();
    QCOMPARE(rpc.method, QByteArray("tools/call"));
    QCOMPARE(rpc.target, QByteArray("get_weather")); // the tool the request named
    QCOMPARE(rpc.event, 6);
    QCOMPARE(rpc.latencyNs, 6 * kEventSpacingNs);
    QVERIFY(!rpc.toolError);
    QVERIFY(rpc.textBlock >= 0);
    QCOMPARE(r.facts.answer(),
             QByteArray("Sunny, 21 \xc2\xb0"
                        "C\nWind 5 km/h"));
    QCOMPARE(r.answer, r.facts.answer()); // what `watch --text` prints
    QCOMPARE(r.facts.firstTokenNs, 6 * kEventSpacingNs);
    QCOMPARE(r.facts.generic.retries, 1);
    QCOMPARE(r.facts.generic.retryMs, 3000);
    QCOMPARE(r.facts.generic.events, 6);
    QCOMPARE(r.facts.generic.types.count("message"), 6);
    QVERIFY(r.facts.terminal);
    QVERIFY2(r.facts.problems.isEmpty(), qPrintable(describe(r.facts)));
}

void TestMcpLens::batchWithAnErrorResponse()
{
    // 2025-03-26 allows batches: two requests and a notification in one POST.
    const QByteArray body = '[' + request("1", "tools/list") + ','
        + request("\"r-2\"", "resources/read", "{\"uri\":\"file:///nope\"}") + ','
        + notification("notifications/cancelled", "{\"requestId\":\"r-0\"}") + ']';
    const QByteArray bytes = message('[' + result("1", "{\"tools\":[{\"name\":\"a\"}]}") + ']')
        + message("{\"jsonrpc\":\"2.0\",\"id\":\"r-2\",\"error\":{\"code\":-32002,\"message\":"
                  "\"Resource not found\",\"data\":{\"uri\":\"file:///nope\"}}}");
    const Run r = runEverySlicing("auto", post(body), bytes);
    const LensMcp &m = r.facts.mcp;
    QCOMPARE(m.requests, 2);
    QCOMPARE(m.responses, 2);
    QCOMPARE(m.errors, 1);
    QCOMPARE(m.rpcs.at(0).summary, QByteArray("{\"tools\":[1]}"));
    QCOMPARE(m.rpcs.at(0).target, QByteArray()); // tools/list names nothing
    QCOMPARE(m.rpcs.at(1).id, QByteArray("\"r-2\""));
    QCOMPARE(m.rpcs.at(1).target, QByteArray("file:///nope"));
    QCOMPARE(m.rpcs.at(1).state, LensRpc::State::Error);
    QCOMPARE(m.rpcs.at(1).errorCode, -32002);
    QCOMPARE(m.rpcs.at(1).errorMessage, QStringLiteral("Resource not found"));
    QCOMPARE(m.rpcs.at(1).latencyNs, 2 * kEventSpacingNs);
    QVERIFY(r.facts.terminal);
    QCOMPARE(codes(r), QStringList({QStringLiteral("rpc_error")}));
    QVERIFY(r.facts.problems.first().message.contains(
        QStringLiteral("id \"r-2\" (resources/read): error -32002: Resource not found")));
}

void TestMcpLens::requestNeverAnswered()
{
    const QByteArray bytes = message(
        notification("notifications/progress", "{\"progressToken\":\"p-2\",\"progress\":1}"));
    const Run r = runEverySlicing("auto", post(kToolsCall), bytes);
    QCOMPARE(codes(r), QStringList({QStringLiteral("no_response")}));
    QVERIFY(r.facts.problems.first().message.contains(QStringLiteral("id 2 (tools/call)")));
    QVERIFY(!r.facts.terminal);
    QCOMPARE(r.facts.mcp.pending(), 1);
    QCOMPARE(r.facts.mcp.rpcs.first().state, LensRpc::State::Pending);
}

void TestMcpLens::closedForPollingAfterPriming()
{
    // 2025-11-25: the server primes an id, asks for a retry and closes before answering; the
    // answer is due on a GET resuming from that id. Not this stream's fault.
    const QByteArray bytes = "id: s2/0\ndata:\n\nretry: 500\n\n";
    const Run r = runEverySlicing("auto", post(kToolsCall), bytes);
    QVERIFY2(r.facts.problems.isEmpty(), qPrintable(describe(r.facts)));
    QCOMPARE(r.facts.mcp.lastEventId, QByteArray("s2/0"));
    QCOMPARE(r.facts.mcp.pending(), 1);
    QCOMPARE(r.facts.generic.retryMs, 500);
}

void TestMcpLens::stoppedByTheClient()
{
    const Run r = runEverySlicing("auto", post(kToolsCall), QByteArray(), LensStream::End::Stopped);
    QVERIFY(r.facts.problems.isEmpty());
    QCOMPARE(r.facts.mcp.pending(), 1);
}

void TestMcpLens::responseForAnIdNeverAsked()
{
    const Run r = runEverySlicing("auto", post(request("1", "tools/list")),
                                  message(result("99", "{\"tools\":[]}")));
    QCOMPARE(codes(r),
             QStringList({QStringLiteral("unknown_response_id"), QStringLiteral("no_response")}));
    QVERIFY(r.facts.problems.first().message.contains(QStringLiteral("id 99")));
    QCOMPARE(r.facts.mcp.rpcs.size(), 2);
    QCOMPARE(r.facts.mcp.rpcs.at(1).latencyNs, -1);
}

void TestMcpLens::eventAfterTheLastResponse()
{
    const QByteArray bytes = message(result("1", "{\"tools\":[]}"))
        + message(notification("notifications/message", "{\"level\":\"info\",\"data\":\"x\"}"));
    const Run r = runEverySlicing("auto", post(request("1", "tools/list")), bytes);
    QCOMPARE(codes(r), QStringList({QStringLiteral("after_end")}));
    QVERIFY(r.facts.terminal);
}

void TestMcpLens::garbageIsNamedNotFatal()
{
    const QByteArray bytes = frame("this is not JSON") + frame("{\"hello\":1}") + frame("[1,2]")
        + frame("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"result\":{}}")
        + message(result("1", "{\"tools\":[]}"));
    const Run r = runEverySlicing("mcp", post(request("1", "tools/list")), bytes);
    QCOMPARE(codes(r),
             QStringList({QStringLiteral("not_json"), QStringLiteral("invalid_jsonrpc")}));
    QCOMPARE(r.facts.problems.at(1).count, 4); // {"hello"}, 1, 2, the fractional id
    // Still read after the garbage: the response pairs, the stream completes.
    QCOMPARE(r.facts.mcp.rpcs.first().state, LensRpc::State::Result);
    QVERIFY(r.facts.terminal);
}

void TestMcpLens::sessionHeader_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Fields>("requestHeaders");
    QTest::addColumn<Fields>("responseHeaders");
    QTest::addColumn<QString>("message"); // empty: no problem

    const Fields noSession = kPostHeaders.mid(0, 2);
    QTest::newRow("initialize with a session")
        << kInitialize << noSession << Fields {{"mcp-session-id", kSession}} << QString();
    QTest::newRow("initialize without")
        << kInitialize << noSession << Fields() << QStringLiteral("initialize response has no");
    QTest::newRow("another session")
        << kToolsCall << kPostHeaders << Fields {{"Mcp-Session-Id", "other"}}
        << QStringLiteral("Mcp-Session-Id other is not the request's");
    QTest::newRow("request without one")
        << kToolsCall << noSession << Fields {{"Mcp-Session-Id", kSession}}
        << QStringLiteral("the request carried no Mcp-Session-Id");
    QTest::newRow("sessionless server") << kToolsCall << noSession << Fields() << QString();
    QTest::newRow("not visible ASCII")
        << kToolsCall << Fields() << Fields {{"Mcp-Session-Id", "a b"}}
        << QStringLiteral("other than visible ASCII");
}

void TestMcpLens::sessionHeader()
{
    QFETCH(QByteArray, body);
    QFETCH(Fields, requestHeaders);
    QFETCH(Fields, responseHeaders);
    QFETCH(QString, message);
    const QByteArray id = body.contains("initialize") ? "0" : "2";
    const Run r = runEverySlicing("auto", post(body, requestHeaders, responseHeaders),
                                  ::message(result(id, "{}")));
    if (message.isEmpty()) {
        QVERIFY2(r.facts.problems.isEmpty(), qPrintable(describe(r.facts)));
        return;
    }
    QCOMPARE(codes(r), QStringList({QStringLiteral("session_header")}));
    QVERIFY2(r.facts.problems.first().message.contains(message),
             qPrintable(r.facts.problems.first().message));
}

void TestMcpLens::listeningGetStream()
{
    const QByteArray bytes = message(notification("notifications/tools/list_changed", "{}"), "g/1")
        + message(request("7", "roots/list"), "g/2") + message(request("8", "ping"), "g/3")
        + message(result("3", "{}"), "g/4");
    const Run r = runEverySlicing(
        "auto", get({{"Accept", "text/event-stream"}, {"Mcp-Session-Id", kSession}}), bytes);
    QCOMPARE(r.facts.lens, QByteArray("mcp"));
    QCOMPARE(r.facts.mcp.stream, QByteArray("get"));
    QCOMPARE(r.facts.mcp.notifications.count("notifications/tools/list_changed"), 1);
    QCOMPARE(r.facts.mcp.serverRequests.count("roots/list"), 1);
    QCOMPARE(r.facts.mcp.serverRequests.count("ping"), 1);
    // A GET stream carries no response unless it resumes one; its end is no problem.
    QCOMPARE(codes(r), QStringList({QStringLiteral("unknown_response_id")}));
    QVERIFY(r.facts.problems.first().message.contains(QStringLiteral("on a GET stream")));
}

void TestMcpLens::resume_data()
{
    QTest::addColumn<QByteArray>("lastEventId");
    QTest::addColumn<QByteArray>("firstId");
    QTest::addColumn<QString>("message"); // empty: no problem

    QTest::newRow("the same stream, next event")
        << QByteArray("s2/5") << QByteArray("s2/6") << QString();
    QTest::newRow("another stream")
        << QByteArray("s2/5") << QByteArray("s3/6") << QStringLiteral("of another stream");
    QTest::newRow("an event received before")
        << QByteArray("s2/5") << QByteArray("s2/3") << QStringLiteral("which came before it");
    QTest::newRow("the last event again")
        << QByteArray("s2/5") << QByteArray("s2/5") << QStringLiteral("replays that event again");
    QTest::newRow("bare numbers") << QByteArray("41") << QByteArray("42") << QString();
    // Ids that say nothing of their stream: nothing can be told.
    QTest::newRow("opaque ids") << QByteArray("abc") << QByteArray("xyz") << QString();
}

void TestMcpLens::resume()
{
    QFETCH(QByteArray, lastEventId);
    QFETCH(QByteArray, firstId);
    QFETCH(QString, message);
    const QByteArray bytes = ::message(result("2", "{\"content\":[]}"), firstId);
    const Run r = runEverySlicing("auto",
                                  get({{"Accept", "text/event-stream"},
                                       {"Mcp-Session-Id", kSession},
                                       {"Last-Event-ID", lastEventId}}),
                                  bytes);
    QCOMPARE(r.facts.mcp.stream, QByteArray("resume"));
    QCOMPARE(r.facts.mcp.resumeFrom, lastEventId);
    // The answer to a request made by another POST: kept, its method and latency unknown.
    QCOMPARE(r.facts.mcp.rpcs.size(), 1);
    QCOMPARE(r.facts.mcp.rpcs.first().method, QByteArray());
    QCOMPARE(r.facts.mcp.rpcs.first().latencyNs, -1);
    QCOMPARE(r.facts.mcp.rpcs.first().atNs, kEventSpacingNs);
    if (message.isEmpty()) {
        QVERIFY2(r.facts.problems.isEmpty(), qPrintable(describe(r.facts)));
        return;
    }
    QCOMPARE(codes(r), QStringList({QStringLiteral("resume_replay")}));
    QVERIFY2(r.facts.problems.first().message.contains(message),
             qPrintable(r.facts.problems.first().message));
}

void TestMcpLens::legacyHttpSse()
{
    const QByteArray bytes = frame("/messages/?session_id=9f1c", "endpoint")
        + frame(kInitializeResult, "message")
        + frame(result("1", "{\"tools\":[{\"name\":\"echo\"}]}"), "message")
        + frame("{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32601,\"message\":"
                "\"Method not found\"}}",
                "message");
    const Run r = runEverySlicing(
        "auto", get({{"Accept", "text/event-stream"}}, "http://127.0.0.1:8000/sse"), bytes);
    QCOMPARE(r.facts.lens, QByteArray("mcp"));
    QCOMPARE(r.facts.recognisedBy, QByteArray("events"));
    const LensMcp &m = r.facts.mcp;
    QCOMPARE(m.transport, QByteArray("http+sse"));
    QCOMPARE(m.stream, QByteArray("legacy"));
    QCOMPARE(m.endpoint, QByteArray("/messages/?session_id=9f1c"));
    QCOMPARE(m.rpcs.size(), 3);
    QCOMPARE(m.responses, 3);
    QCOMPARE(m.errors, 1);
    QCOMPARE(codes(r), QStringList({QStringLiteral("rpc_error")}));
}

void TestMcpLens::recognition_data()
{
    QTest::addColumn<LensContext>("context");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("lens");
    QTest::addColumn<QByteArray>("by");

    const QByteArray answer = message(result("1", "{}"));
    QTest::newRow("path /mcp") << post(request("1", "ping"), {}, {}, "http://h/api/mcp") << answer
                               << QByteArray("mcp") << QByteArray("url");
    QTest::newRow("JSON-RPC body") << post(request("1", "ping"), {}, {}, "http://h/rpc") << answer
                                   << QByteArray("mcp") << QByteArray("headers");
    QTest::newRow("protocol header")
        << post("{}", {{"MCP-Protocol-Version", "2025-06-18"}}, {}, "http://h/rpc") << answer
        << QByteArray("mcp") << QByteArray("headers");
    QTest::newRow("JSON-RPC events")
        << get({}, "http://h/events") << answer << QByteArray("mcp") << QByteArray("events");
    QTest::newRow("not MCP") << get({}, "http://h/events") << frame("{\"n\":1}") << QByteArray()
                             << QByteArray();
}

void TestMcpLens::recognition()
{
    QFETCH(LensContext, context);
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, lens);
    QFETCH(QByteArray, by);
    const Run r = runEverySlicing("auto", context, bytes);
    QCOMPARE(r.facts.lens, lens);
    QCOMPARE(r.facts.recognisedBy, by);
}

void TestMcpLens::jsonAnswers()
{
    const LensContext mcp = post(request("1", "tools/list"));
    LensContext oneAccept = mcp;
    oneAccept.requestHeaders = {{"Accept", "text/event-stream"}};
    LensContext notRpc = mcp;
    notRpc.requestBody = "{\"model\":\"gpt-4o\",\"stream\":true}";
    QVERIFY(McpLens::answersAsJson(mcp));
    QVERIFY(!McpLens::answersAsJson(oneAccept));
    QVERIFY(!McpLens::answersAsJson(notRpc));
    QVERIFY(LensStream("auto").readsJsonAnswer(mcp));
    QVERIFY(!LensStream("auto").readsJsonAnswer(notRpc));
    QVERIFY(LensStream("mcp").readsJsonAnswer(notRpc)); // chosen: whatever the request
    QVERIFY(!LensStream("openai").readsJsonAnswer(mcp));
    QVERIFY(!LensStream("none").readsJsonAnswer(mcp));
    // The document read as one event (what the client does with an application/json answer).
    const Run r = runEverySlicing("auto", mcp, frame(result("1", "{\"tools\":[]}")));
    QCOMPARE(r.facts.mcp.rpcs.first().state, LensRpc::State::Result);
    QVERIFY(r.facts.terminal);
}

QTEST_GUILESS_MAIN(TestMcpLens)
#include "tst_mcplens.moc"
