// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "eventfilter.h"

#include <QAbstractTableModel>
#include <QList>

#include <deque>

class EventLog;

// The event table over an EventLog: one row per shown entry, filtered by an EventFilter without
// copying entries (a filtered view is a list of absolute indexes). Rows are inserted once per
// appended batch and removed from the top as the log evicts. While paused, the log keeps
// capturing but no rows are added until resume.
//
// Colours are the view's business: the model gives the row kind and the type, and the ui maps
// them to a palette.
class EventTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NumberColumn,
        TimeColumn,
        DeltaColumn,
        ConnColumn,
        TypeColumn,
        IdColumn,
        SizeColumn,
        DataColumn,
        ColumnCount
    };
    enum RowKind { EventRow, CommentRow, HeartbeatRow, ConnectionRow };
    enum Role {
        KindRole = Qt::UserRole, // RowKind
        TypeRole, // QString: the event type, "comment" for comments
        IdRole, // QString
        DataRole, // QString: the whole data (or comment text)
        RawDataRole, // QByteArray: the same as UTF-8
        SeqRole, // qint64: the client's event number, 0 for comments
        ConnRole, // int
        WallTimeRole, // qint64: arrival, milliseconds since the epoch
        MonotonicNsRole, // qint64: arrival on the client's steady clock
        SizeRole, // qint64: bytes of data
        LogIndexRole, // qint64: absolute index in the EventLog
        RawFrameRole, // QByteArray: the frame as received (or its first bytes); empty if not kept
        FrameSizeRole, // qint64: the frame's full size; 0 when its bytes were not recorded
    };

    explicit EventTableModel(EventLog *log, QObject *parent = nullptr);
    ~EventTableModel() override;

    EventLog *log() const { return m_log; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const EventFilter &filter() const { return m_filter; }
    void setFilter(const EventFilter &filter); // rebuilds the shown rows
    qint64 matchCount() const { return rowCount(); }

    bool isPaused() const { return m_paused; }
    void setPaused(bool paused); // resuming adds what arrived meanwhile
    qint64 pendingCount() const; // entries captured while paused, not shown yet

    qint64 logIndex(int row) const;
    // The absolute log indexes of every row shown, in row order (what an export writes).
    QList<qint64> logIndexes() const;
    int rowForLogIndex(qint64 logIndex) const; // -1 when not shown

    static int previewChars() { return 240; }

Q_SIGNALS:
    // Rows were added, removed or refiltered; for match and pending counters.
    void countsChanged();

private:
    void onAboutToEvict(qint64 count);
    void onAppended();
    void onAboutToClear();
    void onCleared();
    void catchUp();
    QVariant display(const LogEntry &entry, qint64 index, int column) const;

    EventLog *m_log;
    EventFilter m_filter;
    bool m_filtered = false;
    bool m_paused = false;
    qint64 m_first = 0; // unfiltered rows are log indexes [m_first, m_end)
    qint64 m_end = 0; // entries before this one have been considered for rows
    std::deque<qint64> m_rows; // filtered rows: log indexes, ascending
};
