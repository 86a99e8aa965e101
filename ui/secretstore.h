// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

// Where profile credentials (tokens, passwords, secret header values) are kept instead of the
// settings file: the system keychain in the application, an in-memory fake in tests. Calls
// return within a bounded time; false with a message the UI can show when the store cannot
// help (no keychain daemon, access denied, timed out).
class SecretStore
{
public:
    virtual ~SecretStore() = default;

    // Where the secrets go, for messages ("the system keychain").
    virtual QString description() const = 0;
    virtual bool write(const QString &key, const QByteArray &secret, QString *errorMessage) = 0;
    // False when there is no such entry (the message says so) or the store failed.
    virtual bool read(const QString &key, QByteArray *secret, QString *errorMessage) = 0;
    // Removing an entry that does not exist succeeds.
    virtual bool remove(const QString &key, QString *errorMessage) = 0;
};
