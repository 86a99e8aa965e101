// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"
#include "io/requesttemplate.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QList>

// Every request connected, newest first, with what came of it (state, status or reason,
// events received), bounded to kMaxEntries and kept in a file of its own across runs. Requests
// are kept as written ({{variables}} unresolved) and without their credentials, whatever the
// keychain could do: secret header values and the URL's password are taken out (values made
// only of references stay), and each entry lists what was left out. A body over kMaxBodyBytes
// is left out too.
class RequestHistory : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole, // quint64
        FilterRole, // method, URL, outcome and environment, for a filter
        StateRole, // int(ClientState) of the outcome
    };
    struct Entry
    {
        quint64 id = 0;
        QDateTime time; // when it was connected
        RequestTemplate request; // as written, credentials taken out
        QStringList leftOut; // what was taken out ("Authorization", "the URL's password")
        QString environment; // active when it was connected; empty: none
        ClientState state = ClientState::Connecting;
        QString detail; // the reason or status, as the tab showed it
        qint64 events = 0;
    };

    static constexpr int kMaxEntries = 200;
    static constexpr qsizetype kMaxBodyBytes = 256 * 1024;

    // Reads `fileName` (an INI file; a missing or unreadable one is an empty history).
    explicit RequestHistory(const QString &fileName = defaultFileName(), QObject *parent = nullptr);
    static QString defaultFileName(); // in the application's data directory

    QString fileName() const { return m_fileName; }
    // A request connected now: the newest entry (the oldest goes past kMaxEntries). Its id.
    quint64 record(const RequestTemplate &request, const QString &environment);
    // What came of it so far. Written to the file when its state changes, and with the final
    // count when it is final (closed, failed).
    void setOutcome(quint64 id, ClientState state, const QString &detail, qint64 events);
    const Entry *entry(quint64 id) const; // null when it is gone
    const Entry &at(int row) const { return m_entries.at(row); }
    int row(quint64 id) const; // -1 when it is gone
    void remove(quint64 id);
    void clear();
    // Writes the file now (also done by record(), remove(), clear() and final outcomes).
    bool save(QString *error = nullptr) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    static QString outcomeText(const Entry &entry); // "open · 12 events", "failed: 404 …"

private:
    void read();

    QString m_fileName;
    QList<Entry> m_entries; // newest first
    quint64 m_nextId = 1;
};
