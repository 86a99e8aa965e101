// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"
#include "sse/heartbeatrules.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <cmath>

// One frame (event or comment) of a probed stream as it arrived: when, in which read, what it
// was. Data is kept as a hash only (the resume probe compares replays by id and data).
struct DoctorArrival
{
    enum class Kind { Event, Comment };
    Kind kind = Kind::Event;
    qint64 ns = 0; // arrival, on the records' steady clock
    int conn = 0;
    bool heartbeat = false; // recognised by the heartbeat rules (any comment also keeps alive)
    QByteArray type; // event type
    QByteArray id; // the event's id when its block carried one (at most kMaxIdBytes)
    bool idInBlock = false;
    size_t dataHash = 0;
    qint64 bytes = 0; // the frame's size on the wire (0: unknown)
    qint64 readNo = 0;
    qint64 readBytes = 0;
    double stampLatencyMs = std::nan(""); // arrival minus the heartbeat's own unix-ms stamp
    // When the event says it was sent (unix ms): a timestamp in its JSON data or a time its id
    // encodes; NaN: none. Only a stream whose stamps advance with time is judged by them.
    double sentMs = std::nan("");
    double sentResolutionMs = 0; // 1000 for whole seconds
    bool sentFromId = false;

    bool keepsAlive() const { return kind == Kind::Comment || heartbeat; }
    // What a browser's EventSource hands to onmessage: events of type "message".
    bool reachesOnMessage() const { return kind == Kind::Event && type == "message"; }
};

// What one probe stream showed, bounded: at most maxArrivals frames are kept (the counts go on),
// a few frames' bytes as evidence, the response of its first attempt and how it ended. Fed the
// client's records in order (add()); the analysis reads it.
struct DoctorStream
{
    static constexpr qsizetype kMaxIdBytes = 256;
    static constexpr qsizetype kMaxSampleBytes = 200;
    static constexpr int kMaxSamples = 3;

    explicit DoctorStream(int maxArrivals = 20000, HeartbeatRules rules = HeartbeatRules())
        : maxArrivals(maxArrivals)
        , rules(rules)
        , wallOffsetMs(currentWallOffsetMs())
    { }
    static double currentWallOffsetMs();

    void add(const ClientRecord &record);
    // The time an event says it was sent, from a top-level field of its JSON data ("t", "ts",
    // "timestamp", "created_at", ... as Unix s/ms/us/ns or ISO 8601; *field names it) or from
    // its id (a Unix time, a Redis stream id, a UUIDv7, a ULID). False: neither says.
    static bool sentTime(QByteArrayView data, double *ms, double *resolutionMs, QByteArray *field);
    static bool idTime(QByteArrayView id, double *ms, double *resolutionMs);
    // The wall clock (unix ms) of a record's steady-clock time.
    double wallMs(qint64 ns) const { return double(ns) / 1e6 + wallOffsetMs; }
    // Observation stops here (the doctor's end) for a stream that had not ended by then.
    void stopObserving(qint64 ns);

    // Where the kept arrivals end: observedUntilNs, or the first frame past maxArrivals (what
    // came after it is counted, not analysed).
    qint64 analysedUntilNs() const { return firstDroppedNs > 0 ? firstDroppedNs : observedUntilNs; }
    // The time from the last byte-bearing frame (or the open) to `ns`.
    qint64 silenceBefore(qint64 ns) const;
    bool opened() const { return openNs > 0; }

    int maxArrivals;
    HeartbeatRules rules;
    double wallOffsetMs; // unix ms minus steady ms, taken when the stream was made
    QByteArray stampField; // the data field the first stamped event's time came from
    int unstampedJson = 0; // JSON events without a time field (the search stops after some)
    qint64 stampParsedBytes = 0; // JSON parsed for times (bounded)

    qint64 startNs = 0; // the first record (connecting)
    qint64 openNs = 0; // 0: never opened
    AttemptPointer attempt; // the response of the first attempt that had one
    QList<DoctorArrival> arrivals;
    qint64 droppedArrivals = 0; // past maxArrivals
    qint64 firstDroppedNs = 0;
    qint64 events = 0;
    qint64 comments = 0;
    qint64 heartbeats = 0;
    qint64 lastArrivalNs = 0;
    bool retrySeen = false;
    qint64 retryMs = 0;
    QList<QByteArray> samples; // the first frames' bytes as received, cut to kMaxSampleBytes
    QByteArray heartbeatSample;
    QStringList errors; // error records (at most kMaxSamples)

    bool ended = false; // the client's session ended (or left the open state) on its own
    qint64 endNs = 0;
    ClientState endState = ClientState::Idle;
    QString endReason;
    int endStatus = 0;
    qint64 observedUntilNs = 0; // the end, or when the doctor stopped watching
};
