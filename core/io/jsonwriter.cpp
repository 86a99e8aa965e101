// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "jsonwriter.h"

#include <cmath>

namespace {

// Which bytes need escaping in a JSON string: control characters, '"' and '\\'.
struct EscapeTable
{
    bool needs[256] = {};
    constexpr EscapeTable()
    {
        for (int i = 0; i < 0x20; ++i)
            needs[i] = true;
        needs[int('"')] = true;
        needs[int('\\')] = true;
    }
};
constexpr EscapeTable kEscape;

} // namespace

namespace JsonWriter {

void appendString(QByteArray &out, QByteArrayView utf8)
{
    static const char hex[] = "0123456789abcdef";
    out.reserve(out.size() + utf8.size() + 2);
    out.append('"');
    const auto *p = reinterpret_cast<const unsigned char *>(utf8.data());
    const auto *end = p + utf8.size();
    const auto *run = p;
    for (; p < end; ++p) {
        if (!kEscape.needs[*p])
            continue;
        out.append(reinterpret_cast<const char *>(run), p - run);
        run = p + 1;
        switch (*p) {
        case '"':
            out.append("\\\"", 2);
            break;
        case '\\':
            out.append("\\\\", 2);
            break;
        case '\n':
            out.append("\\n", 2);
            break;
        case '\r':
            out.append("\\r", 2);
            break;
        case '\t':
            out.append("\\t", 2);
            break;
        default: {
            const char esc[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 0xF]};
            out.append(esc, 6);
        }
        }
    }
    out.append(reinterpret_cast<const char *>(run), end - run);
    out.append('"');
}

void appendText(QByteArray &out, const QString &text)
{
    appendString(out, QByteArrayView(text.toUtf8()));
}

void appendInt(QByteArray &out, qint64 value)
{
    char buf[24];
    char *end = buf + sizeof buf;
    char *p = end;
    const bool negative = value < 0;
    quint64 v = negative ? 0 - quint64(value) : quint64(value);
    do {
        *--p = char('0' + v % 10);
        v /= 10;
    } while (v);
    if (negative)
        *--p = '-';
    out.append(p, end - p);
}

void appendMillis(QByteArray &out, qint64 micros)
{
    if (micros < 0) {
        out.append('-');
        micros = -micros;
    }
    appendInt(out, micros / 1000);
    const int frac = int(micros % 1000);
    const char digits[4] = {'.', char('0' + frac / 100), char('0' + frac / 10 % 10),
                            char('0' + frac % 10)};
    out.append(digits, 4);
}

void appendDouble(QByteArray &out, double value)
{
    if (!std::isfinite(value)) {
        out.append("null", 4);
        return;
    }
    appendMillis(out, qint64(std::llround(value * 1000.0)));
}

} // namespace JsonWriter
