// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "client/sseclient.h"
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

Q_DECLARE_METATYPE(MockRequestInfo)
Q_DECLARE_METATYPE(MockDisconnectInfo)
Q_DECLARE_METATYPE(MockServerOptions::HeartbeatForm)

namespace {

constexpr int WaitMs = 5000;

// Nothing on a schedule unless the test asks for it.
MockServerOptions quietOptions()
{
    MockServerOptions options;
    options.heartbeatMs = 0;
    options.eventMs = 0;
    return options;
}

QList<qint64> idsOf(const QList<SseEvent> &events)
{
    QList<qint64> ids;
    for (const SseEvent &event : events)
        ids.append(event.id.toLongLong());
    return ids;
}

bool consecutive(const QList<qint64> &ids, qint64 first)
{
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (ids.at(i) != first + i)
            return false;
    }
    return true;
}

QString describe(const QList<qint64> &ids)
{
    QStringList parts;
    for (qint64 id : ids.first(qMin<qsizetype>(ids.size(), 30)))
        parts.append(QString::number(id));
    return parts.join(u',');
}

double nowUnixMs()
{
    return double(QDateTime::currentMSecsSinceEpoch());
}

} // namespace

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
    void badRequests_data();
    void badRequests();
    void requestTimeout_data();
    void requestTimeout();
    void garbageFloodDoesNotHurt();
    void corsPreflight();
    void postWithBodyStreams_data();
    void postWithBodyStreams();
    void requestLogged();
    void tooManyClients();
    void settingsChangeWhileRunning();
    void stopDisconnectsEveryone();
    void startFailsWithMessage();
    void realClientResumesWithoutLossOrDuplicates();

private:
    bool start(MockServer &server, MockServerOptions options);
};

void TestMockServer::initTestCase()
{
    qRegisterMetaType<MockRequestInfo>();
    qRegisterMetaType<MockDisconnectInfo>();
}

bool TestMockServer::start(MockServer &server, MockServerOptions options)
{
    options.host = QHostAddress(QHostAddress::LocalHost);
    options.port = 0;
    server.setOptions(options);
    QString error;
    if (!server.start(&error)) {
        qWarning() << error;
        return false;
    }
    return server.port() != 0;
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

void TestMockServer::badRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("bodyContains");
    QTest::addColumn<QByteArray>("headerName");
    QTest::addColumn<QByteArray>("headerValue");

    QTest::newRow("garbage") << QByteArray("hello server\r\n\r\n") << 400 << QByteArray("malformed")
                             << QByteArray() << QByteArray();
    QTest::newRow("binary with NULs")
        << QByteArray("\x00\x01\x02\xff\xfe\x00GET\r\n\r\n", 13) << 400 << QByteArray("malformed")
        << QByteArray() << QByteArray();
    QTest::newRow("TLS on a plain port") << QByteArray::fromHex("16030100f5010000f10303") << 400
                                         << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("HTTP/2.0") << QByteArray("GET /events HTTP/2.0\r\n\r\n") << 400
                              << QByteArray("version") << QByteArray() << QByteArray();
    QTest::newRow("NUL in a header") << QByteArray("GET /events HTTP/1.1\r\nX: a\0b\r\n\r\n", 32)
                                     << 400 << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("wrong path") << RawSseClient::request("GET", "/nope") << 404
                                << QByteArray("/events") << QByteArray() << QByteArray();
    QTest::newRow("wrong method") << RawSseClient::request("DELETE") << 405 << QByteArray()
                                  << QByteArray("Allow") << QByteArray("GET, POST, HEAD, OPTIONS");
    QTest::newRow("headers too large")
        << RawSseClient::request("GET", "/events", "X-Big: " + QByteArray(3000, 'b') + "\r\n")
        << 431 << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("chunked body") << RawSseClient::request("POST", "/events",
                                                           "Transfer-Encoding: chunked\r\n")
            + "0\r\n\r\n" << 411 << QByteArray("Content-Length")
                                  << QByteArray() << QByteArray();
    QTest::newRow("body too large")
        << RawSseClient::request("POST", "/events", "Content-Length: 5000\r\n")
            + QByteArray(5000, 'z')
        << 413 << QByteArray() << QByteArray() << QByteArray();
}

void TestMockServer::badRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QByteArray, bodyContains);
    QFETCH(QByteArray, headerName);
    QFETCH(QByteArray, headerValue);

    MockServer server;
    MockServerOptions options = quietOptions();
    options.maxRequestHeaderBytes = 2048;
    options.maxRequestBodyBytes = 1000;
    QVERIFY(start(server, options));
    QSignalSpy logged(&server, &MockServer::requestLogged);
    QSignalSpy disconnected(&server, &MockServer::clientDisconnected);

    RawSseClient client;
    QVERIFY(client.open(server.port(), request));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), status);
    QCOMPARE(client.header("Connection"), QByteArray("close"));
    QCOMPARE(client.header("Content-Type"), QByteArray("text/plain; charset=utf-8"));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.header("Content-Length").toInt(), client.body().size());
    QVERIFY(client.body().contains(bodyContains));
    if (!headerName.isEmpty())
        QCOMPARE(client.header(headerName), headerValue);

    QTRY_COMPARE(logged.size(), 1);
    QCOMPARE(logged.at(0).at(0).value<MockRequestInfo>().status, status);
    QCOMPARE(disconnected.size(), 1);
    QVERIFY(disconnected.at(0).at(0).value<MockDisconnectInfo>().reason.contains(
        QString::number(status)));
    QCOMPARE(server.stats().errorsAnswered, 1);
    QCOMPARE(server.stats().clients, 0);

    // And the server still serves.
    RawSseClient next;
    QVERIFY(next.open(server.port()));
    QVERIFY(next.waitForHead());
    QCOMPARE(next.status(), 200);
}

void TestMockServer::requestTimeout_data()
{
    QTest::addColumn<QByteArray>("partial");
    QTest::newRow("nothing sent") << QByteArray();
    QTest::newRow("request line only") << QByteArray("GET /events HTTP/1.1\r\n");
    QTest::newRow("body never completes")
        << RawSseClient::request("POST", "/events", "Content-Length: 100\r\n") + "12345";
}

void TestMockServer::requestTimeout()
{
    QFETCH(QByteArray, partial);
    MockServer server;
    MockServerOptions options = quietOptions();
    options.requestTimeoutMs = 100;
    QVERIFY(start(server, options));
    QSignalSpy disconnected(&server, &MockServer::clientDisconnected);

    QElapsedTimer timer;
    timer.start();
    RawSseClient client;
    QVERIFY(client.open(server.port(), partial));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), 408);
    QVERIFY(timer.elapsed() >= 90);
    QVERIFY(client.waitForEnd());
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.at(0).at(0).value<MockDisconnectInfo>().reason,
             QStringLiteral("request timeout"));
}

void TestMockServer::garbageFloodDoesNotHurt()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 20;
    QVERIFY(start(server, options));
    RawSseClient watcher;
    QVERIFY(watcher.open(server.port()));
    QVERIFY(watcher.waitForEvents(1));

    // Random bytes, NULs included, in volume, from several connections at once.
    std::vector<std::unique_ptr<RawSseClient>> floods;
    QByteArray noise(256 * 1024, '\0');
    quint32 state = 12345;
    for (char &c : noise) {
        state = state * 1103515245 + 12345;
        c = char(state >> 24);
    }
    for (int i = 0; i < 5; ++i) {
        floods.push_back(std::make_unique<RawSseClient>());
        floods.back()->open(server.port(), noise);
    }
    // A valid method but an endless header line: bounded by the header cap.
    floods.push_back(std::make_unique<RawSseClient>());
    floods.back()->open(server.port(), "GET /events HTTP/1.1\r\nX: " + QByteArray(100000, 'a'));
    for (const auto &flood : floods) {
        QVERIFY(flood->waitForEnd());
        QVERIFY(flood->status() == 400 || flood->status() == 431 || flood->status() == 0);
    }
    const qsizetype before = watcher.events().size();
    QVERIFY(watcher.waitForEvents(int(before) + 3));
    QCOMPARE(server.stats().clients, 1);
}

void TestMockServer::corsPreflight()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.cors = true;
    QVERIFY(start(server, options));
    RawSseClient client;
    QVERIFY(
        client.open(server.port(),
                    RawSseClient::request("OPTIONS", "/events",
                                          "Origin: http://example.test\r\n"
                                          "Access-Control-Request-Method: GET\r\n"
                                          "Access-Control-Request-Headers: last-event-id\r\n")));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), 204);
    QCOMPARE(client.header("Access-Control-Allow-Origin"), QByteArray("*"));
    const QByteArray methods = client.header("Access-Control-Allow-Methods");
    QVERIFY(methods.contains("GET") && methods.contains("POST"));
    const QByteArray headers = client.header("Access-Control-Allow-Headers");
    for (const char *name : {"Last-Event-ID", "Content-Type", "Authorization"})
        QVERIFY2(headers.contains(name), headers.constData());
    QVERIFY(!client.hasHeader("Content-Length")); // a 204 has none
    QVERIFY(client.waitForEnd());
    QVERIFY(client.body().isEmpty());
    QCOMPARE(server.stats().errorsAnswered, 0);
}

void TestMockServer::postWithBodyStreams_data()
{
    QTest::addColumn<bool>("bodyLater");
    QTest::newRow("body with the head") << false;
    QTest::newRow("body in a later write") << true;
}

void TestMockServer::postWithBodyStreams()
{
    QFETCH(bool, bodyLater);
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 15;
    QVERIFY(start(server, options));
    QSignalSpy logged(&server, &MockServer::requestLogged);

    const QByteArray body = R"({"model":"m","stream":true,"messages":[]})";
    const QByteArray head =
        RawSseClient::request("POST", "/events",
                              "Content-Type: application/json\r\nContent-Length: "
                                  + QByteArray::number(body.size()) + "\r\n");
    RawSseClient client;
    if (bodyLater) {
        QVERIFY(client.open(server.port(), head + body.first(10)));
        // The stream must not start before the whole body is in.
        QTest::qWait(50);
        QCOMPARE(server.stats().clients, 0);
        QVERIFY(logged.isEmpty());
        client.send(body.sliced(10));
    } else {
        QVERIFY(client.open(server.port(), head + body));
    }
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), 200);
    QVERIFY(client.waitForEvents(3));
    QCOMPARE(logged.size(), 1);
    QCOMPARE(logged.at(0).at(0).value<MockRequestInfo>().method, QByteArray("POST"));
}

void TestMockServer::requestLogged()
{
    MockServer server;
    QVERIFY(start(server, quietOptions()));
    QSignalSpy logged(&server, &MockServer::requestLogged);
    RawSseClient client;
    QVERIFY(client.open(server.port(),
                        RawSseClient::request("GET", "/events?topic=a", "Last-Event-ID: abc\r\n")));
    RawSseClient plain;
    QVERIFY(plain.open(server.port()));
    QTRY_COMPARE(logged.size(), 2);
    QHash<quint16, MockRequestInfo> byPort;
    for (const QList<QVariant> &arguments : std::as_const(logged)) {
        const auto info = arguments.at(0).value<MockRequestInfo>();
        byPort.insert(info.peerPort, info);
    }
    const MockRequestInfo withId = byPort.value(client.localPort());
    QCOMPARE(withId.method, QByteArray("GET"));
    QCOMPARE(withId.path, QByteArray("/events?topic=a"));
    QCOMPARE(withId.lastEventId, QByteArray("abc"));
    QVERIFY(withId.hasLastEventId);
    QCOMPARE(withId.status, 200);
    QCOMPARE(withId.peer, QHostAddress(QHostAddress::LocalHost));
    const MockRequestInfo withoutId = byPort.value(plain.localPort());
    QVERIFY(!withoutId.hasLastEventId);
    QVERIFY(withoutId.lastEventId.isEmpty());
    QVERIFY(withoutId.client != withId.client);
    QCOMPARE(server.stats().requests, 2);
}

void TestMockServer::tooManyClients()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.maxClients = 2;
    QVERIFY(start(server, options));
    RawSseClient a;
    RawSseClient b;
    QVERIFY(a.open(server.port()));
    QVERIFY(b.open(server.port()));
    QTRY_COMPARE(server.stats().clients, 2);
    RawSseClient c;
    QVERIFY(c.open(server.port()));
    QVERIFY(c.waitForHead());
    QCOMPARE(c.status(), 503);
    QVERIFY(c.header("Retry-After").toInt() > 0);
    QVERIFY(c.waitForEnd());
    // A place frees up: the next one gets in.
    QSignalSpy disconnected(&server, &MockServer::clientDisconnected);
    QSignalSpy counts(&server, &MockServer::clientCountChanged);
    const quint16 aPort = a.localPort();
    a.close();
    QTRY_COMPARE(server.stats().clients, 1);
    QCOMPARE(disconnected.size(), 1);
    const auto info = disconnected.at(0).at(0).value<MockDisconnectInfo>();
    QCOMPARE(info.reason, QStringLiteral("client closed"));
    QCOMPARE(info.peerPort, aPort);
    QCOMPARE(counts.size(), 1);
    QCOMPARE(counts.at(0).at(0).toInt(), 1);
    RawSseClient d;
    QVERIFY(d.open(server.port()));
    QVERIFY(d.waitForHead());
    QCOMPARE(d.status(), 200);
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

void TestMockServer::stopDisconnectsEveryone()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 10;
    QVERIFY(start(server, options));
    const quint16 port = server.port();
    QSignalSpy disconnected(&server, &MockServer::clientDisconnected);
    QSignalSpy counts(&server, &MockServer::clientCountChanged);

    std::vector<std::unique_ptr<RawSseClient>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<RawSseClient>());
        QVERIFY(clients.back()->open(port));
    }
    for (const auto &client : clients)
        QVERIFY(client->waitForEvents(2));
    RawSseClient halfway; // still sending its request
    QVERIFY(halfway.open(port, "GET /events HTTP/1.1\r\n"));
    QTRY_COMPARE(server.stats().clients, 3);
    QTest::qWait(20);

    server.stop();
    QVERIFY(!server.isListening());
    QCOMPARE(server.stats().clients, 0);
    QVERIFY(server.clients().isEmpty());
    QCOMPARE(counts.last().at(0).toInt(), 0);
    QCOMPARE(disconnected.size(), 4);
    for (const QList<QVariant> &arguments : std::as_const(disconnected))
        QCOMPARE(arguments.at(0).value<MockDisconnectInfo>().reason,
                 QStringLiteral("server stopped"));
    for (const auto &client : clients)
        QVERIFY(client->waitForEnd());
    QVERIFY(halfway.waitForEnd());

    // Nobody is let in any more; a new start works and event numbers go on.
    QTcpSocket refused;
    refused.connectToHost(QHostAddress::LocalHost, port);
    QTRY_COMPARE(refused.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(refused.error(), QAbstractSocket::ConnectionRefusedError);
    const qint64 lastId = clients.front()->events().last().id.toLongLong();
    QVERIFY(start(server, options));
    RawSseClient again;
    QVERIFY(again.open(server.port()));
    QVERIFY(again.waitForEvents(1));
    QVERIFY(again.events().first().id.toLongLong() > lastId);
}

void TestMockServer::startFailsWithMessage()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    MockServer server;
    MockServerOptions options = quietOptions();
    options.port = occupant.serverPort();
    server.setOptions(options);
    QString error;
    QVERIFY(!server.start(&error));
    QVERIFY(!server.isListening());
    QVERIFY2(error.startsWith(
                 QStringLiteral("cannot listen on 127.0.0.1:%1: ").arg(occupant.serverPort())),
             qPrintable(error));
    QVERIFY(error.size() > QStringLiteral("cannot listen on 127.0.0.1:1: ").size() + 4);
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
