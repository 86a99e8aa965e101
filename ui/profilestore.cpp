// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "profilestore.h"

#include "io/session.h"
#include "secretstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

#include <algorithm>

namespace {

const QString kGroup = QStringLiteral("profiles");
const QString kSecretsKey = QStringLiteral("secrets");

// One settings group per profile; the name is percent-encoded so '/' and the like are safe.
QString keyFor(const QString &name)
{
    return kGroup + QLatin1Char('/') + QString::fromLatin1(name.toUtf8().toPercentEncoding());
}

QString secretsName(ProfileStore::Secrets secrets)
{
    switch (secrets) {
    case ProfileStore::Secrets::None:
        return QStringLiteral("none");
    case ProfileStore::Secrets::Keychain:
        return QStringLiteral("keychain");
    case ProfileStore::Secrets::SettingsFile:
        return QStringLiteral("file");
    case ProfileStore::Secrets::Omitted:
        return QStringLiteral("omitted");
    }
    return {};
}

// The credentials of a request, as the secret store keeps them: the secret headers in order,
// and the URL's password.
QByteArray packSecrets(const SseClientOptions &o)
{
    QJsonArray headers;
    for (const auto &header : o.headers) {
        if (Session::isSecretHeader(header.first)) {
            headers.append(
                QJsonArray {QString::fromUtf8(header.first), QString::fromUtf8(header.second)});
        }
    }
    QJsonObject object {{QStringLiteral("headers"), headers}};
    if (!o.url.password().isEmpty())
        object.insert(QStringLiteral("password"), o.url.password());
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

bool unpackSecrets(const QByteArray &packed, SseClientOptions *o)
{
    const QJsonDocument document = QJsonDocument::fromJson(packed);
    if (!document.isObject())
        return false;
    const QJsonObject object = document.object();
    QList<QPair<QByteArray, QByteArray>> secrets;
    for (const QJsonValue &entry : object.value(QStringLiteral("headers")).toArray()) {
        const QJsonArray pair = entry.toArray();
        if (pair.size() == 2)
            secrets.append({pair.at(0).toString().toUtf8(), pair.at(1).toString().toUtf8()});
    }
    // Each header left empty in the settings file takes the next stored value of its name.
    for (auto &header : o->headers) {
        if (!header.second.isEmpty() || !Session::isSecretHeader(header.first))
            continue;
        const auto match = std::find_if(secrets.begin(), secrets.end(), [&](const auto &secret) {
            return secret.first.compare(header.first, Qt::CaseInsensitive) == 0;
        });
        if (match != secrets.end()) {
            header.second = match->second;
            secrets.erase(match);
        }
    }
    const QString password = object.value(QStringLiteral("password")).toString();
    if (!password.isEmpty())
        o->url.setPassword(password);
    return true;
}

} // namespace

ProfileStore::ProfileStore(SecretStore *secrets)
    : m_secrets(secrets)
{ }

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

bool ProfileStore::hasSecrets(const SseClientOptions &options)
{
    if (!options.url.password().isEmpty())
        return true;
    return std::any_of(options.headers.cbegin(), options.headers.cend(), [](const auto &header) {
        return Session::isSecretHeader(header.first) && !header.second.isEmpty();
    });
}

QString ProfileStore::secretKey(const QString &name)
{
    return QStringLiteral("profile/") + name;
}

ProfileStore::Result ProfileStore::save(const QString &name, const SseClientOptions &o,
                                        bool plainTextOptIn)
{
    Result result;
    if (hasSecrets(o)) {
        QString error;
        if (m_secrets && m_secrets->write(secretKey(name), packSecrets(o), &error)) {
            result.secrets = Secrets::Keychain;
            result.message =
                QStringLiteral("its credentials are in %1").arg(m_secrets->description());
        } else {
            const QString why = m_secrets ? error : QStringLiteral("no keychain");
            result.secrets = plainTextOptIn ? Secrets::SettingsFile : Secrets::Omitted;
            result.message = plainTextOptIn
                ? QStringLiteral("%1: its credentials are in the settings file, in plain text")
                      .arg(why)
                : QStringLiteral("%1: its credentials were not saved (see Profiles › Save: "
                                 "\"store secrets in the settings file\")")
                      .arg(why);
        }
    } else if (m_secrets) {
        // A profile saved again without credentials must not leave the old ones behind.
        QString ignored;
        m_secrets->remove(secretKey(name), &ignored);
    }

    const bool inFile = result.secrets == Secrets::SettingsFile || result.secrets == Secrets::None;
    QSettings settings;
    settings.remove(keyFor(name));
    settings.beginGroup(keyFor(name));
    QUrl url = o.url;
    if (!inFile)
        url.setPassword(QString());
    settings.setValue(QStringLiteral("url"), url.toString(QUrl::FullyEncoded));
    settings.setValue(QStringLiteral("method"), QString::fromUtf8(o.method));
    QStringList headers;
    for (const auto &header : o.headers) {
        const bool secret = !inFile && Session::isSecretHeader(header.first);
        headers << QString::fromUtf8(header.first) + QStringLiteral(": ")
                + (secret ? QString() : QString::fromUtf8(header.second));
    }
    settings.setValue(QStringLiteral("headers"), headers);
    settings.setValue(kSecretsKey, secretsName(result.secrets));
    settings.setValue(QStringLiteral("body"), QString::fromUtf8(o.body));
    settings.setValue(QStringLiteral("lastEventId"), QString::fromUtf8(o.lastEventId));
    settings.setValue(QStringLiteral("reconnect"), o.reconnect);
    settings.setValue(QStringLiteral("retryMs"), o.retryMs);
    settings.setValue(QStringLiteral("backoffCapMs"), o.backoffCapMs);
    settings.setValue(QStringLiteral("idleTimeoutMs"), o.idleTimeoutMs);
    settings.setValue(QStringLiteral("headTimeoutMs"), o.headTimeoutMs);
    settings.setValue(QStringLiteral("maxReconnects"), o.maxReconnects);
    settings.setValue(QStringLiteral("resilient"), o.resilient);
    settings.setValue(QStringLiteral("retryNonGet"), o.retryNonGet);
    settings.setValue(QStringLiteral("compression"), o.compression);
    settings.setValue(QStringLiteral("caFile"), o.caFile);
    settings.setValue(QStringLiteral("ignoreSslErrors"), o.ignoreSslErrors);
    settings.setValue(QStringLiteral("proxyMode"), int(o.proxyMode));
    settings.setValue(QStringLiteral("proxyUrl"), o.proxyUrl.toString());
    settings.setValue(QStringLiteral("transport"), SseClientOptions::transportName(o.transport));
    settings.setValue(QStringLiteral("http2PriorKnowledge"), o.http2PriorKnowledge);
    settings.setValue(QStringLiteral("cookies"), o.cookies);
    settings.endGroup();
    return result;
}

bool ProfileStore::load(const QString &name, SseClientOptions *options, Result *result)
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
    o.headTimeoutMs = settings.value(QStringLiteral("headTimeoutMs"), o.headTimeoutMs).toLongLong();
    o.maxReconnects =
        std::max(-1, settings.value(QStringLiteral("maxReconnects"), o.maxReconnects).toInt());
    o.resilient = settings.value(QStringLiteral("resilient"), o.resilient).toBool();
    o.retryNonGet = settings.value(QStringLiteral("retryNonGet"), o.retryNonGet).toBool();
    o.compression = settings.value(QStringLiteral("compression"), o.compression).toBool();
    o.caFile = settings.value(QStringLiteral("caFile")).toString();
    o.ignoreSslErrors = settings.value(QStringLiteral("ignoreSslErrors")).toBool();
    o.proxyMode = SseClientOptions::ProxyMode(
        std::clamp(settings.value(QStringLiteral("proxyMode")).toInt(), 0, 2));
    // An unknown name (a profile from a later version, an edited file) keeps the default.
    SseClientOptions::parseTransport(settings.value(QStringLiteral("transport")).toString(),
                                     &o.transport);
    o.http2PriorKnowledge = settings.value(QStringLiteral("http2PriorKnowledge")).toBool();
    o.cookies = settings.value(QStringLiteral("cookies")).toBool();
    o.proxyUrl = QUrl(settings.value(QStringLiteral("proxyUrl")).toString());
    // Profiles written before the keychain said only whether credentials were left out.
    QString where = settings.value(kSecretsKey).toString();
    if (where.isEmpty()) {
        where = settings.value(QStringLiteral("secretsOmitted"), true).toBool()
            ? secretsName(Secrets::Omitted)
            : secretsName(Secrets::SettingsFile);
    }
    settings.endGroup();

    Result r;
    if (where == secretsName(Secrets::Keychain)) {
        QByteArray packed;
        QString error;
        if (m_secrets && m_secrets->read(secretKey(name), &packed, &error)
            && unpackSecrets(packed, &o)) {
            r.secrets = Secrets::Keychain;
        } else {
            r.secrets = Secrets::Omitted;
            r.message = QStringLiteral("its credentials could not be read from the keychain (%1)")
                            .arg(m_secrets ? error : QStringLiteral("no keychain"));
        }
    } else if (where == secretsName(Secrets::SettingsFile)) {
        r.secrets = Secrets::SettingsFile;
    } else if (where == secretsName(Secrets::Omitted)) {
        r.secrets = Secrets::Omitted;
        r.message = QStringLiteral("its credentials were not saved");
    }
    // A credential header without its value is dropped rather than sent empty.
    o.headers.removeIf([](const QPair<QByteArray, QByteArray> &header) {
        return header.second.isEmpty() && Session::isSecretHeader(header.first);
    });
    if (result)
        *result = r;
    *options = o;
    return true;
}

void ProfileStore::remove(const QString &name)
{
    QSettings settings;
    const bool inKeychain = settings.value(keyFor(name) + QLatin1Char('/') + kSecretsKey).toString()
        == secretsName(Secrets::Keychain);
    settings.remove(keyFor(name));
    QString ignored;
    if (inKeychain && m_secrets)
        m_secrets->remove(secretKey(name), &ignored);
}
