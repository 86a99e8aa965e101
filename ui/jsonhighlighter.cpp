// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "jsonhighlighter.h"

JsonHighlighter::JsonHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    setDark(false);
}

void JsonHighlighter::setEnabled(bool enabled)
{
    if (m_enabled == enabled)
        return;
    m_enabled = enabled;
    rehighlight();
}

void JsonHighlighter::setDark(bool dark)
{
    m_key.setForeground(dark ? QColor(0x93, 0xc5, 0xfd) : QColor(0x1d, 0x4e, 0xd8));
    m_key.setFontWeight(QFont::DemiBold);
    m_string.setForeground(dark ? QColor(0x86, 0xef, 0xac) : QColor(0x15, 0x80, 0x3d));
    m_number.setForeground(dark ? QColor(0xfd, 0xba, 0x74) : QColor(0xc2, 0x41, 0x0c));
    m_literal.setForeground(dark ? QColor(0xf0, 0xab, 0xfc) : QColor(0xa2, 0x1c, 0xaf));
    rehighlight();
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    if (!m_enabled)
        return;
    // QJsonDocument's indented output puts at most one key per line, so a line-local scan is
    // enough: a string followed by ':' is a key.
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('"')) {
            qsizetype end = i + 1;
            while (end < n && text.at(end) != QLatin1Char('"')) {
                end += text.at(end) == QLatin1Char('\\') ? 2 : 1;
            }
            end = qMin(end + 1, n);
            qsizetype next = end;
            while (next < n && text.at(next).isSpace())
                ++next;
            const bool key = next < n && text.at(next) == QLatin1Char(':');
            setFormat(int(i), int(end - i), key ? m_key : m_string);
            i = end;
        } else if (c.isDigit() || c == QLatin1Char('-')) {
            qsizetype end = i + 1;
            while (end < n
                   && (text.at(end).isDigit() || text.at(end) == QLatin1Char('.')
                       || text.at(end) == QLatin1Char('e') || text.at(end) == QLatin1Char('E')
                       || text.at(end) == QLatin1Char('+') || text.at(end) == QLatin1Char('-')))
                ++end;
            setFormat(int(i), int(end - i), m_number);
            i = end;
        } else if (c.isLetter()) {
            qsizetype end = i + 1;
            while (end < n && text.at(end).isLetter())
                ++end;
            setFormat(int(i), int(end - i), m_literal);
            i = end;
        } else {
            ++i;
        }
    }
}
