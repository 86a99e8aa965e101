// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// ProxyRelay on a loopback socket pair: counted writes, the queue that drives backpressure,
// blackholed and paced writes, the ends it gives the client (FIN after the queue, RST at once,
// RST after what was written), the client going away, and the heads and answers it renders.
#include "http/httpresponsereader.h"
#include "proxy/proxyrecords.h"
#include "proxy/proxyrelay.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

#include <sys/socket.h>

namespace {

// A connected pair: `client` is the test's end, `accepted` the one the relay gets.
struct Pair
{
    bool open()
    {
        if (!server.listen(QHostAddress::LocalHost, 0))
            return false;
        client = std::make_unique<QTcpSocket>();
        client->connectToHost(QHostAddress::LocalHost, server.serverPort());
        if (!server.waitForNewConnection(10000) || !client->waitForConnected(10000))
            return false;
        accepted = server.nextPendingConnection();
        return accepted != nullptr;
    }
    // Everything the client reads until the relay's end closes the connection (both ends run
    // in this thread: the event loop turns while waiting).
    QByteArray readToEnd()
    {
        QByteArray all;
        (void)QTest::qWaitFor(
            [&] {
                all += client->readAll();
                return client->state() != QAbstractSocket::ConnectedState;
            },
            10000);
        return all + client->readAll();
    }

    QTcpServer server;
    std::unique_ptr<QTcpSocket> client;
    QTcpSocket *accepted = nullptr;
};

} // namespace

class TestProxyRelay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesAreCounted();
    void finishSendsTheQueueThenFin();
    void resetDropsTheConnection();
    void resetAfterWrittenKeepsWhatWasWritten();
    void blackholeWritesNothing();
    void queueFullAndRoom();
    void clientGone();
    void readyReadForwarded();
    void responseHead();
    void answers();
};

void TestProxyRelay::writesAreCounted()
{
    Pair pair;
    QVERIFY(pair.open());
    TapProxyStats stats;
    ProxyRelay relay(pair.accepted, 1024, stats);
    relay.write("hello ");
    relay.write("");
    relay.writeInterim("HTTP/1.1 100 Continue\r\n\r\n"); // not counted
    relay.write("world");
    QCOMPARE(relay.bytesWritten(), 11);
    QCOMPARE(stats.bytesToClients, 11);
    relay.finish();
    QVERIFY(!relay.socket());
    QCOMPARE(pair.readToEnd(), QByteArray("hello HTTP/1.1 100 Continue\r\n\r\nworld"));
    relay.write("late"); // after the end: nothing, not counted
    QCOMPARE(relay.bytesWritten(), 11);
}

void TestProxyRelay::finishSendsTheQueueThenFin()
{
    Pair pair;
    QVERIFY(pair.open());
    TapProxyStats stats;
    ProxyRelay relay(pair.accepted, 1 << 20, stats);
    // Paced through the shaper: what it still holds goes out at its pace (here when the stall
    // ends), then the FIN.
    relay.faults().stall(300);
    const QByteArray big(300 * 1024, 'x');
    relay.write(big);
    QVERIFY(relay.faults().pendingBytes() > 0);
    QCOMPARE(relay.queued(), relay.socketBuffered() + relay.faults().pendingBytes());
    QElapsedTimer clock;
    clock.start();
    relay.finish();
    QCOMPARE(pair.readToEnd(), big);
    QCOMPARE(pair.client->error(), QAbstractSocket::RemoteHostClosedError);
    QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed())));
}

void TestProxyRelay::resetDropsTheConnection()
{
    Pair pair;
    QVERIFY(pair.open());
    TapProxyStats stats;
    ProxyRelay relay(pair.accepted, 1024, stats);
    relay.reset();
    QVERIFY(!relay.socket());
    QTRY_VERIFY(pair.client->state() != QAbstractSocket::ConnectedState);
}

void TestProxyRelay::resetAfterWrittenKeepsWhatWasWritten()
{
    Pair pair;
    QVERIFY(pair.open());
    TapProxyStats stats;
    ProxyRelay relay(pair.accepted, 1024, stats);
    relay.write("data: last\n\n");
    relay.resetAfterWritten();
    // Zero linger time: the close that follows sends RST, after the bytes already written.
    linger option {};
    socklen_t size = sizeof option;
    QCOMPARE(::getsockopt(int(relay.socket()->socketDescriptor()), SOL_SOCKET, SO_LINGER, &option,
                          &size),
             0);
    QCOMPARE(option.l_onoff, 1);
    QCOMPARE(option.l_linger, 0);
    relay.reset();
    QByteArray got;
    QTRY_VERIFY(
        (got += pair.client->readAll(), pair.client->state() != QAbstractSocket::ConnectedState));
    got += pair.client->readAll();
    QCOMPARE(got, QByteArray("data: last\n\n"));
}

void TestProxyRelay::blackholeWritesNothing()
{
    Pair pair;
    QVERIFY(pair.open());
    TapProxyStats stats;
    ProxyRelay relay(pair.accepted, 1024, stats);
    relay.write("a");
    relay.faults().blackhole();
    relay.write("b");
    QCOMPARE(relay.bytesWritten(), 1);
    relay.finish();
    QCOMPARE(pair.readToEnd(), QByteArray("a"));
}

void TestProxyRelay::queueFullAndRoom()
{
    Pair pair;
    QVERIFY(pair.open());
    TapProxyStats stats;
    ProxyRelay relay(pair.accepted, 100, stats);
    QVERIFY(!relay.isFull());
    QVERIFY(relay.hasRoom());
    relay.faults().stall(3600 * 1000); // held by the shaper: counted as queued
    relay.write(QByteArray(60, 'a'));
    QVERIFY(!relay.isFull());
    QVERIFY(!relay.hasRoom()); // over half the cap
    relay.write(QByteArray(40, 'b'));
    QVERIFY(relay.isFull());
    relay.reset();
    QVERIFY(!relay.hasRoom()); // no client: never room
}

void TestProxyRelay::clientGone()
{
    Pair pair;
    QVERIFY(pair.open());
    TapProxyStats stats;
    ProxyRelay relay(pair.accepted, 1024, stats);
    QSignalSpy gone(&relay, &ProxyRelay::gone);
    pair.client->disconnectFromHost();
    QTRY_VERIFY(gone.count() >= 1);
}

void TestProxyRelay::readyReadForwarded()
{
    Pair pair;
    QVERIFY(pair.open());
    TapProxyStats stats;
    ProxyRelay relay(pair.accepted, 1024, stats);
    QSignalSpy readyRead(&relay, &ProxyRelay::readyRead);
    QSignalSpy written(&relay, &ProxyRelay::written);
    pair.client->write("GET / HTTP/1.1\r\n\r\n");
    QTRY_VERIFY(readyRead.count() >= 1);
    QCOMPARE(relay.socket()->readAll(), QByteArray("GET / HTTP/1.1\r\n\r\n"));
    relay.write("x");
    QTRY_VERIFY(written.count() >= 1);
}

void TestProxyRelay::responseHead()
{
    HttpResponseReader response;
    const QByteArray head = "HTTP/1.1 200 OK\r\n"
                            "Content-Type: text/event-stream\r\n"
                            "Connection: keep-alive, X-Hop\r\n"
                            "X-Hop: 1\r\n"
                            "Keep-Alive: timeout=5\r\n"
                            "Transfer-Encoding: chunked\r\n"
                            "Content-Encoding: identity\r\n"
                            "Proxy-Connection: close\r\n"
                            "Cache-Control: no-cache\r\n\r\n";
    QCOMPARE(response.feed(head), head.size());
    QVERIFY(response.isComplete());
    QCOMPARE(ProxyRelay::responseHead(response, std::nullopt, false),
             QByteArray("HTTP/1.1 200 OK\r\n"
                        "Content-Type: text/event-stream\r\n"
                        "Transfer-Encoding: chunked\r\n"
                        "Content-Encoding: identity\r\n"
                        "Cache-Control: no-cache\r\n"
                        "Connection: close\r\n\r\n"));
    // The content-type fault replaces the field (empty: none); gzip replaces the encoding.
    QCOMPARE(ProxyRelay::responseHead(response, QByteArray("text/plain"), true),
             QByteArray("HTTP/1.1 200 OK\r\n"
                        "Transfer-Encoding: chunked\r\n"
                        "Cache-Control: no-cache\r\n"
                        "Content-Type: text/plain\r\n"
                        "Content-Encoding: gzip\r\n"
                        "Connection: close\r\n\r\n"));
    QVERIFY(!ProxyRelay::responseHead(response, QByteArray(), false).contains("Content-Type"));
}

void TestProxyRelay::answers()
{
    QCOMPARE(ProxyRelay::answer(502, QByteArray(), "ssemon proxy: down\n"),
             QByteArray("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain; "
                        "charset=utf-8\r\nContent-Length: 19\r\nConnection: close\r\n\r\n"
                        "ssemon proxy: down\n"));
    QCOMPARE(ProxyRelay::answer(204, QByteArray(), "ignored\n"),
             QByteArray("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"));
    QCOMPARE(ProxyRelay::answer(307, "Location: /x\r\n", "moved\n"),
             QByteArray("HTTP/1.1 307 Temporary Redirect\r\nLocation: /x\r\nContent-Type: "
                        "text/plain; charset=utf-8\r\nContent-Length: 6\r\nConnection: "
                        "close\r\n\r\nmoved\n"));
}

QTEST_GUILESS_MAIN(TestProxyRelay)
#include "tst_proxyrelay.moc"
