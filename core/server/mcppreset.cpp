// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mcppreset.h"

#include "mcptools.h"

#include "http/httprequestreader.h"
#include "sse/sseencoder.h"
#include "util/version.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace {

constexpr QByteArrayView SessionHeader = "Mcp-Session-Id";
constexpr QByteArrayView VersionHeader = "MCP-Protocol-Version";
// Without an MCP-Protocol-Version header a request is read as this revision (the spec's
// backwards-compatible default), unless its session negotiated another.
constexpr QByteArrayView BatchVersion = "2025-03-26";
// The reconnection time a stream tells its client when the options say none.
constexpr qint64 DefaultRetryMs = 1000;

const QList<QByteArray> &logLevels()
{
    static const QList<QByteArray> levels = {"debug", "info",     "notice", "warning",
                                             "error", "critical", "alert",  "emergency"};
    return levels;
}

QByteArray mediaType(const QByteArray &value)
{
    const qsizetype semicolon = value.indexOf(';');
    return (semicolon < 0 ? value : value.left(semicolon)).trimmed().toLower();
}

// The media types an Accept field lists (parameters and weights dropped).
QList<QByteArray> accepted(const QByteArray &accept)
{
    QList<QByteArray> types;
    for (const QByteArray &item : accept.split(','))
        types.append(mediaType(item));
    return types;
}

McpPreset::Reply refuse(int status, int code, const QByteArray &message,
                        const QByteArray &headers = {})
{
    McpPreset::Reply reply;
    reply.status = status;
    reply.body = McpRpc::error(QJsonValue(), code, message);
    reply.headers = headers;
    return reply;
}

QByteArray sseEvent(const QByteArray &id, const QByteArray &data, qint64 retryMs = -1)
{
    QByteArray out;
    SseEncoder::Event event;
    event.id = id;
    event.hasId = true;
    event.data = data;
    event.retryMs = retryMs;
    SseEncoder::appendEvent(out, event);
    return out;
}

} // namespace

McpPreset::McpPreset(const MockServerOptions *options)
    : m_options(options)
{ }

const QList<QByteArray> &McpPreset::supportedVersions()
{
    static const QList<QByteArray> versions = {"2025-11-25", "2025-06-18", "2025-03-26"};
    return versions;
}

QByteArray McpPreset::pathFor(const MockServerOptions &options)
{
    // The option's default is the event stream's; a preset without --path answers on /mcp.
    return options.path == MockServerOptions().path ? DefaultPath.toByteArray() : options.path;
}

QByteArray McpPreset::initializeRequest()
{
    const QJsonObject params {
        {QLatin1String("protocolVersion"), QString::fromLatin1(supportedVersions().constFirst())},
        {QLatin1String("capabilities"), QJsonObject()},
        {QLatin1String("clientInfo"),
         QJsonObject {{QLatin1String("name"), QLatin1String("ssemon")},
                      {QLatin1String("version"), QString::fromLatin1(Version::number())}}}};
    return QJsonDocument(QJsonObject {{QLatin1String("jsonrpc"), QLatin1String("2.0")},
                                      {QLatin1String("id"), 1},
                                      {QLatin1String("method"), QLatin1String("initialize")},
                                      {QLatin1String("params"), params}})
        .toJson(QJsonDocument::Compact);
}

QByteArray McpPreset::errorBody(int status, const QByteArray &message)
{
    Q_UNUSED(status)
    return McpRpc::error(QJsonValue(), McpRpc::ServerError, message);
}

QByteArray McpPreset::errorEvent(const QByteArray &replaced)
{
    // The replaced event's id line stays (a resume still knows where it was); its data, when
    // it answers a request, becomes the error answering it.
    QByteArray idLine;
    QByteArray data;
    for (const QByteArray &line : replaced.split('\n')) {
        if (line.startsWith("id"))
            idLine = line + '\n';
        else if (line.startsWith("data: "))
            data += line.mid(6);
    }
    const QJsonObject message = QJsonDocument::fromJson(data).object();
    const QJsonValue id = message.value(QLatin1String("id"));
    QByteArray out = idLine;
    if (!id.isUndefined() && !id.isNull()) {
        out += "data: "
            + McpRpc::error(id, McpRpc::InternalError,
                            "Internal error: the server is overloaded (ssemon error-event fault)");
    } else {
        out += "data: "
            + McpRpc::notification(
                   "notifications/message",
                   {{QLatin1String("level"), QLatin1String("error")},
                    {QLatin1String("logger"), QString::fromLatin1(ServerName)},
                    {QLatin1String("data"),
                     QLatin1String("the server is overloaded (ssemon error-event fault)")}});
    }
    return out + "\n\n";
}

McpPreset::Reply McpPreset::handle(const HttpRequestReader &request, const QByteArray &body,
                                   int client)
{
    // DNS rebinding: a page on another origin must not reach a local server (the transport's
    // security rule), unless --cors says browsers are welcome.
    const QByteArray origin = request.header("Origin");
    if (!origin.isEmpty() && !m_options->cors) {
        const QString host = QUrl(QString::fromLatin1(origin)).host();
        if (host != QLatin1String("localhost") && host != QLatin1String("127.0.0.1")
            && host != QLatin1String("::1")) {
            return refuse(403, McpRpc::ServerError,
                          "Forbidden: Origin " + origin
                              + " is not this machine (serve --cors "
                                "allows any)");
        }
    }
    const QByteArray version = request.header(VersionHeader);
    if (request.hasHeader(VersionHeader) && !supportedVersions().contains(version)) {
        return refuse(400, McpRpc::ServerError,
                      "Bad Request: unsupported MCP-Protocol-Version \"" + version
                          + "\" (supported: " + supportedVersions().join(", ") + ')');
    }
    const QByteArray method = request.method();
    if (method == "POST")
        return post(request, body, client);
    if (method == "GET")
        return get(request, client);
    return remove(request);
}

McpSessions::Session *McpPreset::sessionOf(const HttpRequestReader &request, Reply *refused)
{
    if (!request.hasHeader(SessionHeader)) {
        *refused = refuse(400, McpRpc::ServerError,
                          "Bad Request: Mcp-Session-Id header is required (initialize first)");
        return nullptr;
    }
    McpSessions::Session *session = m_sessions.find(request.header(SessionHeader));
    if (!session) {
        *refused = refuse(404, McpRpc::ServerError,
                          "Session not found: it ended or never was; initialize again");
    }
    return session;
}

McpPreset::Reply McpPreset::post(const HttpRequestReader &request, const QByteArray &body,
                                 int client)
{
    Q_UNUSED(client)
    if (mediaType(request.header("Content-Type")) != "application/json") {
        return refuse(415, McpRpc::ServerError,
                      "Unsupported Media Type: a POST carries Content-Type: application/json");
    }
    const QList<QByteArray> accept = accepted(request.header("Accept"));
    const bool stream = accept.contains("text/event-stream");
    const bool json = !request.hasHeader("Accept") || accept.contains("application/json")
        || accept.contains("application/*") || accept.contains("*/*");
    if (!stream && !json) {
        return refuse(406, McpRpc::ServerError,
                      "Not Acceptable: the client must accept application/json or "
                      "text/event-stream");
    }
    const McpRpc::Body read = McpRpc::read(body, true);
    if (read.errorCode != 0)
        return refuse(400, read.errorCode, read.errorMessage);
    for (const McpRpc::Message &message : read.messages) {
        if (message.kind == McpRpc::Message::Kind::Request && message.method == "initialize") {
            if (read.batch) {
                return refuse(400, McpRpc::InvalidRequest,
                              "Invalid Request: initialize must not be part of a batch");
            }
            return initialize(message, stream, {});
        }
    }
    Reply refused;
    McpSessions::Session *session = sessionOf(request, &refused);
    if (!session)
        return refused;
    const QByteArray version =
        request.hasHeader(VersionHeader) ? request.header(VersionHeader) : session->protocolVersion;
    if (read.batch && version != BatchVersion) {
        return refuse(400, McpRpc::InvalidRequest,
                      "Invalid Request: JSON-RPC batches are not supported in protocol revision "
                          + version + " (only " + BatchVersion.toByteArray() + ')');
    }
    if (!read.hasRequests()) {
        // Notifications and responses only: accepted, no body (the transport's rule).
        Reply reply;
        reply.status = 202;
        return reply;
    }
    return answer(session, read.messages, read.batch, stream);
}

McpPreset::Reply McpPreset::initialize(const McpRpc::Message &message, bool stream,
                                       QList<int> endStreams)
{
    const QJsonValue asked = message.params.value(QLatin1String("protocolVersion"));
    if (!asked.isString()) {
        Reply reply;
        reply.status = 400;
        reply.body = McpRpc::error(message.id, McpRpc::InvalidParams,
                                   "Invalid params: initialize needs a \"protocolVersion\" string");
        return reply;
    }
    // Negotiation: the client's version when we speak it, else our newest.
    const QByteArray version = supportedVersions().contains(asked.toString().toLatin1())
        ? asked.toString().toLatin1()
        : supportedVersions().constFirst();
    const QJsonObject clientInfo = message.params.value(QLatin1String("clientInfo")).toObject();
    std::unique_ptr<McpSessions::Session> evicted;
    McpSessions::Session *session = m_sessions.open(
        version, clientInfo.value(QLatin1String("name")).toString().left(200).toUtf8(), &evicted);
    if (evicted && evicted->listener != 0)
        endStreams.append(evicted->listener);
    const QJsonObject capabilities {
        {QLatin1String("tools"), QJsonObject {{QLatin1String("listChanged"), false}}},
        {QLatin1String("resources"),
         QJsonObject {{QLatin1String("subscribe"), false}, {QLatin1String("listChanged"), false}}},
        {QLatin1String("prompts"), QJsonObject {{QLatin1String("listChanged"), false}}},
        {QLatin1String("logging"), QJsonObject()},
    };
    const QJsonObject result {
        {QLatin1String("protocolVersion"), QString::fromLatin1(version)},
        {QLatin1String("capabilities"), capabilities},
        {QLatin1String("serverInfo"),
         QJsonObject {{QLatin1String("name"), QString::fromLatin1(ServerName)},
                      {QLatin1String("version"), QString::fromLatin1(Version::number())}}},
        {QLatin1String("instructions"),
         QLatin1String("The ssemon mock server: tools echo, add and slow_count (progress "
                       "notifications); GET this endpoint for its log notifications.")},
    };
    Reply reply;
    if (stream) {
        const int k = session->nextStream++;
        QList<ProviderPreset::Frame> frames;
        if (primes(version))
            frames.append({sseEvent(McpSessions::eventId(k, 0), {}, retryMs())});
        else
            reply.preamble = retryField();
        ProviderPreset::Frame response;
        response.bytes = sseEvent(McpSessions::eventId(k, 1), McpRpc::result(message.id, result));
        frames.append(response);
        McpSessions::keep(session, k, frames);
        reply.kind = Reply::Kind::Stream;
        reply.frames = frames;
    } else {
        reply.body = McpRpc::result(message.id, result);
    }
    reply.headers = SessionHeader.toByteArray() + ": " + session->id + "\r\n";
    reply.endStreams = endStreams;
    return reply;
}

McpPreset::Reply McpPreset::answer(McpSessions::Session *session,
                                   const QList<McpRpc::Message> &messages, bool batch, bool stream)
{
    const McpTools::Session about {session->id, session->protocolVersion, session->clientName};
    Reply reply;
    const int k = stream ? session->nextStream++ : 0;
    qint64 n = 0;
    if (stream) {
        reply.kind = Reply::Kind::Stream;
        if (primes(session->protocolVersion)) {
            reply.frames.append({sseEvent(McpSessions::eventId(k, n), {}, retryMs())});
        } else {
            reply.preamble = retryField();
        }
    }
    QList<QByteArray> responses;
    for (const McpRpc::Message &message : messages) {
        if (message.kind != McpRpc::Message::Kind::Request)
            continue;
        McpTools::Outcome outcome;
        if (message.method == "initialize") {
            outcome.errorCode = McpRpc::InvalidRequest;
            outcome.errorMessage = "Invalid Request: initialize opens a session; send it "
                                   "without Mcp-Session-Id";
        } else if (message.method == "logging/setLevel") {
            const QByteArray level =
                message.params.value(QLatin1String("level")).toString().toLatin1();
            if (logLevels().contains(level)) {
                session->logLevel = level;
            } else {
                outcome.errorCode = McpRpc::InvalidParams;
                outcome.errorMessage =
                    "Invalid params: \"level\" is one of " + logLevels().join(", ");
            }
        } else {
            outcome = McpTools::call(message.method, message.params, about);
        }
        const QByteArray response = outcome.errorCode != 0
            ? McpRpc::error(message.id, outcome.errorCode, outcome.errorMessage)
            : McpRpc::result(message.id, outcome.result);
        if (!stream) {
            // One JSON document answers at once: no progress, no pacing.
            responses.append(response);
            continue;
        }
        for (const McpTools::Step &step : std::as_const(outcome.steps)) {
            ProviderPreset::Frame frame;
            frame.bytes = sseEvent(McpSessions::eventId(k, ++n), step.notification);
            frame.delayMs = step.delayMs;
            reply.frames.append(frame);
        }
        ProviderPreset::Frame frame;
        frame.bytes = sseEvent(McpSessions::eventId(k, ++n), response);
        frame.delayMs = outcome.finalDelayMs;
        reply.frames.append(frame);
    }
    if (stream) {
        McpSessions::keep(session, k, reply.frames);
        return reply;
    }
    reply.body = batch ? '[' + responses.join(',') + ']' : responses.constFirst();
    return reply;
}

McpPreset::Reply McpPreset::get(const HttpRequestReader &request, int client)
{
    if (!accepted(request.header("Accept")).contains("text/event-stream")) {
        return refuse(406, McpRpc::ServerError,
                      "Not Acceptable: a GET opens an SSE stream; send Accept: "
                      "text/event-stream");
    }
    Reply refused;
    McpSessions::Session *session = sessionOf(request, &refused);
    if (!session)
        return refused;
    Reply reply;
    int k = 0;
    qint64 after = 0;
    const bool resume = request.hasHeader("Last-Event-ID")
        && McpSessions::parseEventId(request.header("Last-Event-ID"), &k, &after);
    if (resume && k > 0) {
        // A POST stream's resume: what followed the client's last event on that stream, and
        // nothing of any other stream.
        if (const McpSessions::Session::Kept *kept = McpSessions::kept(session, k)) {
            reply.kind = Reply::Kind::Stream;
            reply.preamble = retryField();
            for (const ProviderPreset::Frame &frame : kept->frames) {
                int stream = 0;
                qint64 n = 0;
                const QByteArray id = frame.bytes.mid(4, frame.bytes.indexOf('\n') - 4);
                if (McpSessions::parseEventId(id, &stream, &n) && n > after)
                    reply.frames.append(frame);
            }
            return reply;
        }
    }
    if (session->listener != 0) {
        return refuse(409, McpRpc::ServerError,
                      "Conflict: this session's GET stream is open on another connection");
    }
    session->listened = true;
    session->listener = client;
    reply.kind = Reply::Kind::Listen;
    if (primes(session->protocolVersion)) {
        reply.frames.append(
            {sseEvent(McpSessions::eventId(0, session->nextListenEvent - 1), {}, retryMs())});
    } else {
        reply.preamble = retryField();
    }
    if (resume && k == 0) {
        const EventHistory &history = session->listenHistory;
        for (int i = history.indexAfter(after); i < history.size(); ++i) {
            ProviderPreset::Frame frame;
            frame.bytes = history.at(i).encoded;
            reply.frames.append(frame);
        }
    }
    return reply;
}

McpPreset::Reply McpPreset::remove(const HttpRequestReader &request)
{
    Reply reply;
    McpSessions::Session *session = sessionOf(request, &reply);
    if (!session)
        return reply;
    const std::unique_ptr<McpSessions::Session> ended = m_sessions.remove(session->id);
    if (ended->listener != 0)
        reply.endStreams.append(ended->listener);
    reply.status = 204;
    return reply;
}

QList<McpPreset::Notice> McpPreset::tick()
{
    QList<Notice> notices;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (McpSessions::Session *session : m_sessions.all()) {
        // Made while nobody listens too, once the stream was opened: a resume finds them.
        if (!session->listened
            || logLevels().indexOf(session->logLevel) > logLevels().indexOf("info"))
            continue;
        const qint64 n = session->nextListenEvent++;
        const QJsonObject params {
            {QLatin1String("level"), QLatin1String("info")},
            {QLatin1String("logger"), QString::fromLatin1(ServerName)},
            {QLatin1String("data"),
             QJsonObject {{QLatin1String("n"), n}, {QLatin1String("t"), now}}}};
        EventHistory::Entry entry;
        entry.number = n;
        entry.unixMs = now;
        entry.encoded = sseEvent(McpSessions::eventId(0, n),
                                 McpRpc::notification("notifications/message", params));
        if (session->listener != 0)
            notices.append({session->listener, entry.encoded, n});
        session->listenHistory.append(std::move(entry));
    }
    return notices;
}

void McpPreset::listenerGone(int client)
{
    for (McpSessions::Session *session : m_sessions.all()) {
        if (session->listener == client)
            session->listener = 0;
    }
}

qint64 McpPreset::retryMs() const
{
    return m_options->retryMs >= 0 ? m_options->retryMs : DefaultRetryMs;
}

QByteArray McpPreset::retryField() const
{
    QByteArray out;
    SseEncoder::appendRetry(out, retryMs());
    return out + '\n';
}

bool McpPreset::primes(const QByteArray &version)
{
    // Priming events (an id, empty data) came with 2025-11-25; clients of older revisions may
    // try to parse the empty data as JSON and fail, as the SDKs learnt.
    return version >= QByteArrayView("2025-11-25");
}
