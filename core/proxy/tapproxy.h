// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "faults/fault.h"
#include "faults/faultcontroller.h"
#include "faults/faultreport.h"
#include "faults/scenario.h"
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
class QTimer;

// The tap proxy: clients connect to it as if it were the upstream server; each
// request is forwarded to the upstream over a connection of its own (HTTP/1.1, Connection:
// close), and the response is passed back as it arrives, byte for byte, while the events it
// carries are observed. The fault catalogue (core/faults) acts on the streams through a
// FaultController, with the same triggers and targets as on the mock server; other code can
// plug in per connection through a ProxyStreamHook.
class TapProxy : public QObject, private FaultController::Host
{
    Q_OBJECT
public:
    using HookFactory = std::function<std::unique_ptr<ProxyStreamHook>(const ProxyRequestInfo &)>;

    explicit TapProxy(QObject *parent = nullptr);
    ~TapProxy() override;

    TapProxyOptions options() const { return m_options; }
    void setOptions(const TapProxyOptions &options); // before start()
    // Called for every request about to be forwarded; null or returning null: pass-through.
    // A hook sees every event, but forwards bytes only while the connection is not re-framed
    // by a fault that acts per event (the fault catalogue then writes to the client itself).
    void setHookFactory(HookFactory factory) { m_hookFactory = std::move(factory); }

    // Checks the upstream URL, loads the CA file, binds and listens; false with a message.
    bool start(QString *errorMessage = nullptr);
    void stop(); // closes every connection and the listening socket
    bool isListening() const;
    quint16 port() const;
    QUrl url() const; // http://host:port

    // Counters, plus the bytes the proxy holds right now for all its connections.
    TapProxyStats stats() const;
    QList<ProxyClientInfo> clients() const; // streaming connections, oldest first

    // The fault catalogue, as on MockServer: returns the fault's id (> 0), or 0 with a message
    // when the proxy cannot act it out. A `now` fault fires before this returns; each act is
    // reported by faultFired(). Per-event faults act on the connection whose event fired them.
    int applyFault(const Fault &fault, QString *errorMessage = nullptr);
    static bool canApply(const Fault &fault, QString *errorMessage = nullptr);
    bool removeFault(int id);
    void clearFaults();
    void setFaultSeed(quint32 seed);
    QList<FaultController::Entry> faults() const;
    // A scenario's timeline from now; `set` steps do not apply to a proxy and are reported so.
    void runScenario(const Scenario &scenario);
    void stopScenario();
    bool isScenarioRunning() const;
    const FaultController &faultController() const { return *m_faults; }
    FaultController *faultEngine() { return m_faults; }

Q_SIGNALS:
    void requestProxied(const ProxyRequestInfo &info);
    // One batch per upstream read that completed events, only built while connected.
    void eventsSeen(const ProxyEventBatch &batch);
    void connectionClosed(const ProxyDisconnectInfo &info);
    void faultFired(const FaultReport &report);
    // A scenario step ran; a step that does not apply to a proxy reports why in `error`.
    void scenarioStepRun(const QString &label, const QString &text, const QString &error);
    void scenarioFinished(const QString &name);

private:
    friend class ProxyConnection;
    void acceptConnections();
    void connectionFinished(ProxyConnection *connection, const ProxyDisconnectInfo &info);
    bool reportsEvents() const;

    // FaultController::Host
    bool canActOut(const Fault &fault, QString *error) const override;
    void actOn(int id, const Fault &fault, int client, bool onEvent) override;
    void shapingChanged(const Fault &fault) override;
    quint16 closePort() override;
    bool reopenPort(quint16 port) override;
    QString applySettings(const Scenario::Step &step) override;
    void faultAdded(const Fault &fault) override;

    TapProxyOptions m_options;
    TapProxyStats m_stats;
    HookFactory m_hookFactory;
    QList<QSslCertificate> m_caCertificates;
    QTcpServer *m_server = nullptr;
    QList<ProxyConnection *> m_connections;
    int m_nextConnection = 1;
    FaultController *m_faults = nullptr;
};
