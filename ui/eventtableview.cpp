// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "eventtableview.h"

#include "eventdelegate.h"
#include "log/eventtablemodel.h"

#include <QHeaderView>
#include <QInputDialog>
#include <QMenu>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>

EventTableView::EventTableView(EventTableModel *model, QWidget *parent)
    : QTableView(parent)
    , m_model(model)
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
    setColumnWidth(EventTableModel::FieldColumn, digit * 14);
    setColumnHidden(EventTableModel::FieldColumn, !model->hasField());

    // Arrival order first; clicks on a header sort (the model keeps a sorted snapshot).
    columns->setSortIndicator(EventTableModel::NumberColumn, Qt::AscendingOrder);
    setSortingEnabled(true);
    columns->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(columns, &QHeaderView::customContextMenuRequested, this, &EventTableView::headerMenu);
    connect(model, &EventTableModel::fieldChanged, this, &EventTableView::fieldChanged);
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const QModelIndex current = currentIndex();
        m_selectedLogIndex = current.isValid() ? m_model->logIndex(current.row()) : -1;
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        const int row = m_selectedLogIndex < 0 ? -1 : m_model->rowForLogIndex(m_selectedLogIndex);
        m_selectedLogIndex = -1;
        if (row < 0) {
            Q_EMIT selectionLost();
            return;
        }
        // Into view up and down only: the columns stay where the reader had them.
        const int across = horizontalScrollBar()->value();
        const QModelIndex index = m_model->index(row, EventTableModel::DataColumn);
        selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        scrollTo(index, QAbstractItemView::PositionAtCenter);
        horizontalScrollBar()->setValue(across);
    });

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

bool EventTableView::showField(const QString &pointer, QString *error)
{
    JsonPointer parsed;
    if (!JsonPointer::parse(pointer.trimmed(), &parsed, error))
        return false;
    m_model->setFieldPointer(parsed);
    return true;
}

void EventTableView::removeField()
{
    m_model->clearField();
}

void EventTableView::arrivalOrder()
{
    // Through the header, so that its indicator and the model agree.
    sortByColumn(EventTableModel::NumberColumn, Qt::AscendingOrder);
}

void EventTableView::askField()
{
    QString text = m_model->hasField() ? m_model->fieldPointer().toString() : QStringLiteral("/");
    QString error;
    for (;;) {
        const QString prompt = QStringLiteral(
            "A JSON pointer into each event's data, as in /n or /choices/0/delta/content:");
        bool ok = false;
        text = QInputDialog::getText(
            this, QStringLiteral("Column from a JSON field"),
            error.isEmpty() ? prompt : QStringLiteral("%1\n\n%2").arg(error, prompt),
            QLineEdit::Normal, text, &ok);
        if (!ok || showField(text, &error))
            return;
        error = QStringLiteral("Not a JSON pointer: ") + error;
    }
}

void EventTableView::headerMenu(const QPoint &pos)
{
    QMenu menu(this);
    QAction *add =
        menu.addAction(m_model->hasField() ? QStringLiteral("Change the JSON field column…")
                                           : QStringLiteral("Column from a JSON field…"));
    connect(add, &QAction::triggered, this, &EventTableView::askField);
    if (m_model->hasField()) {
        QAction *remove = menu.addAction(
            QStringLiteral("Remove the %1 column").arg(m_model->fieldPointer().toString()));
        connect(remove, &QAction::triggered, this, &EventTableView::removeField);
    }
    if (m_model->isSorted()) {
        menu.addSeparator();
        QAction *resort = menu.addAction(QStringLiteral("Sort again, with the rows held since"));
        connect(resort, &QAction::triggered, m_model, &EventTableModel::resort);
        QAction *arrival = menu.addAction(QStringLiteral("Back to arrival order"));
        connect(arrival, &QAction::triggered, this, &EventTableView::arrivalOrder);
    }
    menu.exec(horizontalHeader()->viewport()->mapToGlobal(pos));
}

void EventTableView::fieldChanged()
{
    setColumnHidden(EventTableModel::FieldColumn, !m_model->hasField());
    if (m_model->hasField()) {
        // As wide as the values in view (and its header), within bounds: the data column
        // keeps its room.
        const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
        resizeColumnToContents(EventTableModel::FieldColumn);
        setColumnWidth(
            EventTableModel::FieldColumn,
            std::clamp(columnWidth(EventTableModel::FieldColumn), digit * 6, digit * 24));
    }
    if (!m_model->isSorted()
        && horizontalHeader()->sortIndicatorSection() != EventTableModel::NumberColumn)
        arrivalOrder();
}
