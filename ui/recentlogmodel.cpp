// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "recentlogmodel.h"

#include "theme.h"

#include <QColor>
#include <QHeaderView>
#include <QTime>
#include <QTreeView>

RecentLogModel::RecentLogModel(const QStringList &headers, int maxRows, QObject *parent)
    : QAbstractTableModel(parent)
    , m_headers(QStringList {QStringLiteral("Time")} + headers)
    , m_maxRows(qMax(1, maxRows))
{ }

void RecentLogModel::prepend(const QVariantList &values, bool error)
{
    if (int(m_rows.size()) >= m_maxRows) {
        const int last = int(m_rows.size()) - 1;
        beginRemoveRows({}, last, last);
        m_rows.pop_back();
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    m_rows.push_front(
        {QTime::currentTime().toString(QStringLiteral("HH:mm:ss.zzz")), values, error});
    endInsertRows();
}

void RecentLogModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

bool RecentLogModel::isError(int row) const
{
    return row >= 0 && row < int(m_rows.size()) && m_rows.at(size_t(row)).error;
}

int RecentLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RecentLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant RecentLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(size_t(index.row()));
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        if (index.column() == 0)
            return row.time;
        return index.column() - 1 < row.values.size() ? row.values.at(index.column() - 1)
                                                      : QVariant();
    case Qt::ForegroundRole:
        if (row.error)
            return Theme::errorColor();
        return {};
    default:
        return {};
    }
}

QVariant RecentLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= m_headers.size())
        return {};
    return m_headers.at(section);
}

QTreeView *createRecentLogView(RecentLogModel *model, const QString &objectName, QWidget *parent)
{
    auto *view = new QTreeView(parent);
    view->setObjectName(objectName);
    view->setModel(model);
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAlternatingRowColors(true);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->header()->setStretchLastSection(true);
    view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return view;
}
