// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockserver.h"

#include "eventhistory.h"
#include "mockclient.h"
#include "payloadtemplate.h"
#include "sse/idtracker.h"
#include "sse/sseencoder.h"

#include <QDateTime>
#include <QLocale>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <climits>
#include <limits>
#include <memory>
#include <unordered_map>
#include <vector>

namespace {

// Burst streams are refilled one batch at a time whenever what the socket holds drops below a
// batch: big enough that a refill costs little per event, small enough to stay well under the
// write-buffer cap.
constexpr qsizetype MaxBurstBatchBytes = 64 * 1024;
// How long a politely closed connection may take to read our last bytes and close its side.
constexpr int LingerMs = 2000;
// Qt stops accepting after an accept error (EMFILE); try again after this pause.
constexpr int AcceptRetryMs = 100;
constexpr int ListenBacklog = 1024;
constexpr int RetryAfterSeconds = 1;
// Bytes read from a socket at once; what a client sends after its request is thrown away.
constexpr qint64 ReadChunkBytes = 64 * 1024;

constexpr QByteArrayView AllowedMethods = "GET, POST, HEAD, OPTIONS";

int clampInterval(qint64 ms)
{
    return int(qBound(qint64(1), ms, qint64(INT_MAX)));
}

qint64 unixMicros()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

qint64 unixMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Unix time in ms with a microsecond fraction (`1732180000000.123`), so that a client on the
// same host can measure sub-millisecond latency.
QByteArrayView formatUnixMsWithMicros(char (&buffer)[40])
{
    const qint64 micros = unixMicros();
    char *end = std::to_chars(buffer, buffer + 32, micros / 1000).ptr;
    const int fraction = int(micros % 1000);
    *end++ = '.';
    *end++ = char('0' + fraction / 100);
    *end++ = char('0' + fraction / 10 % 10);
    *end++ = char('0' + fraction % 10);
    return QByteArrayView(buffer, end - buffer);
}

// RFC 9110 IMF-fixdate, in English whatever the locale.
QByteArray httpDate()
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(),
                  QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
        .toLatin1();
}

QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    }
    return "Error";
}

QByteArray statusLine(int status)
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status).toByteArray()
        + "\r\n";
}

QByteArray commonHeaders(bool cors)
{
    QByteArray headers = "Server: ssemon/" SSEMON_VERSION "\r\nDate: " + httpDate() + "\r\n";
    if (cors)
        headers += "Access-Control-Allow-Origin: *\r\n";
    return headers;
}

} // namespace

class MockServer::Private
{
public:
    explicit Private(MockServer *server);
    ~Private();

    MockServerOptions &options() { return q->m_options; }
    MockServerStats &stats() { return q->m_stats; }

    void acceptConnections();
    void acceptFailed();
    void readFromClient(MockClient *client);
    void handleRequest(MockClient *client, qint64 leftoverBytes);
    void startStream(MockClient *client);
    void answer(MockClient *client, int status, const QByteArray &message,
                const QByteArray &extraHeaders = {}, const QString &reason = {});
    void logRequest(const MockClient *client, int status);
    void socketDisconnected(MockClient *client);
    void requestTimedOut(MockClient *client);

    QByteArray streamHead() const;
    void appendEncodedEvent(QByteArray &out, const PayloadTemplate &payload, qint64 number,
                            qint64 time, int client);
    // Writes bytes holding events and heartbeats; false when that dropped or finished it.
    bool send(MockClient *client, const QByteArray &bytes, qint64 events, qint64 heartbeats);
    void sendHeartbeats();
    void generateEvent();
    void fillBurst(MockClient *client);

    void restartHeartbeatTimer();
    void restartEventTimer();
    void finish(MockClient *client, const QString &reason, bool graceful);
    void finishAll(const QString &reason);

    MockServer *q;
    QTcpServer *server;
    QTimer heartbeatTimer;
    QTimer eventTimer;
    std::shared_ptr<const PayloadTemplate> payload;
    EventHistory history;
    qint64 lastEventNumber = 0; // periodic events, across restarts so that resuming works
    int lastClientNumber = 0;
    std::unordered_map<MockClient *, std::unique_ptr<MockClient>> connections;
    QList<MockClient *> streams; // in arrival order
    // Finished clients, deleted from the event loop: a client may finish deep inside a call
    // that still holds its pointer.
    std::vector<std::unique_ptr<MockClient>> finished;
    QByteArray scratch; // payload expansion, reused so that generating allocates nothing
    MockClient *fillingBurst = nullptr;
};

MockServer::Private::Private(MockServer *owner)
    : q(owner)
    , server(new QTcpServer)
    , payload(std::make_shared<PayloadTemplate>(owner->m_options.payloadTemplate))
    , history(owner->m_options.history)
{
    heartbeatTimer.setTimerType(Qt::PreciseTimer);
    eventTimer.setTimerType(Qt::PreciseTimer);
    QObject::connect(server, &QTcpServer::newConnection, q, [this] { acceptConnections(); });
    QObject::connect(server, &QTcpServer::acceptError, q, [this] { acceptFailed(); });
    QObject::connect(&heartbeatTimer, &QTimer::timeout, q, [this] { sendHeartbeats(); });
    QObject::connect(&eventTimer, &QTimer::timeout, q, [this] { generateEvent(); });
}

MockServer::Private::~Private()
{
    connections.clear();
    finished.clear();
    // Deletes the sockets still lingering, which are its children.
    delete server;
}

void MockServer::Private::acceptConnections()
{
    // One newConnection signal may stand for many connections.
    while (server->hasPendingConnections()) {
        QTcpSocket *socket = server->nextPendingConnection();
        if (!socket)
            break;
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        // Bounds what Qt buffers from a client that floods us.
        socket->setReadBufferSize(ReadChunkBytes);
        auto owned = std::make_unique<MockClient>(++lastClientNumber, socket,
                                                  options().maxRequestHeaderBytes);
        MockClient *client = owned.get();
        connections.emplace(client, std::move(owned));
        QObject::connect(socket, &QIODevice::readyRead, socket,
                         [this, client] { readFromClient(client); });
        QObject::connect(socket, &QAbstractSocket::disconnected, socket,
                         [this, client] { socketDisconnected(client); });
        if (options().requestTimeoutMs > 0) {
            QObject::connect(&client->requestTimer(), &QTimer::timeout, socket,
                             [this, client] { requestTimedOut(client); });
            client->requestTimer().start(clampInterval(options().requestTimeoutMs));
        }
    }
}

void MockServer::Private::acceptFailed()
{
    ++stats().acceptErrors;
    // Qt has paused accepting (typically out of file descriptors); try again shortly rather
    // than spin or stay deaf.
    server->pauseAccepting();
    QTimer::singleShot(AcceptRetryMs, server, [this] {
        if (server->isListening())
            server->resumeAccepting();
    });
}

void MockServer::Private::readFromClient(MockClient *client)
{
    QTcpSocket *socket = client->socket();
    while (!client->isFinished() && socket->bytesAvailable() > 0) {
        switch (client->phase()) {
        case MockClient::Phase::ReadingHead: {
            const QByteArray bytes = socket->read(ReadChunkBytes);
            HttpRequestReader &reader = client->reader();
            const qsizetype used = reader.feed(bytes);
            if (reader.status() == HttpRequestReader::Status::Incomplete)
                break;
            handleRequest(client, bytes.size() - used);
            break;
        }
        case MockClient::Phase::ReadingBody: {
            const qint64 skipped = socket->skip(qMin(client->bodyRemaining(), ReadChunkBytes));
            if (skipped <= 0)
                return;
            client->setBodyRemaining(client->bodyRemaining() - skipped);
            if (client->bodyRemaining() == 0)
                startStream(client);
            break;
        }
        case MockClient::Phase::Streaming:
            // Nothing more is expected on a stream (no pipelining): read and forget.
            socket->skip(socket->bytesAvailable());
            break;
        case MockClient::Phase::Finished:
            return;
        }
    }
}

void MockServer::Private::handleRequest(MockClient *client, qint64 leftoverBytes)
{
    const HttpRequestReader &reader = client->reader();
    if (reader.hasError()) {
        answer(client, reader.errorStatus(), reader.errorMessage());
        return;
    }
    const QByteArray method = reader.method();
    if (reader.path() != options().path) {
        answer(client, 404, "not found: the event stream is at " + options().path);
        return;
    }
    if (method != "GET" && method != "POST" && method != "HEAD" && method != "OPTIONS") {
        answer(client, 405, "method not allowed: the event stream answers GET and POST",
               "Allow: " + AllowedMethods.toByteArray() + "\r\n");
        return;
    }
    if (method == "OPTIONS") {
        QByteArray headers = "Allow: " + AllowedMethods.toByteArray() + "\r\n";
        if (options().cors) {
            headers += "Access-Control-Allow-Methods: " + AllowedMethods.toByteArray()
                + "\r\nAccess-Control-Allow-Headers: Last-Event-ID, Content-Type, "
                  "Authorization, Cache-Control\r\n"
                  "Access-Control-Max-Age: 600\r\n";
        }
        answer(client, 204, {}, headers);
        return;
    }
    if (reader.hasTransferEncoding()) {
        answer(client, 411,
               "chunked (Transfer-Encoding) request bodies are not supported: send a "
               "Content-Length");
        return;
    }
    const qint64 bodyBytes = qMax<qint64>(0, reader.contentLength());
    if (bodyBytes > options().maxRequestBodyBytes) {
        answer(client, 413,
               "request body larger than " + QByteArray::number(options().maxRequestBodyBytes)
                   + " bytes");
        return;
    }
    if (method == "HEAD") {
        // The stream's head and no body: what a GET would get, without holding a stream.
        logRequest(client, 200);
        if (client->isFinished())
            return;
        const QByteArray head = streamHead();
        client->write(head, 0, 0);
        stats().bytesSent += head.size();
        finish(client, QStringLiteral("answered HEAD"), true);
        return;
    }
    if (streams.size() >= options().maxClients) {
        answer(client, 503,
               "too many clients (" + QByteArray::number(options().maxClients)
                   + "): try again later",
               "Retry-After: " + QByteArray::number(RetryAfterSeconds) + "\r\n");
        return;
    }
    // Bytes that came with the head are the start of the body; a POST body is read and thrown
    // away, then the stream is served as for GET (as LLM streaming APIs do).
    client->setBodyRemaining(qMax<qint64>(0, bodyBytes - leftoverBytes));
    if (client->bodyRemaining() > 0)
        client->setPhase(MockClient::Phase::ReadingBody);
    else
        startStream(client);
}

QByteArray MockServer::Private::streamHead() const
{
    return statusLine(200)
        + "Content-Type: text/event-stream; charset=utf-8\r\n"
          "Cache-Control: no-cache\r\n"
          // The body ends when the connection does: no Content-Length, no chunking.
          "Connection: close\r\n"
          // Asks nginx-like reverse proxies not to hold events back.
          "X-Accel-Buffering: no\r\n"
        + commonHeaders(q->m_options.cors) + "\r\n";
}

void MockServer::Private::startStream(MockClient *client)
{
    client->requestTimer().stop();
    client->setPhase(MockClient::Phase::Streaming);
    streams.append(client);
    stats().clients = int(streams.size());
    logRequest(client, 200);
    if (client->isFinished()) // a slot stopped the server
        return;

    QByteArray out = streamHead();
    if (options().retryMs >= 0)
        SseEncoder::appendRetry(out, options().retryMs);

    const HttpRequestReader &reader = client->reader();
    qint64 resumeAfter = 0;
    // A non-numeric or absent Last-Event-ID means "from now on".
    const bool resume = reader.hasHeader("Last-Event-ID")
        && IdTracker::parseId(reader.header("Last-Event-ID"), &resumeAfter);
    const qint64 limit = options().eventsPerStream;
    qint64 events = 0;
    if (options().burst) {
        client->setBurst(true);
        client->setNextBurstNumber(resume ? resumeAfter + 1 : 1);
        QObject::connect(client->socket(), &QIODevice::bytesWritten, client->socket(),
                         [this, client] { fillBurst(client); });
    } else if (resume) {
        // Every kept event after the client's last one, in order, before any live event: the
        // client sees no gap (as far as the history reaches) and no repeat.
        for (int i = history.indexAfter(resumeAfter); i < history.size(); ++i) {
            if (limit > 0 && events >= limit)
                break;
            const EventHistory::Entry &entry = history.at(i);
            if (entry.encoded.isEmpty())
                appendEncodedEvent(out, *entry.payload, entry.number, entry.unixMs,
                                   client->number());
            else
                out += entry.encoded;
            if (options().ids)
                client->setLastId(entry.number);
            ++events;
        }
    }
    if (!send(client, out, events, 0))
        return;
    Q_EMIT q->clientCountChanged(int(streams.size()));
    if (client->isFinished())
        return;
    if (limit > 0 && events >= limit) {
        finish(client, QStringLiteral("event limit"), true);
        return;
    }
    if (client->isBurst())
        fillBurst(client);
}

void MockServer::Private::answer(MockClient *client, int status, const QByteArray &message,
                                 const QByteArray &extraHeaders, const QString &reason)
{
    logRequest(client, status);
    if (client->isFinished())
        return;
    if (status >= 400)
        ++stats().errorsAnswered;
    QByteArray response = statusLine(status) + commonHeaders(options().cors) + extraHeaders;
    // RFC 9110: a 204 has neither body nor Content-Length.
    if (status != 204) {
        const QByteArray body = message + '\n';
        response += "Content-Type: text/plain; charset=utf-8\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n";
        response += "Connection: close\r\n\r\n";
        if (client->reader().method() != "HEAD")
            response += body;
    } else {
        response += "Connection: close\r\n\r\n";
    }
    client->write(response, 0, 0);
    stats().bytesSent += response.size();
    finish(client,
           reason.isEmpty() ? QStringLiteral("answered %1 %2")
                                  .arg(status)
                                  .arg(QString::fromLatin1(reasonPhrase(status)))
                            : reason,
           true);
}

void MockServer::Private::logRequest(const MockClient *client, int status)
{
    ++stats().requests;
    const HttpRequestReader &reader = client->reader();
    MockRequestInfo info;
    info.client = client->number();
    info.peer = client->peer();
    info.peerPort = client->peerPort();
    info.method = reader.method();
    info.path = reader.target();
    info.hasLastEventId = reader.hasHeader("Last-Event-ID");
    info.lastEventId = reader.header("Last-Event-ID");
    info.status = status;
    Q_EMIT q->requestLogged(info);
}

void MockServer::Private::socketDisconnected(MockClient *client)
{
    QString reason;
    const QAbstractSocket::SocketError error = client->socket()->error();
    if (error == QAbstractSocket::RemoteHostClosedError
        || error == QAbstractSocket::UnknownSocketError)
        reason = QStringLiteral("client closed");
    else
        reason = QStringLiteral("network error: ") + client->socket()->errorString();
    if (!client->isStreaming())
        reason += QStringLiteral(" before the request was complete");
    finish(client, reason, false);
}

void MockServer::Private::requestTimedOut(MockClient *client)
{
    if (client->isStreaming() || client->isFinished())
        return;
    answer(client, 408,
           "request not complete within " + QByteArray::number(options().requestTimeoutMs) + " ms",
           {}, QStringLiteral("request timeout"));
}

void MockServer::Private::appendEncodedEvent(QByteArray &out,
                                             const PayloadTemplate &payloadTemplate, qint64 number,
                                             qint64 time, int client)
{
    scratch.resize(0); // keeps the capacity
    payloadTemplate.expand(scratch, {number, time, client, number});
    char id[24];
    const char *idEnd = std::to_chars(id, id + sizeof id, number).ptr;
    SseEncoder::Event event;
    event.type = options().eventType;
    event.data = scratch;
    event.id = QByteArrayView(id, idEnd - id);
    event.hasId = options().ids;
    SseEncoder::appendEvent(out, event);
}

bool MockServer::Private::send(MockClient *client, const QByteArray &bytes, qint64 events,
                               qint64 heartbeats)
{
    if (client->isFinished())
        return false;
    client->write(bytes, events, heartbeats);
    stats().eventsSent += events;
    stats().heartbeatsSent += heartbeats;
    stats().bytesSent += bytes.size();
    const qsizetype cap = options().maxClientBufferBytes;
    if (client->bufferedBytes() > cap) {
        // Qt would take whatever the kernel accepts on the next loop iteration; give it that
        // chance now so that one large write to a healthy client is not mistaken for a slow one.
        client->socket()->flush();
        if (client->bufferedBytes() > cap) {
            ++stats().slowDropped;
            finish(client, QStringLiteral("slow reader: write buffer over %1 bytes").arg(cap),
                   false);
            return false;
        }
    }
    return !client->isFinished();
}

void MockServer::Private::sendHeartbeats()
{
    const MockServerOptions::HeartbeatForm form = options().heartbeatForm;
    const QList<MockClient *> targets = streams; // finishing a client changes streams
    for (MockClient *client : targets) {
        if (client->isFinished())
            continue;
        // Stamped per client, just before its write, so that the latency a client measures
        // does not include the time spent on the clients before it.
        char buffer[40];
        const QByteArrayView stamp = formatUnixMsWithMicros(buffer);
        QByteArray bytes;
        switch (form) {
        case MockServerOptions::HeartbeatForm::Comment:
            // `:ping <unix-ms>`, the documented wire form (no space after the colon).
            bytes = ":ping " + stamp.toByteArray() + '\n';
            break;
        case MockServerOptions::HeartbeatForm::Event: {
            SseEncoder::Event event;
            event.type = "ping";
            event.data = stamp;
            SseEncoder::appendEvent(bytes, event);
            break;
        }
        case MockServerOptions::HeartbeatForm::Data: {
            const QByteArray data = "ping " + stamp.toByteArray();
            SseEncoder::Event event;
            event.data = data;
            SseEncoder::appendEvent(bytes, event);
            break;
        }
        }
        send(client, bytes, 0, 1);
    }
}

void MockServer::Private::generateEvent()
{
    const qint64 number = ++lastEventNumber;
    const qint64 time = unixMs();
    ++stats().eventsGenerated;
    const std::shared_ptr<const PayloadTemplate> current = payload;
    // The same bytes go to every client unless the payload names the client.
    QByteArray shared;
    if (!current->usesClient())
        appendEncodedEvent(shared, *current, number, time, 0);
    history.append({number, time, shared, current});

    const qint64 limit = options().eventsPerStream;
    const QList<MockClient *> targets = streams;
    for (MockClient *client : targets) {
        if (client->isFinished() || client->isBurst())
            continue;
        QByteArray bytes = shared;
        if (bytes.isEmpty())
            appendEncodedEvent(bytes, *current, number, time, client->number());
        if (options().ids)
            client->setLastId(number);
        if (!send(client, bytes, 1, 0))
            continue;
        if (limit > 0 && client->eventsSent() >= limit)
            finish(client, QStringLiteral("event limit"), true);
    }
}

void MockServer::Private::fillBurst(MockClient *client)
{
    // send() may flush, and a flush may emit bytesWritten, which lands here again.
    if (!client->isStreaming() || !client->isBurst() || fillingBurst == client)
        return;
    fillingBurst = client;
    auto done = qScopeGuard([this] { fillingBurst = nullptr; });
    // Batches stay under half the cap so that a healthy client is never mistaken for a slow one.
    const qsizetype batchBytes =
        qBound(qsizetype(1), options().maxClientBufferBytes / 2, MaxBurstBatchBytes);
    const qint64 limit = options().eventsPerStream;
    while (client->bufferedBytes() < batchBytes) {
        const qint64 quota =
            limit > 0 ? limit - client->eventsSent() : std::numeric_limits<qint64>::max();
        if (quota <= 0)
            break;
        QByteArray batch;
        batch.reserve(batchBytes + 4096); // the encoder's reserve() then never reallocates
        const qint64 time = unixMs();
        const PayloadTemplate &current = *payload;
        qint64 number = client->nextBurstNumber();
        qint64 count = 0;
        while (batch.size() < batchBytes && count < quota) {
            appendEncodedEvent(batch, current, number, time, client->number());
            ++number;
            ++count;
        }
        client->setNextBurstNumber(number);
        if (options().ids)
            client->setLastId(number - 1);
        stats().eventsGenerated += count;
        if (!send(client, batch, count, 0))
            return;
        if (limit > 0 && client->eventsSent() >= limit) {
            finish(client, QStringLiteral("event limit"), true);
            return;
        }
    }
}

void MockServer::Private::restartHeartbeatTimer()
{
    heartbeatTimer.stop();
    if (server->isListening() && options().heartbeatMs > 0)
        heartbeatTimer.start(clampInterval(options().heartbeatMs));
}

void MockServer::Private::restartEventTimer()
{
    eventTimer.stop();
    if (server->isListening() && options().eventMs > 0 && !options().burst)
        eventTimer.start(clampInterval(options().eventMs));
}

void MockServer::Private::finish(MockClient *client, const QString &reason, bool graceful)
{
    if (client->isFinished())
        return;
    const bool wasStream = client->isStreaming();
    client->setPhase(MockClient::Phase::Finished);
    if (wasStream)
        streams.removeOne(client);
    auto it = connections.find(client);
    if (it != connections.end()) {
        finished.push_back(std::move(it->second));
        connections.erase(it);
        if (finished.size() == 1) {
            QMetaObject::invokeMethod(
                q, [this] { finished.clear(); }, Qt::QueuedConnection);
        }
    }
    if (graceful) {
        client->closeGracefully(LingerMs);
    } else {
        // What was queued never reaches the client: it was not sent.
        stats().bytesSent -= client->abort();
    }
    stats().clients = int(streams.size());
    Q_EMIT q->clientDisconnected(client->disconnectInfo(reason));
    if (wasStream)
        Q_EMIT q->clientCountChanged(int(streams.size()));
}

void MockServer::Private::finishAll(const QString &reason)
{
    std::vector<MockClient *> all;
    all.reserve(connections.size());
    for (const auto &entry : connections)
        all.push_back(entry.first);
    // Oldest first, for a readable log.
    std::sort(all.begin(), all.end(),
              [](MockClient *a, MockClient *b) { return a->number() < b->number(); });
    for (MockClient *client : all)
        finish(client, reason, false);
    // Connections already answered and closing politely.
    const auto lingering = server->findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly);
    for (QTcpSocket *socket : lingering) {
        QObject::disconnect(socket, nullptr, nullptr, nullptr);
        socket->abort();
        socket->deleteLater();
    }
}

MockServer::MockServer(QObject *parent)
    : QObject(parent)
    , d(new Private(this))
{ }

MockServer::~MockServer()
{
    // Whoever listens may be half destroyed by now (a parent deleting its children): stop
    // without telling anyone.
    blockSignals(true);
    stop();
    delete d;
}

void MockServer::setOptions(const MockServerOptions &options)
{
    m_options = options;
    d->payload = std::make_shared<PayloadTemplate>(options.payloadTemplate);
    d->history.setCapacity(options.history);
    d->restartHeartbeatTimer();
    d->restartEventTimer();
}

void MockServer::setHeartbeat(qint64 intervalMs, MockServerOptions::HeartbeatForm form)
{
    m_options.heartbeatMs = intervalMs;
    m_options.heartbeatForm = form;
    d->restartHeartbeatTimer();
}

void MockServer::setEventInterval(qint64 intervalMs)
{
    m_options.eventMs = intervalMs;
    d->restartEventTimer();
}

void MockServer::setPayloadTemplate(const QByteArray &payloadTemplate)
{
    m_options.payloadTemplate = payloadTemplate;
    // Events already kept in the history keep the template they were made with.
    d->payload = std::make_shared<PayloadTemplate>(payloadTemplate);
}

bool MockServer::start(QString *errorMessage)
{
    const QString where = m_options.host.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]:%2").arg(m_options.host.toString()).arg(m_options.port)
        : QStringLiteral("%1:%2").arg(m_options.host.toString()).arg(m_options.port);
    if (d->server->isListening()) {
        if (errorMessage)
            *errorMessage = QStringLiteral("already listening on ") + url().toString();
        return false;
    }
    d->server->setListenBacklogSize(ListenBacklog);
    if (!d->server->listen(m_options.host, m_options.port)) {
        if (errorMessage) {
            *errorMessage =
                QStringLiteral("cannot listen on %1: %2").arg(where, d->server->errorString());
        }
        return false;
    }
    d->restartHeartbeatTimer();
    d->restartEventTimer();
    return true;
}

void MockServer::stop()
{
    d->heartbeatTimer.stop();
    d->eventTimer.stop();
    d->server->close();
    d->finishAll(QStringLiteral("server stopped"));
}

bool MockServer::isListening() const
{
    return d->server->isListening();
}

QHostAddress MockServer::address() const
{
    return d->server->isListening() ? d->server->serverAddress() : m_options.host;
}

quint16 MockServer::port() const
{
    return d->server->isListening() ? d->server->serverPort() : m_options.port;
}

QUrl MockServer::url() const
{
    QHostAddress host = address();
    // A wildcard address is where we listen, not where to connect: name loopback instead.
    if (host == QHostAddress::AnyIPv4 || host == QHostAddress::Any)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host.toString());
    url.setPort(port());
    url.setPath(QString::fromUtf8(m_options.path));
    return url;
}

QList<MockClientInfo> MockServer::clients() const
{
    QList<MockClientInfo> list;
    list.reserve(d->streams.size());
    for (const MockClient *client : std::as_const(d->streams))
        list.append(client->info());
    return list;
}
