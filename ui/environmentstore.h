// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "io/templatevariables.h"

#include <QList>
#include <QObject>
#include <QString>

class SecretStore;

// Environments: named sets of variables that `{{name}}` in a request resolves from, one of
// them active. Kept in QSettings (group "environments"); a value marked secret goes to the
// secret store (the system keychain) like a profile's credentials, else into the settings
// file only when the user opted in to plain text (ProfileMenu::PlainTextOptInKey); otherwise it
// is kept for this run alone, and the environment says so.
class EnvironmentStore : public QObject
{
    Q_OBJECT
public:
    struct Variable
    {
        QString name;
        QString value;
        bool secret = false;
        bool operator==(const Variable &other) const
        {
            return name == other.name && value == other.value && secret == other.secret;
        }
    };
    struct Environment
    {
        QString name;
        QList<Variable> variables;
        // Set when reading or saving: why secret values were not read back or not kept.
        QString secretsNote;
    };

    // `secrets` is not owned and may be null (no keychain). Reads the settings.
    explicit EnvironmentStore(SecretStore *secrets = nullptr, QObject *parent = nullptr);
    void setSecretStore(SecretStore *secrets);

    QStringList names() const; // sorted, case-insensitively
    const Environment *environment(const QString &name) const; // null when there is none
    QString active() const { return m_active; } // empty: none
    TemplateVariables::Map activeValues() const;

    // Checks every name (TemplateVariables::isValidName, no duplicate) and writes it, replacing
    // one of the same name, or `previousName`'s (a rename). False with the reason, nothing
    // written.
    bool save(const Environment &environment, const QString &previousName = QString(),
              QString *error = nullptr);
    void remove(const QString &name);
    void setActive(const QString &name); // empty or unknown: none

    // Read the settings again (what another window or an edit of the file changed).
    void reload();

    static QString secretKey(const QString &environment);

Q_SIGNALS:
    // An environment was added, changed, renamed or removed, or another became active.
    void changed();

private:
    void write(Environment &environment); // sets its secretsNote

    SecretStore *m_secrets = nullptr;
    QList<Environment> m_environments;
    QString m_active;
};
