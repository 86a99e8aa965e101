// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "checkrunner.h"

#include "client/mcpsession.h"

#include "client/requestbuilder.h"
#include "http/headerline.h"
#include "io/templatevariables.h"
#include "proxy/tapproxy.h"
#include "server/mockserver.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>

namespace {

QString resolveText(const QString &text, const QHash<QString, QString> &values,
                    QStringList *missing)
{
    const TemplateVariables::Result result = TemplateVariables::resolve(text.toUtf8(), values);
    for (const QString &name : result.missing) {
        if (!missing->contains(name))
            missing->append(name);
    }
    return QString::fromUtf8(result.text);
}

QString clip(const QByteArray &text, qsizetype max = 160)
{
    QString s = QString::fromUtf8(text.left(max * 4)).left(max);
    s.replace(u'\n', QStringLiteral("\\n"));
    return s.size() < text.size() && text.size() > max ? s + QStringLiteral("…") : s;
}

QString noHostMessage()
{
    return QStringLiteral("the stream is attached (not started by the check) and has no mock "
                          "server or tap proxy of the check to act on");
}

QString missingMessage(const QStringList &missing)
{
    return QStringLiteral("needs {{%1}}, which the step that captures it did not capture "
                          "(it failed or was skipped)")
        .arg(missing.join(QStringLiteral("}}, {{")));
}

} // namespace

CheckRunner::CheckRunner(CheckFile file, QObject *parent)
    : QObject(parent)
    , m_file(std::move(file))
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    m_pause.setSingleShot(true);
    m_pause.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &CheckRunner::onTimer);
    connect(&m_pause, &QTimer::timeout, this, &CheckRunner::openWindow);
}

CheckRunner::~CheckRunner()
{
    for (StreamRun *run : std::as_const(m_streams)) {
        if (run->client)
            run->client->disconnect(this);
        if (run->attached)
            run->attached->disconnect(this);
        delete run;
    }
}

void CheckRunner::attach(int stream, SseClient *client, MockServer *host)
{
    Q_ASSERT(stream >= 0 && stream < m_file.streams.size() && m_streams.isEmpty());
    m_attachments.insert(stream, {client, host});
}

void CheckRunner::start()
{
    m_clock.start();
    m_startedUtc = QDateTime::currentDateTimeUtc();
    m_originNs = monotonicNowNs();
    m_values = m_file.vars;
    for (qsizetype i = 0; i < m_file.streams.size(); ++i) {
        auto *run = new StreamRun;
        if (const auto it = m_attachments.constFind(int(i)); it != m_attachments.cend()) {
            run->attached = it->first;
            run->host = it->second;
            // Its records count from now, for the evidence and its state, like a stream of
            // our own from its start.
            if (run->attached) {
                connect(run->attached, &SseClient::recordsReady, this,
                        [this, i](const ClientBatch &batch) { onBatch(int(i), batch); });
                connect(run->attached, &SseClient::finished, this,
                        [this, i](ClientState state) { onStreamFinished(int(i), state); });
            }
        }
        m_streams.append(run);
    }
    m_network = new QNetworkAccessManager(this);
    m_step = -1;
    QMetaObject::invokeMethod(this, &CheckRunner::runStep, Qt::QueuedConnection);
}

void CheckRunner::abort(const QString &reason)
{
    if (m_finished)
        return;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    failStep(reason);
    reportDecided();
    // The steps not reached are reported as skipped: the report still names every expectation
    // of the file, and says why it has no verdict.
    const QString notRun = QStringLiteral("not run: %1 before this step").arg(reason);
    while (m_step + 1 < m_file.steps.size()) {
        ++m_step;
        m_windowOpen = false;
        m_triggerReported = false;
        prepareChecks(monotonicNowNs());
        failStep(notRun, CheckResult::Status::Skipped);
        reportDecided();
    }
    endStep();
}

void CheckRunner::endSessions()
{
    for (StreamRun *run : std::as_const(m_streams)) {
        // An embedded mock's sessions went with it.
        if (!run->mcp || run->mock || run->mcp->state() != McpSession::State::Ready)
            continue;
        run->mcp->setTimeoutMs(kSessionEndMs);
        const int seq = run->mcp->end();
        if (seq <= 0)
            continue;
        ++m_sessionsEnding;
        connect(run->mcp.get(), &McpSession::callFinished, this, [this, seq](int done) {
            if (done == seq && --m_sessionsEnding == 0)
                Q_EMIT finished();
        });
    }
    if (m_sessionsEnding == 0)
        Q_EMIT finished();
}

void CheckRunner::prepareChecks(qint64 nowNs)
{
    m_checks.clear();
    m_reported.clear();
    m_checkIndex.clear();
    m_windowStartNs = nowNs;
    const CheckStep &step = m_file.steps.at(m_step);
    for (qsizetype i = 0; i < step.expectations.size(); ++i) {
        CheckExpectation check;
        QStringList missing;
        if (!check.prepare(step.expectations.at(i), m_values, &missing))
            check.error(nowNs, missingMessage(missing), CheckResult::Status::Skipped);
        m_checks.append(check);
        m_reported.append(false);
        m_checkIndex.append(int(i));
    }
}

void CheckRunner::runStep()
{
    if (m_finished)
        return; // aborted before a queued step ran
    m_timer.stop();
    m_pause.stop();
    m_windowOpen = false;
    m_checks.clear();
    m_reported.clear();
    m_checkIndex.clear();
    m_triggerReported = false;
    ++m_step;
    if (m_step >= m_file.steps.size()) {
        // The end: every stream stops, nothing more is reported.
        for (StreamRun *run : std::as_const(m_streams)) {
            if (run->client) {
                run->client->disconnect(this);
                run->client->close(QStringLiteral("check finished"));
            }
            if (run->attached)
                run->attached->disconnect(this); // the owner's stream goes on
            if (run->tap)
                run->tap->stop();
            if (run->mock)
                run->mock->stop();
        }
        m_finished = true;
        endSessions();
        return;
    }
    Q_EMIT stepStarted(m_step);
    const CheckStep &step = m_file.steps.at(m_step);
    prepareChecks(monotonicNowNs());
    StreamRun *run = m_streams.at(step.stream);
    if (!run->started && m_attachments.contains(step.stream))
        startAttached(step.stream);
    if (!run->started) {
        QStringList missing;
        QString error;
        if (!startStream(step.stream, m_values, &missing, &error)) {
            if (!missing.isEmpty())
                failStep(missingMessage(missing), CheckResult::Status::Skipped);
            else
                failStep(error);
        }
    }
    if (!run->failure.isEmpty())
        failStep(QStringLiteral("stream \"%1\" failed: %2")
                     .arg(m_file.streams.at(step.stream).name, run->failure));

    const CheckTrigger &trigger = step.trigger;
    const bool allDecided = std::all_of(m_checks.cbegin(), m_checks.cend(),
                                        [](const CheckExpectation &c) { return c.isDecided(); });
    if ((allDecided && !m_checks.isEmpty()) || m_triggerReported) {
        reportDecided();
        endStep();
        return;
    }
    switch (trigger.kind) {
    case CheckTrigger::Kind::Pause:
        m_pause.start(int(trigger.pauseMs));
        return;
    case CheckTrigger::Kind::Fault: {
        openWindow();
        QString error;
        int id = 0;
        if (MockServer *mock = run->mock ? run->mock.get() : run->host.data())
            id = mock->applyFault(trigger.fault, &error);
        else if (run->tap)
            id = run->tap->applyFault(trigger.fault, &error);
        else if (run->attached)
            error = noHostMessage();
        if (id == 0)
            failStep(QStringLiteral("fault \"%1\": %2").arg(trigger.faultText, error));
        break;
    }
    case CheckTrigger::Kind::Scenario:
        openWindow();
        if (run->mock)
            run->mock->runScenario(trigger.scenario);
        else if (run->tap)
            run->tap->runScenario(trigger.scenario);
        else if (run->host)
            run->host->runScenario(trigger.scenario);
        else if (run->attached)
            failStep(QStringLiteral("scenario: ") + noHostMessage());
        break;
    case CheckTrigger::Kind::Http:
    case CheckTrigger::Kind::Control:
        // The window opens first: what the request causes may arrive before its answer.
        openWindow();
        sendHttp(trigger);
        break;
    case CheckTrigger::Kind::None:
        openWindow();
        break;
    }
    reportDecided();
    settle();
}

bool CheckRunner::startStream(int index, const QHash<QString, QString> &values,
                              QStringList *missing, QString *error)
{
    const CheckStream &def = m_file.streams.at(index);
    StreamRun *run = m_streams.at(index);
    run->started = true;
    SseClientOptions options = def.options;
    if (def.mock) {
        run->mock = std::make_unique<MockServer>();
        run->mock->setOptions(def.mockOptions);
        QString why;
        if (!run->mock->start(&why)) {
            *error = QStringLiteral("the embedded mock server did not start: ") + why;
            run->failure = *error;
            return false;
        }
        for (const Fault &fault : def.mockFaults)
            run->mock->applyFault(fault);
        options.url = run->mock->url();
        if (!def.mockPath.isEmpty())
            options.url.setPath(def.mockPath);
    } else {
        const QString url = resolveText(def.url, values, missing);
        if (missing->isEmpty() && !RequestBuilder::parseUrl(url, &options.url, error)) {
            *error = QStringLiteral("url \"%1\": %2").arg(url, *error);
            run->failure = *error;
            return false;
        }
        if (def.tap && missing->isEmpty()) {
            // The client asks the proxy for `/`, which it forwards to the URL's path and query.
            TapProxyOptions tapOptions;
            tapOptions.upstream = options.url;
            tapOptions.ignoreSslErrors = options.ignoreSslErrors;
            tapOptions.caFile = options.caFile;
            run->tap = std::make_unique<TapProxy>();
            run->tap->setOptions(tapOptions);
            QString why;
            if (!run->tap->start(&why)) {
                *error = QStringLiteral("the tap proxy did not start: ") + why;
                run->failure = *error;
                return false;
            }
            for (const Fault &fault : def.tapFaults)
                run->tap->applyFault(fault);
            options.url = run->tap->url();
            options.url.setPath(QStringLiteral("/"));
        }
    }
    options.headers.clear();
    for (const auto &[name, value] : def.headers) {
        const QByteArray resolved = resolveText(value, values, missing).toUtf8();
        if (HeaderLine::breaksLine(resolved)) {
            *error = QStringLiteral("header %1: its value breaks the line").arg(name);
            run->failure = *error;
            return false;
        }
        options.headers.append({name.toUtf8(), resolved});
    }
    options.body = resolveText(def.body, values, missing).toUtf8();
    options.lastEventId = resolveText(def.lastEventId, values, missing).toUtf8();
    if (!missing->isEmpty()) {
        // Not a failure of the stream: a later step may capture the value and start it.
        run->started = false;
        run->failure.clear();
        return false;
    }
    if (def.mcpSession)
        startMcpSession(index, options);
    else
        openClient(index, options);
    return true;
}

void CheckRunner::openClient(int index, const SseClientOptions &options)
{
    StreamRun *run = m_streams.at(index);
    run->client = std::make_unique<SseClient>();
    run->client->setOptions(options);
    connect(run->client.get(), &SseClient::recordsReady, this,
            [this, index](const ClientBatch &batch) { onBatch(index, batch); });
    connect(run->client.get(), &SseClient::finished, this,
            [this, index](ClientState state) { onStreamFinished(index, state); });
    run->client->open();
}

void CheckRunner::startMcpSession(int index, const SseClientOptions &options)
{
    StreamRun *run = m_streams.at(index);
    run->mcp = std::make_unique<McpSession>();
    run->mcp->setRequest(options);
    const int seq = run->mcp->initialize();
    connect(run->mcp.get(), &McpSession::stateChanged, this,
            [this, index, options, seq](McpSession::State state) {
                StreamRun *stream = m_streams.at(index);
                if (state == McpSession::State::Ready && !stream->client) {
                    openClient(index, stream->mcp->inSession(options)); // its own request
                } else if (state == McpSession::State::Ended && !stream->client) {
                    const McpSession::Call *call = stream->mcp->call(seq);
                    streamFailed(
                        index,
                        QStringLiteral("the MCP initialize failed: ")
                            + (call ? call->statusText()
                                    : stream->mcp->notes().value(stream->mcp->notes().size() - 1)));
                }
            });
    if (seq == 0) // not sent: the session says why
        streamFailed(index,
                     QStringLiteral("the MCP initialize was not sent: ")
                         + run->mcp->notes().value(run->mcp->notes().size() - 1));
}

void CheckRunner::streamFailed(int index, const QString &why)
{
    StreamRun *run = m_streams.at(index);
    run->failure = why;
    run->state = ClientState::Failed;
    const bool current = m_windowOpen && m_step >= 0 && m_step < m_file.steps.size()
        && m_file.steps.at(m_step).stream == index;
    if (!current)
        return;
    failStep(QStringLiteral("stream \"%1\" failed: %2").arg(m_file.streams.at(index).name, why));
    reportDecided();
    settle();
}

void CheckRunner::startAttached(int index)
{
    StreamRun *run = m_streams.at(index);
    run->started = true;
    Q_EMIT attachedStreamStarting(index);
    if (!run->attached) {
        run->failure = QStringLiteral("its client is gone");
        return;
    }
    const ClientState state = run->attached->state();
    if (state == ClientState::Connecting || state == ClientState::Open
        || state == ClientState::Reconnecting) {
        run->state = state;
        run->stats = run->attached->stats();
    } else {
        // Just (re)opened by its owner, or left as it was: until its first record it is a
        // stream that has not begun, not the session that ended before.
        run->state = ClientState::Idle;
        run->stats = SseClientStats();
        run->failure.clear();
    }
}

void CheckRunner::openWindow()
{
    const CheckStep &step = m_file.steps.at(m_step);
    StreamRun *run = m_streams.at(step.stream);
    m_windowOpen = true;
    m_windowStartNs = monotonicNowNs();
    m_windowEndNs = m_windowStartNs + step.withinMs * 1000000;
    for (CheckExpectation &check : m_checks) {
        if (!check.isDecided())
            check.begin(m_windowStartNs, run->state, run->conn, run->stats);
    }
    if (!run->failure.isEmpty()) {
        failStep(QStringLiteral("stream \"%1\" failed: %2")
                     .arg(m_file.streams.at(step.stream).name, run->failure));
    } else if (run->state == ClientState::Closed) {
        for (CheckExpectation &check : m_checks)
            check.finish(m_windowStartNs, QStringLiteral("the stream had closed"));
    }
    if (step.trigger.kind == CheckTrigger::Kind::Pause) {
        reportDecided();
        settle();
    }
}

void CheckRunner::sendHttp(const CheckTrigger &trigger)
{
    const CheckStep &step = m_file.steps.at(m_step);
    QStringList missing;
    const QString url = resolveText(trigger.url, m_values, &missing);
    const QByteArray body = resolveText(trigger.body, m_values, &missing).toUtf8();
    QNetworkRequest request;
    for (const auto &[name, value] : trigger.headers)
        request.setRawHeader(name.toUtf8(), resolveText(value, m_values, &missing).toUtf8());
    if (!missing.isEmpty()) {
        failStep(missingMessage(missing), CheckResult::Status::Skipped);
        return;
    }
    QUrl parsed;
    QString error;
    if (!RequestBuilder::parseUrl(url, &parsed, &error)) {
        failStep(QStringLiteral("http url \"%1\": %2").arg(url, error));
        return;
    }
    if (trigger.kind == CheckTrigger::Kind::Control) {
        // The endpoint under the API's root, whatever the root's own path.
        QString path = parsed.path();
        if (!path.endsWith(u'/'))
            path += u'/';
        parsed.setPath(path + trigger.controlPath);
    }
    request.setUrl(parsed);
    request.setTransferTimeout(int(step.withinMs + kDeliveryGraceMs));
    m_reply = m_network->sendCustomRequest(request, trigger.method, body);
    connect(m_reply.data(), &QNetworkReply::finished, this, &CheckRunner::httpFinished);
}

void CheckRunner::httpFinished()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply)
        return;
    m_reply = nullptr;
    reply->deleteLater();
    const CheckTrigger &trigger = m_file.steps.at(m_step).trigger;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString what = QString::fromLatin1(trigger.method) + u' ' + reply->url().toString();
    QString problem;
    if (status == 0) {
        problem = QStringLiteral("%1 %2: %3")
                      .arg(trigger.kind == CheckTrigger::Kind::Control ? QStringLiteral("control")
                                                                       : QStringLiteral("http"),
                           what, reply->errorString());
    } else if (trigger.status ? status != trigger.status : status / 100 != 2) {
        problem = QStringLiteral("%1 %2 answered %3, expected %4: %5")
                      .arg(trigger.kind == CheckTrigger::Kind::Control ? QStringLiteral("control")
                                                                       : QStringLiteral("http"),
                           what)
                      .arg(status)
                      .arg(trigger.status ? QString::number(trigger.status) : QStringLiteral("2xx"))
                      .arg(clip(reply->read(4096)));
    }
    if (!problem.isEmpty())
        failStep(problem);
    reportDecided();
    settle();
}

void CheckRunner::onBatch(int stream, const ClientBatch &batch)
{
    StreamRun *run = m_streams.at(stream);
    const bool current = m_windowOpen && m_step >= 0 && m_step < m_file.steps.size()
        && m_file.steps.at(m_step).stream == stream;
    for (const ClientRecord &record : batch.records) {
        if (record.kind == ClientRecord::Kind::State) {
            run->state = record.state;
            // An attached stream's owner may connect it again after it failed.
            if (run->attached && record.state != ClientState::Failed)
                run->failure.clear();
            if (record.state == ClientState::Failed)
                run->failure =
                    record.reason.isEmpty() ? QStringLiteral("connection failed") : record.reason;
            if (record.state == ClientState::Failed && record.httpStatus)
                run->failure =
                    QStringLiteral("status %1: %2").arg(record.httpStatus).arg(run->failure);
        }
        if (record.conn > 0)
            run->conn = record.conn;
        // Comments are left out: a heartbeat's is followed by its ping record, and the ring is
        // for what a failure is about.
        if (record.kind != ClientRecord::Kind::Timing && record.kind != ClientRecord::Kind::Retry
            && record.kind != ClientRecord::Kind::Comment) {
            run->evidence.push_back({record.monotonicNs, recordLine(record)});
            if (run->evidence.size() > size_t(kEvidenceRecords))
                run->evidence.pop_front();
        }
        if (current && record.monotonicNs >= m_windowStartNs
            && record.monotonicNs <= m_windowEndNs) {
            for (CheckExpectation &check : m_checks)
                check.feed(record);
        } else if (current && record.monotonicNs < m_windowStartNs) {
            for (CheckExpectation &check : m_checks)
                check.feedEarlier(record);
        }
    }
    run->stats = batch.stats;
    if (!current)
        return;
    for (CheckExpectation &check : m_checks)
        check.feedStats(batch.stats);
    reportDecided();
    settle();
}

void CheckRunner::onStreamFinished(int stream, ClientState state)
{
    StreamRun *run = m_streams.at(stream);
    run->state = state;
    if (state == ClientState::Failed && run->failure.isEmpty())
        run->failure = QStringLiteral("connection failed");
    const bool current = m_windowOpen && m_step >= 0 && m_step < m_file.steps.size()
        && m_file.steps.at(m_step).stream == stream;
    if (!current)
        return;
    if (state == ClientState::Failed) {
        failStep(QStringLiteral("stream \"%1\" failed: %2")
                     .arg(m_file.streams.at(stream).name, run->failure));
    } else {
        const qint64 now = monotonicNowNs();
        for (CheckExpectation &check : m_checks)
            check.finish(now, QStringLiteral("the stream closed"));
    }
    reportDecided();
    settle();
}

void CheckRunner::onTimer()
{
    if (!m_windowOpen)
        return;
    const qint64 judged = monotonicNowNs() - kDeliveryGraceMs * 1000000;
    for (CheckExpectation &check : m_checks)
        check.checkTime(judged);
    if (judged >= m_windowEndNs) {
        for (CheckExpectation &check : m_checks)
            check.finish(m_windowEndNs);
        if (m_reply) {
            m_reply->disconnect(this);
            m_reply->abort();
            m_reply->deleteLater();
            m_reply = nullptr;
            failStep(QStringLiteral("http %1: no answer within the window")
                         .arg(m_file.steps.at(m_step).trigger.url));
        }
    }
    reportDecided();
    settle();
}

void CheckRunner::settle()
{
    if (!m_windowOpen || m_finished)
        return;
    const bool allDecided = std::all_of(m_checks.cbegin(), m_checks.cend(),
                                        [](const CheckExpectation &c) { return c.isDecided(); });
    if (allDecided && !m_reply) {
        endStep();
        return;
    }
    qint64 next = m_windowEndNs;
    for (const CheckExpectation &check : std::as_const(m_checks))
        next = std::min(next, check.nextDeadlineNs());
    const qint64 waitMs = (next - monotonicNowNs()) / 1000000 + kDeliveryGraceMs + 1;
    m_timer.start(int(std::max<qint64>(0, waitMs)));
}

void CheckRunner::reportDecided()
{
    for (qsizetype i = 0; i < m_checks.size(); ++i) {
        const CheckExpectation &check = m_checks.at(i);
        if (!check.isDecided() || m_reported.at(i))
            continue;
        m_reported[i] = true;
        if (check.status() == CheckResult::Status::Passed) {
            for (auto it = check.captures().cbegin(); it != check.captures().cend(); ++it)
                m_values.insert(it.key(), it.value());
        }
        report(int(i), check.status(), check.message(), check.seen(), check.decidedNs());
    }
}

void CheckRunner::report(int index, CheckResult::Status status, const QString &message,
                         const QStringList &extraEvidence, qint64 decidedNs)
{
    const CheckStep &step = m_file.steps.at(m_step);
    const CheckExpectation &check = m_checks.at(index);
    CheckResult result;
    result.stream = m_file.streams.at(step.stream).name;
    result.step = m_step;
    result.index = m_checkIndex.at(index);
    result.stepLabel = step.label(m_step);
    result.expectation = check.describe();
    result.where = check.expectation().where;
    result.status = status;
    result.message = message;
    result.windowStartMs = sinceStartMs(m_windowStartNs);
    result.windowMs = step.withinMs;
    result.elapsedMs = std::max<qint64>(0, (decidedNs - m_windowStartNs) / 1000000);
    if (status == CheckResult::Status::Failed || status == CheckResult::Status::Error) {
        result.evidence.append(QStringLiteral("window: +%1 ms to +%2 ms (within %3 ms)")
                                   .arg(result.windowStartMs)
                                   .arg(result.windowStartMs + step.withinMs)
                                   .arg(step.withinMs));
        if (m_windowOpen)
            result.evidence.append(extraEvidence);
        // The stream's last records up to the decision (not those that came after it), as
        // many of the latest as fit.
        const StreamRun *run = m_streams.at(step.stream);
        QStringList lines;
        for (const auto &[ns, line] : run->evidence) {
            if (ns <= decidedNs)
                lines.append(QStringLiteral("  ") + line);
        }
        const qsizetype room = CheckResult::kMaxEvidence - result.evidence.size() - 1;
        if (!lines.isEmpty() && room > 0) {
            result.evidence.append(
                QStringLiteral("last records of stream \"%1\":").arg(result.stream));
            result.evidence.append(lines.mid(std::max<qsizetype>(0, lines.size() - room)));
        }
    }
    m_results.append(result);
    Q_EMIT resultReady(result);
}

void CheckRunner::failStep(const QString &message, CheckResult::Status status)
{
    const qint64 now = monotonicNowNs();
    for (CheckExpectation &check : m_checks)
        check.error(now, message, status);
    if (!m_checks.isEmpty() || m_triggerReported || m_step < 0 || m_step >= m_file.steps.size())
        return;
    // A step with a trigger alone: its trigger is what is reported, once.
    m_triggerReported = true;
    const CheckStep &step = m_file.steps.at(m_step);
    CheckResult result;
    result.stream = m_file.streams.at(step.stream).name;
    result.step = m_step;
    result.index = -1;
    result.stepLabel = step.label(m_step);
    result.expectation = step.trigger.describe();
    result.where = step.where;
    result.status = status;
    result.message = message;
    result.windowStartMs = sinceStartMs(m_windowStartNs);
    result.windowMs = step.withinMs;
    result.elapsedMs = std::max<qint64>(0, (now - m_windowStartNs) / 1000000);
    m_results.append(result);
    Q_EMIT resultReady(result);
}

void CheckRunner::endStep()
{
    m_timer.stop();
    m_windowOpen = false;
    QMetaObject::invokeMethod(this, &CheckRunner::runStep, Qt::QueuedConnection);
}

QString CheckRunner::recordLine(const ClientRecord &record) const
{
    const QString at = QStringLiteral("+%1 ms conn %2 ")
                           .arg(double(record.monotonicNs - m_originNs) / 1e6, 0, 'f', 1)
                           .arg(record.conn);
    switch (record.kind) {
    case ClientRecord::Kind::Event:
        return at
            + QStringLiteral("event #%1 type=%2 id=%3 data=%4")
                  .arg(record.seq)
                  .arg(record.event.typeString(), record.event.idString(), clip(record.event.data));
    case ClientRecord::Kind::Ping:
        return at + QStringLiteral("heartbeat");
    case ClientRecord::Kind::State: {
        QString line = at + QStringLiteral("state ") + clientStateName(record.state);
        if (record.httpStatus)
            line += QStringLiteral(" status %1").arg(record.httpStatus);
        if (!record.reason.isEmpty())
            line += QStringLiteral(" (") + record.reason + u')';
        return line;
    }
    case ClientRecord::Kind::Error:
        return at + QStringLiteral("error ") + record.message;
    default:
        return at;
    }
}
