// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// What the SseClient tests share: a collector of everything a client delivered, options that
// reconnect fast, and small helpers.
#pragma once

#include "client/sseclient.h"
#include "scriptedserver.h"

#include <QDateTime>
#include <QObject>
#include <QTcpServer>
#include <QTest>

Q_DECLARE_METATYPE(ServerScript)
Q_DECLARE_METATYPE(SseClientOptions::Transport)

namespace ClientFixture {

// Everything one client delivered, in order.
class Collector : public QObject
{
public:
    explicit Collector(SseClient *client)
    {
        connect(client, &SseClient::recordsReady, this, [this](const ClientBatch &batch) {
            ++batches;
            records += batch.records;
            lastStats = batch.stats;
        });
        connect(client, &SseClient::stateChanged, this,
                [this](ClientState state, const QString &) { stateSignals.append(state); });
        connect(client, &SseClient::finished, this,
                [this](ClientState state) { finishedStates.append(state); });
    }

    QList<ClientRecord> ofKind(ClientRecord::Kind kind) const
    {
        QList<ClientRecord> out;
        for (const ClientRecord &r : records) {
            if (r.kind == kind)
                out.append(r);
        }
        return out;
    }
    QList<ClientRecord> states(ClientState state) const
    {
        QList<ClientRecord> out;
        for (const ClientRecord &r : ofKind(ClientRecord::Kind::State)) {
            if (r.state == state)
                out.append(r);
        }
        return out;
    }
    QList<QByteArray> eventData() const
    {
        QList<QByteArray> out;
        for (const ClientRecord &r : ofKind(ClientRecord::Kind::Event))
            out.append(r.event.data);
        return out;
    }
    ClientRecord lastState() const
    {
        const QList<ClientRecord> all = ofKind(ClientRecord::Kind::State);
        return all.isEmpty() ? ClientRecord() : all.last();
    }
    bool ended() const { return !finishedStates.isEmpty(); }

    QList<ClientRecord> records;
    QList<ClientState> stateSignals;
    QList<ClientState> finishedStates;
    SseClientStats lastStats;
    int batches = 0;
};

// The transport fastOptions() asks for: a suite that runs on both sets it per row (its
// initTestCase_data() rows "wire" and "qnam", applied in init() with useTransportRow()).
inline SseClientOptions::Transport &transportUnderTest()
{
    static SseClientOptions::Transport transport = SseClientOptions::Transport::Wire;
    return transport;
}

// initTestCase_data(): one row per transport, so that every test function runs on both.
inline void addTransportRows()
{
    QTest::addColumn<SseClientOptions::Transport>("transport");
    QTest::newRow("wire") << SseClientOptions::Transport::Wire;
    QTest::newRow("qnam") << SseClientOptions::Transport::Qnam;
}

inline bool onQnam()
{
    return transportUnderTest() == SseClientOptions::Transport::Qnam;
}

inline SseClientOptions fastOptions(const QUrl &url)
{
    SseClientOptions o;
    o.url = url;
    o.transport = transportUnderTest();
    o.retryMs = 20;
    o.jitterMin = 1.0;
    o.proxyMode = SseClientOptions::ProxyMode::None; // a proxy in the environment stays out
    return o;
}

inline qint64 unixMsNow()
{
    return QDateTime::currentMSecsSinceEpoch();
}

inline quint16 unusedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort(); // closed when probe goes: connecting there is refused
}

// True when the condition stays false for the whole time (proof that something did not happen).
template<typename F>
bool staysFalse(F condition, int ms)
{
    return !QTest::qWaitFor(condition, ms);
}

} // namespace ClientFixture
