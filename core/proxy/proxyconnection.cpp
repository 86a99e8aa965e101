// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "proxyconnection.h"

#include "tapproxy.h"

#include "faults/faultbytes.h"
#include "http/deflater.h"
#include "http/httpstatus.h"
#include "sse/sseencoder.h"

#include <QMetaMethod>
#include <QScopeGuard>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

#include <climits>
#include <cstring>
#include <utility>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

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

using HttpStatus::reasonPhrase;

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
    , m_streamFaults([this](const QByteArray &bytes) {
        if (m_client)
            m_client->write(bytes);
    })
{
    m_requestInfo.connection = number;
    m_requestInfo.peer = client->peerAddress();
    m_requestInfo.peerPort = client->peerPort();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ProxyConnection::timedOut);
    m_streamFaults.setPumped([this] { clientWritten(); });
    m_streamFaults.configure(*proxy->m_faults, number);
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
    m_streamFaults.stopPump();
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
    if (!m_client || m_streamFaults.isBlackholed())
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
    if (faults()->isEngaged())
        m_plan = faults()->takeResponseFaults(m_number);
    if (m_client)
        m_client->skip(m_client->bytesAvailable());
    if (m_plan.answer) {
        answerFault(*m_plan.answer, m_plan.answerId);
        return;
    }
    if (m_plan.slowHeadersMs > 0) {
        // Accepted, then nothing until the delay is over: the upstream is asked only then.
        m_phase = Phase::Connecting;
        QTimer::singleShot(clampMs(m_plan.slowHeadersMs), this, [this] {
            if (m_phase == Phase::Connecting && !m_upstream)
                connectUpstream();
        });
        return;
    }
    connectUpstream();
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
    // A blackholed connection reads nothing: the upstream's window fills and it stops too.
    while (m_upstream && !m_paused && !m_streamFaults.isBlackholed()
           && m_upstream->bytesAvailable() > 0
           && (m_phase == Phase::AwaitingHead || m_phase == Phase::Streaming)) {
        if (m_phase == Phase::Streaming
            && queuedForClient() >= m_proxy->m_options.maxClientBufferBytes) {
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
    if (m_reframed)
        endReframed(complete, reason);
    else if (m_hook)
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
    // With faults engaged, the body is split into units from its first byte, and re-framed
    // from the start when a fault that acts on events may fire.
    m_segmenting = m_observing && faults()->isEngaged();
    if (m_segmenting && faults()->needsEventUnits()) {
        m_reframed = true;
        m_clientChunked = m_framing == Framing::Chunked;
    }
    if (m_plan.gzip && m_framing != Framing::None) {
        m_streamFaults.startGzip();
        m_reframed = true;
        m_clientChunked = m_framing == Framing::Chunked;
    }
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
        if ((m_plan.contentType && field.name().compare("Content-Type", Qt::CaseInsensitive) == 0)
            || (m_streamFaults.isCompressing()
                && (field.name().compare("Content-Length", Qt::CaseInsensitive) == 0
                    || field.name().compare("Content-Encoding", Qt::CaseInsensitive) == 0)))
            continue;
        if (isHopByHop(field.name())
            || namedByConnection(
                fields, field.name(), [](const auto &f) { return f.name(); },
                [](const auto &f) { return f.value(); }))
            continue;
        out += field.line + "\r\n";
    }
    if (m_plan.contentType && !m_plan.contentType->isEmpty())
        out += "Content-Type: " + *m_plan.contentType + "\r\n";
    if (m_streamFaults.isCompressing())
        out += "Content-Encoding: gzip\r\n";
    // The proxy serves one request per client connection.
    out += "Connection: close\r\n\r\n";
    return out;
}

void ProxyConnection::processBody(QByteArrayView raw)
{
    m_inBody = true;
    auto leave = qScopeGuard([this] { m_inBody = false; });
    m_reportEvents = m_observing && m_proxy->reportsEvents();
    if (!m_segmenting && m_observing && faults()->isEngaged()) {
        // Engaged in the middle of the stream: a unit starts after the next blank line.
        m_segmenting = true;
        m_unitBoundaryKnown = false;
    }
    // Raw bytes not yet forwarded start here; after a switch to re-framed output the rest of
    // `raw` reaches the client as units.
    qsizetype rawStart = 0;
    qsizetype rawEnd = 0;
    bool complete = false;
    QString chunkError;
    auto maySwitch = [this] {
        return m_switchWanted && !m_reframed && m_phase == Phase::Streaming && atUnitBoundary()
            && (m_framing != Framing::Chunked || m_chunked.atChunkBoundary());
    };
    auto forwardRaw = [this, &raw, &rawStart](qsizetype end) {
        if (end > rawStart && m_phase == Phase::Streaming) {
            const QByteArrayView bytes = raw.sliced(rawStart, end - rawStart);
            if (m_hook)
                m_hook->forward(bytes, *this);
            else
                write(bytes);
        }
        rawStart = end;
    };
    switch (m_framing) {
    case Framing::Length: {
        rawEnd = qsizetype(qMin<qint64>(m_lengthRemaining, raw.size()));
        m_lengthRemaining -= rawEnd;
        complete = m_lengthRemaining == 0;
        observe(raw.first(rawEnd));
        break;
    }
    case Framing::Chunked: {
        QByteArrayView rest = raw;
        while (!rest.isEmpty() && m_chunked.status() == ChunkedDecoder::Status::InProgress
               && m_phase == Phase::Streaming) {
            QByteArrayView piece;
            rest = rest.sliced(m_chunked.feed(rest, &piece));
            if (!piece.isEmpty())
                observe(piece);
            if (maySwitch()) {
                forwardRaw(raw.size() - rest.size());
                switchToReframed();
            }
        }
        rawEnd = raw.size() - rest.size();
        complete = m_chunked.isDone();
        if (m_chunked.hasError())
            chunkError = QString::fromUtf8(m_chunked.errorMessage());
        break;
    }
    case Framing::UntilClose:
        rawEnd = raw.size();
        observe(raw);
        break;
    case Framing::None:
        complete = true;
        break;
    }
    if (!m_batch.events.isEmpty() || m_batch.omitted > 0) {
        m_batch.connection = m_number;
        Q_EMIT m_proxy->eventsSeen(m_batch);
        m_batch.events.clear();
        m_batch.omitted = 0;
    }
    if (m_reframed)
        rawStart = qMax(rawStart, rawEnd); // re-framed: units went out as they completed
    else
        forwardRaw(rawEnd);
    if (m_phase != Phase::Streaming)
        return;
    if (!m_reframed) {
        // A fin or rst fired by an event of this read: the event went out first.
        const Fault::DropMode close = std::exchange(m_closeAfterForward, Fault::DropMode::Event);
        if (close != Fault::DropMode::Event) {
            closeForFault(close,
                          close == Fault::DropMode::Fin ? QStringLiteral("fin")
                                                        : QStringLiteral("rst"));
            return;
        }
        faults()->eventSent();
        if (m_phase != Phase::Streaming)
            return;
        if (maySwitch())
            switchToReframed();
    }
    if (!chunkError.isEmpty()) {
        ++m_proxy->m_stats.upstreamErrors;
        // The client sees the response cut where the upstream broke it: closed after what is
        // queued (no last chunk), not reset, which would throw away the good events before it.
        finish(QStringLiteral("upstream %1 sent a %2").arg(upstreamName(), chunkError));
        return;
    }
    if (complete)
        responseComplete();
}

void ProxyConnection::observe(QByteArrayView decoded)
{
    if (decoded.isEmpty())
        return;
    if (m_segmenting || m_reframed) {
        segment(decoded);
        return;
    }
    if (!m_observing)
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
    if (m_reframed)
        endReframed(true, reason);
    else if (m_hook)
        m_hook->upstreamFinished(true, reason, *this);
    else
        finish(reason);
}

void ProxyConnection::eventView(const SseEventView &view)
{
    ++m_events;
    ++m_proxy->m_stats.events;
    if (m_segmenting) {
        m_lineEvent = true;
        m_unitType = view.type.toByteArray();
        m_unitId = view.id.toByteArray();
        // The data only when it may be re-encoded (ids fault); a ping is told by its start.
        m_unitData = m_reframed
            ? view.data.toByteArray()
            : view.data.first(qMin(HeartbeatRules::DecisiveDataBytes, view.data.size()))
                  .toByteArray();
    }
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
    if (m_segmenting)
        m_commentIsHeartbeat = m_proxy->m_options.heartbeat.matchComment(text);
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
    if (!m_client || bytes.isEmpty() || m_streamFaults.isBlackholed())
        return;
    m_bytesToClient += bytes.size();
    m_proxy->m_stats.bytesToClients += bytes.size();
    if (m_streamFaults.isPacing()) {
        m_streamFaults.enqueue(bytes);
        return;
    }
    m_client->write(bytes.data(), bytes.size());
}

void ProxyConnection::clientWritten()
{
    if (m_paused && m_client && queuedForClient() <= m_proxy->m_options.maxClientBufferBytes / 2) {
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
        // What a shaper still holds goes out before the FIN.
        const QByteArray held = m_streamFaults.takePending();
        if (!held.isEmpty())
            m_client->write(held);
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
    info.durationMs = m_streamFaults.nowMs();
    info.reason = reason;
    if (!m_observationError.isEmpty())
        info.reason += QStringLiteral(" (events not observed past: %1)").arg(m_observationError);
    m_proxy->connectionFinished(this, info);
}

// --- faults -------------------------------------------------------------------------------

FaultController *ProxyConnection::faults() const
{
    return m_proxy->m_faults;
}

qint64 ProxyConnection::queuedForClient() const
{
    return (m_client ? m_client->bytesToWrite() : 0) + m_streamFaults.pendingBytes();
}

void ProxyConnection::reportFault(int id, const Fault &fault, const QString &detail,
                                  FaultReport::State state)
{
    faults()->report(id, fault, m_number, detail, state);
}

ProxyClientInfo ProxyConnection::info() const
{
    ProxyClientInfo info;
    info.connection = m_number;
    info.peer = m_requestInfo.peer;
    info.peerPort = m_requestInfo.peerPort;
    info.method = m_requestInfo.method;
    info.path = m_requestInfo.path;
    info.status = m_status;
    info.events = m_events;
    info.lastEventId = m_parser.lastEventId();
    info.bytesToClient = m_bytesToClient;
    info.bufferedBytes = bufferedBytes() + m_streamFaults.pendingBytes();
    info.connectedMs = m_streamFaults.nowMs();
    info.reframed = m_reframed;
    return info;
}

void ProxyConnection::reconfigureShaper()
{
    m_streamFaults.configure(*faults(), m_number);
}

void ProxyConnection::actOnFault(int id, const Fault &fault, bool onEvent)
{
    auto needsEvents = [&] {
        if (m_observing)
            return true;
        reportFault(id, fault,
                    QStringLiteral("not applied: the response is not an uncompressed "
                                   "text/event-stream"),
                    FaultReport::State::NotApplied);
        return false;
    };
    switch (fault.kind) {
    case Fault::Kind::Fin:
    case Fault::Kind::Rst: {
        const Fault::DropMode mode =
            fault.kind == Fault::Kind::Fin ? Fault::DropMode::Fin : Fault::DropMode::Rst;
        reportFault(id, fault,
                    mode == Fault::DropMode::Fin ? QStringLiteral("closed (FIN)")
                                                 : QStringLiteral("reset (RST)"));
        if (onEvent && m_reframed)
            m_streamFaults.events().setCloseAfterEvent(mode);
        else if (onEvent)
            m_closeAfterForward = mode;
        else
            closeForFault(mode, fault.name());
        break;
    }
    case Fault::Kind::Blackhole:
        m_streamFaults.blackhole();
        reportFault(id, fault, QStringLiteral("blackholed: nothing sent or read"));
        break;
    case Fault::Kind::Stall:
        m_streamFaults.stall(fault.durationMs);
        reportFault(id, fault, QStringLiteral("stalled for %1 ms").arg(fault.durationMs));
        break;
    case Fault::Kind::HeartbeatPause:
        if (!needsEvents())
            break;
        m_streamFaults.pauseHeartbeats(fault.durationMs);
        reportFault(id, fault, QStringLiteral("heartbeats paused for %1 ms").arg(fault.durationMs));
        requestReframe();
        break;
    case Fault::Kind::Retry:
    case Fault::Kind::Garbage:
        if (!needsEvents())
            break;
        // Injected between two units, so that it does not corrupt an event by accident.
        m_injections.append({id, fault,
                             fault.kind == Fault::Kind::Retry ? FaultBytes::retry(fault.ms)
                                                              : FaultBytes::garbage(fault)});
        requestReframe();
        break;
    case Fault::Kind::Drop:
        if (!fault.dropModes.isEmpty()) {
            const Fault::DropMode mode = faults()->nextDropMode(id, fault);
            if (mode == Fault::DropMode::Truncate) {
                if (!needsEvents())
                    break;
                Fault truncate = fault;
                truncate.kind = Fault::Kind::Truncate;
                m_streamFaults.events().add(id, truncate); // reported when the event is cut
                requestReframe();
                break;
            }
            reportFault(id, fault,
                        mode == Fault::DropMode::Fin ? QStringLiteral("closed (FIN)")
                                                     : QStringLiteral("reset (RST)"));
            if (onEvent && m_reframed)
                m_streamFaults.events().setCloseAfterEvent(mode);
            else if (onEvent)
                m_closeAfterForward = mode;
            else
                closeForFault(mode, fault.name());
            break;
        }
        [[fallthrough]];
    case Fault::Kind::Truncate:
    case Fault::Kind::Duplicate:
    case Fault::Kind::Reorder:
    case Fault::Kind::Ids:
        if (!needsEvents())
            break;
        // Reported when the event they act on is sent.
        m_streamFaults.events().add(id, fault);
        requestReframe();
        break;
    default:
        break;
    }
}

void ProxyConnection::requestReframe()
{
    if (m_phase != Phase::Streaming)
        return;
    if (!m_segmenting) {
        // Faults were engaged after this stream's last read: units start at a blank line,
        // unless nothing of the body has been seen yet.
        m_segmenting = true;
        m_unitBoundaryKnown = m_events == 0 && m_parser.pendingLineBytes() == 0
            && (m_framing != Framing::Chunked || m_chunked.decodedBytes() == 0);
    }
    if (m_reframed) {
        if (!m_inBody && atUnitBoundary())
            flushInjections();
        return;
    }
    m_switchWanted = true;
    // Between two reads the switch can happen at once when the stream is at a boundary;
    // inside a read, processBody() switches at the next one.
    if (!m_inBody && atUnitBoundary()
        && (m_framing != Framing::Chunked || m_chunked.atChunkBoundary()))
        switchToReframed();
}

void ProxyConnection::switchToReframed()
{
    m_switchWanted = false;
    m_reframed = true;
    m_clientChunked = m_framing == Framing::Chunked;
    flushInjections();
}

void ProxyConnection::segment(QByteArrayView decoded)
{
    if (!m_observing) {
        // Nothing to cut at (not an event stream, or observation stopped at a cap): what was
        // pending and what follows go out as they are.
        if (m_reframed) {
            if (!m_pending.isEmpty())
                emitBody(std::exchange(m_pending, {}));
            m_pendingBytes = 0;
            emitBody(decoded);
        }
        return;
    }
    const char *p = decoded.data();
    const char *const end = p + decoded.size();
    if (m_crPending && p < end) {
        m_crPending = false;
        if (*p == '\n') {
            // The LF of a CRLF split across reads: the parser skips it, and so does a client.
            m_parser.feed(QByteArrayView(p, 1));
            if (m_reframed) {
                if (m_pendingBytes == 0)
                    emitBody(QByteArrayView(p, 1));
                else
                    m_pending.append('\n');
            }
            if (m_pendingBytes > 0)
                ++m_pendingBytes;
            ++p;
        }
    }
    while (p < end && m_phase == Phase::Streaming) {
        const char *q = p;
        while (q < end && *q != '\n' && *q != '\r')
            ++q;
        const bool isComment = m_lineBytes == 0 ? (q > p && *p == ':') : m_lineIsComment;
        if (q == end) {
            // A partial line: it waits for its end.
            if (m_lineBytes == 0)
                m_lineIsComment = isComment;
            m_lineBytes += end - p;
            if (m_parser.feed(QByteArrayView(p, end - p)) == false) {
                m_observing = false;
                m_observationError = m_parser.errorString();
            }
            if (m_reframed)
                m_pending.append(p, end - p);
            m_pendingBytes += end - p;
            if (!m_observing)
                segment(QByteArrayView());
            return;
        }
        const bool blank = m_lineBytes == 0 && q == p;
        const char *next = q + 1;
        if (*q == '\r') {
            if (next < end && *next == '\n')
                ++next;
            else if (next == end)
                m_crPending = true;
        }
        feedLine(QByteArrayView(p, next - p), blank, isComment);
        m_lineBytes = 0;
        m_lineIsComment = false;
        p = next;
        if (!m_observing) {
            // What was pending goes first, then the rest as it came.
            segment(QByteArrayView());
            if (m_reframed && p < end)
                emitBody(QByteArrayView(p, end - p));
            return;
        }
    }
}

void ProxyConnection::feedLine(QByteArrayView line, bool blank, bool isComment)
{
    m_lineEvent = false;
    if (!m_parser.feed(line)) {
        m_observing = false;
        m_observationError = m_parser.errorString();
    }
    const bool wasEmpty = m_pendingBytes == 0;
    if (m_reframed)
        m_pending.append(line);
    m_pendingBytes += line.size();
    UnitKind kind;
    if (m_lineEvent)
        kind = UnitKind::Event;
    else if (blank && m_unitBoundaryKnown)
        kind = UnitKind::Block;
    else if (isComment && wasEmpty && m_unitBoundaryKnown)
        kind = UnitKind::Comment;
    else
        return;
    // Segmenting started in the middle of the stream: only a dispatch proves that the parser
    // (fed whole reads until then) has just seen a blank line. Never re-framed before that, the
    // first unit is only counted.
    m_unitBoundaryKnown = true;
    const QByteArray bytes = std::exchange(m_pending, {});
    m_pendingBytes = 0;
    processUnit(kind, bytes);
}

void ProxyConnection::processUnit(UnitKind kind, const QByteArray &bytes)
{
    // The client's rules (HeartbeatRules): a comment starting with `ping`, an `event: ping`, a
    // `data: ping ...` message.
    const bool heartbeat = (kind == UnitKind::Comment && m_commentIsHeartbeat)
        || (kind == UnitKind::Event
            && m_proxy->m_options.heartbeat.matchEvent(m_unitType, m_unitData));
    const bool event = kind == UnitKind::Event && !heartbeat;
    // Heartbeats are not events for the triggers, as on the mock server.
    if (event)
        faults()->eventPassed(m_number);
    if (m_phase != Phase::Streaming || !m_reframed)
        return;
    flushInjections();
    if (m_phase != Phase::Streaming)
        return;
    if (heartbeat && m_streamFaults.heartbeatsPaused()) {
        ++m_heartbeatsDropped;
        return;
    }
    if (event && !m_streamFaults.events().isEmpty()) {
        const QString label = m_unitId.isEmpty()
            ? QStringLiteral("event %1").arg(m_events)
            : QStringLiteral("event id %1").arg(QString::fromUtf8(m_unitId));
        const EventFaults::Result result = m_streamFaults.events().deliver(
            bytes, label, "x" + m_unitId,
            [this](const QByteArray &id, bool reset) { return rewriteEventId(id, reset); },
            [this](int id, const Fault &fault, const QString &detail) {
                reportFault(id, fault, detail);
            });
        emitBody(result.bytes);
        if (result.truncated)
            closeForFault(Fault::DropMode::Fin, QStringLiteral("truncate"));
        else if (result.close != Fault::DropMode::Event)
            closeForFault(result.close,
                          result.close == Fault::DropMode::Fin ? QStringLiteral("fin")
                                                               : QStringLiteral("rst"));
    } else {
        emitBody(bytes);
    }
    if (event && m_phase == Phase::Streaming)
        faults()->eventSent();
}

QByteArray ProxyConnection::rewriteEventId(const QByteArray &id, bool reset) const
{
    // Re-encoded from what the event carried: its type, data and the new id.
    SseEncoder::Event event;
    if (m_unitType != "message")
        event.type = m_unitType;
    event.data = m_unitData;
    event.hasId = true;
    event.id = reset ? QByteArrayView() : QByteArrayView(id);
    return SseEncoder::event(event);
}

void ProxyConnection::emitBody(QByteArrayView decoded)
{
    if (decoded.isEmpty() || m_phase != Phase::Streaming)
        return;
    QByteArray compressed;
    if (m_streamFaults.isCompressing()) {
        compressed = m_streamFaults.compress(decoded);
        if (compressed.isEmpty())
            return;
        decoded = compressed;
    }
    if (!m_clientChunked) {
        write(decoded);
        return;
    }
    // One chunk of the proxy's own per unit: the client's framing stays valid whatever a
    // fault did to the bytes.
    QByteArray framed = QByteArray::number(decoded.size(), 16) + "\r\n";
    framed.append(decoded.data(), decoded.size());
    framed += "\r\n";
    write(framed);
}

void ProxyConnection::flushInjections()
{
    while (!m_injections.isEmpty() && m_phase == Phase::Streaming && m_reframed
           && atUnitBoundary()) {
        const Injection injection = m_injections.takeFirst();
        const Fault &fault = injection.fault;
        reportFault(injection.id, fault,
                    fault.kind == Fault::Kind::Retry
                        ? QStringLiteral("sent retry: %1").arg(fault.ms)
                        : QStringLiteral("sent %1 bytes of garbage").arg(injection.bytes.size()));
        emitBody(injection.bytes);
        // A line without end only stays one if nothing follows it.
        if (fault.kind == Fault::Kind::Garbage && fault.garbage == Fault::GarbageKind::NoEol)
            closeForFault(Fault::DropMode::Fin, QStringLiteral("garbage noeol"));
    }
}

void ProxyConnection::endReframed(bool complete, const QString &reason)
{
    if (m_phase != Phase::Streaming)
        return;
    // An unfinished unit goes out as it came (the client sees the same cut), and an event a
    // reorder held back is sent rather than lost.
    if (!m_pending.isEmpty())
        emitBody(std::exchange(m_pending, {}));
    m_pendingBytes = 0;
    emitBody(m_streamFaults.events().takeHeld());
    if (m_streamFaults.isCompressing()) {
        QByteArray tail = m_streamFaults.finishGzip();
        if (m_clientChunked && !tail.isEmpty())
            tail = QByteArray::number(tail.size(), 16) + "\r\n" + tail + "\r\n";
        write(tail);
    }
    if (complete && m_clientChunked)
        write("0\r\n\r\n");
    finish(reason);
}

void ProxyConnection::closeForFault(Fault::DropMode mode, const QString &what)
{
    if (m_phase == Phase::Ended)
        return;
    if (mode != Fault::DropMode::Rst) {
        finish(QStringLiteral("fault: ") + what + QStringLiteral(" (FIN)"));
        return;
    }
    // What was written before the reset is handed to the kernel first ("reset after the Nth
    // event" means the Nth event left); a zero linger time then makes close() send RST.
    if (m_client) {
        const QByteArray held = m_streamFaults.takePending();
        if (!held.isEmpty())
            m_client->write(held);
        m_client->flush();
#ifdef Q_OS_UNIX
        if (m_client->socketDescriptor() >= 0) {
            const linger option {1, 0};
            ::setsockopt(int(m_client->socketDescriptor()), SOL_SOCKET, SO_LINGER, &option,
                         sizeof option);
        }
#endif
    }
    reset(QStringLiteral("fault: ") + what + QStringLiteral(" (RST)"));
}

void ProxyConnection::answerFault(const Fault &fault, int id)
{
    const FaultBytes::Answer answer = FaultBytes::answer(fault);
    const int code = answer.status;
    const QByteArray &headers = answer.headers;
    const QByteArray body = answer.message + '\n';
    const QString &detail = answer.detail;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(code) + ' ' + reasonPhrase(code).toByteArray()
        + "\r\n" + headers;
    if (code == 204) {
        out += "Connection: close\r\n\r\n";
    } else {
        out += "Content-Type: text/plain; charset=utf-8\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    }
    m_status = code;
    m_headSent = true;
    m_phase = Phase::Streaming; // so that the fault's report and the write reach the client
    reportFault(id, fault, detail);
    write(out);
    reportRequest(code, false, QStringLiteral("fault: %1 %2").arg(fault.name()).arg(code));
    finish(QStringLiteral("fault: %1 %2").arg(fault.name()).arg(code));
}
