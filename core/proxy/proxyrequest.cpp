// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "proxyrequest.h"

#include "proxyheaders.h"
#include "proxyrecords.h"

#include <QUrl>

ProxyRequest::ProxyRequest(qsizetype maxHeadBytes, qint64 maxBodyBytes)
    : m_maxBodyBytes(maxBodyBytes)
    , m_head(maxHeadBytes)
{ }

bool ProxyRequest::feed(QByteArrayView bytes)
{
    bool headDone = false;
    if (m_state == State::ReadingHead) {
        bytes = bytes.sliced(m_head.feed(bytes));
        if (m_head.hasError()) {
            refuse(m_head.errorStatus(), QString::fromUtf8(m_head.errorMessage()));
            return false;
        }
        if (!m_head.isComplete())
            return false;
        headDone = true;
        checkHead();
        if (m_state == State::Refused)
            return true;
        m_bodyRemaining = qMax<qint64>(0, m_head.contentLength());
        m_body.reserve(m_bodyRemaining);
        m_state = State::ReadingBody;
    }
    if (m_state != State::ReadingBody)
        return headDone;
    const qsizetype take = qsizetype(qMin<qint64>(m_bodyRemaining, bytes.size()));
    m_body.append(bytes.first(take));
    m_bodyRemaining -= take;
    if (m_bodyRemaining == 0)
        m_state = State::Complete;
    return headDone;
}

void ProxyRequest::checkHead()
{
    if (m_head.method() == "CONNECT") {
        refuse(405,
               QStringLiteral("the tap proxy forwards requests to its upstream; it does not "
                              "tunnel CONNECT"));
    } else if (m_head.hasTransferEncoding()) {
        refuse(411,
               QStringLiteral("chunked request bodies are not forwarded; send Content-Length"));
    } else if (m_head.contentLength() > m_maxBodyBytes) {
        refuse(413, QStringLiteral("request body larger than %1 bytes").arg(m_maxBodyBytes));
    }
}

void ProxyRequest::refuse(int status, const QString &message)
{
    m_state = State::Refused;
    m_refusalStatus = status;
    m_refusalMessage = message;
}

bool ProxyRequest::expectsContinue() const
{
    return m_head.isComplete() && !isRefused() && m_head.contentLength() > 0
        && m_head.header("Expect").compare("100-continue", Qt::CaseInsensitive) == 0;
}

void ProxyRequest::describe(ProxyRequestInfo &info) const
{
    info.method = m_head.method();
    info.path = m_head.target();
    info.hasLastEventId = m_head.hasHeader("Last-Event-ID");
    info.lastEventId = m_head.header("Last-Event-ID");
}

QByteArray ProxyRequest::upstreamTarget(const QUrl &upstream) const
{
    QByteArray target = m_head.target();
    if (!target.startsWith('/') && target != "*") {
        // Absolute form (as sent to a forward proxy): keep path and query only.
        const qsizetype scheme = target.indexOf("://");
        const qsizetype slash = target.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        target = slash < 0 ? QByteArrayLiteral("/") : target.mid(slash);
    }
    if (target == "/") {
        QByteArray path = upstream.path(QUrl::FullyEncoded).toLatin1();
        if (path.isEmpty())
            path = "/";
        if (upstream.hasQuery())
            path += '?' + upstream.query(QUrl::FullyEncoded).toLatin1();
        return path;
    }
    return target;
}

QByteArray ProxyRequest::upstreamRequest(const QUrl &upstream, const QByteArray &target) const
{
    QByteArray out;
    out.reserve(512 + m_body.size());
    out += m_head.method() + ' ' + target + " HTTP/1.1\r\nHost: "
        + upstream.adjusted(QUrl::RemoveUserInfo).authority(QUrl::FullyEncoded).toLatin1() + "\r\n";
    const auto &headers = m_head.headers();
    for (const auto &header : headers) {
        const QByteArray &name = header.first;
        if (ProxyHeaders::isHopByHop(name) || name.compare("Host", Qt::CaseInsensitive) == 0
            || name.compare("Expect", Qt::CaseInsensitive) == 0
            || ProxyHeaders::namedByConnection(
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
