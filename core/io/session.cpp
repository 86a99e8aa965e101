// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "session.h"

#include "lensfactsjson.h"

#include "log/eventlog.h"
#include "recordformatter.h"
#include "util/jsonwriter.h"
#include "util/version.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSaveFile>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

const QByteArray kRedacted = QByteArrayLiteral("REDACTED");
constexpr qsizetype kFlushBytes = 1 << 20; // write in chunks: a million events is 100 MB

bool flush(QIODevice *device, QByteArray &buffer, QString *errorMessage)
{
    if (buffer.isEmpty())
        return true;
    if (device->write(buffer) != buffer.size()) {
        if (errorMessage)
            *errorMessage = QStringLiteral("cannot write: ") + device->errorString();
        return false;
    }
    buffer.clear();
    return true;
}

bool isSecretQueryItem(const QString &name)
{
    const QString lower = name.toLower();
    for (const char *word : {"token", "key", "secret", "password", "auth", "signature"}) {
        if (lower.contains(QLatin1String(word)))
            return true;
    }
    return false;
}

// One line, LF included, of at most `maxBytes`; false when it is longer (what was read of it
// is then of no use). Read through `piece`, a buffer the caller keeps for every line:
// QIODevice::readLine(n) would allocate all n bytes for each line.
bool readBoundedLine(QIODevice *device, qint64 maxBytes, QByteArray *piece, QByteArray *line)
{
    while (!device->atEnd()) {
        // readLine(data, n) gives at most n - 1 bytes.
        const qint64 want = std::min<qint64>(piece->size() - 1, maxBytes - line->size() + 1);
        const qint64 n = device->readLine(piece->data(), want + 1);
        if (n <= 0)
            break; // a read error: what there is ends the line
        line->append(piece->constData(), n);
        if (line->size() > maxBytes)
            return false;
        if (line->endsWith('\n'))
            break;
    }
    return true;
}

bool fail(QString *errorMessage, qint64 line, const QString &what)
{
    if (errorMessage)
        *errorMessage = line > 0 ? QStringLiteral("line %1: %2").arg(line).arg(what) : what;
    return false;
}

// The kind column of an export: a heartbeat, a comment, a change of the connection, an event.
QByteArrayView kindName(const LogEntry &entry)
{
    if (entry.isHeartbeat())
        return "heartbeat";
    switch (entry.kind) {
    case LogEntry::Kind::Comment:
        return "comment";
    case LogEntry::Kind::Connection:
        return "connection";
    case LogEntry::Kind::Event:
        break;
    }
    return "event";
}

QByteArray csvField(QByteArrayView value)
{
    // RFC 4180: quote when needed, double the quotes.
    bool quote = false;
    for (char c : value) {
        if (c == ',' || c == '"' || c == '\n' || c == '\r') {
            quote = true;
            break;
        }
    }
    if (!quote)
        return value.toByteArray();
    QByteArray out;
    out.reserve(value.size() + 2);
    out.append('"');
    for (char c : value) {
        if (c == '"')
            out.append('"');
        out.append(c);
    }
    out.append('"');
    return out;
}

double numberOrNan(const QJsonValue &value)
{
    return value.isDouble() ? value.toDouble() : std::nan("");
}

// The counters a reopened session shows, from its records as they are read.
void countRecord(SseClientStats &stats, const ClientRecord &record, qint64 *openSinceNs,
                 qint64 *lastNs)
{
    *lastNs = std::max(*lastNs, record.monotonicNs);
    switch (record.kind) {
    case ClientRecord::Kind::Event:
        ++stats.events;
        stats.lastEventId = record.event.id;
        break;
    case ClientRecord::Kind::Comment:
        ++stats.comments;
        break;
    case ClientRecord::Kind::Ping:
        ++stats.heartbeats;
        if (std::isfinite(record.latencyMs))
            stats.lastLatencyMs = record.latencyMs;
        break;
    case ClientRecord::Kind::Retry:
        stats.retryMs = record.retryMs;
        break;
    case ClientRecord::Kind::State:
        if (*openSinceNs >= 0 && record.state != ClientState::Open) {
            stats.uptimeMs += (record.monotonicNs - *openSinceNs) / 1000000;
            *openSinceNs = -1;
        }
        if (record.state == ClientState::Open) {
            ++stats.connections;
            if (*openSinceNs < 0)
                *openSinceNs = record.monotonicNs;
        } else if (record.state == ClientState::Reconnecting) {
            ++stats.reconnects;
        } else if (record.state == ClientState::Connecting) {
            ++stats.attempts;
        }
        break;
    case ClientRecord::Kind::Error:
    case ClientRecord::Kind::Timing:
        break;
    }
}

QString isoTime(qint64 unixMs)
{
    return QDateTime::fromMSecsSinceEpoch(unixMs).toString(Qt::ISODateWithMs);
}

} // namespace

bool Session::isSecretHeader(QByteArrayView name)
{
    const QByteArray lower = name.toByteArray().toLower();
    if (lower == "cookie" || lower == "set-cookie")
        return true;
    for (const char *word : {"authorization", "token", "secret", "api-key", "apikey", "password"}) {
        if (lower.contains(word))
            return true;
    }
    return false;
}

SseClientOptions Session::redacted(const SseClientOptions &request)
{
    SseClientOptions out = request;
    for (auto &header : out.headers) {
        if (isSecretHeader(header.first))
            header.second = kRedacted;
    }
    if (!out.url.password().isEmpty())
        out.url.setPassword(QString::fromLatin1(kRedacted));
    QUrlQuery query(out.url);
    QList<QPair<QString, QString>> items = query.queryItems(QUrl::FullyEncoded);
    bool changed = false;
    for (auto &item : items) {
        if (isSecretQueryItem(item.first)) {
            item.second = QString::fromLatin1(kRedacted);
            changed = true;
        }
    }
    if (changed) {
        query.setQueryItems(items);
        out.url.setQuery(query);
    }
    return out;
}

bool Session::write(QIODevice *device, const EventLog &log, const SseClientOptions &request,
                    bool includeSecrets, QString *errorMessage)
{
    const SseClientOptions shown = includeSecrets ? request : redacted(request);
    const std::deque<LogNote> &notes = log.notes();
    // t_ms counts from the first record kept, on a whole microsecond so that the times read
    // back (t_ms has microsecond resolution) give the same wall-clock times.
    qint64 firstNs = log.size() > 0 ? log.at(log.firstIndex()).monotonicNs : 0;
    if (!notes.empty() && (log.size() == 0 || notes.front().record.monotonicNs < firstNs))
        firstNs = notes.front().record.monotonicNs;
    const qint64 originNs = firstNs / 1000 * 1000;

    QJsonObject head;
    head.insert(QStringLiteral("kind"), QStringLiteral("session"));
    head.insert(QStringLiteral("format"), FormatVersion);
    head.insert(QStringLiteral("app"),
                QString(QStringLiteral("ssemon ") + QLatin1String(Version::number())));
    head.insert(QStringLiteral("started"), isoTime(log.wallClockMs(originNs)));
    head.insert(QStringLiteral("started_unix_us"), double(log.wallClockUs(originNs)));
    head.insert(QStringLiteral("url"), shown.url.toString(QUrl::FullyEncoded));
    head.insert(QStringLiteral("method"), QString::fromUtf8(shown.method));
    QJsonArray headers;
    for (const auto &header : shown.headers) {
        headers.append(
            QJsonArray {QString::fromUtf8(header.first), QString::fromUtf8(header.second)});
    }
    head.insert(QStringLiteral("headers"), headers);
    head.insert(QStringLiteral("body"), QString::fromUtf8(shown.body));
    head.insert(QStringLiteral("last_event_id"), QString::fromUtf8(shown.lastEventId));
    head.insert(QStringLiteral("secrets"),
                includeSecrets ? QStringLiteral("included") : QStringLiteral("redacted"));
    head.insert(QStringLiteral("dropped"), double(log.dropped()));
    if (log.notesDropped() > 0)
        head.insert(QStringLiteral("notes_dropped"), double(log.notesDropped()));

    QByteArray buffer = QJsonDocument(head).toJson(QJsonDocument::Compact);
    buffer.append('\n');

    RecordFormatter formatter(RecordFormatter::Style::Json);
    formatter.setOrigin(originNs);
    qint64 events = 0;
    QByteArray lastId;
    qint64 retryMs = -1;
    auto note = notes.begin();
    // The notes that came before the entry at `position`, in their place.
    auto writeNotes = [&](qint64 position) {
        for (; note != notes.end() && note->position <= position; ++note) {
            formatter.appendRecord(buffer, note->record);
            if (note->record.kind == ClientRecord::Kind::Retry)
                retryMs = note->record.retryMs;
        }
    };
    for (qint64 i = log.firstIndex(); i < log.endIndex(); ++i) {
        writeNotes(i);
        const LogEntry &entry = log.at(i);
        if (entry.kind == LogEntry::Kind::Connection)
            continue; // its state record, just written, makes it again on opening
        const qint64 tUs = formatter.sinceOrigin(entry.monotonicNs);
        if (entry.kind == LogEntry::Kind::Comment) {
            formatter.appendComment(buffer, entry.data(), entry.conn, tUs);
        } else {
            formatter.appendEvent(buffer, entry.type(), entry.data(), entry.id(), entry.seq,
                                  entry.conn, tUs);
            ++events;
            lastId = entry.id().toByteArray();
        }
        const bool pingNoted = note != notes.end() && note->position == i + 1
            && note->record.kind == ClientRecord::Kind::Ping;
        if (entry.isHeartbeat() && !pingNoted) {
            // The client follows every heartbeat with a ping record; so does the file, which
            // is how the heartbeat mark comes back on opening (its latency was not kept).
            ClientRecord ping;
            ping.kind = ClientRecord::Kind::Ping;
            ping.conn = entry.conn;
            ping.monotonicNs = entry.monotonicNs;
            formatter.appendRecord(buffer, ping);
        }
        if (buffer.size() >= kFlushBytes && !flush(device, buffer, errorMessage))
            return false;
    }
    writeNotes(std::numeric_limits<qint64>::max());
    if (log.lens()) {
        // In full, so that the reopened session shows the answer and the figures as they were.
        QJsonObject facts;
        facts.insert(QStringLiteral("kind"), QStringLiteral("lens_facts"));
        facts.insert(QStringLiteral("conn"), log.lensConn());
        facts.insert(QStringLiteral("facts"), LensFactsJson::toJson(log.lens()->facts));
        buffer.append(QJsonDocument(facts).toJson(QJsonDocument::Compact)).append('\n');
    }
    RecordFormatter::EndSummary end;
    end.lastEventId = lastId;
    end.events = events;
    end.retryMs = retryMs;
    if (log.hasStats()) {
        // The client's totals: they also count what went past the log's cap.
        const SseClientStats &stats = log.stats();
        end.lastEventId = stats.lastEventId;
        end.events = std::max(events, stats.events);
        end.reconnects = stats.reconnects;
        end.lost = stats.lost;
        end.duplicates = stats.duplicates;
        end.bytes = stats.bytes;
    }
    formatter.appendEnd(buffer, end);
    return flush(device, buffer, errorMessage);
}

bool Session::save(const QString &fileName, const EventLog &log, const SseClientOptions &request,
                   bool includeSecrets, QString *errorMessage)
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        return fail(errorMessage, 0,
                    QStringLiteral("cannot write %1: %2").arg(fileName, file.errorString()));
    }
    if (!write(&file, log, request, includeSecrets, errorMessage))
        return false;
    if (!file.commit()) {
        return fail(errorMessage, 0,
                    QStringLiteral("cannot write %1: %2").arg(fileName, file.errorString()));
    }
    return true;
}

bool Session::read(QIODevice *device, SessionData *session, QString *errorMessage,
                   qint64 maxLineBytes)
{
    *session = SessionData();
    qint64 openSinceNs = -1;
    qint64 lastNs = 0;
    qint64 lineNumber = 0;
    bool sawRecord = false;
    QByteArray piece(64 * 1024, Qt::Uninitialized);
    while (!device->atEnd()) {
        QByteArray line;
        const bool complete = readBoundedLine(device, maxLineBytes, &piece, &line);
        ++lineNumber;
        if (!complete) {
            return fail(
                errorMessage, lineNumber,
                QStringLiteral("longer than %1 bytes: not a session record").arg(maxLineBytes));
        }
        if (line.endsWith('\n'))
            line.chop(1);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            return fail(errorMessage, lineNumber,
                        QStringLiteral("not JSON (%1 at column %2)")
                            .arg(parseError.errorString())
                            .arg(parseError.offset + 1));
        }
        if (!doc.isObject())
            return fail(errorMessage, lineNumber, QStringLiteral("not a JSON object"));
        const QJsonObject o = doc.object();
        const QString kind = o.value(QStringLiteral("kind")).toString();
        if (kind.isEmpty())
            return fail(errorMessage, lineNumber, QStringLiteral("no \"kind\" field"));

        if (kind == QLatin1String("session")) {
            if (sawRecord || session->hasHeader) {
                return fail(errorMessage, lineNumber,
                            QStringLiteral("a session header must be the first line"));
            }
            const int format = o.value(QStringLiteral("format")).toInt();
            if (format > FormatVersion) {
                return fail(errorMessage, lineNumber,
                            QStringLiteral("session format %1 is newer than this ssemon "
                                           "reads (%2)")
                                .arg(format)
                                .arg(FormatVersion));
            }
            session->hasHeader = true;
            session->startedUnixUs = o.value(QStringLiteral("started_unix_us")).toInteger();
            SseClientOptions &r = session->request;
            r.url = QUrl(o.value(QStringLiteral("url")).toString());
            const QString method = o.value(QStringLiteral("method")).toString();
            if (!method.isEmpty())
                r.method = method.toUtf8();
            for (const QJsonValue &h : o.value(QStringLiteral("headers")).toArray()) {
                const QJsonArray pair = h.toArray();
                if (pair.size() != 2) {
                    return fail(errorMessage, lineNumber,
                                QStringLiteral("a header must be a [name, value] pair"));
                }
                r.headers.append({pair.at(0).toString().toUtf8(), pair.at(1).toString().toUtf8()});
            }
            r.body = o.value(QStringLiteral("body")).toString().toUtf8();
            r.lastEventId = o.value(QStringLiteral("last_event_id")).toString().toUtf8();
            continue;
        }

        sawRecord = true;
        if (kind == QLatin1String("lens_facts")) {
            LensFacts facts;
            QString why;
            if (!LensFactsJson::fromJson(o.value(QStringLiteral("facts")).toObject(), &facts,
                                         &why)) {
                return fail(errorMessage, lineNumber, QStringLiteral("lens facts: ") + why);
            }
            session->lens = std::make_shared<const LensReport>(LensReport {{}, std::move(facts)});
            session->lensConn = o.value(QStringLiteral("conn")).toInt();
            continue;
        }
        ClientRecord record;
        record.conn = o.value(QStringLiteral("conn")).toInt();
        const QJsonValue t = o.value(QStringLiteral("t_ms"));
        // Bounded (about 30 years) so that the sums and differences of times below cannot
        // overflow; past it (or not a number) the line is not a capture's record.
        const double tMs = t.toDouble();
        if (!std::isfinite(tMs) || std::abs(tMs) > 1e12)
            return fail(errorMessage, lineNumber, QStringLiteral("\"t_ms\" out of range"));
        record.monotonicNs = qint64(std::llround(tMs * 1e6));
        if (kind == QLatin1String("event")) {
            const QJsonValue data = o.value(QStringLiteral("data"));
            if (!data.isString())
                return fail(errorMessage, lineNumber, QStringLiteral("an event without \"data\""));
            record.kind = ClientRecord::Kind::Event;
            record.event.data = data.toString().toUtf8();
            record.event.type = o.value(QStringLiteral("type")).toString().toUtf8();
            if (record.event.type.isEmpty())
                record.event.type = QByteArrayLiteral("message");
            record.event.id = o.value(QStringLiteral("id")).toString().toUtf8();
            record.seq = o.value(QStringLiteral("seq")).toInteger();
        } else if (kind == QLatin1String("comment")) {
            const QJsonValue text = o.value(QStringLiteral("text"));
            if (!text.isString())
                return fail(errorMessage, lineNumber, QStringLiteral("a comment without \"text\""));
            record.kind = ClientRecord::Kind::Comment;
            record.text = text.toString().toUtf8();
        } else if (kind == QLatin1String("ping")) {
            record.kind = ClientRecord::Kind::Ping;
            record.latencyMs = numberOrNan(o.value(QStringLiteral("latency_ms")));
            record.intervalMs = numberOrNan(o.value(QStringLiteral("interval_ms")));
            // A ping right after an event marks that event as the heartbeat (comments are
            // marked by EventLog::append the same way).
            if (!session->records.isEmpty()
                && session->records.constLast().kind == ClientRecord::Kind::Event)
                session->records.last().heartbeat = true;
        } else if (kind == QLatin1String("state")) {
            const QString name = o.value(QStringLiteral("state")).toString();
            if (!parseClientState(name, &record.state)) {
                return fail(errorMessage, lineNumber,
                            QStringLiteral("unknown state \"%1\"").arg(name));
            }
            record.kind = ClientRecord::Kind::State;
            record.httpStatus = o.value(QStringLiteral("status")).toInt();
            record.reason = o.value(QStringLiteral("reason")).toString();
            record.delayMs = o.value(QStringLiteral("delay_ms")).toInteger(-1);
            const QString protocol = o.value(QStringLiteral("protocol")).toString();
            if (!protocol.isEmpty()) {
                auto attempt = std::make_shared<AttemptInfo>();
                attempt->protocol = protocol.toUtf8();
                attempt->transport = o.value(QStringLiteral("transport")).toString().toUtf8();
                attempt->status = record.httpStatus;
                record.attempt = std::move(attempt);
            }
        } else if (kind == QLatin1String("timing")) {
            record.kind = ClientRecord::Kind::Timing;
            auto attempt = std::make_shared<AttemptInfo>();
            attempt->transport = o.value(QStringLiteral("transport")).toString().toUtf8();
            attempt->protocol = o.value(QStringLiteral("protocol")).toString().toUtf8();
            // The phases are offsets from the request's start; any base does.
            AttemptTiming &timing = attempt->timing;
            timing.startNs = 1;
            const auto phases = timing.phases();
            for (int i = 0; i < AttemptTiming::kPhases; ++i) {
                const QJsonValue v = o.value(QLatin1String(phases[i].key));
                timing.setOffset(i, v.isDouble() ? std::llround(v.toDouble() * 1000) * 1000 : -1);
            }
            record.attempt = std::move(attempt);
        } else if (kind == QLatin1String("retry")) {
            const QJsonValue ms = o.value(QStringLiteral("ms"));
            if (!ms.isDouble() || ms.toDouble() < 0)
                return fail(errorMessage, lineNumber, QStringLiteral("a retry without \"ms\""));
            record.kind = ClientRecord::Kind::Retry;
            record.retryMs = ms.toInteger();
        } else if (kind == QLatin1String("error")) {
            record.kind = ClientRecord::Kind::Error;
            record.message = o.value(QStringLiteral("message")).toString();
        } else if (kind == QLatin1String("end")) {
            session->hasEnd = true;
            SseClientStats &stats = session->stats;
            stats.events = std::max(stats.events, o.value(QStringLiteral("events")).toInteger());
            stats.reconnects = int(o.value(QStringLiteral("reconnects")).toInteger());
            stats.lost = o.value(QStringLiteral("lost")).toInteger();
            stats.duplicates = o.value(QStringLiteral("duplicates")).toInteger();
            stats.lastEventId = o.value(QStringLiteral("last_event_id")).toString().toUtf8();
            if (o.value(QStringLiteral("bytes")).isDouble())
                stats.bytes = std::max<qint64>(0, o.value(QStringLiteral("bytes")).toInteger());
            if (o.value(QStringLiteral("retry_ms")).isDouble())
                stats.retryMs = o.value(QStringLiteral("retry_ms")).toInteger();
            continue;
        } else {
            continue; // a record this version does not know (e.g. a server's log line)
        }
        countRecord(session->stats, record, &openSinceNs, &lastNs);
        session->records.append(std::move(record));
    }
    if (!session->hasHeader && !sawRecord)
        return fail(errorMessage, 0, QStringLiteral("no records: the file is empty"));
    // Time open and not open, as far as the state records tell.
    if (openSinceNs >= 0)
        session->stats.uptimeMs += (lastNs - openSinceNs) / 1000000;
    if (!session->records.isEmpty()) {
        const qint64 spanMs = (lastNs - session->records.constFirst().monotonicNs) / 1000000;
        session->stats.downtimeMs = std::max<qint64>(0, spanMs - session->stats.uptimeMs);
    }
    return true;
}

bool Session::open(const QString &fileName, SessionData *session, QString *errorMessage)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        return fail(errorMessage, 0,
                    QStringLiteral("cannot open %1: %2").arg(fileName, file.errorString()));
    }
    return read(&file, session, errorMessage);
}

bool Session::exportCsv(QIODevice *device, const EventLog &log, const QList<qint64> &indexes,
                        QString *errorMessage)
{
    QByteArray buffer("number,time,conn,kind,type,id,seq,data\r\n");
    for (const qint64 index : indexes) {
        const LogEntry &entry = log.at(index);
        const bool comment = entry.kind == LogEntry::Kind::Comment;
        buffer.append(QByteArray::number(index + 1)).append(',');
        buffer.append(isoTime(log.wallClockMs(entry.monotonicNs)).toLatin1()).append(',');
        buffer.append(QByteArray::number(entry.conn)).append(',');
        buffer.append(kindName(entry));
        buffer.append(',');
        buffer.append(csvField(comment ? QByteArrayView() : entry.type())).append(',');
        buffer.append(csvField(entry.id())).append(',');
        if (entry.kind == LogEntry::Kind::Event)
            buffer.append(QByteArray::number(entry.seq));
        buffer.append(',');
        buffer.append(csvField(entry.data())).append("\r\n");
        if (buffer.size() >= kFlushBytes && !flush(device, buffer, errorMessage))
            return false;
    }
    return flush(device, buffer, errorMessage);
}

bool Session::exportJson(QIODevice *device, const EventLog &log, const QList<qint64> &indexes,
                         QString *errorMessage)
{
    QByteArray buffer("[");
    for (qsizetype row = 0; row < indexes.size(); ++row) {
        const qint64 index = indexes[row];
        const LogEntry &entry = log.at(index);
        buffer.append(row == 0 ? "\n{\"number\":" : ",\n{\"number\":");
        JsonWriter::appendInt(buffer, index + 1);
        JsonWriter::Members fields(buffer);
        fields.text("time", isoTime(log.wallClockMs(entry.monotonicNs)))
            .integer("conn", entry.conn)
            .string("kind", kindName(entry));
        if (entry.kind == LogEntry::Kind::Event)
            fields.string("type", entry.type()).string("id", entry.id()).integer("seq", entry.seq);
        else if (entry.kind == LogEntry::Kind::Connection)
            fields.string("type", entry.type());
        fields.string("data", entry.data());
        buffer.append('}');
        if (buffer.size() >= kFlushBytes && !flush(device, buffer, errorMessage))
            return false;
    }
    buffer.append("\n]\n");
    return flush(device, buffer, errorMessage);
}
