// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "lens/lensfacts.h"
#include "sse/sseevent.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

#include <array>
#include <cmath>
#include <memory>

// Connection states of the client's state machine (connecting, open, reconnecting, closed,
// failed). Idle: never opened.
enum class ClientState { Idle, Connecting, Open, Reconnecting, Closed, Failed };

QString clientStateName(ClientState state); // "connecting", "open", ... as in the CLI records
bool parseClientState(const QString &name, ClientState *state); // false: no such name

// The steady clock (ns) that records are stamped with; consumers measure against the same one.
qint64 monotonicNowNs();

// When each phase of one request ended, on the monotonic clock (ns); 0: not reached, or not seen
// by the transport (QNAM reports no DNS or connect phase of its own, for instance).
struct AttemptTiming
{
    qint64 startNs = 0; // the request began (before any DNS lookup)
    qint64 dnsNs = 0; // the host name was resolved
    qint64 connectNs = 0; // TCP connected (through any proxy)
    qint64 tlsNs = 0; // the TLS handshake completed
    qint64 sentNs = 0; // the whole request was written
    qint64 firstByteNs = 0; // the first byte of the response arrived
    qint64 headNs = 0; // the response head was complete
    qint64 firstEventNs = 0; // the first event (or comment) was parsed

    struct Phase
    {
        const char *key; // "dns_ms", ... as in the NDJSON timing record
        const char *label; // "dns", "first byte", ... as shown
        qint64 offsetNs; // since startNs; -1: not reached or not seen
    };
    static constexpr int kPhases = 7;
    std::array<Phase, kPhases> phases() const;
    // Sets the phase at `index` of phases() to `offsetNs` after startNs (negative: not seen).
    void setOffset(int index, qint64 offsetNs);
};

// One request of a connection attempt as it went out and came back: what a response inspector
// shows. Shared by the records that refer to it (the Open state and the Timing record).
struct AttemptInfo
{
    QByteArray transport; // "wire" or "qnam"
    QByteArray protocol; // "http/1.1" or "h2"; empty: no response head
    QByteArray method;
    QByteArray url;
    QList<QPair<QByteArray, QByteArray>> requestHeaders; // as given to the transport
    int status = 0;
    QByteArray reason;
    QList<QPair<QByteArray, QByteArray>> responseHeaders;
    // A response that is no event stream (a 404 page, a JSON error): the body as far as it
    // had arrived with the head, decoded, at most kMaxBody bytes.
    QByteArray body;
    qint64 bodyBytes = 0; // of it that had arrived (body may hold less)
    static constexpr qsizetype kMaxBody = 64 * 1024;
    AttemptTiming timing;

    // "wire http/1.1: connect 0.31 ms, sent 0.35 ms, ..." (the phases seen, from the start).
    QString timingText() const;
};

using AttemptPointer = std::shared_ptr<const AttemptInfo>;

// One thing the client saw, in order, stamped in the client's own thread so that a busy
// consumer does not skew times. Only the fields of its kind are meaningful.
struct ClientRecord
{
    enum class Kind { Event, Comment, Retry, State, Ping, Error, Timing };

    Kind kind = Kind::Event;
    qint64 monotonicNs = 0; // steady clock (QElapsedTimer::msecsSinceReference() base, in ns)
    int conn = 0; // connection number, from 1

    // Event
    SseEvent event;
    qint64 seq = 0; // from 1 across connections
    bool heartbeat = false; // the event was recognised as a heartbeat
    // Comment text (valid UTF-8)
    QByteArray text;
    // Event and Comment, with SseClientOptions::captureRawFrames: the bytes as received (an
    // event's whole frame up to its blank line, a comment's line), with their line ends.
    // rawSize is the full size (0: not recorded); raw holds at most rawFrameLimit bytes of it.
    QByteArray raw;
    qint64 rawSize = 0;
    // Event and Comment: the network read that completed the frame, counted from 1 over the
    // session, and its size (the body as decoded: after chunked framing and Content-Encoding).
    // Frames of one read share both; what a reader sees of the server's writes after every
    // buffer on the way.
    qint64 readNo = 0;
    qint64 readBytes = 0;
    // Retry
    qint64 retryMs = 0;
    // State
    ClientState state = ClientState::Idle;
    int httpStatus = 0; // 0: no response
    QString reason;
    qint64 delayMs = -1; // Reconnecting: the wait before the next attempt
    // Open state, a state that a response ended (failed, reconnecting after a status) and
    // Timing: the request and response of the attempt
    std::shared_ptr<const AttemptInfo> attempt;
    // Ping
    double latencyMs = std::nan(""); // one-way, when the heartbeat carried a unix-ms time
    double intervalMs = std::nan(""); // since the previous heartbeat on this client
    // Error
    QString message;
    // Event: the answer text (first choice) the stream's lens read in it, for a reader that
    // shows only the answer as it streams (`watch --text`). Empty on most events.
    QByteArray lensText;
    // What the stream's lens learnt with this record (recognised: the Open state or an event;
    // first token, a tool call, finish, a problem: an event; the stream's end: the state that
    // ended it), with its facts as of then. Null on most records.
    std::shared_ptr<const LensReport> lens;
};

struct SseClientStats
{
    qint64 events = 0;
    qint64 comments = 0;
    qint64 heartbeats = 0;
    qint64 bytes = 0; // body bytes received
    int connections = 0; // responses that opened a stream
    int attempts = 0; // requests sent
    int reconnects = 0; // reconnect attempts scheduled
    qint64 uptimeMs = 0; // total time open
    qint64 downtimeMs = 0; // total time not open since the first open()
    qint64 lost = 0; // numeric ids skipped
    qint64 duplicates = 0; // numeric ids repeated
    qint64 retryMs = 3000; // current reconnection time
    qint64 readPauses = 0; // reads deferred because the consumer was behind (flow control)
    QByteArray lastEventId;
    double lastLatencyMs = std::nan("");
    double heartbeatIntervalMs = std::nan(""); // mean interval between heartbeats
    double heartbeatJitterMs = std::nan(""); // standard deviation of that interval
};

struct ClientBatch
{
    QList<ClientRecord> records;
    SseClientStats stats; // as of the last record
    // With SseClient::setDeferredRelease(): the consumer owes SseClient::releaseBatch() for
    // this batch once it has taken its records.
    bool holdsCredit = false;
};

Q_DECLARE_METATYPE(ClientBatch)
Q_DECLARE_METATYPE(AttemptPointer)
