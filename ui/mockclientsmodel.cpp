// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockclientsmodel.h"

#include <QLocale>

#include <algorithm>

namespace {

bool sameCells(const MockClientInfo &a, const MockClientInfo &b)
{
    return a.lastEventId == b.lastEventId && a.eventsSent == b.eventsSent
        && a.bufferedBytes == b.bufferedBytes && a.connectedMs / 1000 == b.connectedMs / 1000
        && a.peer == b.peer && a.peerPort == b.peerPort;
}

} // namespace

MockClientsModel::MockClientsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void MockClientsModel::setClients(const QList<MockClientInfo> &snapshot)
{
    // Rows are kept sorted by client number (numbers are never reused), so one merge pass over
    // the sorted snapshot finds who left, who came and who changed.
    QList<MockClientInfo> clients = snapshot;
    std::sort(clients.begin(), clients.end(),
              [](const MockClientInfo &a, const MockClientInfo &b) { return a.client < b.client; });
    qsizetype row = 0;
    qsizetype next = 0;
    while (row < m_clients.size() || next < clients.size()) {
        if (row < m_clients.size()
            && (next >= clients.size() || m_clients.at(row).client < clients.at(next).client)) {
            // Gone: remove the run of rows that left together.
            qsizetype end = row + 1;
            while (
                end < m_clients.size()
                && (next >= clients.size() || m_clients.at(end).client < clients.at(next).client))
                ++end;
            beginRemoveRows(QModelIndex(), int(row), int(end - 1));
            m_clients.remove(row, end - row);
            endRemoveRows();
        } else if (row >= m_clients.size() || clients.at(next).client < m_clients.at(row).client) {
            // New: insert the run of clients that arrived before the next known one.
            qsizetype end = next + 1;
            while (
                end < clients.size()
                && (row >= m_clients.size() || clients.at(end).client < m_clients.at(row).client))
                ++end;
            beginInsertRows(QModelIndex(), int(row), int(row + (end - next) - 1));
            for (qsizetype i = next; i < end; ++i)
                m_clients.insert(row + (i - next), clients.at(i));
            endInsertRows();
            row += end - next;
            next = end;
        } else {
            if (!sameCells(m_clients.at(row), clients.at(next))) {
                m_clients[row] = clients.at(next);
                Q_EMIT dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1),
                                   {Qt::DisplayRole});
            }
            ++row;
            ++next;
        }
    }
}

int MockClientsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_clients.size());
}

int MockClientsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MockClientsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MockClientInfo &c = m_clients.at(index.row());
    if (role == ClientNumberRole)
        return c.client;
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case ClientColumn:
        case EventsColumn:
        case BufferedColumn:
        case ConnectedColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case ClientColumn:
        return c.client;
    case PeerColumn:
        return QString(c.peer.toString() + QLatin1Char(':') + QString::number(c.peerPort));
    case LastIdColumn:
        return QString::fromUtf8(c.lastEventId);
    case EventsColumn:
        return locale.toString(c.eventsSent);
    case BufferedColumn:
        return locale.formattedDataSize(c.bufferedBytes, 1, QLocale::DataSizeTraditionalFormat);
    case ConnectedColumn:
        return QStringLiteral("%1 s").arg(c.connectedMs / 1000);
    default:
        return {};
    }
}

QVariant MockClientsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ClientColumn:
        return QStringLiteral("Client");
    case PeerColumn:
        return QStringLiteral("Peer");
    case LastIdColumn:
        return QStringLiteral("Last id sent");
    case EventsColumn:
        return QStringLiteral("Events");
    case BufferedColumn:
        return QStringLiteral("Buffered");
    case ConnectedColumn:
        return QStringLiteral("Connected");
    default:
        return {};
    }
}
