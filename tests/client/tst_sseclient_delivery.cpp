// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// How SseClient delivers: one batch per read, a slow consumer throttling the stream (flow
// control), raw frames captured when asked, a deferred release, many clients at once, and a
// stopped session resumed with its numbering, counters and last event ID.
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

class TestSseClientDelivery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase_data() { addTransportRows(); }
    void init()
    {
        QFETCH_GLOBAL(SseClientOptions::Transport, transport);
        transportUnderTest() = transport;
    }
    void batchesPerRead();
    void slowConsumerIsThrottled();
    void rawFramesCaptured();
    void rawFramesOffByDefault();
    void deferredReleaseKeepsFlowControl();
    void manyClientsToOneServer();
    void resumeGoesOnFromTheLastSession();
    void resumeOnAnotherUrlStartsItsIdsAfresh();
    void resumeWithoutASessionOpens();
    void lensProgressRidesOnEvents();
};

void TestSseClientDelivery::batchesPerRead()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    QByteArray burst;
    for (int i = 1; i <= 200; ++i)
        burst += "id: " + QByteArray::number(i) + "\ndata: e\n\n";
    server.enqueue(ServerScript::stream().send(burst));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData().size(), 200);
    QVERIFY2(c.batches < 20, qPrintable(QString::number(c.batches))); // not one per record
    QCOMPARE(c.ofKind(ClientRecord::Kind::Event).last().seq, 200);
    QCOMPARE(client.stats().events, 200);
    QCOMPARE(client.stats().lost, 0);
}

void TestSseClientDelivery::slowConsumerIsThrottled()
{
    // A burst server in its own thread, so that a busy consumer here does not slow it down.
    // It is created there too: its sockets and timers must live in that thread.
    QThread serverThread;
    CrossThread::Inbox anchor;
    anchor.moveToThread(&serverThread);
    serverThread.start();
    MockServer *server = nullptr;
    QUrl url;
    bool started = false;
    CrossThread::call(&anchor, [&] {
        server = new MockServer;
        MockServerOptions so;
        so.burst = true;
        so.heartbeatMs = 0;
        server->setOptions(so);
        started = server->start();
        url = server->url();
    });
    // The server and its thread go whatever check returns early.
    const auto stopServer = qScopeGuard([&] {
        CrossThread::call(&anchor, [&] { delete server; });
        serverThread.quit();
        serverThread.wait();
    });
    QVERIFY(started);

    SseClient client;
    client.setOptions(fastOptions(url));
    qint64 events = 0;
    qint64 expectedId = 1;
    bool ordered = true;
    qsizetype largestBatch = 0;
    bool stalled = false;
    bool pausedWhileBlocked = false;
    connect(&client, &SseClient::recordsReady, this, [&](const ClientBatch &batch) {
        largestBatch = std::max(largestBatch, batch.records.size());
        for (const ClientRecord &r : batch.records) {
            if (r.kind != ClientRecord::Kind::Event)
                continue;
            ordered = ordered && r.event.id == QByteArray::number(expectedId++);
            ++events;
        }
        if (!stalled) {
            // A consumer that is busy for a while (a GUI repainting, a slow pipe): the
            // worker must stop reading instead of queueing every event the server sends.
            // This slot stays blocked until the worker says it paused (or 20 s pass).
            stalled = true;
            QElapsedTimer blocked;
            blocked.start();
            while (!client.isReadingPaused() && blocked.elapsed() < 20000)
                QThread::msleep(2);
            pausedWhileBlocked = client.isReadingPaused();
        }
    });
    client.open();
    const bool enough = QTest::qWaitFor([&events] { return events >= 300000; }, 30000);
    client.close();
    QVERIFY(enough);
    QVERIFY(pausedWhileBlocked);
    QVERIFY(client.stats().readPauses > 0);
    QVERIFY2(largestBatch <= 4096, qPrintable(QString::number(largestBatch)));
    QVERIFY(ordered); // pausing lost and repeated nothing
    QCOMPARE(client.stats().lost, 0);
}

void TestSseClientDelivery::rawFramesCaptured()
{
    // A frame over two reads, a comment inside it, and a heartbeat block after it: each record
    // carries its bytes exactly as sent.
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream()
                       .send("\xEF\xBB\xBFid: 7\r\ndata: a\r\n: note\r\nda")
                       .wait(30)
                       .send("ta: b\r\n\r\n:ping\n\ndata: long-enough\n\n"));
    SseClient client;
    SseClientOptions options = fastOptions(server.url());
    options.captureRawFrames = true;
    options.rawFrameLimit = 16;
    client.setOptions(options);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData().size(), 2);
    const QList<ClientRecord> events = c.ofKind(ClientRecord::Kind::Event);
    const QList<ClientRecord> comments = c.ofKind(ClientRecord::Kind::Comment);
    QCOMPARE(comments.size(), 2);
    // Over the 16-byte limit: the first 16 bytes, and the full size.
    const QByteArray first = "id: 7\r\ndata: a\r\n: note\r\ndata: b\r\n\r\n";
    QCOMPARE(events[0].rawSize, first.size());
    QCOMPARE(events[0].raw, first.left(16));
    QCOMPARE(comments[0].raw, QByteArray(": note\r\n"));
    QCOMPARE(comments[0].rawSize, 8);
    QCOMPARE(comments[1].raw, QByteArray(":ping\n"));
    QCOMPARE(events[1].raw, QByteArray("data: long-enoug"));
    QCOMPARE(events[1].rawSize, 19);

    // Within the limit, the whole frame, though it came in two reads.
    SseClient whole;
    options.rawFrameLimit = 1024;
    whole.setOptions(options);
    Collector w(&whole);
    whole.open();
    QTRY_COMPARE(w.eventData().size(), 2);
    QCOMPARE(w.ofKind(ClientRecord::Kind::Event).at(0).raw, first);
    QCOMPARE(w.ofKind(ClientRecord::Kind::Event).at(1).raw, QByteArray("data: long-enough\n\n"));
}

void TestSseClientDelivery::rawFramesOffByDefault()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send(": c\ndata: a\n\n"));
    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData().size(), 1);
    QVERIFY(c.ofKind(ClientRecord::Kind::Event).at(0).raw.isEmpty());
    QCOMPARE(c.ofKind(ClientRecord::Kind::Event).at(0).rawSize, 0);
    QCOMPARE(c.ofKind(ClientRecord::Kind::Comment).at(0).rawSize, 0);
}

void TestSseClientDelivery::deferredReleaseKeepsFlowControl()
{
    // A consumer that queues batches and releases them later: while it holds the window the
    // worker stops reading; releasing resumes it, in order and without loss.
    QThread serverThread;
    CrossThread::Inbox anchor;
    anchor.moveToThread(&serverThread);
    serverThread.start();
    MockServer *server = nullptr;
    QUrl url;
    bool started = false;
    CrossThread::call(&anchor, [&] {
        server = new MockServer;
        MockServerOptions so;
        so.burst = true;
        so.heartbeatMs = 0;
        server->setOptions(so);
        started = server->start();
        url = server->url();
    });
    const auto stopServer = qScopeGuard([&] {
        CrossThread::call(&anchor, [&] { delete server; });
        serverThread.quit();
        serverThread.wait();
    });
    QVERIFY(started);

    SseClient client;
    client.setOptions(fastOptions(url));
    client.setDeferredRelease(true);
    int held = 0;
    bool allHeld = true;
    qint64 events = 0;
    qint64 expectedId = 1;
    bool ordered = true;
    connect(&client, &SseClient::recordsReady, this, [&](const ClientBatch &batch) {
        allHeld = allHeld && batch.holdsCredit;
        ++held;
        for (const ClientRecord &r : batch.records) {
            if (r.kind != ClientRecord::Kind::Event)
                continue;
            ordered = ordered && r.event.id == QByteArray::number(expectedId++);
            ++events;
        }
    });
    client.open();
    // Nothing released: the worker pauses once the window is held, and deliveries stop.
    QVERIFY(QTest::qWaitFor([&] { return client.isReadingPaused(); }, 20000));
    QSignalSpy more(&client, &SseClient::recordsReady);
    while (more.wait(300)) { } // the batches already in flight arrive
    more.clear();
    QVERIFY(!more.wait(500)); // and then nothing: the worker does not read
    QVERIFY(client.isReadingPaused());
    QVERIFY(allHeld);
    QVERIFY(held >= SseConnection::kMaxInFlight);
    // Released: reading resumes.
    const qint64 before = events;
    while (held > 0) {
        --held;
        client.releaseBatch();
    }
    QVERIFY(QTest::qWaitFor([&] { return events > before; }, 20000));
    client.close();
    QVERIFY(ordered);
    QVERIFY(client.stats().readPauses > 0);
}

void TestSseClientDelivery::manyClientsToOneServer()
{
    // One manager per client: Qt's six-requests-per-host limit must not stall the seventh.
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send(": hi\n\n"));
    std::vector<std::unique_ptr<SseClient>> clients;
    for (int i = 0; i < 8; ++i) {
        clients.push_back(std::make_unique<SseClient>());
        clients.back()->setOptions(fastOptions(server.url()));
        clients.back()->open();
    }
    for (const auto &client : clients)
        QTRY_COMPARE(client->state(), ClientState::Open);
    QCOMPARE(server.requestCount(), 8);
}

void TestSseClientDelivery::resumeGoesOnFromTheLastSession()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("retry: 40\nid: 1\ndata: a\n\nid: 2\ndata: b\n\n"));
    server.enqueue(ServerScript::stream().send("id: 5\ndata: c\n\n"));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData().size(), 2);
    client.close();
    const SseClientStats before = client.stats();
    QCOMPARE(before.events, 2);

    client.resume();
    QTRY_COMPARE(c.eventData().size(), 3);
    QCOMPARE(server.requests().at(1).header("Last-Event-ID"), QByteArray("2"));
    const ClientRecord third = c.ofKind(ClientRecord::Kind::Event).at(2);
    QCOMPARE(third.conn, 2); // numbering goes on
    QVERIFY(third.seq > c.ofKind(ClientRecord::Kind::Event).at(1).seq);
    QTRY_COMPARE(client.stats().events, 3); // counters go on
    QCOMPARE(client.stats().lost, 2); // ids 3 and 4 never came: a gap across the stop
    QCOMPARE(client.stats().retryMs, 40); // the server's reconnection time is kept
    QCOMPARE(client.stats().connections, 2);
    const QList<ClientRecord> connecting = c.states(ClientState::Connecting);
    QCOMPARE(connecting.size(), 2);
    QCOMPARE(connecting.at(1).conn, 2);
    QVERIFY2(connecting.at(1).reason.contains(QStringLiteral("resumed from event ID 2")),
             qPrintable(connecting.at(1).reason));
    client.close();
}

void TestSseClientDelivery::resumeOnAnotherUrlStartsItsIdsAfresh()
{
    ScriptedServer first;
    QVERIFY(first.listen());
    first.enqueue(ServerScript::stream().send("id: 7\ndata: a\n\n"));
    ScriptedServer second;
    QVERIFY(second.listen());
    second.enqueue(ServerScript::stream().send("id: 1\ndata: b\n\n"));

    SseClient client;
    client.setOptions(fastOptions(first.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData().size(), 1);
    client.close();
    client.setOptions(fastOptions(second.url()));
    client.resume();
    QTRY_COMPARE(c.eventData().size(), 2);
    // Another stream's id is not sent, and its ids are no gap or repeat of the first's.
    QVERIFY(!second.requests().at(0).hasHeader("Last-Event-ID"));
    QTRY_COMPARE(client.stats().events, 2);
    QCOMPARE(client.stats().lost, 0);
    QCOMPARE(client.stats().duplicates, 0);
    QCOMPARE(c.ofKind(ClientRecord::Kind::Event).at(1).conn, 2);
    QVERIFY(c.states(ClientState::Connecting).at(1).reason.contains(QStringLiteral("another URL")));
    client.close();
}

void TestSseClientDelivery::resumeWithoutASessionOpens()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("id: 3\ndata: a\n\n"));
    SseClient client;
    SseClientOptions options = fastOptions(server.url());
    options.lastEventId = "2";
    client.setOptions(options);
    Collector c(&client);
    client.resume();
    QTRY_COMPARE(c.eventData().size(), 1);
    QCOMPARE(server.requests().at(0).header("Last-Event-ID"), QByteArray("2"));
    QCOMPARE(c.ofKind(ClientRecord::Kind::Event).at(0).conn, 1);
    QVERIFY(c.states(ClientState::Connecting).at(0).reason.isEmpty());
    client.close();
}

void TestSseClientDelivery::lensProgressRidesOnEvents()
{
    // While a lens reads, the facts so far ride on an event at most every lensProgressMs (a
    // report without changes, for a view that follows the answer); with 0, only on changes.
    for (const int progressMs : {5, 0}) {
        ScriptedServer server;
        QVERIFY(server.listen());
        const auto chunk = [](const char *text) -> QByteArray {
            return QByteArray(R"(data: {"id":"c1","object":"chat.completion.chunk","choices":)"
                              R"([{"index":0,"delta":{"content":")")
                + text + "\"}}]}\n\n";
        };
        server.enqueue(ServerScript::stream().send(chunk("Hello")));
        SseClient client;
        SseClientOptions options = fastOptions(server.url(QStringLiteral("/v1/chat/completions")));
        options.lensProgressMs = progressMs;
        client.setOptions(options);
        Collector c(&client);
        client.open();
        QTRY_COMPARE(c.eventData().size(), 1);
        // The next chunk is sent after more than lensProgressMs on the records' clock.
        QElapsedTimer apart;
        apart.start();
        QTRY_VERIFY(apart.elapsed() > 3 * 5);
        server.sendTo(0, chunk(" world"));
        QTRY_COMPARE(c.eventData().size(), 2);
        const QList<ClientRecord> events = c.ofKind(ClientRecord::Kind::Event);
        QVERIFY(events[0].lens); // the first token: a change
        QVERIFY(!events[0].lens->changes.isEmpty());
        if (progressMs == 0) {
            QVERIFY(!events[1].lens);
            continue;
        }
        QVERIFY(events[1].lens);
        QVERIFY(events[1].lens->changes.isEmpty());
        QCOMPARE(events[1].lens->facts.answer(), QByteArray("Hello world"));
        QCOMPARE(events[1].lens->facts.contentEvents, 2);
    }
}

QTEST_GUILESS_MAIN(TestSseClientDelivery)
#include "tst_sseclient_delivery.moc"
