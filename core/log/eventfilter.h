// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "sse/jsonpointer.h"

#include <QByteArray>
#include <QRegularExpression>
#include <QString>

struct LogEntry;

// What the event table shows: by type, id, data text (plain or a regular expression) and the
// value of one JSON field of the data, and whether comments, heartbeats and connection rows
// are shown at all. Matching works on the UTF-8 bytes where it
// can (an ASCII search needle needs no conversion), because it runs over a million entries.
class EventFilter
{
public:
    EventFilter() = default;

    // Type of an event (a comment's type is "comment"): substring, case-insensitive.
    QString type() const { return m_type; }
    void setType(const QString &type);
    // The entry's id: substring, case-sensitive.
    QString id() const { return m_id; }
    void setId(const QString &id);
    // Data of an event or text of a comment: substring, case-insensitive, or a regular
    // expression (case-insensitive too).
    QString text() const { return m_text; }
    bool isRegex() const { return m_isRegex; }
    // The compiled expression (isRegex()), for showing where it matched.
    const QRegularExpression &regex() const { return m_regex; }
    void setText(const QString &text, bool regex = false);
    bool showComments() const { return m_showComments; } // comments that are not heartbeats
    void setShowComments(bool show) { m_showComments = show; }
    bool showHeartbeats() const { return m_showHeartbeats; }
    void setShowHeartbeats(bool show) { m_showHeartbeats = show; }
    // The rows of the connection's state changes (open, reconnecting, failed, closed).
    bool showConnection() const { return m_showConnection; }
    void setShowConnection(bool show) { m_showConnection = show; }

    // The value at a JSON pointer in an event's data (comments and connection rows have none):
    //   *          any value          !*         no value (not JSON, or no such field)
    //   =x  !=x    equal or not: as numbers when the value is a number and x reads as one,
    //              otherwise the value's text (a string decoded) exactly
    //   >n >=n <n <=n   a number compared with n
    //   anything else   a case-insensitive substring of the value's text
    // An empty condition does not filter.
    void setField(const JsonPointer &pointer, const QString &condition);
    const JsonPointer &fieldPointer() const { return m_fieldPointer; }
    QString fieldCondition() const { return m_fieldCondition; }

    // An invalid regular expression filters nothing by text, and an invalid field condition
    // nothing by field; errorString() and fieldError() say why.
    bool isValid() const { return isRegexValid() && m_fieldError.isEmpty(); }
    bool isRegexValid() const { return !m_isRegex || m_regex.isValid(); }
    QString errorString() const; // the regular expression's error
    QString fieldError() const { return m_fieldError; }
    // False when every entry matches (the model then needs no row list).
    bool isActive() const;

    bool matches(const LogEntry &entry) const;

    // ASCII case-insensitive substring search; `lowerNeedle` must be lower case.
    static bool containsAsciiCaseInsensitive(QByteArrayView haystack, QByteArrayView lowerNeedle);

private:
    enum class FieldOp : quint8 {
        None,
        Present,
        Absent,
        Equal,
        NotEqual,
        Less,
        LessEqual,
        Greater,
        GreaterEqual,
        Contains
    };
    bool matchesField(const LogEntry &entry) const;
    static bool matchesText(QByteArrayView haystack, const QString &needle,
                            const QByteArray &lowerAsciiNeedle);

    QString m_type;
    QByteArray m_typeLower; // empty unless the needle is ASCII
    QString m_id;
    QByteArray m_idUtf8;
    QString m_text;
    QByteArray m_textLower;
    bool m_isRegex = false;
    QRegularExpression m_regex;
    bool m_showComments = true;
    bool m_showHeartbeats = true;
    bool m_showConnection = true;
    JsonPointer m_fieldPointer;
    QString m_fieldCondition;
    QString m_fieldError;
    FieldOp m_fieldOp = FieldOp::None;
    QString m_fieldOperand;
    QByteArray m_fieldOperandLower; // Contains: empty unless the needle is ASCII
    double m_fieldNumber = 0; // the operand as a number
    bool m_fieldOperandIsNumber = false;
};
