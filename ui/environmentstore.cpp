// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "environmentstore.h"

#include "profilemenu.h"
#include "secretstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

#include <algorithm>

namespace {

const QString kGroup = QStringLiteral("environments");
const QString kActiveKey = QStringLiteral("environments/active");

QString keyFor(const QString &name)
{
    return kGroup + QLatin1Char('/') + QString::fromLatin1(name.toUtf8().toPercentEncoding());
}

} // namespace

EnvironmentStore::EnvironmentStore(SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_secrets(secrets)
{
    reload();
}

void EnvironmentStore::setSecretStore(SecretStore *secrets)
{
    m_secrets = secrets;
    reload();
}

QString EnvironmentStore::secretKey(const QString &environment)
{
    return QStringLiteral("environment/") + environment;
}

void EnvironmentStore::reload()
{
    m_environments.clear();
    QSettings settings;
    settings.beginGroup(kGroup);
    const QStringList groups = settings.childGroups();
    settings.endGroup();
    for (const QString &group : groups) {
        Environment e;
        e.name = QString::fromUtf8(QByteArray::fromPercentEncoding(group.toLatin1()));
        settings.beginGroup(kGroup + QLatin1Char('/') + group);
        const int count = settings.beginReadArray(QStringLiteral("variables"));
        for (int i = 0; i < count; ++i) {
            settings.setArrayIndex(i);
            Variable v;
            v.name = settings.value(QStringLiteral("name")).toString();
            v.value = settings.value(QStringLiteral("value")).toString();
            v.secret = settings.value(QStringLiteral("secret")).toBool();
            // An edited file may hold a name no reference can use: kept out, so the editor
            // never shows what cannot be resolved.
            if (TemplateVariables::isValidName(v.name)
                && std::none_of(e.variables.cbegin(), e.variables.cend(),
                                [&v](const Variable &other) { return other.name == v.name; }))
                e.variables.append(v);
        }
        settings.endArray();
        const QString where = settings.value(QStringLiteral("secrets")).toString();
        settings.endGroup();
        if (where == QStringLiteral("keychain")) {
            QByteArray packed;
            QString error;
            const QJsonObject values =
                m_secrets && m_secrets->read(secretKey(e.name), &packed, &error)
                ? QJsonDocument::fromJson(packed).object()
                : QJsonObject();
            if (!m_secrets)
                error = QStringLiteral("no keychain");
            for (Variable &v : e.variables) {
                if (v.secret)
                    v.value = values.value(v.name).toString();
            }
            if (!error.isEmpty()) {
                e.secretsNote =
                    QStringLiteral("Secret values could not be read from the keychain (%1)")
                        .arg(error);
            }
        } else if (where == QStringLiteral("omitted")) {
            e.secretsNote = QStringLiteral("Secret values were not saved (no keychain): enter "
                                           "them again");
        }
        m_environments.append(e);
    }
    std::sort(m_environments.begin(), m_environments.end(),
              [](const Environment &a, const Environment &b) {
                  return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
              });
    m_active = settings.value(kActiveKey).toString();
    if (!environment(m_active))
        m_active.clear();
    Q_EMIT changed();
}

QStringList EnvironmentStore::names() const
{
    QStringList names;
    for (const Environment &e : m_environments)
        names << e.name;
    return names;
}

const EnvironmentStore::Environment *EnvironmentStore::environment(const QString &name) const
{
    if (name.isEmpty())
        return nullptr;
    for (const Environment &e : m_environments) {
        if (e.name == name)
            return &e;
    }
    return nullptr;
}

TemplateVariables::Map EnvironmentStore::activeValues() const
{
    TemplateVariables::Map values;
    if (const Environment *e = environment(m_active)) {
        for (const Variable &v : e->variables)
            values.insert(v.name, v.value);
    }
    return values;
}

bool EnvironmentStore::save(const Environment &environment, const QString &previousName,
                            QString *error)
{
    QString why;
    const QString name = environment.name.trimmed();
    QStringList seen;
    if (name.isEmpty())
        why = QStringLiteral("the environment has no name");
    else if (!previousName.isEmpty() && previousName != name && this->environment(name))
        why = QStringLiteral("an environment named \"%1\" exists").arg(name);
    for (const Variable &v : environment.variables) {
        if (!why.isEmpty())
            break;
        QString bad;
        if (!TemplateVariables::isValidName(v.name, &bad))
            why = QStringLiteral("variable \"%1\": %2").arg(v.name, bad);
        else if (seen.contains(v.name))
            why = QStringLiteral("variable \"%1\" is defined twice").arg(v.name);
        seen << v.name;
    }
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return false;
    }
    Environment e = environment;
    e.name = name;
    const bool renamed = !previousName.isEmpty() && previousName != name;
    if (renamed) {
        const bool wasActive = m_active == previousName;
        remove(previousName); // also the keychain entry; written anew below
        if (wasActive)
            m_active = name;
    }
    write(e);
    const auto at = std::find_if(m_environments.begin(), m_environments.end(),
                                 [&name](const Environment &other) { return other.name == name; });
    if (at != m_environments.end())
        *at = e;
    else
        m_environments.append(e);
    std::sort(m_environments.begin(), m_environments.end(),
              [](const Environment &a, const Environment &b) {
                  return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
              });
    if (renamed)
        QSettings().setValue(kActiveKey, m_active);
    Q_EMIT changed();
    return true;
}

void EnvironmentStore::write(Environment &environment)
{
    QJsonObject secrets;
    for (const Variable &v : environment.variables) {
        if (v.secret && !v.value.isEmpty())
            secrets.insert(v.name, v.value);
    }
    QString where = QStringLiteral("none");
    environment.secretsNote.clear();
    QString error;
    if (!secrets.isEmpty()) {
        const QByteArray packed = QJsonDocument(secrets).toJson(QJsonDocument::Compact);
        if (m_secrets && m_secrets->write(secretKey(environment.name), packed, &error)) {
            where = QStringLiteral("keychain");
        } else if (QSettings().value(ProfileMenu::PlainTextOptInKey, false).toBool()) {
            where = QStringLiteral("file");
        } else {
            where = QStringLiteral("omitted");
            // Kept in memory: the values work until the program ends.
            environment.secretsNote =
                QStringLiteral("Secret values are kept until ssemon quits, not saved (%1)")
                    .arg(m_secrets ? error : QStringLiteral("no keychain"));
        }
    } else if (m_secrets) {
        m_secrets->remove(secretKey(environment.name), &error);
    }
    QSettings settings;
    settings.remove(keyFor(environment.name));
    settings.beginGroup(keyFor(environment.name));
    settings.beginWriteArray(QStringLiteral("variables"), int(environment.variables.size()));
    for (int i = 0; i < environment.variables.size(); ++i) {
        const Variable &v = environment.variables.at(i);
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), v.name);
        const bool inFile = !v.secret || where == QStringLiteral("file");
        settings.setValue(QStringLiteral("value"), inFile ? v.value : QString());
        settings.setValue(QStringLiteral("secret"), v.secret);
    }
    settings.endArray();
    settings.setValue(QStringLiteral("secrets"), where);
    settings.endGroup();
}

void EnvironmentStore::remove(const QString &name)
{
    QSettings settings;
    settings.remove(keyFor(name));
    QString ignored;
    if (m_secrets)
        m_secrets->remove(secretKey(name), &ignored);
    m_environments.removeIf([&name](const Environment &e) { return e.name == name; });
    if (m_active == name) {
        m_active.clear();
        settings.setValue(kActiveKey, QString());
    }
    Q_EMIT changed();
}

void EnvironmentStore::setActive(const QString &name)
{
    const QString active = environment(name) ? name : QString();
    if (active == m_active)
        return;
    m_active = active;
    QSettings().setValue(kActiveKey, m_active);
    Q_EMIT changed();
}
