// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QList>
#include <QString>

// JSON as it was sent, for showing: an object's members stay in the order they came in
// (QJsonObject sorts them) and scalars keep their text (1.0 stays 1.0, a 20-digit id keeps its
// digits). A strict RFC 8259 reader with a depth limit; what it refuses it names.
struct OrderedJson
{
    enum class Type { Object, Array, String, Number, Bool, Null };

    Type type = Type::Null;
    QString key; // the member name in an object, the index in an array, empty at the root
    QString text; // scalars: the token as sent (a string with its quotes and escapes)
    QString value; // scalars: the value (a string decoded), as a person copies it
    QString pointer; // the RFC 6901 JSON Pointer to this value ("" for the root)
    QList<OrderedJson> children; // Object and Array

    static constexpr int kMaxDepth = 256;

    // False, with the reason and the byte offset in `error`, when `json` is not one JSON
    // value (surrounding whitespace allowed).
    static bool parse(QByteArrayView json, OrderedJson *root, QString *error = nullptr);

    // Indented `indent` spaces a level, members in their order, scalars as sent.
    QString pretty(int indent = 4) const;

    bool isContainer() const { return type == Type::Object || type == Type::Array; }
};
