// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/sseclientoptions.h"
#include "io/requesttemplate.h"

#include <QStringList>

class QSettings;
class SecretStore;

// Connection profiles, by name, in QSettings. Credentials (the values of secret headers such
// as Authorization, Cookie or X-Api-Key, and the URL's password) never go to the settings file
// by default: they go to the secret store (the system keychain) when there is one that works,
// and are otherwise left out, unless the user opted in to plain text. A profile read back
// without them has no such header at all rather than an empty one. A value made only of
// `{{variable}}` references (`Bearer {{token}}`) holds no credential and is kept as written:
// the environment holds the secret. Profiles keep the request as a template (RequestTemplate).
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
    static bool hasSecrets(const RequestTemplate &request);
    // The request without its credentials (secret header values and the URL's password; not
    // values made of references only); `leftOut` names what was taken out, for a tooltip.
    static RequestTemplate withoutSecrets(const RequestTemplate &request,
                                          QStringList *leftOut = nullptr);

    // A profile's request without its credentials and without asking the keychain (for a
    // tooltip); an empty request when there is no such profile.
    static RequestTemplate peek(const QString &name);

    // Replaces a profile of the same name. `plainTextOptIn`: when the secret store cannot take
    // the credentials, write them into the settings file rather than leave them out.
    Result save(const QString &name, const SseClientOptions &options, bool plainTextOptIn);
    Result save(const QString &name, const RequestTemplate &request, bool plainTextOptIn);
    // False when there is no such profile.
    bool load(const QString &name, SseClientOptions *options, Result *result = nullptr);
    bool load(const QString &name, RequestTemplate *request, Result *result = nullptr);
    void remove(const QString &name);
    // A profile copied or moved under another name, its credentials with it. False with the
    // reason when `from` does not exist or `to` is taken or empty.
    bool copy(const QString &from, const QString &to, QString *error = nullptr);
    bool rename(const QString &from, const QString &to, QString *error = nullptr);

    // The secret store's key for a profile's credentials.
    static QString secretKey(const QString &name);

    // A request's fields in the current group of `settings` (what profiles and the history
    // write); secret values are written empty unless `withSecrets`. readRequest() reads them
    // back; a value of the wrong type keeps its default.
    static void writeRequest(QSettings &settings, const RequestTemplate &request, bool withSecrets);
    static RequestTemplate readRequest(const QSettings &settings);

private:
    SecretStore *m_secrets = nullptr;
};
