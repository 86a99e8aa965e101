// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

// Colours pretty-printed JSON: keys, strings, numbers, true/false/null. Enabled by the detail
// pane only when the data parsed as JSON, so raw text stays plain.
class JsonHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit JsonHighlighter(QTextDocument *document);

    void setEnabled(bool enabled);
    void setDark(bool dark); // palette of the colours

protected:
    void highlightBlock(const QString &text) override;

private:
    bool m_enabled = false;
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_literal;
};
