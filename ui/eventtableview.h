// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QTableView>

class EventTableModel;
class QTimer;

// A tab's events, one fixed-height row each so that a million rows stay cheap, with the
// columns sized for what they hold. Following the tail keeps the newest row in view, scrolling
// at most ~30 times a second however many rows arrive. A click on a column header sorts by it
// (# ascending is arrival order); the header's context menu adds a column from a JSON field of
// the data, removes it, and goes back to arrival order. The selected row stays selected across
// a refilter or a sort while it is still shown.
class EventTableView : public QTableView
{
    Q_OBJECT
public:
    explicit EventTableView(EventTableModel *model, QWidget *parent = nullptr);

    bool followsTail() const { return m_follow; }
    void setFollowTail(bool follow); // on: scrolls to the newest row now

    // The field column from a JSON pointer's text; false with the reason when it is not one.
    bool showField(const QString &pointer, QString *error = nullptr);
    void removeField();
    void arrivalOrder();

public Q_SLOTS:
    void askField(); // asks for the JSON pointer

Q_SIGNALS:
    // A refilter or a sort reset the model and the selected row is not among the rows now.
    void selectionLost();

private:
    void headerMenu(const QPoint &pos);
    void fieldChanged();

    EventTableModel *m_model;
    qint64 m_selectedLogIndex = -1; // across a model reset
    bool m_follow = true;
    QTimer *m_scrollTimer = nullptr;
};
