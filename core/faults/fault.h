// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// One fault of the catalogue: what to do, with its parameters, when to do it and to
// which clients. A plain value: FaultSpec reads it from the one-line vocabulary
// (`drop every=50`, `stall for=5s clients=1,3`), FaultScheduler decides when it fires, and the
// mock server or the tap proxy acts it out.
struct Fault
{
    enum class Kind {
        Fin, // close the stream cleanly
        Rst, // reset the connection
        Blackhole, // keep the socket, send nothing, read nothing
        Stall, // hold every byte for `for`, then send what was held
        HeartbeatPause, // no heartbeats for `for`, events continue
        Latency, // every write delayed by `ms`
        Bandwidth, // at most `bps` bytes per second
        Slice, // writes cut into pieces of `bytes` with `delay` between them
        Truncate, // half of the next event, then FIN
        Drop, // the next event never sent; with modes, the connection ends instead
        Duplicate, // the next event sent twice
        Reorder, // the next event sent after the one that follows it
        Ids, // the next event's id reset (empty) or rewritten
        ErrorEvent, // the next event replaced by an error event (overloaded), then FIN
        NotJson, // the next event's data cut in half: a whole event whose JSON is unfinished
        Retry, // a `retry:` field injected
        Garbage, // bytes that are not a clean event stream injected
        Status, // the next connection(s) answered with a chosen status
        ContentType, // the next stream(s) with a wrong or missing Content-Type
        Redirect, // the next connection(s) redirected
        SlowHeaders, // the next connection(s) accepted, the response held back for `delay`
        Gzip, // the next stream(s) compressed without per-event flush
        Refuse, // the port closed for `for`, then opened again
    };
    // How a fault acts, which decides when its effect happens once it fires.
    enum class Scope {
        Connection, // at once on the targeted open streams (fin, rst, garbage, ...)
        Event, // on the next event each targeted stream gets (drop, duplicate, ...)
        Shaping, // on every write of the targeted streams until cleared or `for` elapses
        Response, // on the next `count` connections that request the stream
        Server, // on the listening socket
    };
    enum class DropMode { Event, Fin, Rst, Truncate };
    enum class GarbageKind { Utf8, Nul, Binary, LongLine, NoEol };
    enum class IdsMode { Reset, Rewrite };

    struct Trigger
    {
        enum class Kind {
            Now, // once, when applied
            At, // once, `ms` after it was applied
            After, // once, on the `count`th event after it was applied
            EveryEvents, // on every `count`th event
            EveryTime, // every `ms`
            Probability, // on each event with `probability`
        };
        Kind kind = Kind::Now;
        qint64 ms = 0;
        qint64 count = 0;
        double probability = 0;

        bool countsEvents() const
        {
            return kind == Kind::After || kind == Kind::EveryEvents || kind == Kind::Probability;
        }
        bool isRepeating() const
        {
            return kind == Kind::EveryEvents || kind == Kind::EveryTime
                || kind == Kind::Probability;
        }
    };

    Kind kind = Kind::Fin;
    Trigger trigger;
    QList<int> clients; // client (connection) numbers from 1; empty: every client

    qint64 durationMs = 0; // `for`: stall, heartbeat-pause, refuse; shaping (0: until cleared)
    qint64 ms = 0; // latency per write; the `retry:` value
    qint64 delayMs = 0; // slice: between pieces; slow-headers: before the response
    qint64 bytes = 0; // slice: piece size; garbage longline: line length
    qint64 bps = 0; // bandwidth
    int code = 0; // status; redirect (301, 302, 303, 307, 308)
    int count = 1; // response faults: connections affected, 0 = every one until cleared
    qint64 retryAfterSeconds = -1; // status: Retry-After, -1 = none
    QList<DropMode> dropModes; // drop: empty = drop one event; otherwise cycled through
    GarbageKind garbage = GarbageKind::Utf8;
    IdsMode idsMode = IdsMode::Reset;
    QByteArray value; // content-type value (empty = header missing); ids rewrite value
    QByteArray location; // redirect target

    QString spec; // the text it was read from, for logs

    static QString kindName(Kind kind);
    static Scope scopeOf(Kind kind);
    Scope scope() const { return scopeOf(kind); }
    QString name() const { return kindName(kind); }
    bool targets(int client) const { return clients.isEmpty() || clients.contains(client); }
};
