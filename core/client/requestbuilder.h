// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "clienttransport.h"
#include "sseclientoptions.h"

#include <QByteArray>
#include <QList>
#include <QNetworkProxy>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QtNetwork/qtnetworkglobal.h>

#if QT_CONFIG(ssl)
#include <QSslCertificate>
#endif

// A session's requests: prepare() checks the options before anything is sent (URL, method,
// header fields, TLS and its CA file, the proxy), build() makes each request of the session
// from them. A plain class: no sockets.
class RequestBuilder
{
public:
    static constexpr qint64 kReadBufferBytes = 256 * 1024;

    static bool isHttpScheme(const QUrl &url); // http or https, any case
    // A header field as every request carries it: a later field of the same name (any case)
    // replaces an earlier one (a user's Accept replaces ours). Code exports follow the rule too.
    static void setHeader(QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &name,
                          const QByteArray &value);
    // A URL as a person types it: without a scheme "http://" is assumed; otherwise strict.
    // False, with what is wrong in words (a space, a port out of range, a scheme without
    // "://", no host, not http or https), when it is no http(s) URL.
    static bool parseUrl(const QString &text, QUrl *url, QString *error);

    // Checks `options` and keeps what build() needs (the CA certificates read, the explicit
    // proxy). False, with the reason in `error`, when no request may be sent.
    bool prepare(const SseClientOptions &options, QString *error);

    // One request: Accept, Cache-Control and Accept-Encoding of ours, then the user's headers
    // (a later field replaces an earlier one of the same name, ours included), with
    // Authorization and Cookie left out when `dropCredentials` (a redirect left the origin);
    // Last-Event-ID when `lastEventId` is non-empty; a form Content-Type for a body the user
    // gave none for; the proxy for `url` and the TLS settings.
    HttpStreamRequest build(const QUrl &url, const QByteArray &method, const QByteArray &body,
                            bool dropCredentials, const QByteArray &lastEventId) const;

    // The transport of one request (redirects may change method and body).
    ClientTransport::Kind transportFor(const QByteArray &method, const QByteArray &body) const;

private:
    SseClientOptions::Transport m_transport = SseClientOptions::Transport::Auto;
    bool m_http2PriorKnowledge = false;
    qint64 m_maxBacklogBytes = HttpStreamRequest::kDefaultMaxBacklogBytes;
    bool m_cookies = false;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    bool m_compression = false;
    SseClientOptions::ProxyMode m_proxyMode = SseClientOptions::ProxyMode::System;
    QNetworkProxy m_explicitProxy; // ProxyMode::Explicit
#if QT_CONFIG(ssl)
    QList<QSslCertificate> m_caCertificates;
    bool m_ignoreSslErrors = false;
#endif
};
