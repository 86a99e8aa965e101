// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <cstring>

// Minimal, allocation-free JSON emitters for the NDJSON records: they append to a buffer the
// caller reuses, because a record per event at a million events per second cannot afford a
// QJsonDocument each. The write*() forms write through a pointer into room the caller made
// (at most maxStringBytes() for a string, 21 for a number) and return the new end.
namespace JsonWriter {

// Room a JSON string of `bytes` needs at most: every byte escaped as \u00XX, plus quotes.
constexpr qsizetype maxStringBytes(qsizetype bytes)
{
    return 6 * bytes + 2;
}

// A JSON string (quotes included) from valid UTF-8; control characters, quote and backslash
// are escaped, everything else is copied as is.
char *writeString(char *p, QByteArrayView utf8);
char *writeInt(char *p, qint64 value);
// Milliseconds given in microseconds, printed with three decimals ("12.345").
char *writeMillis(char *p, qint64 micros);
inline char *writeRaw(char *p, QByteArrayView bytes)
{
    std::memcpy(p, bytes.data(), size_t(bytes.size()));
    return p + bytes.size();
}

void appendString(QByteArray &out, QByteArrayView utf8);
void appendText(QByteArray &out, const QString &text);
void appendInt(QByteArray &out, qint64 value);
void appendMillis(QByteArray &out, qint64 micros);
// A finite double with up to three decimals, or null.
void appendDouble(QByteArray &out, double value);

// An object's members after its first, each `,"key":value`, so that a record reads as its list
// of fields: `Members(out).integer("conn", 2).millis("t_ms", 1500)` writes
// `,"conn":2,"t_ms":1.500`. Keys are written as given (plain ASCII names).
class Members
{
public:
    explicit Members(QByteArray &out)
        : m_out(out)
    { }
    Members &integer(QByteArrayView key, qint64 value);
    Members &millis(QByteArrayView key, qint64 micros);
    Members &number(QByteArrayView key, double value); // null unless finite
    Members &string(QByteArrayView key, QByteArrayView utf8);
    Members &text(QByteArrayView key, const QString &text);
    Members &stringOrNull(QByteArrayView key, QByteArrayView utf8, bool present);
    // A value already in JSON: `true`, `null`.
    Members &raw(QByteArrayView key, QByteArrayView json);

private:
    void key(QByteArrayView key);
    QByteArray &m_out;
};

} // namespace JsonWriter
