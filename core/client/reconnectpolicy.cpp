// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "reconnectpolicy.h"

#include <QLocale>
#include <QRandomGenerator>

#include <algorithm>
#include <climits>
#include <cmath>

namespace {

constexpr qint64 kNsPerMs = 1000 * 1000;

} // namespace

void ReconnectPolicy::reset(const SseClientOptions &options)
{
    m_reconnect = options.reconnect;
    m_replayable = options.method == "GET" || options.retryNonGet;
    m_maxReconnects = options.maxReconnects;
    m_backoffCapMs = options.backoffCapMs;
    m_backoffResetMs = options.backoffResetMs;
    m_jitterMin = options.jitterMin;
    m_resilient = options.resilient;
    m_failures = 0;
    m_retryMs = std::max<qint64>(0, options.retryMs);
}

bool ReconnectPolicy::retriesStatus(int status) const
{
    // SSE rule: resilient mode retries 5xx and 429 with backoff.
    return m_resilient && ((status >= 500 && status <= 599) || status == 429);
}

qint64 ReconnectPolicy::retryAfterMs(const QByteArray &field, const QDateTime &nowUtc)
{
    const QByteArray value = field.trimmed();
    if (value.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = value.toLongLong(&ok);
    if (ok && seconds >= 0)
        return std::min<qint64>(seconds, INT_MAX / 1000) * 1000;
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(value),
                                             QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        return -1;
    when.setTimeSpec(Qt::UTC);
    return std::max<qint64>(0, nowUtc.msecsTo(when));
}

qint64 ReconnectPolicy::backoffDelay(int failures) const
{
    // SSE rule: delay = min(cap, reconnection time x 2^(n-1)) x random factor in [jitterMin, 1.0],
    // never below the reconnection time (the standard's floor).
    const double base = double(m_retryMs);
    const double grown = base * std::ldexp(1.0, std::clamp(failures - 1, 0, 60));
    double delay = std::min(double(std::max<qint64>(0, m_backoffCapMs)), grown);
    const double jitterMin = std::clamp(m_jitterMin, 0.0, 1.0);
    if (jitterMin < 1.0) {
        const double random = m_random ? m_random() : QRandomGenerator::global()->generateDouble();
        delay *= jitterMin + (1.0 - jitterMin) * random;
    }
    delay = std::max(delay, base);
    return qint64(std::min(delay, double(INT_MAX)));
}

ReconnectPolicy::Decision ReconnectPolicy::onDrop(const Drop &drop)
{
    Decision decision;
    const QString what = drop.error.isEmpty() ? QStringLiteral("stream ended") : drop.error;

    if (!m_reconnect || !m_replayable) {
        // SSE rule: non-GET requests are not replayed unless the user allows it.
        const QString suffix = m_reconnect
            ? QStringLiteral(" (non-GET requests are not replayed; allow it with \"Replay non-GET "
                             "requests\" in the request editor or --retry-post)")
            : QString();
        decision.action = drop.error.isEmpty() ? Action::Close : Action::Fail;
        decision.reason = what + suffix;
        return decision;
    }

    // SSE rule: a connection that stayed open for a while resets the backoff. ssemon also counts a
    // connection that delivered at least one (non-heartbeat) event as good: servers that
    // close each stream after a batch of events are working, not failing.
    if (drop.wasOpen && (drop.openNs >= m_backoffResetMs * kNsPerMs || drop.events > 0))
        m_failures = 0;
    ++m_failures;
    // The first drop of a series is not a failed reconnect; each following one is.
    if (m_maxReconnects >= 0 && m_failures - 1 >= m_maxReconnects) {
        if (m_maxReconnects == 0) {
            decision.action = drop.error.isEmpty() ? Action::Close : Action::Fail;
            decision.reason = what;
        } else {
            decision.action = Action::Fail;
            decision.reason = QStringLiteral("gave up after %1 failed reconnect(s): %2")
                                  .arg(QString::number(m_maxReconnects), what);
        }
        return decision;
    }
    decision.action = Action::Reconnect;
    decision.reason = what;
    decision.delayMs = std::min<qint64>(std::max(backoffDelay(m_failures), drop.floorMs), INT_MAX);
    return decision;
}
