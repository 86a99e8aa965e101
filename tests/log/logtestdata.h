// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"

// Client records as the client delivers them, for the log and model tests.
namespace LogTestData {

inline ClientRecord sseEvent(qint64 seq, const QByteArray &data, const QByteArray &type = "message",
                             const QByteArray &id = QByteArray(), int conn = 1)
{
    ClientRecord r;
    r.kind = ClientRecord::Kind::Event;
    r.seq = seq;
    r.conn = conn;
    r.monotonicNs = seq * 1000000; // one event per millisecond
    r.event.type = type;
    r.event.data = data;
    r.event.id = id;
    r.event.idInBlock = !id.isEmpty();
    return r;
}

inline ClientRecord comment(const QByteArray &text, qint64 ns = 0, int conn = 1)
{
    ClientRecord r;
    r.kind = ClientRecord::Kind::Comment;
    r.text = text;
    r.conn = conn;
    r.monotonicNs = ns;
    return r;
}

inline ClientRecord ping(qint64 ns = 0)
{
    ClientRecord r;
    r.kind = ClientRecord::Kind::Ping;
    r.latencyMs = 0.5;
    r.monotonicNs = ns;
    return r;
}

inline ClientRecord state(ClientState s, qint64 ns = 0, int conn = 1)
{
    ClientRecord r;
    r.kind = ClientRecord::Kind::State;
    r.state = s;
    r.monotonicNs = ns;
    r.conn = conn;
    return r;
}

// `count` events numbered from `firstSeq`, data {"n":<seq>}.
inline QList<ClientRecord> events(qint64 firstSeq, int count)
{
    QList<ClientRecord> records;
    records.reserve(count);
    for (int i = 0; i < count; ++i) {
        const qint64 seq = firstSeq + i;
        records.append(sseEvent(seq, "{\"n\":" + QByteArray::number(seq) + '}', "message",
                                QByteArray::number(seq)));
    }
    return records;
}

} // namespace LogTestData
