// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <QVariantList>

#include <deque>

class QTreeView;
class QWidget;

// A bounded log shown newest first: rows of values under fixed headers, each row stamped with
// the time of day it was added, a row marked as an error drawn in the error colour. The mock
// server dock's "Fired" list and its scenario steps are two of them.
class RecentLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // `headers` after the first column, which is always "Time".
    RecentLogModel(const QStringList &headers, int maxRows, QObject *parent = nullptr);

    int maxRows() const { return m_maxRows; }
    // Adds a row on top (the oldest beyond maxRows() go).
    void prepend(const QVariantList &values, bool error = false);
    void clear();
    bool isError(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString time;
        QVariantList values;
        bool error = false;
    };
    QStringList m_headers;
    int m_maxRows;
    std::deque<Row> m_rows; // newest first
};

// A flat, read-only view of a RecentLogModel, columns fitted to their contents.
QTreeView *createRecentLogView(RecentLogModel *model, const QString &objectName, QWidget *parent);
