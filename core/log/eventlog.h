// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QObject>
#include <QString>

#include <deque>
#include <vector>

// One row of the event log: an event, a comment or a change of the connection's state, as
// compact as it can be, because a tab keeps up to a million of them. id, type, data and the raw
// frame share one UTF-8 allocation. A connection row's type is the state's name ("open",
// "reconnecting", ...) and its data says why and how (status, protocol, delay, reason), so that
// a gap in the ids sits next to its cause.
struct LogEntry
{
    enum class Kind : quint8 { Event, Comment, Connection };
    enum Flag : quint8 { Heartbeat = 0x1, IdInBlock = 0x2 };

    qint64 monotonicNs = 0; // arrival, on the client's steady clock (monotonicNowNs())
    qint64 seq = 0; // the client's event number; 0 for comments
    QByteArray bytes; // id, type, data (or the comment text), then the raw bytes if recorded
    qint32 idSize = 0;
    qint32 typeSize = 0;
    qint32 rawSize = 0; // raw bytes kept (the first ones of the frame)
    qint32 frameSize = 0; // the frame's full size, saturated; 0: raw bytes not recorded
    qint32 conn = 0;
    Kind kind = Kind::Event;
    quint8 flags = 0;

    QByteArrayView id() const { return QByteArrayView(bytes).first(idSize); }
    QByteArrayView type() const { return QByteArrayView(bytes).sliced(idSize, typeSize); }
    QByteArrayView data() const
    {
        return QByteArrayView(bytes).sliced(idSize + typeSize,
                                            bytes.size() - idSize - typeSize - rawSize);
    }
    // The frame as received (an event's lines up to its blank line, a comment's line), or its
    // first rawSize bytes when frameSize is larger; empty when not recorded.
    QByteArrayView raw() const { return QByteArrayView(bytes).last(rawSize); }
    bool hasRaw() const { return frameSize > 0; }
    bool isHeartbeat() const { return flags & Heartbeat; }
};

// A record of the connection that is not a row of the log (a state change, a retry change, an
// error, a heartbeat's ping), with where it came in the log: after the entries before
// `position` (an absolute index). Sessions write them back in place.
struct LogNote
{
    qint64 position = 0;
    ClientRecord record;
};

// The events and comments a connection received, bounded: past capacity() the oldest entries
// go and are counted in dropped(). The connection's other records are kept beside them as
// notes (bounded by count), with the client's latest counters, so that a saved session has
// everything the client reported. Entries keep an absolute index that never changes (the first
// entry ever appended is 0), so models can refer to them across evictions.
//
// Appending a batch emits at most one aboutToEvict()/evicted() pair, then one appended(): a
// model over the log inserts and removes rows once per batch.
class EventLog : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 DefaultCapacity = 1000000;
    // From this capacity up, a full log evicts 1% more than it must, so that it evicts once
    // per that many entries instead of on every append.
    static constexpr qint64 kSlackFrom = 100000;

    explicit EventLog(QObject *parent = nullptr);
    ~EventLog() override;

    qint64 capacity() const { return m_capacity; }
    void setCapacity(qint64 capacity); // at least 1; evicts at once when over

    qint64 size() const { return qint64(m_entries.size()); }
    qint64 firstIndex() const { return m_first; } // absolute index of entry(0)
    qint64 endIndex() const { return m_first + size(); } // one past the newest
    qint64 dropped() const { return m_dropped; } // evicted over the capacity since clear()
    qint64 appendedTotal() const { return m_first + size(); }

    // By absolute index, firstIndex() <= index < endIndex().
    const LogEntry &at(qint64 index) const { return m_entries[size_t(index - m_first)]; }
    bool contains(qint64 index) const { return index >= m_first && index < endIndex(); }

    // Takes the events and comments of a batch as entries and the other records as notes (a
    // Ping also marks the comment right before it as a heartbeat); a state change is both a
    // note (what sessions save) and a connection entry (a row). A batch also brings the
    // client's counters.
    void append(const ClientBatch &batch);
    void append(const QList<ClientRecord> &records);
    void append(const ClientRecord *begin, const ClientRecord *end);
    void appendEntry(LogEntry entry); // one entry, for sessions and tests
    // Forgets every entry; the absolute index goes on from where it was.
    void clear();

    // Time since the epoch for a monotonic time, by the offset taken at construction. Kept in
    // whole microseconds, the resolution of saved sessions, so reopened times read the same.
    qint64 wallClockUs(qint64 monotonicNs) const { return m_wallOffsetUs + monotonicNs / 1000; }
    qint64 wallClockMs(qint64 monotonicNs) const { return wallClockUs(monotonicNs) / 1000; }
    // For entries whose times do not come from this machine's clock (an opened session).
    void setWallClockOrigin(qint64 monotonicNs, qint64 unixUs);

    static LogEntry makeEntry(const ClientRecord &record); // an Event or Comment record
    static LogEntry makeConnectionEntry(const ClientRecord &record); // a State record
    // What a state record says beyond its state, as the timeline and the connection rows show
    // it: status, reason, the wait before the next attempt, protocol and transport.
    static QString stateDetail(const ClientRecord &record);

    static constexpr qsizetype MaxNotes = 100000;
    const std::deque<LogNote> &notes() const { return m_notes; }
    qint64 notesDropped() const { return m_notesDropped; }
    // The client's counters as of the last batch (or as read back from a session).
    const SseClientStats &stats() const { return m_stats; }
    bool hasStats() const { return m_hasStats; }
    void setStats(const SseClientStats &stats);
    // The latest lens report a record carried (what the stream's lens understood as of it),
    // kept when its record is evicted; or as read back from a session.
    const std::shared_ptr<const LensReport> &lens() const { return m_lens; }
    int lensConn() const { return m_lensConn; }
    void setLens(const std::shared_ptr<const LensReport> &lens, int conn);

Q_SIGNALS:
    void aboutToEvict(qint64 count); // the `count` oldest entries are about to go
    void evicted(qint64 count);
    void appended(qint64 firstIndex, qint64 count); // absolute indexes of the new entries
    void aboutToClear();
    void cleared();
    void droppedChanged(qint64 dropped);

private:
    void appendEntries(std::vector<LogEntry> &entries);
    void evictFront(qint64 count);

    void addNote(qint64 position, const ClientRecord &record);

    std::deque<LogEntry> m_entries;
    std::deque<LogNote> m_notes;
    qint64 m_notesDropped = 0;
    SseClientStats m_stats;
    bool m_hasStats = false;
    std::shared_ptr<const LensReport> m_lens;
    int m_lensConn = 0;
    qint64 m_first = 0;
    qint64 m_capacity = DefaultCapacity;
    qint64 m_dropped = 0;
    qint64 m_wallOffsetUs = 0;
};
