// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "eventtableview.h"

#include "eventdelegate.h"
#include "log/eventtablemodel.h"

#include <QHeaderView>
#include <QTimer>

EventTableView::EventTableView(EventTableModel *model, QWidget *parent)
    : QTableView(parent)
    , m_scrollTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("events"));
    setModel(model);
    setItemDelegate(new EventDelegate(this));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setWordWrap(false);
    setShowGrid(false);
    setAlternatingRowColors(true);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Fixed row heights keep a million rows cheap: the header never measures them.
    QHeaderView *rows = verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 6);
    rows->hide();
    QHeaderView *columns = horizontalHeader();
    columns->setStretchLastSection(true);
    columns->setHighlightSections(false);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    setColumnWidth(EventTableModel::NumberColumn, digit * 8);
    setColumnWidth(EventTableModel::TimeColumn, digit * 14);
    setColumnWidth(EventTableModel::DeltaColumn, digit * 11);
    setColumnWidth(EventTableModel::ConnColumn, digit * 6);
    setColumnWidth(EventTableModel::TypeColumn, digit * 13); // "reconnecting" in bold
    setColumnWidth(EventTableModel::IdColumn, digit * 9);
    setColumnWidth(EventTableModel::SizeColumn, digit * 9);

    // At most one scroll per interval however many slices of rows arrived in it: each scroll
    // repaints the rows.
    m_scrollTimer->setSingleShot(true);
    m_scrollTimer->setInterval(33);
    connect(m_scrollTimer, &QTimer::timeout, this, [this] {
        if (m_follow)
            scrollToBottom();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow && !m_scrollTimer->isActive())
            m_scrollTimer->start();
    });
}

void EventTableView::setFollowTail(bool follow)
{
    m_follow = follow;
    if (follow)
        scrollToBottom();
}
