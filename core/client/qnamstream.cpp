// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "qnamstream.h"

#include "clientrecord.h"
#include "httpstream.h"
#include "util/version.h"

#include <QAuthenticator>
#include <QHttp2Configuration>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#if QT_CONFIG(ssl)
#include <QSslConfiguration>
#endif

#include <algorithm>
#include <utility>

namespace {

bool isIdempotentRead(const QByteArray &method)
{
    return method == "GET" || method == "HEAD";
}

bool hasField(const QList<QPair<QByteArray, QByteArray>> &fields, QByteArrayView name)
{
    return std::any_of(fields.cbegin(), fields.cend(), [name](const auto &field) {
        return field.first.compare(name, Qt::CaseInsensitive) == 0;
    });
}

} // namespace

QnamStream::QnamStream(QnamPool::Manager manager, QObject *parent)
    : ClientTransport(parent)
    , m_manager(std::move(manager))
{ }

QnamStream::~QnamStream()
{
    abort();
}

void QnamStream::start(const HttpStreamRequest &request)
{
    m_request = request;
    m_timing = AttemptTiming();
    m_timing.startNs = monotonicNowNs();

    QNetworkRequest qr(request.url);
    // Redirects go through the client's own policy (hops counted, credentials dropped across
    // origins); no cache; cookies only when asked for.
    qr.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                    QNetworkRequest::ManualRedirectPolicy);
    qr.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    qr.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    const QVariant cookieControl =
        request.cookies ? QNetworkRequest::Automatic : QNetworkRequest::Manual;
    qr.setAttribute(QNetworkRequest::CookieLoadControlAttribute, cookieControl);
    qr.setAttribute(QNetworkRequest::CookieSaveControlAttribute, cookieControl);
    qr.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    qr.setAttribute(QNetworkRequest::Http2DirectAttribute, request.http2PriorKnowledge);
    QHttp2Configuration h2;
    h2.setStreamReceiveWindowSize(kHttp2StreamWindow);
    h2.setSessionReceiveWindowSize(2 * kHttp2StreamWindow);
    qr.setHttp2Configuration(h2);
#if QT_CONFIG(ssl)
    if (request.url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!request.caCertificates.isEmpty())
            tls.addCaCertificates(request.caCertificates);
        qr.setSslConfiguration(tls);
    }
#endif
    if (!hasField(request.headers, "User-Agent"))
        qr.setRawHeader("User-Agent", QByteArray("ssemon/") + Version::number());
    for (const auto &field : request.headers) {
        if (field.first.compare("Content-Length", Qt::CaseInsensitive) == 0
            || field.first.compare("Host", Qt::CaseInsensitive) == 0)
            continue;
        qr.setRawHeader(field.first, field.second);
    }

    QNetworkProxy proxy = request.proxy;
    if (proxy.type() == QNetworkProxy::DefaultProxy)
        proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    m_manager->setProxy(proxy);

    if (request.body.isEmpty() && request.method == "GET")
        m_reply = m_manager->get(qr);
    else
        m_reply = m_manager->sendCustomRequest(qr, request.method, request.body);
    QNetworkReply *reply = m_reply;
    // HTTP/1.1: the reply reads no further than this; TCP slows the server down.
    reply->setReadBufferSize(std::max<qint64>(4096, request.readBufferBytes));

    connect(reply, &QNetworkReply::requestSent, this, [this] {
        ++m_timesSent;
        if (m_timing.sentNs == 0)
            m_timing.sentNs = monotonicNowNs();
        if (m_timesSent > 1 && !isIdempotentRead(m_request.method) && !m_headComplete) {
            // Qt sends a request again on its own when a connection closes before a response;
            // a monitor never repeats a request with side effects unasked.
            cut(QStringLiteral("Qt resent the request on its own after the connection closed "
                               "early; a %1 request is not sent twice, so the attempt fails "
                               "(the wire transport never resends)")
                    .arg(QString::fromLatin1(m_request.method)));
        }
    });
#if QT_CONFIG(ssl)
    connect(reply, &QNetworkReply::encrypted, this, [this] { m_timing.tlsNs = monotonicNowNs(); });
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        m_sslErrors = errors;
        if (m_request.ignoreSslErrors && m_reply) {
            m_reply->ignoreSslErrors(errors);
            emit sslErrorsIgnored(errors);
        }
    });
#endif
    connect(reply, &QNetworkReply::metaDataChanged, this, &QnamStream::onMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &QnamStream::onReplyReadyRead);
    connect(reply, &QNetworkReply::finished, this, &QnamStream::onReplyFinished);
    // Credentials in the URL answer a challenge (Basic, Digest, NTLM, Negotiate), once: wrong
    // ones end in the server's 401 instead of a loop.
    connect(m_manager.get(), &QNetworkAccessManager::authenticationRequired, this,
            [this](QNetworkReply *r, QAuthenticator *authenticator) {
                if (r != m_reply || m_authTried || m_request.url.userName().isEmpty())
                    return;
                m_authTried = true;
                authenticator->setUser(m_request.url.userName());
                authenticator->setPassword(m_request.url.password());
            });
}

void QnamStream::abort()
{
    m_aborted = true;
    dropReply();
}

void QnamStream::dropReply()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    // Disconnected first: abort() emits finished() at once.
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

QByteArray QnamStream::header(QByteArrayView name) const
{
    for (const auto &field : m_fields) {
        if (field.first.compare(name, Qt::CaseInsensitive) == 0)
            return field.second.trimmed();
    }
    return QByteArray();
}

void QnamStream::onMetaData()
{
    if (!m_reply || m_headComplete)
        return;
    const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid())
        return;
    const int code = status.toInt();
    const QList<QNetworkReply::RawHeaderPair> pairs = m_reply->rawHeaderPairs();
    if (code >= 200 && code < 300 && pairs.isEmpty()) {
        // What Qt makes of a head it could not read (a bare "HTTP/1.1 200" line, garbage after
        // it): a success without a single field. No server sends an event stream that way.
        cut(QStringLiteral("invalid response: an unreadable head (Qt read it as a %1 status with "
                           "no header field)")
                .arg(code));
        return;
    }
    m_headComplete = true;
    m_timing.headNs = monotonicNowNs();
    m_timing.firstByteNs = m_timing.headNs; // Qt shows no byte before the head is complete
    m_status = code;
    m_reason = m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    const bool h2 = m_reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
    m_protocol = h2 ? QByteArrayLiteral("h2") : QByteArrayLiteral("http/1.1");
    if (h2) {
        // Qt 6.4 reads HTTP/2 whatever the reply's buffer size: with a bound, what passes it
        // waits inside Qt's protocol layer, unseen and unbounded. Without one it waits in the
        // reply, where bytesAvailable() sees it and the request's maxBacklogBytes bounds it.
        m_reply->setReadBufferSize(0);
    }
    for (const auto &pair : pairs)
        m_fields.append({pair.first, pair.second});
    QString encodingError;
    if (!m_decoder.setEncoding(header("Content-Encoding"), &encodingError) && m_status >= 200
        && m_status < 300) {
        m_error = encodingError;
        m_undecodable = true;
    }
    if (m_status >= 300 && !m_undecodable) {
        // No stream: its body (a status page, a JSON error) is what a person wants to see, and
        // Qt hands it over after the head. The head waits for it a little: until the reply
        // ends, a page's worth arrived, or kBodyWaitMs passed.
        m_holdingHead = true;
        QTimer::singleShot(kBodyWaitMs, this, &QnamStream::releaseHead);
        return;
    }
    releaseHead();
}

void QnamStream::releaseHead()
{
    if (m_headReleased || m_aborted || m_finished)
        return;
    m_holdingHead = false;
    m_headReleased = true;
    emit headReceived();
    if (m_aborted || m_finished)
        return;
    if (m_undecodable) {
        cut(m_error);
        return;
    }
    if (bytesAvailable() > 0)
        scheduleReadyRead();
}

void QnamStream::onReplyReadyRead()
{
    if (!m_reply)
        return;
    if (!m_headComplete) {
        onMetaData();
        if (!m_headComplete || !m_reply)
            return;
    }
    if (m_holdingHead) {
        if (m_reply->bytesAvailable() >= AttemptInfo::kMaxBody)
            releaseHead();
        return;
    }
    if (m_reply->bytesAvailable() > m_request.maxBacklogBytes) {
        // Only HTTP/2 gets here: Qt 6.4 may go on reading it while nobody reads the reply.
        cut(QStringLiteral("more than %1 KiB of the stream waited in Qt while the consumer was "
                           "behind (Qt 6.4 reads HTTP/2 ahead of its reader): the stream was cut "
                           "to bound memory, after what had arrived")
                .arg(m_request.maxBacklogBytes / 1024));
        return;
    }
    emit readyRead();
}

void QnamStream::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    if (!m_headComplete)
        onMetaData();
    if (!m_reply)
        return;
    if (reply->error() != QNetworkReply::NoError && m_error.isEmpty())
        describeReplyError();
    // What Qt holds is still read, at the owner's pace.
    m_stash += reply->readAll();
    m_inputEnded = true;
    disconnect(reply, nullptr, this, nullptr);
    m_reply = nullptr;
    reply->deleteLater();
    if (m_holdingHead)
        releaseHead(); // the whole answer is here
    if (bytesAvailable() > 0)
        scheduleReadyRead();
    checkEnd();
}

void QnamStream::describeReplyError()
{
    const QNetworkReply::NetworkError code = m_reply->error();
    const QString qtText = m_reply->errorString();
    const QUrl &url = m_request.url;
    const bool viaProxy = m_request.proxy.type() == QNetworkProxy::HttpProxy
        || m_request.proxy.type() == QNetworkProxy::Socks5Proxy;
    const QString host = viaProxy ? m_request.proxy.hostName() : url.host();
    const quint16 port = viaProxy
        ? quint16(m_request.proxy.port())
        : quint16(url.port(
            url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 ? 443 : 80));
    switch (code) {
    case QNetworkReply::HostNotFoundError:
        m_error =
            HttpStream::socketErrorText(QAbstractSocket::HostNotFoundError, qtText, host, port);
        return;
    case QNetworkReply::ConnectionRefusedError:
        m_error = HttpStream::socketErrorText(QAbstractSocket::ConnectionRefusedError, qtText, host,
                                              port);
        return;
    case QNetworkReply::SslHandshakeFailedError:
        m_error = QStringLiteral("TLS handshake failed: ") + qtText;
        return;
    case QNetworkReply::RemoteHostClosedError:
        if (!m_headComplete) {
            m_closedWithoutResponse = m_bytesReceived == 0;
            m_vague = true;
            m_error =
                QStringLiteral("the connection closed before a response (QNAM: %1)").arg(qtText);
            return;
        }
        m_error = QStringLiteral("the connection closed before the end of the body (QNAM: %1)")
                      .arg(qtText);
        return;
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::UnknownServerError:
        m_vague = !m_headComplete;
        break;
    default:
        break;
    }
    if (m_headComplete && m_status >= 400) {
        // An HTTP status Qt maps to an error: the status itself is the answer.
        return;
    }
    if (m_headComplete && m_protocol == "h2") {
        // Qt maps a RST_STREAM's error code onto its server errors ("Internal server error"
        // for INTERNAL_ERROR) although the response was a 200.
        m_error = QStringLiteral("the server reset the HTTP/2 stream (QNAM: %1)").arg(qtText);
        return;
    }
    m_error = QStringLiteral("QNAM: ") + qtText;
}

void QnamStream::cut(const QString &message)
{
    if (m_finished || m_finishScheduled)
        return;
    if (m_error.isEmpty())
        m_error = message;
    if (m_reply) {
        if (m_headComplete && !m_undecodable)
            m_stash += m_reply->readAll();
        dropReply();
    }
    m_inputEnded = true;
    if (bytesAvailable() > 0)
        scheduleReadyRead();
    checkEnd();
}

qint64 QnamStream::bytesAvailable() const
{
    if (!m_headComplete || m_undecodable)
        return 0;
    qint64 n = m_stash.size();
    if (m_decoder.hasMore())
        ++n;
    if (m_reply)
        n += m_reply->bytesAvailable();
    return n;
}

QByteArray QnamStream::read()
{
    if (!m_headComplete || m_undecodable)
        return QByteArray();
    QByteArray raw = std::exchange(m_stash, QByteArray());
    if (m_reply && !m_decoder.hasMore() && m_reply->bytesAvailable() > 0) {
        const QByteArray more = m_reply->read(kMaxReadBytes);
        raw = raw.isEmpty() ? more : raw + more;
    }
    m_bytesReceived += raw.size();
    QByteArray out;
    if (!decodeBody(std::move(raw), &out)) {
        dropReply();
        m_inputEnded = true;
        scheduleFinish();
        return out;
    }
    if (bytesAvailable() > 0)
        scheduleReadyRead();
    checkEnd();
    return out;
}

void QnamStream::checkEnd()
{
    if (!m_inputEnded || m_finished || m_finishScheduled)
        return;
    if (m_headComplete && !m_undecodable && (!m_stash.isEmpty() || m_decoder.hasMore()))
        return; // the owner reads the rest first
    if (m_error.isEmpty() && m_headComplete)
        m_error = m_decoder.truncation();
    scheduleFinish();
}
