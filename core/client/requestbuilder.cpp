// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "requestbuilder.h"

#include "http/headerline.h"

#include <QFile>
#include <QNetworkProxyFactory>
#include <QRegularExpression>

#include <algorithm>

#if QT_CONFIG(ssl)
#include <QSslSocket>
#endif

void RequestBuilder::setHeader(QList<QPair<QByteArray, QByteArray>> &headers,
                               const QByteArray &name, const QByteArray &value)
{
    headers.removeIf([&name](const QPair<QByteArray, QByteArray> &h) {
        return h.first.compare(name, Qt::CaseInsensitive) == 0;
    });
    headers.append({name, value});
}

bool RequestBuilder::isHttpScheme(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return scheme == QLatin1String("http") || scheme == QLatin1String("https");
}

bool RequestBuilder::parseUrl(const QString &text, QUrl *url, QString *error)
{
    const QString trimmed = text.trimmed();
    *url = QUrl();
    const auto invalid = [&](const QString &why) {
        *error = QStringLiteral("\"%1\" is not a valid URL: %2").arg(trimmed, why);
        return false;
    };
    if (trimmed.isEmpty()) {
        *error = QStringLiteral("no URL given");
        return false;
    }
    static const QRegularExpression withScheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*://"));
    static const QRegularExpression halfScheme(
        QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*)(?::/|//)"));
    const bool hasScheme = withScheme.match(trimmed).hasMatch();
    if (!hasScheme) {
        const QRegularExpressionMatch half = halfScheme.match(trimmed);
        if (half.hasMatch())
            return invalid(QStringLiteral("the scheme needs \"://\" (as in %1://host/path)")
                               .arg(half.captured(1)));
    }
    for (const QChar c : trimmed) {
        if (c.isSpace())
            return invalid(QStringLiteral("it contains a space (a port goes after a colon, as "
                                          "in host:8080)"));
    }
    const QUrl parsed(hasScheme ? trimmed : QStringLiteral("http://") + trimmed, QUrl::StrictMode);
    if (!parsed.isValid()) {
        // host:port with a port past 65535 (or not a number) is the common slip; Qt's own
        // message names it too, but with its internal parse state after a semicolon.
        static const QRegularExpression portPart(
            QStringLiteral("^(?:[A-Za-z][A-Za-z0-9+.-]*://)?[^/?#]*:([^/?#:\\]]*)(?:[/?#]|$)"));
        const QRegularExpressionMatch port = portPart.match(trimmed);
        if (port.hasMatch()) {
            bool ok = false;
            const qlonglong number = port.captured(1).toLongLong(&ok);
            if (!ok || number < 1 || number > 65535)
                return invalid(QStringLiteral("port \"%1\" is not a number from 1 to 65535")
                                   .arg(port.captured(1)));
        }
        return invalid(parsed.errorString().section(QLatin1Char(';'), 0, 0));
    }
    if (!isHttpScheme(parsed))
        return invalid(
            QStringLiteral("the scheme is \"%1\", not http or https").arg(parsed.scheme()));
    if (parsed.host().isEmpty())
        return invalid(QStringLiteral("it names no host"));
    if (parsed.port() == 0)
        return invalid(QStringLiteral("port 0 is not a port a server listens on"));
    *url = parsed;
    return true;
}

ClientTransport::Kind RequestBuilder::transportFor(const QByteArray &method,
                                                   const QByteArray &body) const
{
    switch (m_transport) {
    case SseClientOptions::Transport::Qnam:
        return ClientTransport::Kind::Qnam;
    case SseClientOptions::Transport::Wire:
        return ClientTransport::Kind::Wire;
    case SseClientOptions::Transport::Auto:
        break;
    }
    // Qt 6.4 sends a request again on its own when a connection closes early: what has side
    // effects (a paid prompt, a tool call) goes on the wire transport unless HTTP/2 or cookies,
    // which only QNAM has, were asked for.
    const bool plainRead = body.isEmpty() && (method == "GET" || method == "HEAD");
    return plainRead || m_http2PriorKnowledge || m_cookies ? ClientTransport::Kind::Qnam
                                                           : ClientTransport::Kind::Wire;
}

bool RequestBuilder::prepare(const SseClientOptions &options, QString *error)
{
    m_transport = options.transport;
    m_http2PriorKnowledge = options.http2PriorKnowledge;
    m_cookies = options.cookies;
    m_maxBacklogBytes = std::max(options.qnamBacklogBytes, SseClientOptions::kMinBacklogBytes);
    if (options.transport == SseClientOptions::Transport::Wire
        && (options.http2PriorKnowledge || options.cookies)) {
        *error = QStringLiteral("%1 needs the QNAM transport; the wire transport speaks HTTP/1.1 "
                                "only and keeps no cookies")
                     .arg(options.http2PriorKnowledge ? QStringLiteral("HTTP/2 prior knowledge")
                                                      : QStringLiteral("a cookie jar"));
        return false;
    }
    m_headers = options.headers;
    m_compression = options.compression;
    m_proxyMode = options.proxyMode;
    m_explicitProxy = QNetworkProxy(QNetworkProxy::NoProxy);
#if QT_CONFIG(ssl)
    m_caCertificates.clear();
    m_ignoreSslErrors = options.ignoreSslErrors;
#endif

    const QUrl &url = options.url;
    const QString shown = url.toDisplayString();
    if (url.isEmpty()) {
        *error = QStringLiteral("no URL given");
        return false;
    }
    if (!url.isValid()) {
        *error = QStringLiteral("invalid URL \"%1\": %2").arg(shown, url.errorString());
        return false;
    }
    if (url.scheme().isEmpty()) {
        *error = QStringLiteral("invalid URL \"%1\": no scheme (expected http:// or https://)")
                     .arg(shown);
        return false;
    }
    if (!isHttpScheme(url)) {
        *error = QStringLiteral("unsupported URL scheme \"%1\" (expected http or https)")
                     .arg(url.scheme());
        return false;
    }
    if (url.host().isEmpty()) {
        *error = QStringLiteral("invalid URL \"%1\": no host").arg(shown);
        return false;
    }
    if (!HeaderLine::isToken(options.method)) {
        *error =
            QStringLiteral("invalid HTTP method \"%1\"").arg(QString::fromUtf8(options.method));
        return false;
    }
    for (const auto &header : options.headers) {
        const QByteArray name = header.first.trimmed();
        if (!HeaderLine::isToken(name)) {
            *error = QStringLiteral("invalid header name \"%1\"").arg(QString::fromUtf8(name));
            return false;
        }
        // RFC 9110 5.5: a line break or NUL in a value would end the field (or the head) early.
        if (header.second.contains('\r') || header.second.contains('\n')
            || header.second.contains('\0')) {
            *error = QStringLiteral("header \"%1\" has a line break or NUL in its value")
                         .arg(QString::fromUtf8(name));
            return false;
        }
    }

#if QT_CONFIG(ssl)
    if (url.scheme().toLower() == QLatin1String("https") && !QSslSocket::supportsSsl()) {
        *error = QStringLiteral("TLS is not available (no TLS backend), cannot open %1").arg(shown);
        return false;
    }
    if (!options.caFile.isEmpty()) {
        QFile file(options.caFile);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read CA file \"%1\": %2")
                         .arg(options.caFile, file.errorString());
            return false;
        }
        m_caCertificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
        m_caCertificates.removeIf([](const QSslCertificate &c) { return c.isNull(); });
        if (m_caCertificates.isEmpty()) {
            *error =
                QStringLiteral("no PEM certificate found in CA file \"%1\"").arg(options.caFile);
            return false;
        }
    }
#else
    if (url.scheme().toLower() == QLatin1String("https")) {
        *error = QStringLiteral("TLS is not available in this build, cannot open %1").arg(shown);
        return false;
    }
#endif

    switch (options.proxyMode) {
    case SseClientOptions::ProxyMode::System:
    case SseClientOptions::ProxyMode::None:
        break; // the system's choice is looked up per request (it depends on the URL)
    case SseClientOptions::ProxyMode::Explicit: {
        const QUrl &p = options.proxyUrl;
        const QString scheme = p.scheme().toLower();
        QNetworkProxy proxy;
        if (scheme == QLatin1String("http")) {
            proxy.setType(QNetworkProxy::HttpProxy);
        } else if (scheme == QLatin1String("socks5")) {
            proxy.setType(QNetworkProxy::Socks5Proxy);
        } else {
            *error = QStringLiteral("unsupported proxy \"%1\" (expected http://host:port or "
                                    "socks5://host:port)")
                         .arg(p.toDisplayString());
            return false;
        }
        if (!p.isValid() || p.host().isEmpty()) {
            *error = QStringLiteral("invalid proxy URL \"%1\"").arg(p.toDisplayString());
            return false;
        }
        proxy.setHostName(p.host());
        proxy.setPort(quint16(p.port(scheme == QLatin1String("http") ? 8080 : 1080)));
        proxy.setUser(p.userName());
        proxy.setPassword(p.password());
        m_explicitProxy = proxy;
        break;
    }
    }
    return true;
}

HttpStreamRequest RequestBuilder::build(const QUrl &url, const QByteArray &method,
                                        const QByteArray &body, bool dropCredentials,
                                        const QByteArray &lastEventId) const
{
    HttpStreamRequest request;
    request.url = url;
    request.method = method;
    request.body = body;
    request.readBufferBytes = kReadBufferBytes;
    request.http2PriorKnowledge = m_http2PriorKnowledge;
    request.cookies = m_cookies;
    request.maxBacklogBytes = m_maxBacklogBytes;
    auto &headers = request.headers;
    headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("text/event-stream")});
    headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache")});
    // A compressed stream arrives in bursts (the compressor holds bytes back): identity unless
    // the user asks.
    headers.append(
        {QByteArrayLiteral("Accept-Encoding"),
         m_compression ? QByteArrayLiteral("gzip, deflate") : QByteArrayLiteral("identity")});
    bool userContentType = false;
    for (const auto &header : m_headers) {
        const QByteArray name = header.first.trimmed();
        if (name.isEmpty())
            continue;
        // fetch: Authorization (and cookies) do not follow a redirect to another origin.
        if (dropCredentials
            && (name.compare("Authorization", Qt::CaseInsensitive) == 0
                || name.compare("Cookie", Qt::CaseInsensitive) == 0))
            continue;
        if (name.compare("Content-Type", Qt::CaseInsensitive) == 0)
            userContentType = true;
        setHeader(headers, name, header.second);
    }
    // SSE rule: Last-Event-ID only when the committed ID is non-empty (no header at all otherwise).
    if (!lastEventId.isEmpty())
        setHeader(headers, QByteArrayLiteral("Last-Event-ID"), lastEventId);
    if (!body.isEmpty() && !userContentType) {
        // What curl -d sends.
        headers.append({QByteArrayLiteral("Content-Type"),
                        QByteArrayLiteral("application/x-www-form-urlencoded")});
    }

    switch (m_proxyMode) {
    case SseClientOptions::ProxyMode::System: {
        // Looked up per request: the answer depends on the URL (no_proxy, PAC).
        const QList<QNetworkProxy> proxies =
            QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(url));
        request.proxy = proxies.isEmpty() ? QNetworkProxy(QNetworkProxy::NoProxy) : proxies.first();
        break;
    }
    case SseClientOptions::ProxyMode::None:
        request.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
        break;
    case SseClientOptions::ProxyMode::Explicit:
        request.proxy = m_explicitProxy;
        break;
    }
#if QT_CONFIG(ssl)
    request.caCertificates = m_caCertificates;
    request.ignoreSslErrors = m_ignoreSslErrors;
#endif
    return request;
}
