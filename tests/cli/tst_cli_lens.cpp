// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// `ssemon-cli watch --lens` and `--text` as a real process against a scripted loopback server
// that streams what an LLM API streams: the lens records, the end record's lens summary, the
// answer alone on standard output, a truncated stream named.
#include "clirunner.h"
#include "scriptedserver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

namespace {

using namespace CliRunner;

QByteArray frame(const QByteArray &data, const QByteArray &type = QByteArray())
{
    return (type.isEmpty() ? QByteArray() : "event: " + type + '\n') + "data: " + data + "\n\n";
}

QByteArray chat(const QByteArray &delta, const QByteArray &finish = "null")
{
    return frame("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":"
                 "\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":"
                 + delta + ",\"finish_reason\":" + finish + "}]}");
}

// An OpenAI-like stream: role, two text pieces, a tool call in two pieces, finish, usage,
// [DONE]; each event its own write.
QList<QByteArray> openAiEvents()
{
    return {chat("{\"role\":\"assistant\",\"content\":\"\"}"),
            chat("{\"content\":\"Hello\"}"),
            chat("{\"content\":\", world\"}"),
            chat("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                 "\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\"}}]}"),
            chat("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"x\\\"}\"}}]}"),
            chat("{}", "\"tool_calls\""),
            frame("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":"
                  "\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
                  "\"completion_tokens\":14,\"total_tokens\":23}}"),
            frame("[DONE]")};
}

QByteArray anthropic(const QByteArray &type, const QByteArray &members)
{
    return frame("{\"type\":\"" + type + "\"," + members + '}', type);
}

QList<QByteArray> anthropicEvents()
{
    return {anthropic("message_start",
                      "\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                      "\"content\":[],\"model\":\"claude-sonnet-4-20250514\",\"usage\":"
                      "{\"input_tokens\":12,\"output_tokens\":1}}"),
            anthropic("content_block_start",
                      "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}"),
            frame("{\"type\": \"ping\"}", "ping"),
            anthropic("content_block_delta",
                      "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Checking\"}"),
            anthropic("content_block_delta",
                      "\"index\":0,\"delta\":{\"type\":\"text_delta\","
                      "\"text\":\" the weather.\\nDone.\"}"),
            anthropic("content_block_stop", "\"index\":0"),
            anthropic("message_delta",
                      "\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":"
                      "{\"output_tokens\":7}"),
            anthropic("message_stop", "\"x\":0")};
}

ServerScript script(const QList<QByteArray> &events, bool close = true)
{
    ServerScript s = ServerScript::stream();
    for (const QByteArray &event : events)
        s.send(event).wait(2);
    if (close)
        s.close();
    return s;
}

QList<QJsonObject> lensRecords(const QList<QJsonObject> &records, const QString &what)
{
    QList<QJsonObject> found;
    for (const QJsonObject &r : ofKind(records, QStringLiteral("lens"))) {
        if (r.value(QStringLiteral("what")).toString() == what)
            found.append(r);
    }
    return found;
}

QStringList problemNames(const QJsonObject &summary)
{
    QStringList names;
    for (const QJsonValue &p : summary.value(QStringLiteral("problems")).toArray())
        names.append(p.toObject().value(QStringLiteral("problem")).toString());
    return names;
}

} // namespace

class TestCliLens : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void openAiLensRecords();
    void anthropicTextOnly();
    void truncatedStreamReported();
    void truncatedInTextForm();
    void stoppedByLimitIsNotTruncated();
    void unrecognisedAndNone();
    void usageErrors_data();
    void usageErrors();
};

void TestCliLens::openAiLensRecords()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(script(openAiEvents()));
    const Result r = runAsync({QStringLiteral("watch"),
                               server.url(QStringLiteral("/v1/chat/completions")).toString(),
                               QStringLiteral("-d"), QStringLiteral("{\"stream\":true}"),
                               QStringLiteral("--json"), QStringLiteral("--no-reconnect")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(server.requests().first().method, QByteArray("POST"));

    const QList<QJsonObject> lens = ofKind(r.records, QStringLiteral("lens"));
    QStringList whats;
    for (const QJsonObject &l : lens) {
        QCOMPARE(l.value(QStringLiteral("lens")).toString(), QStringLiteral("openai"));
        QCOMPARE(l.value(QStringLiteral("conn")).toInt(), 1);
        QVERIFY(l.value(QStringLiteral("t_ms")).isDouble());
        whats.append(l.value(QStringLiteral("what")).toString());
    }
    // Not one record per delta: the things worth knowing, once each.
    QCOMPARE(whats,
             QStringList({QStringLiteral("recognised"), QStringLiteral("first_token"),
                          QStringLiteral("tool_call"), QStringLiteral("finish"),
                          QStringLiteral("end")}));
    QCOMPARE(lens.at(0).value(QStringLiteral("by")).toString(), QStringLiteral("url"));

    // first_token follows the event that carried it (the second), not the role-only first.
    qsizetype firstToken = -1;
    for (qsizetype i = 0; i < r.records.size(); ++i) {
        if (r.records.at(i).value(QStringLiteral("what")).toString()
            == QLatin1String("first_token"))
            firstToken = i;
    }
    QVERIFY(firstToken > 0);
    QCOMPARE(r.records.at(firstToken - 1).value(QStringLiteral("seq")).toInt(), 2);
    const QJsonObject first = lens.at(1);
    QVERIFY(first.value(QStringLiteral("ttfb_ms")).toDouble() > 0);
    QVERIFY(first.value(QStringLiteral("first_token_ms")).toDouble()
            >= first.value(QStringLiteral("first_event_ms")).toDouble());

    const QJsonObject tool = lens.at(2);
    QCOMPARE(tool.value(QStringLiteral("name")).toString(), QStringLiteral("lookup"));
    QCOMPARE(tool.value(QStringLiteral("arguments")).toString(), QStringLiteral("{\"q\":\"x\"}"));
    QCOMPARE(tool.value(QStringLiteral("valid_json")).toBool(), true);

    const QJsonObject finish = lens.at(3);
    QCOMPARE(finish.value(QStringLiteral("finish_reason")).toString(),
             QStringLiteral("tool_calls"));
    QCOMPARE(finish.value(QStringLiteral("usage"))
                 .toObject()
                 .value(QStringLiteral("output_tokens"))
                 .toInt(),
             14);

    const QJsonObject end = r.records.last();
    QCOMPARE(end.value(QStringLiteral("kind")).toString(), QStringLiteral("end"));
    const QJsonObject summary = end.value(QStringLiteral("lens")).toObject();
    QCOMPARE(summary.value(QStringLiteral("lens")).toString(), QStringLiteral("openai"));
    QCOMPARE(summary.value(QStringLiteral("conn")).toInt(), 1);
    QCOMPARE(summary.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(summary.value(QStringLiteral("complete")).toBool(), true);
    QCOMPARE(summary.value(QStringLiteral("text_chars")).toInt(), 12);
    QCOMPARE(summary.value(QStringLiteral("tool_calls")).toInt(), 1);
    QCOMPARE(summary.value(QStringLiteral("finish_reason")).toString(),
             QStringLiteral("tool_calls"));
    QCOMPARE(summary.value(QStringLiteral("tokens_source")).toString(), QStringLiteral("usage"));
    QVERIFY(summary.value(QStringLiteral("tokens_per_s")).toDouble() > 0);
    QCOMPARE(summary.value(QStringLiteral("gaps")).toInt(), 3);
    QVERIFY(summary.value(QStringLiteral("gap_p50_ms")).isDouble());
    QCOMPARE(summary.value(QStringLiteral("gap_histogram"))
                 .toObject()
                 .value(QStringLiteral("counts"))
                 .toArray()
                 .size(),
             14);
    QVERIFY(problemNames(summary).isEmpty());
    // The lens never hides an event: all eight are there, as sent.
    QCOMPARE(ofKind(r.records, QStringLiteral("event")).size(), 8);
    QCOMPARE(end.value(QStringLiteral("events")).toInt(), 8);
}

void TestCliLens::anthropicTextOnly()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(script(anthropicEvents()));
    const Result r =
        runAsync({QStringLiteral("watch"), server.url(QStringLiteral("/v1/messages")).toString(),
                  QStringLiteral("-d"), QStringLiteral("{}"), QStringLiteral("--text"),
                  QStringLiteral("--no-reconnect")});
    QCOMPARE(r.exitCode, 0);
    // Exactly the assembled answer, nothing else, not even a newline of ours.
    QCOMPARE(r.out, QByteArray("Checking the weather.\nDone."));
    // The summary goes to standard error.
    QVERIFY2(r.err.contains("anthropic (recognised by url, model claude-sonnet-4-20250514)"),
             r.err.constData());
    QVERIFY(r.err.contains("finish end_turn"));
    QVERIFY(!r.err.contains("problem"));
}

void TestCliLens::truncatedStreamReported()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    // The stream ends (FIN) after the second text piece: no finish, no [DONE].
    server.enqueue(script(openAiEvents().mid(0, 3)));
    const Result r = runAsync({QStringLiteral("watch"),
                               server.url(QStringLiteral("/v1/chat/completions")).toString(),
                               QStringLiteral("-d"), QStringLiteral("{}"), QStringLiteral("--json"),
                               QStringLiteral("--no-reconnect")});
    QCOMPARE(r.exitCode, 0);
    const QList<QJsonObject> problems = lensRecords(r.records, QStringLiteral("problem"));
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().value(QStringLiteral("problem")).toString(),
             QStringLiteral("truncated"));
    QVERIFY(problems.first()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QLatin1String("before its terminal event (data: [DONE])")));
    const QJsonObject summary = r.records.last().value(QStringLiteral("lens")).toObject();
    QCOMPARE(summary.value(QStringLiteral("complete")).toBool(), false);
    QCOMPARE(problemNames(summary), QStringList({QStringLiteral("truncated")}));
    QCOMPARE(summary.value(QStringLiteral("text_chars")).toInt(), 12);
    QCOMPARE(summary.value(QStringLiteral("tokens_source")).toString(), QStringLiteral("estimate"));
}

void TestCliLens::truncatedInTextForm()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(script(anthropicEvents().mid(0, 4)));
    const Result r =
        runAsync({QStringLiteral("watch"), server.url(QStringLiteral("/v1/messages")).toString(),
                  QStringLiteral("-d"), QStringLiteral("{}"), QStringLiteral("--no-reconnect")});
    QCOMPARE(r.exitCode, 0);
    // The human form names the problem when it happens and sums up after `end`.
    QVERIFY2(r.out.contains("problem: the stream ended before its terminal event (message_stop)"),
             r.out.constData());
    const qsizetype end = r.out.indexOf("\nend ");
    QVERIFY(end > 0);
    const QByteArray after = r.out.mid(end);
    QVERIFY(after.contains("anthropic (recognised by url"));
    QVERIFY(after.contains("incomplete"));
    QVERIFY(after.contains("answer     8 characters"));
    QVERIFY(after.contains("problem    the stream ended before its terminal event"));
    // --text: the answer so far on standard output, the problem on standard error.
    server.enqueue(script(anthropicEvents().mid(0, 4)));
    const Result text =
        runAsync({QStringLiteral("watch"), server.url(QStringLiteral("/v1/messages")).toString(),
                  QStringLiteral("-d"), QStringLiteral("{}"), QStringLiteral("--text"),
                  QStringLiteral("--no-reconnect")});
    QCOMPARE(text.out, QByteArray("Checking"));
    QVERIFY(text.err.contains("the stream ended before its terminal event"));
}

void TestCliLens::stoppedByLimitIsNotTruncated()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    // The stream stays open; watch stops itself after three events.
    server.enqueue(script(openAiEvents().mid(0, 4), false));
    const Result r = runAsync({QStringLiteral("watch"),
                               server.url(QStringLiteral("/v1/chat/completions")).toString(),
                               QStringLiteral("-d"), QStringLiteral("{}"), QStringLiteral("--json"),
                               QStringLiteral("--max-events"), QStringLiteral("3")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(lensRecords(r.records, QStringLiteral("problem")).isEmpty());
    // The lens's end rides on the closed state the client makes when it stops.
    const QList<QJsonObject> ends = lensRecords(r.records, QStringLiteral("end"));
    QCOMPARE(ends.size(), 1);
    QCOMPARE(ends.first().value(QStringLiteral("end_reason")).toString(),
             QStringLiteral("stopped by the client"));
    const QJsonObject summary = r.records.last().value(QStringLiteral("lens")).toObject();
    QCOMPARE(summary.value(QStringLiteral("complete")).toBool(), false);
    QVERIFY(problemNames(summary).isEmpty());
    QVERIFY(summary.value(QStringLiteral("text_chars")).toInt() >= 5);
}

void TestCliLens::unrecognisedAndNone()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(script({frame("hello"), frame("world")}));
    const Result plain = runAsync({QStringLiteral("watch"), server.url().toString(),
                                   QStringLiteral("--json"), QStringLiteral("--no-reconnect")});
    QCOMPARE(plain.exitCode, 0);
    QVERIFY(ofKind(plain.records, QStringLiteral("lens")).isEmpty());
    QVERIFY(plain.records.last().contains(QStringLiteral("lens")));
    QVERIFY(plain.records.last().value(QStringLiteral("lens")).isNull());

    // --lens none: no lens records and no lens member, even on an LLM's URL.
    server.enqueue(script(openAiEvents()));
    const Result none = runAsync({QStringLiteral("watch"),
                                  server.url(QStringLiteral("/v1/chat/completions")).toString(),
                                  QStringLiteral("--lens"), QStringLiteral("none"),
                                  QStringLiteral("--json"), QStringLiteral("--no-reconnect")});
    QCOMPARE(none.exitCode, 0);
    QVERIFY(ofKind(none.records, QStringLiteral("lens")).isEmpty());
    QVERIFY(!none.records.last().contains(QStringLiteral("lens")));
    QCOMPARE(ofKind(none.records, QStringLiteral("event")).size(), 8);
}

void TestCliLens::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown lens")
        << QStringList({QStringLiteral("--lens"), QStringLiteral("a2a")})
        << QStringLiteral("--lens \"a2a\" is not one of auto, openai, openai-responses, "
                          "anthropic, gemini, mcp, none");
    QTest::newRow("latency field not a pointer")
        << QStringList({QStringLiteral("--latency-field"), QStringLiteral("timestamp")})
        << QStringLiteral("--latency-field \"timestamp\":");
    QTest::newRow("latency field of the whole data")
        << QStringList({QStringLiteral("--latency-field"), QString()})
        << QStringLiteral("names no field");
    QTest::newRow("latency field without a lens")
        << QStringList({QStringLiteral("--latency-field"), QStringLiteral("/ts"),
                        QStringLiteral("--lens"), QStringLiteral("none")})
        << QStringLiteral("--latency-field is reported with the lens facts");
    QTest::newRow("text and json")
        << QStringList({QStringLiteral("--text"), QStringLiteral("--json")})
        << QStringLiteral("--text and --json cannot be used together");
    QTest::newRow("text without a lens")
        << QStringList({QStringLiteral("--text"), QStringLiteral("--lens"), QStringLiteral("none")})
        << QStringLiteral("cannot be used with --lens none");
}

void TestCliLens::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    // Refused before any request: the port is never connected to.
    const Result r =
        run(QStringList({QStringLiteral("watch"), QStringLiteral("127.0.0.1:9/x")}) + arguments);
    QCOMPARE(r.exitCode, 64);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestCliLens)
#include "tst_cli_lens.moc"
