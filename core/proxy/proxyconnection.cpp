// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "proxyconnection.h"

#include "tapproxy.h"

#include <QMetaMethod>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

#include <climits>
#include <utility>

namespace {

// Bytes read from the client at once while its request is read.
constexpr qint64 ClientReadBytes = 16 * 1024;
// How long a finished client may take to read what is still queued for it.
constexpr int LingerMs = 30000;
// Events listed in one batch; the rest of a huge read is only counted.
constexpr qsizetype MaxBatchEvents = 1024;

// Fields that describe one connection, not the message (RFC 9110 7.6.1), plus the ones the
// proxy rewrites or answers itself.
bool isHopByHop(QByteArrayView name)
{
    static constexpr QByteArrayView names[] = {"Connection", "Keep-Alive", "TE", "Trailer",
                                               "Upgrade"};
    for (QByteArrayView hop : names) {
        if (name.compare(hop, Qt::CaseInsensitive) == 0)
            return true;
    }
    return name.size() >= 6 && name.first(6).compare("Proxy-", Qt::CaseInsensitive) == 0;
}

// True when `name` is listed in a Connection field among `fields` (names, values).
template<typename Fields, typename NameOf, typename ValueOf>
bool namedByConnection(const Fields &fields, QByteArrayView name, NameOf nameOf, ValueOf valueOf)
{
    for (const auto &field : fields) {
        if (nameOf(field).compare("Connection", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &token : valueOf(field).toByteArray().split(',')) {
            if (token.trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
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
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    }
    return "Error";
}

int clampMs(qint64 ms)
{
    return int(qBound(qint64(1), ms, qint64(INT_MAX)));
}

QString socketErrorText(QAbstractSocket *socket)
{
    return socket ? socket->errorString() : QString();
}

} // namespace

ProxyConnection::ProxyConnection(int number, QTcpSocket *client, TapProxy *proxy)
    : QObject(proxy)
    , m_number(number)
    , m_proxy(proxy)
    , m_client(client)
    , m_request(proxy->m_options.maxRequestHeadBytes)
    , m_response(proxy->m_options.maxResponseHeadBytes)
    , m_parser(this, proxy->m_options.limits)
{
    m_started.start();
    m_requestInfo.connection = number;
    m_requestInfo.peer = client->peerAddress();
    m_requestInfo.peerPort = client->peerPort();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ProxyConnection::timedOut);
    connect(client, &QIODevice::readyRead, this, &ProxyConnection::readClient);
    connect(client, &QIODevice::bytesWritten, this, &ProxyConnection::clientWritten);
    connect(client, &QAbstractSocket::disconnected, this, &ProxyConnection::clientGone);
    connect(client, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_client && m_client->state() != QAbstractSocket::ConnectedState)
            clientGone();
    });
}

qint64 ProxyConnection::bufferedBytes() const
{
    return (m_client ? m_client->bytesToWrite() : 0)
        + (m_upstream ? m_upstream->bytesAvailable() : 0);
}

void ProxyConnection::start()
{
    m_timer.start(clampMs(m_proxy->m_options.requestTimeoutMs));
    readClient();
}

ProxyConnection::~ProxyConnection()
{
    if (m_client) {
        QObject::disconnect(m_client, nullptr, this, nullptr);
        m_client->abort();
        m_client->deleteLater();
    }
}

QString ProxyConnection::upstreamName() const
{
    const QUrl &url = m_proxy->m_options.upstream;
    return url.host() + QLatin1Char(':')
        + QString::number(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
}

// --- the client's request -----------------------------------------------------------------

void ProxyConnection::readClient()
{
    if (!m_client)
        return;
    while (m_client->bytesAvailable() > 0) {
        if (m_phase != Phase::ReadingHead && m_phase != Phase::ReadingBody) {
            // One request per connection: what follows it is not ours to forward.
            m_client->skip(m_client->bytesAvailable());
            return;
        }
        const QByteArray bytes = m_client->read(ClientReadBytes);
        QByteArrayView rest(bytes);
        if (m_phase == Phase::ReadingHead) {
            rest = rest.sliced(m_request.feed(rest));
            if (m_request.hasError()) {
                answerError(m_request.errorStatus(), QString::fromUtf8(m_request.errorMessage()),
                            false);
                return;
            }
            if (!m_request.isComplete())
                continue;
            m_requestInfo.method = m_request.method();
            m_requestInfo.path = m_request.target();
            m_requestInfo.hasLastEventId = m_request.hasHeader("Last-Event-ID");
            m_requestInfo.lastEventId = m_request.header("Last-Event-ID");
            ++m_proxy->m_stats.requests;
            const TapProxyOptions &options = m_proxy->m_options;
            if (m_request.method() == "CONNECT") {
                answerError(405,
                            QStringLiteral("the tap proxy forwards requests to its upstream; "
                                           "it does not tunnel CONNECT"),
                            false);
                return;
            }
            if (m_request.hasTransferEncoding()) {
                answerError(411,
                            QStringLiteral("chunked request bodies are not forwarded; send "
                                           "Content-Length"),
                            false);
                return;
            }
            if (m_request.contentLength() > options.maxRequestBodyBytes) {
                answerError(413,
                            QStringLiteral("request body larger than %1 bytes")
                                .arg(options.maxRequestBodyBytes),
                            false);
                return;
            }
            m_bodyRemaining = qMax<qint64>(0, m_request.contentLength());
            m_body.reserve(m_bodyRemaining);
            // The proxy reads the whole body before it connects upstream: a client waiting
            // for 100 Continue gets it from us (Expect is not forwarded).
            if (m_bodyRemaining > 0
                && m_request.header("Expect").compare("100-continue", Qt::CaseInsensitive) == 0)
                m_client->write("HTTP/1.1 100 Continue\r\n\r\n");
            m_phase = Phase::ReadingBody;
        }
        const qsizetype take = qsizetype(qMin<qint64>(m_bodyRemaining, rest.size()));
        m_body.append(rest.first(take));
        m_bodyRemaining -= take;
        if (m_bodyRemaining == 0) {
            requestComplete();
            return;
        }
    }
}

void ProxyConnection::requestComplete()
{
    m_timer.stop();
    m_requestInfo.upstreamTarget = upstreamTarget();
    if (m_proxy->m_hookFactory)
        m_hook = m_proxy->m_hookFactory(m_requestInfo);
    connectUpstream();
    if (m_client)
        m_client->skip(m_client->bytesAvailable());
}

QByteArray ProxyConnection::upstreamTarget() const
{
    QByteArray target = m_request.target();
    if (!target.startsWith('/') && target != "*") {
        // Absolute form (as sent to a forward proxy): keep path and query only.
        const qsizetype scheme = target.indexOf("://");
        const qsizetype slash = target.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        target = slash < 0 ? QByteArrayLiteral("/") : target.mid(slash);
    }
    if (target == "/") {
        const QUrl &url = m_proxy->m_options.upstream;
        QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
        if (path.isEmpty())
            path = "/";
        if (url.hasQuery())
            path += '?' + url.query(QUrl::FullyEncoded).toLatin1();
        return path;
    }
    return target;
}

QByteArray ProxyConnection::upstreamRequest() const
{
    const QUrl &url = m_proxy->m_options.upstream;
    QByteArray out;
    out.reserve(512 + m_body.size());
    out += m_request.method() + ' ' + m_requestInfo.upstreamTarget + " HTTP/1.1\r\nHost: "
        + url.adjusted(QUrl::RemoveUserInfo).authority(QUrl::FullyEncoded).toLatin1() + "\r\n";
    const auto &headers = m_request.headers();
    for (const auto &header : headers) {
        const QByteArray &name = header.first;
        if (isHopByHop(name) || name.compare("Host", Qt::CaseInsensitive) == 0
            || name.compare("Expect", Qt::CaseInsensitive) == 0
            || namedByConnection(
                headers, name, [](const auto &h) { return QByteArrayView(h.first); },
                [](const auto &h) { return QByteArrayView(h.second); }))
            continue;
        out += name + ": " + header.second + "\r\n";
    }
    // One request per upstream connection: its end is the end of the response.
    out += "Connection: close\r\n\r\n";
    out += m_body;
    return out;
}

// --- the upstream connection --------------------------------------------------------------

void ProxyConnection::connectUpstream()
{
    const TapProxyOptions &options = m_proxy->m_options;
    const QUrl &url = options.upstream;
    const bool tls = url.scheme() == QLatin1String("https");
    m_phase = Phase::Connecting;
    m_readBuffer.resize(qMax<qsizetype>(4096, options.upstreamReadBufferBytes));
    QSslSocket *ssl = tls ? new QSslSocket(this) : nullptr;
    m_upstream = tls ? ssl : new QTcpSocket(this);
    // Qt reads no further than this, so a paused upstream fills its TCP window and stops.
    m_upstream->setReadBufferSize(options.upstreamReadBufferBytes);
    connect(m_upstream, &QIODevice::readyRead, this, &ProxyConnection::readUpstream);
    connect(m_upstream, &QAbstractSocket::errorOccurred, this, &ProxyConnection::upstreamError);
    connect(m_upstream, &QAbstractSocket::disconnected, this,
            &ProxyConnection::upstreamDisconnected);
    m_timer.start(clampMs(options.connectTimeoutMs));
    const quint16 port = quint16(url.port(tls ? 443 : 80));
    if (!tls) {
        connect(m_upstream, &QAbstractSocket::connected, this, &ProxyConnection::upstreamConnected);
        m_upstream->connectToHost(url.host(), port);
        return;
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    if (!m_proxy->m_caCertificates.isEmpty())
        configuration.addCaCertificates(m_proxy->m_caCertificates);
    // HTTP/1.1 only: the proxy forwards the raw bytes of one HTTP/1.1 response.
    configuration.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
    ssl->setSslConfiguration(configuration);
    connect(ssl, &QSslSocket::sslErrors, this, [this, ssl](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &error : errors)
            texts << error.errorString();
        m_tlsErrors = texts.join(QStringLiteral("; "));
        if (m_proxy->m_options.ignoreSslErrors)
            ssl->ignoreSslErrors();
    });
    connect(ssl, &QSslSocket::encrypted, this, &ProxyConnection::upstreamConnected);
    ssl->connectToHostEncrypted(url.host(), port);
}

void ProxyConnection::upstreamConnected()
{
    m_upstream->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const QByteArray request = upstreamRequest();
    m_upstream->write(request);
    ++m_proxy->m_stats.forwarded;
    m_phase = Phase::AwaitingHead;
    m_timer.start(clampMs(m_proxy->m_options.responseTimeoutMs));
}

void ProxyConnection::timedOut()
{
    const TapProxyOptions &options = m_proxy->m_options;
    switch (m_phase) {
    case Phase::ReadingHead:
    case Phase::ReadingBody:
        answerError(
            408, QStringLiteral("request not complete within %1 ms").arg(options.requestTimeoutMs),
            false);
        break;
    case Phase::Connecting:
        answerError(504,
                    QStringLiteral("upstream %1 did not accept the connection within %2 ms")
                        .arg(upstreamName())
                        .arg(options.connectTimeoutMs),
                    true);
        break;
    case Phase::AwaitingHead:
        answerError(504,
                    QStringLiteral("upstream %1 sent no response head within %2 ms")
                        .arg(upstreamName())
                        .arg(options.responseTimeoutMs),
                    true);
        break;
    case Phase::Streaming:
    case Phase::Ended:
        break;
    }
}

void ProxyConnection::upstreamError(QAbstractSocket::SocketError error)
{
    if (m_phase == Phase::Streaming) {
        // A close is handled by upstreamDisconnected(), after the buffered bytes.
        if (error != QAbstractSocket::RemoteHostClosedError && m_upstream
            && m_upstream->state() != QAbstractSocket::ConnectedState)
            upstreamDisconnected();
        return;
    }
    if (m_phase != Phase::Connecting && m_phase != Phase::AwaitingHead)
        return;
    const QString name = upstreamName();
    QString message;
    switch (error) {
    case QAbstractSocket::HostNotFoundError:
        message = QStringLiteral("cannot resolve upstream host %1: %2")
                      .arg(m_proxy->m_options.upstream.host(), socketErrorText(m_upstream));
        break;
    case QAbstractSocket::ConnectionRefusedError:
        message = QStringLiteral("upstream %1 refused the connection").arg(name);
        break;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        message = QStringLiteral("TLS with upstream %1 failed: %2")
                      .arg(name, m_tlsErrors.isEmpty() ? socketErrorText(m_upstream) : m_tlsErrors);
        break;
    case QAbstractSocket::RemoteHostClosedError:
        upstreamDisconnected();
        return;
    default:
        message = QStringLiteral("upstream %1: %2").arg(name, socketErrorText(m_upstream));
        break;
    }
    answerError(502, message, true);
}

void ProxyConnection::upstreamDisconnected()
{
    if (m_upstreamClosed || !m_upstream)
        return;
    m_upstreamClosed = true;
    // Bytes still buffered are passed on first (unless a slow client holds them back).
    readUpstream();
}

void ProxyConnection::readUpstream()
{
    while (m_upstream && !m_paused && m_upstream->bytesAvailable() > 0
           && (m_phase == Phase::AwaitingHead || m_phase == Phase::Streaming)) {
        if (m_phase == Phase::Streaming
            && m_client->bytesToWrite() >= m_proxy->m_options.maxClientBufferBytes) {
            m_paused = true;
            ++m_readPauses;
            ++m_proxy->m_stats.readPauses;
            return;
        }
        const qint64 n = m_upstream->read(m_readBuffer.data(), m_readBuffer.size());
        if (n <= 0)
            break;
        m_bytesFromUpstream += n;
        m_proxy->m_stats.bytesFromUpstream += n;
        processResponseBytes(QByteArrayView(m_readBuffer.constData(), n));
    }
    if (m_upstreamClosed && !m_paused && m_upstream && m_upstream->bytesAvailable() == 0)
        upstreamEnded();
}

void ProxyConnection::upstreamEnded()
{
    const QString error = m_upstream ? m_upstream->errorString() : QString();
    const bool reset = m_upstream && m_upstream->error() != QAbstractSocket::RemoteHostClosedError
        && m_upstream->error() != QAbstractSocket::UnknownSocketError;
    switch (m_phase) {
    case Phase::Connecting:
    case Phase::AwaitingHead:
        answerError(502,
                    m_response.headBytes() > 0
                        ? QStringLiteral("upstream %1 closed the connection in the middle of the "
                                         "response head")
                              .arg(upstreamName())
                        : QStringLiteral("upstream %1 closed the connection without a response")
                              .arg(upstreamName()),
                    true);
        return;
    case Phase::Streaming:
        break;
    default:
        return;
    }
    releaseUpstream();
    bool complete = true;
    QString reason = QStringLiteral("upstream closed the stream");
    if (m_framing == Framing::Length && m_lengthRemaining > 0) {
        complete = false;
        reason = QStringLiteral("upstream closed the connection %1 bytes before the end of the "
                                "response")
                     .arg(m_lengthRemaining);
    } else if (m_framing == Framing::Chunked && !m_chunked.isDone()) {
        complete = false;
        reason = QStringLiteral("upstream closed the connection before the last chunk");
    } else if (reset) {
        complete = false;
        reason = QStringLiteral("upstream connection lost: %1").arg(error);
    }
    if (m_observing)
        m_parser.finish();
    if (m_hook)
        m_hook->upstreamFinished(complete, reason, *this);
    else
        finish(reason);
}

// --- the response -------------------------------------------------------------------------

void ProxyConnection::processResponseBytes(QByteArrayView bytes)
{
    while (m_phase == Phase::AwaitingHead && !bytes.isEmpty()) {
        bytes = bytes.sliced(m_response.feed(bytes));
        if (m_response.hasError()) {
            answerError(502,
                        QStringLiteral("malformed response from upstream %1: %2")
                            .arg(upstreamName(), QString::fromUtf8(m_response.errorMessage())),
                        true);
            return;
        }
        if (!m_response.isComplete())
            return;
        const int status = m_response.statusCode();
        if (status == 101) {
            answerError(502,
                        QStringLiteral("upstream %1 switched protocols; the proxy does not "
                                       "forward upgrades")
                            .arg(upstreamName()),
                        true);
            return;
        }
        if (status < 200) {
            // Interim responses (103 Early Hints, a stray 100) concern this hop only.
            m_response.reset();
            continue;
        }
        if (!startResponse())
            return;
    }
    if (m_phase == Phase::Streaming && !bytes.isEmpty())
        processBody(bytes);
}

bool ProxyConnection::startResponse()
{
    m_timer.stop();
    const int status = m_response.statusCode();
    if (m_request.method() == "HEAD" || status == 204 || status == 304) {
        m_framing = Framing::None;
    } else if (m_response.isChunked()) {
        m_framing = Framing::Chunked;
    } else if (m_response.hasTransferEncoding() || m_response.contentLength() < 0) {
        m_framing = Framing::UntilClose;
    } else {
        m_framing = Framing::Length;
        m_lengthRemaining = m_response.contentLength();
    }
    // Events are observed in an uncompressed text/event-stream only (parameters ignored).
    const QByteArray type = m_response.header("Content-Type");
    const QByteArray encoding = m_response.header("Content-Encoding");
    const qsizetype semicolon = type.indexOf(';');
    m_observing = m_framing != Framing::None
        && type.left(semicolon < 0 ? type.size() : semicolon)
                .trimmed()
                .compare("text/event-stream", Qt::CaseInsensitive)
            == 0
        && (encoding.isEmpty() || encoding.compare("identity", Qt::CaseInsensitive) == 0);
    m_status = status;
    m_phase = Phase::Streaming;
    m_headSent = true;
    const QByteArray head = clientResponseHead();
    write(head);
    reportRequest(status, true, QString());
    if (m_hook) {
        ProxyResponseInfo info;
        info.status = status;
        info.eventStream = m_observing;
        info.chunked = m_framing == Framing::Chunked;
        info.contentLength = m_framing == Framing::Length ? m_lengthRemaining : -1;
        m_hook->responseStarted(info);
    }
    if (m_phase == Phase::Streaming && m_framing == Framing::None)
        responseComplete();
    return m_phase == Phase::Streaming;
}

QByteArray ProxyConnection::clientResponseHead() const
{
    QByteArray out;
    out.reserve(m_response.headBytes() + 32);
    out += m_response.statusLine() + "\r\n";
    const auto &fields = m_response.fields();
    for (const HttpResponseReader::Field &field : fields) {
        if (isHopByHop(field.name())
            || namedByConnection(
                fields, field.name(), [](const auto &f) { return f.name(); },
                [](const auto &f) { return f.value(); }))
            continue;
        out += field.line + "\r\n";
    }
    // The proxy serves one request per client connection.
    out += "Connection: close\r\n\r\n";
    return out;
}

void ProxyConnection::processBody(QByteArrayView raw)
{
    m_reportEvents = m_observing && m_proxy->reportsEvents();
    qsizetype forwardBytes = raw.size();
    bool complete = false;
    QString chunkError;
    switch (m_framing) {
    case Framing::Length: {
        forwardBytes = qsizetype(qMin<qint64>(m_lengthRemaining, raw.size()));
        observe(raw.first(forwardBytes));
        m_lengthRemaining -= forwardBytes;
        complete = m_lengthRemaining == 0;
        break;
    }
    case Framing::Chunked: {
        QByteArrayView rest = raw;
        while (!rest.isEmpty() && m_chunked.status() == ChunkedDecoder::Status::InProgress) {
            QByteArrayView piece;
            rest = rest.sliced(m_chunked.feed(rest, &piece));
            if (!piece.isEmpty())
                observe(piece);
        }
        forwardBytes = raw.size() - rest.size();
        complete = m_chunked.isDone();
        if (m_chunked.hasError())
            chunkError = QString::fromUtf8(m_chunked.errorMessage());
        break;
    }
    case Framing::UntilClose:
        observe(raw);
        break;
    case Framing::None:
        forwardBytes = 0;
        complete = true;
        break;
    }
    if (!m_batch.events.isEmpty() || m_batch.omitted > 0) {
        m_batch.connection = m_number;
        Q_EMIT m_proxy->eventsSeen(m_batch);
        m_batch.events.clear();
        m_batch.omitted = 0;
    }
    if (forwardBytes > 0) {
        if (m_hook)
            m_hook->forward(raw.first(forwardBytes), *this);
        else
            write(raw.first(forwardBytes));
    }
    if (m_phase != Phase::Streaming)
        return;
    if (!chunkError.isEmpty()) {
        ++m_proxy->m_stats.upstreamErrors;
        // The client sees the response cut where the upstream broke it.
        reset(QStringLiteral("upstream %1 sent a %2").arg(upstreamName(), chunkError));
        return;
    }
    if (complete)
        responseComplete();
}

void ProxyConnection::observe(QByteArrayView decoded)
{
    if (!m_observing || decoded.isEmpty())
        return;
    if (!m_parser.feed(decoded)) {
        // Observation is best effort; the bytes keep flowing to the client.
        m_observing = false;
        m_observationError = m_parser.errorString();
    }
}

void ProxyConnection::responseComplete()
{
    releaseUpstream();
    if (m_observing)
        m_parser.finish();
    const QString reason = QStringLiteral("response complete");
    if (m_hook)
        m_hook->upstreamFinished(true, reason, *this);
    else
        finish(reason);
}

void ProxyConnection::eventView(const SseEventView &view)
{
    ++m_events;
    ++m_proxy->m_stats.events;
    if (m_hook)
        m_hook->eventSeen(view);
    if (!m_reportEvents)
        return;
    if (m_batch.events.size() >= MaxBatchEvents) {
        ++m_batch.omitted;
        return;
    }
    m_batch.events.append(
        ProxyEventInfo {view.type.toByteArray(), view.id.toByteArray(), view.data.size()});
}

void ProxyConnection::comment(QByteArrayView text)
{
    if (m_hook)
        m_hook->commentSeen(text);
}

void ProxyConnection::retry(qint64 milliseconds)
{
    Q_UNUSED(milliseconds)
}

// --- the client side ----------------------------------------------------------------------

void ProxyConnection::write(QByteArrayView bytes)
{
    if (!m_client || bytes.isEmpty())
        return;
    m_client->write(bytes.data(), bytes.size());
    m_bytesToClient += bytes.size();
    m_proxy->m_stats.bytesToClients += bytes.size();
}

void ProxyConnection::clientWritten()
{
    if (m_paused && m_client
        && m_client->bytesToWrite() <= m_proxy->m_options.maxClientBufferBytes / 2) {
        m_paused = false;
        readUpstream();
    }
}

void ProxyConnection::clientGone()
{
    if (m_phase == Phase::Ended)
        return;
    end(m_headSent ? QStringLiteral("client closed")
                   : QStringLiteral("client closed before the response"));
}

void ProxyConnection::answerError(int status, const QString &message, bool upstreamFault)
{
    if (m_phase == Phase::Ended)
        return;
    if (upstreamFault)
        ++m_proxy->m_stats.upstreamErrors;
    if (m_headSent) {
        reset(message);
        return;
    }
    releaseUpstream();
    m_status = status;
    const QByteArray body = "ssemon proxy: " + message.toUtf8() + '\n';
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' '
        + reasonPhrase(status).toByteArray()
        + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    m_headSent = true;
    write(out);
    reportRequest(status, false, message);
    finish(QStringLiteral("answered %1: %2").arg(status).arg(message));
}

void ProxyConnection::reportRequest(int status, bool fromUpstream, const QString &error)
{
    if (m_requestReported || !m_request.hasRequestLine())
        return;
    m_requestReported = true;
    m_requestInfo.status = status;
    m_requestInfo.fromUpstream = fromUpstream;
    m_requestInfo.error = error;
    if (m_requestInfo.method.isEmpty()) {
        m_requestInfo.method = m_request.method();
        m_requestInfo.path = m_request.target();
    }
    Q_EMIT m_proxy->requestProxied(m_requestInfo);
}

void ProxyConnection::finish(const QString &reason)
{
    if (m_phase == Phase::Ended)
        return;
    releaseUpstream();
    if (m_client) {
        QTcpSocket *socket = std::exchange(m_client, nullptr);
        QObject::disconnect(socket, nullptr, this, nullptr);
        // The socket lingers on its own (a child of the QTcpServer) until what is queued has
        // been sent; what the client still sends is read and dropped.
        connect(socket, &QIODevice::readyRead, socket,
                [socket] { socket->skip(socket->bytesAvailable()); });
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(LingerMs, socket, [socket] {
            QObject::disconnect(socket, nullptr, nullptr, nullptr);
            socket->abort();
            socket->deleteLater();
        });
        socket->disconnectFromHost();
    }
    end(reason);
}

void ProxyConnection::reset(const QString &reason)
{
    if (m_phase == Phase::Ended)
        return;
    releaseUpstream();
    if (m_client) {
        QTcpSocket *socket = std::exchange(m_client, nullptr);
        QObject::disconnect(socket, nullptr, this, nullptr);
        socket->abort();
        socket->deleteLater();
    }
    end(reason);
}

void ProxyConnection::abort(const QString &reason)
{
    reset(reason);
}

void ProxyConnection::releaseUpstream()
{
    m_timer.stop();
    if (!m_upstream)
        return;
    QTcpSocket *socket = std::exchange(m_upstream, nullptr);
    QObject::disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater();
}

void ProxyConnection::end(const QString &reason)
{
    if (m_phase == Phase::Ended)
        return;
    m_phase = Phase::Ended;
    m_timer.stop();
    releaseUpstream();
    if (m_client) {
        QTcpSocket *socket = std::exchange(m_client, nullptr);
        QObject::disconnect(socket, nullptr, this, nullptr);
        socket->abort();
        socket->deleteLater();
    }
    reportRequest(0, false, reason);
    ProxyDisconnectInfo info;
    info.connection = m_number;
    info.peer = m_requestInfo.peer;
    info.peerPort = m_requestInfo.peerPort;
    info.status = m_status;
    info.bytesToClient = m_bytesToClient;
    info.bytesFromUpstream = m_bytesFromUpstream;
    info.events = m_events;
    info.lastEventId = m_parser.lastEventId();
    info.readPauses = m_readPauses;
    info.durationMs = m_started.elapsed();
    info.reason = reason;
    if (!m_observationError.isEmpty())
        info.reason += QStringLiteral(" (events not observed past: %1)").arg(m_observationError);
    m_proxy->connectionFinished(this, info);
}
