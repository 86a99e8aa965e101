// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "proxyrelay.h"

#include "proxyheaders.h"
#include "proxyrecords.h"

#include "http/httpresponsereader.h"
#include "http/httpstatus.h"

#include <QTcpSocket>
#include <QTimer>

#include <utility>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace {

// How long a finished client may take to read what is still queued for it.
constexpr int LingerMs = 30000;

} // namespace

ProxyRelay::ProxyRelay(QTcpSocket *client, qint64 maxQueuedBytes, TapProxyStats &stats)
    : m_client(client)
    , m_maxQueuedBytes(maxQueuedBytes)
    , m_stats(stats)
    , m_faults([this](const QByteArray &bytes) {
        if (m_client)
            m_client->write(bytes);
    })
{
    m_faults.setPumped([this] { Q_EMIT written(); });
    connect(client, &QIODevice::readyRead, this, &ProxyRelay::readyRead);
    connect(client, &QIODevice::bytesWritten, this, &ProxyRelay::written);
    connect(client, &QAbstractSocket::disconnected, this, &ProxyRelay::gone);
    connect(client, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_client && m_client->state() != QAbstractSocket::ConnectedState)
            Q_EMIT gone();
    });
}

ProxyRelay::~ProxyRelay()
{
    m_faults.stopPump();
    if (m_client) {
        QObject::disconnect(m_client, nullptr, this, nullptr);
        m_client->abort();
        m_client->deleteLater();
    }
}

void ProxyRelay::write(QByteArrayView bytes)
{
    if (!m_client || bytes.isEmpty() || m_faults.isBlackholed())
        return;
    m_bytesWritten += bytes.size();
    m_stats.bytesToClients += bytes.size();
    if (m_faults.isPacing()) {
        m_faults.enqueue(bytes);
        return;
    }
    m_client->write(bytes.data(), bytes.size());
}

void ProxyRelay::writeInterim(QByteArrayView bytes)
{
    if (m_client)
        m_client->write(bytes.data(), bytes.size());
}

qint64 ProxyRelay::queued() const
{
    return socketBuffered() + m_faults.pendingBytes();
}

qint64 ProxyRelay::socketBuffered() const
{
    return m_client ? m_client->bytesToWrite() : 0;
}

void ProxyRelay::finish()
{
    if (!m_client)
        return;
    QTcpSocket *socket = std::exchange(m_client, nullptr);
    QObject::disconnect(socket, nullptr, this, nullptr);
    // The socket lingers on its own (a child of the QTcpServer) until what is queued has
    // been sent; what the client still sends is read and dropped.
    connect(socket, &QIODevice::readyRead, socket,
            [socket] { socket->skip(socket->bytesAvailable()); });
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    // What a shaper still holds goes out at its pace before the FIN, as on the mock server: a
    // slice or a latency applies to the tail of a stream too.
    StreamFaults::paceOut(
        m_faults.detachShaper(), m_faults.clock(), socket,
        [socket](const QByteArray &due) { socket->write(due); },
        [socket] {
            // The linger time counts from the last byte handed over.
            QTimer::singleShot(LingerMs, socket, [socket] {
                QObject::disconnect(socket, nullptr, nullptr, nullptr);
                socket->abort();
                socket->deleteLater();
            });
            socket->disconnectFromHost();
        });
}

void ProxyRelay::reset()
{
    if (!m_client)
        return;
    QTcpSocket *socket = std::exchange(m_client, nullptr);
    QObject::disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater();
}

void ProxyRelay::resetAfterWritten()
{
    if (!m_client)
        return;
    // What was written before the reset is handed to the kernel first ("reset after the Nth
    // event" means the Nth event left); a zero linger time then makes close() send RST.
    const QByteArray held = m_faults.takePending();
    if (!held.isEmpty())
        m_client->write(held);
    m_client->flush();
#ifdef Q_OS_UNIX
    if (m_client->socketDescriptor() >= 0) {
        const linger option {1, 0};
        ::setsockopt(int(m_client->socketDescriptor()), SOL_SOCKET, SO_LINGER, &option,
                     sizeof option);
    }
#endif
}

QByteArray ProxyRelay::responseHead(const HttpResponseReader &response,
                                    const std::optional<QByteArray> &contentType, bool gzip)
{
    QByteArray out;
    out.reserve(response.headBytes() + 32);
    out += response.statusLine() + "\r\n";
    const auto &fields = response.fields();
    for (const HttpResponseReader::Field &field : fields) {
        if ((contentType && field.name().compare("Content-Type", Qt::CaseInsensitive) == 0)
            || (gzip
                && (field.name().compare("Content-Length", Qt::CaseInsensitive) == 0
                    || field.name().compare("Content-Encoding", Qt::CaseInsensitive) == 0)))
            continue;
        if (ProxyHeaders::isHopByHop(field.name())
            || ProxyHeaders::namedByConnection(
                fields, field.name(), [](const auto &f) { return f.name(); },
                [](const auto &f) { return f.value(); }))
            continue;
        out += field.line + "\r\n";
    }
    if (contentType && !contentType->isEmpty())
        out += "Content-Type: " + *contentType + "\r\n";
    if (gzip)
        out += "Content-Encoding: gzip\r\n";
    // The proxy serves one request per client connection.
    out += "Connection: close\r\n\r\n";
    return out;
}

QByteArray ProxyRelay::answer(int status, const QByteArray &headers, const QByteArray &body)
{
    return HttpStatus::textResponse(status, headers, body);
}
