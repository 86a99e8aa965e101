// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "tapproxycontrol.h"

#include "proxy/tapproxy.h"

TapProxyControl::TapProxyControl(TapProxy *proxy)
    : ControlTarget(proxy->faultEngine())
    , m_proxy(proxy)
{ }

QJsonArray TapProxyControl::clients() const
{
    QJsonArray list;
    const QList<ProxyClientInfo> clients = m_proxy->clients();
    for (const ProxyClientInfo &client : clients) {
        list.append(
            QJsonObject {{QStringLiteral("client"), client.connection},
                         {QStringLiteral("peer"),
                          QStringLiteral("%1:%2").arg(client.peer.toString()).arg(client.peerPort)},
                         {QStringLiteral("method"), QString::fromUtf8(client.method)},
                         {QStringLiteral("path"), QString::fromUtf8(client.path)},
                         {QStringLiteral("status"), client.status},
                         {QStringLiteral("last_event_id"), QString::fromUtf8(client.lastEventId)},
                         {QStringLiteral("events"), client.events},
                         {QStringLiteral("bytes"), client.bytesToClient},
                         {QStringLiteral("buffered_bytes"), client.bufferedBytes},
                         {QStringLiteral("connected_ms"), client.connectedMs},
                         {QStringLiteral("reframed"), client.reframed}});
    }
    return list;
}

QJsonObject TapProxyControl::stats() const
{
    const TapProxyStats stats = m_proxy->stats();
    return {{QStringLiteral("clients"), stats.connections},
            {QStringLiteral("accepted"), stats.accepted},
            {QStringLiteral("requests"), stats.requests},
            {QStringLiteral("forwarded"), stats.forwarded},
            {QStringLiteral("upstream_errors"), stats.upstreamErrors},
            {QStringLiteral("events"), stats.events},
            {QStringLiteral("bytes_to_clients"), stats.bytesToClients},
            {QStringLiteral("bytes_from_upstream"), stats.bytesFromUpstream},
            {QStringLiteral("read_pauses"), stats.readPauses},
            {QStringLiteral("buffered_bytes"), stats.bufferedBytes},
            {QStringLiteral("faults_fired"), stats.faultsFired}};
}

int TapProxyControl::changeSettings(const QJsonObject &settings, QJsonObject *result,
                                    QString *error)
{
    Q_UNUSED(settings)
    Q_UNUSED(result)
    *error = QStringLiteral("the proxy has no heartbeat, event or payload settings: they belong "
                            "to the upstream (use faults such as heartbeat-pause or latency)");
    return 404;
}
