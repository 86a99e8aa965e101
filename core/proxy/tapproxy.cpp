// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "tapproxy.h"

#include "proxyconnection.h"
#include "proxystreamhook.h"

#include "faults/streamfaults.h"

#include <QMetaMethod>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <climits>

namespace {

constexpr int ListenBacklog = 1024;
// Qt stops accepting after an accept error (EMFILE); try again after this pause.
constexpr int AcceptRetryMs = 100;

} // namespace

TapProxy::TapProxy(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ProxyRequestInfo>();
    qRegisterMetaType<ProxyEventBatch>();
    qRegisterMetaType<ProxyDisconnectInfo>();
    m_faults = new FaultController(this, this);
    connect(m_faults, &FaultController::faultFired, this, &TapProxy::faultFired);
    connect(m_faults, &FaultController::scenarioStepRun, this, &TapProxy::scenarioStepRun);
    connect(m_faults, &FaultController::scenarioFinished, this, &TapProxy::scenarioFinished);
}

TapProxy::~TapProxy()
{
    // Quietly: nobody should hear about connections of a proxy being destroyed.
    const QList<ProxyConnection *> connections = std::exchange(m_connections, {});
    for (ProxyConnection *connection : connections)
        delete connection;
    delete m_server;
}

void TapProxy::setOptions(const TapProxyOptions &options)
{
    m_options = options;
}

bool TapProxy::start(QString *errorMessage)
{
    auto fail = [errorMessage](const QString &message) {
        if (errorMessage)
            *errorMessage = message;
        return false;
    };
    const QUrl &upstream = m_options.upstream;
    const QString scheme = upstream.scheme();
    if (!upstream.isValid() || upstream.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
        return fail(QStringLiteral("upstream \"%1\" is not an http:// or https:// URL")
                        .arg(upstream.toDisplayString()));
    if (scheme == QLatin1String("https") && !QSslSocket::supportsSsl())
        return fail(QStringLiteral("no TLS backend available for an https upstream"));
    m_caCertificates.clear();
    if (!m_options.caFile.isEmpty()) {
        m_caCertificates = QSslCertificate::fromPath(m_options.caFile, QSsl::Pem);
        if (m_caCertificates.isEmpty())
            return fail(
                QStringLiteral("no PEM certificate could be read from %1").arg(m_options.caFile));
    }
    if (isListening())
        stop();
    delete m_server;
    m_server = new QTcpServer(this);
    m_server->setListenBacklogSize(ListenBacklog);
    connect(m_server, &QTcpServer::newConnection, this, &TapProxy::acceptConnections);
    connect(m_server, &QTcpServer::acceptError, this, [this] {
        ++m_stats.acceptErrors;
        m_server->pauseAccepting();
        QTimer::singleShot(AcceptRetryMs, m_server,
                           [server = m_server] { server->resumeAccepting(); });
    });
    if (!m_server->listen(m_options.host, m_options.port))
        return fail(QStringLiteral("cannot listen on %1:%2: %3")
                        .arg(m_options.host.toString())
                        .arg(m_options.port)
                        .arg(m_server->errorString()));
    return true;
}

void TapProxy::stop()
{
    m_faults->cancelRefuse();
    const QList<ProxyConnection *> connections = m_connections;
    for (ProxyConnection *connection : connections)
        connection->abort(QStringLiteral("proxy stopped"));
    if (!m_server)
        return;
    m_server->close();
    // Clients that were lingering to receive their last bytes.
    const QList<QTcpSocket *> sockets = m_server->findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets) {
        QObject::disconnect(socket, nullptr, nullptr, nullptr);
        socket->abort();
        socket->deleteLater();
    }
}

bool TapProxy::isListening() const
{
    return m_server && m_server->isListening();
}

quint16 TapProxy::port() const
{
    if (m_faults->refusedPort() != 0)
        return m_faults->refusedPort();
    return m_server ? m_server->serverPort() : 0;
}

QUrl TapProxy::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    QHostAddress address = m_server ? m_server->serverAddress() : m_options.host;
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        address = QHostAddress::LocalHost;
    else if (address == QHostAddress::AnyIPv6)
        address = QHostAddress::LocalHostIPv6;
    url.setHost(address.toString());
    url.setPort(port());
    return url;
}

TapProxyStats TapProxy::stats() const
{
    TapProxyStats stats = m_stats;
    for (const ProxyConnection *connection : m_connections)
        stats.bufferedBytes += connection->bufferedBytes();
    stats.faultsFired = m_faults->faultsFired();
    return stats;
}

QList<ProxyClientInfo> TapProxy::clients() const
{
    QList<ProxyClientInfo> list;
    for (const ProxyConnection *connection : m_connections) {
        if (connection->isStreaming())
            list.append(connection->info());
    }
    return list;
}

int TapProxy::applyFault(const Fault &fault, QString *errorMessage)
{
    return m_faults->apply(fault, errorMessage);
}

bool TapProxy::canApply(const Fault &fault, QString *errorMessage)
{
    return StreamFaults::canActOut(fault, errorMessage);
}

bool TapProxy::canActOut(const Fault &fault, QString *error) const
{
    return TapProxy::canApply(fault, error);
}

bool TapProxy::removeFault(int id)
{
    return m_faults->remove(id);
}

void TapProxy::clearFaults()
{
    m_faults->clear();
}

void TapProxy::setFaultSeed(quint32 seed)
{
    m_faults->setSeed(seed);
}

QList<FaultController::Entry> TapProxy::faults() const
{
    return m_faults->faults();
}

void TapProxy::runScenario(const Scenario &scenario)
{
    m_faults->runScenario(scenario);
}

void TapProxy::stopScenario()
{
    m_faults->stopScenario();
}

bool TapProxy::isScenarioRunning() const
{
    return m_faults->isScenarioRunning();
}

void TapProxy::actOn(int id, const Fault &fault, int client, bool onEvent)
{
    const QList<ProxyConnection *> connections = m_connections; // acting may end some
    for (ProxyConnection *connection : connections) {
        if (!m_connections.contains(connection) || !connection->isStreaming())
            continue;
        if (client != 0 ? connection->number() != client : !fault.targets(connection->number()))
            continue;
        connection->actOnFault(id, fault, onEvent && client != 0);
    }
}

void TapProxy::shapingChanged(const Fault &fault)
{
    for (ProxyConnection *connection : std::as_const(m_connections)) {
        if (fault.targets(connection->number()))
            connection->reconfigureShaper();
    }
}

quint16 TapProxy::closePort()
{
    if (!isListening())
        return 0;
    const quint16 port = m_server->serverPort();
    m_server->close();
    return port;
}

bool TapProxy::reopenPort(quint16 port)
{
    // The same QTcpServer: the sockets it accepted before are its children.
    return m_server && m_server->listen(m_options.host, port);
}

void TapProxy::faultAdded(const Fault &fault)
{
    if (!FaultController::actsOnEvents(fault))
        return;
    // Streams start being cut into events now, so that the fault counts and acts on the same
    // events once it fires.
    for (ProxyConnection *connection : std::as_const(m_connections)) {
        if (connection->isStreaming() && fault.targets(connection->number()))
            connection->prepareForEventFaults();
    }
}

QString TapProxy::applySettings(const Scenario::Step &step)
{
    Q_UNUSED(step)
    return QStringLiteral("the proxy has no heartbeat, event or payload settings (they belong "
                          "to the upstream): step skipped");
}

bool TapProxy::reportsEvents() const
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&TapProxy::eventsSeen);
    return isSignalConnected(signal);
}

void TapProxy::acceptConnections()
{
    while (m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (!socket)
            break;
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        ++m_stats.accepted;
        if (m_connections.size() >= m_options.maxConnections) {
            static constexpr char busy[] =
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; "
                "charset=utf-8\r\nContent-Length: 35\r\nConnection: close\r\n\r\n"
                "ssemon proxy: too many connections\n";
            socket->write(busy, sizeof(busy) - 1);
            connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
            socket->disconnectFromHost();
            continue;
        }
        auto *connection = new ProxyConnection(m_nextConnection++, socket, this);
        m_connections.append(connection);
        m_stats.connections = int(m_connections.size());
        connection->start();
    }
}

void TapProxy::connectionFinished(ProxyConnection *connection, const ProxyDisconnectInfo &info)
{
    m_connections.removeOne(connection);
    m_stats.connections = int(m_connections.size());
    connection->deleteLater();
    Q_EMIT connectionClosed(info);
}
