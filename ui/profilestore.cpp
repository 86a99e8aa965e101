// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "profilestore.h"

#include "lens/lensregistry.h"

#include "client/requestbuilder.h"
#include "io/session.h"
#include "io/templatevariables.h"
#include "secretstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

#include <algorithm>
#include <limits>

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

// A header whose value is a credential: a secret name with a value of its own, not only
// references to an environment's variables.
bool isSecretValue(const QPair<QByteArray, QByteArray> &header)
{
    return Session::isSecretHeader(header.first) && !header.second.isEmpty()
        && !TemplateVariables::isOnlyReferences(header.second);
}

// The URL of a request without references, read from its text as the request bar reads it.
QUrl urlOf(const RequestTemplate &r)
{
    QUrl url;
    QString ignored;
    if (!RequestBuilder::parseUrl(r.url, &url, &ignored))
        url = QUrl(r.url.trimmed());
    return url;
}

// The URL's password when it is a credential (not when it is a reference).
QString secretPassword(const RequestTemplate &r)
{
    if (!TemplateVariables::hasReferences(r.url))
        return urlOf(r).password();
    const QString password = RequestTemplate::urlPassword(r.url);
    return TemplateVariables::isOnlyReferences(password.toUtf8()) ? QString() : password;
}

void setPassword(RequestTemplate *r, const QString &password)
{
    if (TemplateVariables::hasReferences(r->url)) {
        r->url = RequestTemplate::withUrlPassword(r->url, password);
    } else {
        r->options.url = urlOf(*r);
        r->options.url.setPassword(password);
        r->url = r->options.url.toString();
    }
}

// The credentials of a request, as the secret store keeps them: the secret headers in order,
// and the URL's password.
QByteArray packSecrets(const RequestTemplate &r)
{
    QJsonArray headers;
    for (const auto &header : r.options.headers) {
        if (isSecretValue(header)) {
            headers.append(
                QJsonArray {QString::fromUtf8(header.first), QString::fromUtf8(header.second)});
        }
    }
    QJsonObject object {{QStringLiteral("headers"), headers}};
    const QString password = secretPassword(r);
    if (!password.isEmpty())
        object.insert(QStringLiteral("password"), password);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

bool unpackSecrets(const QByteArray &packed, RequestTemplate *r)
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
    for (auto &header : r->options.headers) {
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
        setPassword(r, password);
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
    return hasSecrets(RequestTemplate::fromOptions(options));
}

bool ProfileStore::hasSecrets(const RequestTemplate &request)
{
    const auto &headers = request.options.headers;
    return !secretPassword(request).isEmpty()
        || std::any_of(headers.cbegin(), headers.cend(), isSecretValue);
}

RequestTemplate ProfileStore::withoutSecrets(const RequestTemplate &request, QStringList *leftOut)
{
    RequestTemplate r = request;
    QStringList names;
    if (!secretPassword(r).isEmpty()) {
        names << QStringLiteral("the URL's password");
        setPassword(&r, QString());
    }
    r.options.headers.removeIf([&names](const QPair<QByteArray, QByteArray> &header) {
        if (!isSecretValue(header))
            return false;
        names << QString::fromUtf8(header.first);
        return true;
    });
    if (leftOut)
        *leftOut = names;
    return r;
}

QString ProfileStore::secretKey(const QString &name)
{
    return QStringLiteral("profile/") + name;
}

ProfileStore::Result ProfileStore::save(const QString &name, const SseClientOptions &options,
                                        bool plainTextOptIn)
{
    return save(name, RequestTemplate::fromOptions(options), plainTextOptIn);
}

ProfileStore::Result ProfileStore::save(const QString &name, const RequestTemplate &request,
                                        bool plainTextOptIn)
{
    Result result;
    if (hasSecrets(request)) {
        QString error;
        if (m_secrets && m_secrets->write(secretKey(name), packSecrets(request), &error)) {
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
    writeRequest(settings, request, inFile);
    settings.setValue(kSecretsKey, secretsName(result.secrets));
    settings.endGroup();
    return result;
}

void ProfileStore::writeRequest(QSettings &settings, const RequestTemplate &request,
                                bool withSecrets)
{
    const SseClientOptions &o = request.options;
    if (TemplateVariables::hasReferences(request.url)) {
        // Kept as typed: a QUrl could not hold {{base}}/events.
        const bool strip = !withSecrets && !secretPassword(request).isEmpty();
        settings.setValue(QStringLiteral("url"),
                          strip ? RequestTemplate::withUrlPassword(request.url, QString())
                                : request.url);
    } else {
        QUrl url = urlOf(request);
        if (!withSecrets)
            url.setPassword(QString());
        settings.setValue(QStringLiteral("url"), url.toString(QUrl::FullyEncoded));
    }
    settings.setValue(QStringLiteral("method"), QString::fromUtf8(o.method));
    QStringList headers;
    for (const auto &header : o.headers) {
        const bool secret = !withSecrets && isSecretValue(header);
        headers << QString::fromUtf8(header.first) + QStringLiteral(": ")
                + (secret ? QString() : QString::fromUtf8(header.second));
    }
    settings.setValue(QStringLiteral("headers"), headers);
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
    settings.setValue(QStringLiteral("lens"), QString::fromLatin1(o.lens));
}

RequestTemplate ProfileStore::readRequest(const QSettings &settings)
{
    RequestTemplate r;
    SseClientOptions &o = r.options;
    const QString url = settings.value(QStringLiteral("url")).toString();
    o.url = QUrl(url);
    r.url = TemplateVariables::hasReferences(url) ? url : o.url.toString();
    o.method = settings.value(QStringLiteral("method"), QStringLiteral("GET")).toString().toUtf8();
    if (o.method.isEmpty())
        o.method = QByteArrayLiteral("GET");
    for (const QString &line : settings.value(QStringLiteral("headers")).toStringList()) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon > 0)
            o.headers.append({line.left(colon).toUtf8(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    o.body = settings.value(QStringLiteral("body")).toString().toUtf8();
    o.lastEventId = settings.value(QStringLiteral("lastEventId")).toString().toUtf8();
    o.reconnect = settings.value(QStringLiteral("reconnect"), o.reconnect).toBool();
    // A number that does not read as one (an edited file) keeps the default, as does a
    // negative time.
    const auto number = [&settings](const QString &key, qint64 fallback) {
        bool ok = false;
        const qint64 value = settings.value(key, fallback).toLongLong(&ok);
        return ok && value >= 0 ? value : fallback;
    };
    o.retryMs = number(QStringLiteral("retryMs"), o.retryMs);
    o.backoffCapMs = number(QStringLiteral("backoffCapMs"), o.backoffCapMs);
    o.idleTimeoutMs = number(QStringLiteral("idleTimeoutMs"), o.idleTimeoutMs);
    o.headTimeoutMs = number(QStringLiteral("headTimeoutMs"), o.headTimeoutMs);
    o.maxReconnects = int(std::clamp<qint64>(
        settings.value(QStringLiteral("maxReconnects"), o.maxReconnects).toLongLong(), -1,
        std::numeric_limits<int>::max()));
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
    // A lens this version does not know keeps the default (auto).
    const QByteArray lens = settings.value(QStringLiteral("lens")).toString().toLatin1();
    if (LensRegistry::isChoice(lens))
        o.lens = lens;
    o.proxyUrl = QUrl(settings.value(QStringLiteral("proxyUrl")).toString());
    return r;
}

RequestTemplate ProfileStore::peek(const QString &name)
{
    if (!contains(name))
        return {};
    QSettings settings;
    settings.beginGroup(keyFor(name));
    return readRequest(settings);
}

bool ProfileStore::load(const QString &name, SseClientOptions *options, Result *result)
{
    RequestTemplate request;
    if (!load(name, &request, result))
        return false;
    *options = request.options;
    return true;
}

bool ProfileStore::load(const QString &name, RequestTemplate *request, Result *result)
{
    if (!contains(name))
        return false;
    QSettings settings;
    settings.beginGroup(keyFor(name));
    RequestTemplate r = readRequest(settings);
    // Profiles written before the keychain said only whether credentials were left out.
    QString where = settings.value(kSecretsKey).toString();
    if (where.isEmpty()) {
        where = settings.value(QStringLiteral("secretsOmitted"), true).toBool()
            ? secretsName(Secrets::Omitted)
            : secretsName(Secrets::SettingsFile);
    }
    settings.endGroup();

    Result res;
    if (where == secretsName(Secrets::Keychain)) {
        QByteArray packed;
        QString error;
        if (m_secrets && m_secrets->read(secretKey(name), &packed, &error)
            && unpackSecrets(packed, &r)) {
            res.secrets = Secrets::Keychain;
        } else {
            res.secrets = Secrets::Omitted;
            res.message = QStringLiteral("its credentials could not be read from the keychain (%1)")
                              .arg(m_secrets ? error : QStringLiteral("no keychain"));
        }
    } else if (where == secretsName(Secrets::SettingsFile)) {
        res.secrets = Secrets::SettingsFile;
    } else if (where == secretsName(Secrets::Omitted)) {
        res.secrets = Secrets::Omitted;
        res.message = QStringLiteral("its credentials were not saved");
    }
    // A credential header without its value is dropped rather than sent empty.
    r.options.headers.removeIf([](const QPair<QByteArray, QByteArray> &header) {
        return header.second.isEmpty() && Session::isSecretHeader(header.first);
    });
    if (result)
        *result = res;
    *request = r;
    return true;
}

bool ProfileStore::copy(const QString &from, const QString &to, QString *error)
{
    QString why;
    RequestTemplate request;
    Result where;
    if (to.trimmed().isEmpty())
        why = QStringLiteral("the new name is empty");
    else if (contains(to))
        why = QStringLiteral("a profile named \"%1\" exists").arg(to);
    else if (!load(from, &request, &where))
        why = QStringLiteral("there is no profile named \"%1\"").arg(from);
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return false;
    }
    // Its credentials go where the original's are (or stay left out).
    save(to, request, where.secrets == Secrets::SettingsFile);
    return true;
}

bool ProfileStore::rename(const QString &from, const QString &to, QString *error)
{
    if (from == to)
        return contains(from);
    if (!copy(from, to, error))
        return false;
    remove(from);
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
