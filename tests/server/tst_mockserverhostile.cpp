// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "rawpeer.h"
#include "server/mockserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <vector>

#ifdef Q_OS_UNIX
#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

Q_DECLARE_METATYPE(MockDisconnectInfo)

// Clients nobody controls, against the mock server, with its sockets on the server's thread
// (threads=0) and on I/O threads: each abuse is bounded, and a well-behaved client connected
// throughout keeps receiving its heartbeats.

#ifdef Q_OS_UNIX
namespace {

constexpr int WaitMs = 10000;

} // namespace
#endif

class TestMockServerHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void slowloris_data() { threadRows(); }
    void slowloris();
    void oversizedRequests_data();
    void oversizedRequests();
    void pipelinedGarbage_data() { threadRows(); }
    void pipelinedGarbage();
    void thousandsOpenedAndAbandoned_data() { threadRows(); }
    void thousandsOpenedAndAbandoned();
    void neverReadingClientIsDropped_data() { threadRows(); }
    void neverReadingClientIsDropped();
    void halfClosedStreamContinues_data() { threadRows(); }
    void halfClosedStreamContinues();
    void descriptorExhaustion_data() { threadRows(); }
    void descriptorExhaustion();

private:
    static void threadRows()
    {
        QTest::addColumn<int>("threads");
        QTest::newRow("server thread") << 0;
        QTest::newRow("2 I/O threads") << 2;
    }
    // Heartbeats every 20 ms, no events: what a well-behaved client must keep receiving.
    static MockServerOptions options(int threads)
    {
        MockServerOptions options;
        options.threads = threads;
        options.heartbeatMs = 20;
        options.eventMs = 0;
        return options;
    }
    static bool start(MockServer &server, const MockServerOptions &options)
    {
        server.setOptions(options);
        QString error;
        if (!server.start(&error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        return true;
    }
};

void TestMockServerHostile::initTestCase()
{
#ifndef Q_OS_UNIX
    QSKIP("raw POSIX sockets");
#else
    qRegisterMetaType<MockDisconnectInfo>();
    // Thousands of sockets, both ends in this process.
    rlimit limit {};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
#endif
}

void TestMockServerHostile::slowloris()
{
#ifdef Q_OS_UNIX
    QFETCH(int, threads);
    MockServer server;
    MockServerOptions opts = options(threads);
    opts.requestTimeoutMs = 400;
    QVERIFY(start(server, opts));
    QSignalSpy disconnected(&server, &MockServer::clientDisconnected);
    RawPeer good;
    QVERIFY(good.open(server.port()));
    QVERIFY(good.send(streamRequest()));
    QVERIFY(good.waitForPings(1));

    // One header byte every 20 ms: never a complete request.
    RawPeer slow;
    QVERIFY(slow.open(server.port()));
    const QByteArray dribble = "GET /events HTTP/1.1\r\nX-Slow: " + QByteArray(1000, 'a');
    qsizetype sent = 0;
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        if (sent < dribble.size() && slow.send(dribble.mid(sent, 1)))
            ++sent;
    });
    ticker.start(20);
    const int pingsBefore = good.pings();
    QVERIFY(slow.waitForClose());
    ticker.stop();
    QCOMPARE(slow.status(), 408);
    QVERIFY(sent > 3); // it did dribble before being cut off
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, WaitMs);
    QCOMPARE(disconnected.at(0).at(0).value<MockDisconnectInfo>().reason,
             QStringLiteral("request timeout"));
    // The well-behaved client was served throughout.
    QVERIFY(good.pings() > pingsBefore);
    QVERIFY(good.waitForPings(good.pings() + 3));
    QVERIFY(!good.poll());
    QCOMPARE(server.stats().clients, 1);
#endif
}

void TestMockServerHostile::oversizedRequests_data()
{
    QTest::addColumn<int>("threads");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    const QByteArray longLine = "GET /events?" + QByteArray(20000, 'q') + " HTTP/1.1\r\n\r\n";
    QByteArray manyHeaders = "GET /events HTTP/1.1\r\n";
    for (int i = 0; i < 2000; ++i)
        manyHeaders += "X-H" + QByteArray::number(i) + ": v\r\n";
    manyHeaders += "\r\n";
    const QByteArray hugeHeader = streamRequest("X-Big: " + QByteArray(64 * 1024, 'b') + "\r\n");
    const QByteArray bigBody = "POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: "
        + QByteArray::number(qint64(1) << 31) + "\r\n\r\n" + QByteArray(4096, 'x');
    for (const int threads : {0, 2}) {
        const QByteArray suffix = " threads=" + QByteArray::number(threads);
        QTest::newRow(QByteArray("request line" + suffix).constData())
            << threads << longLine << 431;
        QTest::newRow(QByteArray("2000 headers" + suffix).constData())
            << threads << manyHeaders << 431;
        QTest::newRow(QByteArray("64 KiB header" + suffix).constData())
            << threads << hugeHeader << 431;
        QTest::newRow(QByteArray("2 GiB body" + suffix).constData()) << threads << bigBody << 413;
    }
}

void TestMockServerHostile::oversizedRequests()
{
#ifdef Q_OS_UNIX
    QFETCH(int, threads);
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    MockServer server;
    QVERIFY(start(server, options(threads)));
    RawPeer good;
    QVERIFY(good.open(server.port()));
    QVERIFY(good.send(streamRequest()));
    QVERIFY(good.waitForPings(1));

    RawPeer bad;
    QVERIFY(bad.open(server.port()));
    // The server may answer and close before it has read everything: a failed send is fine.
    bad.send(bytes);
    QVERIFY(QTest::qWaitFor([&] { return bad.status() != 0 || bad.poll(); }, WaitMs));
    QCOMPARE(bad.status(), status);
    QVERIFY(bad.waitForClose());
    QCOMPARE(server.stats().errorsAnswered, 1);
    QVERIFY(good.waitForPings(good.pings() + 3));
    QCOMPARE(server.stats().clients, 1);
#endif
}

void TestMockServerHostile::pipelinedGarbage()
{
#ifdef Q_OS_UNIX
    QFETCH(int, threads);
    MockServer server;
    MockServerOptions opts = options(threads);
    opts.eventMs = 10;
    QVERIFY(start(server, opts));
    QSignalSpy logged(&server, &MockServer::requestLogged);

    // A valid request with a megabyte of garbage and more requests behind it: the stream is
    // served, what follows is read and thrown away (no pipelining on an event stream).
    RawPeer streaming;
    QVERIFY(streaming.open(server.port()));
    QByteArray junk;
    for (int i = 0; i < 4096; ++i)
        junk += QByteArray("\x00\xff garbage \r\n\r\n", 16) + streamRequest();
    QVERIFY(streaming.send(streamRequest() + junk.left(1024 * 1024)));
    QVERIFY(QTest::qWaitFor([&] { return streaming.bytes().count("id: ") >= 3; }, WaitMs));
    QCOMPARE(streaming.status(), 200);
    QVERIFY(!streaming.poll());

    // Garbage first: one 400, then the connection is closed whatever follows.
    RawPeer garbage;
    QVERIFY(garbage.open(server.port()));
    garbage.send(junk.left(64 * 1024));
    QVERIFY(garbage.waitForClose());
    QCOMPARE(garbage.status(), 400);
    QCOMPARE(garbage.bytes().count("HTTP/1.1 "), 1);

    QTRY_COMPARE_WITH_TIMEOUT(logged.size(), 2, WaitMs);
    QCOMPARE(server.stats().requests, 2);
    QCOMPARE(server.stats().clients, 1);
    const int pings = streaming.pings();
    QVERIFY(streaming.waitForPings(pings + 3));
#endif
}

void TestMockServerHostile::thousandsOpenedAndAbandoned()
{
#ifdef Q_OS_UNIX
    QFETCH(int, threads);
    MockServer server;
    QVERIFY(start(server, options(threads)));
    QSignalSpy disconnected(&server, &MockServer::clientDisconnected);
    RawPeer good;
    QVERIFY(good.open(server.port()));
    QVERIFY(good.send(streamRequest()));
    QVERIFY(good.waitForPings(1));
    const int descriptorsBefore = openDescriptorCount();

    // Three kinds of abandoned connection: silent, half a request, a whole request (a
    // stream); all closed by the peer without a word.
    const int count = 3000;
    const int pingsBefore = good.pings();
    for (int round = 0; round < count / 300; ++round) {
        std::vector<std::unique_ptr<RawPeer>> peers;
        for (int i = 0; i < 300; ++i) {
            auto peer = std::make_unique<RawPeer>();
            QVERIFY(peer->open(server.port()));
            if (i % 3 == 1)
                peer->send("GET /events HTTP/1.1\r\nHost:");
            else if (i % 3 == 2)
                peer->send(streamRequest());
            peers.push_back(std::move(peer));
        }
        QTest::qWait(1); // lets the server accept some of them while they are still open
        peers.clear();
    }
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), count, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().clients, 1, WaitMs);
    QCOMPARE(server.clients().size(), 1);
    // Nothing leaks: every server-side descriptor is closed again.
    QTRY_VERIFY_WITH_TIMEOUT(openDescriptorCount() <= descriptorsBefore, WaitMs);
    QVERIFY(good.pings() > pingsBefore);
    QVERIFY(good.waitForPings(good.pings() + 3));
    QVERIFY(!good.poll());
    // And a newcomer is served.
    RawPeer late;
    QVERIFY(late.open(server.port()));
    QVERIFY(late.send(streamRequest()));
    QVERIFY(late.waitForPings(1));
#endif
}

void TestMockServerHostile::neverReadingClientIsDropped()
{
#ifdef Q_OS_UNIX
    QFETCH(int, threads);
    MockServer server;
    MockServerOptions opts = options(threads);
    opts.eventMs = 5;
    opts.maxClientBufferBytes = 64 * 1024;
    opts.payloadTemplate = "{{n}} " + QByteArray(8 * 1024, 'x');
    QVERIFY(start(server, opts));
    QSignalSpy disconnected(&server, &MockServer::clientDisconnected);
    RawPeer good;
    QVERIFY(good.open(server.port()));
    QVERIFY(good.send(streamRequest()));
    QVERIFY(good.waitForPings(1));

    RawPeer stuck;
    QVERIFY(stuck.open(server.port(), 1024));
    QVERIFY(stuck.send(streamRequest()));
    // It never reads: the server's buffer for it must stay capped, and the client dropped.
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().slowDropped, 1, 30000);
    QCOMPARE(disconnected.size(), 1);
    const auto info = disconnected.at(0).at(0).value<MockDisconnectInfo>();
    QCOMPARE(info.reason, QStringLiteral("slow reader: write buffer over 65536 bytes"));
    for (const MockClientInfo &client : server.clients())
        QVERIFY(client.bufferedBytes <= 2 * opts.maxClientBufferBytes);
    QVERIFY(good.waitForPings(good.pings() + 3, 30000));
    QVERIFY(!good.poll());
    QCOMPARE(server.stats().clients, 1);
#endif
}

void TestMockServerHostile::halfClosedStreamContinues()
{
#ifdef Q_OS_UNIX
    QFETCH(int, threads);
    if (threads == 0)
        QSKIP("with its sockets on the server's thread, Qt's QTcpSocket ends the connection "
              "on a half-close; the I/O threads keep it");
    MockServer server;
    QVERIFY(start(server, options(threads)));
    QSignalSpy disconnected(&server, &MockServer::clientDisconnected);

    // The request, then our side shut (shutdown(SHUT_WR)): the stream must go on.
    RawPeer half;
    QVERIFY(half.open(server.port()));
    QVERIFY(half.send(streamRequest()));
    half.shutdownWrite();
    QVERIFY(half.waitForPings(1));
    QVERIFY(half.waitForPings(half.pings() + 5));
    QVERIFY(!half.poll());
    QCOMPARE(server.stats().clients, 1);
    QCOMPARE(disconnected.size(), 0);

    // Now it goes away for good: the server notices and lets go.
    half.close();
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, WaitMs);
    QCOMPARE(disconnected.at(0).at(0).value<MockDisconnectInfo>().reason,
             QStringLiteral("client closed"));
    QCOMPARE(server.stats().clients, 0);
#endif
}

void TestMockServerHostile::descriptorExhaustion()
{
#ifdef Q_OS_UNIX
    QFETCH(int, threads);
    MockServer server;
    QVERIFY(start(server, options(threads)));
    QSignalSpy paused(&server, &MockServer::acceptPaused);
    QSignalSpy resumed(&server, &MockServer::acceptResumed);
    RawPeer good;
    QVERIFY(good.open(server.port()));
    QVERIFY(good.send(streamRequest()));
    QVERIFY(good.waitForPings(1));

    // Room for a few more descriptors only; both ends of each connection are in this process.
    rlimit saved {};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &saved), 0);
    auto restore = qScopeGuard([saved] { ::setrlimit(RLIMIT_NOFILE, &saved); });
    // The limit bounds descriptor numbers: find the one below which exactly 24 are free.
    QList<int> used;
    const QStringList entries =
        QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System);
    for (const QString &entry : entries)
        used.append(entry.toInt());
    std::sort(used.begin(), used.end());
    int bound = 0;
    for (int free = 0; free < 24; ++bound) {
        if (!std::binary_search(used.cbegin(), used.cend(), bound))
            ++free;
    }
    rlimit tight = saved;
    tight.rlim_cur = rlim_t(bound);
    QCOMPARE(::setrlimit(RLIMIT_NOFILE, &tight), 0);

    // Connect until this side runs out, the server accepting each; then one descriptor is
    // freed and taken by one more client, so that the server has none left to accept it with.
    const int spare = ::dup(STDERR_FILENO);
    QVERIFY(spare >= 0);
    std::vector<std::unique_ptr<RawPeer>> peers;
    for (int i = 0; i < 100 && server.stats().acceptErrors == 0; ++i) {
        auto peer = std::make_unique<RawPeer>();
        if (!peer->open(server.port()))
            break;
        peer->send(streamRequest());
        peers.push_back(std::move(peer));
        const auto served = qint64(peers.size()) + 1;
        QVERIFY(QTest::qWaitFor(
            [&] { return server.stats().requests >= served || server.stats().acceptErrors > 0; },
            WaitMs));
    }
    ::close(spare);
    if (server.stats().acceptErrors == 0) {
        peers.push_back(std::make_unique<RawPeer>());
        QVERIFY(peers.back()->open(server.port()));
        QVERIFY(peers.back()->send(streamRequest()));
    }
    QTRY_VERIFY_WITH_TIMEOUT(server.stats().acceptErrors > 0, WaitMs);
    QCOMPARE(paused.size(), 1);
    QVERIFY(paused.at(0).at(0).toString().contains(QLatin1String("retrying")));
    QVERIFY(peers.size() >= 2);
    RawPeer &waiting = *peers.back();
    // Existing clients keep their heartbeats while the server cannot accept.
    QVERIFY(good.waitForPings(good.pings() + 3));
    QCOMPARE(waiting.bytes().size(), 0);

    // Descriptors free up: accepting resumes and the waiting client is served.
    for (int i = 0; i < 4; ++i)
        peers.at(size_t(i))->close();
    QVERIFY(waiting.waitForPings(1));
    QCOMPARE(waiting.status(), 200);
    QTRY_COMPARE_WITH_TIMEOUT(resumed.size(), 1, WaitMs);
    QVERIFY(good.waitForPings(good.pings() + 3));
    QVERIFY(!good.poll());
#endif
}

QTEST_GUILESS_MAIN(TestMockServerHostile)
#include "tst_mockserverhostile.moc"
