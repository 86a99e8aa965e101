// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockclient.h"

#include <QTcpSocket>

#include <climits>
#include <memory>
#include <utility>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace {

// Our side is done: send FIN but keep reading. Qt has no half-close, so this goes to the OS.
void shutdownWrite(QTcpSocket *socket)
{
#ifdef Q_OS_UNIX
    const qintptr fd = socket->socketDescriptor();
    if (fd >= 0) {
        ::shutdown(int(fd), SHUT_WR);
        return;
    }
#endif
    socket->disconnectFromHost();
}

} // namespace

MockClient::MockClient(int number, QTcpSocket *socket, qsizetype maxHeadBytes)
    : m_number(number)
    , m_socket(socket)
    , m_peer(socket->peerAddress())
    , m_peerPort(socket->peerPort())
    , m_reader(maxHeadBytes)
    , m_faults([this](const QByteArray &bytes) { writeWire(bytes); })
{
    m_requestTimer.setSingleShot(true);
}

MockClient::MockClient(int number, MockWorker *worker, std::shared_ptr<MockWorker::Link> link,
                       const QHostAddress &peer, quint16 peerPort, qsizetype maxHeadBytes)
    : m_number(number)
    , m_worker(worker)
    , m_link(std::move(link))
    , m_peer(peer)
    , m_peerPort(peerPort)
    , m_reader(maxHeadBytes)
    , m_faults([this](const QByteArray &bytes) { writeWire(bytes); })
{
    m_requestTimer.setSingleShot(true);
}

MockClient::~MockClient()
{
    abort();
}

void MockClient::writeWire(const QByteArray &wire)
{
    if (m_socket) {
        m_socket->write(wire);
    } else if (m_worker) {
        // Counted before the worker sees them, so that bufferedBytes() never runs behind.
        m_link->queued.fetch_add(wire.size(), std::memory_order_relaxed);
        m_worker->write(m_number, wire);
    }
}

void MockClient::write(const QByteArray &bytes, qint64 events, qint64 heartbeats)
{
    if (!m_socket && !m_worker)
        return;
    if (m_faults.isBlackholed())
        return;
    const QByteArray wire = m_faults.isCompressing() ? m_faults.compress(bytes) : bytes;
    if (wire.isEmpty()) {
        // Held inside the compressor until a block is full.
    } else if (m_faults.isPacing()) {
        m_faults.enqueue(wire);
    } else {
        writeWire(wire);
    }
    m_bytesSent += wire.size();
    m_eventsSent += events;
    m_heartbeatsSent += heartbeats;
}

qint64 MockClient::bufferedBytes() const
{
    if (m_socket)
        return m_socket->bytesToWrite() + m_faults.pendingBytes();
    if (m_worker)
        return m_link->queued.load(std::memory_order_relaxed) + m_faults.pendingBytes();
    return 0;
}

void MockClient::blackhole()
{
    if (!m_socket && !m_worker)
        return;
    // What was queued is not sent either (and so does not count as sent).
    m_bytesSent -= m_faults.blackhole();
    if (m_worker)
        m_worker->setReadMode(m_number, MockWorker::ReadMode::Pause);
}

MockClientInfo MockClient::info() const
{
    MockClientInfo info;
    info.client = m_number;
    info.peer = m_peer;
    info.peerPort = m_peerPort;
    if (m_lastId >= 0)
        info.lastEventId = QByteArray::number(m_lastId);
    info.eventsSent = m_eventsSent;
    info.bufferedBytes = bufferedBytes();
    info.connectedMs = connectedMs();
    return info;
}

MockDisconnectInfo MockClient::disconnectInfo(const QString &reason) const
{
    MockDisconnectInfo info;
    info.client = m_number;
    info.peer = m_peer;
    info.peerPort = m_peerPort;
    info.eventsSent = m_eventsSent;
    info.heartbeatsSent = m_heartbeatsSent;
    info.bytesSent = m_bytesSent;
    info.durationMs = connectedMs();
    info.reason = reason;
    return info;
}

qint64 MockClient::abort()
{
    m_requestTimer.stop();
    if (m_worker) {
        const qint64 discarded =
            m_link->queued.load(std::memory_order_relaxed) + m_faults.takePending().size();
        m_bytesSent -= discarded;
        std::exchange(m_worker, nullptr)->close(m_number, MockWorker::Close::Abort);
        return discarded;
    }
    if (!m_socket)
        return 0;
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    const qint64 discarded = socket->bytesToWrite() + m_faults.takePending().size();
    m_bytesSent -= discarded;
    // Our handlers must not see the signals abort() emits synchronously.
    QObject::disconnect(socket, nullptr, nullptr, nullptr);
    socket->abort();
    socket->deleteLater();
    return discarded;
}

qint64 MockClient::reset()
{
    // What was written before the reset is handed to the kernel first: "reset after the Nth
    // event" means the Nth event left. What the network has not delivered yet is lost, as with
    // any RST.
    if (m_worker) {
        // The worker hands what it holds to the kernel before the RST.
        m_requestTimer.stop();
        const qint64 discarded = m_faults.takePending().size();
        m_bytesSent -= discarded;
        std::exchange(m_worker, nullptr)->close(m_number, MockWorker::Close::Reset);
        return discarded;
    }
    if (m_socket)
        m_socket->flush();
#ifdef Q_OS_UNIX
    if (m_socket && m_socket->socketDescriptor() >= 0) {
        // A zero linger time makes close() send RST and drop what is queued.
        const linger option {1, 0};
        ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &option,
                     sizeof option);
    }
#endif
    return abort();
}

void MockClient::closeGracefully(int lingerMs, QObject *context)
{
    m_requestTimer.stop();
    m_faults.stopPump();
    if (!m_socket && !m_worker)
        return;
    // The end of the gzip stream (what the compressor held, and the trailer) before the FIN.
    if (m_faults.isCompressing()) {
        const QByteArray tail = m_faults.finishGzip();
        m_bytesSent += tail.size();
        if (m_faults.isPacing())
            m_faults.enqueue(tail);
        else
            writeWire(tail);
        m_faults.stopPump();
    }
    if (m_worker) {
        MockWorker *worker = std::exchange(m_worker, nullptr);
        const int number = m_number;
        if (m_faults.pendingBytes() == 0) {
            worker->close(number, MockWorker::Close::Graceful, lingerMs);
            return;
        }
        // The shaper's tail goes out at its pace, then the worker closes politely.
        const std::shared_ptr<MockWorker::Link> link = m_link;
        StreamFaults::paceOut(
            m_faults.detachShaper(), m_faults.clock(), context,
            [worker, number, link](const QByteArray &due) {
                link->queued.fetch_add(due.size(), std::memory_order_relaxed);
                worker->write(number, due);
            },
            [worker, number, lingerMs] {
                worker->close(number, MockWorker::Close::Graceful, lingerMs);
            });
        return;
    }
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    QObject::disconnect(socket, nullptr, nullptr, nullptr);
    if (socket->state() != QAbstractSocket::ConnectedState) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    // From here on the socket looks after itself; it is a child of the QTcpServer, so stopping
    // or destroying the server still ends it. What the shaper still holds goes out at its pace
    // before the FIN: a slicer or a latency applies to the tail of a stream too (the cut event
    // of a truncation, the last events before a limit).
    const std::shared_ptr<TrafficShaper> shaper = m_faults.detachShaper();
    QObject::connect(socket, &QIODevice::readyRead, socket,
                     [socket] { socket->skip(socket->bytesAvailable()); });
    QObject::connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    QObject::connect(socket, &QIODevice::bytesWritten, socket, [socket, shaper] {
        if (shaper->pendingBytes() == 0 && socket->bytesToWrite() == 0)
            shutdownWrite(socket);
    });
    socket->skip(socket->bytesAvailable());
    StreamFaults::paceOut(
        shaper, m_faults.clock(), socket, [socket](const QByteArray &due) { socket->write(due); },
        [socket, lingerMs] {
            // The linger time counts from the last byte handed over.
            QTimer::singleShot(lingerMs, socket, [socket] {
                QObject::disconnect(socket, nullptr, nullptr, nullptr);
                socket->abort();
                socket->deleteLater();
            });
            socket->flush();
            if (socket->bytesToWrite() == 0)
                shutdownWrite(socket);
        });
}
