// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "doctorstream.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace {

// JSON events looked through for a time field before the search gives up on the stream.
constexpr int kMaxUnstampedJson = 50;
constexpr qsizetype kMaxStampedData = 64 * 1024;
// JSON parsed for times per stream, at most (a flood of large events is not parsed on).
constexpr qint64 kMaxStampParseBytes = 16 * 1024 * 1024;
// Encoded times are believed between 2001 and 2100.
constexpr double kEarliestMs = 978307200000.0;
constexpr double kLatestMs = 4102444800000.0;

// A number read as Unix time in s, ms, us or ns (by its magnitude: 2001 to 2286).
bool unixTime(double v, bool whole, double *ms, double *resolutionMs)
{
    if (v >= 1e9 && v < 1e10) {
        *ms = v * 1e3;
        *resolutionMs = whole ? 1000 : 1;
    } else if (v >= 1e12 && v < 1e13) {
        *ms = v;
        *resolutionMs = 1;
    } else if (v >= 1e15 && v < 1e16) {
        *ms = v / 1e3;
        *resolutionMs = 1;
    } else if (v >= 1e18 && v < 1e19) {
        *ms = v / 1e6;
        *resolutionMs = 1;
    } else {
        return false;
    }
    return true;
}

bool allOf(QByteArrayView text, bool (*pred)(char))
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), pred);
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// A Crockford base32 digit's value, -1 for another character.
int crockford(char c)
{
    static constexpr char kDigits[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    const char upper = (c >= 'a' && c <= 'z') ? char(c - 32) : c;
    for (int i = 0; i < 32; ++i) {
        if (kDigits[i] == upper)
            return i;
    }
    return -1;
}

bool plausible(double ms)
{
    return ms >= kEarliestMs && ms < kLatestMs;
}

bool valueTime(const QJsonValue &value, double *ms, double *resolutionMs)
{
    if (value.isDouble()) {
        const double v = value.toDouble();
        return unixTime(v, v == std::floor(v), ms, resolutionMs);
    }
    if (!value.isString())
        return false;
    const QString text = value.toString();
    if (text.size() > 64)
        return false;
    bool ok = false;
    const qint64 number = text.toLongLong(&ok);
    if (ok)
        return unixTime(double(number), true, ms, resolutionMs);
    QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!when.isValid())
        when = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!when.isValid())
        return false;
    *ms = double(when.toMSecsSinceEpoch());
    const qsizetype t = text.indexOf(QLatin1Char('T'));
    *resolutionMs = t > 0 && text.indexOf(QLatin1Char('.'), t) > 0 ? 1 : 1000;
    return plausible(*ms);
}

} // namespace

double DoctorStream::currentWallOffsetMs()
{
    return double(QDateTime::currentMSecsSinceEpoch()) - double(monotonicNowNs()) / 1e6;
}

bool DoctorStream::sentTime(QByteArrayView data, double *ms, double *resolutionMs,
                            QByteArray *field)
{
    const QByteArrayView trimmed = data.trimmed();
    if (!trimmed.startsWith('{') || trimmed.size() > kMaxStampedData)
        return false;
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toByteArray());
    if (!doc.isObject())
        return false;
    const QJsonObject object = doc.object();
    for (const char *name : {"t", "ts", "time", "timestamp", "sent_at", "sentAt", "sent",
                             "created_at", "createdAt", "created", "emitted_at", "date"}) {
        const auto it = object.constFind(QLatin1String(name));
        if (it != object.constEnd() && valueTime(it.value(), ms, resolutionMs)) {
            *field = name;
            return true;
        }
    }
    return false;
}

bool DoctorStream::idTime(QByteArrayView id, double *ms, double *resolutionMs)
{
    if (allOf(id, isDigit) && id.size() >= 10 && id.size() <= 19)
        return unixTime(id.toDouble(), true, ms, resolutionMs);
    // A Redis stream id: <unix ms>-<sequence>.
    const qsizetype dash = id.indexOf('-');
    if (dash == 13 && allOf(id.first(13), isDigit) && allOf(id.sliced(14), isDigit)) {
        *ms = id.first(13).toDouble();
        *resolutionMs = 1;
        return plausible(*ms);
    }
    // A UUIDv7: its first 48 bits are the unix ms.
    if (id.size() == 36 && id.at(8) == '-' && id.at(13) == '-' && id.at(18) == '-'
        && id.at(23) == '-' && id.at(14) == '7') {
        const QByteArray hex = id.first(8).toByteArray() + id.sliced(9, 4).toByteArray();
        bool ok = false;
        const qint64 value = allOf(hex, isHex) ? hex.toLongLong(&ok, 16) : 0;
        *ms = double(value);
        *resolutionMs = 1;
        return ok && plausible(*ms);
    }
    // A ULID: 26 Crockford base32 digits, the first ten the unix ms.
    if (id.size() == 26) {
        qint64 value = 0;
        for (qsizetype i = 0; i < 26; ++i) {
            const int digit = crockford(id.at(i));
            if (digit < 0)
                return false;
            if (i < 10)
                value = value * 32 + digit;
        }
        *ms = double(value);
        *resolutionMs = 1;
        return plausible(*ms);
    }
    return false;
}

void DoctorStream::add(const ClientRecord &record)
{
    if (startNs == 0)
        startNs = record.monotonicNs;
    switch (record.kind) {
    case ClientRecord::Kind::State:
        if (record.attempt && !attempt && record.attempt->status > 0)
            attempt = record.attempt;
        if (ended)
            return;
        if (record.state == ClientState::Open) {
            if (openNs == 0)
                openNs = record.monotonicNs;
        } else if (record.state == ClientState::Closed || record.state == ClientState::Failed
                   || (record.state == ClientState::Reconnecting && openNs > 0)) {
            ended = true;
            endNs = observedUntilNs = record.monotonicNs;
            endState = record.state;
            endReason = record.reason;
            endStatus = record.httpStatus;
        }
        return;
    case ClientRecord::Kind::Timing:
        if (record.attempt && !attempt && record.attempt->status > 0)
            attempt = record.attempt;
        return;
    case ClientRecord::Kind::Retry:
        retrySeen = true;
        retryMs = record.retryMs;
        return;
    case ClientRecord::Kind::Error:
        if (errors.size() < kMaxSamples)
            errors.append(record.message);
        return;
    case ClientRecord::Kind::Ping:
        // The heartbeat frame it was read from is the last arrival.
        if (!arrivals.isEmpty() && arrivals.constLast().keepsAlive()
            && arrivals.constLast().ns <= record.monotonicNs)
            arrivals.last().stampLatencyMs = record.latencyMs;
        return;
    case ClientRecord::Kind::Event:
    case ClientRecord::Kind::Comment:
        break;
    }
    if (ended)
        return;
    DoctorArrival arrival;
    arrival.ns = record.monotonicNs;
    arrival.conn = record.conn;
    arrival.readNo = record.readNo;
    arrival.readBytes = record.readBytes;
    arrival.bytes = record.rawSize;
    if (record.kind == ClientRecord::Kind::Event) {
        ++events;
        arrival.kind = DoctorArrival::Kind::Event;
        arrival.heartbeat = record.heartbeat;
        arrival.type = record.event.type;
        arrival.idInBlock = record.event.idInBlock;
        if (record.event.idInBlock)
            arrival.id = record.event.id.left(kMaxIdBytes);
        arrival.dataHash = qHash(record.event.data);
        if (!arrival.heartbeat && arrivals.size() < maxArrivals) {
            double ms = 0;
            double resolution = 0;
            QByteArray field;
            const bool look = (!stampField.isEmpty() || unstampedJson < kMaxUnstampedJson)
                && stampParsedBytes < kMaxStampParseBytes;
            if (look && record.event.data.trimmed().startsWith('{'))
                stampParsedBytes += record.event.data.size();
            if (look && sentTime(record.event.data, &ms, &resolution, &field)) {
                arrival.sentMs = ms;
                arrival.sentResolutionMs = resolution;
                if (stampField.isEmpty())
                    stampField = field;
            } else if (record.event.idInBlock && idTime(record.event.id, &ms, &resolution)) {
                arrival.sentMs = ms;
                arrival.sentResolutionMs = resolution;
                arrival.sentFromId = true;
            } else if (look && stampField.isEmpty()
                       && record.event.data.trimmed().startsWith('{')) {
                ++unstampedJson;
            }
        }
    } else {
        ++comments;
        arrival.kind = DoctorArrival::Kind::Comment;
        arrival.heartbeat = rules.matchComment(record.text);
    }
    if (arrival.heartbeat)
        ++heartbeats;
    if (!record.raw.isEmpty()) {
        if (arrival.keepsAlive() && heartbeatSample.isEmpty())
            heartbeatSample = record.raw.left(kMaxSampleBytes);
        else if (!arrival.keepsAlive() && samples.size() < kMaxSamples)
            samples.append(record.raw.left(kMaxSampleBytes));
    }
    lastArrivalNs = arrival.ns;
    if (arrivals.size() < maxArrivals)
        arrivals.append(arrival);
    else if (droppedArrivals++ == 0)
        firstDroppedNs = arrival.ns;
}

void DoctorStream::stopObserving(qint64 ns)
{
    if (!ended)
        observedUntilNs = ns;
}

qint64 DoctorStream::silenceBefore(qint64 ns) const
{
    const qint64 from = std::max(lastArrivalNs, openNs);
    return from > 0 ? std::max<qint64>(0, ns - from) : 0;
}
