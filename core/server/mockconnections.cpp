// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockconnections.h"

#include "mockclient.h"
#include "mockworker.h"

#include <QTcpSocket>

#include <algorithm>
#include <climits>

#ifdef Q_OS_UNIX
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

MockConnections::MockConnections(const MockServerOptions *options, Handler *handler)
    : m_options(options)
    , m_handler(handler)
{ }

MockConnections::~MockConnections()
{
    m_connections.clear();
    m_released.clear();
    qDeleteAll(m_tails.children());
    // Joins the I/O threads; their sockets close with them.
    m_workers.clear();
}

bool MockConnections::startWorkers(QString *errorMessage)
{
    size_t wanted = 0;
    if (MockWorker::isSupported()) {
        wanted = size_t(m_options->threads < 0 ? MockServerOptions::defaultThreads()
                                               : m_options->threads);
    }
    if (m_workers.size() == wanted)
        return true;
    m_workers.clear();
    for (size_t i = 0; i < wanted; ++i) {
        auto worker = std::make_unique<MockWorker>(int(i), [this, i] {
            // On the worker's thread: the reports are handled on ours.
            CrossThread::post(&m_inbox, [this, i] { drainReports(i); });
        });
        if (!worker->start(errorMessage)) {
            m_workers.clear();
            return false;
        }
        m_workers.push_back(std::move(worker));
    }
    return true;
}

void MockConnections::accept(qintptr descriptor, QObject *socketParent)
{
    if (!m_workers.empty()) {
        adoptDescriptor(descriptor);
        return;
    }
    auto *socket = new QTcpSocket(socketParent);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
#ifdef Q_OS_UNIX
        ::close(int(descriptor));
#endif
        return;
    }
    adoptSocket(socket);
}

MockClient *MockConnections::find(int number) const
{
    const auto it = m_connections.find(number);
    return it == m_connections.end() ? nullptr : it->second.get();
}

std::vector<MockClient *> MockConnections::all() const
{
    std::vector<MockClient *> all;
    all.reserve(m_connections.size());
    for (const auto &entry : m_connections)
        all.push_back(entry.second.get());
    std::sort(all.begin(), all.end(),
              [](MockClient *a, MockClient *b) { return a->number() < b->number(); });
    return all;
}

qint64 MockConnections::release(MockClient *client, bool graceful)
{
    const auto it = m_connections.find(client->number());
    if (it != m_connections.end() && it->second.get() == client) {
        m_released.push_back(std::move(it->second));
        m_connections.erase(it);
        if (m_released.size() == 1) {
            QMetaObject::invokeMethod(
                &m_tails, [this] { m_released.clear(); }, Qt::QueuedConnection);
        }
    }
    if (graceful) {
        client->closeGracefully(LingerMs, &m_tails);
        return 0;
    }
    return client->abort();
}

void MockConnections::abortLingering()
{
    qDeleteAll(m_tails.children());
    for (const auto &worker : m_workers)
        worker->closeAll();
}

void MockConnections::add(std::unique_ptr<MockClient> owned, QObject *timerContext)
{
    MockClient *client = owned.get();
    m_connections.emplace(client->number(), std::move(owned));
    if (m_options->requestTimeoutMs > 0) {
        QObject::connect(&client->requestTimer(), &QTimer::timeout, timerContext,
                         [this, client] { m_handler->requestTimedOut(client); });
        client->requestTimer().start(
            int(qBound(qint64(1), m_options->requestTimeoutMs, qint64(INT_MAX))));
    }
}

void MockConnections::adoptSocket(QTcpSocket *socket)
{
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Bounds what Qt buffers from a client that floods us.
    socket->setReadBufferSize(ReadChunkBytes);
    auto owned =
        std::make_unique<MockClient>(++m_lastNumber, socket, m_options->maxRequestHeaderBytes);
    MockClient *client = owned.get();
    QObject::connect(socket, &QIODevice::readyRead, socket,
                     [this, client] { readFromSocket(client); });
    QObject::connect(socket, &QAbstractSocket::disconnected, socket,
                     [this, client] { socketDisconnected(client); });
    add(std::move(owned), socket);
}

void MockConnections::adoptDescriptor(qintptr descriptor)
{
    const int fd = int(descriptor);
    QHostAddress peer;
    quint16 peerPort = 0;
#ifdef Q_OS_UNIX
    sockaddr_storage address {};
    socklen_t length = sizeof address;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0) {
        peer = QHostAddress(reinterpret_cast<const sockaddr *>(&address));
        if (address.ss_family == AF_INET)
            peerPort = ntohs(reinterpret_cast<const sockaddr_in *>(&address)->sin_port);
        else if (address.ss_family == AF_INET6)
            peerPort = ntohs(reinterpret_cast<const sockaddr_in6 *>(&address)->sin6_port);
    }
#endif
    // Round robin: connections are alike, and a least-loaded choice would need the workers'
    // counts, which lag behind.
    MockWorker *worker = m_workers.at(m_nextWorker++ % m_workers.size()).get();
    auto link = std::make_shared<MockWorker::Link>();
    auto owned = std::make_unique<MockClient>(++m_lastNumber, worker, link, peer, peerPort,
                                              m_options->maxRequestHeaderBytes);
    MockClient *client = owned.get();
    // What a peer may send before the server has answered or switched to discarding: a whole
    // head and body and a read more.
    const qint64 budget =
        m_options->maxRequestHeaderBytes + m_options->maxRequestBodyBytes + ReadChunkBytes;
    // A client usually sends its request with the connection: read what is there now, so that
    // the stream starts in this loop iteration, as it would with the socket on this thread
    // (and before an event that is already due), instead of after a round trip to the worker.
    QByteArray first;
#ifdef Q_OS_UNIX
    char buffer[4096];
    const ssize_t got = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (got > 0)
        first = QByteArray(buffer, qsizetype(got));
#endif
    // Adopted before anything is written: the worker runs commands in order.
    worker->adopt(client->number(), fd, link, m_options->maxClientBufferBytes, budget);
    add(std::move(owned), &client->requestTimer());
    if (!first.isEmpty())
        received(client, first);
}

void MockConnections::drainReports(size_t index)
{
    if (index >= m_workers.size())
        return;
    const std::vector<MockWorker::Report> reports = m_workers.at(index)->takeReports();
    for (const MockWorker::Report &report : reports) {
        MockClient *client = find(report.client);
        if (!client || client->isFinished())
            continue; // already let go of
        switch (report.kind) {
        case MockWorker::Report::Kind::Received:
            received(client, report.bytes);
            break;
        case MockWorker::Report::Kind::Eof:
            m_handler->peerShutDown(client);
            break;
        case MockWorker::Report::Kind::Closed:
            peerLost(client, report.error);
            break;
        case MockWorker::Report::Kind::Slow:
            m_handler->slowReader(client);
            break;
        case MockWorker::Report::Kind::Drained:
            m_handler->drained(client);
            break;
        }
    }
}

void MockConnections::received(MockClient *client, const QByteArray &bytes)
{
    // As readFromSocket(), with the bytes the worker read.
    qsizetype at = 0;
    while (!client->isFinished() && at < bytes.size()) {
        switch (client->phase()) {
        case MockClient::Phase::ReadingHead: {
            HttpRequestReader &reader = client->reader();
            at += reader.feed(QByteArrayView(bytes).sliced(at));
            if (reader.status() == HttpRequestReader::Status::Incomplete)
                return;
            const qint64 leftover = bytes.size() - at;
            client->setBodyStart(bytes.sliced(at));
            at = bytes.size();
            m_handler->headRead(client, leftover);
            break;
        }
        case MockClient::Phase::ReadingBody: {
            const qint64 skipped = qMin(client->bodyRemaining(), qint64(bytes.size() - at));
            if (client->keepsBody())
                client->appendBody(QByteArrayView(bytes).sliced(at, skipped));
            at += skipped;
            client->setBodyRemaining(client->bodyRemaining() - skipped);
            if (client->bodyRemaining() == 0)
                m_handler->bodyRead(client);
            break;
        }
        case MockClient::Phase::Streaming:
        case MockClient::Phase::Finished:
            return;
        }
    }
}

void MockConnections::readFromSocket(MockClient *client)
{
    QTcpSocket *socket = client->socket();
    while (!client->isFinished() && socket->bytesAvailable() > 0) {
        switch (client->phase()) {
        case MockClient::Phase::ReadingHead: {
            const QByteArray bytes = socket->read(ReadChunkBytes);
            HttpRequestReader &reader = client->reader();
            const qsizetype used = reader.feed(bytes);
            if (reader.status() == HttpRequestReader::Status::Incomplete)
                break;
            client->setBodyStart(bytes.sliced(used));
            m_handler->headRead(client, bytes.size() - used);
            break;
        }
        case MockClient::Phase::ReadingBody: {
            const qint64 want = qMin(client->bodyRemaining(), ReadChunkBytes);
            qint64 skipped = 0;
            if (client->keepsBody()) {
                const QByteArray part = socket->read(want);
                client->appendBody(part);
                skipped = part.size();
            } else {
                skipped = socket->skip(want);
            }
            if (skipped <= 0)
                return;
            client->setBodyRemaining(client->bodyRemaining() - skipped);
            if (client->bodyRemaining() == 0)
                m_handler->bodyRead(client);
            break;
        }
        case MockClient::Phase::Streaming:
            // A blackhole reads nothing: Qt's bounded read buffer fills and the kernel's
            // window closes, as with a peer that hangs.
            if (client->isBlackholed())
                return;
            // Nothing more is expected on a stream (no pipelining): read and forget.
            socket->skip(socket->bytesAvailable());
            break;
        case MockClient::Phase::Finished:
            return;
        }
    }
}

void MockConnections::socketDisconnected(MockClient *client)
{
    QString reason;
    const QAbstractSocket::SocketError error = client->socket()->error();
    if (error == QAbstractSocket::RemoteHostClosedError
        || error == QAbstractSocket::UnknownSocketError)
        reason = QStringLiteral("client closed");
    else
        reason = QStringLiteral("network error: ") + client->socket()->errorString();
    if (!client->isStreaming())
        reason += QStringLiteral(" before the request was complete");
    m_handler->peerGone(client, reason);
}

void MockConnections::peerLost(MockClient *client, int error)
{
    QString reason;
#ifdef Q_OS_UNIX
    if (error == 0 || error == ECONNRESET || error == EPIPE)
        reason = QStringLiteral("client closed");
    else
        reason = QStringLiteral("network error: ") + QString::fromLocal8Bit(::strerror(error));
#else
    Q_UNUSED(error)
    reason = QStringLiteral("client closed");
#endif
    if (!client->isStreaming())
        reason += QStringLiteral(" before the request was complete");
    m_handler->peerGone(client, reason);
}
