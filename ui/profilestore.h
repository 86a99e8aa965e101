// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/sseclientoptions.h"

#include <QStringList>

// Connection profiles, by name, in QSettings. Credentials (secret headers, the URL's
// password) are left out unless the user opts in for that profile: a profile read back without
// them has the header with an empty value, to be filled in.
class ProfileStore
{
public:
    static QStringList names();
    static bool contains(const QString &name);
    // Replaces a profile of the same name.
    static void save(const QString &name, const SseClientOptions &options, bool includeSecrets);
    // False when there is no such profile. `secretsOmitted` says whether credentials were left
    // out when it was saved.
    static bool load(const QString &name, SseClientOptions *options,
                     bool *secretsOmitted = nullptr);
    static void remove(const QString &name);
};
