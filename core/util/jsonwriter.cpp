// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "jsonwriter.h"

#include <cmath>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

char *writeEscape(char *p, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    *p++ = '\\';
    switch (c) {
    case '"':
        *p++ = '"';
        break;
    case '\\':
        *p++ = '\\';
        break;
    case '\n':
        *p++ = 'n';
        break;
    case '\r':
        *p++ = 'r';
        break;
    case '\t':
        *p++ = 't';
        break;
    default:
        *p++ = 'u';
        *p++ = '0';
        *p++ = '0';
        *p++ = hex[c >> 4];
        *p++ = hex[c & 0xF];
    }
    return p;
}

// Appends through write*() with room for at most `most` bytes.
template<typename F>
void appendWith(QByteArray &out, qsizetype most, F write)
{
    const qsizetype old = out.size();
    out.resize(old + most);
    char *end = write(out.data() + old);
    out.resize(end - out.constData());
}

} // namespace

namespace JsonWriter {

char *writeString(char *p, QByteArrayView utf8)
{
    *p++ = '"';
    const auto *s = reinterpret_cast<const unsigned char *>(utf8.data());
    const auto *end = s + utf8.size();
#if defined(__SSE2__)
    // Sixteen bytes at a time while none needs escaping (the usual JSON payload).
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i control = _mm_set1_epi8(0x1F);
    while (end - s >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s));
        const __m128i isControl = _mm_cmpeq_epi8(_mm_max_epu8(v, control), control);
        const __m128i special = _mm_or_si128(
            isControl, _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
        const int mask = _mm_movemask_epi8(special);
        if (mask == 0) {
            _mm_storeu_si128(reinterpret_cast<__m128i *>(p), v);
            s += 16;
            p += 16;
            continue;
        }
        const int clean = __builtin_ctz(unsigned(mask));
        std::memcpy(p, s, size_t(clean));
        p += clean;
        s += clean;
        p = writeEscape(p, *s++);
    }
#endif
    for (; s < end; ++s) {
        if (kEscape.needs[*s])
            p = writeEscape(p, *s);
        else
            *p++ = char(*s);
    }
    *p++ = '"';
    return p;
}

char *writeInt(char *p, qint64 value)
{
    char buf[24];
    char *end = buf + sizeof buf;
    char *q = end;
    const bool negative = value < 0;
    quint64 v = negative ? 0 - quint64(value) : quint64(value);
    do {
        *--q = char('0' + v % 10);
        v /= 10;
    } while (v);
    if (negative)
        *--q = '-';
    std::memcpy(p, q, size_t(end - q));
    return p + (end - q);
}

char *writeMillis(char *p, qint64 micros)
{
    if (micros < 0) {
        *p++ = '-';
        micros = -micros;
    }
    p = writeInt(p, micros / 1000);
    const int frac = int(micros % 1000);
    *p++ = '.';
    *p++ = char('0' + frac / 100);
    *p++ = char('0' + frac / 10 % 10);
    *p++ = char('0' + frac % 10);
    return p;
}

void appendString(QByteArray &out, QByteArrayView utf8)
{
    appendWith(out, maxStringBytes(utf8.size()), [utf8](char *p) { return writeString(p, utf8); });
}

void appendText(QByteArray &out, const QString &text)
{
    appendString(out, QByteArrayView(text.toUtf8()));
}

void appendInt(QByteArray &out, qint64 value)
{
    appendWith(out, 21, [value](char *p) { return writeInt(p, value); });
}

void appendMillis(QByteArray &out, qint64 micros)
{
    appendWith(out, 26, [micros](char *p) { return writeMillis(p, micros); });
}

void appendDouble(QByteArray &out, double value)
{
    if (!std::isfinite(value)) {
        out.append("null", 4);
        return;
    }
    appendMillis(out, qint64(std::llround(value * 1000.0)));
}

void Members::key(QByteArrayView key)
{
    m_out.append(",\"", 2);
    m_out.append(key);
    m_out.append("\":", 2);
}

Members &Members::integer(QByteArrayView name, qint64 value)
{
    key(name);
    appendInt(m_out, value);
    return *this;
}

Members &Members::millis(QByteArrayView name, qint64 micros)
{
    key(name);
    appendMillis(m_out, micros);
    return *this;
}

Members &Members::number(QByteArrayView name, double value)
{
    key(name);
    appendDouble(m_out, value);
    return *this;
}

Members &Members::string(QByteArrayView name, QByteArrayView utf8)
{
    key(name);
    appendString(m_out, utf8);
    return *this;
}

Members &Members::text(QByteArrayView name, const QString &text)
{
    key(name);
    appendText(m_out, text);
    return *this;
}

Members &Members::stringOrNull(QByteArrayView name, QByteArrayView utf8, bool present)
{
    return present ? string(name, utf8) : raw(name, "null");
}

Members &Members::raw(QByteArrayView name, QByteArrayView json)
{
    key(name);
    m_out.append(json);
    return *this;
}

} // namespace JsonWriter
