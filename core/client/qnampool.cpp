// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "qnampool.h"

#include "clienttransport.h"

#include <QCryptographicHash>
#include <QNetworkAccessManager>
#include <QPointer>

bool QnamPool::shareable(const HttpStreamRequest &request)
{
    return !request.cookies
        && (request.http2PriorKnowledge
            || request.url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0);
}

QnamPool::Manager QnamPool::create(QObject *parent)
{
    auto *manager = new QNetworkAccessManager(parent);
    manager->setAutoDeleteReplies(false);
    // Deleted later: the last holder may let go inside one of the manager's own signals. The
    // parent may have taken it already.
    return Manager(manager,
                   [guard = QPointer<QNetworkAccessManager>(manager)](QNetworkAccessManager *) {
                       if (guard)
                           guard->deleteLater();
                   });
}

QByteArray QnamPool::keyOf(const HttpStreamRequest &request)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const auto add = [&hash](QByteArrayView part) {
        hash.addData(QByteArray::number(part.size()));
        hash.addData(":");
        hash.addData(part);
    };
    const QUrl &url = request.url;
    add(url.scheme().toLower().toUtf8());
    add(url.host().toLower().toUtf8());
    add(QByteArray::number(url.port(-1)));
    add(request.http2PriorKnowledge ? "h2-prior" : "alpn");
    const QNetworkProxy &proxy = request.proxy;
    add(QByteArray::number(int(proxy.type())));
    add(proxy.hostName().toUtf8());
    add(QByteArray::number(proxy.port()));
    add(proxy.user().toUtf8());
    add(proxy.password().toUtf8());
#if QT_CONFIG(ssl)
    add(request.ignoreSslErrors ? "ignore-tls-errors" : "verify");
    for (const QSslCertificate &certificate : request.caCertificates)
        add(certificate.digest(QCryptographicHash::Sha256));
#endif
    return hash.result();
}

QnamPool::Manager QnamPool::acquire(const HttpStreamRequest &request)
{
    Entry &entry = m_current[keyOf(request)];
    Manager manager = entry.manager.lock();
    // Until HTTP/2 is seen, no more streams than Qt opens HTTP/1.1 connections per host.
    if (manager && (entry.h2 || entry.manager.use_count() <= kMaxUnconfirmed))
        return manager;
    manager = create(this);
    ++m_created;
    entry = Entry();
    entry.manager = manager;
    return manager;
}

void QnamPool::noteProtocol(const Manager &manager, const QByteArray &protocol)
{
    for (auto it = m_current.begin(); it != m_current.end(); ++it) {
        if (it->second.manager.lock() != manager)
            continue;
        if (protocol == "h2")
            it->second.h2 = true;
        else
            m_current.erase(it); // HTTP/1.1: one stream per connection, none shared
        return;
    }
}

void QnamPool::retire(const Manager &manager)
{
    for (auto it = m_current.begin(); it != m_current.end();) {
        const Manager current = it->second.manager.lock();
        // Expired entries go too: the pool holds no more than the managers in use.
        if (!current || current == manager)
            it = m_current.erase(it);
        else
            ++it;
    }
}
