// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "eventfilter.h"

#include "eventlog.h"

#include <cstring>

namespace {

bool isAscii(const QString &text)
{
    for (QChar c : text) {
        if (c.unicode() >= 0x80)
            return false;
    }
    return true;
}

// Lower-case ASCII bytes of an ASCII needle, or empty when it is not ASCII (and must be
// compared as a QString instead).
QByteArray lowerAscii(const QString &text)
{
    return isAscii(text) ? text.toLatin1().toLower() : QByteArray();
}

inline char lowerChar(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c + ('a' - 'A')) : c;
}

constexpr QByteArrayView kCommentType = "comment";

} // namespace

void EventFilter::setType(const QString &type)
{
    m_type = type;
    m_typeLower = lowerAscii(type);
}

void EventFilter::setId(const QString &id)
{
    m_id = id;
    m_idUtf8 = id.toUtf8();
}

void EventFilter::setText(const QString &text, bool regex)
{
    m_text = text;
    m_isRegex = regex;
    m_textLower = lowerAscii(text);
    m_regex = QRegularExpression();
    if (regex && !text.isEmpty()) {
        m_regex.setPattern(text);
        m_regex.setPatternOptions(QRegularExpression::CaseInsensitiveOption
                                  | QRegularExpression::UseUnicodePropertiesOption);
        m_regex.optimize();
    }
}

QString EventFilter::errorString() const
{
    return isRegexValid() ? QString() : m_regex.errorString();
}

void EventFilter::setField(const JsonPointer &pointer, const QString &condition)
{
    m_fieldPointer = pointer;
    m_fieldCondition = condition;
    m_fieldError.clear();
    m_fieldOp = FieldOp::None;
    m_fieldOperand.clear();
    m_fieldOperandLower.clear();
    m_fieldOperandIsNumber = false;
    const QString trimmed = condition.trimmed();
    if (trimmed.isEmpty())
        return;
    struct Prefix
    {
        QLatin1StringView text;
        FieldOp op;
    };
    // Longest first, so that ">=" is not read as ">" followed by "=".
    static const Prefix prefixes[] = {
        {QLatin1StringView("!*"), FieldOp::Absent},
        {QLatin1StringView("!="), FieldOp::NotEqual},
        {QLatin1StringView(">="), FieldOp::GreaterEqual},
        {QLatin1StringView("<="), FieldOp::LessEqual},
        {QLatin1StringView("*"), FieldOp::Present},
        {QLatin1StringView("="), FieldOp::Equal},
        {QLatin1StringView(">"), FieldOp::Greater},
        {QLatin1StringView("<"), FieldOp::Less},
    };
    m_fieldOp = FieldOp::Contains;
    m_fieldOperand = trimmed;
    for (const Prefix &prefix : prefixes) {
        if (trimmed.startsWith(prefix.text)) {
            m_fieldOp = prefix.op;
            m_fieldOperand = trimmed.mid(prefix.text.size()).trimmed();
            break;
        }
    }
    m_fieldNumber = m_fieldOperand.toDouble(&m_fieldOperandIsNumber);
    switch (m_fieldOp) {
    case FieldOp::Present:
    case FieldOp::Absent:
        if (!m_fieldOperand.isEmpty())
            m_fieldError = QStringLiteral("* and !* stand alone (any value, no value)");
        break;
    case FieldOp::Less:
    case FieldOp::LessEqual:
    case FieldOp::Greater:
    case FieldOp::GreaterEqual:
        if (!m_fieldOperandIsNumber) {
            m_fieldError = QStringLiteral("%1 compares with a number; \"%2\" is not one")
                               .arg(trimmed.left(trimmed.size() - m_fieldOperand.size()).trimmed(),
                                    m_fieldOperand);
        }
        break;
    case FieldOp::Contains:
        m_fieldOperandLower = lowerAscii(m_fieldOperand);
        break;
    default:
        break;
    }
    if (!m_fieldError.isEmpty())
        m_fieldOp = FieldOp::None;
}

bool EventFilter::isActive() const
{
    const bool byText = !m_text.isEmpty() && isRegexValid();
    return !m_type.isEmpty() || !m_id.isEmpty() || byText || m_fieldOp != FieldOp::None
        || !m_showComments || !m_showHeartbeats || !m_showConnection;
}

bool EventFilter::containsAsciiCaseInsensitive(QByteArrayView haystack, QByteArrayView lowerNeedle)
{
    const qsizetype n = lowerNeedle.size();
    if (n == 0)
        return true;
    if (n > haystack.size())
        return false;
    const char first = lowerNeedle[0];
    const char firstUpper = (first >= 'a' && first <= 'z') ? char(first - ('a' - 'A')) : first;
    const char *p = haystack.data();
    const char *last = p + (haystack.size() - n);
    for (; p <= last; ++p) {
        if (*p != first && *p != firstUpper)
            continue;
        qsizetype i = 1;
        while (i < n && lowerChar(p[i]) == lowerNeedle[i])
            ++i;
        if (i == n)
            return true;
    }
    return false;
}

bool EventFilter::matchesText(QByteArrayView haystack, const QString &needle,
                              const QByteArray &lowerAsciiNeedle)
{
    // An ASCII needle never matches inside a multi-byte UTF-8 sequence (those bytes are all
    // >= 0x80), so a byte search gives the same answer as a search over the decoded text.
    if (!lowerAsciiNeedle.isEmpty())
        return containsAsciiCaseInsensitive(haystack, lowerAsciiNeedle);
    return QString::fromUtf8(haystack).contains(needle, Qt::CaseInsensitive);
}

bool EventFilter::matches(const LogEntry &entry) const
{
    const bool comment = entry.kind == LogEntry::Kind::Comment;
    if (entry.isHeartbeat()) {
        if (!m_showHeartbeats)
            return false;
    } else if (comment && !m_showComments) {
        return false;
    } else if (entry.kind == LogEntry::Kind::Connection && !m_showConnection) {
        return false;
    }
    if (!m_type.isEmpty()
        && !matchesText(comment ? kCommentType : entry.type(), m_type, m_typeLower))
        return false;
    if (!m_id.isEmpty() && QByteArrayView(entry.id()).indexOf(m_idUtf8) < 0)
        return false;
    if (!m_text.isEmpty()) {
        if (m_isRegex) {
            if (m_regex.isValid() && !m_regex.match(QString::fromUtf8(entry.data())).hasMatch())
                return false;
        } else if (!matchesText(entry.data(), m_text, m_textLower)) {
            return false;
        }
    }
    return m_fieldOp == FieldOp::None || matchesField(entry);
}

bool EventFilter::matchesField(const LogEntry &entry) const
{
    using Type = JsonPointer::Value::Type;
    const JsonPointer::Value value = entry.kind == LogEntry::Kind::Event
        ? m_fieldPointer.find(entry.data())
        : JsonPointer::Value();
    if (m_fieldOp == FieldOp::Absent)
        return value.isMissing();
    if (value.isMissing())
        return false;
    switch (m_fieldOp) {
    case FieldOp::Present:
        return true;
    case FieldOp::Equal:
    case FieldOp::NotEqual: {
        const bool equal = (value.type == Type::Number && m_fieldOperandIsNumber)
            ? value.number() == m_fieldNumber
            : value.text() == m_fieldOperand;
        return equal == (m_fieldOp == FieldOp::Equal);
    }
    case FieldOp::Less:
        return value.number() < m_fieldNumber; // false for NaN: not a number
    case FieldOp::LessEqual:
        return value.number() <= m_fieldNumber;
    case FieldOp::Greater:
        return value.number() > m_fieldNumber;
    case FieldOp::GreaterEqual:
        return value.number() >= m_fieldNumber;
    case FieldOp::Contains: {
        // A string without escapes is its bytes between the quotes; other values their text.
        QByteArrayView bytes = value.raw;
        if (value.type == Type::String) {
            bytes = bytes.sliced(1, bytes.size() - 2);
            if (bytes.contains('\\'))
                return value.text().contains(m_fieldOperand, Qt::CaseInsensitive);
        }
        return matchesText(bytes, m_fieldOperand, m_fieldOperandLower);
    }
    default:
        return true;
    }
}
