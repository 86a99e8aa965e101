// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "checkfile.h"

#include <QByteArray>
#include <QHash>
#include <QString>

// Reads a check file (resources/check/README.md and schema.json) and checks all of it before
// anything starts: every key (an unknown one is an error, so that a typo cannot pass
// silently), type, duration, regular expression, JSON Pointer, fault, stream reference and
// `{{name}}` reference. YAML through yaml-cpp; a file ending in .json is first read as strict
// JSON (QJsonDocument), then through the same path, so both give the same model. An error
// names the file, the line and column (1-based) and the reason, as a compiler does:
// `smoke.yaml:12:7: unknown key "withn" in step 2 (known: name, stream, ...)`.
class CheckReader
{
public:
    // `vars`: values given from outside (ssemon-cli check --var NAME=VALUE); they override the
    // file's own `vars`.
    static bool readFile(const QString &path, const QHash<QString, QString> &vars, CheckFile *file,
                         QString *error);
    // `source` names the text in messages and resolves relative scenario paths; `json`: the
    // text must be strict JSON.
    static bool read(const QByteArray &text, const QString &source, bool json,
                     const QHash<QString, QString> &vars, CheckFile *file, QString *error);

    static constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024;
    static constexpr qint64 kMaxWithinMs = 3600 * 1000;
};
