// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// Minimal, allocation-free JSON emitters for the NDJSON records: they append to a buffer the
// caller reuses, because a record per event at a million events per second cannot afford a
// QJsonDocument each.
namespace JsonWriter {

// A JSON string (quotes included) from valid UTF-8; control characters, quote and backslash
// are escaped, everything else is copied as is.
void appendString(QByteArray &out, QByteArrayView utf8);
void appendText(QByteArray &out, const QString &text);
// A non-negative or negative integer.
void appendInt(QByteArray &out, qint64 value);
// Milliseconds given in microseconds, printed with three decimals ("12.345").
void appendMillis(QByteArray &out, qint64 micros);
// A finite double with up to three decimals, or null.
void appendDouble(QByteArray &out, double value);

} // namespace JsonWriter
