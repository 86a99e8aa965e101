// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "client/reconnectpolicy.h"

#include <QTest>

#include <climits>

// ReconnectPolicy on its own: the backoff sequence from the reconnection time, `retry:`
// changing it at once, cap, jitter and floor, what resets the count, maxReconnects, which
// requests are replayed, which statuses are retried and Retry-After. No timers: the
// decisions only. The client against real servers: tst_sseclient (reconnect*, backoff*).
class TestReconnectPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void backoffDoublesUpToCap();
    void retryChangesBaseAtOnce();
    void floorIsReconnectionTime();
    void jitterRange();
    void goodConnectionResetsBackoff();
    void maxReconnects();
    void maxReconnectsZero();
    void reconnectOff();
    void nonGetNotReplayed();
    void retryAfterIsFloor();
    void resetStartsOver();
    void retriesStatus_data();
    void retriesStatus();
    void retryAfter_data();
    void retryAfter();
};

namespace {

constexpr qint64 kNsPerMs = 1000 * 1000;

SseClientOptions noJitter(qint64 retryMs, qint64 capMs)
{
    SseClientOptions o;
    o.retryMs = retryMs;
    o.backoffCapMs = capMs;
    o.jitterMin = 1.0;
    return o;
}

ReconnectPolicy::Drop failed(const QString &error = QStringLiteral("connection refused"))
{
    ReconnectPolicy::Drop drop;
    drop.error = error;
    return drop;
}

QList<qint64> delays(ReconnectPolicy &policy, int n)
{
    QList<qint64> out;
    for (int i = 0; i < n; ++i) {
        const ReconnectPolicy::Decision d = policy.onDrop(failed());
        if (d.action != ReconnectPolicy::Action::Reconnect)
            break;
        out.append(d.delayMs);
    }
    return out;
}

} // namespace

void TestReconnectPolicy::backoffDoublesUpToCap()
{
    ReconnectPolicy policy;
    policy.reset(noJitter(100, 1000));
    QCOMPARE(delays(policy, 7), QList<qint64>({100, 200, 400, 800, 1000, 1000, 1000}));
    QCOMPARE(policy.failures(), 7);

    // Past any exponent: still the cap, no overflow.
    QCOMPARE(policy.backoffDelay(1000), 1000);
    QCOMPARE(policy.backoffDelay(INT_MAX), 1000);
    QCOMPARE(policy.backoffDelay(0), 100);

    const ReconnectPolicy::Decision d = policy.onDrop(failed(QStringLiteral("boom")));
    QCOMPARE(d.action, ReconnectPolicy::Action::Reconnect);
    QCOMPARE(d.reason, QStringLiteral("boom"));
    ReconnectPolicy::Drop clean;
    QCOMPARE(policy.onDrop(clean).reason, QStringLiteral("stream ended"));
}

void TestReconnectPolicy::retryChangesBaseAtOnce()
{
    ReconnectPolicy policy;
    policy.reset(noJitter(100, 60000));
    QCOMPARE(delays(policy, 2), QList<qint64>({100, 200}));
    policy.setRetryMs(1000); // retry: 1000, mid-series
    QCOMPARE(policy.retryMs(), 1000);
    QCOMPARE(delays(policy, 2), QList<qint64>({4000, 8000})); // failures 3 and 4
    policy.setRetryMs(0);
    QCOMPARE(delays(policy, 3), QList<qint64>({0, 0, 0}));
}

void TestReconnectPolicy::floorIsReconnectionTime()
{
    // A cap below the reconnection time does not undercut it (the standard's floor).
    ReconnectPolicy policy;
    policy.reset(noJitter(5000, 1000));
    QCOMPARE(delays(policy, 3), QList<qint64>({5000, 5000, 5000}));
    // Nor does the jitter.
    SseClientOptions o = noJitter(1000, 60000);
    o.jitterMin = 0.0;
    policy.reset(o);
    policy.setRandom([] { return 0.0; });
    QCOMPARE(delays(policy, 3), QList<qint64>({1000, 1000, 1000}));
}

void TestReconnectPolicy::jitterRange()
{
    SseClientOptions o = noJitter(100, 60000);
    o.jitterMin = 0.5;
    ReconnectPolicy policy;
    policy.reset(o);
    double factor = 0.0;
    policy.setRandom([&factor] { return factor; });
    // The delay is the grown delay times a factor in [jitterMin, 1.0), floored at 100.
    QCOMPARE(policy.backoffDelay(4), 400); // 800 x 0.5
    factor = 0.5;
    QCOMPARE(policy.backoffDelay(4), 600); // 800 x 0.75
    factor = 0.999;
    QCOMPARE(policy.backoffDelay(4), 799);
    factor = 0.0;
    QCOMPARE(policy.backoffDelay(1), 100); // 50, floored

    // Out-of-range settings are clamped: below 0 counts as 0, above 1 as no jitter.
    o.jitterMin = -3;
    policy.reset(o);
    policy.setRandom([] { return 0.25; });
    QCOMPARE(policy.backoffDelay(5), 400); // 1600 x 0.25
    o.jitterMin = 7;
    policy.reset(o);
    policy.setRandom([] { return 0.0; });
    QCOMPARE(policy.backoffDelay(5), 1600);

    // The default random source stays in range.
    o.jitterMin = 0.5;
    policy.reset(o);
    policy.setRandom({});
    for (int i = 0; i < 200; ++i) {
        const qint64 delay = policy.backoffDelay(4);
        QVERIFY2(delay >= 400 && delay <= 800, qPrintable(QString::number(delay)));
    }
}

void TestReconnectPolicy::goodConnectionResetsBackoff()
{
    SseClientOptions o = noJitter(100, 60000);
    o.backoffResetMs = 5000;
    ReconnectPolicy policy;
    policy.reset(o);
    QCOMPARE(delays(policy, 3), QList<qint64>({100, 200, 400}));

    // Open, but briefly and without an event: still failing.
    ReconnectPolicy::Drop drop;
    drop.wasOpen = true;
    drop.openNs = 4999 * kNsPerMs;
    QCOMPARE(policy.onDrop(drop).delayMs, 800);

    // Open long enough: the count starts over.
    drop.openNs = 5000 * kNsPerMs;
    QCOMPARE(policy.onDrop(drop).delayMs, 100);
    QCOMPARE(policy.failures(), 1);
    QCOMPARE(delays(policy, 1), QList<qint64>({200}));

    // Open briefly but delivered an event: working, not failing.
    drop.openNs = kNsPerMs;
    drop.events = 1;
    QCOMPARE(policy.onDrop(drop).delayMs, 100);

    // Not open at all: the time does not count.
    ReconnectPolicy::Drop notOpen;
    notOpen.openNs = 100000 * kNsPerMs;
    notOpen.events = 5;
    QCOMPARE(policy.onDrop(notOpen).delayMs, 200);
}

void TestReconnectPolicy::maxReconnects()
{
    SseClientOptions o = noJitter(10, 60000);
    o.maxReconnects = 2;
    ReconnectPolicy policy;
    policy.reset(o);
    // The first drop of a series is not a failed reconnect; each following one is.
    QCOMPARE(delays(policy, 2), QList<qint64>({10, 20}));
    const ReconnectPolicy::Decision d = policy.onDrop(failed(QStringLiteral("refused")));
    QCOMPARE(d.action, ReconnectPolicy::Action::Fail);
    QCOMPARE(d.reason, QStringLiteral("gave up after 2 failed reconnect(s): refused"));
    QCOMPARE(d.delayMs, -1);

    // A clean end counts the same.
    policy.reset(o);
    ReconnectPolicy::Drop clean;
    QCOMPARE(policy.onDrop(clean).action, ReconnectPolicy::Action::Reconnect);
    QCOMPARE(policy.onDrop(clean).action, ReconnectPolicy::Action::Reconnect);
    const ReconnectPolicy::Decision end = policy.onDrop(clean);
    QCOMPARE(end.action, ReconnectPolicy::Action::Fail);
    QCOMPARE(end.reason, QStringLiteral("gave up after 2 failed reconnect(s): stream ended"));

    // A good connection in between starts the count again.
    policy.reset(o);
    QCOMPARE(delays(policy, 2).size(), 2);
    ReconnectPolicy::Drop good;
    good.wasOpen = true;
    good.events = 3;
    QCOMPARE(policy.onDrop(good).action, ReconnectPolicy::Action::Reconnect);
    QCOMPARE(delays(policy, 5).size(), 1);
}

void TestReconnectPolicy::maxReconnectsZero()
{
    SseClientOptions o = noJitter(10, 60000);
    o.maxReconnects = 0;
    ReconnectPolicy policy;
    policy.reset(o);
    ReconnectPolicy::Drop clean;
    ReconnectPolicy::Decision d = policy.onDrop(clean);
    QCOMPARE(d.action, ReconnectPolicy::Action::Close);
    QCOMPARE(d.reason, QStringLiteral("stream ended"));
    policy.reset(o);
    d = policy.onDrop(failed(QStringLiteral("reset by peer")));
    QCOMPARE(d.action, ReconnectPolicy::Action::Fail);
    QCOMPARE(d.reason, QStringLiteral("reset by peer"));
}

void TestReconnectPolicy::reconnectOff()
{
    SseClientOptions o = noJitter(10, 60000);
    o.reconnect = false;
    o.method = "POST"; // no replay note when reconnecting is off anyway
    ReconnectPolicy policy;
    policy.reset(o);
    ReconnectPolicy::Drop clean;
    ReconnectPolicy::Decision d = policy.onDrop(clean);
    QCOMPARE(d.action, ReconnectPolicy::Action::Close);
    QCOMPARE(d.reason, QStringLiteral("stream ended"));
    d = policy.onDrop(failed(QStringLiteral("timeout")));
    QCOMPARE(d.action, ReconnectPolicy::Action::Fail);
    QCOMPARE(d.reason, QStringLiteral("timeout"));
    QCOMPARE(policy.failures(), 0);
}

void TestReconnectPolicy::nonGetNotReplayed()
{
    SseClientOptions o = noJitter(10, 60000);
    o.method = "POST";
    ReconnectPolicy policy;
    policy.reset(o);
    ReconnectPolicy::Drop clean;
    ReconnectPolicy::Decision d = policy.onDrop(clean);
    QCOMPARE(d.action, ReconnectPolicy::Action::Close);
    QCOMPARE(d.reason,
             QStringLiteral("stream ended (non-GET requests are not replayed; allow it with "
                            "\"Replay non-GET requests\" in the request editor or --retry-post)"));
    d = policy.onDrop(failed(QStringLiteral("boom")));
    QCOMPARE(d.action, ReconnectPolicy::Action::Fail);
    QCOMPARE(d.reason,
             QStringLiteral("boom (non-GET requests are not replayed; allow it with \"Replay "
                            "non-GET requests\" in the request editor or --retry-post)"));

    o.retryNonGet = true;
    policy.reset(o);
    QCOMPARE(policy.onDrop(clean).action, ReconnectPolicy::Action::Reconnect);
    o.method = "get"; // methods are case-sensitive: only GET is replayed by default
    o.retryNonGet = false;
    policy.reset(o);
    QCOMPARE(policy.onDrop(clean).action, ReconnectPolicy::Action::Close);
}

void TestReconnectPolicy::retryAfterIsFloor()
{
    ReconnectPolicy policy;
    policy.reset(noJitter(100, 60000));
    ReconnectPolicy::Drop drop = failed(QStringLiteral("HTTP 503"));
    drop.floorMs = 5000;
    QCOMPARE(policy.onDrop(drop).delayMs, 5000);
    drop.floorMs = 50; // below the backoff: the backoff wins
    QCOMPARE(policy.onDrop(drop).delayMs, 200);
    drop.floorMs = qint64(INT_MAX) * 4; // bounded for the timer
    QCOMPARE(policy.onDrop(drop).delayMs, qint64(INT_MAX));
}

void TestReconnectPolicy::resetStartsOver()
{
    SseClientOptions o = noJitter(100, 60000);
    ReconnectPolicy policy;
    policy.reset(o);
    delays(policy, 4);
    policy.setRetryMs(7);
    policy.reset(o);
    QCOMPARE(policy.failures(), 0);
    QCOMPARE(policy.retryMs(), 100);
    QCOMPARE(delays(policy, 1), QList<qint64>({100}));
    o.retryMs = -5;
    policy.reset(o);
    QCOMPARE(policy.retryMs(), 0);
}

void TestReconnectPolicy::retriesStatus_data()
{
    QTest::addColumn<bool>("resilient");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("retried");
    for (int status : {500, 502, 503, 599, 429})
        QTest::addRow("resilient %d", status) << true << status << true;
    for (int status : {400, 401, 404, 428, 430, 499, 600})
        QTest::addRow("resilient %d", status) << true << status << false;
    for (int status : {500, 503, 429, 404})
        QTest::addRow("strict %d", status) << false << status << false;
}

void TestReconnectPolicy::retriesStatus()
{
    QFETCH(bool, resilient);
    QFETCH(int, status);
    QFETCH(bool, retried);
    SseClientOptions o;
    o.resilient = resilient;
    ReconnectPolicy policy;
    policy.reset(o);
    QCOMPARE(policy.retriesStatus(status), retried);
}

void TestReconnectPolicy::retryAfter_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("absent") << QByteArray() << qint64(-1);
    QTest::newRow("blank") << QByteArray("   ") << qint64(-1);
    QTest::newRow("seconds") << QByteArray("120") << qint64(120000);
    QTest::newRow("padded") << QByteArray(" 3 ") << qint64(3000);
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    QTest::newRow("huge") << QByteArray("99999999999") << qint64(INT_MAX / 1000) * 1000;
    QTest::newRow("junk") << QByteArray("soon") << qint64(-1);
    QTest::newRow("date ahead") << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << qint64(60000);
    QTest::newRow("date past") << QByteArray("Wed, 21 Oct 2015 07:00:00 GMT") << qint64(0);
    QTest::newRow("date not GMT") << QByteArray("Wed, 21 Oct 2015 07:28:00 UTC") << qint64(-1);
}

void TestReconnectPolicy::retryAfter()
{
    QFETCH(QByteArray, field);
    QFETCH(qint64, ms);
    const QDateTime now(QDate(2015, 10, 21), QTime(7, 27, 0), Qt::UTC);
    QCOMPARE(ReconnectPolicy::retryAfterMs(field, now), ms);
}

QTEST_GUILESS_MAIN(TestReconnectPolicy)
#include "tst_reconnectpolicy.moc"
