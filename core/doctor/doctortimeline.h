// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>

#include <cmath>

struct DoctorStream;

// What a doctor run saw, over time, for plotting (the HTML report, JSON consumers): per stream
// (the main one, the reconnect with Last-Event-ID, and the reconnect after a finished stream's
// last event) when it was asked for, opened and ended,
// and its frames as they arrived, bounded. Times are microseconds since the run started, on
// one clock for both streams. A stream of more than kMaxPoints frames keeps one frame in each
// run of `stride` (the one after the longest silence, so that silences survive); the counts
// are the stream's own, whatever was kept.
struct DoctorTimeline
{
    static constexpr int kMaxPoints = 3000; // per stream

    struct Point
    {
        enum class Kind { Event, Comment, Heartbeat };
        static QString kindName(Kind kind); // "event", "comment", "heartbeat"

        qint64 us = 0; // arrival, since the run started
        Kind kind = Kind::Event;
        qint64 bytes = 0; // the frame on the wire (0: unknown)
        qint64 readNo = 0; // the network read that delivered it (frames of one read share it)
        int inRead = 0; // its place among the frames of that read (0: the first)
        int readFrames = 1; // the frames that read delivered (whether kept as points or not)
        qint64 gapUs = 0; // since the stream's previous frame (or its open)
        double stampLatencyMs = std::nan(""); // a heartbeat's arrival minus its own stamp
        bool replayed = false; // a reconnect's event the main stream had before it began
        bool hasStamp() const { return std::isfinite(stampLatencyMs); }
    };

    struct Stream
    {
        QString role; // "main", "resume", "after-end"
        QByteArray lastEventId; // what its request sent as Last-Event-ID (empty: none)
        qint64 startUs = -1; // the request (its first record); -1: none
        qint64 openUs = -1; // the response opened the stream; -1: never
        qint64 endUs = -1; // it ended on its own; -1: it was still open
        qint64 observedUntilUs = -1; // its end, or when the doctor stopped watching
        QString endState; // "closed", "failed", "reconnecting"; empty while open
        QString endReason; // the client's words ("stream ended", "... (TCP RST) ...")
        int status = 0; // the response's HTTP status (0: none)
        qint64 events = 0; // counted over the whole stream, heartbeat events included
        qint64 comments = 0; // heartbeat comments included
        qint64 heartbeats = 0;
        qint64 framesKept = 0; // frames the doctor kept for its analysis (the rest counted only)
        qint64 framesNotKept = 0;
        int stride = 1; // 1: every kept frame is a point
        QList<Point> points;

        bool opened() const { return openUs >= 0; }
        bool ended() const { return endUs >= 0; }
        // How it ended in one word: "FIN", "RST", "HTTP 503", "failed", "open" (still open
        // when the run ended).
        QString endShort() const;
        qint64 count(Point::Kind kind) const; // points of that kind
    };

    QDateTime startedUtc; // the run's start on the wall clock (invalid: unknown)
    QByteArray lastEventId; // what the resume reconnect sent (empty: none)
    QList<Stream> streams; // main first, then the reconnects that were made

    bool isEmpty() const { return streams.isEmpty(); }
    const Stream *stream(const QString &role) const; // nullptr: none

    // One stream's timeline, times from originNs (the run's start on the records' clock).
    // `mainIds`: the ids the main stream had before the reconnect began (a reconnect's events
    // among them are replays).
    static Stream fromStream(const DoctorStream &stream, const QString &role, qint64 originNs,
                             const QSet<QByteArray> &mainIds = {});
    // The run's: the main stream, and the reconnect when there was one.
    static DoctorTimeline fromStreams(const DoctorStream *main, const DoctorStream *resumed,
                                      const QByteArray &lastEventId, qint64 originNs,
                                      const QDateTime &startedUtc);

    // The reconnect made after the server ended the main stream, with the last event's id: its
    // events the main stream had are marked replayed (the stream started again).
    void addAfterEnd(const DoctorStream &main, const DoctorStream &afterEnd,
                     const QByteArray &lastEventId, qint64 originNs);

    // One JSON object (for DoctorReport::toJson): points as arrays in the order of "fields".
    void appendJson(QByteArray &out) const;
};
