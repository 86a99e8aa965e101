// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QModelIndex>
#include <QWidget>

class JsonHighlighter;
class QLabel;
class QPlainTextEdit;

// The selected event in full: a header line (type, id, seq, connection, time, size) and the
// data, pretty-printed and coloured when it is JSON, raw text otherwise.
class DetailPane : public QWidget
{
    Q_OBJECT
public:
    explicit DetailPane(QWidget *parent = nullptr);

    QString text() const; // the data as shown
    bool showsJson() const { return m_json; }

public Q_SLOTS:
    void showIndex(const QModelIndex &index); // any column of an EventTableModel row
    void clear();

protected:
    void changeEvent(QEvent *event) override;

private:
    QLabel *m_header = nullptr;
    QPlainTextEdit *m_text = nullptr;
    JsonHighlighter *m_highlighter = nullptr;
    bool m_json = false;
};
