// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/sseclientoptions.h"

#include <QStringList>

class SecretStore;

// Connection profiles, by name, in QSettings. Credentials (the values of secret headers such
// as Authorization, Cookie or X-Api-Key, and the URL's password) never go to the settings file
// by default: they go to the secret store (the system keychain) when there is one that works,
// and are otherwise left out, unless the user opted in to plain text. A profile read back
// without them has no such header at all rather than an empty one.
class ProfileStore
{
public:
    enum class Secrets {
        None, // the request has no credentials
        Keychain, // in the secret store
        SettingsFile, // in the settings file, in plain text (opted in)
        Omitted, // not kept anywhere
    };
    struct Result
    {
        Secrets secrets = Secrets::None;
        QString message; // for the status bar: where the credentials went, or why not
    };

    // `secrets` is not owned and may be null (no keychain).
    explicit ProfileStore(SecretStore *secrets = nullptr);
    void setSecretStore(SecretStore *secrets) { m_secrets = secrets; }
    SecretStore *secretStore() const { return m_secrets; }

    static QStringList names();
    static bool contains(const QString &name);
    static bool hasSecrets(const SseClientOptions &options);

    // Replaces a profile of the same name. `plainTextOptIn`: when the secret store cannot take
    // the credentials, write them into the settings file rather than leave them out.
    Result save(const QString &name, const SseClientOptions &options, bool plainTextOptIn);
    // False when there is no such profile.
    bool load(const QString &name, SseClientOptions *options, Result *result = nullptr);
    void remove(const QString &name);

    // The secret store's key for a profile's credentials.
    static QString secretKey(const QString &name);

private:
    SecretStore *m_secrets = nullptr;
};
