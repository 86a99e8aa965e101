// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "faults/fault.h"
#include "sse/heartbeatrules.h"
#include "sse/sseparser.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

class StreamFaults;

// The event side of a tap proxy stream: observes the decoded body of a text/event-stream with an
// SseParser (best effort: a cap stops observation, never the bytes) and, once faults are
// engaged, cuts it into units: an event with its lines, a lone comment, a blank block. Lines are
// split with LineScanner, in any slicing (a CR LF split across reads included). Units count
// events for the fault triggers (heartbeats, by the client's HeartbeatRules, do not). Once
// re-framed, the client gets the units instead of the upstream's bytes: through the stream's
// event faults (drop, truncate, duplicate, reorder, ids re-encoded with SseEncoder), with
// injected bytes (retry, garbage) between two units, heartbeats held back while paused, gzip
// when compressing, and one chunk of the proxy's own per unit when the client's body is chunked.
// Segmenting started in the middle of a stream: units start after the next dispatch.
class ProxyReframer : private SseParser::Handler
{
public:
    enum class UnitKind { Event, Comment, Block };

    // Called back synchronously.
    class Host
    {
    public:
        virtual ~Host() = default;
        // False once the connection has ended (a fault may end it while a unit is sent).
        virtual bool isStreaming() const = 0;
        virtual void writeToClient(QByteArrayView bytes) = 0;
        virtual void closeForFault(Fault::DropMode mode, const QString &what) = 0;
        virtual void reportFault(int id, const Fault &fault, const QString &detail) = 0;
        // An event (not a heartbeat) was cut out / was sent: the fault triggers count it.
        virtual void eventPassed() = 0;
        virtual void eventSent() = 0;
        // Observation: every event the parser dispatches, every comment.
        virtual void eventSeen(const SseEventView &view) = 0;
        virtual void commentSeen(QByteArrayView text) = 0;
    };

    ProxyReframer(Host *host, StreamFaults &faults, const HeartbeatRules &heartbeat,
                  SseParser::Limits limits);

    // The response's body starts: observed when it is an uncompressed event stream; `chunked`:
    // the client's body is chunked (units go out in chunks of the proxy's own).
    void startBody(bool eventStream, bool chunked);
    bool isObserving() const { return m_observing; }
    QString observationError() const { return m_observationError; }
    qint64 events() const { return m_events; }
    qint64 heartbeatsDropped() const { return m_heartbeatsDropped; }
    QByteArray lastEventId() const { return m_parser.lastEventId(); }

    // Faults engaged from the first byte: cut into units, and re-framed at once with `reframe`.
    void segmentFromStart(bool reframe);
    // The client gets units from now on (gzip: the bytes are compressed from the first).
    void reframe() { m_reframed = true; }
    // Faults engaged in the middle of the stream: units start after the next dispatch.
    void segmentFromHere();
    bool isSegmenting() const { return m_segmenting; }
    bool isReframed() const { return m_reframed; }

    // Between beginRead() and endRead() a switch waits for the read's boundaries.
    void beginRead() { m_inRead = true; }
    void endRead() { m_inRead = false; }
    // A fault that acts per event is coming: re-frame at the next boundary. `bodyUntouched`:
    // nothing of the body decoded yet; `atChunkBoundary`: raw bytes may be cut here.
    void requestReframe(bool bodyUntouched, bool atChunkBoundary);
    // A switch is wanted and the stream is between two units.
    bool wantsSwitch() const { return m_switchWanted && !m_reframed && atUnitBoundary(); }
    void switchToReframed();
    // Bytes to send between two units (retry, garbage), reported when sent.
    void inject(int id, const Fault &fault, const QByteArray &bytes);

    // Decoded body bytes, in any slicing.
    void feed(QByteArrayView decoded);
    // The body ended: the parser's last event, if any.
    void finish();
    // Re-framed, the body ended: the unfinished unit as it came, an event a reorder held back,
    // the gzip tail and, when `complete` and chunked, the last chunk.
    void endReframed(bool complete);
    // The gzip stream's end (what the compressor holds, and the trailer), when compressing: a
    // stream closed by a fin fault ends its gzip body first, as the mock server's does.
    void endGzip();

private:
    bool atUnitBoundary() const { return m_unitBoundaryKnown && m_pendingBytes == 0; }
    bool feedParser(QByteArrayView bytes);
    void segment(QByteArrayView decoded);
    void feedLine(QByteArrayView line, bool blank, bool isComment);
    void processUnit(UnitKind kind, const QByteArray &bytes);
    QByteArray rewriteEventId(const QByteArray &id, bool reset) const;
    void emitBody(QByteArrayView decoded);
    void flushInjections();

    // SseParser::Handler
    void eventView(const SseEventView &view) override;
    void comment(QByteArrayView text) override;
    void retry(qint64 milliseconds) override;

    Host *m_host;
    StreamFaults &m_faults;
    const HeartbeatRules &m_heartbeat;
    SseParser m_parser;
    bool m_observing = false;
    QString m_observationError;
    qint64 m_events = 0;

    struct Injection
    {
        int id;
        Fault fault;
        QByteArray bytes;
    };
    QList<Injection> m_injections;
    bool m_segmenting = false; // the body is split into units (faults engaged)
    bool m_unitBoundaryKnown = true; // false when segmenting started in the middle of a block
    bool m_reframed = false; // the client gets units, framed by the proxy
    bool m_switchWanted = false;
    bool m_inRead = false;
    bool m_clientChunked = false; // what the client's framing is once re-framed
    bool m_crPending = false; // the last line ended in CR: an LF may follow in the next read
    qint64 m_lineBytes = 0; // of the line in progress
    bool m_lineIsComment = false;
    QByteArray m_pending; // the unit in progress (decoded bytes, kept once re-framed)
    qint64 m_pendingBytes = 0;
    bool m_lineEvent = false; // the line just fed dispatched an event
    QByteArray m_unitType;
    QByteArray m_unitData;
    QByteArray m_unitId;
    bool m_commentIsHeartbeat = false; // the comment just fed, by the heartbeat rules
    qint64 m_heartbeatsDropped = 0;
};
