// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockclient.h"

#include <QTcpSocket>

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
{
    m_connected.start();
    m_requestTimer.setSingleShot(true);
}

MockClient::~MockClient()
{
    abort();
}

void MockClient::write(const QByteArray &bytes, qint64 events, qint64 heartbeats)
{
    if (!m_socket)
        return;
    m_socket->write(bytes);
    m_bytesSent += bytes.size();
    m_eventsSent += events;
    m_heartbeatsSent += heartbeats;
}

qint64 MockClient::bufferedBytes() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
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
    if (!m_socket)
        return 0;
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    const qint64 discarded = socket->bytesToWrite();
    m_bytesSent -= discarded;
    // Our handlers must not see the signals abort() emits synchronously.
    QObject::disconnect(socket, nullptr, nullptr, nullptr);
    socket->abort();
    socket->deleteLater();
    return discarded;
}

void MockClient::closeGracefully(int lingerMs)
{
    m_requestTimer.stop();
    if (!m_socket)
        return;
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    QObject::disconnect(socket, nullptr, nullptr, nullptr);
    if (socket->state() != QAbstractSocket::ConnectedState) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    // From here on the socket looks after itself; it is a child of the QTcpServer, so stopping
    // or destroying the server still ends it.
    QObject::connect(socket, &QIODevice::readyRead, socket,
                     [socket] { socket->skip(socket->bytesAvailable()); });
    QObject::connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    QObject::connect(socket, &QIODevice::bytesWritten, socket, [socket] {
        if (socket->bytesToWrite() == 0)
            shutdownWrite(socket);
    });
    QTimer::singleShot(lingerMs, socket, [socket] {
        QObject::disconnect(socket, nullptr, nullptr, nullptr);
        socket->abort();
        socket->deleteLater();
    });
    socket->skip(socket->bytesAvailable());
    socket->flush();
    if (socket->bytesToWrite() == 0)
        shutdownWrite(socket);
}
