// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// MockConnections, the mock server's connections from an accepted descriptor to their release,
// with a recording handler in place of the server: on this thread and on an I/O thread alike,
// connections are numbered, a request's head and body are read and told apart, what a peer
// does (leave, shut down, send nothing) is told in words, and a released connection gets what
// was written to it before its FIN, or a reset when aborted.
#include "server/mockclient.h"
#include "server/mockconnections.h"
#include "server/mocklistener.h"
#include "server/mockworker.h"

#include <QTcpSocket>
#include <QTest>

#include <memory>

namespace {

constexpr int WaitMs = 5000;

// Writes down what the connections tell; answers as a test case asks.
class Recorder : public MockConnections::Handler
{
public:
    QStringList calls;
    qint64 bodyToRead = 0; // a head read is followed by this much body
    std::function<void(MockClient *)> onHead;

    void headRead(MockClient *client, qint64 leftoverBytes) override
    {
        calls.append(QStringLiteral("head %1 %2 %3 leftover %4")
                         .arg(client->number())
                         .arg(QString::fromLatin1(client->reader().method()),
                              QString::fromLatin1(client->reader().target()))
                         .arg(leftoverBytes));
        if (bodyToRead - leftoverBytes > 0) {
            client->setBodyRemaining(bodyToRead - leftoverBytes);
            client->setPhase(MockClient::Phase::ReadingBody);
        } else {
            client->setPhase(MockClient::Phase::Streaming);
        }
        if (onHead)
            onHead(client);
    }
    void bodyRead(MockClient *client) override
    {
        calls.append(QStringLiteral("body %1").arg(client->number()));
        client->setPhase(MockClient::Phase::Streaming);
    }
    void peerShutDown(MockClient *client) override
    {
        calls.append(QStringLiteral("shutdown %1").arg(client->number()));
    }
    void peerGone(MockClient *client, const QString &reason) override
    {
        calls.append(QStringLiteral("gone %1 %2").arg(client->number()).arg(reason));
        client->setPhase(MockClient::Phase::Finished);
    }
    void slowReader(MockClient *client) override
    {
        calls.append(QStringLiteral("slow %1").arg(client->number()));
    }
    void drained(MockClient *client) override { Q_UNUSED(client) }
    void requestTimedOut(MockClient *client) override
    {
        calls.append(QStringLiteral("timeout %1").arg(client->number()));
    }
};

struct Fixture
{
    MockServerOptions options;
    Recorder recorder;
    MockListener listener;
    std::unique_ptr<MockConnections> connections;

    bool start(int threads)
    {
        options.threads = threads;
        connections = std::make_unique<MockConnections>(&options, &recorder);
        QString error;
        if (!connections->startWorkers(&error))
            return false;
        QObject::connect(&listener, &MockListener::accepted, &listener, [this](qintptr descriptor) {
            connections->accept(descriptor, listener.socketParent());
        });
        return listener.listen(QHostAddress::LocalHost, 0);
    }
    std::unique_ptr<QTcpSocket> connect()
    {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, listener.port());
        if (!socket->waitForConnected(WaitMs))
            return nullptr;
        return socket;
    }
};

} // namespace

class TestMockConnections : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void readsHeadThenBody_data() { threads(); }
    void readsHeadThenBody();
    void bodyInTheSameRead_data() { threads(); }
    void bodyInTheSameRead();
    void numbersAndFinds_data() { threads(); }
    void numbersAndFinds();
    void tellsWhenThePeerLeaves_data() { threads(); }
    void tellsWhenThePeerLeaves();
    void timesOutAnIncompleteRequest_data() { threads(); }
    void timesOutAnIncompleteRequest();
    void releasedPolitelyAfterWhatWasWritten_data() { threads(); }
    void releasedPolitelyAfterWhatWasWritten();
    void abortedRelease_data() { threads(); }
    void abortedRelease();

private:
    void threads();
};

void TestMockConnections::init()
{
    if (QByteArray(QTest::currentDataTag()) == "I/O thread" && !MockWorker::isSupported())
        QSKIP("no I/O threads on this platform");
}

void TestMockConnections::threads()
{
    QTest::addColumn<int>("threads");
    QTest::newRow("this thread") << 0;
    QTest::newRow("I/O thread") << 1;
}

void TestMockConnections::readsHeadThenBody()
{
    QFETCH(int, threads);
    Fixture f;
    QVERIFY(f.start(threads));
    f.recorder.bodyToRead = 10;
    auto client = f.connect();
    QVERIFY(client);
    client->write("POST /events HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123");
    QTRY_COMPARE_WITH_TIMEOUT(f.recorder.calls.size(), 1, WaitMs);
    QCOMPARE(f.recorder.calls.at(0), QStringLiteral("head 1 POST /events leftover 4"));
    client->write("456789");
    QTRY_COMPARE_WITH_TIMEOUT(f.recorder.calls.size(), 2, WaitMs);
    QCOMPARE(f.recorder.calls.at(1), QStringLiteral("body 1"));
    // Streaming now: what the peer sends is read and forgotten, nothing told.
    client->write("more bytes nobody asked for");
    client->flush();
    client->disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(f.recorder.calls.size(), 3, WaitMs);
    QCOMPARE(f.recorder.calls.at(2),
             threads == 0 ? QStringLiteral("gone 1 client closed") : QStringLiteral("shutdown 1"));
}

void TestMockConnections::bodyInTheSameRead()
{
    QFETCH(int, threads);
    Fixture f;
    QVERIFY(f.start(threads));
    f.recorder.bodyToRead = 4;
    auto client = f.connect();
    QVERIFY(client);
    client->write("POST /events HTTP/1.1\r\nContent-Length: 4\r\n\r\nabcd");
    QTRY_COMPARE_WITH_TIMEOUT(f.recorder.calls.size(), 1, WaitMs);
    // The whole body came with the head: the handler has it all, no body read follows.
    QCOMPARE(f.recorder.calls.at(0), QStringLiteral("head 1 POST /events leftover 4"));
}

void TestMockConnections::numbersAndFinds()
{
    QFETCH(int, threads);
    Fixture f;
    QVERIFY(f.start(threads));
    auto first = f.connect();
    auto second = f.connect();
    QVERIFY(first && second);
    first->write("GET /a HTTP/1.1\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(f.recorder.calls.size(), 1, WaitMs);
    second->write("GET /b HTTP/1.1\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(f.recorder.calls.size(), 2, WaitMs);
    QVERIFY(f.recorder.calls.contains(QStringLiteral("head 1 GET /a leftover 0"))
            || f.recorder.calls.contains(QStringLiteral("head 2 GET /a leftover 0")));
    const std::vector<MockClient *> all = f.connections->all();
    QCOMPARE(all.size(), size_t(2));
    QCOMPARE(all.at(0)->number(), 1);
    QCOMPARE(all.at(1)->number(), 2);
    QCOMPARE(f.connections->find(2), all.at(1));
    QCOMPARE(f.connections->find(3), nullptr);
    QVERIFY(!f.connections->isEmpty());
    all.at(0)->setPhase(MockClient::Phase::Finished);
    f.connections->release(all.at(0), false);
    QCOMPARE(f.connections->find(1), nullptr);
    QCOMPARE(f.connections->all().size(), size_t(1));
}

void TestMockConnections::tellsWhenThePeerLeaves()
{
    QFETCH(int, threads);
    Fixture f;
    QVERIFY(f.start(threads));
    auto client = f.connect();
    QVERIFY(client);
    client->write("GET /events HTTP/1.1\r\n"); // not complete
    client->flush();
    QTRY_VERIFY_WITH_TIMEOUT(!f.connections->isEmpty(), WaitMs);
    client->abort();
    QTRY_COMPARE_WITH_TIMEOUT(f.recorder.calls.size(), 1, WaitMs);
    // A close without a reset: a socket on this thread is gone; an I/O thread reads the EOF
    // and leaves it to the handler (a half-closed peer may still read a stream).
    const QString expected = threads == 0
        ? QStringLiteral("gone 1 client closed before the request was complete")
        : QStringLiteral("shutdown 1");
    QCOMPARE(f.recorder.calls.at(0), expected);
}

void TestMockConnections::timesOutAnIncompleteRequest()
{
    QFETCH(int, threads);
    Fixture f;
    f.options.requestTimeoutMs = 50;
    QVERIFY(f.start(threads));
    auto client = f.connect();
    QVERIFY(client);
    client->write("GET /events HTTP/1.1\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(f.recorder.calls, QStringList {QStringLiteral("timeout 1")}, WaitMs);
}

void TestMockConnections::releasedPolitelyAfterWhatWasWritten()
{
    QFETCH(int, threads);
    Fixture f;
    QVERIFY(f.start(threads));
    MockConnections *connections = f.connections.get();
    f.recorder.onHead = [connections](MockClient *client) {
        client->write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n", 0, 0);
        client->setPhase(MockClient::Phase::Finished);
        QCOMPARE(connections->release(client, true), 0);
    };
    auto client = f.connect();
    QVERIFY(client);
    client->write("GET /events HTTP/1.1\r\n\r\n");
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT(
        (received += client->readAll(), client->state() == QAbstractSocket::UnconnectedState),
        WaitMs);
    received += client->readAll();
    QCOMPARE(received, QByteArray("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"));
    QVERIFY(f.connections->isEmpty());
}

void TestMockConnections::abortedRelease()
{
    QFETCH(int, threads);
    Fixture f;
    QVERIFY(f.start(threads));
    f.recorder.onHead = [](MockClient *) {
    };
    auto client = f.connect();
    QVERIFY(client);
    client->write("GET /events HTTP/1.1\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(f.recorder.calls.size(), 1, WaitMs);
    MockClient *connection = f.connections->find(1);
    QVERIFY(connection);
    connection->setPhase(MockClient::Phase::Finished);
    f.connections->release(connection, false);
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), QAbstractSocket::UnconnectedState, WaitMs);
    QVERIFY(f.connections->isEmpty());
}

QTEST_GUILESS_MAIN(TestMockConnections)
#include "tst_mockconnections.moc"
