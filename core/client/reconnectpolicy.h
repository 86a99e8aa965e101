// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "sseclientoptions.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <functional>

// Whether and when a session reconnects after its stream is over: the reconnection time (from
// the options, then each `retry:`), backoff doubled per consecutive failure from it, capped and
// jittered but never below it; a connection that stayed open backoffResetMs or delivered an
// event resets the count; maxReconnects failed reconnects in a row end the session; a non-GET
// request is replayed only with retryNonGet; 5xx and 429 are retried only when resilient, no
// sooner than their Retry-After. A plain class: the caller keeps the timer and the records.
class ReconnectPolicy
{
public:
    enum class Action { Reconnect, Close, Fail };
    struct Decision
    {
        Action action = Action::Fail;
        QString reason; // Reconnect: what ended the stream; else the final record's reason
        qint64 delayMs = -1; // Reconnect: the wait before the next attempt
    };
    // How the stream ended.
    struct Drop
    {
        QString error; // empty: a clean end of stream
        qint64 floorMs = 0; // the least wait (a retried status's Retry-After)
        bool wasOpen = false; // the stream had opened (a 200 text/event-stream)
        qint64 openNs = 0; // wasOpen: how long it stayed open
        qint64 events = 0; // wasOpen: events it delivered (heartbeats not counted)
    };
    // A factor in [0, 1) for the jitter; QRandomGenerator::global() unless set.
    using Random = std::function<double()>;

    // A new session: no failures, the reconnection time from the options.
    void reset(const SseClientOptions &options);
    void setRandom(Random random) { m_random = std::move(random); }

    // The reconnection time; `retry:` sets it at once (WHATWG).
    qint64 retryMs() const { return m_retryMs; }
    void setRetryMs(qint64 milliseconds) { m_retryMs = milliseconds; }
    int failures() const { return m_failures; } // consecutive, the current drop included

    // Whether a response with this (non-200, non-redirect, non-204) status is retried.
    bool retriesStatus(int status) const;
    // A Retry-After field: delta-seconds or an HTTP-date (against `nowUtc`); -1 when absent or
    // unreadable.
    static qint64 retryAfterMs(const QByteArray &field,
                               const QDateTime &nowUtc = QDateTime::currentDateTimeUtc());
    // The wait before reconnect number `failures` (from 1): min(cap, reconnection time x
    // 2^(failures-1)) x jitter, at least the reconnection time.
    qint64 backoffDelay(int failures) const;

    // The stream is over: reconnect (after delayMs), or end the session closed or failed.
    Decision onDrop(const Drop &drop);

private:
    bool m_reconnect = true;
    bool m_replayable = true; // GET, or retryNonGet
    int m_maxReconnects = -1;
    qint64 m_backoffCapMs = 60000;
    qint64 m_backoffResetMs = 5000;
    double m_jitterMin = 0.5;
    bool m_resilient = false;
    int m_failures = 0;
    qint64 m_retryMs = 3000;
    Random m_random;
};
