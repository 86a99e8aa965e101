// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "server/mockrecords.h"

#include <QAbstractTableModel>
#include <QList>

// The mock server's connected streams as a table: one row per client, by client number.
// setClients() takes a fresh snapshot and turns it into row removals, insertions and
// changed cells, so a view keeps its selection and scroll position across refreshes.
class MockClientsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        ClientColumn,
        PeerColumn,
        LastIdColumn,
        EventsColumn,
        BufferedColumn,
        ConnectedColumn,
        ColumnCount
    };
    enum Role {
        ClientNumberRole = Qt::UserRole, // int, the server's client number
    };

    explicit MockClientsModel(QObject *parent = nullptr);

    void setClients(const QList<MockClientInfo> &snapshot);
    MockClientInfo client(int row) const { return m_clients.at(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<MockClientInfo> m_clients;
};
