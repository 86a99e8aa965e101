// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "httpstream.h"

#include "clientrecord.h"
#include "util/version.h"

#include <QTcpSocket>

#if defined(Q_OS_LINUX)
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#if QT_CONFIG(ssl)
#include <QSslConfiguration>
#include <QSslSocket>
#endif

#include <algorithm>

namespace {

bool isHttps(const QUrl &url)
{
    return url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
}

int defaultPort(const QUrl &url)
{
    return isHttps(url) ? 443 : 80;
}

QByteArray hostHeader(const QUrl &url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toUtf8();
    if (host.contains(':'))
        host = '[' + host + ']'; // an IPv6 literal
    const int port = url.port(-1);
    if (port >= 0 && port != defaultPort(url))
        host += ':' + QByteArray::number(port);
    return host;
}

bool hasHeader(const QList<QPair<QByteArray, QByteArray>> &headers, QByteArrayView name)
{
    return std::any_of(headers.cbegin(), headers.cend(), [name](const auto &header) {
        return header.first.compare(name, Qt::CaseInsensitive) == 0;
    });
}

// RFC 9110: methods whose requests carry a body by convention get a Content-Length even when
// it is empty, so that the server does not wait for one.
bool expectsBody(const QByteArray &method)
{
    return method == "POST" || method == "PUT" || method == "PATCH";
}

// QTcpSocket reports a reset (RST) as the same end of input as a close (FIN): read() gives 0 for
// ECONNRESET, and the descriptor is closed before errorOccurred() is emitted. A duplicate of the
// descriptor, kept while the socket lives, still shows the kernel's view of the connection: a
// FIN leaves it in CLOSE_WAIT, a reset in CLOSE.
int duplicateDescriptor(const QTcpSocket *socket)
{
#if defined(Q_OS_LINUX)
    const qintptr fd = socket->socketDescriptor();
    return fd >= 0 ? ::fcntl(int(fd), F_DUPFD_CLOEXEC, 0) : -1;
#else
    Q_UNUSED(socket);
    return -1;
#endif
}

bool wasReset(int duplicate)
{
#if defined(Q_OS_LINUX)
    if (duplicate < 0)
        return false;
    tcp_info info {};
    socklen_t size = sizeof(info);
    if (getsockopt(duplicate, IPPROTO_TCP, TCP_INFO, &info, &size) != 0)
        return false;
    return info.tcpi_state == TCP_CLOSE;
#else
    Q_UNUSED(duplicate);
    return false;
#endif
}

} // namespace

QString HttpStream::socketErrorText(QAbstractSocket::SocketError error, const QString &qtText,
                                    const QString &host, quint16 port)
{
    switch (error) {
    case QAbstractSocket::HostNotFoundError:
        if (!host.isEmpty())
            return QStringLiteral("host \"%1\" not found (the DNS lookup failed)").arg(host);
        break;
    case QAbstractSocket::ConnectionRefusedError:
        if (!host.isEmpty())
            return QStringLiteral("connection refused by %1:%2 (nothing listens there)")
                .arg(host)
                .arg(port);
        break;
    default:
        break;
    }
    return qtText.isEmpty() ? QStringLiteral("network error") : qtText;
}

HttpStream::HttpStream(QObject *parent)
    : ClientTransport(parent)
{ }

HttpStream::~HttpStream()
{
    abort();
}

void HttpStream::start(const HttpStreamRequest &request)
{
    m_request = request;
    const QUrl &url = m_request.url;
    m_head = HttpResponseReader(m_request.maxHeadBytes);
    m_timing = AttemptTiming();
    m_timing.startNs = monotonicNowNs();
    const bool tls = isHttps(url);
    QNetworkProxy proxy = m_request.proxy;
    if (proxy.type() == QNetworkProxy::DefaultProxy)
        proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    // Plain http through an HTTP proxy: the request goes to the proxy with the whole URL as
    // its target (RFC 9112 3.2.2), as browsers and curl do; CONNECT is for https.
    m_absoluteForm = !tls
        && (proxy.type() == QNetworkProxy::HttpProxy
            || proxy.type() == QNetworkProxy::HttpCachingProxy);

#if QT_CONFIG(ssl)
    if (tls) {
        auto *socket = new QSslSocket(this);
        QSslConfiguration config = socket->sslConfiguration();
        if (!m_request.caCertificates.isEmpty())
            config.addCaCertificates(m_request.caCertificates);
        // HTTP/1.1 only: the stream is read as HTTP/1.1 bytes.
        config.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
        socket->setSslConfiguration(config);
        connect(socket, &QSslSocket::sslErrors, this, [this, socket](const QList<QSslError> &e) {
            m_sslErrors = e;
            if (m_request.ignoreSslErrors) {
                socket->ignoreSslErrors(e);
                emit sslErrorsIgnored(e);
            }
            // Otherwise the handshake fails and errorOccurred() reports it.
        });
        connect(socket, &QSslSocket::encrypted, this, [this] {
            m_timing.tlsNs = monotonicNowNs();
            onConnected();
        });
        connect(socket, &QSslSocket::connected, this,
                [this] { m_timing.connectNs = monotonicNowNs(); });
        m_socket = socket;
    } else
#endif
    {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, [this] {
            m_timing.connectNs = monotonicNowNs();
            onConnected();
        });
    }
    connect(m_socket, &QTcpSocket::hostFound, this, [this] { m_timing.dnsNs = monotonicNowNs(); });
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this](qint64 written) {
        m_requestBytesLeft -= written;
        if (m_requestBytesLeft <= 0 && m_timing.sentNs == 0)
            m_timing.sentNs = monotonicNowNs();
    });
    m_socket->setReadBufferSize(std::max<qint64>(4096, m_request.readBufferBytes));
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpStream::onSocketReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpStream::onSocketClosed);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError) {
            // A FIN or a reset after connecting (Qt reports both alike; the kernel tells).
            m_reset = wasReset(m_duplicate);
            closeDuplicate();
            onSocketClosed();
            return;
        }
        if (!m_headComplete || m_finishScheduled || m_finished) {
            fail(socketErrorText(m_socket->error(), m_socket->errorString(), m_targetHost,
                                 m_targetPort));
            return;
        }
        // In the body: what arrived before the error is still read (and decoded, a piece at a
        // time) before finished() says why the stream ended.
        if (m_error.isEmpty())
            m_error = socketErrorText(m_socket->error(), m_socket->errorString(), m_targetHost,
                                      m_targetPort);
        stopInput(true);
        if (bytesAvailable() > 0)
            scheduleReadyRead();
        checkEnd();
    });

    if (m_absoluteForm) {
        m_socket->setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        m_targetHost = proxy.hostName();
        m_targetPort = quint16(proxy.port());
        m_socket->connectToHost(m_targetHost, m_targetPort);
        return;
    }
    m_socket->setProxy(proxy);
    const quint16 port = quint16(url.port(defaultPort(url)));
    const bool viaProxy =
        proxy.type() == QNetworkProxy::Socks5Proxy || proxy.type() == QNetworkProxy::HttpProxy;
    m_targetHost = viaProxy ? proxy.hostName() : url.host();
    m_targetPort = viaProxy ? quint16(proxy.port()) : port;
#if QT_CONFIG(ssl)
    if (tls) {
        static_cast<QSslSocket *>(m_socket)->connectToHostEncrypted(url.host(), port);
        return;
    }
#endif
    m_socket->connectToHost(url.host(), port);
}

void HttpStream::abort()
{
    m_aborted = true;
    if (!m_socket) {
        closeDuplicate();
        return;
    }
    QTcpSocket *socket = m_socket;
    m_socket = nullptr;
    disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater();
    closeDuplicate(); // the last descriptor of the connection: now it is torn down
}

QByteArray HttpStream::requestBytes() const
{
    const QUrl &url = m_request.url;
    QByteArray target;
    if (m_absoluteForm) {
        target = url.adjusted(QUrl::RemoveFragment | QUrl::RemoveUserInfo).toEncoded();
    } else {
        target = url.path(QUrl::FullyEncoded).toUtf8();
        if (target.isEmpty())
            target = "/";
        if (url.hasQuery())
            target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    }
    QByteArray out;
    out.reserve(512 + m_request.body.size());
    out += m_request.method + ' ' + target + " HTTP/1.1\r\nHost: " + hostHeader(url) + "\r\n";
    const auto &headers = m_request.headers;
    if (!hasHeader(headers, "User-Agent"))
        out += QByteArray("User-Agent: ssemon/") + Version::number() + "\r\n";
    if (!url.userName().isEmpty() && !hasHeader(headers, "Authorization")) {
        // Credentials in the URL, as curl takes them: Basic, sent up front.
        const QByteArray credentials =
            (url.userName() + QLatin1Char(':') + url.password()).toUtf8().toBase64();
        out += "Authorization: Basic " + credentials + "\r\n";
    }
    if (m_absoluteForm && !m_request.proxy.user().isEmpty()) {
        const QByteArray credentials =
            (m_request.proxy.user() + QLatin1Char(':') + m_request.proxy.password())
                .toUtf8()
                .toBase64();
        out += "Proxy-Authorization: Basic " + credentials + "\r\n";
    }
    for (const auto &header : headers) {
        if (header.first.compare("Content-Length", Qt::CaseInsensitive) == 0
            || header.first.compare("Host", Qt::CaseInsensitive) == 0)
            continue;
        out += header.first + ": " + header.second + "\r\n";
    }
    if (!m_request.body.isEmpty() || expectsBody(m_request.method))
        out += "Content-Length: " + QByteArray::number(m_request.body.size()) + "\r\n";
    out += "\r\n";
    out += m_request.body;
    return out;
}

void HttpStream::onConnected()
{
    if (!m_socket)
        return;
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_duplicate < 0)
        m_duplicate = duplicateDescriptor(m_socket);
    const QByteArray bytes = requestBytes();
    m_requestBytesLeft = bytes.size();
    m_socket->write(bytes);
}

void HttpStream::onSocketReadyRead()
{
    if (!m_socket || m_finished)
        return;
    if (!m_headComplete) {
        readHead();
        return;
    }
    emit readyRead();
}

void HttpStream::readHead()
{
    while (m_socket && !m_headComplete && !m_finishScheduled && m_socket->bytesAvailable() > 0) {
        // Never more than the head may still need, so that what follows stays in the socket
        // (and in its bounded buffer) until it is read as body.
        const qint64 room = std::max<qint64>(1, m_request.maxHeadBytes - m_head.headBytes());
        const QByteArray bytes = m_socket->read(std::min<qint64>(room, 64 * 1024));
        if (bytes.isEmpty())
            break;
        if (m_bytesReceived == 0)
            m_timing.firstByteNs = monotonicNowNs();
        m_bytesReceived += bytes.size();
        emit headProgress();
        if (!m_socket)
            return; // the owner aborted
        QByteArrayView rest(bytes);
        while (!rest.isEmpty()) {
            rest = rest.sliced(m_head.feed(rest));
            if (m_head.hasError()) {
                fail(QStringLiteral("invalid response: ")
                     + QString::fromUtf8(m_head.errorMessage()));
                return;
            }
            if (!m_head.isComplete())
                break; // the rest of the head is still on its way
            const int code = m_head.statusCode();
            if (code >= 100 && code < 200 && code != 101) {
                // RFC 9110 15.2: interim responses (100 Continue, 103 Early Hints) come before
                // the final one; read on.
                m_head.reset();
                continue;
            }
            m_stash = rest.toByteArray();
            headDone();
            return;
        }
    }
}

void HttpStream::headDone()
{
    m_headComplete = true;
    m_timing.headNs = monotonicNowNs();
    const int code = m_head.statusCode();
    if (code == 101) {
        fail(QStringLiteral("the server switched protocols (101), which an event stream cannot"));
        return;
    }
    // RFC 9112 6.3: the order in which the framing is decided.
    if (m_request.method == "HEAD" || code == 204 || code == 304) {
        m_framing = Framing::None;
        m_bodyDone = true;
    } else if (m_head.isChunked()) {
        m_framing = Framing::Chunked;
    } else if (m_head.hasTransferEncoding()) {
        m_framing = Framing::Close; // a coding other than chunked last: the close ends it
    } else if (m_head.contentLength() >= 0) {
        m_framing = Framing::Length;
        m_lengthLeft = m_head.contentLength();
        m_bodyDone = m_lengthLeft == 0;
    } else {
        m_framing = Framing::Close;
    }
    // Only chunked is a transfer coding ssemon reads (a gzip transfer coding is next to
    // unheard of; Content-Encoding is what servers use), and every coding of every
    // Transfer-Encoding field counts: "gzip" in a second field is as unreadable as
    // "gzip, chunked" in one. Only a 2xx is refused for its codings: another status is not
    // read as a stream.
    const bool success = code >= 200 && code < 300;
    const QByteArray transfer = m_head.transferCodings();
    QString encodingError;
    const bool decodable = m_decoder.setEncoding(m_head.header("Content-Encoding"), &encodingError);
    if (success && m_head.hasTransferEncoding() && transfer != "chunked"
        && transfer != "identity") {
        m_undecodable = true;
        m_error = QStringLiteral("unsupported Transfer-Encoding \"%1\" (ssemon reads chunked)")
                      .arg(QString::fromLatin1(transfer));
    } else if (success && !decodable) {
        m_undecodable = true;
        m_error = encodingError;
    }

    emit headReceived();
    if (m_finished || !m_socket)
        return; // the owner has what it needs (or aborted)
    if (!m_error.isEmpty()) {
        scheduleFinish();
        return;
    }
    if (bytesAvailable() > 0)
        scheduleReadyRead();
    checkEnd();
}

qint64 HttpStream::bytesAvailable() const
{
    if (!m_headComplete)
        return 0;
    qint64 n = m_stash.size();
    if (m_decoder.hasMore())
        ++n; // output the decoder holds back until it is asked again
    // Compressed bytes the decoder took but cannot use yet (a member cut between reads) are
    // not counted: nothing comes of them until more arrives.
    if (m_socket && !m_bodyDone)
        n += m_socket->bytesAvailable();
    return n;
}

bool HttpStream::deframe(QByteArrayView raw, QByteArray *out)
{
    switch (m_framing) {
    case Framing::None:
        return true;
    case Framing::Length: {
        const qint64 take = std::min<qint64>(m_lengthLeft, raw.size());
        out->append(raw.first(take));
        m_lengthLeft -= take;
        if (m_lengthLeft == 0)
            m_bodyDone = true; // anything after the body is not part of it
        return true;
    }
    case Framing::Chunked:
        while (!raw.isEmpty() && m_chunks.status() == ChunkedDecoder::Status::InProgress) {
            QByteArrayView data;
            const qsizetype taken = m_chunks.feed(raw, &data);
            out->append(data);
            raw = raw.sliced(taken);
            if (taken == 0 && data.isEmpty())
                break;
        }
        if (m_chunks.hasError()) {
            m_error = QString::fromUtf8(m_chunks.errorMessage());
            return false;
        }
        if (m_chunks.isDone())
            m_bodyDone = true;
        return true;
    case Framing::Close:
        out->append(raw);
        return true;
    }
    return true;
}

QByteArray HttpStream::read()
{
    if (!m_headComplete || m_undecodable)
        return QByteArray();
    QByteArray raw = std::exchange(m_stash, QByteArray());
    // While the decoder still has output for the last bytes, the next bytes stay in the socket
    // (whose buffer is bounded, so TCP slows the server down): a compressed backlog never grows.
    if (m_socket && !m_finished && !m_bodyDone && !m_decoder.hasMore()
        && m_socket->bytesAvailable() > 0) {
        const QByteArray more = m_socket->readAll();
        m_bytesReceived += more.size();
        raw = raw.isEmpty() ? more : raw + more;
    }
    QByteArray framed;
    bool framingFailed = false;
    if (raw.isEmpty() || m_bodyDone) {
        // Nothing to de-frame.
    } else if (m_framing == Framing::Close
               || (m_framing == Framing::Length && raw.size() < m_lengthLeft)) {
        // The bytes are the body as they are: no copy (this is the hot path of a stream).
        if (m_framing == Framing::Length)
            m_lengthLeft -= raw.size();
        framed = std::move(raw);
    } else {
        // On a framing error, what was de-framed before it is still body (m_error says why the
        // rest is not).
        framingFailed = !deframe(raw, &framed);
    }
    if (framingFailed)
        stopInput(false); // nothing after the error is body
    QByteArray out;
    if (!decodeBody(std::move(framed), &out)) {
        scheduleFinish();
        return out;
    }
    // More waits (decoder output, or socket bytes left there while the decoder was busy: a
    // full socket buffer gets no readyRead of its own): the next turn takes it.
    if (bytesAvailable() > 0)
        scheduleReadyRead();
    checkEnd();
    return out;
}

void HttpStream::onSocketClosed()
{
    if (!m_socket || m_socketClosed)
        return;
    m_socketClosed = true;
    if (!m_headComplete) {
        // A head that arrived with the FIN is still read.
        readHead();
        if (m_headComplete || m_finishScheduled)
            return;
        if (m_bytesReceived == 0) {
            m_closedWithoutResponse = true;
            fail(m_reset ? QStringLiteral("the server reset the connection (TCP RST) without a "
                                          "response")
                         : QStringLiteral("the server closed the connection without a response"));
        } else {
            fail(QStringLiteral("the server %1 the connection in the middle of the response head")
                     .arg(endedVerb()));
        }
        return;
    }
    if (bytesAvailable() > 0)
        scheduleReadyRead(); // the end is reported once what came before it has been read
    checkEnd();
}

void HttpStream::checkEnd()
{
    if (m_finished || m_finishScheduled)
        return;
    // The body ended by its framing, or input stopped at an error: finished once what came
    // before has been read.
    if (m_bodyDone || m_inputStopped) {
        if (m_stash.isEmpty() && !m_decoder.hasMore()) {
            noteTruncatedEncoding();
            scheduleFinish();
        }
        return;
    }
    if (!m_socketClosed || bytesAvailable() > 0)
        return;
    // The connection ended before the framing did.
    if (!m_error.isEmpty()) {
        // Already said.
    } else if (m_framing == Framing::Chunked) {
        m_error = QStringLiteral("the server %1 the connection in the middle of the chunked body "
                                 "(no last chunk)")
                      .arg(endedVerb());
    } else if (m_framing == Framing::Length) {
        m_error = QStringLiteral("the server %1 the connection %2 bytes before the end of the "
                                 "body (Content-Length %3)")
                      .arg(endedVerb())
                      .arg(m_lengthLeft)
                      .arg(m_head.contentLength());
    } else if (m_reset) {
        // A body delimited by the connection ends cleanly with a FIN only.
        m_error = QStringLiteral("the server reset the connection (TCP RST): the stream did not "
                                 "end cleanly");
    }
    noteTruncatedEncoding();
    scheduleFinish();
}

QString HttpStream::endedVerb() const
{
    return m_reset ? QStringLiteral("reset (TCP RST)") : QStringLiteral("closed");
}

QList<QPair<QByteArray, QByteArray>> HttpStream::headerFields() const
{
    QList<QPair<QByteArray, QByteArray>> out;
    if (!m_headComplete)
        return out;
    out.reserve(m_head.fields().size());
    for (const HttpResponseReader::Field &field : m_head.fields())
        out.append({field.name().toByteArray(), field.value().toByteArray()});
    return out;
}

QByteArray HttpStream::protocol() const
{
    return m_headComplete ? QByteArrayLiteral("http/1.1") : QByteArray();
}

void HttpStream::closeDuplicate()
{
#if defined(Q_OS_LINUX)
    if (m_duplicate >= 0)
        ::close(m_duplicate);
#endif
    m_duplicate = -1;
}

void HttpStream::noteTruncatedEncoding()
{
    if (m_error.isEmpty())
        m_error = m_decoder.truncation();
}

void HttpStream::stopInput(bool keepUnread)
{
    // The socket is let go so that nothing more arrives (and no readyRead or close of its own
    // comes after the error); bytes it already holds are kept for read() if they are body.
    if (m_socket && keepUnread && !m_bodyDone) {
        const QByteArray rest = m_socket->readAll();
        m_bytesReceived += rest.size();
        m_stash += rest;
    }
    m_inputStopped = true;
    if (QTcpSocket *socket = std::exchange(m_socket, nullptr)) {
        disconnect(socket, nullptr, this, nullptr);
        socket->abort();
        socket->deleteLater();
    }
    closeDuplicate();
    m_socketClosed = true;
}

void HttpStream::fail(const QString &message)
{
    if (m_finished || m_finishScheduled)
        return;
    if (m_error.isEmpty())
        m_error = message;
    scheduleFinish();
}

void HttpStream::finishing()
{
    if (m_socket) {
        // What arrived before the end is still the owner's to read.
        if (m_headComplete && !m_bodyDone)
            m_stash += m_socket->readAll();
        QTcpSocket *socket = std::exchange(m_socket, nullptr);
        disconnect(socket, nullptr, this, nullptr);
        socket->abort();
        socket->deleteLater();
    }
    closeDuplicate();
}
