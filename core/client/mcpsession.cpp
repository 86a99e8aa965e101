// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mcpsession.h"

#include "sseclient.h"
#include "sseclientthread.h"

#include "lens/mcpmessage.h"

#include <QJsonDocument>
#include <QTimer>

#include <algorithm>
#include <climits>

namespace {

constexpr QByteArrayView SessionHeader = "Mcp-Session-Id";
constexpr QByteArrayView VersionHeader = "MCP-Protocol-Version";
// The revision asked for in initialize; the server may answer with another it speaks.
constexpr QLatin1String AskedVersion("2025-11-25");

QByteArray headerValue(const QList<QPair<QByteArray, QByteArray>> &headers, QByteArrayView name)
{
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second.trimmed();
    }
    return {};
}

// The headers the session sets itself, dropped from the request it is given.
bool sessionOwned(const QByteArray &name)
{
    for (QByteArrayView own : {QByteArrayView("Accept"), QByteArrayView("Content-Type"),
                               SessionHeader, VersionHeader, QByteArrayView("Last-Event-ID")}) {
        if (name.trimmed().compare(own, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString what(const McpSession::Call &call)
{
    return call.id >= 0
        ? QStringLiteral("%1 id %2").arg(QString::fromLatin1(call.method)).arg(call.id)
        : QString::fromLatin1(call.method);
}

} // namespace

struct McpSession::Flight
{
    int seq = 0;
    SseClient *client = nullptr;
    QTimer *timer = nullptr;
    bool carriedSession = false; // the request had Mcp-Session-Id
    ~Flight()
    {
        // Closing emits nothing (the call is already decided); the client goes after the
        // signal that may be running now.
        if (client) {
            QObject::disconnect(client, nullptr, nullptr, nullptr);
            client->close();
            client->deleteLater();
        }
        delete timer;
    }
};

QString McpSession::stateName(State state)
{
    switch (state) {
    case State::None:
        return QStringLiteral("not initialized");
    case State::Initializing:
        return QStringLiteral("initializing");
    case State::Ready:
        return QStringLiteral("ready");
    case State::Gone:
        return QStringLiteral("gone (404)");
    case State::Ended:
        return QStringLiteral("ended");
    }
    return {};
}

QString McpSession::durationText(qint64 ms)
{
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms % 1000 == 0)
        return QStringLiteral("%1 s").arg(ms / 1000);
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'g', 4);
}

QString McpSession::Call::statusText() const
{
    switch (status) {
    case Status::Waiting:
        if (progress >= 0) {
            return total > 0 ? QStringLiteral("waiting: progress %1 of %2").arg(progress).arg(total)
                             : QStringLiteral("waiting: progress %1").arg(progress);
        }
        return QStringLiteral("waiting");
    case Status::Result:
        if (id < 0 && httpStatus > 0)
            return QStringLiteral("HTTP %1 in %2").arg(httpStatus).arg(durationText(latencyMs));
        // A tool's own failure (isError) is a result the model reads, not a JSON-RPC error.
        if (result.toObject().value(QLatin1String("isError")).toBool())
            return QStringLiteral("tool error (isError) in %1").arg(durationText(latencyMs));
        return QStringLiteral("result in %1").arg(durationText(latencyMs));
    case Status::Error:
        return QStringLiteral("error %1: %2").arg(errorCode).arg(errorMessage);
    case Status::NoAnswer:
    case Status::Failed:
        return problem;
    }
    return {};
}

QString McpSession::Call::resultText() const
{
    if (status == Status::Error && !errorMessage.isEmpty())
        return QStringLiteral("error %1: %2").arg(errorCode).arg(errorMessage);
    const QJsonObject object = result.toObject();
    QStringList texts;
    const auto addBlocks = [&texts](const QJsonArray &blocks) {
        for (const QJsonValue &block : blocks) {
            const QJsonObject b = block.toObject();
            if (b.contains(QLatin1String("text")))
                texts.append(b.value(QLatin1String("text")).toString());
            else if (b.value(QLatin1String("content")).isObject())
                texts.append(b.value(QLatin1String("content"))
                                 .toObject()
                                 .value(QLatin1String("text"))
                                 .toString());
        }
    };
    addBlocks(object.value(QLatin1String("content")).toArray()); // tools/call
    addBlocks(object.value(QLatin1String("contents")).toArray()); // resources/read
    addBlocks(object.value(QLatin1String("messages")).toArray()); // prompts/get
    if (!texts.isEmpty())
        return texts.join(QLatin1Char('\n'));
    if (result.isObject())
        return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
    if (result.isArray())
        return QString::fromUtf8(QJsonDocument(result.toArray()).toJson(QJsonDocument::Indented));
    return {};
}

McpSession::McpSession(std::shared_ptr<SseClientThread> thread, QObject *parent)
    : QObject(parent)
    , m_thread(thread ? std::move(thread) : SseClientThread::shared())
{ }

McpSession::~McpSession() = default;

void McpSession::setRequest(const SseClientOptions &options)
{
    m_base = options;
}

void McpSession::adopt(const QByteArray &sessionId, const QByteArray &protocolVersion)
{
    m_sessionId = sessionId;
    m_protocolVersion = protocolVersion;
    setState(State::Ready);
}

const McpSession::Call *McpSession::call(int seq) const
{
    return const_cast<McpSession *>(this)->find(seq);
}

McpSession::Call *McpSession::find(int seq)
{
    // Calls are kept in seq order: a binary search.
    const auto it = std::lower_bound(m_calls.begin(), m_calls.end(), seq,
                                     [](const Call &c, int s) { return c.seq < s; });
    return it != m_calls.end() && it->seq == seq ? &*it : nullptr;
}

int McpSession::initialize()
{
    // A new session: what the old one listed is no longer known.
    m_sessionId.clear();
    m_protocolVersion.clear();
    m_serverInfo = {};
    m_capabilities = {};
    m_instructions.clear();
    setState(State::Initializing);
    const QJsonObject params {
        {QLatin1String("protocolVersion"), AskedVersion},
        {QLatin1String("capabilities"), QJsonObject()},
        {QLatin1String("clientInfo"),
         QJsonObject {{QLatin1String("name"), QLatin1String("ssemon")},
                      {QLatin1String("version"), QLatin1String("mcp-session")}}}};
    return send("initialize", params, false);
}

int McpSession::listTools()
{
    return send("tools/list", {}, false);
}

int McpSession::listResources()
{
    return send("resources/list", {}, false);
}

int McpSession::listPrompts()
{
    return send("prompts/list", {}, false);
}

int McpSession::callTool(const QString &name, const QJsonObject &arguments)
{
    return send("tools/call",
                {{QLatin1String("name"), name}, {QLatin1String("arguments"), arguments}}, false);
}

int McpSession::readResource(const QString &uri)
{
    return send("resources/read", {{QLatin1String("uri"), uri}}, false);
}

int McpSession::getPrompt(const QString &name, const QJsonObject &arguments)
{
    return send("prompts/get",
                {{QLatin1String("name"), name}, {QLatin1String("arguments"), arguments}}, false);
}

int McpSession::ping()
{
    return send("ping", {}, false);
}

int McpSession::request(const QByteArray &method, const QJsonObject &params)
{
    return send(method, params, false);
}

int McpSession::end()
{
    if (m_sessionId.isEmpty()) {
        note(QStringLiteral("no session id to end: the server gave none (stateless) or no "
                            "session was initialized"));
        return 0;
    }
    m_afterInitialize.clear();
    return send("DELETE", {}, true);
}

void McpSession::cancelAll()
{
    for (const auto &flight : m_flights) {
        if (Call *c = find(flight->seq); c && c->status == Call::Status::Waiting)
            finish(*c, Call::Status::NoAnswer, QStringLiteral("cancelled"));
    }
    m_flights.clear();
}

SseClientOptions McpSession::inSession(const SseClientOptions &request) const
{
    SseClientOptions options = request;
    options.headers.erase(
        std::remove_if(options.headers.begin(), options.headers.end(),
                       [](const auto &h) {
                           return h.first.compare(SessionHeader, Qt::CaseInsensitive) == 0
                               || h.first.compare(VersionHeader, Qt::CaseInsensitive) == 0;
                       }),
        options.headers.end());
    if (!m_sessionId.isEmpty())
        options.headers.append({SessionHeader.toByteArray(), m_sessionId});
    if (!m_protocolVersion.isEmpty())
        options.headers.append({VersionHeader.toByteArray(), m_protocolVersion});
    if (options.method != "GET") {
        if (headerValue(options.headers, "Accept").isEmpty())
            options.headers.append({QByteArrayLiteral("Accept"),
                                    QByteArrayLiteral("application/json, text/event-stream")});
        if (!options.body.isEmpty() && headerValue(options.headers, "Content-Type").isEmpty())
            options.headers.append({QByteArrayLiteral("Content-Type"), "application/json"});
    }
    return options;
}

SseClientOptions McpSession::listenRequest(const SseClientOptions &request) const
{
    SseClientOptions listen = request;
    listen.method = QByteArrayLiteral("GET");
    listen.body.clear();
    return inSession(listen);
}

SseClientOptions McpSession::optionsFor(const QByteArray &method, const QByteArray &body) const
{
    SseClientOptions options = m_base;
    options.method = method == "DELETE" ? QByteArrayLiteral("DELETE") : QByteArrayLiteral("POST");
    options.body = body;
    options.lastEventId.clear();
    options.reconnect = false;
    options.retryNonGet = false;
    options.resilient = false;
    options.idleTimeoutMs = 0;
    options.captureRawFrames = false;
    options.lensProgressMs = 0;
    // The MCP lens reads both answer forms (an application/json answer arrives as one event).
    options.lens = QByteArrayLiteral("mcp");
    options.headers.erase(std::remove_if(options.headers.begin(), options.headers.end(),
                                         [](const auto &h) { return sessionOwned(h.first); }),
                          options.headers.end());
    options.headers.append(
        {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json, text/event-stream")});
    if (!body.isEmpty())
        options.headers.append({QByteArrayLiteral("Content-Type"), "application/json"});
    if (method != "initialize") {
        if (!m_sessionId.isEmpty())
            options.headers.append({SessionHeader.toByteArray(), m_sessionId});
        if (!m_protocolVersion.isEmpty())
            options.headers.append({VersionHeader.toByteArray(), m_protocolVersion});
    }
    return options;
}

int McpSession::send(const QByteArray &method, const QJsonObject &params, bool notification,
                     bool retry)
{
    if (!m_base.url.isValid() || m_base.url.isRelative()) {
        note(QStringLiteral("%1 not sent: no URL to send it to").arg(QString::fromLatin1(method)));
        return 0;
    }
    Call call;
    call.seq = m_nextSeq++;
    call.method = method;
    call.params = params;
    call.retry = retry;
    QByteArray body;
    if (method != "DELETE") {
        QJsonObject message {{QLatin1String("jsonrpc"), QLatin1String("2.0")},
                             {QLatin1String("method"), QString::fromLatin1(method)}};
        QJsonObject p = params;
        if (!notification) {
            call.id = m_nextId++;
            message.insert(QLatin1String("id"), call.id);
            if (method == "tools/call") {
                // Progress notifications for this call come with this token.
                QJsonObject meta = p.value(QLatin1String("_meta")).toObject();
                meta.insert(QLatin1String("progressToken"), call.id);
                p.insert(QLatin1String("_meta"), meta);
            }
        }
        if (!p.isEmpty())
            message.insert(QLatin1String("params"), p);
        body = QJsonDocument(message).toJson(QJsonDocument::Compact);
    }
    const SseClientOptions options = optionsFor(method, body);

    auto flight = std::make_unique<Flight>();
    flight->seq = call.seq;
    flight->carriedSession = method != "initialize" && !m_sessionId.isEmpty();
    flight->client = new SseClient(m_thread, this);
    flight->client->setOptions(options);
    const int seq = call.seq;
    connect(flight->client, &SseClient::recordsReady, this,
            [this, seq](const ClientBatch &batch) { onBatch(seq, batch); });
    if (m_timeoutMs > 0) {
        flight->timer = new QTimer;
        flight->timer->setSingleShot(true);
        flight->timer->setInterval(int(std::min<qint64>(m_timeoutMs, INT_MAX)));
        connect(flight->timer, &QTimer::timeout, this, [this, seq] { timeout(seq); });
    }
    call.startNs = monotonicNowNs();
    m_calls.push_back(call);
    trim();
    Q_EMIT callAdded(seq);
    SseClient *client = flight->client;
    if (flight->timer)
        flight->timer->start();
    m_flights.push_back(std::move(flight));
    client->open();
    return seq;
}

void McpSession::onBatch(int seq, const ClientBatch &batch)
{
    Call *call = find(seq);
    if (!call || call->status != Call::Status::Waiting)
        return;
    const auto flight = std::find_if(m_flights.begin(), m_flights.end(),
                                     [seq](const auto &f) { return f->seq == seq; });
    const bool carriedSession = flight != m_flights.end() && (*flight)->carriedSession;
    QString lastError;
    for (const ClientRecord &record : batch.records) {
        switch (record.kind) {
        case ClientRecord::Kind::Event: {
            if (record.event.data.isEmpty())
                break; // a priming event: an id to resume from, no message
            const McpMessage::Decoded decoded = McpMessage::decode(record.event.data);
            if (!decoded.error.isEmpty()) {
                note(QStringLiteral("%1: data that is no JSON-RPC: %2")
                         .arg(what(*call), decoded.error));
                break;
            }
            for (const McpMessage &m : decoded.messages) {
                if (m.isResponse() && m.id == QByteArray::number(call->id)) {
                    call->latencyMs = (record.monotonicNs - call->startNs) / 1000000;
                    call->httpStatus = 200;
                    if (m.kind == McpMessage::Kind::ErrorResponse) {
                        call->errorCode = m.errorCode;
                        call->errorMessage = m.errorMessage;
                        finish(*call, Call::Status::Error);
                    } else {
                        call->result = m.result;
                        finish(*call, Call::Status::Result);
                    }
                    return;
                }
                if (m.kind == McpMessage::Kind::Notification
                    || m.kind == McpMessage::Kind::Request) {
                    QJsonObject n {{QLatin1String("method"), QString::fromLatin1(m.method)}};
                    if (!m.params.isUndefined())
                        n.insert(QLatin1String("params"), m.params);
                    if (m.method == "notifications/progress") {
                        const QJsonObject p = m.params.toObject();
                        call->progress = p.value(QLatin1String("progress")).toDouble(-1);
                        call->total = p.value(QLatin1String("total")).toDouble(-1);
                        call->progressMessage = p.value(QLatin1String("message")).toString();
                    }
                    if (call->notifications.size() < kMaxNotifications)
                        call->notifications.append(n);
                    else
                        ++call->droppedNotifications;
                    Q_EMIT callChanged(seq);
                } else if (m.isResponse()) {
                    note(QStringLiteral("%1: a response for id %2, which it did not ask")
                             .arg(what(*call), QString::fromLatin1(m.id)));
                }
            }
            break;
        }
        case ClientRecord::Kind::State:
            if (record.state == ClientState::Open) {
                const QByteArray type = record.attempt
                    ? headerValue(record.attempt->responseHeaders, "Content-Type").toLower()
                    : QByteArray();
                call->jsonAnswer = type.startsWith("application/json");
                call->httpStatus = record.httpStatus;
                if (call->method == "initialize" && record.attempt) {
                    m_sessionId = headerValue(record.attempt->responseHeaders, SessionHeader);
                    if (m_sessionId.isEmpty()) {
                        note(QStringLiteral("the initialize answer carried no Mcp-Session-Id: "
                                            "the server keeps no session (stateless), requests go "
                                            "without one"));
                    }
                }
            } else if (record.state == ClientState::Closed || record.state == ClientState::Failed) {
                call->httpStatus = record.httpStatus;
                const bool accepted = record.httpStatus >= 200 && record.httpStatus < 300;
                if (call->id < 0 && accepted) {
                    // A notification (202) or DELETE (200, 204): the status is the answer.
                    call->latencyMs = (record.monotonicNs - call->startNs) / 1000000;
                    if (call->method == "DELETE") {
                        note(QStringLiteral("session %1 ended (DELETE answered %2)")
                                 .arg(QString::fromLatin1(m_sessionId))
                                 .arg(record.httpStatus));
                        m_sessionId.clear();
                        setState(State::Ended);
                    }
                    finish(*call, Call::Status::Result);
                    return;
                }
                if (record.httpStatus == 404 && carriedSession) {
                    const QByteArray gone = m_sessionId;
                    finish(*call, Call::Status::Failed,
                           QStringLiteral("HTTP 404: session %1 is gone")
                               .arg(QString::fromLatin1(gone)));
                    return;
                }
                QString problem;
                if (record.httpStatus >= 300
                    || (record.state == ClientState::Failed && record.httpStatus > 0)) {
                    problem = QStringLiteral("HTTP %1").arg(record.httpStatus);
                    // A JSON-RPC error in the body says more than the status.
                    const McpMessage::Decoded body = record.attempt
                        ? McpMessage::decode(record.attempt->body)
                        : McpMessage::Decoded();
                    if (!body.messages.isEmpty()
                        && body.messages.constFirst().kind == McpMessage::Kind::ErrorResponse) {
                        problem += QStringLiteral(": ") + body.messages.constFirst().errorMessage;
                    } else if (!record.reason.isEmpty()) {
                        problem += QStringLiteral(": ") + record.reason;
                    }
                    finish(*call, Call::Status::Failed, problem);
                } else if (record.state == ClientState::Failed) {
                    problem = !record.reason.isEmpty() ? record.reason : lastError;
                    finish(*call, Call::Status::Failed,
                           what(*call) + QStringLiteral(": ") + problem);
                } else {
                    // A stream that ended without this request's response.
                    finish(*call, Call::Status::NoAnswer,
                           QStringLiteral("no response to %1: the stream ended (%2)")
                               .arg(what(*call),
                                    record.reason.isEmpty() ? QStringLiteral("closed")
                                                            : record.reason));
                }
                return;
            }
            break;
        case ClientRecord::Kind::Error:
            lastError = record.message;
            break;
        default:
            break;
        }
    }
}

void McpSession::timeout(int seq)
{
    Call *call = find(seq);
    if (!call || call->status != Call::Status::Waiting)
        return;
    finish(
        *call, Call::Status::NoAnswer,
        QStringLiteral("no response to %1 within %2").arg(what(*call), durationText(m_timeoutMs)));
}

void McpSession::finish(Call &call, Call::Status status, const QString &problem)
{
    call.status = status;
    call.problem = problem;
    const int seq = call.seq;
    const auto flight = std::find_if(m_flights.begin(), m_flights.end(),
                                     [seq](const auto &f) { return f->seq == seq; });
    bool carriedSession = false;
    if (flight != m_flights.end()) {
        carriedSession = (*flight)->carriedSession;
        m_flights.erase(flight);
    }
    const Call done = call; // `call` may go when a request below trims the list
    if (status == Call::Status::Failed && done.httpStatus == 404 && carriedSession) {
        if (m_state == State::Ready || m_state == State::Gone) {
            note(QStringLiteral("%1: HTTP 404, session %2 is gone")
                     .arg(what(done), QString::fromLatin1(m_sessionId)));
            m_sessionId.clear();
            setState(State::Gone);
        }
        if (!done.retry && done.method != "DELETE") {
            // Once: a new session, then this request again in it.
            m_afterInitialize.append({done.method, done.params});
            if (!m_reinitializing) {
                m_reinitializing = true;
                note(QStringLiteral("initializing a new session, then sending %1 again")
                         .arg(QString::fromLatin1(done.method)));
                Q_EMIT callFinished(seq);
                initialize();
                return;
            }
        }
    } else if (status == Call::Status::Error || status == Call::Status::Failed
               || status == Call::Status::NoAnswer) {
        if (done.method == "initialize") {
            m_reinitializing = false;
            m_afterInitialize.clear();
            setState(State::Ended);
        }
    }
    Q_EMIT callFinished(seq);
    if (status == Call::Status::Result)
        afterResult(done);
}

void McpSession::afterResult(const Call &call)
{
    const QJsonObject result = call.result.toObject();
    if (call.method == "initialize") {
        m_protocolVersion = result.value(QLatin1String("protocolVersion")).toString().toLatin1();
        m_serverInfo = result.value(QLatin1String("serverInfo")).toObject();
        m_capabilities = result.value(QLatin1String("capabilities")).toObject();
        m_instructions = result.value(QLatin1String("instructions")).toString();
        setState(State::Ready);
        send("notifications/initialized", {}, true);
        const QList<Pending> again = std::exchange(m_afterInitialize, {});
        const bool retry = std::exchange(m_reinitializing, false);
        for (const Pending &p : again)
            send(p.method, p.params, false, retry);
        return;
    }
    const auto keep = [this, &call](QJsonArray *list, const char *member) {
        const QJsonArray items = call.result.toObject().value(QLatin1String(member)).toArray();
        *list = {};
        for (const QJsonValue &item : items) {
            if (list->size() >= kMaxListed)
                break;
            list->append(item);
        }
        if (items.size() > kMaxListed)
            note(QStringLiteral("%1: %2 listed, the first %3 kept")
                     .arg(QString::fromLatin1(call.method))
                     .arg(items.size())
                     .arg(kMaxListed));
        if (call.result.toObject().contains(QLatin1String("nextCursor")))
            note(QStringLiteral("%1: the server has more (nextCursor); the first page is shown")
                     .arg(QString::fromLatin1(call.method)));
        Q_EMIT listed(call.method);
    };
    if (call.method == "tools/list")
        keep(&m_tools, "tools");
    else if (call.method == "resources/list")
        keep(&m_resources, "resources");
    else if (call.method == "prompts/list")
        keep(&m_prompts, "prompts");
}

void McpSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void McpSession::note(const QString &text)
{
    m_notes.append(text);
    while (m_notes.size() > kMaxNotes)
        m_notes.removeFirst();
    Q_EMIT noteAdded(text);
}

void McpSession::trim()
{
    // The oldest finished requests go first; ones in flight stay.
    while (int(m_calls.size()) > kMaxCalls) {
        const auto it = std::find_if(m_calls.begin(), m_calls.end(), [](const Call &c) {
            return c.status != Call::Status::Waiting;
        });
        if (it == m_calls.end())
            break;
        m_calls.erase(it);
    }
}

QJsonObject McpSession::argumentsTemplate(const QJsonObject &inputSchema)
{
    const QJsonObject properties = inputSchema.value(QLatin1String("properties")).toObject();
    QJsonObject arguments;
    const QJsonArray required = inputSchema.value(QLatin1String("required")).toArray();
    for (const QJsonValue &name : required) {
        const QString key = name.toString();
        const QString type =
            properties.value(key).toObject().value(QLatin1String("type")).toString();
        QJsonValue placeholder;
        if (type == QLatin1String("number") || type == QLatin1String("integer"))
            placeholder = 0;
        else if (type == QLatin1String("boolean"))
            placeholder = false;
        else if (type == QLatin1String("array"))
            placeholder = QJsonArray();
        else if (type == QLatin1String("object"))
            placeholder = QJsonObject();
        else
            placeholder = QString();
        arguments.insert(key, placeholder);
    }
    return arguments;
}
