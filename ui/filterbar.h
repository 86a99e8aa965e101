// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "log/eventfilter.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTimer;

// Filter fields over the event table: type, id, text or regex over the data, comments and
// heartbeats on or off, and the live match count. Typing is debounced so that refiltering a
// million rows happens once per pause in typing, not per key.
class FilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit FilterBar(QWidget *parent = nullptr);

    EventFilter filter() const;
    QLineEdit *textField() const { return m_text; }
    void setCounts(qint64 matched, qint64 total, bool filtered);

public Q_SLOTS:
    void focusText(); // Find

Q_SIGNALS:
    void filterChanged(const EventFilter &filter);

private:
    void emitFilter();

    QLineEdit *m_type = nullptr;
    QLineEdit *m_id = nullptr;
    QLineEdit *m_text = nullptr;
    QCheckBox *m_regex = nullptr;
    QCheckBox *m_comments = nullptr;
    QCheckBox *m_heartbeats = nullptr;
    QCheckBox *m_connection = nullptr;
    QLabel *m_count = nullptr;
    QTimer *m_debounce = nullptr;
};
