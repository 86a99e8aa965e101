// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "session.h"

#include "jsonwriter.h"
#include "log/eventlog.h"
#include "log/eventtablemodel.h"
#include "recordformatter.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSaveFile>
#include <QUrlQuery>

#include <cmath>

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

bool fail(QString *errorMessage, qint64 line, const QString &what)
{
    if (errorMessage)
        *errorMessage = line > 0 ? QStringLiteral("line %1: %2").arg(line).arg(what) : what;
    return false;
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
    // t_ms counts from the first entry, on a whole microsecond so that the times read back
    // (t_ms has microsecond resolution) give the same wall-clock times.
    const qint64 originNs = log.size() > 0 ? log.at(log.firstIndex()).monotonicNs / 1000 * 1000 : 0;

    QJsonObject head;
    head.insert(QStringLiteral("kind"), QStringLiteral("session"));
    head.insert(QStringLiteral("format"), FormatVersion);
    head.insert(QStringLiteral("app"), QStringLiteral("ssemon " SSEMON_VERSION));
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

    QByteArray buffer = QJsonDocument(head).toJson(QJsonDocument::Compact);
    buffer.append('\n');

    RecordFormatter formatter(RecordFormatter::Style::Json);
    formatter.setOrigin(originNs);
    qint64 events = 0;
    QByteArray lastId;
    for (qint64 i = log.firstIndex(); i < log.endIndex(); ++i) {
        const LogEntry &entry = log.at(i);
        const qint64 tUs = formatter.sinceOrigin(entry.monotonicNs);
        if (entry.kind == LogEntry::Kind::Comment) {
            formatter.appendComment(buffer, entry.data(), entry.conn, tUs);
        } else {
            formatter.appendEvent(buffer, entry.type(), entry.data(), entry.id(), entry.seq,
                                  entry.conn, tUs);
            ++events;
            lastId = entry.id().toByteArray();
        }
        if (entry.isHeartbeat()) {
            // The client follows every heartbeat with a ping record; so does the file, which
            // is how the heartbeat mark comes back on opening. Latencies are not kept.
            ClientRecord ping;
            ping.kind = ClientRecord::Kind::Ping;
            ping.conn = entry.conn;
            ping.monotonicNs = entry.monotonicNs;
            formatter.appendRecord(buffer, ping);
        }
        if (buffer.size() >= kFlushBytes && !flush(device, buffer, errorMessage))
            return false;
    }
    RecordFormatter::EndSummary end;
    end.lastEventId = lastId;
    end.events = events;
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

bool Session::read(QIODevice *device, SessionData *session, QString *errorMessage)
{
    *session = SessionData();
    qint64 lineNumber = 0;
    bool sawRecord = false;
    while (!device->atEnd()) {
        QByteArray line = device->readLine();
        ++lineNumber;
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
        ClientRecord record;
        record.conn = o.value(QStringLiteral("conn")).toInt();
        const QJsonValue t = o.value(QStringLiteral("t_ms"));
        record.monotonicNs = qint64(std::llround(t.toDouble() * 1e6));
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
            // A ping right after an event marks that event as the heartbeat (comments are
            // marked by EventLog::append the same way).
            if (!session->records.isEmpty()
                && session->records.constLast().kind == ClientRecord::Kind::Event)
                session->records.last().heartbeat = true;
        } else {
            continue; // state, retry, error, end: not part of the event log
        }
        session->records.append(std::move(record));
    }
    if (!session->hasHeader && !sawRecord)
        return fail(errorMessage, 0, QStringLiteral("no records: the file is empty"));
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

bool Session::exportCsv(QIODevice *device, const EventTableModel &model, QString *errorMessage)
{
    const EventLog &log = *model.log();
    QByteArray buffer("number,time,conn,kind,type,id,seq,data\r\n");
    for (int row = 0; row < model.rowCount(); ++row) {
        const qint64 index = model.logIndex(row);
        const LogEntry &entry = log.at(index);
        const bool comment = entry.kind == LogEntry::Kind::Comment;
        buffer.append(QByteArray::number(index + 1)).append(',');
        buffer.append(isoTime(log.wallClockMs(entry.monotonicNs)).toLatin1()).append(',');
        buffer.append(QByteArray::number(entry.conn)).append(',');
        buffer.append(entry.isHeartbeat() ? "heartbeat" : comment ? "comment" : "event");
        buffer.append(',');
        buffer.append(csvField(comment ? QByteArrayView() : entry.type())).append(',');
        buffer.append(csvField(entry.id())).append(',');
        if (!comment)
            buffer.append(QByteArray::number(entry.seq));
        buffer.append(',');
        buffer.append(csvField(entry.data())).append("\r\n");
        if (buffer.size() >= kFlushBytes && !flush(device, buffer, errorMessage))
            return false;
    }
    return flush(device, buffer, errorMessage);
}

bool Session::exportJson(QIODevice *device, const EventTableModel &model, QString *errorMessage)
{
    const EventLog &log = *model.log();
    QByteArray buffer("[");
    for (int row = 0; row < model.rowCount(); ++row) {
        const qint64 index = model.logIndex(row);
        const LogEntry &entry = log.at(index);
        const bool comment = entry.kind == LogEntry::Kind::Comment;
        buffer.append(row == 0 ? "\n{\"number\":" : ",\n{\"number\":");
        JsonWriter::appendInt(buffer, index + 1);
        buffer.append(",\"time\":");
        JsonWriter::appendText(buffer, isoTime(log.wallClockMs(entry.monotonicNs)));
        buffer.append(",\"conn\":");
        JsonWriter::appendInt(buffer, entry.conn);
        buffer.append(",\"kind\":");
        buffer.append(entry.isHeartbeat() ? "\"heartbeat\""
                          : comment       ? "\"comment\""
                                          : "\"event\"");
        if (!comment) {
            buffer.append(",\"type\":");
            JsonWriter::appendString(buffer, entry.type());
            buffer.append(",\"id\":");
            JsonWriter::appendString(buffer, entry.id());
            buffer.append(",\"seq\":");
            JsonWriter::appendInt(buffer, entry.seq);
        }
        buffer.append(",\"data\":");
        JsonWriter::appendString(buffer, entry.data());
        buffer.append('}');
        if (buffer.size() >= kFlushBytes && !flush(device, buffer, errorMessage))
            return false;
    }
    buffer.append("\n]\n");
    return flush(device, buffer, errorMessage);
}
