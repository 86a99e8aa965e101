// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "eventlog.h"

#include <QDateTime>
#include <QStringList>

#include <algorithm>
#include <climits>
#include <iterator>

EventLog::EventLog(QObject *parent)
    : QObject(parent)
    , m_wallOffsetUs(QDateTime::currentMSecsSinceEpoch() * 1000 - monotonicNowNs() / 1000)
{ }

EventLog::~EventLog() = default;

void EventLog::setCapacity(qint64 capacity)
{
    m_capacity = std::max<qint64>(1, capacity);
    if (size() > m_capacity)
        evictFront(size() - m_capacity);
}

LogEntry EventLog::makeEntry(const ClientRecord &record)
{
    LogEntry entry;
    entry.monotonicNs = record.monotonicNs;
    entry.conn = record.conn;
    if (record.rawSize > 0) {
        entry.rawSize = qint32(std::min<qint64>(record.raw.size(), INT_MAX / 2));
        entry.frameSize = qint32(std::min<qint64>(record.rawSize, INT_MAX));
    }
    const QByteArrayView raw = QByteArrayView(record.raw).first(entry.rawSize);
    if (record.kind == ClientRecord::Kind::Comment) {
        entry.kind = LogEntry::Kind::Comment;
        if (raw.isEmpty()) {
            entry.bytes = record.text; // shared, no copy
        } else {
            entry.bytes.reserve(record.text.size() + raw.size());
            entry.bytes.append(record.text).append(raw);
        }
        return entry;
    }
    const SseEvent &event = record.event;
    entry.kind = LogEntry::Kind::Event;
    entry.seq = record.seq;
    entry.idSize = qint32(event.id.size());
    entry.typeSize = qint32(event.type.size());
    // One allocation for the strings instead of four (most of an entry's weight).
    entry.bytes.reserve(event.id.size() + event.type.size() + event.data.size() + raw.size());
    entry.bytes.append(event.id).append(event.type).append(event.data).append(raw);
    if (record.heartbeat)
        entry.flags |= LogEntry::Heartbeat;
    if (event.idInBlock)
        entry.flags |= LogEntry::IdInBlock;
    return entry;
}

QString EventLog::stateDetail(const ClientRecord &r)
{
    QStringList detail;
    const QString status = QStringLiteral("HTTP %1").arg(r.httpStatus);
    // Reasons often name the status already ("HTTP 404 Not Found").
    if (r.httpStatus > 0 && !r.reason.contains(status))
        detail << status;
    if (!r.reason.isEmpty())
        detail << r.reason;
    if (r.state == ClientState::Reconnecting && r.delayMs >= 0)
        detail << QStringLiteral("next attempt in %1 ms").arg(r.delayMs);
    if (r.attempt && !r.attempt->protocol.isEmpty()) {
        detail << QStringLiteral("%1 over the %2 transport")
                      .arg(QString::fromLatin1(r.attempt->protocol),
                           QString::fromLatin1(r.attempt->transport));
    }
    return detail.join(QStringLiteral(", "));
}

LogEntry EventLog::makeConnectionEntry(const ClientRecord &record)
{
    LogEntry entry;
    entry.monotonicNs = record.monotonicNs;
    entry.conn = record.conn;
    entry.kind = LogEntry::Kind::Connection;
    const QByteArray type = clientStateName(record.state).toUtf8();
    const QByteArray data = stateDetail(record).toUtf8();
    entry.typeSize = qint32(type.size());
    entry.bytes.reserve(type.size() + data.size());
    entry.bytes.append(type).append(data);
    return entry;
}

void EventLog::append(const ClientBatch &batch)
{
    append(batch.records);
    setStats(batch.stats);
}

void EventLog::append(const QList<ClientRecord> &records)
{
    append(records.constData(), records.constData() + records.size());
}

void EventLog::append(const ClientRecord *begin, const ClientRecord *end)
{
    std::vector<LogEntry> entries;
    entries.reserve(size_t(end - begin));
    for (const ClientRecord *record = begin; record != end; ++record) {
        if (record->lens)
            setLens(record->lens, record->conn);
        switch (record->kind) {
        case ClientRecord::Kind::Event:
        case ClientRecord::Kind::Comment:
            entries.push_back(makeEntry(*record));
            break;
        case ClientRecord::Kind::Ping:
            // The client follows a heartbeat comment with its Ping record at once, so the
            // comment just before is the heartbeat (heartbeat events carry their own flag).
            if (!entries.empty()) {
                if (entries.back().kind == LogEntry::Kind::Comment)
                    entries.back().flags |= LogEntry::Heartbeat;
            } else if (!m_entries.empty() && m_entries.back().kind == LogEntry::Kind::Comment) {
                m_entries.back().flags |= LogEntry::Heartbeat; // the batch split in between
            }
            addNote(endIndex() + qint64(entries.size()), *record);
            break;
        case ClientRecord::Kind::State:
            addNote(endIndex() + qint64(entries.size()), *record);
            entries.push_back(makeConnectionEntry(*record));
            break;
        case ClientRecord::Kind::Retry:
        case ClientRecord::Kind::Error:
        case ClientRecord::Kind::Timing:
            addNote(endIndex() + qint64(entries.size()), *record);
            break;
        }
    }
    appendEntries(entries);
}

void EventLog::setLens(const std::shared_ptr<const LensReport> &lens, int conn)
{
    m_lens = lens;
    m_lensConn = conn;
}

void EventLog::addNote(qint64 position, const ClientRecord &record)
{
    if (qsizetype(m_notes.size()) >= MaxNotes) {
        m_notes.pop_front();
        ++m_notesDropped;
    }
    m_notes.push_back({position, record});
}

void EventLog::setStats(const SseClientStats &stats)
{
    m_stats = stats;
    m_hasStats = true;
}

void EventLog::appendEntry(LogEntry entry)
{
    std::vector<LogEntry> entries;
    entries.push_back(std::move(entry));
    appendEntries(entries);
}

void EventLog::appendEntries(std::vector<LogEntry> &entries)
{
    if (entries.empty())
        return;
    qint64 incoming = qint64(entries.size());
    auto begin = entries.begin();
    if (incoming > m_capacity) {
        // More than the log holds: the oldest of the batch never become rows.
        const qint64 skipped = incoming - m_capacity;
        evictFront(size());
        m_first += skipped;
        m_dropped += skipped;
        begin += skipped;
        incoming = m_capacity;
        Q_EMIT droppedChanged(m_dropped);
    } else if (size() + incoming > m_capacity) {
        // A big log makes room for a while at once: a view over it pays for a removal of rows
        // in proportion to all its rows (QHeaderView), so once per append would make a full
        // log cost that much per batch.
        const qint64 room = m_capacity >= kSlackFrom ? m_capacity / 100 : 0;
        evictFront(std::min(size(), size() + incoming - m_capacity + room));
    }
    const qint64 first = endIndex();
    m_entries.insert(m_entries.end(), std::make_move_iterator(begin),
                     std::make_move_iterator(entries.end()));
    Q_EMIT appended(first, incoming);
}

void EventLog::evictFront(qint64 count)
{
    if (count <= 0)
        return;
    Q_EMIT aboutToEvict(count);
    m_entries.erase(m_entries.begin(), m_entries.begin() + count);
    m_first += count;
    m_dropped += count;
    Q_EMIT evicted(count);
    Q_EMIT droppedChanged(m_dropped);
}

void EventLog::clear()
{
    Q_EMIT aboutToClear();
    m_first = endIndex();
    m_entries.clear();
    m_entries.shrink_to_fit();
    m_notes.clear();
    m_notesDropped = 0;
    m_stats = SseClientStats();
    m_hasStats = false;
    m_lens.reset();
    m_lensConn = 0;
    m_dropped = 0;
    Q_EMIT cleared();
    Q_EMIT droppedChanged(m_dropped);
}

void EventLog::setWallClockOrigin(qint64 monotonicNs, qint64 unixUs)
{
    m_wallOffsetUs = unixUs - monotonicNs / 1000;
}
