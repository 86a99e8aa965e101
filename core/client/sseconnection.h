// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "clientrecord.h"
#include "lens/lenscontext.h"
#include "lens/lensstream.h"
#include "qnampool.h"
#include "rawframecapture.h"
#include "reconnectpolicy.h"
#include "recordbatcher.h"
#include "redirectpolicy.h"
#include "requestbuilder.h"
#include "sse/idtracker.h"
#include "sse/sseparser.h"
#include "sseclientoptions.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>

class ClientTransport;
class QNetworkAccessManager;
class QNetworkCookieJar;
class QTimer;

// The worker behind SseClient: it owns the connection (a ClientTransport: the wire transport's
// socket, or a request on a QNetworkAccessManager, shared with the thread's other workers only
// where HTTP/2 may carry them all, so no per-host connection limit ever stalls a stream), the
// parser and the timers, and lives in SseClient's thread. Everything it sees becomes ClientRecords,
// stamped here and handed over in one batch per network read or timer event.
//
// It is the state machine and wires the pieces that decide: RequestBuilder (the options checked,
// each request built), RedirectPolicy (the hops of one attempt), ReconnectPolicy (whether and
// when to come back), RawFrameCapture (the raw view's bytes) and RecordBatcher (records into
// bounded batches, flow control).
class SseConnection : public QObject, private SseParser::Handler
{
    Q_OBJECT
public:
    using Backlog = SseDeliveryBacklog;
    static constexpr int kMaxInFlight = RecordBatcher::kMaxInFlight;
    static constexpr qint64 kReadBufferBytes = RequestBuilder::kReadBufferBytes;
    static constexpr qsizetype kMaxBatchRecords = RecordBatcher::kMaxRecords;

    // What stop() leaves behind for the facade's final `closed` record.
    struct StopResult
    {
        int conn = 0;
        qint64 uptimeMs = 0;
        qint64 downtimeMs = 0;
        std::shared_ptr<const LensReport> lens; // the lens's end of the open stream, if any
    };

    explicit SseConnection(QObject *parent = nullptr);
    ~SseConnection() override;

    // Starts a session (aborting any running one without a record). Worker thread only.
    // `resume`: goes on from the last session instead (see SseClient::resume()).
    void start(const SseClientOptions &options, quint64 generation, bool resume = false);
    // Ends the running session at once without a record: the reply is aborted and every timer
    // stopped. Returns false when there was no running session (it had already ended on its
    // own and its final record is on its way to the facade).
    bool stop(StopResult *result);
    // stop(), before the thread quits.
    void shutdown();

    static qint64 nowNs(); // the steady clock records are stamped with

    void setBacklog(std::shared_ptr<Backlog> backlog) { m_batcher.setBacklog(std::move(backlog)); }
    // Where each batch goes, called on the worker thread (the facade hands it to its own).
    // The batch is handed over: the worker keeps no reference to it, so its records are
    // freed on the consumer's side.
    using Sink = RecordBatcher::Sink;
    void setSink(Sink sink) { m_batcher.setSink(std::move(sink)); }
    // The QNAM managers this worker shares with the other workers of its thread; set before the
    // first start(), lives in the worker's thread.
    void setPool(QnamPool *pool) { m_pool = pool; }
    // The consumer caught up: read what waited in the reply. Worker thread only.
    void resumeReading();

private:
    // SseParser::Handler
    void eventView(const SseEventView &view) override;
    void event(const SseEvent &event) override;
    void comment(QByteArrayView text) override;
    void retry(qint64 milliseconds) override;

    void startAttempt();
    void sendRequest();
    void onHeadReceived();
    void onReadyRead();
    void onFinished();
    void onIdleTimeout();
    void onHeadTimeout();
    bool checkResponse(); // false: the reply is gone (failed, redirected, or ended)
    void followRedirect(int status);
    void consume(const QByteArray &bytes);
    // The stream is over; reconnect or end the session. `error` empty: a clean end of stream.
    void handleDrop(const QString &error, int httpStatus = 0, qint64 floorMs = 0);
    void finishSession(ClientState state, const QString &reason, int httpStatus = 0);
    enum class Teardown { Abort, Delete };
    void discardStream(Teardown teardown = Teardown::Abort);
    // The transport goes: its timing is recorded if it was not yet, and a QNAM manager whose
    // request never got a complete head, or whose HTTP/2 stream is over, is replaced.
    void retire(ClientTransport *stream);
    ClientTransport *makeTransport(const HttpStreamRequest &request, bool wire);
    // The Timing record of the current request (once per request).
    void appendTiming(const ClientTransport *stream, qint64 firstEventNs);
    void leaveOpen();
    // What the lens learns of the current request and its response (status `status`).
    LensContext lensContext(int status) const;
    // The lens's changes go with `record` (its answer text too).
    void noteLens(ClientRecord &record, const LensStream::Update &update);
    // The open stream is over for its lens: the end goes with the next state record.
    void endLens(LensStream::End end, const QString &reason);
    void heartbeat(QByteArrayView payload);

    ClientRecord &append(ClientRecord::Kind kind) { return m_batcher.append(kind, m_conn); }
    ClientRecord &appendState(ClientState state, const QString &reason = QString(),
                              int httpStatus = 0, qint64 delayMs = -1);
    const SseClientStats &updateStats();
    void flush() { m_batcher.flush(); }
    // Flushes once the events already queued for this thread have run, so that a burst of
    // reads becomes one batch while a lone read is still delivered at once.
    void scheduleFlush() { m_batcher.scheduleFlush(this); }

    SseClientOptions m_options;
    bool m_active = false;

    ClientTransport *m_stream = nullptr;
    QnamPool *m_pool = nullptr; // the thread's shared QNAM managers (SseClientThread)
    QnamPool::Manager m_ownManager; // a request that shares no connection: kept across attempts
    QNetworkCookieJar *m_cookieJar = nullptr; // with SseClientOptions::cookies; per session
    std::shared_ptr<AttemptInfo> m_attempt; // the current request's
    bool m_timingRecorded = false;
    bool m_onWireToName = false; // QNAM failed vaguely: this attempt goes on on the wire
    QTimer *m_reconnectTimer = nullptr;
    QTimer *m_idleTimer = nullptr;
    QTimer *m_headTimer = nullptr; // from the request to the response head
    SseParser m_parser;
    IdTracker m_ids;
    RequestBuilder m_requests;
    // The current request, which redirects change; every attempt starts from the options.
    RedirectPolicy m_redirects;
    ReconnectPolicy m_reconnects;

    ClientState m_state = ClientState::Idle;
    bool m_responseChecked = false;
    // The response is an application/json answer a lens reads (MCP): its body is kept whole
    // (bounded) and becomes one event at its end.
    bool m_jsonAnswer = false;
    QByteArray m_jsonBody;
    int m_conn = 0;
    qint64 m_seq = 0;
    qint64 m_readNo = 0; // reads consumed this session (ClientRecord::readNo)
    qint64 m_readBytes = 0; // the size of the read being parsed
    qint64 m_sessionStartNs = 0;
    qint64 m_sessionEndNs = 0;
    qint64 m_openSinceNs = 0;
    qint64 m_uptimeNs = 0;
    qint64 m_eventsThisConnection = 0;
    QString m_resumeNote; // the reason of a resumed session's first `connecting` record

    qint64 m_lastHeartbeatNs = 0;
    qint64 m_intervals = 0; // Welford's running mean and variance of heartbeat intervals
    double m_intervalMean = 0;
    double m_intervalM2 = 0;

    LensStream m_lens; // the current response's
    std::shared_ptr<const LensReport> m_lensEnd; // for the next state record
    qint64 m_lensReportNs = 0; // when a record last carried the lens's facts

    RawFrameCapture m_raw; // with captureRawFrames
    qint64 m_rawStart = -1; // the frame of the event being dispatched
    qint64 m_rawEnd = -1;

    SseClientStats m_stats;
    RecordBatcher m_batcher;
};
