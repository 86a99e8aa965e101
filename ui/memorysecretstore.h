// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "secretstore.h"

#include <QHash>

// A secret store that keeps everything in memory, for tests (and a model of what a keychain
// does): `available` false makes every call fail as a missing keychain daemon would.
class MemorySecretStore : public SecretStore
{
public:
    bool available = true;
    QHash<QString, QByteArray> entries;

    QString description() const override { return QStringLiteral("the in-memory store"); }
    bool write(const QString &key, const QByteArray &secret, QString *errorMessage) override
    {
        if (!check(errorMessage))
            return false;
        entries.insert(key, secret);
        return true;
    }
    bool read(const QString &key, QByteArray *secret, QString *errorMessage) override
    {
        if (!check(errorMessage))
            return false;
        if (!entries.contains(key)) {
            if (errorMessage)
                *errorMessage = QStringLiteral("no entry \"%1\"").arg(key);
            return false;
        }
        *secret = entries.value(key);
        return true;
    }
    bool remove(const QString &key, QString *errorMessage) override
    {
        if (!check(errorMessage))
            return false;
        entries.remove(key);
        return true;
    }

private:
    bool check(QString *errorMessage) const
    {
        if (!available && errorMessage)
            *errorMessage = QStringLiteral("the store is not available");
        return available;
    }
};
