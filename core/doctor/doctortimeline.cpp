// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "doctortimeline.h"

#include "doctorstream.h"

#include "util/jsonwriter.h"

#include <algorithm>

namespace {

constexpr qint64 kNsPerUs = 1000;

} // namespace

QString DoctorTimeline::Point::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Event:
        return QStringLiteral("event");
    case Kind::Comment:
        return QStringLiteral("comment");
    case Kind::Heartbeat:
        return QStringLiteral("heartbeat");
    }
    return QString();
}

QString DoctorTimeline::Stream::endShort() const
{
    if (!opened()) {
        if (status > 0 && status != 200)
            return QStringLiteral("HTTP %1").arg(status);
        return ended() ? QStringLiteral("failed") : QStringLiteral("no response");
    }
    if (!ended())
        return QStringLiteral("open");
    // The wire transport names a reset; a clean end of a close-delimited body is a FIN.
    if (endReason.contains(QStringLiteral("TCP RST"))
        || endReason.contains(QStringLiteral("reset")))
        return QStringLiteral("RST");
    if (endReason.startsWith(QStringLiteral("stream ended")))
        return QStringLiteral("FIN");
    return endState == QStringLiteral("failed") ? QStringLiteral("failed") : QStringLiteral("cut");
}

qint64 DoctorTimeline::Stream::count(Point::Kind kind) const
{
    return std::count_if(points.cbegin(), points.cend(),
                         [kind](const Point &p) { return p.kind == kind; });
}

const DoctorTimeline::Stream *DoctorTimeline::stream(const QString &role) const
{
    for (const Stream &s : streams) {
        if (s.role == role)
            return &s;
    }
    return nullptr;
}

DoctorTimeline::Stream DoctorTimeline::fromStream(const DoctorStream &stream, const QString &role,
                                                  qint64 originNs, const QSet<QByteArray> &mainIds)
{
    const auto since = [originNs](qint64 ns) {
        return (ns - originNs) / kNsPerUs;
    };
    Stream out;
    out.role = role;
    if (stream.startNs > 0)
        out.startUs = since(stream.startNs);
    if (stream.opened())
        out.openUs = since(stream.openNs);
    if (stream.ended) {
        out.endUs = since(stream.endNs);
        out.endState = clientStateName(stream.endState);
        out.endReason = stream.endReason;
    }
    if (stream.observedUntilNs > 0)
        out.observedUntilUs = since(stream.observedUntilNs);
    out.status = stream.attempt ? stream.attempt->status : stream.endStatus;
    out.events = stream.events;
    out.comments = stream.comments;
    out.heartbeats = stream.heartbeats;
    out.framesKept = stream.arrivals.size();
    out.framesNotKept = stream.droppedArrivals;

    const QList<DoctorArrival> &arrivals = stream.arrivals;
    const qsizetype n = arrivals.size();
    out.stride = int(std::max<qsizetype>(1, (n + kMaxPoints - 1) / kMaxPoints));
    const auto gapBefore = [&](qsizetype i) {
        const qint64 previous = i > 0 ? arrivals.at(i - 1).ns : stream.openNs;
        return previous > 0 ? std::max<qint64>(0, arrivals.at(i).ns - previous) : 0;
    };
    out.points.reserve((n + out.stride - 1) / out.stride);
    // Each frame's place in its read and the read's size, over every frame, so that a point
    // tells its read's clump however few of its frames were kept.
    QList<int> inRead(n, 0);
    QList<int> readFrames(n, 1);
    for (qsizetype i = 1; i < n; ++i) {
        const qint64 read = arrivals.at(i).readNo;
        if (read > 0 && read == arrivals.at(i - 1).readNo)
            inRead[i] = inRead.at(i - 1) + 1;
    }
    for (qsizetype i = n - 1; i >= 0; --i)
        readFrames[i] = i + 1 < n && inRead.at(i + 1) > 0 ? readFrames.at(i + 1) : inRead.at(i) + 1;
    for (qsizetype from = 0; from < n; from += out.stride) {
        // One frame of each run of `stride`: the one after the longest silence, so that a
        // buffered stream's silences show whatever the downsampling.
        const qsizetype to = std::min(n, from + out.stride);
        qsizetype chosen = from;
        qint64 longest = gapBefore(from);
        for (qsizetype i = from + 1; i < to; ++i) {
            const qint64 gap = gapBefore(i);
            if (gap > longest) {
                longest = gap;
                chosen = i;
            }
        }
        const DoctorArrival &a = arrivals.at(chosen);
        Point p;
        p.us = since(a.ns);
        p.kind = a.heartbeat                       ? Point::Kind::Heartbeat
            : a.kind == DoctorArrival::Kind::Event ? Point::Kind::Event
                                                   : Point::Kind::Comment;
        p.bytes = a.bytes;
        p.readNo = a.readNo;
        p.inRead = inRead.at(chosen);
        p.readFrames = readFrames.at(chosen);
        p.gapUs = longest / kNsPerUs;
        p.stampLatencyMs = a.stampLatencyMs;
        p.replayed = p.kind == Point::Kind::Event && a.idInBlock && mainIds.contains(a.id);
        out.points.append(p);
    }
    return out;
}

namespace {

// The ids of the events a stream had before `beforeNs` (0: all of them): a reconnect's events
// among them were replayed.
QSet<QByteArray> eventIds(const DoctorStream &stream, qint64 beforeNs)
{
    QSet<QByteArray> ids;
    for (const DoctorArrival &a : stream.arrivals) {
        if (a.kind == DoctorArrival::Kind::Event && a.idInBlock
            && (beforeNs == 0 || a.ns < beforeNs))
            ids.insert(a.id);
    }
    return ids;
}

} // namespace

DoctorTimeline DoctorTimeline::fromStreams(const DoctorStream *main, const DoctorStream *resumed,
                                           const QByteArray &lastEventId, qint64 originNs,
                                           const QDateTime &startedUtc)
{
    DoctorTimeline out;
    out.startedUtc = startedUtc;
    out.lastEventId = lastEventId;
    if (!main)
        return out;
    out.streams.append(fromStream(*main, QStringLiteral("main"), originNs));
    if (resumed) {
        // A replay is what the main stream had before the reconnect was asked for: while both
        // are open, the events each gets live are the same, and no replay.
        out.streams.append(fromStream(*resumed, QStringLiteral("resume"), originNs,
                                      eventIds(*main, resumed->startNs)));
        out.streams.last().lastEventId = lastEventId;
    }
    return out;
}

void DoctorTimeline::addAfterEnd(const DoctorStream &main, const DoctorStream &afterEnd,
                                 const QByteArray &lastEventId, qint64 originNs)
{
    streams.append(fromStream(afterEnd, QStringLiteral("after-end"), originNs, eventIds(main, 0)));
    streams.last().lastEventId = lastEventId;
}

void DoctorTimeline::appendJson(QByteArray &out) const
{
    using namespace JsonWriter;
    out += "{\"started\":";
    if (startedUtc.isValid())
        appendText(out, startedUtc.toString(Qt::ISODateWithMs));
    else
        out += "null";
    Members(out)
        .text("last_event_id", QString::fromUtf8(lastEventId))
        .integer("max_points", kMaxPoints)
        .raw("fields",
             "[\"ms\",\"kind\",\"bytes\",\"read\",\"in_read\",\"read_frames\","
             "\"gap_ms\",\"stamp_latency_ms\",\"replayed\"]");
    out += ",\"streams\":[";
    for (qsizetype i = 0; i < streams.size(); ++i) {
        const Stream &s = streams.at(i);
        out += i ? ",{" : "{";
        out += "\"role\":";
        appendText(out, s.role);
        Members(out).text("last_event_id", QString::fromUtf8(s.lastEventId));
        const auto millisOrNull = [&out](QByteArrayView key, qint64 us) {
            if (us >= 0)
                Members(out).millis(key, us);
            else
                Members(out).raw(key, "null");
        };
        millisOrNull("start_ms", s.startUs);
        millisOrNull("open_ms", s.openUs);
        millisOrNull("end_ms", s.endUs);
        millisOrNull("observed_until_ms", s.observedUntilUs);
        Members(out)
            .text("end", s.endShort())
            .text("end_state", s.endState)
            .text("end_reason", s.endReason)
            .integer("status", s.status)
            .integer("events", s.events)
            .integer("comments", s.comments)
            .integer("heartbeats", s.heartbeats)
            .integer("frames_kept", s.framesKept)
            .integer("frames_not_kept", s.framesNotKept)
            .integer("stride", s.stride);
        out += ",\"points\":[";
        for (qsizetype j = 0; j < s.points.size(); ++j) {
            const Point &p = s.points.at(j);
            out += j ? ",[" : "[";
            appendMillis(out, p.us);
            out += ",\"";
            out += Point::kindName(p.kind).toLatin1();
            out += "\",";
            appendInt(out, p.bytes);
            out += ',';
            appendInt(out, p.readNo);
            out += ',';
            appendInt(out, p.inRead);
            out += ',';
            appendInt(out, p.readFrames);
            out += ',';
            appendMillis(out, p.gapUs);
            out += ',';
            appendDouble(out, p.stampLatencyMs);
            out += p.replayed ? ",true]" : ",false]";
        }
        out += "]}";
    }
    out += "]}";
}
