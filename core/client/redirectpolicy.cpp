// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "redirectpolicy.h"

#include "requestbuilder.h"

bool RedirectPolicy::isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

QString RedirectPolicy::origin(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    const int port = url.port(scheme == QLatin1String("https") ? 443 : 80);
    return scheme + QLatin1String("://") + url.host().toLower() + QLatin1Char(':')
        + QString::number(port);
}

QString RedirectPolicy::key(const QByteArray &method, const QUrl &url)
{
    return QString::fromLatin1(method) + QLatin1Char(' ') + QString::fromUtf8(url.toEncoded());
}

void RedirectPolicy::begin(const QUrl &url, const QByteArray &method, const QByteArray &body,
                           int maxRedirects)
{
    m_url = url;
    m_method = method;
    m_body = body;
    m_maxRedirects = maxRedirects;
    m_dropCredentials = false;
    m_redirects = 0;
    m_visited.clear();
}

void RedirectPolicy::noteSent()
{
    m_visited.insert(key(m_method, m_url));
}

RedirectPolicy::Step RedirectPolicy::follow(int status, const QByteArray &locationField)
{
    Step step;
    const QByteArray location = locationField.trimmed();
    if (location.isEmpty()) {
        step.text = QStringLiteral("redirect without Location (HTTP %1)").arg(status);
        return step;
    }
    const QUrl target = m_url.resolved(QUrl(QString::fromUtf8(location)));
    if (!target.isValid() || !RequestBuilder::isHttpScheme(target) || target.host().isEmpty()) {
        step.text = QStringLiteral("redirect (%1) to an unsupported URL \"%2\"")
                        .arg(QString::number(status), QString::fromUtf8(location));
        return step;
    }
    if (++m_redirects > m_maxRedirects) {
        step.text = QStringLiteral("too many redirects (more than %1)").arg(m_maxRedirects);
        return step;
    }
    // fetch: 303 (except for HEAD), and 301/302 after a POST, become GET without a body;
    // 307 and 308 keep method and body.
    if ((status == 303 && m_method != "HEAD")
        || ((status == 301 || status == 302) && m_method == "POST")) {
        m_method = QByteArrayLiteral("GET");
        m_body.clear();
    }
    if (m_visited.contains(key(m_method, target))) {
        step.text = QStringLiteral("redirect loop (%1 to %2, already visited)")
                        .arg(QString::number(status), target.toDisplayString());
        return step;
    }
    if (origin(target) != origin(m_url))
        m_dropCredentials = true; // and it stays dropped, even back on the first origin
    m_url = target;
    step.follow = true;
    step.text = QStringLiteral("redirected (%1) to %2")
                    .arg(QString::number(status), target.toDisplayString());
    return step;
}
