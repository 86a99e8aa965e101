// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "eventfilter.h"
#include "eventlog.h"

#include <QAbstractTableModel>
#include <QList>

#include <deque>
#include <vector>

// The event table over an EventLog: one row per shown entry, filtered by an EventFilter without
// copying entries (a filtered view is a list of absolute indexes). Rows are inserted once per
// appended batch and removed from the top as the log evicts. While paused, the log keeps
// capturing but no rows are added until resume.
//
// Sorting by a column other than arrival order takes a snapshot of the shown rows (their
// entries are shared, not copied, and outlive eviction from the log) in that order; what
// arrives meanwhile is held and counted (heldCount()) until resort() or a return to arrival
// order, so rows do not move under the reader. The field column shows one JSON field of each
// event's data, by a JSON pointer.
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
        FieldColumn, // the value at fieldPointer() in the data; hidden by views until set
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

    // The field column: the value at this pointer in an event's data (a string decoded).
    bool hasField() const { return m_hasField; }
    const JsonPointer &fieldPointer() const { return m_fieldPointer; }
    void setFieldPointer(const JsonPointer &pointer);
    void clearField();

    // Arrival order is NumberColumn ascending (TimeColumn ascending is the same order).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    bool isSorted() const { return m_sortColumn >= 0; }
    int sortColumn() const { return m_sortColumn < 0 ? int(NumberColumn) : m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    void resort(); // the snapshot taken again, with what arrived since
    qint64 heldCount() const { return isSorted() ? pendingCount() : 0; }

    const EventFilter &filter() const { return m_filter; }
    void setFilter(const EventFilter &filter); // rebuilds the shown rows
    qint64 matchCount() const { return rowCount(); }

    bool isPaused() const { return m_paused; }
    void setPaused(bool paused); // resuming adds what arrived meanwhile
    qint64 pendingCount() const; // entries captured while paused, not shown yet

    qint64 logIndex(int row) const;
    // The absolute log indexes of every row shown that the log still holds, in row order (what
    // an export writes).
    QList<qint64> logIndexes() const;
    int rowForLogIndex(qint64 logIndex) const; // -1 when not shown

    static int previewChars() { return 240; }

Q_SIGNALS:
    // Rows were added, removed or refiltered; for match and pending counters.
    void countsChanged();
    void fieldChanged(); // the field column was set, changed or removed

private:
    void onAboutToEvict(qint64 count);
    void onAppended();
    void onAboutToClear();
    void onCleared();
    void catchUp();
    QVariant display(int row, const LogEntry &entry, qint64 index, int column) const;
    const LogEntry &entryAt(int row) const;
    qint64 deltaNs(int row, const LogEntry &entry, qint64 index) const; // -1: no previous
    void rebuildRows(); // the filtered rows of [m_first, m_end) afresh
    void takeSnapshot(); // m_sorted from the rows of [m_first, m_end), in the sort order

    EventLog *m_log;
    EventFilter m_filter;
    bool m_filtered = false;
    bool m_paused = false;
    qint64 m_first = 0; // unfiltered rows are log indexes [m_first, m_end)
    qint64 m_end = 0; // entries before this one have been considered for rows
    std::deque<qint64> m_rows; // filtered rows: log indexes, ascending

    struct SortedRow
    {
        LogEntry entry; // shares the log's bytes
        qint64 index = 0;
        qint64 deltaNs = -1;
    };
    int m_sortColumn = -1; // -1: arrival order
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    std::vector<SortedRow> m_sorted;

    bool m_hasField = false;
    JsonPointer m_fieldPointer;
};
