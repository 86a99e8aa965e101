// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// An RFC 6901 JSON Pointer ("/n", "/choices/0/delta/content", "/a~1b" for the member "a/b")
// and a reader that finds the value it points to in JSON text without building a document:
// it reads only as far as it must, skipping the values it passes over, so it can run over a
// million event payloads when a filter or a sort needs one field of each.
//
// What it reads it does not fully validate: a value is found in text that is JSON up to that
// value (and, for an object, up to its closing brace, because a repeated member name counts by
// its last occurrence, as JavaScript's JSON.parse does). Nesting is bounded by kMaxDepth and the
// walk is iterative, so hostile input costs time linear in its size and no stack.
class JsonPointer
{
public:
    static constexpr int kMaxDepth = 256;

    struct Value
    {
        enum class Type : quint8 { Missing, Object, Array, String, Number, Bool, Null };
        Type type = Type::Missing;
        QByteArrayView raw; // the value's JSON text (a string with its quotes and escapes)

        bool isMissing() const { return type == Type::Missing; }
        // A string decoded; any other value as its JSON text; empty when missing.
        QString text() const;
        double number() const; // Number: its value; otherwise NaN
    };

    JsonPointer() = default; // the root: the whole document
    // False, with the reason in `error`, when `pointer` is neither empty nor starts with '/',
    // or holds a '~' not followed by 0 or 1.
    static bool parse(QStringView pointer, JsonPointer *out, QString *error = nullptr);

    QString toString() const { return m_text; }
    bool isRoot() const { return m_tokens.isEmpty(); }
    const QList<QByteArray> &tokens() const { return m_tokens; } // unescaped, UTF-8

    Value find(QByteArrayView json) const;

    bool operator==(const JsonPointer &other) const { return m_text == other.m_text; }
    bool operator!=(const JsonPointer &other) const { return !(*this == other); }

private:
    QString m_text;
    QList<QByteArray> m_tokens;
};
