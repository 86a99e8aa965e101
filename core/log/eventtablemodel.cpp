// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "eventtablemodel.h"

#include "eventlog.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace {

// The longest prefix of at most `bytes` bytes that does not split a UTF-8 sequence.
QByteArrayView utf8Prefix(QByteArrayView data, qsizetype bytes)
{
    if (data.size() <= bytes)
        return data;
    qsizetype end = bytes;
    while (end > 0 && (uchar(data[end]) & 0xC0) == 0x80)
        --end;
    return data.first(end);
}

QString previewText(QByteArrayView data)
{
    const int chars = EventTableModel::previewChars();
    QString text = QString::fromUtf8(utf8Prefix(data, chars * 4));
    if (text.size() > chars) {
        text.truncate(chars);
        text.append(QChar(0x2026)); // …
    } else if (data.size() > chars * 4) {
        text.append(QChar(0x2026));
    }
    // One line per row: line ends show as a return symbol.
    text.replace(QLatin1Char('\n'), QChar(0x21B5));
    text.replace(QLatin1Char('\r'), QChar(0x21B5));
    return text;
}

QString durationText(qint64 ns)
{
    const double ms = double(ns) / 1e6;
    if (ms < 1000.0)
        return QString::number(ms, 'f', ms < 10.0 ? 3 : 1) + QStringLiteral(" ms");
    return QString::number(ms / 1000.0, 'f', 3) + QStringLiteral(" s");
}

QString sizeText(qint64 bytes)
{
    if (bytes < 1024)
        return QString::number(bytes) + QStringLiteral(" B");
    if (bytes < 1024 * 1024)
        return QString::number(double(bytes) / 1024.0, 'f', 1) + QStringLiteral(" KiB");
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MiB");
}

} // namespace

EventTableModel::EventTableModel(EventLog *log, QObject *parent)
    : QAbstractTableModel(parent)
    , m_log(log)
    , m_first(log->firstIndex())
    , m_end(log->endIndex())
{
    connect(log, &EventLog::aboutToEvict, this, &EventTableModel::onAboutToEvict);
    connect(log, &EventLog::appended, this, &EventTableModel::onAppended);
    connect(log, &EventLog::aboutToClear, this, &EventTableModel::onAboutToClear);
    connect(log, &EventLog::cleared, this, &EventTableModel::onCleared);
}

EventTableModel::~EventTableModel() = default;

int EventTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    if (isSorted())
        return int(m_sorted.size());
    return int(m_filtered ? qint64(m_rows.size()) : m_end - m_first);
}

int EventTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qint64 EventTableModel::logIndex(int row) const
{
    if (isSorted())
        return m_sorted[size_t(row)].index;
    return m_filtered ? m_rows[size_t(row)] : m_first + row;
}

const LogEntry &EventTableModel::entryAt(int row) const
{
    return isSorted() ? m_sorted[size_t(row)].entry : m_log->at(logIndex(row));
}

qint64 EventTableModel::deltaNs(int row, const LogEntry &entry, qint64 index) const
{
    if (isSorted())
        return m_sorted[size_t(row)].deltaNs;
    if (!m_log->contains(index - 1))
        return -1;
    return entry.monotonicNs - m_log->at(index - 1).monotonicNs;
}

QList<qint64> EventTableModel::logIndexes() const
{
    QList<qint64> indexes;
    const int rows = rowCount();
    indexes.reserve(rows);
    for (int row = 0; row < rows; ++row) {
        const qint64 index = logIndex(row);
        if (m_log->contains(index)) // a sorted snapshot may show what the log has let go
            indexes.append(index);
    }
    return indexes;
}

int EventTableModel::rowForLogIndex(qint64 logIndex) const
{
    if (isSorted()) {
        const auto it =
            std::find_if(m_sorted.begin(), m_sorted.end(),
                         [logIndex](const SortedRow &row) { return row.index == logIndex; });
        return it == m_sorted.end() ? -1 : int(it - m_sorted.begin());
    }
    if (!m_filtered)
        return (logIndex >= m_first && logIndex < m_end) ? int(logIndex - m_first) : -1;
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), logIndex);
    return (it != m_rows.end() && *it == logIndex) ? int(it - m_rows.begin()) : -1;
}

qint64 EventTableModel::pendingCount() const
{
    return std::max<qint64>(0, m_log->endIndex() - std::max(m_end, m_log->firstIndex()));
}

QVariant EventTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const qint64 at = logIndex(index.row());
    const LogEntry &entry = entryAt(index.row());
    const bool comment = entry.kind == LogEntry::Kind::Comment;
    switch (role) {
    case Qt::DisplayRole:
        return display(index.row(), entry, at, index.column());
    case Qt::ToolTipRole:
        if (index.column() == FieldColumn && m_hasField)
            return display(index.row(), entry, at, index.column());
        return index.column() == DataColumn ? previewText(entry.data()) : QVariant();
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case NumberColumn:
        case DeltaColumn:
        case ConnColumn:
        case SizeColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        case FieldColumn:
            if (m_hasField && entry.kind == LogEntry::Kind::Event
                && m_fieldPointer.find(entry.data()).type == JsonPointer::Value::Type::Number)
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case KindRole:
        if (entry.kind == LogEntry::Kind::Connection)
            return ConnectionRow;
        return entry.isHeartbeat() ? HeartbeatRow : comment ? CommentRow : EventRow;
    case TypeRole:
        return comment ? QStringLiteral("comment") : QString::fromUtf8(entry.type());
    case IdRole:
        return QString::fromUtf8(entry.id());
    case DataRole:
        return QString::fromUtf8(entry.data());
    case RawDataRole:
        return entry.data().toByteArray();
    case SeqRole:
        return entry.seq;
    case ConnRole:
        return entry.conn;
    case WallTimeRole:
        return m_log->wallClockMs(entry.monotonicNs);
    case MonotonicNsRole:
        return entry.monotonicNs;
    case SizeRole:
        return qint64(entry.data().size());
    case LogIndexRole:
        return at;
    case RawFrameRole:
        return entry.raw().toByteArray();
    case FrameSizeRole:
        return qint64(entry.frameSize);
    default:
        return {};
    }
}

QVariant EventTableModel::display(int row, const LogEntry &entry, qint64 index, int column) const
{
    const bool comment = entry.kind == LogEntry::Kind::Comment;
    switch (column) {
    case NumberColumn:
        return index + 1;
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(m_log->wallClockMs(entry.monotonicNs))
            .toString(QStringLiteral("HH:mm:ss.zzz"));
    case DeltaColumn: {
        const qint64 delta = deltaNs(row, entry, index);
        return delta < 0 ? QString() : durationText(delta);
    }
    case ConnColumn:
        return entry.conn;
    case TypeColumn:
        return comment ? QStringLiteral("comment") : QString::fromUtf8(entry.type());
    case IdColumn:
        return QString::fromUtf8(entry.id());
    case SizeColumn:
        return entry.kind == LogEntry::Kind::Connection ? QVariant()
                                                        : sizeText(entry.data().size());
    case FieldColumn:
        if (!m_hasField || entry.kind != LogEntry::Kind::Event)
            return QString();
        return previewText(m_fieldPointer.find(entry.data()).text().toUtf8());
    case DataColumn:
        return previewText(entry.data());
    default:
        return {};
    }
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NumberColumn:
            return QStringLiteral("#");
        case TimeColumn:
            return QStringLiteral("Time");
        case DeltaColumn:
            return QStringLiteral("Δ");
        case ConnColumn:
            return QStringLiteral("Conn");
        case TypeColumn:
            return QStringLiteral("Type");
        case IdColumn:
            return QStringLiteral("Id");
        case SizeColumn:
            return QStringLiteral("Size");
        case FieldColumn:
            return m_hasField ? m_fieldPointer.toString() : QStringLiteral("Field");
        case DataColumn:
            return QStringLiteral("Data");
        default:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case NumberColumn:
            return QStringLiteral("Position in this tab's log, from 1");
        case DeltaColumn:
            return QStringLiteral("Time since the previous event or comment");
        case ConnColumn:
            return QStringLiteral("Connection number (a reconnect starts the next one)");
        case IdColumn:
            return QStringLiteral("Last event ID at dispatch");
        case FieldColumn:
            return QStringLiteral("The value at JSON pointer %1 in the event's data")
                .arg(m_fieldPointer.toString());
        default:
            break;
        }
    }
    return {};
}

void EventTableModel::setFilter(const EventFilter &filter)
{
    beginResetModel();
    m_filter = filter;
    m_filtered = filter.isActive();
    if (isSorted())
        takeSnapshot();
    else
        rebuildRows();
    endResetModel();
    Q_EMIT countsChanged();
}

void EventTableModel::rebuildRows()
{
    m_rows.clear();
    m_first = std::max(m_first, m_log->firstIndex());
    m_end = std::max(m_end, m_first);
    if (m_filtered) {
        for (qint64 i = m_first; i < m_end; ++i) {
            if (m_filter.matches(m_log->at(i)))
                m_rows.push_back(i);
        }
    }
}

void EventTableModel::setFieldPointer(const JsonPointer &pointer)
{
    if (m_hasField && m_fieldPointer == pointer)
        return;
    m_hasField = true;
    m_fieldPointer = pointer;
    if (m_sortColumn == FieldColumn) {
        beginResetModel();
        takeSnapshot();
        endResetModel();
    } else if (rowCount() > 0) {
        Q_EMIT dataChanged(index(0, FieldColumn), index(rowCount() - 1, FieldColumn));
    }
    Q_EMIT headerDataChanged(Qt::Horizontal, FieldColumn, FieldColumn);
    Q_EMIT fieldChanged();
}

void EventTableModel::clearField()
{
    if (!m_hasField)
        return;
    m_hasField = false;
    m_fieldPointer = JsonPointer();
    if (m_sortColumn == FieldColumn)
        sort(NumberColumn, Qt::AscendingOrder);
    else if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, FieldColumn), index(rowCount() - 1, FieldColumn));
    Q_EMIT headerDataChanged(Qt::Horizontal, FieldColumn, FieldColumn);
    Q_EMIT fieldChanged();
}

namespace {

// What a row sorts by: numbers before text before other values (true, null, objects), and no
// value at all last whichever the order; equal keys keep arrival order.
struct SortKey
{
    enum Rank : quint8 { Number, Text, Other, None };
    Rank rank = None;
    double number = 0;
    QByteArrayView text;
    QByteArray owned; // text decoded from a JSON string with escapes
    qint64 index = 0;
    size_t row = 0;
};

SortKey::Rank numberOrText(QByteArrayView text, double *number)
{
    if (text.isEmpty())
        return SortKey::None;
    bool ok = false;
    *number = text.toDouble(&ok);
    return ok ? SortKey::Number : SortKey::Text;
}

} // namespace

void EventTableModel::sort(int column, Qt::SortOrder order)
{
    const bool arrival =
        (column == NumberColumn || column == TimeColumn) && order == Qt::AscendingOrder;
    if (column < 0 || column >= ColumnCount || (arrival && !isSorted()))
        return;
    beginResetModel();
    if (arrival) {
        m_sortColumn = -1;
        m_sortOrder = Qt::AscendingOrder;
        m_sorted = {};
        if (!m_paused)
            m_end = m_log->endIndex();
        rebuildRows();
    } else {
        m_sortColumn = column;
        m_sortOrder = order;
        if (!m_paused)
            m_end = m_log->endIndex();
        takeSnapshot();
    }
    endResetModel();
    Q_EMIT countsChanged();
}

void EventTableModel::resort()
{
    if (!isSorted())
        return;
    beginResetModel();
    if (!m_paused)
        m_end = m_log->endIndex();
    takeSnapshot();
    endResetModel();
    Q_EMIT countsChanged();
}

void EventTableModel::takeSnapshot()
{
    rebuildRows();
    const qint64 rows = m_filtered ? qint64(m_rows.size()) : m_end - m_first;
    std::vector<SortKey> keys {size_t(rows)};
    std::vector<SortedRow> taken {size_t(rows)};
    for (qint64 row = 0; row < rows; ++row) {
        const qint64 at = m_filtered ? m_rows[size_t(row)] : m_first + row;
        SortedRow &out = taken[size_t(row)];
        out.entry = m_log->at(at);
        out.index = at;
        if (m_log->contains(at - 1))
            out.deltaNs = out.entry.monotonicNs - m_log->at(at - 1).monotonicNs;
        const LogEntry &entry = out.entry;
        SortKey &key = keys[size_t(row)];
        key.index = at;
        key.row = size_t(row);
        switch (m_sortColumn) {
        case NumberColumn:
        case TimeColumn:
            key.rank = SortKey::Number;
            key.number = double(at);
            break;
        case DeltaColumn:
            key.rank = out.deltaNs < 0 ? SortKey::None : SortKey::Number;
            key.number = double(out.deltaNs);
            break;
        case ConnColumn:
            key.rank = SortKey::Number;
            key.number = entry.conn;
            break;
        case TypeColumn:
            key.rank = SortKey::Text;
            key.text =
                entry.kind == LogEntry::Kind::Comment ? QByteArrayView("comment") : entry.type();
            break;
        case IdColumn:
            // Numeric ids in number order (9 before 10), others as text.
            key.text = entry.id();
            key.rank = numberOrText(key.text, &key.number);
            break;
        case SizeColumn:
            key.rank = entry.kind == LogEntry::Kind::Connection ? SortKey::None : SortKey::Number;
            key.number = double(entry.data().size());
            break;
        case FieldColumn: {
            if (!m_hasField || entry.kind != LogEntry::Kind::Event)
                break;
            const JsonPointer::Value value = m_fieldPointer.find(entry.data());
            using Type = JsonPointer::Value::Type;
            switch (value.type) {
            case Type::Missing:
                break;
            case Type::Number:
                key.rank = SortKey::Number;
                key.number = value.number();
                break;
            case Type::String:
                key.rank = SortKey::Text;
                key.text = value.raw.sliced(1, value.raw.size() - 2);
                if (key.text.contains('\\')) {
                    key.owned = value.text().toUtf8();
                    key.text = key.owned;
                }
                break;
            default:
                key.rank = SortKey::Other;
                key.text = value.raw;
                break;
            }
            break;
        }
        case DataColumn:
            key.rank = SortKey::Text;
            key.text = entry.data();
            break;
        default:
            break;
        }
    }
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    std::sort(keys.begin(), keys.end(), [descending](const SortKey &a, const SortKey &b) {
        if (a.rank != b.rank) {
            if (a.rank == SortKey::None || b.rank == SortKey::None)
                return b.rank == SortKey::None; // no value last in either order
            return descending ? a.rank > b.rank : a.rank < b.rank;
        }
        int order = 0;
        if (a.rank == SortKey::Number) {
            order = a.number < b.number ? -1 : (b.number < a.number ? 1 : 0);
        } else if (a.rank != SortKey::None) {
            order = a.text.compare(b.text);
        }
        if (order != 0)
            return descending ? order > 0 : order < 0;
        return a.index < b.index;
    });
    m_sorted.clear();
    m_sorted.reserve(keys.size());
    for (const SortKey &key : keys)
        m_sorted.push_back(std::move(taken[key.row]));
    m_rows.clear(); // the snapshot is what is shown; rebuilt on the way back
}

void EventTableModel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (!paused)
        catchUp();
    Q_EMIT countsChanged();
}

void EventTableModel::onAboutToEvict(qint64 count)
{
    // The entries are still in the log here, so views can let go of them in an orderly way.
    const qint64 newFirst = m_log->firstIndex() + count;
    if (isSorted()) {
        // The snapshot keeps its entries; only where arrival order resumes moves on.
    } else if (m_filtered) {
        const auto end = std::lower_bound(m_rows.begin(), m_rows.end(), newFirst);
        const qint64 removed = end - m_rows.begin();
        if (removed > 0) {
            beginRemoveRows(QModelIndex(), 0, int(removed - 1));
            m_rows.erase(m_rows.begin(), end);
            m_first = newFirst;
            m_end = std::max(m_end, newFirst);
            endRemoveRows();
        }
    } else {
        const qint64 removed = std::min(m_end, newFirst) - m_first;
        if (removed > 0) {
            beginRemoveRows(QModelIndex(), 0, int(removed - 1));
            m_first = newFirst;
            m_end = std::max(m_end, newFirst);
            endRemoveRows();
        }
    }
    m_first = newFirst;
    m_end = std::max(m_end, newFirst);
    Q_EMIT countsChanged();
}

void EventTableModel::onAppended()
{
    if (!m_paused && !isSorted())
        catchUp();
    Q_EMIT countsChanged();
}

void EventTableModel::catchUp()
{
    const qint64 logEnd = m_log->endIndex();
    if (m_end < m_log->firstIndex()) {
        // Everything up to firstIndex() is gone, so there are no rows: start after the gap.
        Q_ASSERT(rowCount() == 0);
        m_first = m_end = m_log->firstIndex();
    }
    if (m_end >= logEnd)
        return;
    if (!m_filtered) {
        const int first = rowCount();
        beginInsertRows(QModelIndex(), first, int(first + (logEnd - m_end) - 1));
        m_end = logEnd;
        endInsertRows();
        return;
    }
    std::vector<qint64> matched;
    for (qint64 i = m_end; i < logEnd; ++i) {
        if (m_filter.matches(m_log->at(i)))
            matched.push_back(i);
    }
    m_end = logEnd;
    if (matched.empty())
        return;
    const int first = rowCount();
    beginInsertRows(QModelIndex(), first, int(first + qint64(matched.size()) - 1));
    m_rows.insert(m_rows.end(), matched.begin(), matched.end());
    endInsertRows();
}

void EventTableModel::onAboutToClear()
{
    beginResetModel();
}

void EventTableModel::onCleared()
{
    m_rows.clear();
    m_sorted.clear();
    m_first = m_end = m_log->endIndex();
    endResetModel();
    Q_EMIT countsChanged();
}
