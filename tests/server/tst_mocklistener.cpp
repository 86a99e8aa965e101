// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The mock server's listening socket on its own: descriptors handed over, a port closed and
// opened again, lingering sockets ended, and accepting paused and resumed when the process runs
// out of descriptors.
#include "server/mocklistener.h"

#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace {

constexpr int WaitMs = 5000;

std::unique_ptr<QTcpSocket> connectTo(quint16 port)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, port);
    if (!socket->waitForConnected(WaitMs))
        return nullptr;
    return socket;
}

} // namespace

class TestMockListener : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void handsOverDescriptors();
    void closesAndReopensItsPort();
    void endsLingeringSockets();
    void pausesAndResumesWhenOutOfDescriptors();
};

void TestMockListener::handsOverDescriptors()
{
    MockListener listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    QVERIFY(listener.isListening());
    QCOMPARE(listener.address(), QHostAddress(QHostAddress::LocalHost));
    QVERIFY(listener.port() > 0);
    QSignalSpy accepted(&listener, &MockListener::accepted);
    std::vector<std::unique_ptr<QTcpSocket>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(connectTo(listener.port()));
        QVERIFY(clients.back());
    }
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 3, WaitMs);
    // Each descriptor is a live connection to one of the clients.
    std::vector<std::unique_ptr<QTcpSocket>> served;
    for (const QList<QVariant> &arguments : std::as_const(accepted)) {
        auto socket = std::make_unique<QTcpSocket>();
        QVERIFY(socket->setSocketDescriptor(arguments.at(0).value<qintptr>()));
        socket->write("hello\n");
        QVERIFY(socket->waitForBytesWritten(WaitMs));
        served.push_back(std::move(socket));
    }
    for (const auto &client : clients) {
        QByteArray got;
        QTRY_COMPARE_WITH_TIMEOUT(got += client->readAll(), QByteArray("hello\n"), WaitMs);
    }
    QCOMPARE(listener.acceptErrors(), 0);
}

void TestMockListener::closesAndReopensItsPort()
{
    MockListener listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    const quint16 port = listener.port();
    listener.close();
    QVERIFY(!listener.isListening());
    QTcpSocket refused;
    refused.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(!refused.waitForConnected(WaitMs));
    QCOMPARE(refused.error(), QAbstractSocket::ConnectionRefusedError);
    QVERIFY(listener.listen(QHostAddress::LocalHost, port));
    QCOMPARE(listener.port(), port);
    QSignalSpy accepted(&listener, &MockListener::accepted);
    const auto client = connectTo(port);
    QVERIFY(client);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 1, WaitMs);
    QTcpSocket served;
    QVERIFY(served.setSocketDescriptor(accepted.first().at(0).value<qintptr>()));
}

void TestMockListener::endsLingeringSockets()
{
    MockListener listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    QSignalSpy accepted(&listener, &MockListener::accepted);
    const auto client = connectTo(listener.port());
    QVERIFY(client);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 1, WaitMs);
    auto *lingering = new QTcpSocket(listener.socketParent());
    QVERIFY(lingering->setSocketDescriptor(accepted.first().at(0).value<qintptr>()));
    listener.abortLingering();
    QTRY_COMPARE_WITH_TIMEOUT(client->state(), QAbstractSocket::UnconnectedState, WaitMs);
}

void TestMockListener::pausesAndResumesWhenOutOfDescriptors()
{
#ifndef Q_OS_UNIX
    QSKIP("accepting through descriptor exhaustion is handled on Unix");
#else
    MockListener listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
    QSignalSpy accepted(&listener, &MockListener::accepted);
    QSignalSpy paused(&listener, &MockListener::acceptPaused);
    QSignalSpy resumed(&listener, &MockListener::acceptResumed);
    // The kernel completes the handshake; the connection waits in the backlog to be accepted.
    const auto client = connectTo(listener.port());
    QVERIFY(client);
    // No descriptor left for this process: the lowest free number becomes the limit.
    rlimit saved {};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &saved), 0);
    auto restore = qScopeGuard([saved] { ::setrlimit(RLIMIT_NOFILE, &saved); });
    const int lowestFree = ::dup(STDERR_FILENO);
    QVERIFY(lowestFree >= 0);
    ::close(lowestFree);
    rlimit tight = saved;
    tight.rlim_cur = rlim_t(lowestFree);
    QCOMPARE(::setrlimit(RLIMIT_NOFILE, &tight), 0);
    QTRY_VERIFY_WITH_TIMEOUT(listener.acceptErrors() > 0, WaitMs);
    QCOMPARE(paused.size(), 1);
    QVERIFY(paused.first().at(0).toString().contains(QLatin1String("retrying every 100 ms")));
    QCOMPARE(accepted.size(), 0);
    // A few retries fail alike: still one pause reported.
    QTRY_VERIFY_WITH_TIMEOUT(listener.acceptErrors() >= 3, WaitMs);
    QCOMPARE(paused.size(), 1);
    ::setrlimit(RLIMIT_NOFILE, &saved);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 1, WaitMs);
    QCOMPARE(resumed.size(), 1);
    QTcpSocket served;
    QVERIFY(served.setSocketDescriptor(accepted.first().at(0).value<qintptr>()));
#endif
}

QTEST_GUILESS_MAIN(TestMockListener)
#include "tst_mocklistener.moc"
