// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockservercontrol.h"

#include "server/mockserver.h"

namespace {

QString formName(MockServerOptions::HeartbeatForm form)
{
    switch (form) {
    case MockServerOptions::HeartbeatForm::Comment:
        return QStringLiteral("comment");
    case MockServerOptions::HeartbeatForm::Event:
        return QStringLiteral("event");
    case MockServerOptions::HeartbeatForm::Data:
        return QStringLiteral("data");
    }
    return {};
}

QString peerText(const QHostAddress &peer, quint16 port)
{
    return QStringLiteral("%1:%2").arg(peer.toString()).arg(port);
}

constexpr qint64 DayMs = 24LL * 3600 * 1000;

} // namespace

MockServerControl::MockServerControl(MockServer *server)
    : ControlTarget(server->faultEngine())
    , m_server(server)
{ }

QJsonArray MockServerControl::clients() const
{
    QJsonArray list;
    const QList<MockClientInfo> clients = m_server->clients();
    for (const MockClientInfo &client : clients) {
        list.append(
            QJsonObject {{QStringLiteral("client"), client.client},
                         {QStringLiteral("peer"), peerText(client.peer, client.peerPort)},
                         {QStringLiteral("last_event_id"), QString::fromUtf8(client.lastEventId)},
                         {QStringLiteral("events"), client.eventsSent},
                         {QStringLiteral("buffered_bytes"), client.bufferedBytes},
                         {QStringLiteral("connected_ms"), client.connectedMs}});
    }
    return list;
}

QJsonObject MockServerControl::stats() const
{
    const MockServerStats stats = m_server->stats();
    return {{QStringLiteral("clients"), stats.clients},
            {QStringLiteral("requests"), stats.requests},
            {QStringLiteral("events_generated"), stats.eventsGenerated},
            {QStringLiteral("events_sent"), stats.eventsSent},
            {QStringLiteral("heartbeats_sent"), stats.heartbeatsSent},
            {QStringLiteral("bytes_sent"), stats.bytesSent},
            {QStringLiteral("slow_dropped"), stats.slowDropped},
            {QStringLiteral("errors_answered"), stats.errorsAnswered},
            {QStringLiteral("accept_errors"), stats.acceptErrors},
            {QStringLiteral("faults_fired"), stats.faultsFired}};
}

int MockServerControl::changeSettings(const QJsonObject &settings, QJsonObject *result,
                                      QString *error)
{
    auto fail = [error](const QString &message) {
        *error = message;
        return 400;
    };
    MockServerOptions options = m_server->options();
    bool heartbeat = false;
    bool events = false;
    bool payload = false;
    for (auto it = settings.constBegin(); it != settings.constEnd(); ++it) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        if (key == QLatin1String("heartbeat-ms") || key == QLatin1String("event-ms")) {
            const double number = value.toDouble(-1);
            if (!value.isDouble() || number < 0 || number > double(DayMs)
                || number != double(qint64(number)))
                return fail(QStringLiteral("%1 takes a whole number of milliseconds from 0 to %2")
                                .arg(key)
                                .arg(DayMs));
            if (key == QLatin1String("heartbeat-ms")) {
                options.heartbeatMs = qint64(number);
                heartbeat = true;
            } else {
                options.eventMs = qint64(number);
                events = true;
            }
        } else if (key == QLatin1String("heartbeat-form")) {
            const QString form = value.toString();
            if (form == QLatin1String("comment"))
                options.heartbeatForm = MockServerOptions::HeartbeatForm::Comment;
            else if (form == QLatin1String("event"))
                options.heartbeatForm = MockServerOptions::HeartbeatForm::Event;
            else if (form == QLatin1String("data"))
                options.heartbeatForm = MockServerOptions::HeartbeatForm::Data;
            else
                return fail(QStringLiteral("heartbeat-form is comment, event or data"));
            heartbeat = true;
        } else if (key == QLatin1String("payload")) {
            if (!value.isString())
                return fail(QStringLiteral("payload takes a template string, e.g. "
                                           "\"{\\\"n\\\":{{n}}}\""));
            options.payloadTemplate = value.toString().toUtf8();
            payload = true;
        } else {
            return fail(QStringLiteral("unknown setting \"%1\" (known: heartbeat-ms, "
                                       "heartbeat-form, event-ms, payload)")
                            .arg(key));
        }
    }
    if (settings.isEmpty())
        return fail(QStringLiteral("no setting given (known: heartbeat-ms, heartbeat-form, "
                                   "event-ms, payload)"));
    // All checked: applied together.
    if (heartbeat)
        m_server->setHeartbeat(options.heartbeatMs, options.heartbeatForm);
    if (events)
        m_server->setEventInterval(options.eventMs);
    if (payload)
        m_server->setPayloadTemplate(options.payloadTemplate);
    const MockServerOptions now = m_server->options();
    *result = {{QStringLiteral("heartbeat-ms"), now.heartbeatMs},
               {QStringLiteral("heartbeat-form"), formName(now.heartbeatForm)},
               {QStringLiteral("event-ms"), now.eventMs},
               {QStringLiteral("payload"), QString::fromUtf8(now.payloadTemplate)}};
    return 200;
}
