// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// SseClient against scripted and mock servers: opening and the answers that fail it, the
// resilient policy, retry: and backoff, resuming with Last-Event-ID, the idle watchdog, gzip,
// closing and reopening, heartbeats, lost and duplicate ids, the parser's caps.
#include "client/sseclient.h"
#include "client/sseconnection.h"
#include "clientfixture.h"
#include "scriptedserver.h"
#include "server/mockserver.h"
#include "util/crossthread.h"
#include "zlibdata.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>
#include <QThread>
#include <QtEndian>

#include <chrono>
#include <cmath>
#include <memory>

using namespace ClientFixture;

// Every test runs on both transports (the global rows "wire" and "qnam").
class TestSseClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase_data() { addTransportRows(); }
    void init()
    {
        QFETCH_GLOBAL(SseClientOptions::Transport, transport);
        transportUnderTest() = transport;
    }
    void stateNames();
    void opens_data();
    void opens();
    void failsOnBadResponse_data();
    void failsOnBadResponse();
    void resilientRetries5xx();
    void resilientHonoursRetryAfter();
    void stopsOn204();
    void acceptedPostEndsCleanly_data();
    void acceptedPostEndsCleanly();
    void retryFieldHonoured();
    void backoffGrowsAndResets();
    void partialEventDiscardedAndResumed();
    void emptyIdClearsHeader();
    void idleWatchdogReconnects();
    void idleWatchdogCoversSilentServer();
    void gzipStreamEndToEnd();
    void stalledCompressedStreamIdles();
    void closeDuringReconnectWait();
    void closeWhileOpenWithReason();
    void reopenStartsNewSession();
    void destructorWhileOpen();
    void heartbeats_data();
    void heartbeats();
    void lostAndDuplicates();
    void noReconnectEndsClosed();
    void refusedConnectionGivesUp();
    void parserCapFails();
};

void TestSseClient::stateNames()
{
    QCOMPARE(clientStateName(ClientState::Idle), QStringLiteral("idle"));
    QCOMPARE(clientStateName(ClientState::Connecting), QStringLiteral("connecting"));
    QCOMPARE(clientStateName(ClientState::Open), QStringLiteral("open"));
    QCOMPARE(clientStateName(ClientState::Reconnecting), QStringLiteral("reconnecting"));
    QCOMPARE(clientStateName(ClientState::Closed), QStringLiteral("closed"));
    QCOMPARE(clientStateName(ClientState::Failed), QStringLiteral("failed"));
}

void TestSseClient::opens_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("plain") << QByteArray("text/event-stream");
    QTest::newRow("charset") << QByteArray("text/event-stream; charset=utf-8");
    QTest::newRow("case") << QByteArray("Text/Event-Stream;Charset=UTF-8");
}

void TestSseClient::opens()
{
    QFETCH(QByteArray, contentType);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream(contentType).send("id: 1\ndata: first\n\n"));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"first"});
    QCOMPARE(client.state(), ClientState::Open);
    QCOMPARE(c.stateSignals, (QList<ClientState> {ClientState::Connecting, ClientState::Open}));
    const ClientRecord open = c.states(ClientState::Open).value(0);
    QCOMPARE(open.httpStatus, 200);
    QCOMPARE(open.conn, 1);
    // The open state names the transport and protocol; one timing record per request, its
    // phases in order.
    QVERIFY(open.attempt);
    QCOMPARE(open.attempt->transport, onQnam() ? QByteArray("qnam") : QByteArray("wire"));
    QCOMPARE(open.attempt->protocol, QByteArray("http/1.1"));
    QCOMPARE(open.attempt->status, 200);
    QVERIFY(!open.attempt->responseHeaders.isEmpty());
    const QList<ClientRecord> timings = c.ofKind(ClientRecord::Kind::Timing);
    QCOMPARE(timings.size(), 1);
    const AttemptTiming &timing = timings.at(0).attempt->timing;
    QVERIFY(timing.sentNs >= timing.startNs);
    QVERIFY(timing.headNs >= timing.sentNs);
    QVERIFY(timing.firstEventNs >= timing.headNs);
    QCOMPARE(timing.dnsNs > 0, !onQnam()); // QNAM shows no DNS or connect phase of its own
    QCOMPARE(timing.connectNs > 0, !onQnam());
    const ClientRecord event = c.ofKind(ClientRecord::Kind::Event).at(0);
    QCOMPARE(event.seq, 1);
    QCOMPARE(event.conn, 1);
    QCOMPARE(event.event.type, QByteArray("message"));
    QCOMPARE(event.event.id, QByteArray("1"));
    QVERIFY(!event.heartbeat);
    QCOMPARE(client.stats().events, 1);
    QCOMPARE(client.stats().connections, 1);
    QCOMPARE(client.stats().lastEventId, QByteArray("1"));
    QVERIFY(client.stats().bytes > 0);
}

void TestSseClient::failsOnBadResponse_data()
{
    QTest::addColumn<ServerScript>("script");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");

    QTest::newRow("404") << ServerScript::status(404, "Not Found")
                                .header("Content-Type", "text/plain")
                                .send("no such stream")
                                .close()
                         << 404 << QStringLiteral("HTTP 404 Not Found");
    QTest::newRow("500") << ServerScript::status(500, "Internal Server Error")
                                .header("Content-Type", "text/event-stream")
                                .close()
                         << 500 << QStringLiteral("HTTP 500 Internal Server Error");
    QTest::newRow("html") << ServerScript::stream("text/html").send("<html></html>").close() << 200
                          << QStringLiteral("unexpected Content-Type \"text/html\" (expected "
                                            "text/event-stream)");
    QTest::newRow("missing type") << ServerScript::stream(QByteArray()).send("data: x\n\n").close()
                                  << 200
                                  << QStringLiteral(
                                         "missing Content-Type (expected text/event-stream)");
}

void TestSseClient::failsOnBadResponse()
{
    QFETCH(ServerScript, script);
    QFETCH(int, status);
    QFETCH(QString, reason);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(script);

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Failed});
    QCOMPARE(client.state(), ClientState::Failed);
    const ClientRecord last = c.lastState();
    QCOMPARE(last.state, ClientState::Failed);
    QCOMPARE(last.httpStatus, status);
    QCOMPARE(last.reason, reason);
    QVERIFY(c.eventData().isEmpty());
    QVERIFY(c.states(ClientState::Reconnecting).isEmpty());
    QVERIFY(staysFalse([&] { return server.requestCount() > 1; }, 150)); // no reconnect
}

void TestSseClient::resilientRetries5xx()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::status(503, "Service Unavailable").close());
    server.enqueue(ServerScript::stream().send("data: back\n\n"));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.resilient = true;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"back"});
    const ClientRecord reconnecting = c.states(ClientState::Reconnecting).value(0);
    QCOMPARE(reconnecting.httpStatus, 503);
    QCOMPARE(reconnecting.reason, QStringLiteral("HTTP 503 Service Unavailable"));
    QCOMPARE(reconnecting.delayMs, 20);
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(client.stats().attempts, 2);
    QCOMPARE(client.stats().reconnects, 1);
    QCOMPARE(c.ofKind(ClientRecord::Kind::Event).at(0).conn, 2);
}

void TestSseClient::resilientHonoursRetryAfter()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(
        ServerScript::status(429, "Too Many Requests").header("Retry-After", "3").close());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.resilient = true;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(client.state(), ClientState::Reconnecting);
    QCOMPARE(c.lastState().httpStatus, 429);
    QCOMPARE(c.lastState().delayMs, 3000); // Retry-After is a floor over the 20 ms retry
    client.close();
}

void TestSseClient::stopsOn204()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::status(204, "No Content").close());

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Closed});
    QCOMPARE(c.lastState().reason, QStringLiteral("server sent 204 No Content"));
    QCOMPARE(c.lastState().httpStatus, 204);
    QVERIFY(staysFalse([&] { return server.requestCount() > 1; }, 150));
}

void TestSseClient::acceptedPostEndsCleanly_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<bool>("closed");
    QTest::newRow("POST") << QByteArray("POST") << true;
    QTest::newRow("GET") << QByteArray("GET") << false;
}

// 202 Accepted to a POST (MCP's answer to notifications): the request did its job, there is no
// stream; closed, not failed, and no reconnect. To a GET it is still a non-200 failure.
void TestSseClient::acceptedPostEndsCleanly()
{
    QFETCH(QByteArray, method);
    QFETCH(bool, closed);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::status(202, "Accepted").close());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.method = method;
    if (method == "POST")
        o.body = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates,
             QList<ClientState> {closed ? ClientState::Closed : ClientState::Failed});
    QCOMPARE(c.lastState().httpStatus, 202);
    if (closed) {
        QCOMPARE(c.lastState().reason,
                 QStringLiteral("server accepted the request (202 Accepted): no stream"));
    }
    QVERIFY(staysFalse([&] { return server.requestCount() > 1; }, 150));
}

void TestSseClient::retryFieldHonoured()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("retry: 40\ndata: a\n\n").close());
    server.enqueue(ServerScript::stream());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.retryMs = 60000; // the server's retry: must win, or the test times out
    client.setOptions(o);
    Collector c(&client);
    QElapsedTimer timer;
    timer.start();
    client.open();
    QTRY_COMPARE(server.requestCount(), 2);
    QVERIFY(timer.elapsed() < 5000);
    const QList<ClientRecord> retries = c.ofKind(ClientRecord::Kind::Retry);
    QCOMPARE(retries.size(), 1);
    QCOMPARE(retries.at(0).retryMs, 40);
    QTRY_COMPARE(c.states(ClientState::Reconnecting).size(), 1);
    QCOMPARE(c.states(ClientState::Reconnecting).at(0).delayMs, 40);
    QCOMPARE(c.states(ClientState::Reconnecting).at(0).reason, QStringLiteral("stream ended"));
    QCOMPARE(client.stats().retryMs, 40);
}

void TestSseClient::backoffGrowsAndResets()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    // A stream that opens and ends at once without an event is a failed connection.
    const ServerScript empty = ServerScript::stream().close();
    server.enqueue(empty);
    server.enqueue(empty);
    server.enqueue(empty);
    server.enqueue(ServerScript::stream().send("id: 1\ndata: good\n\n").close());
    server.enqueue(empty);
    server.enqueue(ServerScript::stream());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.retryMs = 15;
    o.headers = {{"X-Session", "abc"}};
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 6, 10000);
    QTRY_COMPARE(c.states(ClientState::Open).size(), 6);
    QList<qint64> delays;
    for (const ClientRecord &r : c.states(ClientState::Reconnecting))
        delays.append(r.delayMs);
    // SSE rule: retry x 2^(n-1) over consecutive failures; the good connection resets n.
    QCOMPARE(delays, (QList<qint64> {15, 30, 60, 15, 30}));
    for (const RecordedRequest &r : server.requests())
        QCOMPARE(r.header("X-Session"), QByteArray("abc")); // user headers on every reconnect
    QCOMPARE(client.stats().reconnects, 5);
    QCOMPARE(client.stats().attempts, 6);
    QCOMPARE(c.states(ClientState::Open).last().conn, 6);
}

void TestSseClient::partialEventDiscardedAndResumed()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream()
                       .send("id: 1\ndata: one\n\n")
                       .send("id: 2\ndata: partial")
                       .wait(20)
                       .close());
    server.enqueue(ServerScript::stream().send("id: 3\ndata: three\n\n"));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), (QList<QByteArray> {"one", "three"}));
    // WHATWG: the unterminated event is discarded with its id; the committed id is resumed.
    QCOMPARE(server.requests().at(1).header("Last-Event-ID"), QByteArray("1"));
    const QList<ClientRecord> events = c.ofKind(ClientRecord::Kind::Event);
    QCOMPARE(events.at(0).seq, 1);
    QCOMPARE(events.at(0).conn, 1);
    QCOMPARE(events.at(1).seq, 2); // seq runs across connections
    QCOMPARE(events.at(1).conn, 2);
    QCOMPARE(client.stats().lastEventId, QByteArray("3"));
    qint64 previous = 0;
    for (const ClientRecord &r : c.records) {
        QVERIFY(r.monotonicNs >= previous);
        previous = r.monotonicNs;
    }
}

void TestSseClient::emptyIdClearsHeader()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("id: 5\ndata: a\n\nid\ndata: b\n\n").close());
    server.enqueue(ServerScript::stream());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.lastEventId = "4";
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(server.requestCount(), 2);
    QCOMPARE(server.requests().at(0).header("Last-Event-ID"), QByteArray("4"));
    QVERIFY(!server.requests().at(1).hasHeader("Last-Event-ID"));
    QCOMPARE(c.ofKind(ClientRecord::Kind::Event).at(1).event.id, QByteArray());
}

void TestSseClient::idleWatchdogReconnects()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    // Bytes every 60 ms keep the 150 ms watchdog quiet; then the stream goes silent.
    server.enqueue(ServerScript::stream()
                       .send(": a\n\n")
                       .wait(60)
                       .send(": b\n")
                       .wait(60)
                       .send("\n")
                       .wait(60)
                       .send(": c\n\n"));
    server.enqueue(ServerScript::stream().send("data: second\n\n"));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.idleTimeoutMs = 150;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(c.eventData(), QList<QByteArray> {"second"}, 5000);
    const QList<ClientRecord> errors = c.ofKind(ClientRecord::Kind::Error);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).message, QStringLiteral("no data for 150 ms (idle timeout)"));
    QCOMPARE(c.ofKind(ClientRecord::Kind::Comment).size(), 3); // no timeout while bytes flowed
    // It counts from the last bytes (": c"), not from the open: measured from the open it
    // would depend on when the client thread got to stamp it, late on a loaded machine. The
    // bound is loose (a coarse timer may fire a little early); the point is that it waited.
    const qint64 lastCommentNs = c.ofKind(ClientRecord::Kind::Comment).last().monotonicNs;
    QVERIFY2(errors.at(0).monotonicNs - lastCommentNs >= 100 * 1000 * 1000LL,
             qPrintable(QString::number((errors.at(0).monotonicNs - lastCommentNs) / 1000000)));
    QCOMPARE(c.states(ClientState::Reconnecting).at(0).reason,
             QStringLiteral("no data for 150 ms (idle timeout)"));
    QCOMPARE(server.requestCount(), 2);
}

void TestSseClient::idleWatchdogCoversSilentServer()
{
    // A server that accepts and never answers is as dead as one that stops sending.
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::silent());
    server.enqueue(ServerScript::stream().send("data: x\n\n"));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.idleTimeoutMs = 100;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"x"});
    QCOMPARE(c.ofKind(ClientRecord::Kind::Error).size(), 1);
    QCOMPARE(c.states(ClientState::Open).size(), 1);
    QCOMPARE(c.ofKind(ClientRecord::Kind::Event).at(0).conn, 2);
}

// A gzip event stream through the whole client: events decoded, and a body cut inside the
// compressed data is named as such (the reconnect then resumes).
void TestSseClient::gzipStreamEndToEnd()
{
#ifndef SSEMON_HAVE_ZLIB
    QSKIP("built without zlib");
#else
    const QByteArray zipped = ZlibData::compress("id: 1\ndata: a\n\nid: 2\ndata: b\n\n");
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream()
                       .header("Content-Encoding", "gzip")
                       .send(zipped.chopped(8)) // no trailer: cut short
                       .close());
    server.enqueue(ServerScript::stream().send("id: 3\ndata: c\n\n"));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.compression = true;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), (QList<QByteArray> {"a", "b", "c"}));
    const QList<ClientRecord> reconnecting = c.states(ClientState::Reconnecting);
    QCOMPARE(reconnecting.size(), 1);
    QCOMPARE(reconnecting.at(0).reason,
             QStringLiteral("the gzip body ended before its compressed data did (truncated)"));
    QCOMPARE(server.requests().at(1).header("Last-Event-ID"), QByteArray("2"));
#endif
}

// One byte of a deflate body cannot be decoded yet: it is not data held back by flow control,
// so the idle watchdog ends the silent connection (before, it re-armed itself forever).
void TestSseClient::stalledCompressedStreamIdles()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().header("Content-Encoding", "deflate").send("x"));
    server.enqueue(ServerScript::stream().send("data: y\n\n"));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.compression = true;
    o.idleTimeoutMs = 100;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"y"});
    const QList<ClientRecord> errors = c.ofKind(ClientRecord::Kind::Error);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).message, QStringLiteral("no data for 100 ms (idle timeout)"));
}

void TestSseClient::closeDuringReconnectWait()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: a\n\n").close());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.retryMs = 300;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(client.state(), ClientState::Reconnecting);
    client.close();
    // Delivered synchronously, last.
    QCOMPARE(client.state(), ClientState::Closed);
    QCOMPARE(c.records.last().kind, ClientRecord::Kind::State);
    QCOMPARE(c.records.last().state, ClientState::Closed);
    QCOMPARE(c.records.last().reason, QStringLiteral("stopped"));
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Closed});
    const qsizetype count = c.records.size();
    // The reconnect was due after 300 ms: nothing may arrive for well beyond that.
    QVERIFY(staysFalse([&] { return server.requestCount() > 1 || c.records.size() > count; }, 700));
    client.close(); // a second close does nothing
    QCOMPARE(c.records.size(), count);
}

void TestSseClient::closeWhileOpenWithReason()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: 1\n\ndata: 2\n\n"));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    // Like the CLI's --max-events: close from inside the slot that sees the limit.
    connect(&client, &SseClient::recordsReady, this, [&client](const ClientBatch &batch) {
        for (const ClientRecord &r : batch.records) {
            if (r.kind == ClientRecord::Kind::Event)
                client.close(QStringLiteral("event limit reached"));
        }
    });
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Closed});
    QCOMPARE(c.lastState().reason, QStringLiteral("event limit reached"));
    QCOMPARE(c.records.last().state, ClientState::Closed);
    QCOMPARE(c.stateSignals.last(), ClientState::Closed);
    QTRY_COMPARE(server.openConnections(), 0); // the request was aborted
}

void TestSseClient::reopenStartsNewSession()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("id: 9\ndata: a\n\n"));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData().size(), 1);
    client.open();
    QCOMPARE(c.lastState().reason, QStringLiteral("reopened"));
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Closed});
    QTRY_COMPARE(c.eventData().size(), 2);
    QCOMPARE(server.requestCount(), 2);
    // A new session: counters restart, the initial id comes from the options again.
    QVERIFY(!server.requests().at(1).hasHeader("Last-Event-ID"));
    const ClientRecord second = c.ofKind(ClientRecord::Kind::Event).at(1);
    QCOMPARE(second.seq, 1);
    QCOMPARE(second.conn, 1);
    QCOMPARE(client.stats().events, 1);
    client.close();
}

void TestSseClient::destructorWhileOpen()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: a\n\n"));
    auto client = std::make_unique<SseClient>();
    client->setOptions(fastOptions(server.url()));
    client->open();
    QTRY_COMPARE(client->state(), ClientState::Open);
    client.reset();
    QTRY_COMPARE(server.openConnections(), 0);
}

void TestSseClient::heartbeats_data()
{
    QTest::addColumn<QByteArray>("form"); // %1 is replaced by the unix-ms time
    QTest::addColumn<bool>("asEvent");
    QTest::addColumn<bool>("hasLatency");
    QTest::newRow("comment") << QByteArray(": ping %1\n\n") << false << true;
    QTest::newRow("comment decimal") << QByteArray(":ping %1.123\n\n") << false << true;
    QTest::newRow("comment bare") << QByteArray(": ping\n\n") << false << false;
    QTest::newRow("data") << QByteArray("data: ping %1\n\n") << true << true;
    QTest::newRow("data decimal") << QByteArray("data: ping %1.5\n\n") << true << true;
    QTest::newRow("data bare") << QByteArray("data: ping\n\n") << true << false;
    QTest::newRow("event") << QByteArray("event: ping\ndata: %1\n\n") << true << true;
}

void TestSseClient::heartbeats()
{
    QFETCH(QByteArray, form);
    QFETCH(bool, asEvent);
    QFETCH(bool, hasLatency);
    ScriptedServer server;
    QVERIFY(server.listen());
    QByteArray first = form;
    first.replace("%1", QByteArray::number(unixMsNow()));
    QByteArray second = form;
    // Sent 50 ms later: stamp it so that the latency stays a small positive number.
    second.replace("%1", QByteArray::number(unixMsNow() + 50));
    server.enqueue(
        ServerScript::stream().send(first).wait(50).send(second).send("data: not a heartbeat\n\n"));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.ofKind(ClientRecord::Kind::Ping).size(), 2);
    QTRY_VERIFY(c.eventData().contains("not a heartbeat"));
    const QList<ClientRecord> pings = c.ofKind(ClientRecord::Kind::Ping);
    // The Ping record follows the record it was recognised in.
    for (qsizetype i = 0; i < c.records.size(); ++i) {
        if (c.records.at(i).kind != ClientRecord::Kind::Ping)
            continue;
        QVERIFY(i > 0);
        const ClientRecord &before = c.records.at(i - 1);
        QCOMPARE(before.kind, asEvent ? ClientRecord::Kind::Event : ClientRecord::Kind::Comment);
        if (asEvent)
            QVERIFY(before.heartbeat);
    }
    for (const ClientRecord &p : pings) {
        QCOMPARE(!std::isnan(p.latencyMs), hasLatency);
        if (hasLatency)
            QVERIFY2(p.latencyMs > -100 && p.latencyMs < 2000,
                     qPrintable(QString::number(p.latencyMs)));
    }
    QVERIFY(std::isnan(pings.at(0).intervalMs));
    QVERIFY2(pings.at(1).intervalMs >= 40, qPrintable(QString::number(pings.at(1).intervalMs)));
    const SseClientStats stats = client.stats();
    QCOMPARE(stats.heartbeats, 2);
    QCOMPARE(!std::isnan(stats.lastLatencyMs), hasLatency);
    QCOMPARE(stats.heartbeatIntervalMs, pings.at(1).intervalMs);
    QCOMPARE(stats.heartbeatJitterMs, 0.0);
    const QList<ClientRecord> events = c.ofKind(ClientRecord::Kind::Event);
    QVERIFY(!events.last().heartbeat);
    client.close();
}

void TestSseClient::lostAndDuplicates()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream()
                       .send("id: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 3\ndata: c\n\n")
                       .close());
    // The server replays 3 (a duplicate), skips 4 and 5 (lost); heartbeats do not count.
    server.enqueue(ServerScript::stream().send(
        "id: 3\ndata: c\n\nid: 6\ndata: f\n\nevent: ping\nid: 99\ndata: 1\n\nid: 7\ndata: g\n\n"));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData().size(), 7);
    QCOMPARE(server.requests().at(1).header("Last-Event-ID"), QByteArray("3"));
    QCOMPARE(client.stats().lost, 2);
    QCOMPARE(client.stats().duplicates, 1);
    QCOMPARE(client.stats().events, 7);
    QCOMPARE(client.stats().heartbeats, 1);
    QCOMPARE(client.stats().lastEventId, QByteArray("7"));
}

void TestSseClient::noReconnectEndsClosed()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: a\n\n").close());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.reconnect = false;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Closed});
    QCOMPARE(c.lastState().reason, QStringLiteral("stream ended"));
    QCOMPARE(c.eventData(), QList<QByteArray> {"a"});
    QVERIFY(staysFalse([&] { return server.requestCount() > 1; }, 100));
}

void TestSseClient::refusedConnectionGivesUp()
{
    QUrl url(QStringLiteral("http://127.0.0.1/events"));
    url.setPort(unusedPort());
    SseClient client;
    SseClientOptions o = fastOptions(url);
    o.retryMs = 10;
    o.maxReconnects = 2;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Failed});
    QCOMPARE(client.stats().attempts, 3);
    QCOMPARE(c.states(ClientState::Reconnecting).size(), 2);
    QCOMPARE(c.states(ClientState::Reconnecting).at(1).delayMs, 20);
    const QString reason = c.lastState().reason;
    QVERIFY2(reason.startsWith(QStringLiteral("gave up after 2 failed reconnect(s): ")),
             qPrintable(reason));
    // Where it was refused is named (Qt's own text names neither host nor port).
    QVERIFY2(reason.contains(QStringLiteral("connection refused by 127.0.0.1:%1").arg(url.port())),
             qPrintable(reason));
    QCOMPARE(c.lastState().httpStatus, 0);
    QVERIFY(c.states(ClientState::Open).isEmpty());
}

void TestSseClient::parserCapFails()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(
        ServerScript::stream().send("data: ok\n\n").send("data: " + QByteArray(100, 'x')));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.limits.maxLineBytes = 64;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Failed});
    QCOMPARE(c.lastState().reason,
             QStringLiteral("a line exceeded the line size cap of 64 bytes (max line bytes)"));
    QCOMPARE(c.eventData(), QList<QByteArray> {"ok"});
    QVERIFY(staysFalse([&] { return server.requestCount() > 1; }, 100));
    QTRY_COMPARE(server.openConnections(), 0);
}

QTEST_GUILESS_MAIN(TestSseClient)
#include "tst_sseclient.moc"
