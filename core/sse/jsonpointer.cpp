// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "jsonpointer.h"

#include <bitset>
#include <charconv>
#include <cmath>
#include <limits>

namespace {

using Type = JsonPointer::Value::Type;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// The four hex digits at `p` (which has at least four bytes), or -1.
int hex4(const char *p)
{
    unsigned value = 0;
    const auto result = std::from_chars(p, p + 4, value, 16);
    return result.ec == std::errc() && result.ptr == p + 4 ? int(value) : -1;
}

// A JSON string's contents (between the quotes) decoded. An escape that is not one keeps its
// text, and a lone surrogate becomes U+FFFD, so nothing is lost from view.
QString decodeString(QByteArrayView inner)
{
    if (!inner.contains('\\'))
        return QString::fromUtf8(inner);
    QString out;
    out.reserve(inner.size());
    qsizetype plainFrom = 0;
    qsizetype i = 0;
    while (i < inner.size()) {
        if (inner[i] != '\\') {
            ++i;
            continue;
        }
        out.append(QString::fromUtf8(inner.sliced(plainFrom, i - plainFrom)));
        if (i + 1 >= inner.size()) {
            out.append(QLatin1Char('\\'));
            i = plainFrom = inner.size();
            break;
        }
        const char c = inner[i + 1];
        qsizetype used = 2;
        switch (c) {
        case '"':
        case '\\':
        case '/':
            out.append(QLatin1Char(c));
            break;
        case 'b':
            out.append(QLatin1Char('\b'));
            break;
        case 'f':
            out.append(QLatin1Char('\f'));
            break;
        case 'n':
            out.append(QLatin1Char('\n'));
            break;
        case 'r':
            out.append(QLatin1Char('\r'));
            break;
        case 't':
            out.append(QLatin1Char('\t'));
            break;
        case 'u': {
            const int unit = i + 6 <= inner.size() ? hex4(inner.data() + i + 2) : -1;
            if (unit < 0) {
                out.append(QString::fromUtf8(inner.sliced(i, 2)));
                break;
            }
            used = 6;
            if (QChar::isHighSurrogate(char16_t(unit)) && i + 12 <= inner.size()
                && inner[i + 6] == '\\' && inner[i + 7] == 'u') {
                const int low = hex4(inner.data() + i + 8);
                if (low >= 0 && QChar::isLowSurrogate(char16_t(low))) {
                    out.append(QChar(char16_t(unit)));
                    out.append(QChar(char16_t(low)));
                    used = 12;
                    break;
                }
            }
            out.append(QChar::isSurrogate(char16_t(unit)) ? QChar(QChar::ReplacementCharacter)
                                                          : QChar(char16_t(unit)));
            break;
        }
        default:
            out.append(QString::fromUtf8(inner.sliced(i, 2)));
            break;
        }
        i += used;
        plainFrom = i;
    }
    out.append(QString::fromUtf8(inner.sliced(plainFrom)));
    return out;
}

class Reader
{
public:
    explicit Reader(QByteArrayView json)
        : m_p(json.data())
        , m_end(json.data() + json.size())
    { }

    const char *pos() const { return m_p; }
    void setPos(const char *p) { m_p = p; }
    bool atEnd() const { return m_p >= m_end; }
    char peek() const { return *m_p; }
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }
    bool take(char c)
    {
        skipSpace();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }

    // At a '"': past the closing quote. `escaped`: the string holds a backslash.
    bool skipString(bool *escaped)
    {
        ++m_p;
        while (m_p < m_end) {
            const char c = *m_p;
            if (c == '"') {
                ++m_p;
                return true;
            }
            if (c == '\\') {
                if (escaped)
                    *escaped = true;
                if (m_end - m_p < 2)
                    return false;
                m_p += 2;
                continue;
            }
            if (uchar(c) < 0x20)
                return false;
            ++m_p;
        }
        return false;
    }

    bool skipNumber()
    {
        if (m_p < m_end && *m_p == '-')
            ++m_p;
        if (m_p >= m_end)
            return false;
        if (*m_p == '0') {
            ++m_p;
        } else if (isDigit(*m_p)) {
            while (m_p < m_end && isDigit(*m_p))
                ++m_p;
        } else {
            return false;
        }
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            if (m_p >= m_end || !isDigit(*m_p))
                return false;
            while (m_p < m_end && isDigit(*m_p))
                ++m_p;
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (m_p >= m_end || !isDigit(*m_p))
                return false;
            while (m_p < m_end && isDigit(*m_p))
                ++m_p;
        }
        return true;
    }

    bool skipLiteral(QByteArrayView word)
    {
        if (QByteArrayView(m_p, m_end - m_p).startsWith(word)) {
            m_p += word.size();
            return true;
        }
        return false;
    }

    // A container at '{' or '[': past its matching close. Members in between are passed over
    // by their brackets and strings only.
    bool skipContainer()
    {
        std::bitset<JsonPointer::kMaxDepth> isObject;
        int depth = 0;
        while (m_p < m_end) {
            const char c = *m_p;
            if (c == '"') {
                if (!skipString(nullptr))
                    return false;
                continue;
            }
            if (c == '{' || c == '[') {
                if (depth == JsonPointer::kMaxDepth)
                    return false;
                isObject[size_t(depth++)] = c == '{';
            } else if (c == '}' || c == ']') {
                if (depth == 0 || isObject[size_t(depth - 1)] != (c == '}'))
                    return false;
                if (--depth == 0) {
                    ++m_p;
                    return true;
                }
            }
            ++m_p;
        }
        return false;
    }

    // At a value (space skipped): past it, with its type.
    bool skipValue(Type *type)
    {
        skipSpace();
        if (m_p >= m_end)
            return false;
        switch (*m_p) {
        case '"':
            *type = Type::String;
            return skipString(nullptr);
        case '{':
            *type = Type::Object;
            return skipContainer();
        case '[':
            *type = Type::Array;
            return skipContainer();
        case 't':
            *type = Type::Bool;
            return skipLiteral("true");
        case 'f':
            *type = Type::Bool;
            return skipLiteral("false");
        case 'n':
            *type = Type::Null;
            return skipLiteral("null");
        default:
            *type = Type::Number;
            return skipNumber();
        }
    }

private:
    const char *m_p;
    const char *m_end;
};

// An array index token: "0" or digits without a leading zero; -1 otherwise (including "-",
// the index past the end, which points at nothing here).
qint64 arrayIndex(const QByteArray &token)
{
    if (token.isEmpty() || token.size() > 15 || (token.size() > 1 && token[0] == '0'))
        return -1;
    qint64 index = 0;
    for (const char c : token) {
        if (!isDigit(c))
            return -1;
        index = index * 10 + (c - '0');
    }
    return index;
}

} // namespace

QString JsonPointer::Value::text() const
{
    if (type == Type::Missing)
        return QString();
    if (type == Type::String)
        return decodeString(raw.sliced(1, raw.size() - 2));
    return QString::fromUtf8(raw);
}

double JsonPointer::Value::number() const
{
    if (type != Type::Number)
        return std::numeric_limits<double>::quiet_NaN();
    double value = 0;
    const auto result = std::from_chars(raw.data(), raw.data() + raw.size(), value);
    if (result.ec == std::errc::result_out_of_range)
        return raw.startsWith('-') ? -HUGE_VAL : HUGE_VAL;
    return result.ec == std::errc() ? value : std::numeric_limits<double>::quiet_NaN();
}

bool JsonPointer::parse(QStringView pointer, JsonPointer *out, QString *error)
{
    JsonPointer result;
    result.m_text = pointer.toString();
    if (!pointer.isEmpty()) {
        if (pointer.front() != QLatin1Char('/')) {
            if (error)
                *error = QStringLiteral("a JSON pointer starts with / (as in /n or /data/0/id)");
            return false;
        }
        QString token;
        for (qsizetype i = 1; i <= pointer.size(); ++i) {
            if (i == pointer.size() || pointer[i] == QLatin1Char('/')) {
                result.m_tokens.append(token.toUtf8());
                token.clear();
            } else if (pointer[i] == QLatin1Char('~')) {
                const QChar next = i + 1 < pointer.size() ? pointer[i + 1] : QChar();
                if (next != QLatin1Char('0') && next != QLatin1Char('1')) {
                    if (error) {
                        *error = QStringLiteral("~ at %1 must be followed by 0 (for ~) or 1 "
                                                "(for /)")
                                     .arg(i + 1);
                    }
                    return false;
                }
                token.append(next == QLatin1Char('0') ? QLatin1Char('~') : QLatin1Char('/'));
                ++i;
            } else {
                token.append(pointer[i]);
            }
        }
    }
    *out = std::move(result);
    return true;
}

JsonPointer::Value JsonPointer::find(QByteArrayView json) const
{
    Reader reader(json);
    for (const QByteArray &token : m_tokens) {
        reader.skipSpace();
        if (reader.atEnd())
            return {};
        if (reader.peek() == '{') {
            reader.setPos(reader.pos() + 1);
            const char *found = nullptr;
            if (!reader.take('}')) {
                for (;;) {
                    reader.skipSpace();
                    if (reader.atEnd() || reader.peek() != '"')
                        return {};
                    const char *keyStart = reader.pos() + 1;
                    bool escaped = false;
                    if (!reader.skipString(&escaped))
                        return {};
                    const QByteArrayView key(keyStart, reader.pos() - 1 - keyStart);
                    const bool match = escaped ? decodeString(key).toUtf8() == token : key == token;
                    if (!reader.take(':'))
                        return {};
                    reader.skipSpace();
                    const char *valueStart = reader.pos();
                    Type type;
                    if (!reader.skipValue(&type))
                        return {};
                    if (match)
                        found = valueStart; // the last of a repeated name counts
                    if (reader.take(','))
                        continue;
                    if (reader.take('}'))
                        break;
                    return {};
                }
            }
            if (!found)
                return {};
            reader.setPos(found);
        } else if (reader.peek() == '[') {
            const qint64 wanted = arrayIndex(token);
            if (wanted < 0)
                return {};
            reader.setPos(reader.pos() + 1);
            if (reader.take(']'))
                return {};
            for (qint64 index = 0;; ++index) {
                reader.skipSpace();
                if (index == wanted)
                    break;
                Type type;
                if (!reader.skipValue(&type) || !reader.take(','))
                    return {};
            }
        } else {
            return {};
        }
    }
    reader.skipSpace();
    const char *start = reader.pos();
    Value value;
    if (!reader.skipValue(&value.type))
        return {};
    value.raw = QByteArrayView(start, reader.pos() - start);
    return value;
}
