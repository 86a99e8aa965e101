// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "faultcontroller.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QTime>

struct FaultReport;

// The faults a fault engine was given, newest first, as a table for views: each with its spec,
// how often it acted and what it did last, its state (waiting for its trigger, shaping, armed,
// done) and whether a scenario applied it. Fed by the engine's signals, so it lists the same
// faults the control API's `GET /faults` does (those in force), plus the ones that are done,
// which stay until removed or cleared (bounded: the oldest done ones go first).
class FaultListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { IdColumn, SpecColumn, FiredColumn, StateColumn, OriginColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole, DoneRole };
    static constexpr int MaxRows = 500;

    explicit FaultListModel(FaultController *engine, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    int idAt(int row) const;
    // Forgets these faults in the engine (they fire no more) and drops their rows.
    void remove(const QList<int> &ids);
    // Forgets every fault in the engine, a scenario's too, and empties the list.
    void clear();

private:
    struct Row
    {
        int id = 0;
        QString spec;
        bool fromScenario = false;
        FaultController::Entry::State state = FaultController::Entry::State::Scheduled;
        bool done = false; // retired by the engine: no longer listed there
        int fired = 0;
        QString last;
        QTime applied;
    };
    void applied(int id);
    void fired(const FaultReport &report);
    void retired(int id);
    int rowOf(int id) const;
    void changed(int row);

    FaultController *m_engine;
    QList<Row> m_rows; // newest first
};
