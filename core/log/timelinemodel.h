// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"

#include <QAbstractTableModel>

#include <deque>
#include <vector>

// The connection's history: every state change (with HTTP status, reason and the delay before
// a reconnect), every `retry:` the server sent and every error, with times. Bounded like the
// event log: past capacity() the oldest rows go.
class TimelineModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, ConnColumn, WhatColumn, DetailColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole, // "state", "retry" or "error"
        StateRole, // int(ClientState) for state rows, -1 otherwise
        MonotonicNsRole, // qint64
        WallTimeRole, // qint64: milliseconds since the epoch
        AttemptRole, // AttemptPointer: the request behind the row (open, timing, an answered
                     // failure), or an empty pointer
    };

    explicit TimelineModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    int capacity() const { return m_capacity; }
    void setCapacity(int capacity);

    // Takes the state, retry and error records of a batch (one insertion per batch).
    void append(const QList<ClientRecord> &records);
    // A fault seen on the stream's server (the embedded mock server's report), at a time of
    // this machine's monotonic clock.
    void appendFault(qint64 monotonicNs, const QString &fault, const QString &detail);
    // For records whose times do not come from this machine's clock (an opened session), as
    // EventLog::setWallClockOrigin().
    void setWallClockOrigin(qint64 monotonicNs, qint64 unixUs);
    void clear();

private:
    struct Row
    {
        qint64 monotonicNs = 0;
        int conn = 0;
        ClientRecord::Kind kind = ClientRecord::Kind::State;
        ClientState state = ClientState::Idle;
        bool fault = false;
        QString what;
        QString detail;
        std::shared_ptr<const AttemptInfo> attempt;
    };

    void trim(qsizetype incoming);
    void insertInOrder(std::vector<Row> &&rows); // sorted by time among themselves

    std::deque<Row> m_rows;
    int m_capacity = 10000;
    qint64 m_wallOffsetUs = 0;
};
