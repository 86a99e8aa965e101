// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "timelinemodel.h"

#include "eventlog.h"

#include <QDateTime>

#include <algorithm>

TimelineModel::TimelineModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_wallOffsetUs(QDateTime::currentMSecsSinceEpoch() * 1000 - monotonicNowNs() / 1000)
{ }

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[size_t(index.row())];
    const qint64 wallMs = (m_wallOffsetUs + row.monotonicNs / 1000) / 1000;
    switch (role) {
    case Qt::ToolTipRole:
        // The whole text, however narrow the column.
        if (index.column() == WhatColumn || index.column() == DetailColumn)
            return row.detail.isEmpty() ? row.what : row.what + QStringLiteral(": ") + row.detail;
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(wallMs).toString(QStringLiteral("HH:mm:ss.zzz"));
        case ConnColumn:
            return row.conn > 0 ? QVariant(row.conn) : QVariant(QString());
        case WhatColumn:
            return row.what;
        case DetailColumn:
            return row.detail;
        default:
            return {};
        }
    case KindRole:
        if (row.fault)
            return QStringLiteral("fault");
        switch (row.kind) {
        case ClientRecord::Kind::Retry:
            return QStringLiteral("retry");
        case ClientRecord::Kind::Error:
            return QStringLiteral("error");
        case ClientRecord::Kind::Timing:
            return QStringLiteral("timing");
        default:
            return QStringLiteral("state");
        }
    case StateRole:
        return row.kind == ClientRecord::Kind::State && !row.fault ? int(row.state) : -1;
    case MonotonicNsRole:
        return row.monotonicNs;
    case WallTimeRole:
        return wallMs;
    case AttemptRole:
        return QVariant::fromValue(AttemptPointer(row.attempt));
    default:
        return {};
    }
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole) {
        switch (section) {
        case TimeColumn:
            return QStringLiteral("Time");
        case ConnColumn:
            return QStringLiteral("Conn");
        case WhatColumn:
            return QStringLiteral("What");
        case DetailColumn:
            return QStringLiteral("Detail");
        default:
            break;
        }
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

void TimelineModel::setCapacity(int capacity)
{
    m_capacity = std::max(1, capacity);
    trim(0);
}

void TimelineModel::trim(qsizetype incoming)
{
    const qsizetype excess = std::min<qsizetype>(qsizetype(m_rows.size()),
                                                 qsizetype(m_rows.size()) + incoming - m_capacity);
    if (excess <= 0)
        return;
    beginRemoveRows(QModelIndex(), 0, int(excess - 1));
    m_rows.erase(m_rows.begin(), m_rows.begin() + excess);
    endRemoveRows();
}

void TimelineModel::append(const QList<ClientRecord> &records)
{
    std::vector<Row> rows;
    for (const ClientRecord &r : records) {
        Row row;
        row.monotonicNs = r.monotonicNs;
        row.conn = r.conn;
        row.kind = r.kind;
        row.attempt = r.attempt;
        switch (r.kind) {
        case ClientRecord::Kind::State: {
            row.state = r.state;
            row.what = clientStateName(r.state);
            row.detail = EventLog::stateDetail(r);
            break;
        }
        case ClientRecord::Kind::Retry:
            row.what = QStringLiteral("retry");
            row.detail = QStringLiteral("server set the reconnection time to %1 ms").arg(r.retryMs);
            break;
        case ClientRecord::Kind::Error:
            row.what = QStringLiteral("error");
            row.detail = r.message;
            break;
        case ClientRecord::Kind::Timing:
            if (!r.attempt)
                continue;
            row.what = QStringLiteral("timing");
            row.detail = r.attempt->timingText();
            break;
        default:
            continue;
        }
        rows.push_back(std::move(row));
    }
    if (rows.empty())
        return;
    if (qsizetype(rows.size()) > m_capacity)
        rows.erase(rows.begin(), rows.end() - m_capacity);
    insertInOrder(std::move(rows));
}

void TimelineModel::insertInOrder(std::vector<Row> &&rows)
{
    trim(qsizetype(rows.size()));
    // Records come in time order, but a batch can reach the GUI after a fault noted at once:
    // rows older than the newest one shown go in at their place, so the timeline reads in
    // time order.
    if (m_rows.empty() || rows.front().monotonicNs >= m_rows.back().monotonicNs) {
        const int first = int(m_rows.size());
        beginInsertRows(QModelIndex(), first, first + int(rows.size()) - 1);
        m_rows.insert(m_rows.end(), std::make_move_iterator(rows.begin()),
                      std::make_move_iterator(rows.end()));
        endInsertRows();
        return;
    }
    for (Row &row : rows) {
        const auto at =
            std::upper_bound(m_rows.begin(), m_rows.end(), row.monotonicNs,
                             [](qint64 ns, const Row &other) { return ns < other.monotonicNs; });
        const int position = int(at - m_rows.begin());
        beginInsertRows(QModelIndex(), position, position);
        m_rows.insert(at, std::move(row));
        endInsertRows();
    }
}

void TimelineModel::appendFault(qint64 monotonicNs, const QString &fault, const QString &detail)
{
    Row row;
    row.monotonicNs = monotonicNs;
    row.fault = true;
    row.what = QStringLiteral("fault ") + fault;
    row.detail = detail;
    std::vector<Row> rows;
    rows.push_back(std::move(row));
    insertInOrder(std::move(rows));
}

void TimelineModel::setWallClockOrigin(qint64 monotonicNs, qint64 unixUs)
{
    m_wallOffsetUs = unixUs - monotonicNs / 1000;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn));
}

void TimelineModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}
