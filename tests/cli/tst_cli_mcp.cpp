// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// `ssemon-cli watch --lens mcp|auto` as a real process against a scripted loopback server that
// answers an MCP POST as Streamable HTTP does: with an event stream, or with one application/json
// document (both transports); `--text` printing a tool's text; and `--latency-field` on a
// stream no lens reads.
#include "clirunner.h"
#include "scriptedserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

namespace {

using namespace CliRunner;

const QByteArray kSession = "c0ffee-42";
const QString kAccept = QStringLiteral("Accept: application/json, text/event-stream");

QByteArray frame(const QByteArray &data, const QByteArray &id = QByteArray())
{
    return (id.isEmpty() ? QByteArray() : "id: " + id + '\n') + "event: message\ndata: " + data
        + "\n\n";
}

const QByteArray kInitialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",)"
    R"("capabilities":{},"clientInfo":{"name":"ssemon","version":"0.1"}}})";
const QByteArray kInitializeResult =
    R"({"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":)"
    R"({"tools":{}},"serverInfo":{"name":"loopback-mcp","version":"9.9"}}})";
const QByteArray kToolsCall =
    R"({"jsonrpc":"2.0","id":"call-7","method":"tools/call","params":{"name":"echo",)"
    R"("arguments":{"text":"hi"}}})";
const QByteArray kToolsResult =
    R"({"jsonrpc":"2.0","id":"call-7","result":{"content":[{"type":"text","text":)"
    R"("echo: hi"}],"isError":false}})";

QList<QJsonObject> lensRecords(const QList<QJsonObject> &records, const QString &what)
{
    QList<QJsonObject> found;
    for (const QJsonObject &r : ofKind(records, QStringLiteral("lens"))) {
        if (r.value(QStringLiteral("what")).toString() == what)
            found.append(r);
    }
    return found;
}

QStringList watchPost(const QUrl &url, const QByteArray &body, const QStringList &more = {})
{
    return QStringList({QStringLiteral("watch"), url.toString(), QStringLiteral("-H"), kAccept,
                        QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"),
                        QStringLiteral("-d"), QString::fromUtf8(body),
                        QStringLiteral("--no-reconnect")})
        + more;
}

} // namespace

class TestCliMcp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initializeAnsweredAsStream();
    void answerAsApplicationJson_data();
    void answerAsApplicationJson();
    void applicationJsonStillFailsOtherwise();
    void applicationJsonAnswerIsBounded();
    void toolTextOnly();
    void latencyField();
};

void TestCliMcp::initializeAnsweredAsStream()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    ServerScript s = ServerScript::stream();
    s.header("Mcp-Session-Id", kSession);
    s.send("id: 0/1\ndata:\n\n").wait(2);
    s.send(frame(R"({"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info",)"
                 R"("data":"starting"}})",
                 "0/2"))
        .wait(2);
    s.send(frame(kInitializeResult, "0/3")).close();
    server.enqueue(s);
    const Result r = runAsync(
        watchPost(server.url(QStringLiteral("/mcp")), kInitialize, {QStringLiteral("--json")}));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(server.requests().first().method, QByteArray("POST"));

    const QList<QJsonObject> recognised = lensRecords(r.records, QStringLiteral("recognised"));
    QCOMPARE(recognised.size(), 1);
    QCOMPARE(recognised.first().value(QStringLiteral("lens")).toString(), QStringLiteral("mcp"));
    QCOMPARE(recognised.first().value(QStringLiteral("by")).toString(), QStringLiteral("url"));
    QCOMPARE(recognised.first().value(QStringLiteral("stream")).toString(), QStringLiteral("post"));
    QCOMPARE(recognised.first().value(QStringLiteral("session_id")).toString(),
             QString::fromLatin1(kSession));

    const QList<QJsonObject> rpcs = lensRecords(r.records, QStringLiteral("rpc"));
    QCOMPARE(rpcs.size(), 1);
    QCOMPARE(rpcs.first().value(QStringLiteral("method")).toString(), QStringLiteral("initialize"));
    QCOMPARE(rpcs.first().value(QStringLiteral("state")).toString(), QStringLiteral("result"));
    QVERIFY(rpcs.first().value(QStringLiteral("latency_ms")).toDouble() > 0);
    QCOMPARE(rpcs.first().value(QStringLiteral("event")).toInt(), 3);
    QCOMPARE(lensRecords(r.records, QStringLiteral("finish")).size(), 1);

    const QJsonObject summary = r.records.last().value(QStringLiteral("lens")).toObject();
    QCOMPARE(summary.value(QStringLiteral("complete")).toBool(), true);
    const QJsonObject mcp = summary.value(QStringLiteral("mcp")).toObject();
    QCOMPARE(mcp.value(QStringLiteral("server_name")).toString(), QStringLiteral("loopback-mcp"));
    QCOMPARE(mcp.value(QStringLiteral("protocol_version")).toString(),
             QStringLiteral("2025-06-18"));
    QCOMPARE(mcp.value(QStringLiteral("priming_events")).toInt(), 1);
    QCOMPARE(mcp.value(QStringLiteral("notifications"))
                 .toObject()
                 .value(QStringLiteral("notifications/message"))
                 .toInt(),
             1);
    QCOMPARE(mcp.value(QStringLiteral("rpcs")).toArray().size(), 1);
    QCOMPARE(mcp.value(QStringLiteral("pending")).toInt(), 0);
    QVERIFY(summary.value(QStringLiteral("problems")).toArray().isEmpty());
    const QJsonObject generic = summary.value(QStringLiteral("generic")).toObject();
    QCOMPARE(generic.value(QStringLiteral("events")).toInt(), 3);
    QCOMPARE(
        generic.value(QStringLiteral("types")).toObject().value(QStringLiteral("message")).toInt(),
        3);
}

void TestCliMcp::answerAsApplicationJson_data()
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("wire") << QStringLiteral("wire");
    QTest::newRow("qnam") << QStringLiteral("qnam");
}

void TestCliMcp::answerAsApplicationJson()
{
    QFETCH(QString, transport);
    ScriptedServer server;
    QVERIFY(server.listen());
    ServerScript s = ServerScript::stream("application/json");
    s.header("Mcp-Session-Id", kSession);
    // Sent in two pieces: the document is read whole before it is decoded.
    s.send(kToolsResult.left(30)).wait(5).send(kToolsResult.mid(30) + '\n').close();
    server.enqueue(s);
    const Result r =
        runAsync(watchPost(server.url(QStringLiteral("/rpc")), kToolsCall,
                           {QStringLiteral("--json"), QStringLiteral("--transport"), transport,
                            QStringLiteral("-H"), QStringLiteral("Mcp-Session-Id: ") + kSession}));
    QCOMPARE(r.exitCode, 0);
    const QList<QJsonObject> states = ofKind(r.records, QStringLiteral("state"));
    QCOMPARE(states.at(1).value(QStringLiteral("state")).toString(), QStringLiteral("open"));
    QVERIFY(states.at(1)
                .value(QStringLiteral("reason"))
                .toString()
                .contains(QStringLiteral("application/json")));
    const QList<QJsonObject> events = ofKind(r.records, QStringLiteral("event"));
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().value(QStringLiteral("data")).toString().toUtf8(), kToolsResult);

    const QList<QJsonObject> rpcs = lensRecords(r.records, QStringLiteral("rpc"));
    QCOMPARE(rpcs.size(), 1);
    QCOMPARE(rpcs.first().value(QStringLiteral("id")).toString(), QStringLiteral("\"call-7\""));
    QCOMPARE(rpcs.first().value(QStringLiteral("method")).toString(), QStringLiteral("tools/call"));
    QCOMPARE(rpcs.first().value(QStringLiteral("text")).toString(), QStringLiteral("echo: hi"));
    QCOMPARE(rpcs.first().value(QStringLiteral("tool_error")).toBool(), false);
    const QJsonObject summary = r.records.last().value(QStringLiteral("lens")).toObject();
    QCOMPARE(summary.value(QStringLiteral("lens")).toString(), QStringLiteral("mcp"));
    QCOMPARE(summary.value(QStringLiteral("by")).toString(), QStringLiteral("headers"));
    QCOMPARE(summary.value(QStringLiteral("complete")).toBool(), true);
    QVERIFY(summary.value(QStringLiteral("problems")).toArray().isEmpty());
}

void TestCliMcp::applicationJsonStillFailsOtherwise()
{
    // Not MCP (no JSON-RPC body): application/json is the wrong content type, as before.
    ScriptedServer server;
    QVERIFY(server.listen());
    ServerScript s = ServerScript::stream("application/json");
    s.send(R"({"error":"use the stream"})").close();
    server.enqueue(s);
    const Result r = runAsync(watchPost(server.url(QStringLiteral("/v1/chat/completions")),
                                        R"({"stream":true})", {QStringLiteral("--json")}));
    QVERIFY(r.exitCode != 0);
    const QJsonObject failed = ofKind(r.records, QStringLiteral("state")).last();
    QCOMPARE(failed.value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
    QVERIFY(failed.value(QStringLiteral("reason"))
                .toString()
                .contains(QStringLiteral("unexpected Content-Type")));
}

void TestCliMcp::applicationJsonAnswerIsBounded()
{
    // Past 4 MiB the document is not kept: the session fails, saying why.
    ScriptedServer server;
    QVERIFY(server.listen());
    ServerScript s = ServerScript::stream("application/json");
    s.send(R"({"jsonrpc":"2.0","id":"call-7","result":{"content":[{"type":"text","text":")")
        .send(QByteArray(5 * 1024 * 1024, 'x'))
        .send(R"("}]}})")
        .close();
    server.enqueue(s);
    const Result r = runAsync(
        watchPost(server.url(QStringLiteral("/mcp")), kToolsCall, {QStringLiteral("--json")}));
    QVERIFY(r.exitCode != 0);
    const QJsonObject failed = ofKind(r.records, QStringLiteral("state")).last();
    QCOMPARE(failed.value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
    QVERIFY(failed.value(QStringLiteral("reason"))
                .toString()
                .contains(QStringLiteral("larger than 4 MiB")));
    QVERIFY(ofKind(r.records, QStringLiteral("event")).isEmpty());
}

void TestCliMcp::toolTextOnly()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    ServerScript s = ServerScript::stream();
    s.send(frame(R"({"jsonrpc":"2.0","method":"notifications/progress","params":)"
                 R"({"progressToken":1,"progress":1}})"))
        .wait(2);
    s.send(frame(kToolsResult)).close();
    server.enqueue(s);
    const Result r = runAsync(
        watchPost(server.url(QStringLiteral("/mcp")), kToolsCall, {QStringLiteral("--text")}));
    QCOMPARE(r.exitCode, 0);
    // Standard output: the tool's text alone; the summary on standard error.
    QCOMPARE(r.out, QByteArray("echo: hi"));
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(QStringLiteral("tools/call echo id \"call-7\": result in")),
             r.err.constData());
    QVERIFY2(err.contains(QStringLiteral("notifications notifications/progress 1")),
             r.err.constData());
}

void TestCliMcp::latencyField()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    ServerScript s = ServerScript::stream();
    for (int i = 0; i < 3; ++i)
        s.send("data: {\"ts\":" + QByteArray::number(now - 5) + "}\n\n").wait(2);
    // An hour ahead: a clock that disagrees, counted apart and named.
    s.send("event: late\ndata: {\"ts\":" + QByteArray::number(now + 3600 * 1000) + "}\n\n");
    s.close();
    server.enqueue(s);
    const Result r = runAsync({QStringLiteral("watch"), server.url().toString(),
                               QStringLiteral("--json"), QStringLiteral("--no-reconnect"),
                               QStringLiteral("--latency-field"), QStringLiteral("/ts")});
    QCOMPARE(r.exitCode, 0);
    // No lens reads this stream: one lens record, the clock-skew problem, and the generic
    // facts in the end record beside "lens": null.
    const QList<QJsonObject> lens = ofKind(r.records, QStringLiteral("lens"));
    QCOMPARE(lens.size(), 1);
    QCOMPARE(lens.first().value(QStringLiteral("problem")).toString(),
             QStringLiteral("clock_skew"));
    QVERIFY(lens.first().value(QStringLiteral("lens")).isNull());
    const QJsonObject end = r.records.last();
    QVERIFY(end.value(QStringLiteral("lens")).isNull());
    const QJsonObject generic = end.value(QStringLiteral("generic")).toObject();
    QCOMPARE(generic.value(QStringLiteral("events")).toInt(), 4);
    QCOMPARE(
        generic.value(QStringLiteral("types")).toObject().value(QStringLiteral("late")).toInt(), 1);
    const QJsonObject latency = generic.value(QStringLiteral("latency")).toObject();
    QCOMPARE(latency.value(QStringLiteral("field")).toString(), QStringLiteral("/ts"));
    QCOMPARE(latency.value(QStringLiteral("count")).toInt(), 3);
    QVERIFY(latency.value(QStringLiteral("p50_ms")).toDouble() >= 5);
    QCOMPARE(latency.value(QStringLiteral("negative")).toInt(), 1);
    QVERIFY(latency.value(QStringLiteral("most_negative_ms")).toDouble() < -3500 * 1000);
}

QTEST_GUILESS_MAIN(TestCliMcp)
#include "tst_cli_mcp.moc"
