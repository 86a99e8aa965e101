// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The mock server's requests, end to end on loopback: bad requests answered with their status,
// the request timeout, a garbage flood, CORS preflight, a POST body read and thrown away, the
// request log, the client cap, stopping, and a start that fails with its reason.
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

class TestMockServerRequests : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
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
    void stopDisconnectsEveryone();
    void startFailsWithMessage();
    void restartTakesAnotherPortWhenItsOwnIsTaken();
};

void TestMockServerRequests::initTestCase()
{
    qRegisterMetaType<MockRequestInfo>();
    qRegisterMetaType<MockDisconnectInfo>();
}

void TestMockServerRequests::badRequests_data()
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

void TestMockServerRequests::badRequests()
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

void TestMockServerRequests::requestTimeout_data()
{
    QTest::addColumn<QByteArray>("partial");
    QTest::newRow("nothing sent") << QByteArray();
    QTest::newRow("request line only") << QByteArray("GET /events HTTP/1.1\r\n");
    QTest::newRow("body never completes")
        << RawSseClient::request("POST", "/events", "Content-Length: 100\r\n") + "12345";
}

void TestMockServerRequests::requestTimeout()
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

void TestMockServerRequests::garbageFloodDoesNotHurt()
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

void TestMockServerRequests::corsPreflight()
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

void TestMockServerRequests::postWithBodyStreams_data()
{
    QTest::addColumn<bool>("bodyLater");
    QTest::newRow("body with the head") << false;
    QTest::newRow("body in a later write") << true;
}

void TestMockServerRequests::postWithBodyStreams()
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

void TestMockServerRequests::requestLogged()
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

void TestMockServerRequests::tooManyClients()
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

void TestMockServerRequests::stopDisconnectsEveryone()
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

    // Nobody is let in any more; a new start works, on the same port, and event numbers go on.
    QTcpSocket refused;
    refused.connectToHost(QHostAddress::LocalHost, port);
    QTRY_COMPARE(refused.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(refused.error(), QAbstractSocket::ConnectionRefusedError);
    const qint64 lastId = clients.front()->events().last().id.toLongLong();
    QVERIFY(start(server, options));
    QCOMPARE(server.port(), port);
    RawSseClient again;
    QVERIFY(again.open(port));
    QVERIFY(again.waitForEvents(1));
    QVERIFY(again.events().first().id.toLongLong() > lastId);
}

void TestMockServerRequests::startFailsWithMessage()
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

void TestMockServerRequests::restartTakesAnotherPortWhenItsOwnIsTaken()
{
    MockServer server;
    QVERIFY(start(server, quietOptions()));
    const quint16 port = server.port();
    server.stop();
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, port));
    QVERIFY(start(server, quietOptions()));
    QVERIFY(server.port() != 0);
    QVERIFY(server.port() != port);
    RawSseClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForHead());

    // A port asked for by number is that port or an error, never another one.
    server.stop();
    MockServerOptions options = quietOptions();
    options.host = QHostAddress(QHostAddress::LocalHost);
    options.port = port;
    server.setOptions(options);
    QString error;
    QVERIFY(!server.start(&error));
    QVERIFY2(error.contains(QString::number(port)), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestMockServerRequests)

#include "tst_mockserver_requests.moc"
