// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "orderedjson.h"

#include <QStringDecoder>

namespace {

class Reader
{
public:
    explicit Reader(QByteArrayView json)
        : m_json(json)
    { }

    bool read(OrderedJson *root, QString *error)
    {
        skipSpace();
        bool ok = value(root, 0);
        if (ok) {
            skipSpace();
            ok = atEnd() || fail("bytes after the value");
        }
        if (!ok && error)
            *error = QStringLiteral("%1 at byte %2").arg(m_error).arg(m_errorAt);
        return ok;
    }

private:
    bool fail(const char *what)
    {
        if (m_error.isEmpty()) {
            m_error = QString::fromLatin1(what);
            m_errorAt = m_pos;
        }
        return false;
    }
    bool atEnd() const { return m_pos >= m_json.size(); }
    char peek() const { return atEnd() ? '\0' : m_json[m_pos]; }
    void skipSpace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            ++m_pos;
    }
    bool literal(const char *word)
    {
        const QByteArrayView expected(word);
        if (m_json.sliced(m_pos).startsWith(expected)) {
            m_pos += expected.size();
            return true;
        }
        return fail("not a JSON value");
    }

    bool value(OrderedJson *node, int depth)
    {
        if (depth > OrderedJson::kMaxDepth)
            return fail("nested too deep");
        const qsizetype start = m_pos;
        switch (peek()) {
        case '{':
            return object(node, depth);
        case '[':
            return array(node, depth);
        case '"':
            node->type = OrderedJson::Type::String;
            if (!string(&node->value))
                return false;
            break;
        case 't':
        case 'f':
            node->type = OrderedJson::Type::Bool;
            if (!literal(peek() == 't' ? "true" : "false"))
                return false;
            break;
        case 'n':
            node->type = OrderedJson::Type::Null;
            if (!literal("null"))
                return false;
            break;
        default:
            node->type = OrderedJson::Type::Number;
            if (!number())
                return false;
            break;
        }
        node->text = QString::fromUtf8(m_json.sliced(start, m_pos - start));
        if (node->type != OrderedJson::Type::String)
            node->value = node->text;
        return true;
    }

    static QString escapePointer(QString key)
    {
        return key.replace(QLatin1Char('~'), QStringLiteral("~0"))
            .replace(QLatin1Char('/'), QStringLiteral("~1"));
    }

    // An object's members or an array's elements: `item` reads one, then comes ',' or `close`.
    template<typename Item>
    bool sequence(char close, const char *expected, Item item)
    {
        ++m_pos; // { or [
        skipSpace();
        if (peek() == close) {
            ++m_pos;
            return true;
        }
        for (;;) {
            skipSpace();
            if (!item())
                return false;
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == close) {
                ++m_pos;
                return true;
            }
            return fail(expected);
        }
    }

    bool object(OrderedJson *node, int depth)
    {
        node->type = OrderedJson::Type::Object;
        return sequence('}', "expected ',' or '}' in an object", [&] {
            if (peek() != '"')
                return fail("expected a member name");
            OrderedJson member;
            if (!string(&member.key))
                return false;
            skipSpace();
            if (peek() != ':')
                return fail("expected ':' after a member name");
            ++m_pos;
            skipSpace();
            member.pointer = node->pointer + QLatin1Char('/') + escapePointer(member.key);
            if (!value(&member, depth + 1))
                return false;
            node->children.append(std::move(member));
            return true;
        });
    }

    bool array(OrderedJson *node, int depth)
    {
        node->type = OrderedJson::Type::Array;
        return sequence(']', "expected ',' or ']' in an array", [&] {
            OrderedJson element;
            element.key = QString::number(node->children.size());
            element.pointer = node->pointer + QLatin1Char('/') + element.key;
            if (!value(&element, depth + 1))
                return false;
            node->children.append(std::move(element));
            return true;
        });
    }

    bool number()
    {
        const qsizetype start = m_pos;
        if (peek() == '-')
            ++m_pos;
        if (peek() == '0') {
            ++m_pos;
        } else if (peek() >= '1' && peek() <= '9') {
            while (peek() >= '0' && peek() <= '9')
                ++m_pos;
        } else {
            m_pos = start;
            return fail("not a JSON value");
        }
        if (peek() == '.') {
            ++m_pos;
            if (!(peek() >= '0' && peek() <= '9'))
                return fail("expected a digit after '.'");
            while (peek() >= '0' && peek() <= '9')
                ++m_pos;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (!(peek() >= '0' && peek() <= '9'))
                return fail("expected a digit in the exponent");
            while (peek() >= '0' && peek() <= '9')
                ++m_pos;
        }
        return true;
    }

    int hex4() // exactly four hex digits (toInt() would skip spaces and take a sign)
    {
        if (m_pos + 4 > m_json.size())
            return -1;
        int code = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_json[m_pos + i];
            const int digit = (c >= '0' && c <= '9') ? c - '0'
                : (c >= 'a' && c <= 'f')             ? c - 'a' + 10
                : (c >= 'A' && c <= 'F')             ? c - 'A' + 10
                                                     : -1;
            if (digit < 0)
                return -1;
            code = code * 16 + digit;
        }
        m_pos += 4;
        return code;
    }

    bool string(QString *out)
    {
        ++m_pos; // "
        QByteArray utf8;
        for (;;) {
            if (atEnd())
                return fail("unterminated string");
            const char c = m_json[m_pos];
            if (c == '"') {
                ++m_pos;
                break;
            }
            if (quint8(c) < 0x20)
                return fail("control character in a string");
            if (c != '\\') {
                utf8 += c;
                ++m_pos;
                continue;
            }
            ++m_pos;
            const char e = peek();
            ++m_pos;
            switch (e) {
            case '"':
            case '\\':
            case '/':
                utf8 += e;
                break;
            case 'b':
                utf8 += '\b';
                break;
            case 'f':
                utf8 += '\f';
                break;
            case 'n':
                utf8 += '\n';
                break;
            case 'r':
                utf8 += '\r';
                break;
            case 't':
                utf8 += '\t';
                break;
            case 'u': {
                int code = hex4();
                if (code < 0)
                    return fail("bad \\u escape");
                if (code >= 0xD800 && code <= 0xDBFF && m_json.sliced(m_pos).startsWith("\\u")) {
                    m_pos += 2;
                    const int low = hex4();
                    if (low < 0xDC00 || low > 0xDFFF)
                        return fail("bad surrogate pair");
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                } else if (code >= 0xD800 && code <= 0xDFFF) {
                    return fail("a lone surrogate in a \\u escape"); // no character at all
                }
                const char32_t ucs4 = char32_t(code);
                utf8 += QString::fromUcs4(&ucs4, 1).toUtf8();
                break;
            }
            default:
                return fail("bad escape in a string");
            }
        }
        // RFC 8259: JSON text is UTF-8; a string with bytes that are not is refused (not
        // shown with replacement characters as if it were JSON).
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        *out = decoder(utf8);
        if (decoder.hasError())
            return fail("a string that is not UTF-8");
        return true;
    }

    QByteArrayView m_json;
    qsizetype m_pos = 0;
    QString m_error;
    qsizetype m_errorAt = 0;
};

// A member name as JSON text (the name was decoded): quotes, and every escape it needs.
QString quoted(const QString &name)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : name) {
        switch (c.unicode()) {
        case '"':
            out += QStringLiteral("\\\"");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(int(c.unicode()), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

void write(const OrderedJson &node, int indent, int level, bool inObject, QString *out)
{
    if (inObject) {
        *out += quoted(node.key) + QStringLiteral(": ");
    }
    if (!node.isContainer()) {
        *out += node.text;
        return;
    }
    const bool object = node.type == OrderedJson::Type::Object;
    *out += QLatin1Char(object ? '{' : '[');
    if (node.children.isEmpty()) {
        *out += QLatin1Char(object ? '}' : ']');
        return;
    }
    const QString inner(indent * (level + 1), QLatin1Char(' '));
    for (qsizetype i = 0; i < node.children.size(); ++i) {
        *out += QLatin1Char('\n') + inner;
        write(node.children.at(i), indent, level + 1, object, out);
        if (i + 1 < node.children.size())
            *out += QLatin1Char(',');
    }
    *out += QLatin1Char('\n') + QString(indent * level, QLatin1Char(' '))
        + QLatin1Char(object ? '}' : ']');
}

} // namespace

bool OrderedJson::parse(QByteArrayView json, OrderedJson *root, QString *error)
{
    *root = OrderedJson();
    return Reader(json).read(root, error);
}

QString OrderedJson::pretty(int indent) const
{
    QString out;
    write(*this, indent, 0, false, &out);
    return out;
}
