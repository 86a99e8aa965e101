// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QFile>
#include <QHostAddress>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

// A server that misbehaves on purpose, on 127.0.0.1 and a free port. Each connection reads a
// request head (unless told to answer at once) and is then fed by `source`: it is asked for the
// next piece whenever less than `highWater` bytes wait in the socket, so that a stream of a
// gigabyte costs this process no more than that; an empty piece ends the response (the
// connection is closed unless `keepOpen`). A null source accepts and says nothing, forever.
// With `paceMs`, one piece is sent every paceMs instead (a slowloris server).
class HostileServer : public QObject
{
public:
    // Called with the connection number (from 0) and the bytes sent so far on it.
    using Source = std::function<QByteArray(int connection, qint64 sent)>;

    explicit HostileServer(Source source, QObject *parent = nullptr)
        : QObject(parent)
        , m_source(std::move(source))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                accept(socket);
        });
    }

    ~HostileServer() override
    {
        // The connections go first, while this object is still whole: a socket closing emits
        // disconnected(), and the handlers below use this object.
        qDeleteAll(findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly));
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url(const QString &scheme = QStringLiteral("http"),
             const QString &path = QStringLiteral("/events")) const
    {
        return QUrl(scheme + QStringLiteral("://127.0.0.1:")
                    + QString::number(m_server.serverPort()) + path);
    }

    qint64 bytesSent() const { return m_sent; } // over all connections
    int connections() const { return m_connections; }
    int disconnects() const { return m_disconnects; } // connections the peer closed
    bool keepOpen = false;
    qint64 highWater = 256 * 1024;
    int paceMs = 0;
    void setPaceMs(int ms) { paceMs = ms; }

private:
    void accept(QTcpSocket *socket)
    {
        const int number = m_connections++;
        socket->setParent(this);
        auto *head = new QByteArray;
        auto *sentHere = new qint64(0);
        auto *ended = new bool(false);
        connect(socket, &QObject::destroyed, socket, [head, sentHere, ended] {
            delete head;
            delete sentHere;
            delete ended;
        });
        auto next = std::make_shared<std::function<void()>>();
        // Sends the next piece; false once the source has ended the response.
        auto sendNext = [this, socket, number, sentHere, ended] {
            const QByteArray piece = m_source(number, *sentHere);
            if (piece.isEmpty()) {
                *ended = true;
                if (!keepOpen)
                    socket->disconnectFromHost();
                return false;
            }
            *sentHere += piece.size();
            m_sent += piece.size();
            socket->write(piece);
            return true;
        };
        auto pump = [this, socket, ended, sendNext, weak = std::weak_ptr(next)] {
            if (*ended || !m_source || socket->state() != QAbstractSocket::ConnectedState)
                return;
            if (paceMs > 0) {
                const auto again = weak.lock();
                if (sendNext() && again)
                    QTimer::singleShot(paceMs, socket, *again);
                return;
            }
            while (socket->bytesToWrite() < highWater && sendNext()) { }
        };
        *next = pump;
        // The socket keeps the pump alive for the paced timers.
        connect(socket, &QObject::destroyed, socket, [next] {});
        if (paceMs <= 0)
            connect(socket, &QTcpSocket::bytesWritten, socket, pump);
        connect(socket, &QTcpSocket::readyRead, socket, [socket, head, pump] {
            if (head->endsWith("\r\n\r\n")) {
                socket->readAll(); // a body or the next request: ignored
                return;
            }
            // Byte by byte up to the end of the head, so that nothing after it is taken.
            char c;
            while (socket->getChar(&c)) {
                head->append(c);
                if (head->endsWith("\r\n\r\n")) {
                    pump();
                    return;
                }
            }
        });
        connect(socket, &QTcpSocket::disconnected, socket, [this, socket] {
            ++m_disconnects;
            socket->deleteLater();
        });
    }

    QTcpServer m_server;
    Source m_source;
    qint64 m_sent = 0;
    int m_connections = 0;
    int m_disconnects = 0;
};

// This process's peak and current resident set (VmHWM, VmRSS from /proc/self/status), in KiB.
inline qint64 procStatusKiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field)) {
            return line.mid(qsizetype(qstrlen(field))).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return -1;
}
