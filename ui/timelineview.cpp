// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "timelineview.h"

#include "log/timelinemodel.h"

#include <QHeaderView>
#include <QScrollBar>

TimelineView::TimelineView(TimelineModel *model, QWidget *parent)
    : QTableView(parent)
{
    setObjectName(QStringLiteral("timeline"));
    setModel(model);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setStretchLastSection(true);
    setShowGrid(false);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    setColumnWidth(TimelineModel::TimeColumn, digit * 14);
    setColumnWidth(TimelineModel::ConnColumn, digit * 6);
    setColumnWidth(TimelineModel::WhatColumn, digit * 14);
    setToolTip(QStringLiteral("Double-click a row of a request (open, timing, an answered "
                              "failure) to inspect its request, response and timing"));
    connect(this, &QTableView::activated, this, [this, model](const QModelIndex &index) {
        const auto attempt = index.data(TimelineModel::AttemptRole).value<AttemptPointer>();
        if (attempt) {
            Q_EMIT attemptActivated(
                attempt, model->index(index.row(), TimelineModel::ConnColumn).data().toInt());
        }
    });
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        const QScrollBar *scroll = verticalScrollBar();
        m_atEnd = scroll->value() >= scroll->maximum();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_atEnd)
            scrollToBottom();
    });
}
