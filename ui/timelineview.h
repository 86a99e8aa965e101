// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"

#include <QTableView>

class TimelineModel;

// A tab's timeline: connection changes, faults and requests, one row each in time order. It
// follows new entries unless it was scrolled back, and a request's row (open, timing, a failure
// a response caused) opens that request's inspector on a double-click or Return.
class TimelineView : public QTableView
{
    Q_OBJECT
public:
    explicit TimelineView(TimelineModel *model, QWidget *parent = nullptr);

Q_SIGNALS:
    void attemptActivated(const AttemptPointer &attempt, int conn);

private:
    bool m_atEnd = true; // the newest entry was in view before an insertion
};
