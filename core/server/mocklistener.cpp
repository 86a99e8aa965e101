// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mocklistener.h"

#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#endif

// Where Qt accepts (not on Unix), its descriptors are handed over as ours are.
class MockListener::Server : public QTcpServer
{
public:
    explicit Server(MockListener *owner)
        : QTcpServer(owner)
        , m_owner(owner)
    { }

protected:
    void incomingConnection(qintptr descriptor) override { m_owner->acceptedOne(descriptor); }

private:
    MockListener *m_owner;
};

MockListener::MockListener(QObject *parent)
    : QObject(parent)
    , m_server(new Server(this))
{
    m_server->setListenBacklogSize(ListenBacklog);
    connect(m_server, &QTcpServer::acceptError, this,
            [this] { acceptFailed(m_server->errorString()); });
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        if (m_notifier)
            m_notifier->setEnabled(true); // level-triggered: fires at once if one waits
        else if (m_server->isListening())
            m_server->resumeAccepting();
    });
}

MockListener::~MockListener()
{
    m_notifier.reset();
    // The lingering sockets are the server's children and go with it.
}

bool MockListener::listen(const QHostAddress &host, quint16 port)
{
    if (!m_server->listen(host, port))
        return false;
#ifdef Q_OS_UNIX
    // Qt's accept loop is paused for good; ours sees every error and chooses when to retry.
    m_server->pauseAccepting();
    m_notifier =
        std::make_unique<QSocketNotifier>(m_server->socketDescriptor(), QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &MockListener::acceptReady);
#endif
    return true;
}

void MockListener::close()
{
    m_retryTimer.stop();
    m_notifier.reset();
    m_server->close();
}

bool MockListener::isListening() const
{
    return m_server->isListening();
}

QHostAddress MockListener::address() const
{
    return m_server->serverAddress();
}

quint16 MockListener::port() const
{
    return m_server->serverPort();
}

QString MockListener::errorString() const
{
    return m_server->errorString();
}

QObject *MockListener::socketParent() const
{
    return m_server;
}

void MockListener::abortLingering()
{
    const auto lingering = m_server->findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly);
    for (QTcpSocket *socket : lingering) {
        QObject::disconnect(socket, nullptr, nullptr, nullptr);
        socket->abort();
        socket->deleteLater();
    }
}

void MockListener::acceptReady()
{
#ifdef Q_OS_UNIX
    for (int i = 0; i < MaxAcceptsPerWakeUp && m_notifier; ++i) {
        const int fd = ::accept4(int(m_server->socketDescriptor()), nullptr, nullptr,
                                 SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) {
            const int error = errno;
            if (error == EINTR || error == ECONNABORTED)
                continue;
            if (error == EAGAIN || error == EWOULDBLOCK)
                return;
            // Out of descriptors (EMFILE, ENFILE) or memory: the connection stays in the
            // backlog; stop listening for it until the retry, or this would spin.
            m_notifier->setEnabled(false);
            acceptFailed(QString::fromLocal8Bit(::strerror(error)));
            return;
        }
        acceptedOne(fd);
    }
#endif
}

void MockListener::acceptFailed(const QString &reason)
{
    ++m_acceptErrors;
    if (!m_paused) {
        // Once per episode: the retries below would otherwise flood the log.
        m_paused = true;
        Q_EMIT acceptPaused(QStringLiteral("cannot accept connections (%1): retrying every "
                                           "%2 ms, connected clients are still served")
                                .arg(reason)
                                .arg(RetryMs));
    }
    // Accepting is paused (typically out of file descriptors); try again shortly rather than
    // spin or stay deaf.
    if (!m_notifier)
        m_server->pauseAccepting();
    m_retryTimer.start(RetryMs);
}

void MockListener::acceptedOne(qintptr descriptor)
{
    if (m_paused) {
        m_paused = false;
        Q_EMIT acceptResumed();
    }
    Q_EMIT accepted(descriptor);
}
