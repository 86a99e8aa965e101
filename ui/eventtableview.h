// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QTableView>

class EventTableModel;
class QTimer;

// A tab's events, one fixed-height row each so that a million rows stay cheap, with the
// columns sized for what they hold. Following the tail keeps the newest row in view, scrolling
// at most ~30 times a second however many rows arrive.
class EventTableView : public QTableView
{
    Q_OBJECT
public:
    explicit EventTableView(EventTableModel *model, QWidget *parent = nullptr);

    bool followsTail() const { return m_follow; }
    void setFollowTail(bool follow); // on: scrolls to the newest row now

private:
    bool m_follow = true;
    QTimer *m_scrollTimer = nullptr;
};
