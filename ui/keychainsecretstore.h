// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "secretstore.h"

#include <QObject>

// The system keychain (Secret Service, KWallet, macOS Keychain, Windows Credential Manager)
// through QtKeychain. Its jobs are asynchronous; each call here waits for its job in a local
// event loop that ignores user input, at most `timeoutMs`. A keychain that failed or timed out
// once is not asked again in this process: one slow D-Bus round trip is enough to learn there
// is no daemon, and the user is told once, not made to wait at every save. Without QtKeychain
// in the build every call fails with a message saying so.
class KeychainSecretStore : public QObject, public SecretStore
{
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutMs = 5000;

    // `service` names the application's entries in the keychain.
    explicit KeychainSecretStore(const QString &service, QObject *parent = nullptr);

    void setTimeout(int ms) { m_timeoutMs = ms; }
    bool isBroken() const { return !m_broken.isEmpty(); }

    QString description() const override;
    bool write(const QString &key, const QByteArray &secret, QString *errorMessage) override;
    bool read(const QString &key, QByteArray *secret, QString *errorMessage) override;
    bool remove(const QString &key, QString *errorMessage) override;

private:
    enum class Operation { Read, Write, Remove };
    bool run(Operation operation, const QString &key, QByteArray *data, QString *errorMessage);

    QString m_service;
    int m_timeoutMs = DefaultTimeoutMs;
    QString m_broken; // why the keychain is not used any more, once it failed
};
