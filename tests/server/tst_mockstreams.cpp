// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// MockStreams, what the mock server sends on its open streams, with real sockets and a
// recording host in place of the server: a broadcast event reaches every live stream once and
// ends a stream at its event limit, a burst stream is filled up to its limit in order, an
// event waiting behind a fault is dropped, heartbeats skip stalled streams, and a stream whose
// reader does not keep up is handed back to be finished as a slow reader.
#include "faultfixture.h"
#include "server/mockclient.h"
#include "server/mockstreams.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

namespace {

constexpr int WaitMs = 5000;

class RecordingHost : public MockStreams::Host
{
public:
    QStringList finished;
    void finish(MockClient *client, const QString &reason, bool) override
    {
        finished.append(QStringLiteral("%1 %2").arg(client->number()).arg(reason));
        client->setPhase(MockClient::Phase::Finished);
    }
    void closeForFault(MockClient *client, Fault::DropMode, const QString &what) override
    {
        finish(client, QStringLiteral("fault ") + what, false);
    }
};

// Streams over loopback: the server's sockets wrapped in MockClients, and the peers' sockets.
struct Fixture
{
    MockServerOptions options;
    MockServerStats stats;
    TestFaults::QuietHost quiet;
    FaultController faults {&quiet};
    RecordingHost host;
    std::unique_ptr<MockStreams> streams;
    QTcpServer server;
    std::vector<std::unique_ptr<QTcpSocket>> peers;
    std::vector<std::unique_ptr<MockClient>> clients;

    Fixture() { server.listen(QHostAddress::LocalHost, 0); }
    void start() { streams = std::make_unique<MockStreams>(&options, &stats, &faults, &host); }
    MockClient *open()
    {
        auto peer = std::make_unique<QTcpSocket>();
        peer->connectToHost(QHostAddress::LocalHost, server.serverPort());
        if (!peer->waitForConnected(WaitMs) || !server.waitForNewConnection(WaitMs))
            return nullptr;
        QTcpSocket *socket = server.nextPendingConnection();
        clients.push_back(std::make_unique<MockClient>(int(clients.size()) + 1, socket, 1024));
        peers.push_back(std::move(peer));
        MockClient *client = clients.back().get();
        client->setPhase(MockClient::Phase::Streaming);
        streams->add(client);
        return client;
    }
    // What peer i has received once it has at least `atLeast` bytes (or what it has after
    // WaitMs, which the caller's checks then find short).
    QByteArray read(size_t i, qsizetype atLeast)
    {
        QByteArray bytes;
        const bool enough = QTest::qWaitFor(
            [&] {
                bytes += peers.at(i)->readAll();
                return bytes.size() >= atLeast;
            },
            WaitMs);
        if (!enough)
            qWarning("peer %zu received %lld bytes, expected %lld", i, qlonglong(bytes.size()),
                     qlonglong(atLeast));
        return bytes;
    }
};

QList<QByteArray> ids(const QByteArray &bytes)
{
    QList<QByteArray> found;
    for (const QByteArray &line : bytes.split('\n')) {
        if (line.startsWith("id: "))
            found.append(line.mid(4));
    }
    return found;
}

} // namespace

class TestMockStreams : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void broadcastReachesEveryStream();
    void burstStreamFilledToItsLimit();
    void eventWaitingBehindADrop();
    void heartbeatsSkipStalledStreams();
    void slowReaderHandedBack();
};

void TestMockStreams::broadcastReachesEveryStream()
{
    Fixture f;
    f.options.eventsPerStream = 2;
    f.start();
    MockClient *a = f.open();
    MockClient *b = f.open();
    QVERIFY(a && b);
    QCOMPARE(f.streams->count(), 2);
    f.streams->broadcastEvent();
    const QByteArray event = R"(data: {"n":1,"t":)";
    QVERIFY(f.read(0, 10).contains(event));
    QVERIFY(f.read(1, 10).contains(event));
    QCOMPARE(f.stats.eventsGenerated, 1);
    QCOMPARE(f.stats.eventsSent, 2);
    QCOMPARE(a->lastId(), 1);
    f.streams->remove(b); // b no longer a stream: the next event is a's alone
    f.streams->broadcastEvent();
    QCOMPARE(f.stats.eventsSent, 3);
    // The second event was a's last.
    QCOMPARE(f.host.finished, QStringList {QStringLiteral("1 event limit")});
    QCOMPARE(ids(f.read(0, 1)), QList<QByteArray> {"2"});
}

void TestMockStreams::burstStreamFilledToItsLimit()
{
    Fixture f;
    f.options.burst = true;
    f.options.eventsPerStream = 500;
    f.start();
    MockClient *client = f.open();
    QVERIFY(client);
    client->setBurst(true);
    client->setNextBurstNumber(41); // resumed after id 40
    f.streams->fillBurst(client);
    QTRY_COMPARE_WITH_TIMEOUT(f.host.finished.size(), 1, WaitMs);
    QCOMPARE(f.host.finished.at(0), QStringLiteral("1 event limit"));
    QCOMPARE(client->eventsSent(), 500);
    QCOMPARE(f.stats.eventsGenerated, 500);
    const QList<QByteArray> got = ids(f.read(0, client->bytesSent()));
    QCOMPARE(got.size(), 500);
    for (int i = 0; i < got.size(); ++i)
        QCOMPARE(got.at(i).toLongLong(), 41 + i);
}

void TestMockStreams::eventWaitingBehindADrop()
{
    Fixture f;
    f.start();
    MockClient *client = f.open();
    QVERIFY(client);
    QSignalSpy fired(&f.faults, &FaultController::faultFired);
    const int id = f.faults.apply(TestFaults::fault(QStringLiteral("drop")));
    client->streamFaults().events().add(id, TestFaults::fault(QStringLiteral("drop")));
    f.streams->broadcastEvent(); // 1: dropped
    f.streams->broadcastEvent(); // 2: sent
    QCOMPARE(ids(f.read(0, 10)), QList<QByteArray> {"2"});
    QCOMPARE(fired.size(), 1);
    QCOMPARE(client->eventsSent(), 1);
}

void TestMockStreams::heartbeatsSkipStalledStreams()
{
    Fixture f;
    f.options.heartbeatMs = 10;
    f.options.eventMs = 0;
    f.start();
    MockClient *live = f.open();
    MockClient *stalled = f.open();
    QVERIFY(live && stalled);
    stalled->streamFaults().stall(60000);
    f.streams->restartHeartbeats(true);
    QTRY_VERIFY_WITH_TIMEOUT(live->heartbeatsSent() >= 3, WaitMs);
    QVERIFY(f.read(0, 6).startsWith(":ping "));
    QCOMPARE(stalled->heartbeatsSent(), 0);
    QCOMPARE(f.stats.heartbeatsSent, live->heartbeatsSent());
    f.streams->stopTimers();
}

void TestMockStreams::slowReaderHandedBack()
{
    Fixture f;
    f.options.maxClientBufferBytes = 1024;
    f.start();
    MockClient *client = f.open();
    QVERIFY(client);
    // The peer reads nothing: far more than the kernel takes stays queued.
    const QByteArray big(32 * 1024 * 1024, 'x');
    QVERIFY(!f.streams->send(client, big, 0, 0));
    QCOMPARE(f.host.finished.size(), 1);
    QVERIFY2(f.host.finished.at(0).startsWith(
                 QStringLiteral("1 slow reader: write buffer over 1024 bytes")),
             qPrintable(f.host.finished.at(0)));
    QCOMPARE(f.stats.slowDropped, 1);
}

QTEST_GUILESS_MAIN(TestMockStreams)
#include "tst_mockstreams.moc"
