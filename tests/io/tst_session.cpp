// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "io/session.h"
#include "lens/lenscontext.h"
#include "lens/lensstream.h"
#include "log/eventlog.h"
#include "log/eventtablemodel.h"
#include "logtestdata.h"
#include "sse/jsonpointer.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace LogTestData;

class TestSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void allRecordsRoundTrip();
    void saveAndOpenFile();
    void secretsRedactedUnlessAsked();
    void opensCliCapture();
    void malformed_data();
    void malformed();
    void exportCsv();
    void exportJson();
    void lensFactsRoundTrip();
    void mcpAndGenericFactsRoundTrip();

private:
    static void fill(EventLog &log);
    static SseClientOptions request();
    // A session of fill()'s records with `facts` as its lens's, written and read back.
    static bool withLensFacts(const LensFacts &facts, int conn, SessionData *session);
};

bool TestSession::withLensFacts(const LensFacts &facts, int conn, SessionData *session)
{
    EventLog log;
    fill(log);
    log.setLens(std::make_shared<const LensReport>(LensReport {{}, facts}), conn);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!Session::write(&buffer, log, request(), false))
        return false;
    buffer.close();
    buffer.open(QIODevice::ReadOnly);
    QString error;
    if (!Session::read(&buffer, session, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return true;
}

void TestSession::fill(EventLog &log)
{
    ClientRecord hbEvent = sseEvent(3, "ping 1732180000000", "ping", "2");
    hbEvent.heartbeat = true;
    log.append({sseEvent(1, "{\"a\":1}", "message", "1"),
                sseEvent(2, "line1\nline2 \"quoted\", comma", "update", "2", 2),
                comment("ping 1732180000000", 2500777), ping(2500777), comment("plain", 2600123),
                hbEvent, ping(3000000),
                sseEvent(4, "Grüße \xe2\x9c\x93", "message", QByteArray(), 3)});
}

SseClientOptions TestSession::request()
{
    SseClientOptions r;
    r.url = QUrl(QStringLiteral("https://user:pa55@api.example.org/v1/stream?model=x&api_key=k1"));
    r.method = "POST";
    r.headers = {{"Authorization", "Bearer sk-secret"},
                 {"Content-Type", "application/json"},
                 {"X-Api-Key", "k2"}};
    r.body = R"({"prompt":"hi"})";
    r.lastEventId = "41";
    return r;
}

void TestSession::roundTrip()
{
    EventLog log;
    fill(log);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    QVERIFY2(Session::write(&buffer, log, request(), false, &error), qPrintable(error));
    buffer.close();

    // Each line is one JSON object, in the CLI's record format.
    const QList<QByteArray> lines = buffer.data().trimmed().split('\n');
    QCOMPARE(QJsonDocument::fromJson(lines.first()).object().value(QStringLiteral("kind")),
             QStringLiteral("session"));
    QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(QStringLiteral("kind")),
             QStringLiteral("event"));
    QCOMPARE(QJsonDocument::fromJson(lines.last()).object().value(QStringLiteral("kind")),
             QStringLiteral("end"));

    buffer.open(QIODevice::ReadOnly);
    SessionData session;
    QVERIFY2(Session::read(&buffer, &session, &error), qPrintable(error));
    QVERIFY(session.hasHeader);
    QCOMPARE(session.request.method, QByteArray("POST"));
    QCOMPARE(session.request.lastEventId, QByteArray("41"));
    QCOMPARE(session.request.body, QByteArray(R"({"prompt":"hi"})"));
    QCOMPARE(session.startedUnixUs, log.wallClockUs(log.at(0).monotonicNs));

    EventLog reopened;
    reopened.setWallClockOrigin(0, session.startedUnixUs);
    reopened.append(session.records);
    QCOMPARE(reopened.size(), log.size());
    for (qint64 i = 0; i < log.size(); ++i) {
        const LogEntry &a = log.at(i);
        const LogEntry &b = reopened.at(i);
        QCOMPARE(b.kind, a.kind);
        QCOMPARE(b.type(), a.type());
        QCOMPARE(b.id(), a.id());
        QCOMPARE(b.data(), a.data());
        QCOMPARE(b.seq, a.seq);
        QCOMPARE(b.conn, a.conn);
        QCOMPARE(b.isHeartbeat(), a.isHeartbeat());
        // Times survive to the microsecond, relative to the first entry.
        QCOMPARE((b.monotonicNs - reopened.at(0).monotonicNs) / 1000,
                 (a.monotonicNs - log.at(0).monotonicNs) / 1000);
        QCOMPARE(reopened.wallClockUs(b.monotonicNs), log.wallClockUs(a.monotonicNs));
    }
}

void TestSession::allRecordsRoundTrip()
{
    // What the client reported besides events and comments comes back, in place.
    ClientRecord open = state(ClientState::Open, 2000000);
    open.httpStatus = 200;
    ClientRecord retry;
    retry.kind = ClientRecord::Kind::Retry;
    retry.retryMs = 1500;
    retry.monotonicNs = 2500000;
    retry.conn = 1;
    ClientRecord beat = ping(4000000);
    beat.latencyMs = 0.75;
    beat.intervalMs = 1000.5;
    ClientRecord error;
    error.kind = ClientRecord::Kind::Error;
    error.message = QStringLiteral("no data for 10 ms (idle timeout)");
    error.monotonicNs = 6000000;
    ClientRecord reconnecting = state(ClientState::Reconnecting, 6000000);
    reconnecting.reason = QStringLiteral("stream ended");
    reconnecting.delayMs = 1500;
    ClientRecord open2 = state(ClientState::Open, 8000000, 2);
    open2.httpStatus = 200;
    ClientRecord closed = state(ClientState::Closed, 10000000, 2);
    closed.reason = QStringLiteral("stopped");
    const QList<ClientRecord> records {state(ClientState::Connecting, 1000000),
                                       open,
                                       retry,
                                       sseEvent(3, "a", "message", "1"),
                                       comment("ping 1", 4000000),
                                       beat,
                                       error,
                                       reconnecting,
                                       state(ClientState::Connecting, 7500000, 2),
                                       open2,
                                       sseEvent(9, "b", "update", "3", 2),
                                       closed};
    ClientBatch batch;
    batch.records = records;
    batch.stats.lost = 1;
    batch.stats.reconnects = 1;
    batch.stats.events = 2;
    batch.stats.lastEventId = "3";
    batch.stats.bytes = 4321;
    EventLog log;
    log.append(batch);
    QCOMPARE(log.size(), 9); // 3 events and comments, 6 state changes
    QCOMPARE(qsizetype(log.notes().size()), 9);

    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(Session::write(&buffer, log, request(), false));
    buffer.close();
    buffer.open(QIODevice::ReadOnly);
    SessionData session;
    QString message;
    QVERIFY2(Session::read(&buffer, &session, &message), qPrintable(message));
    QCOMPARE(session.records.size(), records.size());
    for (qsizetype i = 0; i < records.size(); ++i) {
        const ClientRecord &a = records.at(i);
        const ClientRecord &b = session.records.at(i);
        QCOMPARE(b.kind, a.kind);
        QCOMPARE(b.conn, a.conn);
        QCOMPARE(b.monotonicNs - session.records.at(0).monotonicNs,
                 a.monotonicNs - records.at(0).monotonicNs);
        QCOMPARE(b.state, a.state);
        QCOMPARE(b.httpStatus, a.httpStatus);
        QCOMPARE(b.reason, a.reason);
        QCOMPARE(b.delayMs, a.delayMs);
        QCOMPARE(b.retryMs, a.retryMs);
        QCOMPARE(b.message, a.message);
        QCOMPARE(b.event.data, a.event.data);
        QCOMPARE(b.text, a.text);
    }
    QCOMPARE(session.records.at(5).latencyMs, 0.75);
    QCOMPARE(session.records.at(5).intervalMs, 1000.5);

    // The counters, as far as the records (and the end record) tell.
    const SseClientStats &stats = session.stats;
    QVERIFY(session.hasEnd);
    QCOMPARE(stats.events, 2);
    QCOMPARE(stats.comments, 1);
    QCOMPARE(stats.heartbeats, 1);
    QCOMPARE(stats.connections, 2);
    QCOMPARE(stats.reconnects, 1);
    QCOMPARE(stats.lost, 1);
    QCOMPARE(stats.retryMs, 1500);
    QCOMPARE(stats.lastEventId, QByteArray("3"));
    QCOMPARE(stats.bytes, 4321); // the client's count: raw frames need not all be kept
    QCOMPARE(stats.lastLatencyMs, 0.75);
    QCOMPARE(stats.uptimeMs, 6); // open 2..6 ms, then 8..10 ms
    QCOMPARE(stats.downtimeMs, 3);

    // Reopened into a log, the notes are back and a second save writes the same records.
    EventLog reopened;
    reopened.append(session.records);
    QCOMPARE(reopened.notes().size(), log.notes().size());
    // The same rows in the same places (one numbering live and reopened), connection rows
    // made again from the state records, not written twice.
    QCOMPARE(reopened.size(), log.size());
    for (qint64 i = 0; i < log.size(); ++i) {
        QCOMPARE(reopened.at(i).kind, log.at(i).kind);
        QCOMPARE(reopened.at(i).type(), log.at(i).type());
        QCOMPARE(reopened.at(i).data(), log.at(i).data());
    }
    QCOMPARE(reopened.at(3).isHeartbeat(), true);
}

void TestSession::saveAndOpenFile()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("capture.ndjson"));
    EventLog log;
    log.append(events(1, 5000));
    QString error;
    QVERIFY2(Session::save(file, log, request(), false, &error), qPrintable(error));
    SessionData session;
    QVERIFY2(Session::open(file, &session, &error), qPrintable(error));
    QCOMPARE(session.records.size(), 5000);
    QCOMPARE(session.records.last().event.data, QByteArray("{\"n\":5000}"));

    QVERIFY(!Session::open(dir.filePath(QStringLiteral("missing.ndjson")), &session, &error));
    QVERIFY(error.contains(QStringLiteral("missing.ndjson")));
}

void TestSession::secretsRedactedUnlessAsked()
{
    EventLog log;
    fill(log);
    for (const bool include : {false, true}) {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(Session::write(&buffer, log, request(), include));
        const QByteArray text = buffer.data();
        QCOMPARE(text.contains("sk-secret"), include);
        QCOMPARE(text.contains("pa55"), include);
        QCOMPARE(text.contains("k1"), include);
        QCOMPARE(text.contains("\"k2\""), include);
        QVERIFY(text.contains("application/json")); // not a secret
        QVERIFY(text.contains("model=x"));
    }
    QVERIFY(Session::isSecretHeader("authorization"));
    QVERIFY(Session::isSecretHeader("Cookie"));
    QVERIFY(Session::isSecretHeader("X-Auth-Token"));
    QVERIFY(!Session::isSecretHeader("Accept"));
}

void TestSession::opensCliCapture()
{
    // What `ssemon-cli watch --json` prints: no session header, state records in between.
    QByteArray capture = R"({"kind":"state","state":"connecting","conn":1,"t_ms":0.000}
{"kind":"state","state":"open","conn":1,"t_ms":1.500,"status":200}
{"kind":"comment","text":"ping 1732180000000","conn":1,"t_ms":2.000}
{"kind":"ping","latency_ms":0.2,"interval_ms":null,"conn":1,"t_ms":2.000}
{"kind":"event","type":"message","data":"x","id":"1","seq":1,"conn":1,"t_ms":3.250}
{"kind":"end","last_event_id":"1","retry_ms":null,"events":1,"reconnects":0,"lost":0,"duplicates":0}
)";
    QBuffer buffer(&capture);
    buffer.open(QIODevice::ReadOnly);
    SessionData session;
    QString error;
    QVERIFY2(Session::read(&buffer, &session, &error), qPrintable(error));
    QVERIFY(!session.hasHeader);
    EventLog log;
    log.append(session.records);
    QCOMPARE(log.size(), 4); // connecting and open are rows too
    QCOMPARE(log.at(1).kind, LogEntry::Kind::Connection);
    QCOMPARE(log.at(1).data(), QByteArrayView("HTTP 200"));
    QVERIFY(log.at(2).isHeartbeat());
    QCOMPARE(log.at(3).data(), QByteArrayView("x"));
    QCOMPARE(log.at(3).monotonicNs, 3250000);
}

void TestSession::malformed_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
    QTest::newRow("not json") << QByteArray("{\"kind\":\"comment\",\"text\":\"a\"}\n{oops\n")
                              << QStringLiteral("line 2: not JSON");
    QTest::newRow("array") << QByteArray("[1,2]\n") << QStringLiteral("line 1: not a JSON object");
    QTest::newRow("no kind") << QByteArray("{\"data\":\"x\"}\n")
                             << QStringLiteral("line 1: no \"kind\"");
    QTest::newRow("event without data")
        << QByteArray("\n{\"kind\":\"event\",\"type\":\"message\"}\n")
        << QStringLiteral("line 2: an event without \"data\"");
    QTest::newRow("late header") << QByteArray(
        "{\"kind\":\"comment\",\"text\":\"a\"}\n{\"kind\":\"session\",\"format\":1}\n")
                                 << QStringLiteral(
                                        "line 2: a session header must be the first line");
    QTest::newRow("unknown state")
        << QByteArray("{\"kind\":\"session\",\"format\":1}\n"
                      "{\"kind\":\"state\",\"state\":\"sideways\",\"t_ms\":1}\n")
        << QStringLiteral("line 2: unknown state \"sideways\"");
    QTest::newRow("retry without ms") << QByteArray("{\"kind\":\"retry\",\"t_ms\":1}\n")
                                      << QStringLiteral("line 1: a retry without \"ms\"");
    QTest::newRow("lens facts, unknown problem")
        << QByteArray("{\"kind\":\"lens_facts\",\"facts\":{\"lens\":\"openai\",\"gaps\":"
                      "{\"buckets\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0]},"
                      "\"problems\":[{\"code\":\"gremlins\"}]}}\n")
        << QStringLiteral("line 1: lens facts: an unknown problem \"gremlins\"");
    QTest::newRow("lens facts, gaps that do not add up")
        << QByteArray("{\"kind\":\"lens_facts\",\"facts\":{\"lens\":\"openai\",\"gaps\":"
                      "{\"count\":2,\"exact_ns\":[1],\"buckets\":[2,0,0,0,0,0,0,0,0,0,0,0,0,"
                      "0]}}}\n")
        << QStringLiteral("line 1: lens facts: gaps: 2 gaps, but 1 kept");
    QTest::newRow("lens facts, a problem twice")
        << QByteArray("{\"kind\":\"lens_facts\",\"facts\":{\"lens\":\"openai\",\"gaps\":"
                      "{\"buckets\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0]},\"problems\":[{\"code\":"
                      "\"truncated\"},{\"code\":\"truncated\"}]}}\n")
        << QStringLiteral("line 1: lens facts: the problem \"truncated\" twice");
    QTest::newRow("future format") << QByteArray("{\"kind\":\"session\",\"format\":99}\n")
                                   << QStringLiteral("line 1: session format 99");
}

void TestSession::malformed()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, error);
    QBuffer buffer(&content);
    buffer.open(QIODevice::ReadOnly);
    SessionData session;
    QString message;
    QVERIFY(!Session::read(&buffer, &session, &message));
    QVERIFY2(message.contains(error), qPrintable(message));
}

void TestSession::exportCsv()
{
    EventLog log;
    fill(log);
    EventTableModel model(&log);
    EventFilter filter;
    filter.setShowHeartbeats(false);
    model.setFilter(filter); // exports what is shown
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(Session::exportCsv(&buffer, log, model.logIndexes()));
    const QByteArray csv = buffer.data();
    QVERIFY(csv.startsWith("number,time,conn,kind,type,id,seq,data\r\n"));
    // A field with a quote, a comma or a line end is quoted, its quotes doubled.
    QVERIFY(csv.contains(",update,2,2,\"line1\nline2 \"\"quoted\"\", comma\"\r\n"));
    QVERIFY(csv.contains(",comment,,,,plain\r\n"));
    QVERIFY(!csv.contains("heartbeat"));
    QCOMPARE(csv.count("\r\n"), 1 + model.rowCount());
}

void TestSession::exportJson()
{
    EventLog log;
    fill(log);
    EventTableModel model(&log);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(Session::exportJson(&buffer, log, model.logIndexes()));
    QJsonParseError error;
    const QJsonArray rows = QJsonDocument::fromJson(buffer.data(), &error).array();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(rows.size(), model.rowCount());
    QCOMPARE(rows.at(1).toObject().value(QStringLiteral("data")).toString(),
             QStringLiteral("line1\nline2 \"quoted\", comma"));
    QCOMPARE(rows.at(2).toObject().value(QStringLiteral("kind")).toString(),
             QStringLiteral("heartbeat"));
    QCOMPARE(rows.at(5).toObject().value(QStringLiteral("data")).toString(),
             QStringLiteral("Grüße ✓"));

    // A change of the connection is a row of its own kind, with its state as type.
    ClientRecord reconnecting;
    reconnecting.kind = ClientRecord::Kind::State;
    reconnecting.state = ClientState::Reconnecting;
    reconnecting.delayMs = 500;
    reconnecting.reason = QStringLiteral("stream ended");
    log.append(QList<ClientRecord> {reconnecting});
    QBuffer withState;
    withState.open(QIODevice::WriteOnly);
    QVERIFY(Session::exportJson(&withState, log, {log.endIndex() - 1}));
    const QJsonObject state = QJsonDocument::fromJson(withState.data()).array().at(0).toObject();
    QCOMPARE(state.value(QStringLiteral("kind")).toString(), QStringLiteral("connection"));
    QCOMPARE(state.value(QStringLiteral("type")).toString(), QStringLiteral("reconnecting"));
    QCOMPARE(state.value(QStringLiteral("data")).toString(),
             QStringLiteral("stream ended, next attempt in 500 ms"));
    QVERIFY(!state.contains(QStringLiteral("seq")));
    QBuffer csv;
    csv.open(QIODevice::WriteOnly);
    QVERIFY(Session::exportCsv(&csv, log, {log.endIndex() - 1}));
    QVERIFY2(
        csv.data().contains(",connection,reconnecting,,,\"stream ended, next attempt in 500 ms\""),
        csv.data().constData());

    EventLog empty;
    EventTableModel emptyModel(&empty);
    QBuffer none;
    none.open(QIODevice::WriteOnly);
    QVERIFY(Session::exportJson(&none, empty, emptyModel.logIndexes()));
    QCOMPARE(QJsonDocument::fromJson(none.data()).array().size(), 0);
}

void TestSession::lensFactsRoundTrip()
{
    // Facts the real lens reached over a stream (text, a tool call, usage, gaps, a problem)
    // come back from the file as they were, though the log kept none of the events.
    LensStream lens;
    LensContext context;
    context.method = "POST";
    context.url = "http://127.0.0.1/v1/chat/completions";
    context.status = 200;
    context.firstByteNs = 3000000;
    lens.begin(context);
    const QList<QByteArray> chunks = {
        R"({"id":"c9","model":"m-1","choices":[{"index":0,"delta":{"content":"Grüße, "}}]})",
        R"({"id":"c9","choices":[{"index":0,"delta":{"content":"world"}}]})",
        R"({"id":"c9","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"t1",)"
        R"("function":{"name":"f","arguments":"{\"a\":1}"}}]}}]})",
        R"({"id":"c9","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":5}})",
    };
    qint64 t = 10000000;
    for (const QByteArray &data : chunks) {
        SseEvent e;
        e.type = "message";
        e.data = data;
        lens.event(e, t += 7000000);
    }
    lens.finish(LensStream::End::Closed, QStringLiteral("closed by the server"));
    const LensFacts facts = lens.facts();
    QVERIFY(facts.problem(LensProblem::Code::Truncated));
    QCOMPARE(facts.blocks.size(), 2);

    SessionData session;
    QVERIFY(withLensFacts(facts, 2, &session));
    QVERIFY(session.lens);
    QCOMPARE(session.lensConn, 2);
    QVERIFY(session.lens->facts == facts);
    QCOMPARE(session.lens->facts.answer(), QByteArray("Grüße, world"));
    // Without a lens report, no lens_facts record.
    EventLog plain;
    fill(plain);
    QBuffer other;
    other.open(QIODevice::WriteOnly);
    QVERIFY(Session::write(&other, plain, request(), false));
    QVERIFY(!other.data().contains("lens_facts"));
}

void TestSession::mcpAndGenericFactsRoundTrip()
{
    // An MCP stream read with a latency field: the exchange and the generic figures (event
    // types, sizes, latencies) come back from the file as they were.
    LensStream lens;
    JsonPointer field;
    QVERIFY(JsonPointer::parse(u"/params/ts", &field));
    lens.setLatencyField(field);
    LensContext context;
    context.method = "POST";
    context.url = "http://127.0.0.1/mcp";
    context.requestBody = R"({"jsonrpc":"2.0","id":"a-1","method":"tools/call",)"
                          R"("params":{"name":"echo","arguments":{"text":"hi"}}})";
    context.status = 200;
    context.responseHeaders = {{"Mcp-Session-Id", "s-1"}};
    lens.begin(context);
    SseEvent progress;
    progress.type = "message";
    progress.data = R"({"jsonrpc":"2.0","method":"notifications/progress","params":)"
                    R"({"progressToken":1,"progress":1,"ts":1732180000000}})";
    lens.event(progress, 5000000);
    SseEvent answer;
    answer.type = "message";
    answer.data = R"({"jsonrpc":"2.0","id":"a-1","result":{"content":[{"type":"text",)"
                  R"("text":"hi"}]}})";
    lens.event(answer, 9000000);
    lens.finish(LensStream::End::Closed, QStringLiteral("closed by the server"));
    const LensFacts facts = lens.facts();
    QCOMPARE(facts.lens, QByteArray("mcp"));
    QCOMPARE(facts.mcp.rpcs.size(), 1);
    QCOMPARE(facts.generic.events, 2);

    SessionData session;
    QVERIFY(withLensFacts(facts, 1, &session));
    QVERIFY(session.lens);
    QVERIFY(session.lens->facts.mcp == facts.mcp);
    QVERIFY(session.lens->facts.generic == facts.generic);
    QVERIFY(session.lens->facts == facts);
}

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
