// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "controlserver.h"

#include "controltarget.h"
#include "util/jsonwriter.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <climits>

namespace {

constexpr qint64 ReadChunkBytes = 16 * 1024;

} // namespace

void ControlServer::appendRecord(QByteArray &out, bool json, const ControlRequestInfo &info,
                                 qint64 tUs)
{
    const QString peer = QStringLiteral("%1:%2").arg(info.peer.toString()).arg(info.peerPort);
    if (json) {
        out += "{\"kind\":\"control\",\"method\":";
        JsonWriter::appendText(out, QString::fromUtf8(info.method));
        out += ",\"path\":";
        JsonWriter::appendText(out, QString::fromUtf8(info.path));
        out += ",\"status\":";
        JsonWriter::appendInt(out, info.status);
        out += ",\"peer\":";
        JsonWriter::appendText(out, peer);
        out += ",\"detail\":";
        JsonWriter::appendText(out, info.detail);
        out += ",\"t_ms\":";
        JsonWriter::appendMillis(out, tUs);
        out += "}\n";
        return;
    }
    QByteArray time;
    JsonWriter::appendMillis(time, tUs);
    out += time.rightJustified(11, ' ') + " control  " + info.method + ' ' + info.path + "  -> "
        + QByteArray::number(info.status) + "  " + info.detail.toUtf8() + '\n';
}

struct ControlServer::Connection
{
    Connection(QTcpSocket *s, ControlTarget *target, const ControlServerOptions &options)
        : socket(s)
        , exchange(target, options)
    { }
    QTcpSocket *socket;
    ControlExchange exchange;
    QTimer timer;
    bool sent = false; // the answer is written; what the peer sends after it is ignored
};

ControlServer::ControlServer(ControlTarget *target, QObject *parent)
    : QObject(parent)
    , m_target(target)
{
    qRegisterMetaType<ControlRequestInfo>();
}

ControlServer::~ControlServer()
{
    stop();
}

bool ControlServer::isLoopback(const QHostAddress &address)
{
    return address.isLoopback();
}

bool ControlServer::start(QString *errorMessage)
{
    auto fail = [errorMessage](const QString &message) {
        if (errorMessage)
            *errorMessage = message;
        return false;
    };
    if (!isLoopback(m_options.host) && m_options.token.isEmpty())
        return fail(QStringLiteral("the control API on %1 (not loopback) needs a token: anyone "
                                   "who reaches it can break your streams")
                        .arg(m_options.host.toString()));
    stop();
    m_server = new QTcpServer(this);
    connect(m_server, &QTcpServer::newConnection, this, &ControlServer::accept);
    if (!m_server->listen(m_options.host, m_options.port))
        return fail(QStringLiteral("control API: cannot listen on %1:%2: %3")
                        .arg(m_options.host.toString())
                        .arg(m_options.port)
                        .arg(m_server->errorString()));
    return true;
}

void ControlServer::stop()
{
    const QList<Connection *> connections = std::exchange(m_connections, {});
    for (Connection *connection : connections) {
        QObject::disconnect(connection->socket, nullptr, this, nullptr);
        connection->socket->abort();
        connection->socket->deleteLater();
        delete connection;
    }
    if (m_server) {
        m_server->close();
        delete m_server;
        m_server = nullptr;
    }
}

bool ControlServer::isListening() const
{
    return m_server && m_server->isListening();
}

quint16 ControlServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QUrl ControlServer::url() const
{
    QHostAddress address = m_server ? m_server->serverAddress() : m_options.host;
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        address = QHostAddress::LocalHost;
    else if (address == QHostAddress::AnyIPv6)
        address = QHostAddress::LocalHostIPv6;
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(address.toString());
    url.setPort(port());
    url.setPath(QStringLiteral("/"));
    return url;
}

void ControlServer::accept()
{
    while (m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (!socket)
            break;
        auto *connection = new Connection(socket, m_target, m_options);
        m_connections.append(connection);
        connection->timer.setSingleShot(true);
        connect(&connection->timer, &QTimer::timeout, this, [this, connection] {
            connection->exchange.answerTimeout();
            answered(connection);
        });
        connect(socket, &QIODevice::readyRead, this, [this, connection] { read(connection); });
        connect(socket, &QAbstractSocket::disconnected, this,
                [this, connection] { close(connection); });
        if (m_connections.size() > m_options.maxConnections) {
            connection->exchange.answerTooManyConnections();
            answered(connection);
            continue;
        }
        connection->timer.start(
            int(qBound(qint64(1), m_options.requestTimeoutMs, qint64(INT_MAX))));
        read(connection);
    }
}

void ControlServer::read(Connection *connection)
{
    QTcpSocket *socket = connection->socket;
    while (!connection->exchange.isAnswered() && socket->bytesAvailable() > 0)
        connection->exchange.feed(socket->read(ReadChunkBytes));
    if (connection->exchange.isAnswered())
        answered(connection);
}

void ControlServer::answered(Connection *connection)
{
    if (connection->sent)
        return;
    connection->sent = true;
    connection->timer.stop();
    QTcpSocket *socket = connection->socket;
    socket->write(connection->exchange.response());
    ControlRequestInfo info;
    info.peer = socket->peerAddress();
    info.peerPort = socket->peerPort();
    info.method = connection->exchange.method();
    info.path = connection->exchange.target();
    info.status = connection->exchange.status();
    info.detail = connection->exchange.detail();
    Q_EMIT requestHandled(info);
    socket->disconnectFromHost();
}

void ControlServer::close(Connection *connection)
{
    if (!m_connections.removeOne(connection))
        return;
    QObject::disconnect(connection->socket, nullptr, this, nullptr);
    connection->socket->deleteLater();
    delete connection;
}
