// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The mock server's streams, end to end on loopback: the response head, heartbeats in each
// form, periodic events with ids and the payload template, retry:, replay after a
// Last-Event-ID, burst streams with an event limit, many clients, a slow reader dropped,
// settings changed while running, and a real client resuming without loss or repeat.
#include "client/sseclient.h"
#include "mockservertest.h"
#include "rawpeer.h"
#include "rawsseclient.h"
#include "server/mockserver.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <cmath>
#include <memory>
#include <vector>

using namespace MockServerTest;

class TestMockServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void streamResponseHead_data();
    void streamResponseHead();
    void headRequest();
    void heartbeats_data();
    void heartbeats();
    void periodicEventsWithIdsAndTemplate();
    void retryLine_data();
    void retryLine();
    void replayAfterLastEventId_data();
    void replayAfterLastEventId();
    void defaultPayloadNamesOneEvent();
    void burstWithEventLimit_data();
    void burstWithEventLimit();
    void manyClientsGetTheSameEvents();
    void slowReaderDropped();
    void settingsChangeWhileRunning();
    void realClientResumesWithoutLossOrDuplicates();
};

void TestMockServer::initTestCase()
{
    qRegisterMetaType<MockRequestInfo>();
    qRegisterMetaType<MockDisconnectInfo>();
}

void TestMockServer::streamResponseHead_data()
{
    QTest::addColumn<bool>("cors");
    QTest::newRow("plain") << false;
    QTest::newRow("cors") << true;
}

void TestMockServer::streamResponseHead()
{
    QFETCH(bool, cors);
    MockServer server;
    MockServerOptions options = quietOptions();
    options.cors = cors;
    QVERIFY(start(server, options));
    QCOMPARE(server.url().toString(),
             QStringLiteral("http://127.0.0.1:%1/events").arg(server.port()));

    RawSseClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.header("Content-Type"), QByteArray("text/event-stream; charset=utf-8"));
    QCOMPARE(client.header("Cache-Control"), QByteArray("no-cache"));
    QCOMPARE(client.header("Connection"), QByteArray("close"));
    QCOMPARE(client.header("X-Accel-Buffering"), QByteArray("no"));
    // A close-delimited body: neither a length nor chunking.
    QVERIFY(!client.hasHeader("Content-Length"));
    QVERIFY(!client.hasHeader("Transfer-Encoding"));
    QCOMPARE(client.hasHeader("Access-Control-Allow-Origin"), cors);
    if (cors)
        QCOMPARE(client.header("Access-Control-Allow-Origin"), QByteArray("*"));
    QTRY_COMPARE(server.stats().clients, 1);
    QCOMPARE(server.clients().size(), 1);
    QVERIFY(!!client.isOpen());
}

void TestMockServer::headRequest()
{
    MockServer server;
    QVERIFY(start(server, quietOptions()));
    RawSseClient client;
    QVERIFY(client.open(server.port(), RawSseClient::request("HEAD")));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.header("Content-Type"), QByteArray("text/event-stream; charset=utf-8"));
    QVERIFY(client.waitForEnd());
    QVERIFY(client.body().isEmpty());
    QCOMPARE(server.stats().clients, 0);
}

void TestMockServer::heartbeats_data()
{
    QTest::addColumn<MockServerOptions::HeartbeatForm>("form");
    QTest::newRow("comment") << MockServerOptions::HeartbeatForm::Comment;
    QTest::newRow("event") << MockServerOptions::HeartbeatForm::Event;
    QTest::newRow("data") << MockServerOptions::HeartbeatForm::Data;
}

void TestMockServer::heartbeats()
{
    QFETCH(MockServerOptions::HeartbeatForm, form);
    MockServer server;
    MockServerOptions options = quietOptions();
    options.heartbeatMs = 20;
    options.heartbeatForm = form;
    QVERIFY(start(server, options));

    RawSseClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForHead());
    QElapsedTimer timer;
    timer.start();
    const int wanted = 6;
    auto count = [&] {
        return form == MockServerOptions::HeartbeatForm::Comment ? client.comments().size()
                                                                 : client.events().size();
    };
    QVERIFY(QTest::qWaitFor([&] { return count() >= wanted; }, WaitMs));
    // On schedule: six beats 20 ms apart cannot arrive much faster than 100 ms.
    QVERIFY2(timer.elapsed() >= 80, qPrintable(QString::number(timer.elapsed())));

    const double now = nowUnixMs();
    for (int i = 0; i < wanted; ++i) {
        QByteArray stamp;
        switch (form) {
        case MockServerOptions::HeartbeatForm::Comment:
            QVERIFY(client.comments().at(i).startsWith("ping "));
            stamp = client.comments().at(i).mid(5);
            break;
        case MockServerOptions::HeartbeatForm::Event:
            QCOMPARE(client.events().at(i).type, QByteArray("ping"));
            QVERIFY(client.events().at(i).id.isEmpty()); // heartbeats carry no id
            stamp = client.events().at(i).data;
            break;
        case MockServerOptions::HeartbeatForm::Data:
            QCOMPARE(client.events().at(i).type, QByteArray("message"));
            QVERIFY(client.events().at(i).id.isEmpty());
            QVERIFY(client.events().at(i).data.startsWith("ping "));
            stamp = client.events().at(i).data.mid(5);
            break;
        }
        // Unix ms with a microsecond fraction: 13 digits, a dot, 3 digits.
        QCOMPARE(stamp.indexOf('.'), stamp.size() - 4);
        bool ok = false;
        const double ms = stamp.toDouble(&ok);
        QVERIFY(ok);
        QVERIFY2(ms <= now + 1 && ms > now - 10000, stamp.constData());
    }
    if (form == MockServerOptions::HeartbeatForm::Comment)
        QVERIFY(client.body().contains("\n:ping ") || client.body().startsWith(":ping "));
    QVERIFY(server.stats().heartbeatsSent >= wanted);
    QCOMPARE(server.stats().eventsSent, 0);
}

void TestMockServer::periodicEventsWithIdsAndTemplate()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 15;
    options.eventType = "tick";
    options.payloadTemplate = R"({"n":{{n}},"client":{{client}},"id":"{{id}}","t":{{t}}})";
    QVERIFY(start(server, options));
    QSignalSpy logged(&server, &MockServer::requestLogged);

    RawSseClient first;
    RawSseClient second;
    QVERIFY(first.open(server.port()));
    QVERIFY(second.open(server.port()));
    QVERIFY(first.waitForEvents(5));
    QVERIFY(second.waitForEvents(5));
    QCOMPARE(logged.size(), 2);

    QHash<quint16, int> clientByPort;
    for (const QList<QVariant> &arguments : std::as_const(logged)) {
        const auto info = arguments.at(0).value<MockRequestInfo>();
        clientByPort.insert(info.peerPort, info.client);
    }
    for (RawSseClient *client : {&first, &second}) {
        const int number = clientByPort.value(client->localPort());
        QVERIFY(number > 0);
        const QList<qint64> ids = idsOf(client->events());
        QVERIFY2(consecutive(ids, ids.first()), qPrintable(describe(ids)));
        for (const SseEvent &event : client->events()) {
            QCOMPARE(event.type, QByteArray("tick"));
            QVERIFY(event.idInBlock);
            const QByteArray expectedStart = R"({"n":)" + event.id + R"(,"client":)"
                + QByteArray::number(number) + R"(,"id":")" + event.id + R"(","t":)";
            QVERIFY2(event.data.startsWith(expectedStart), event.data.constData());
            const qint64 t = event.data.mid(expectedStart.size()).chopped(1).toLongLong();
            QVERIFY(qAbs(double(t) - nowUnixMs()) < 10000);
        }
    }
    // clients() reports what each was sent last.
    const QHash<quint16, RawSseClient *> clientByPeerPort = {{first.localPort(), &first},
                                                             {second.localPort(), &second}};
    QTRY_VERIFY([&] {
        const QList<MockClientInfo> clients = server.clients();
        for (const MockClientInfo &info : clients) {
            const RawSseClient *client = clientByPeerPort.value(info.peerPort);
            if (!client || info.lastEventId != client->events().last().id)
                return false;
        }
        return clients.size() == 2;
    }());
    QVERIFY(server.stats().eventsGenerated >= 5);
}

void TestMockServer::retryLine_data()
{
    QTest::addColumn<qint64>("retryMs");
    QTest::newRow("1234") << qint64(1234);
    QTest::newRow("zero") << qint64(0);
    QTest::newRow("none") << qint64(-1);
}

void TestMockServer::retryLine()
{
    QFETCH(qint64, retryMs);
    MockServer server;
    MockServerOptions options = quietOptions();
    options.retryMs = retryMs;
    options.eventMs = 20;
    QVERIFY(start(server, options));
    RawSseClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForEvents(1));
    if (retryMs >= 0) {
        QCOMPARE(client.retries(), QList<qint64> {retryMs});
        QVERIFY(
            client.body().startsWith(QByteArray("retry: " + QByteArray::number(retryMs) + '\n')));
    } else {
        QVERIFY(client.retries().isEmpty());
    }
}

void TestMockServer::replayAfterLastEventId_data()
{
    QTest::addColumn<bool>("numeric");
    QTest::addColumn<int>("history");
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("numeric") << true << 1000 << QByteArray("n={{n}}");
    QTest::newRow("numeric, payload per client") << true << 1000 << QByteArray("c={{client}}");
    QTest::newRow("not numeric") << false << 1000 << QByteArray("n={{n}}");
    QTest::newRow("history off") << true << 0 << QByteArray("n={{n}}");
}

void TestMockServer::replayAfterLastEventId()
{
    QFETCH(bool, numeric);
    QFETCH(int, history);
    QFETCH(QByteArray, payload);
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 10;
    options.history = history;
    options.payloadTemplate = payload;
    QVERIFY(start(server, options));

    qint64 last = 0;
    {
        RawSseClient client;
        QVERIFY(client.open(server.port()));
        QVERIFY(client.waitForEvents(5));
        last = client.events().last().id.toLongLong();
        client.close();
    }
    // Events the client misses while away.
    QTRY_VERIFY(server.stats().eventsGenerated >= last + 8);
    QTRY_COMPARE(server.stats().clients, 0);

    const QByteArray lastEventId = numeric ? QByteArray::number(last) : QByteArray("abc");
    QSignalSpy logged(&server, &MockServer::requestLogged);
    RawSseClient client;
    const qint64 generatedBefore = server.stats().eventsGenerated;
    QVERIFY(client.open(server.port(), RawSseClient::resumeRequest(lastEventId)));
    QVERIFY(client.waitForEvents(12));
    const QList<qint64> ids = idsOf(client.events());
    // Whatever arrives is gap-free and repeat-free from its first id on.
    QVERIFY2(consecutive(ids, ids.first()), qPrintable(describe(ids)));
    if (numeric && history > 0) {
        QCOMPARE(ids.first(), last + 1); // continues exactly where it left off
    } else {
        QVERIFY2(ids.first() > generatedBefore - 1, qPrintable(describe(ids))); // live only
    }
    QCOMPARE(logged.size(), 1);
    const auto info = logged.at(0).at(0).value<MockRequestInfo>();
    QCOMPARE(info.lastEventId, lastEventId);
    QVERIFY(info.hasLastEventId);
    if (payload.contains("{{client}}")) {
        // Replayed events are made for the client that receives them.
        for (const SseEvent &event : client.events())
            QCOMPARE(event.data, "c=" + QByteArray::number(info.client));
    } else {
        for (const SseEvent &event : client.events())
            QCOMPARE(event.data, "n=" + event.id);
    }
}

// With the default payload an id names one event: a second client, and a client resuming with
// Last-Event-ID, get the very bytes the first one got for that id (real clients compare them).
void TestMockServer::defaultPayloadNamesOneEvent()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 10;
    options.payloadTemplate = MockServerOptions().payloadTemplate;
    QVERIFY(start(server, options));
    QHash<QByteArray, QByteArray> seen; // id -> data, as the first client got it
    qint64 first = 0;
    {
        RawSseClient client;
        RawSseClient other;
        QVERIFY(client.open(server.port()));
        QVERIFY(other.open(server.port()));
        QVERIFY(client.waitForEvents(6));
        QVERIFY(other.waitForEvents(6));
        for (const SseEvent &event : client.events())
            seen.insert(event.id, event.data);
        for (const SseEvent &event : other.events()) {
            if (seen.contains(event.id))
                QCOMPARE(event.data, seen.value(event.id));
        }
        first = client.events().first().id.toLongLong();
        client.close();
        other.close();
    }
    QTRY_COMPARE(server.stats().clients, 0);
    RawSseClient resumed;
    QVERIFY(resumed.open(server.port(), RawSseClient::resumeRequest(QByteArray::number(first))));
    QVERIFY(resumed.waitForEvents(5));
    int replayed = 0;
    for (const SseEvent &event : resumed.events()) {
        if (!seen.contains(event.id))
            continue;
        QCOMPARE(event.data, seen.value(event.id));
        ++replayed;
    }
    QVERIFY(replayed >= 4); // the first client's events after `first`, replayed as they were
}

void TestMockServer::burstWithEventLimit_data()
{
    QTest::addColumn<QByteArray>("lastEventId");
    QTest::addColumn<qint64>("firstId");
    QTest::newRow("from the start") << QByteArray() << qint64(1);
    QTest::newRow("after Last-Event-ID") << QByteArray("100") << qint64(101);
    QTest::newRow("non-numeric Last-Event-ID") << QByteArray("x7") << qint64(1);
}

void TestMockServer::burstWithEventLimit()
{
    QFETCH(QByteArray, lastEventId);
    QFETCH(qint64, firstId);
    const int count = 20000;
    MockServer server;
    MockServerOptions options = quietOptions();
    options.burst = true;
    options.eventsPerStream = count;
    options.eventMs = 5; // ignored in burst mode
    options.payloadTemplate = "{{n}}:{{client}}";
    QVERIFY(start(server, options));
    QSignalSpy disconnected(&server, &MockServer::clientDisconnected);

    RawSseClient client;
    QVERIFY(client.open(server.port(),
                        lastEventId.isEmpty() ? RawSseClient::request()
                                              : RawSseClient::resumeRequest(lastEventId)));
    QVERIFY(client.waitForEnd(10000));
    QCOMPARE(client.events().size(), count);
    const QList<qint64> ids = idsOf(client.events());
    QVERIFY2(consecutive(ids, firstId), qPrintable(describe(ids)));
    QCOMPARE(client.events().last().data, QByteArray::number(firstId + count - 1) + ":1");
    QTRY_COMPARE(disconnected.size(), 1);
    const auto info = disconnected.at(0).at(0).value<MockDisconnectInfo>();
    QCOMPARE(info.reason, QStringLiteral("event limit"));
    QCOMPARE(info.eventsSent, count);
    // Everything written reached the client: the body plus a head of a few hundred bytes.
    QVERIFY(info.bytesSent > client.body().size());
    QVERIFY(info.bytesSent - client.body().size() < 1024);
    QCOMPARE(server.stats().eventsGenerated, count);
    QCOMPARE(server.stats().eventsSent, count);
}

void TestMockServer::manyClientsGetTheSameEvents()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 20;
    options.payloadTemplate = "event {{n}} at {{t}}";
    QVERIFY(start(server, options));
    QSignalSpy counts(&server, &MockServer::clientCountChanged);

    const int clientCount = 50;
    std::vector<std::unique_ptr<RawSseClient>> clients;
    for (int i = 0; i < clientCount; ++i) {
        clients.push_back(std::make_unique<RawSseClient>());
        QVERIFY(clients.back()->open(server.port()));
    }
    QTRY_COMPARE(server.stats().clients, clientCount);
    QCOMPARE(server.clients().size(), clientCount);
    QCOMPARE(counts.last().at(0).toInt(), clientCount);
    const qint64 from = server.stats().eventsGenerated + 1;
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const auto &client : clients) {
                if (client->events().isEmpty()
                    || client->events().last().id.toLongLong() < from + 3)
                    return false;
            }
            return true;
        },
        WaitMs));
    // Every client has events from..from+3, and they are byte-for-byte the same.
    for (qint64 id = from; id <= from + 3; ++id) {
        QByteArray data;
        for (const auto &client : clients) {
            const QList<qint64> ids = idsOf(client->events());
            QVERIFY2(consecutive(ids, ids.first()), qPrintable(describe(ids)));
            const qsizetype at = ids.indexOf(id);
            QVERIFY(at >= 0);
            const QByteArray got = client->events().at(at).data;
            QVERIFY(got.startsWith(QByteArray("event " + QByteArray::number(id) + " at ")));
            if (data.isEmpty())
                data = got;
            QCOMPARE(got, data);
        }
    }
}

void TestMockServer::slowReaderDropped()
{
#ifndef Q_OS_UNIX
    QSKIP("needs a POSIX socket with a tiny receive buffer");
#else
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 10;
    options.maxClientBufferBytes = 64 * 1024;
    options.payloadTemplate = "{{n}} " + QByteArray(16 * 1024, 'x');
    QVERIFY(start(server, options));
    QSignalSpy disconnected(&server, &MockServer::clientDisconnected);

    RawSseClient healthy;
    QVERIFY(healthy.open(server.port()));
    QVERIFY(healthy.waitForHead());

    // A client that never reads, with a receive window as small as the kernel allows, so that
    // the server's write buffer must grow.
    RawPeer stuck;
    QVERIFY(stuck.open(server.port(), 1024));
    QVERIFY(stuck.send(RawSseClient::request()));

    QTRY_COMPARE_WITH_TIMEOUT(server.stats().slowDropped, 1, 15000);
    QCOMPARE(disconnected.size(), 1);
    const auto info = disconnected.at(0).at(0).value<MockDisconnectInfo>();
    QCOMPARE(info.reason, QStringLiteral("slow reader: write buffer over 65536 bytes"));
    QVERIFY(healthy.isOpen());
    // The healthy client keeps receiving, in order.
    const qsizetype before = healthy.events().size();
    QVERIFY(healthy.waitForEvents(int(before) + 10));
    const QList<qint64> ids = idsOf(healthy.events());
    QVERIFY2(consecutive(ids, ids.first()), qPrintable(describe(ids)));
    QCOMPARE(server.stats().clients, 1);
    QCOMPARE(server.stats().slowDropped, 1);
#endif
}

void TestMockServer::settingsChangeWhileRunning()
{
    MockServer server;
    QVERIFY(start(server, quietOptions()));
    RawSseClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForHead());
    QTRY_COMPARE(server.stats().clients, 1);

    server.setHeartbeat(15, MockServerOptions::HeartbeatForm::Comment);
    QVERIFY(QTest::qWaitFor([&] { return client.comments().size() >= 2; }, WaitMs));

    server.setPayloadTemplate("first {{n}}");
    server.setEventInterval(15);
    QVERIFY(client.waitForEvents(2));
    QVERIFY(client.events().last().data.startsWith("first "));
    server.setPayloadTemplate("second {{n}}");
    const qsizetype before = client.events().size();
    QVERIFY(client.waitForEvents(int(before) + 2));
    QVERIFY(client.events().last().data.startsWith("second "));

    // Off again: nothing more arrives.
    server.setHeartbeat(0, MockServerOptions::HeartbeatForm::Comment);
    server.setEventInterval(0);
    QTest::qWait(20); // lets bytes already on their way arrive
    const qsizetype events = client.events().size();
    const qsizetype comments = client.comments().size();
    QTest::qWait(100);
    QCOMPARE(client.events().size(), events);
    QCOMPARE(client.comments().size(), comments);
}

void TestMockServer::realClientResumesWithoutLossOrDuplicates()
{
    // The real client against the real server: every stream is cut after 5 events, the client
    // comes back with Last-Event-ID after the server's retry, and the history fills the gap.
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 10;
    options.eventsPerStream = 5;
    options.retryMs = 15;
    options.heartbeatMs = 10;
    QVERIFY(start(server, options));

    SseClient client;
    SseClientOptions clientOptions;
    clientOptions.url = server.url();
    clientOptions.retryMs = 15;
    clientOptions.jitterMin = 1.0;
    clientOptions.proxyMode = SseClientOptions::ProxyMode::None;
    QList<ClientRecord> records;
    SseClientStats stats;
    connect(&client, &SseClient::recordsReady, this, [&](const ClientBatch &batch) {
        records += batch.records;
        stats = batch.stats;
    });
    auto eventIds = [&records] {
        QList<qint64> ids;
        for (const ClientRecord &record : std::as_const(records)) {
            if (record.kind == ClientRecord::Kind::Event && !record.heartbeat)
                ids.append(record.event.id.toLongLong());
        }
        return ids;
    };
    bool ended = false;
    connect(&client, &SseClient::finished, this, [&ended] { ended = true; });
    client.setOptions(clientOptions);
    client.open();
    QVERIFY(QTest::qWaitFor([&] { return eventIds().size() >= 20 || ended; }, 10000));
    QVERIFY(!ended);
    client.close();

    const QList<qint64> ids = eventIds();
    QVERIFY2(consecutive(ids, ids.first()), qPrintable(describe(ids)));
    QCOMPARE(stats.lost, 0);
    QCOMPARE(stats.duplicates, 0);
    QVERIFY(stats.connections >= 4);
    // The `:ping <unix-ms.us>` heartbeats give a one-way latency on a shared clock.
    bool sawLatency = false;
    for (const ClientRecord &record : std::as_const(records)) {
        if (record.kind == ClientRecord::Kind::Ping && !std::isnan(record.latencyMs)) {
            sawLatency = true;
            QVERIFY2(record.latencyMs > -1 && record.latencyMs < 1000,
                     qPrintable(QString::number(record.latencyMs)));
        }
    }
    QVERIFY(sawLatency);
}

QTEST_GUILESS_MAIN(TestMockServer)
#include "tst_mockserver.moc"
