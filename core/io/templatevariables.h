// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

// `{{name}}` references in a request's text, as API clients write them, and their resolution
// from one set of values (an environment). Pure and linear in the input:
// - a reference is `{{`, optional spaces or tabs, a name, optional spaces or tabs, `}}`;
// - a name is a letter or `_`, then letters, digits, `_`, `-` or `.`, at most kMaxNameLength;
// - anything else that starts with `{{` (no closing `}}`, an odd character, a line break) is
//   text, left as written; of `{{{a}}}` the inner `{{a}}` is the reference;
// - `\{{` writes a literal `{{` (the backslash goes), for a body that must send braces;
// - values are inserted as they are: a value holding `{{x}}` is not resolved again.
class TemplateVariables
{
public:
    using Map = QHash<QString, QString>;

    static constexpr int kMaxNameLength = 64;
    // What one resolved text may grow to (a value inserted many times must not exhaust memory).
    static constexpr qsizetype kMaxResolvedBytes = 16 * 1024 * 1024;

    // True for a name a reference can use; otherwise `why` says what is wrong, in words.
    static bool isValidName(const QString &name, QString *why = nullptr);

    // The names referenced, each once, in the order of their first use.
    static QStringList references(const QByteArray &text);
    static QStringList references(const QString &text) { return references(text.toUtf8()); }
    static bool hasReferences(const QByteArray &text) { return !references(text).isEmpty(); }
    static bool hasReferences(const QString &text) { return !references(text).isEmpty(); }

    // True when `text` holds at least one reference and nothing else but spaces, optionally
    // after one word of letters and a space (an auth scheme: `Bearer {{token}}`). Such a value
    // carries no credential itself and may be written where credentials may not.
    static bool isOnlyReferences(const QByteArray &text);

    struct Result
    {
        QByteArray text;
        QStringList missing; // names referenced without a value, each once
        bool tooLarge = false; // the result would pass kMaxResolvedBytes; `text` is empty
        bool ok() const { return missing.isEmpty() && !tooLarge; }
    };
    // Every reference replaced by its value (UTF-8). A missing name is left as written in
    // `text` and listed in `missing`.
    static Result resolve(const QByteArray &text, const Map &values);
};
