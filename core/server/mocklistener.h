// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

class QSocketNotifier;
class QTcpServer;

// The mock server's listening socket: it listens (with a deep backlog), accepts and hands over
// each connection as a descriptor, and keeps accepting through errors. Qt 6.4 does not report
// every accept error (EMFILE among them), so on Unix it accepts itself: an error pauses
// accepting (the connection stays in the kernel's backlog) and it retries every retryMs(),
// telling acceptPaused() once per episode and acceptResumed() when a connection gets through.
class MockListener : public QObject
{
    Q_OBJECT
public:
    static constexpr int ListenBacklog = 1024;
    static constexpr int RetryMs = 100;
    // Connections accepted at most per wake-up, so that a storm does not starve the streams.
    static constexpr int MaxAcceptsPerWakeUp = 256;

    explicit MockListener(QObject *parent = nullptr);
    ~MockListener() override;

    bool listen(const QHostAddress &host, quint16 port);
    void close(); // stops listening; connections already handed over are not touched
    bool isListening() const;
    QHostAddress address() const;
    quint16 port() const;
    QString errorString() const;
    qint64 acceptErrors() const { return m_acceptErrors; }

    // The parent for sockets made from accepted descriptors on this thread: a connection that
    // lingers after its stream ended (flushing, then closing) stays reachable here, and
    // abortLingering() ends them all (the server stops).
    QObject *socketParent() const;
    void abortLingering();

Q_SIGNALS:
    // A connected, non-blocking, close-on-exec descriptor; the receiver owns it.
    void accepted(qintptr descriptor);
    void acceptPaused(const QString &message);
    void acceptResumed();

private:
    class Server;
    void acceptReady();
    void acceptFailed(const QString &reason);
    void acceptedOne(qintptr descriptor);

    Server *m_server;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QTimer m_retryTimer;
    bool m_paused = false;
    qint64 m_acceptErrors = 0;
};
