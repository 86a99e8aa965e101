// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "faults/faultreport.h"
#include "io/recordformatter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TestRecordFormatter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eventRecord();
    void stateRecords();
    void endRecord();
    void timeNeverDecreases();
    void faultAndScenarioRecords();
    void acceptRecords();
    void lensRecords();
    void mcpAndGenericRecords();
};

void TestRecordFormatter::eventRecord()
{
    RecordFormatter f(RecordFormatter::Style::Json);
    SseEvent e {"update", "line1\nline \"2\"", "7", true};
    QByteArray out;
    f.appendEvent(out, e, 3, 2, 1500);
    QCOMPARE(out,
             QByteArray("{\"kind\":\"event\",\"type\":\"update\",\"data\":\"line1\\nline "
                        "\\\"2\\\"\",\"id\":\"7\",\"seq\":3,\"conn\":2,\"t_ms\":1.500}\n"));
}

void TestRecordFormatter::stateRecords()
{
    RecordFormatter f(RecordFormatter::Style::Json);
    ClientRecord r;
    r.kind = ClientRecord::Kind::State;
    r.state = ClientState::Reconnecting;
    r.conn = 1;
    r.delayMs = 3000;
    r.reason = QStringLiteral("stream ended");
    QByteArray out;
    f.appendRecord(out, r);
    const QJsonObject o = QJsonDocument::fromJson(out).object();
    QCOMPARE(o.value(QStringLiteral("state")).toString(), QStringLiteral("reconnecting"));
    QCOMPARE(o.value(QStringLiteral("delay_ms")).toInt(), 3000);
    QVERIFY(!o.contains(QStringLiteral("status")));

    r.state = ClientState::Failed;
    r.httpStatus = 503;
    r.delayMs = -1;
    out.clear();
    f.appendRecord(out, r);
    const QJsonObject failed = QJsonDocument::fromJson(out).object();
    QCOMPARE(failed.value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
    QCOMPARE(failed.value(QStringLiteral("status")).toInt(), 503);
    QVERIFY(!failed.contains(QStringLiteral("delay_ms")));

    RecordFormatter text(RecordFormatter::Style::Text, true);
    out.clear();
    text.appendRecord(out, r);
    QVERIFY(out.contains("failed"));
    QVERIFY(out.contains("HTTP 503"));
    QVERIFY(out.contains("\x1b[31m")); // failures in red on a terminal
}

void TestRecordFormatter::endRecord()
{
    RecordFormatter f(RecordFormatter::Style::Json);
    RecordFormatter::EndSummary end;
    end.lastEventId = "42";
    end.events = 10;
    end.reconnects = 1;
    end.lost = 2;
    QByteArray out;
    f.appendEnd(out, end);
    QCOMPARE(out,
             QByteArray("{\"kind\":\"end\",\"last_event_id\":\"42\",\"retry_ms\":null,"
                        "\"events\":10,\"reconnects\":1,\"lost\":2,\"duplicates\":0}\n"));
    // Bytes when known.
    end.bytes = 1234;
    out.clear();
    f.appendEnd(out, end);
    QVERIFY(out.endsWith(",\"duplicates\":0,\"bytes\":1234}\n"));
    RecordFormatter text(RecordFormatter::Style::Text);
    out.clear();
    text.appendEnd(out, end);
    QVERIFY(out.contains("bytes 1234"));
}

void TestRecordFormatter::timeNeverDecreases()
{
    RecordFormatter f;
    f.setOrigin(1000000);
    QCOMPARE(f.sinceOrigin(3000000), 2000);
    QCOMPARE(f.sinceOrigin(2000000), 2000); // a record stamped earlier does not go back
    QCOMPARE(f.sinceOrigin(4000000), 3000);
}

void TestRecordFormatter::faultAndScenarioRecords()
{
    FaultReport info;
    info.id = 3;
    info.kind = Fault::Kind::Rst;
    info.spec = QStringLiteral("rst after=8");
    info.client = 2;
    info.detail = QStringLiteral("reset");
    RecordFormatter json(RecordFormatter::Style::Json);
    QByteArray out;
    json.appendFault(out, info, 1000);
    json.appendScenarioStep(out, QStringLiteral("cuts"), QStringLiteral("step 2"),
                            QStringLiteral("fault rst"), QString(), 2000);
    json.appendScenarioFinished(out, QStringLiteral("cuts"), 3000);
    const QList<QByteArray> lines = out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    const QJsonObject fault = QJsonDocument::fromJson(lines[0]).object();
    QCOMPARE(fault.value(QStringLiteral("kind")).toString(), QStringLiteral("fault"));
    QCOMPARE(fault.value(QStringLiteral("fault")).toString(), QStringLiteral("rst"));
    QCOMPARE(fault.value(QStringLiteral("client")).toInt(), 2);
    QCOMPARE(QJsonDocument::fromJson(lines[1]).object().value(QStringLiteral("action")).toString(),
             QStringLiteral("fault rst"));
    QVERIFY(QJsonDocument::fromJson(lines[2]).object().value(QStringLiteral("finished")).toBool());

    RecordFormatter text(RecordFormatter::Style::Text);
    out.clear();
    text.appendFault(out, info, 1000);
    QCOMPARE(out, QByteArray("      1.000 ms fault     rst after=8  client 2  reset\n"));
}

void TestRecordFormatter::acceptRecords()
{
    RecordFormatter json(RecordFormatter::Style::Json);
    QByteArray out;
    json.appendAccept(out, QStringLiteral("Too many open files"), 1000);
    json.appendAccept(out, QString(), 2000);
    const QList<QByteArray> lines = out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QJsonObject paused = QJsonDocument::fromJson(lines[0]).object();
    QCOMPARE(paused.value(QStringLiteral("kind")).toString(), QStringLiteral("accept"));
    QCOMPARE(paused.value(QStringLiteral("state")).toString(), QStringLiteral("paused"));
    QCOMPARE(paused.value(QStringLiteral("reason")).toString(),
             QStringLiteral("Too many open files"));
    const QJsonObject resumed = QJsonDocument::fromJson(lines[1]).object();
    QCOMPARE(resumed.value(QStringLiteral("state")).toString(), QStringLiteral("resumed"));
    QVERIFY(!resumed.contains(QStringLiteral("reason")));
    QCOMPARE(resumed.value(QStringLiteral("t_ms")).toDouble(), 2.0);

    RecordFormatter text(RecordFormatter::Style::Text);
    out.clear();
    text.appendAccept(out, QStringLiteral("Too many open files"), 1000);
    QVERIFY2(out.endsWith("paused: Too many open files\n"), out.constData());
}

void TestRecordFormatter::lensRecords()
{
    auto report = std::make_shared<LensReport>();
    LensFacts &facts = report->facts;
    facts.lens = "anthropic";
    facts.recognisedBy = "url";
    facts.model = "claude";
    LensBlock tool;
    tool.kind = LensBlock::Kind::ToolCall;
    tool.index = 2;
    tool.id = "toolu_1";
    tool.name = "get_weather";
    tool.text = "{\"city\":";
    tool.complete = true;
    tool.json = LensBlock::Json::Invalid;
    tool.jsonError = QStringLiteral("unterminated object at offset 8");
    facts.blocks.append(tool);
    facts.problems.append({LensProblem::Code::Truncated,
                           QStringLiteral("the stream ended before its terminal event"), 1});
    report->changes = {{LensChange::What::ToolCall, 0, LensProblem::Code::Unexpected},
                       {LensChange::What::Problem, -1, LensProblem::Code::Truncated}};
    ClientRecord r;
    r.kind = ClientRecord::Kind::State;
    r.state = ClientState::Closed;
    r.conn = 1;
    r.monotonicNs = 2000000;
    r.lens = report;

    // The state, then one lens record per change, at the same time.
    RecordFormatter f(RecordFormatter::Style::Json);
    QByteArray out;
    f.appendRecord(out, r);
    const QList<QByteArray> lines = out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QCOMPARE(
        lines.at(1),
        QByteArray("{\"kind\":\"lens\",\"lens\":\"anthropic\",\"what\":\"tool_call\",\"choice\":0,"
                   "\"index\":2,\"id\":\"toolu_1\",\"name\":\"get_weather\",\"arguments\":"
                   "\"{\\\"city\\\":\",\"valid_json\":false,\"json_error\":\"unterminated "
                   "object at offset 8\",\"conn\":1,\"t_ms\":2.000}"));
    QCOMPARE(
        lines.at(2),
        QByteArray("{\"kind\":\"lens\",\"lens\":\"anthropic\",\"what\":\"problem\",\"problem\":"
                   "\"truncated\",\"message\":\"the stream ended before its terminal "
                   "event\",\"conn\":1,\"t_ms\":2.000}"));

    // The end record sums it up under "lens"; null when no lens read the stream.
    RecordFormatter::EndSummary end;
    end.lensReported = true;
    out.clear();
    f.appendEnd(out, end);
    QVERIFY(out.endsWith(",\"lens\":null}\n"));
    end.lens = report;
    end.lensConn = 1;
    out.clear();
    f.appendEnd(out, end);
    const QJsonObject lens =
        QJsonDocument::fromJson(out).object().value(QStringLiteral("lens")).toObject();
    QCOMPARE(lens.value(QStringLiteral("lens")).toString(), QStringLiteral("anthropic"));
    QCOMPARE(lens.value(QStringLiteral("conn")).toInt(), 1);
    QCOMPARE(lens.value(QStringLiteral("complete")).toBool(true), false);
    QCOMPARE(lens.value(QStringLiteral("tool_calls")).toInt(), 1);
    QVERIFY(lens.value(QStringLiteral("first_token_ms")).isNull());
    QVERIFY(lens.value(QStringLiteral("tokens_per_s")).isNull());
    QCOMPARE(lens.value(QStringLiteral("problems")).toArray().size(), 1);

    RecordFormatter text(RecordFormatter::Style::Text);
    out.clear();
    text.appendEnd(out, end);
    QVERIFY(out.contains("lens       anthropic (recognised by url, model claude), conn 1"));
    QVERIFY(out.contains("tool call  get_weather {\"city\":  (not JSON: unterminated object"));
    QVERIFY(out.contains("problem    the stream ended before its terminal event"));
}

void TestRecordFormatter::mcpAndGenericRecords()
{
    auto report = std::make_shared<LensReport>();
    LensFacts &facts = report->facts;
    facts.lens = "mcp";
    facts.recognisedBy = "url";
    facts.terminal = true;
    LensMcp &mcp = facts.mcp;
    mcp.transport = "streamable-http";
    mcp.stream = "post";
    mcp.sessionId = "s-1";
    mcp.protocolVersion = "2025-06-18";
    mcp.requests = 1;
    mcp.responses = 1;
    mcp.errors = 1;
    mcp.messages = 2;
    mcp.notifications.add("notifications/progress");
    LensRpc rpc;
    rpc.id = "7";
    rpc.method = "tools/call";
    rpc.state = LensRpc::State::Error;
    rpc.event = 2;
    rpc.atNs = rpc.latencyNs = 12500000;
    rpc.errorCode = -32602;
    rpc.errorMessage = QStringLiteral("Unknown tool");
    mcp.rpcs.append(rpc);
    facts.generic.events = 2;
    facts.generic.types.add("message");
    facts.generic.types.add("message");
    facts.generic.sizes.add(10);
    facts.generic.sizes.add(30);
    report->changes = {{LensChange::What::Rpc, 0, LensProblem::Code::Unexpected}};
    ClientRecord r;
    r.kind = ClientRecord::Kind::Comment;
    r.conn = 1;
    r.monotonicNs = 2000000;
    r.lens = report;

    RecordFormatter f(RecordFormatter::Style::Json);
    QByteArray out;
    f.appendRecord(out, r);
    QCOMPARE(out.trimmed().split('\n').at(1),
             QByteArray("{\"kind\":\"lens\",\"lens\":\"mcp\",\"what\":\"rpc\",\"id\":\"7\","
                        "\"method\":\"tools/call\",\"state\":\"error\",\"latency_ms\":12.500,"
                        "\"event\":2,\"error_code\":-32602,\"error_message\":\"Unknown tool\","
                        "\"summary\":\"\",\"tool_error\":false,\"conn\":1,\"t_ms\":2.000}"));

    RecordFormatter::EndSummary end;
    end.lensReported = true;
    end.lens = report;
    end.lensConn = 1;
    out.clear();
    f.appendEnd(out, end);
    const QJsonObject lens =
        QJsonDocument::fromJson(out).object().value(QStringLiteral("lens")).toObject();
    const QJsonObject m = lens.value(QStringLiteral("mcp")).toObject();
    QCOMPARE(m.value(QStringLiteral("session_id")).toString(), QStringLiteral("s-1"));
    QCOMPARE(m.value(QStringLiteral("errors")).toInt(), 1);
    QCOMPARE(m.value(QStringLiteral("pending")).toInt(), 0);
    QCOMPARE(m.value(QStringLiteral("latency_max_ms")).toDouble(), 12.5);
    QCOMPARE(m.value(QStringLiteral("notifications"))
                 .toObject()
                 .value(QStringLiteral("notifications/progress"))
                 .toInt(),
             1);
    QCOMPARE(m.value(QStringLiteral("rpcs"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("error_code"))
                 .toInt(),
             -32602);
    const QJsonObject g = lens.value(QStringLiteral("generic")).toObject();
    QCOMPARE(g.value(QStringLiteral("events")).toInt(), 2);
    QCOMPARE(g.value(QStringLiteral("size_avg")).toDouble(), 20.0);
    QCOMPARE(g.value(QStringLiteral("size_max")).toInt(), 30);
    QVERIFY(g.value(QStringLiteral("latency")).isNull());

    RecordFormatter text(RecordFormatter::Style::Text);
    out.clear();
    text.appendEnd(out, end);
    QVERIFY2(out.contains("mcp        streamable-http post, session s-1, protocol 2025-06-18"),
             out.constData());
    QVERIFY(out.contains("rpcs       1 requests, 1 responses (1 errors), 0 pending, latency p50 "
                         "12.500 ms max 12.500 ms"));
    QVERIFY(out.contains("rpc        tools/call id 7: error -32602 Unknown tool in 12.500 ms"));
    QVERIFY2(out.contains("stream     2 events (message 2), data 10..30 bytes, avg 20.000, p99 30"),
             out.constData());

    // No lens read the stream: its end makes no lens record, the end record has the generic
    // facts beside "lens": null.
    facts.lens.clear();
    report->changes = {{LensChange::What::End, -1, LensProblem::Code::Unexpected}};
    out.clear();
    f.appendRecord(out, r);
    QCOMPARE(out.count('\n'), 1);
    out.clear();
    f.appendEnd(out, end);
    const QJsonObject record = QJsonDocument::fromJson(out).object();
    QVERIFY(record.value(QStringLiteral("lens")).isNull());
    QCOMPARE(
        record.value(QStringLiteral("generic")).toObject().value(QStringLiteral("events")).toInt(),
        2);
}

QTEST_GUILESS_MAIN(TestRecordFormatter)
#include "tst_recordformatter.moc"
