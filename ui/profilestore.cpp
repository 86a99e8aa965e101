// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "profilestore.h"

#include "io/session.h"

#include <QSettings>

#include <algorithm>

namespace {

const QString kGroup = QStringLiteral("profiles");

// One settings group per profile; the name is percent-encoded so '/' and the like are safe.
QString keyFor(const QString &name)
{
    return kGroup + QLatin1Char('/') + QString::fromLatin1(name.toUtf8().toPercentEncoding());
}

} // namespace

QStringList ProfileStore::names()
{
    QSettings settings;
    settings.beginGroup(kGroup);
    QStringList names;
    for (const QString &key : settings.childGroups())
        names << QString::fromUtf8(QByteArray::fromPercentEncoding(key.toLatin1()));
    names.sort(Qt::CaseInsensitive);
    return names;
}

bool ProfileStore::contains(const QString &name)
{
    return names().contains(name);
}

void ProfileStore::save(const QString &name, const SseClientOptions &o, bool includeSecrets)
{
    QSettings settings;
    settings.remove(keyFor(name));
    settings.beginGroup(keyFor(name));
    QUrl url = o.url;
    if (!includeSecrets)
        url.setPassword(QString());
    settings.setValue(QStringLiteral("url"), url.toString(QUrl::FullyEncoded));
    settings.setValue(QStringLiteral("method"), QString::fromUtf8(o.method));
    QStringList headers;
    for (const auto &header : o.headers) {
        const bool secret = !includeSecrets && Session::isSecretHeader(header.first);
        headers << QString::fromUtf8(header.first) + QStringLiteral(": ")
                + (secret ? QString() : QString::fromUtf8(header.second));
    }
    settings.setValue(QStringLiteral("headers"), headers);
    settings.setValue(QStringLiteral("secretsOmitted"), !includeSecrets);
    settings.setValue(QStringLiteral("body"), QString::fromUtf8(o.body));
    settings.setValue(QStringLiteral("lastEventId"), QString::fromUtf8(o.lastEventId));
    settings.setValue(QStringLiteral("reconnect"), o.reconnect);
    settings.setValue(QStringLiteral("retryMs"), o.retryMs);
    settings.setValue(QStringLiteral("backoffCapMs"), o.backoffCapMs);
    settings.setValue(QStringLiteral("idleTimeoutMs"), o.idleTimeoutMs);
    settings.setValue(QStringLiteral("resilient"), o.resilient);
    settings.setValue(QStringLiteral("retryNonGet"), o.retryNonGet);
    settings.setValue(QStringLiteral("compression"), o.compression);
    settings.setValue(QStringLiteral("caFile"), o.caFile);
    settings.setValue(QStringLiteral("ignoreSslErrors"), o.ignoreSslErrors);
    settings.setValue(QStringLiteral("proxyMode"), int(o.proxyMode));
    settings.setValue(QStringLiteral("proxyUrl"), o.proxyUrl.toString());
    settings.endGroup();
}

bool ProfileStore::load(const QString &name, SseClientOptions *options, bool *secretsOmitted)
{
    if (!contains(name))
        return false;
    QSettings settings;
    settings.beginGroup(keyFor(name));
    SseClientOptions o;
    o.url = QUrl(settings.value(QStringLiteral("url")).toString());
    o.method = settings.value(QStringLiteral("method"), QStringLiteral("GET")).toString().toUtf8();
    for (const QString &line : settings.value(QStringLiteral("headers")).toStringList()) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon > 0)
            o.headers.append({line.left(colon).toUtf8(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    o.body = settings.value(QStringLiteral("body")).toString().toUtf8();
    o.lastEventId = settings.value(QStringLiteral("lastEventId")).toString().toUtf8();
    o.reconnect = settings.value(QStringLiteral("reconnect"), o.reconnect).toBool();
    o.retryMs = settings.value(QStringLiteral("retryMs"), o.retryMs).toLongLong();
    o.backoffCapMs = settings.value(QStringLiteral("backoffCapMs"), o.backoffCapMs).toLongLong();
    o.idleTimeoutMs = settings.value(QStringLiteral("idleTimeoutMs"), o.idleTimeoutMs).toLongLong();
    o.resilient = settings.value(QStringLiteral("resilient"), o.resilient).toBool();
    o.retryNonGet = settings.value(QStringLiteral("retryNonGet"), o.retryNonGet).toBool();
    o.compression = settings.value(QStringLiteral("compression"), o.compression).toBool();
    o.caFile = settings.value(QStringLiteral("caFile")).toString();
    o.ignoreSslErrors = settings.value(QStringLiteral("ignoreSslErrors")).toBool();
    o.proxyMode = SseClientOptions::ProxyMode(
        std::clamp(settings.value(QStringLiteral("proxyMode")).toInt(), 0, 2));
    o.proxyUrl = QUrl(settings.value(QStringLiteral("proxyUrl")).toString());
    if (secretsOmitted)
        *secretsOmitted = settings.value(QStringLiteral("secretsOmitted"), true).toBool();
    *options = o;
    return true;
}

void ProfileStore::remove(const QString &name)
{
    QSettings().remove(keyFor(name));
}
