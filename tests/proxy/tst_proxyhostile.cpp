// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// Clients nobody controls, against the tap proxy in front of a mock server that sends a
// heartbeat every 20 ms: each abuse is bounded (answered, cut off or throttled), nothing leaks,
// and a well-behaved client streaming through the proxy throughout keeps its heartbeats.
#include "proxy/tapproxy.h"
#include "rawpeer.h"
#include "server/mockserver.h"

#include <QDir>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

namespace {

constexpr int WaitMs = 10000;

} // namespace

class TestProxyHostile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void slowloris();
    void oversizedRequests_data();
    void oversizedRequests();
    void pipelinedGarbage();
    void thousandsOpenedAndAbandoned();
    void neverReadingClientIsThrottled();
    void halfClosedClientIsLetGo();

private:
    // The upstream and the proxy, fresh for each test; `good` streams through them.
    bool startProxy(const TapProxyOptions &extra = TapProxyOptions());
    std::unique_ptr<MockServer> m_upstream;
    std::unique_ptr<TapProxy> m_proxy;
#ifdef Q_OS_UNIX
    std::unique_ptr<RawPeer> m_good;
#endif
};

void TestProxyHostile::initTestCase()
{
#ifndef Q_OS_UNIX
    QSKIP("raw POSIX sockets");
#else
    qRegisterMetaType<ProxyDisconnectInfo>();
    rlimit limit {};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
#endif
}

void TestProxyHostile::init()
{
    m_upstream = std::make_unique<MockServer>();
    MockServerOptions options;
    options.heartbeatMs = 20;
    options.eventMs = 0;
    m_upstream->setOptions(options);
    QVERIFY(m_upstream->start());
}

void TestProxyHostile::cleanup()
{
#ifdef Q_OS_UNIX
    m_good.reset();
#endif
    m_proxy.reset();
    m_upstream.reset();
}

bool TestProxyHostile::startProxy(const TapProxyOptions &extra)
{
    TapProxyOptions options = extra;
    options.upstream = m_upstream->url();
    m_proxy = std::make_unique<TapProxy>();
    m_proxy->setOptions(options);
    if (!m_proxy->start())
        return false;
#ifdef Q_OS_UNIX
    m_good = std::make_unique<RawPeer>();
    return m_good->open(m_proxy->port()) && m_good->send(streamRequest())
        && m_good->waitForPings(1);
#else
    return true;
#endif
}

void TestProxyHostile::slowloris()
{
#ifdef Q_OS_UNIX
    TapProxyOptions options;
    options.requestTimeoutMs = 400;
    QVERIFY(startProxy(options));
    QSignalSpy closed(m_proxy.get(), &TapProxy::connectionClosed);
    // One header byte every 20 ms: never a complete request.
    RawPeer slow;
    QVERIFY(slow.open(m_proxy->port()));
    const QByteArray dribble = "GET /events HTTP/1.1\r\nX-Slow: " + QByteArray(1000, 'a');
    qsizetype sent = 0;
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        if (sent < dribble.size() && slow.send(dribble.mid(sent, 1)))
            ++sent;
    });
    ticker.start(20);
    const int pingsBefore = m_good->pings();
    QVERIFY(slow.waitForClose());
    ticker.stop();
    QCOMPARE(slow.status(), 408);
    QVERIFY(sent > 3);
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, WaitMs);
    QCOMPARE(closed.at(0).at(0).value<ProxyDisconnectInfo>().status, 408);
    QCOMPARE(m_proxy->stats().forwarded, 1); // only the good one reached the upstream
    QVERIFY(m_good->pings() > pingsBefore);
    QVERIFY(m_good->waitForPings(m_good->pings() + 3));
    QVERIFY(!m_good->poll());
#endif
}

void TestProxyHostile::oversizedRequests_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::newRow("request line") << QByteArray("GET /events?" + QByteArray(20000, 'q')
                                                + " HTTP/1.1\r\n\r\n")
                                  << 431;
    QByteArray manyHeaders = "GET /events HTTP/1.1\r\n";
    for (int i = 0; i < 2000; ++i)
        manyHeaders += "X-H" + QByteArray::number(i) + ": v\r\n";
    QTest::newRow("2000 headers") << QByteArray(manyHeaders + "\r\n") << 431;
    QTest::newRow("2 GiB body") << QByteArray("POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: "
                                              + QByteArray::number(qint64(1) << 31) + "\r\n\r\n"
                                              + QByteArray(4096, 'x'))
                                << 413;
}

void TestProxyHostile::oversizedRequests()
{
#ifdef Q_OS_UNIX
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    QVERIFY(startProxy());
    RawPeer bad;
    QVERIFY(bad.open(m_proxy->port()));
    bad.send(bytes); // the proxy may answer and close before it has read everything
    QVERIFY(QTest::qWaitFor([&] { return bad.status() != 0 || bad.poll(); }, WaitMs));
    QCOMPARE(bad.status(), status);
    QVERIFY(bad.waitForClose());
    QCOMPARE(m_proxy->stats().forwarded, 1);
    QVERIFY(m_good->waitForPings(m_good->pings() + 3));
#endif
}

void TestProxyHostile::pipelinedGarbage()
{
#ifdef Q_OS_UNIX
    QVERIFY(startProxy());
    // A valid request with a megabyte of garbage and more requests behind it: one request is
    // forwarded, what follows is read and thrown away (one request per connection).
    RawPeer streaming;
    QVERIFY(streaming.open(m_proxy->port()));
    QByteArray junk;
    for (int i = 0; i < 4096; ++i)
        junk += QByteArray("\x00\xff garbage \r\n\r\n", 16) + streamRequest();
    QVERIFY(streaming.send(streamRequest() + junk.left(1024 * 1024)));
    QVERIFY(streaming.waitForPings(3));
    QCOMPARE(streaming.status(), 200);
    QCOMPARE(streaming.bytes().count("HTTP/1.1 "), 1);

    // Garbage first: one 400 and the connection is closed, the upstream never asked.
    RawPeer garbage;
    QVERIFY(garbage.open(m_proxy->port()));
    garbage.send(junk.left(64 * 1024));
    QVERIFY(garbage.waitForClose());
    QCOMPARE(garbage.status(), 400);
    QCOMPARE(garbage.bytes().count("HTTP/1.1 "), 1);
    QCOMPARE(m_proxy->stats().forwarded, 2); // good and streaming
    QCOMPARE(m_upstream->stats().requests, 2);
    QVERIFY(m_good->waitForPings(m_good->pings() + 3));
    QVERIFY(!streaming.poll());
#endif
}

void TestProxyHostile::thousandsOpenedAndAbandoned()
{
#ifdef Q_OS_UNIX
    QVERIFY(startProxy());
    QSignalSpy closed(m_proxy.get(), &TapProxy::connectionClosed);
    const int descriptorsBefore = openDescriptorCount();
    const int pingsBefore = m_good->pings();
    // Silent, half a request, a whole request (a stream through to the upstream): all closed
    // by the peer without a word.
    const int count = 3000;
    for (int round = 0; round < count / 300; ++round) {
        std::vector<std::unique_ptr<RawPeer>> peers;
        for (int i = 0; i < 300; ++i) {
            auto peer = std::make_unique<RawPeer>();
            QVERIFY(peer->open(m_proxy->port()));
            if (i % 3 == 1)
                peer->send("GET /events HTTP/1.1\r\nHost:");
            else if (i % 3 == 2)
                peer->send(streamRequest());
            peers.push_back(std::move(peer));
        }
        QTest::qWait(1); // lets the proxy accept some of them while they are still open
        peers.clear();
    }
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), count, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(m_proxy->stats().connections, 1, WaitMs);
    // Nothing leaks: the proxy's client and upstream descriptors and the upstream's are gone.
    QTRY_COMPARE_WITH_TIMEOUT(m_upstream->stats().clients, 1, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(openDescriptorCount() <= descriptorsBefore, WaitMs);
    QVERIFY(m_good->pings() > pingsBefore);
    QVERIFY(m_good->waitForPings(m_good->pings() + 3));
    QVERIFY(!m_good->poll());
    RawPeer late;
    QVERIFY(late.open(m_proxy->port()));
    QVERIFY(late.send(streamRequest()));
    QVERIFY(late.waitForPings(1));
#endif
}

void TestProxyHostile::neverReadingClientIsThrottled()
{
#ifdef Q_OS_UNIX
    // Big events as fast as the upstream can: a client that never reads must not make the
    // proxy buffer them; the proxy stops reading that upstream connection instead.
    MockServerOptions fast;
    fast.heartbeatMs = 20;
    fast.eventMs = 1;
    fast.payloadTemplate = "{{n}} " + QByteArray(8 * 1024, 'x');
    m_upstream->setOptions(fast);
    TapProxyOptions options;
    options.maxClientBufferBytes = 64 * 1024;
    QVERIFY(startProxy(options));
    RawPeer stuck;
    QVERIFY(stuck.open(m_proxy->port(), 1024));
    QVERIFY(stuck.send(streamRequest()));
    QTRY_VERIFY_WITH_TIMEOUT(m_proxy->stats().readPauses > 0, 30000);
    // Throughout, what the proxy holds stays near its cap (per client, plus a read buffer).
    for (int i = 0; i < 20; ++i) {
        QTest::qWait(20);
        const qint64 held = m_proxy->stats().bufferedBytes;
        QVERIFY2(held <= 4 * (options.maxClientBufferBytes + options.upstreamReadBufferBytes),
                 QByteArray::number(held));
    }
    QVERIFY(m_good->waitForPings(m_good->pings() + 3, 30000));
    QVERIFY(!m_good->poll());
    // Reading again, the stuck client gets the stream from where it stopped.
    const qsizetype before = stuck.bytes().size();
    QVERIFY(QTest::qWaitFor([&] { return stuck.bytes().size() > before + 256 * 1024; }, 30000));
#endif
}

void TestProxyHostile::halfClosedClientIsLetGo()
{
#ifdef Q_OS_UNIX
    QVERIFY(startProxy());
    QSignalSpy closed(m_proxy.get(), &TapProxy::connectionClosed);
    // The request, then the client's side shut (shutdown(SHUT_WR)). The proxy's client socket
    // is a QTcpSocket, which takes the FIN for the end of the connection: the stream through
    // it ends cleanly and both of its connections are released.
    RawPeer half;
    QVERIFY(half.open(m_proxy->port()));
    QVERIFY(half.send(streamRequest()));
    QVERIFY(half.waitForPings(1));
    half.shutdownWrite();
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, WaitMs);
    QVERIFY(half.waitForClose());
    QTRY_COMPARE_WITH_TIMEOUT(m_upstream->stats().clients, 1, WaitMs);
    QCOMPARE(m_proxy->stats().connections, 1);
    QVERIFY(m_good->waitForPings(m_good->pings() + 3));
    QVERIFY(!m_good->poll());
#endif
}

QTEST_GUILESS_MAIN(TestProxyHostile)
#include "tst_proxyhostile.moc"
