// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "faultlistmodel.h"

#include "faultreport.h"

FaultListModel::FaultListModel(FaultController *engine, QObject *parent)
    : QAbstractTableModel(parent)
    , m_engine(engine)
{
    connect(engine, &FaultController::faultApplied, this, &FaultListModel::applied);
    connect(engine, &FaultController::faultFired, this, &FaultListModel::fired);
    connect(engine, &FaultController::faultRetired, this, &FaultListModel::retired);
    // Faults applied before the model existed.
    const QList<FaultController::Entry> entries = engine->faults();
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        Row row;
        row.id = it->id;
        row.spec = it->fault.spec.isEmpty() ? it->fault.name() : it->fault.spec;
        row.fromScenario = it->fromScenario;
        row.fired = it->fired;
        row.state = it->state;
        m_rows.append(row);
    }
}

int FaultListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FaultListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FaultListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == IdRole)
        return row.id;
    if (role == DoneRole)
        return row.done;
    if (role == Qt::ToolTipRole) {
        QString tip = QStringLiteral("applied at %1").arg(row.applied.toString(u"HH:mm:ss"));
        if (!row.last.isEmpty())
            tip += QStringLiteral("\nlast: ") + row.last;
        return tip;
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case IdColumn:
        return row.id;
    case SpecColumn:
        return row.spec;
    case FiredColumn:
        if (row.fired == 0)
            return QStringLiteral("waiting");
        return row.last.isEmpty() ? QStringLiteral("%1×").arg(row.fired)
                                  : QStringLiteral("%1×, last: %2").arg(row.fired).arg(row.last);
    case StateColumn:
        return row.done ? QStringLiteral("done") : FaultController::Entry::stateName(row.state);
    case OriginColumn:
        return row.fromScenario ? QStringLiteral("scenario") : QStringLiteral("by hand");
    default:
        return {};
    }
}

QVariant FaultListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return QStringLiteral("#");
    case SpecColumn:
        return QStringLiteral("Fault");
    case FiredColumn:
        return QStringLiteral("Fired");
    case StateColumn:
        return QStringLiteral("State");
    case OriginColumn:
        return QStringLiteral("From");
    default:
        return {};
    }
}

int FaultListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : 0;
}

void FaultListModel::remove(const QList<int> &ids)
{
    for (const int id : ids) {
        m_engine->remove(id);
        const int row = rowOf(id);
        if (row < 0)
            continue;
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
    }
}

void FaultListModel::clear()
{
    m_engine->clear();
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void FaultListModel::applied(int id)
{
    const QList<FaultController::Entry> entries = m_engine->faults();
    for (const FaultController::Entry &entry : entries) {
        if (entry.id != id)
            continue;
        Row row;
        row.id = id;
        row.spec = entry.fault.spec.isEmpty() ? entry.fault.name() : entry.fault.spec;
        row.fromScenario = entry.fromScenario;
        row.applied = QTime::currentTime();
        beginInsertRows({}, 0, 0);
        m_rows.prepend(row);
        endInsertRows();
        break;
    }
    // Bounded: the oldest rows of faults that are done go first.
    for (qsizetype i = m_rows.size() - 1; i >= 0 && m_rows.size() > MaxRows; --i) {
        if (!m_rows.at(i).done)
            continue;
        beginRemoveRows({}, int(i), int(i));
        m_rows.removeAt(i);
        endRemoveRows();
    }
}

void FaultListModel::fired(const FaultReport &report)
{
    const int row = rowOf(report.id);
    if (row < 0)
        return;
    Row &entry = m_rows[row];
    ++entry.fired;
    entry.last = report.detail;
    if (report.state == FaultReport::State::On)
        entry.state = FaultController::Entry::State::Shaping;
    else if (report.state == FaultReport::State::Armed)
        entry.state = FaultController::Entry::State::Armed;
    changed(row);
}

void FaultListModel::retired(int id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    m_rows[row].done = true;
    changed(row);
}

int FaultListModel::rowOf(int id) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return int(i);
    }
    return -1;
}

void FaultListModel::changed(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}
