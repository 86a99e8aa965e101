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

MockServerControl::MockServerControl(MockServer *server, QObject *parent)
    : QObject(parent)
    , m_server(server)
{
    connect(server, &MockServer::faultFired, this, &MockServerControl::faultFired);
    connect(server, &MockServer::scenarioStepRun, this, [this] { ++m_stepsRun; });
}

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

QJsonArray MockServerControl::faults() const
{
    QJsonArray list;
    for (auto it = m_faults.cbegin(); it != m_faults.cend(); ++it) {
        QJsonObject object = faultToJson(it.key(), it->fault, QString());
        object.insert(QStringLiteral("fired"), it->fired);
        list.append(object);
    }
    return list;
}

int MockServerControl::addFault(const Fault &fault, QString *error)
{
    // Tracked before it is applied: a `now` fault fires inside applyFault().
    const int id = m_server->applyFault(fault, error);
    if (id > 0 && !m_faults.contains(id)) {
        // Fired at once and already forgotten by the server: not listed.
        const bool now = fault.trigger.kind == Fault::Trigger::Kind::Now;
        // A `now` shaping or response fault has reported itself on (or armed) already.
        if (!now || fault.scope() == Fault::Scope::Shaping
            || fault.scope() == Fault::Scope::Response)
            m_faults.insert(id, {fault, now ? 1 : 0});
    }
    return id;
}

void MockServerControl::faultFired(const MockFaultInfo &info)
{
    auto it = m_faults.find(info.id);
    if (it == m_faults.end())
        return;
    ++it->fired;
    const Fault &fault = it->fault;
    bool done = false;
    switch (fault.scope()) {
    case Fault::Scope::Connection:
    case Fault::Scope::Event:
    case Fault::Scope::Server:
        done = !fault.trigger.isRepeating();
        break;
    case Fault::Scope::Shaping:
        done = info.client == 0
            && (info.detail.startsWith(QLatin1String("ended"))
                || info.detail == QLatin1String("removed")
                || info.detail == QLatin1String("cleared"));
        break;
    case Fault::Scope::Response:
        // One report when armed, then one per connection it answered.
        done = !fault.trigger.isRepeating() && fault.count > 0 && it->fired > fault.count;
        break;
    }
    if (done)
        m_faults.erase(it);
}

bool MockServerControl::removeFault(int id)
{
    if (!m_faults.contains(id))
        return false;
    m_faults.remove(id);
    m_server->removeFault(id);
    return true;
}

void MockServerControl::clearFaults()
{
    m_faults.clear();
    m_server->clearFaults();
}

bool MockServerControl::runScenario(const Scenario &scenario, QString *error)
{
    for (const Scenario::Step &step : scenario.steps) {
        QString reason;
        if (step.action == Scenario::Step::Action::Fault
            && !MockServer::canApply(step.fault, &reason)) {
            if (error)
                *error = QStringLiteral("%1: %2: %3").arg(scenario.source, step.label, reason);
            return false;
        }
    }
    m_scenarioName = scenario.name;
    m_scenarioSteps = int(scenario.steps.size());
    m_stepsRun = 0;
    m_server->runScenario(scenario);
    return true;
}

bool MockServerControl::stopScenario()
{
    const bool running = m_server->isScenarioRunning();
    m_server->stopScenario();
    return running;
}

QJsonObject MockServerControl::scenario() const
{
    QJsonObject object {{QStringLiteral("running"), m_server->isScenarioRunning()}};
    if (!m_scenarioName.isNull()) {
        object.insert(QStringLiteral("name"), m_scenarioName);
        object.insert(QStringLiteral("steps"), m_scenarioSteps);
        object.insert(QStringLiteral("steps_run"), m_stepsRun);
    }
    return object;
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
