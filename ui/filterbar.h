// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "log/eventfilter.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTimer;
class QToolButton;

// Filter fields over the event table: type, id, text or regex over the data, a condition on
// the table's JSON field column (shown while there is one), comments, heartbeats and
// connection rows on or off, and the live match count. Typing is debounced so that refiltering
// a million rows happens once per pause in typing, not per key. Where the bar is narrow, the
// row switches fold into a "Rows" menu so that the fields keep room to type in.
class FilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit FilterBar(QWidget *parent = nullptr);

    EventFilter filter() const;
    QLineEdit *textField() const { return m_text; }
    QLineEdit *fieldCondition() const { return m_field; }
    void setCounts(qint64 matched, qint64 total, bool filtered);
    // The table's field column: the condition field shows while there is one.
    void setFieldPointer(bool shown, const JsonPointer &pointer);
    bool switchesFolded() const; // the row switches are in the Rows menu

protected:
    void resizeEvent(QResizeEvent *event) override;

public Q_SLOTS:
    void focusText(); // Find

Q_SIGNALS:
    void filterChanged(const EventFilter &filter);

private:
    void emitFilter();
    void foldSwitches();
    static void markInvalid(QLineEdit *edit, const QString &error, const QString &help);

    QLineEdit *m_type = nullptr;
    QLineEdit *m_id = nullptr;
    QLineEdit *m_text = nullptr;
    QCheckBox *m_regex = nullptr;
    QCheckBox *m_comments = nullptr;
    QCheckBox *m_heartbeats = nullptr;
    QCheckBox *m_connection = nullptr;
    QToolButton *m_rows = nullptr; // the switches as a menu, on a narrow bar
    QLineEdit *m_field = nullptr;
    bool m_hasField = false;
    JsonPointer m_pointer;
    QString m_fieldHelp; // the condition syntax, as the field's tooltip
    QLabel *m_count = nullptr;
    QTimer *m_debounce = nullptr;
};
