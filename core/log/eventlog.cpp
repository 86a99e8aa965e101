// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "eventlog.h"

#include <QDateTime>

#include <algorithm>
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
    if (record.kind == ClientRecord::Kind::Comment) {
        entry.kind = LogEntry::Kind::Comment;
        entry.bytes = record.text;
        return entry;
    }
    const SseEvent &event = record.event;
    entry.kind = LogEntry::Kind::Event;
    entry.seq = record.seq;
    entry.idSize = qint32(event.id.size());
    entry.typeSize = qint32(event.type.size());
    // One allocation for the three strings instead of three (most of an entry's weight).
    entry.bytes.reserve(event.id.size() + event.type.size() + event.data.size());
    entry.bytes.append(event.id).append(event.type).append(event.data);
    if (record.heartbeat)
        entry.flags |= LogEntry::Heartbeat;
    if (event.idInBlock)
        entry.flags |= LogEntry::IdInBlock;
    return entry;
}

void EventLog::append(const ClientBatch &batch)
{
    append(batch.records);
}

void EventLog::append(const QList<ClientRecord> &records)
{
    std::vector<LogEntry> entries;
    for (const ClientRecord &record : records) {
        switch (record.kind) {
        case ClientRecord::Kind::Event:
        case ClientRecord::Kind::Comment:
            entries.push_back(makeEntry(record));
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
            break;
        case ClientRecord::Kind::Retry:
        case ClientRecord::Kind::State:
        case ClientRecord::Kind::Error:
            break;
        }
    }
    appendEntries(entries);
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
        evictFront(size() + incoming - m_capacity);
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
    m_dropped = 0;
    Q_EMIT cleared();
    Q_EMIT droppedChanged(m_dropped);
}

void EventLog::setWallClockOrigin(qint64 monotonicNs, qint64 unixUs)
{
    m_wallOffsetUs = unixUs - monotonicNs / 1000;
}
