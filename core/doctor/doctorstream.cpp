// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "doctorstream.h"

#include <QHash>

#include <algorithm>

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
