// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "proxyupstream.h"

#include "proxyrecords.h"
#include "tapproxyoptions.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

#include <climits>
#include <utility>

namespace {

int clampMs(qint64 ms)
{
    return int(qBound(qint64(1), ms, qint64(INT_MAX)));
}

QString socketErrorText(QAbstractSocket *socket)
{
    return socket ? socket->errorString() : QString();
}

} // namespace

ProxyUpstream::ProxyUpstream(const TapProxyOptions &options,
                             const QList<QSslCertificate> &caCertificates, TapProxyStats &stats,
                             Receiver *receiver)
    : m_options(options)
    , m_caCertificates(caCertificates)
    , m_stats(stats)
    , m_receiver(receiver)
    , m_response(options.maxResponseHeadBytes)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ProxyUpstream::timedOut);
}

ProxyUpstream::~ProxyUpstream()
{
    if (m_socket)
        QObject::disconnect(m_socket, nullptr, this, nullptr);
}

QString ProxyUpstream::name() const
{
    const QUrl &url = m_options.upstream;
    return url.host() + QLatin1Char(':')
        + QString::number(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
}

qint64 ProxyUpstream::bytesAvailable() const
{
    return m_socket ? m_socket->bytesAvailable() : 0;
}

void ProxyUpstream::open(const QByteArray &request, bool headRequest)
{
    const QUrl &url = m_options.upstream;
    const bool tls = url.scheme() == QLatin1String("https");
    m_request = request;
    m_headRequest = headRequest;
    m_state = State::Connecting;
    m_readBuffer.resize(qMax<qsizetype>(4096, m_options.upstreamReadBufferBytes));
    QSslSocket *ssl = tls ? new QSslSocket(this) : nullptr;
    m_socket = tls ? ssl : new QTcpSocket(this);
    // Qt reads no further than this, so a paused upstream fills its TCP window and stops.
    m_socket->setReadBufferSize(m_options.upstreamReadBufferBytes);
    connect(m_socket, &QIODevice::readyRead, this, &ProxyUpstream::read);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &ProxyUpstream::socketError);
    connect(m_socket, &QAbstractSocket::disconnected, this, &ProxyUpstream::disconnected);
    m_timer.start(clampMs(m_options.connectTimeoutMs));
    const quint16 port = quint16(url.port(tls ? 443 : 80));
    if (!tls) {
        connect(m_socket, &QAbstractSocket::connected, this, &ProxyUpstream::connected);
        m_socket->connectToHost(url.host(), port);
        return;
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    if (!m_caCertificates.isEmpty())
        configuration.addCaCertificates(m_caCertificates);
    // HTTP/1.1 only: the proxy forwards the raw bytes of one HTTP/1.1 response.
    configuration.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
    ssl->setSslConfiguration(configuration);
    connect(ssl, &QSslSocket::sslErrors, this, [this, ssl](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &error : errors)
            texts << error.errorString();
        m_tlsErrors = texts.join(QStringLiteral("; "));
        if (m_options.ignoreSslErrors)
            ssl->ignoreSslErrors();
    });
    connect(ssl, &QSslSocket::encrypted, this, &ProxyUpstream::connected);
    ssl->connectToHostEncrypted(url.host(), port);
}

void ProxyUpstream::release()
{
    m_timer.stop();
    m_state = State::Idle;
    if (!m_socket)
        return;
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    QObject::disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater();
}

void ProxyUpstream::connected()
{
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->write(std::exchange(m_request, {}));
    ++m_stats.forwarded;
    m_state = State::AwaitingHead;
    m_timer.start(clampMs(m_options.responseTimeoutMs));
}

void ProxyUpstream::timedOut()
{
    switch (m_state) {
    case State::Connecting:
        fail(504,
             QStringLiteral("upstream %1 did not accept the connection within %2 ms")
                 .arg(name())
                 .arg(m_options.connectTimeoutMs));
        break;
    case State::AwaitingHead:
        fail(504,
             QStringLiteral("upstream %1 sent no response head within %2 ms")
                 .arg(name())
                 .arg(m_options.responseTimeoutMs));
        break;
    case State::Idle:
    case State::Streaming:
        break;
    }
}

void ProxyUpstream::fail(int status, const QString &message)
{
    m_receiver->upstreamFailed(status, message);
}

void ProxyUpstream::socketError(QAbstractSocket::SocketError error)
{
    if (m_state == State::Streaming) {
        // A close is handled by disconnected(), after the buffered bytes.
        if (error != QAbstractSocket::RemoteHostClosedError && m_socket
            && m_socket->state() != QAbstractSocket::ConnectedState)
            disconnected();
        return;
    }
    if (m_state != State::Connecting && m_state != State::AwaitingHead)
        return;
    const QString upstream = name();
    QString message;
    switch (error) {
    case QAbstractSocket::HostNotFoundError:
        message = QStringLiteral("cannot resolve upstream host %1: %2")
                      .arg(m_options.upstream.host(), socketErrorText(m_socket));
        break;
    case QAbstractSocket::ConnectionRefusedError:
        message = QStringLiteral("upstream %1 refused the connection").arg(upstream);
        break;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        message =
            QStringLiteral("TLS with upstream %1 failed: %2")
                .arg(upstream, m_tlsErrors.isEmpty() ? socketErrorText(m_socket) : m_tlsErrors);
        break;
    case QAbstractSocket::RemoteHostClosedError:
        disconnected();
        return;
    default:
        message = QStringLiteral("upstream %1: %2").arg(upstream, socketErrorText(m_socket));
        break;
    }
    fail(502, message);
}

void ProxyUpstream::disconnected()
{
    if (m_closed || !m_socket)
        return;
    m_closed = true;
    // Bytes still buffered are passed on first (unless a slow client holds them back).
    read();
}

void ProxyUpstream::resume()
{
    m_paused = false;
    read();
}

void ProxyUpstream::read()
{
    // A blackholed connection reads nothing: the upstream's window fills and it stops too.
    while (m_socket && !m_paused && m_receiver->upstreamReadable() && m_socket->bytesAvailable() > 0
           && (m_state == State::AwaitingHead || m_state == State::Streaming)) {
        if (m_state == State::Streaming && m_receiver->clientFull()) {
            m_paused = true;
            ++m_readPauses;
            ++m_stats.readPauses;
            return;
        }
        const qint64 n = m_socket->read(m_readBuffer.data(), m_readBuffer.size());
        if (n <= 0)
            break;
        m_bytesRead += n;
        m_stats.bytesFromUpstream += n;
        process(QByteArrayView(m_readBuffer.constData(), n));
    }
    if (m_closed && !m_paused && m_socket && m_socket->bytesAvailable() == 0)
        ended();
}

void ProxyUpstream::ended()
{
    const QString error = m_socket ? m_socket->errorString() : QString();
    const bool reset = m_socket && m_socket->error() != QAbstractSocket::RemoteHostClosedError
        && m_socket->error() != QAbstractSocket::UnknownSocketError;
    switch (m_state) {
    case State::Connecting:
    case State::AwaitingHead:
        fail(502,
             m_response.headBytes() > 0
                 ? QStringLiteral("upstream %1 closed the connection in the middle of the "
                                  "response head")
                       .arg(name())
                 : QStringLiteral("upstream %1 closed the connection without a response")
                       .arg(name()));
        return;
    case State::Streaming:
        break;
    case State::Idle:
        return;
    }
    release();
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
    m_receiver->upstreamEnded(complete, reason);
}

void ProxyUpstream::process(QByteArrayView bytes)
{
    while (m_state == State::AwaitingHead && !bytes.isEmpty()) {
        bytes = bytes.sliced(m_response.feed(bytes));
        if (m_response.hasError()) {
            fail(502,
                 QStringLiteral("malformed response from upstream %1: %2")
                     .arg(name(), QString::fromUtf8(m_response.errorMessage())));
            return;
        }
        if (!m_response.isComplete())
            return;
        const int status = m_response.statusCode();
        if (status == 101) {
            fail(502,
                 QStringLiteral("upstream %1 switched protocols; the proxy does not "
                                "forward upgrades")
                     .arg(name()));
            return;
        }
        if (status < 200) {
            // Interim responses (103 Early Hints, a stray 100) concern this hop only.
            m_response.reset();
            continue;
        }
        if (!startBody())
            return;
    }
    if (m_state == State::Streaming && !bytes.isEmpty())
        m_receiver->upstreamBody(bytes);
}

bool ProxyUpstream::startBody()
{
    m_timer.stop();
    const int status = m_response.statusCode();
    if (m_headRequest || status == 204 || status == 304) {
        m_framing = Framing::None;
    } else if (m_response.isChunked()) {
        m_framing = Framing::Chunked;
    } else if (m_response.hasTransferEncoding() || m_response.contentLength() < 0) {
        m_framing = Framing::UntilClose;
    } else {
        m_framing = Framing::Length;
        m_lengthRemaining = m_response.contentLength();
    }
    m_state = State::Streaming;
    return m_receiver->upstreamResponded();
}

ProxyUpstream::BodyRead ProxyUpstream::decodeBody(QByteArrayView raw, const PieceFunction &piece)
{
    BodyRead read;
    switch (m_framing) {
    case Framing::Length:
        read.rawEnd = qsizetype(qMin<qint64>(m_lengthRemaining, raw.size()));
        m_lengthRemaining -= read.rawEnd;
        read.complete = m_lengthRemaining == 0;
        piece(raw.first(read.rawEnd), read.rawEnd);
        break;
    case Framing::Chunked: {
        QByteArrayView rest = raw;
        while (!rest.isEmpty() && m_chunked.status() == ChunkedDecoder::Status::InProgress) {
            QByteArrayView decoded;
            rest = rest.sliced(m_chunked.feed(rest, &decoded));
            if (!piece(decoded, raw.size() - rest.size()))
                break;
        }
        read.rawEnd = raw.size() - rest.size();
        read.complete = m_chunked.isDone();
        if (m_chunked.hasError())
            read.error = QString::fromUtf8(m_chunked.errorMessage());
        break;
    }
    case Framing::UntilClose:
        read.rawEnd = raw.size();
        piece(raw, raw.size());
        break;
    case Framing::None:
        read.complete = true;
        break;
    }
    return read;
}
