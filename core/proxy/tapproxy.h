// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "proxyrecords.h"
#include "tapproxyoptions.h"

#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

#include <functional>
#include <memory>

class ProxyConnection;
class ProxyStreamHook;
class QTcpServer;

// The tap proxy (issue #3): clients connect to it as if it were the upstream server; each
// request is forwarded to the upstream over a connection of its own (HTTP/1.1, Connection:
// close), and the response is passed back as it arrives, byte for byte, while the events it
// carries are observed. Faults plug in per connection through a ProxyStreamHook.
class TapProxy : public QObject
{
    Q_OBJECT
public:
    using HookFactory = std::function<std::unique_ptr<ProxyStreamHook>(const ProxyRequestInfo &)>;

    explicit TapProxy(QObject *parent = nullptr);
    ~TapProxy() override;

    TapProxyOptions options() const { return m_options; }
    void setOptions(const TapProxyOptions &options); // before start()
    // Called for every request about to be forwarded; null or returning null: pass-through.
    void setHookFactory(HookFactory factory) { m_hookFactory = std::move(factory); }

    // Checks the upstream URL, loads the CA file, binds and listens; false with a message.
    bool start(QString *errorMessage = nullptr);
    void stop(); // closes every connection and the listening socket
    bool isListening() const;
    quint16 port() const;
    QUrl url() const; // http://host:port

    // Counters, plus the bytes the proxy holds right now for all its connections.
    TapProxyStats stats() const;

Q_SIGNALS:
    void requestProxied(const ProxyRequestInfo &info);
    // One batch per upstream read that completed events, only built while connected.
    void eventsSeen(const ProxyEventBatch &batch);
    void connectionClosed(const ProxyDisconnectInfo &info);

private:
    friend class ProxyConnection;
    void acceptConnections();
    void connectionFinished(ProxyConnection *connection, const ProxyDisconnectInfo &info);
    bool reportsEvents() const;

    TapProxyOptions m_options;
    TapProxyStats m_stats;
    HookFactory m_hookFactory;
    QList<QSslCertificate> m_caCertificates;
    QTcpServer *m_server = nullptr;
    QList<ProxyConnection *> m_connections;
    int m_nextConnection = 1;
};
