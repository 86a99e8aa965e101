// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "faults/trafficshaper.h"

#include <QTest>

class TestTrafficShaper : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void idleByDefault();
    void latencyHoldsEachWrite();
    void sliceCutsPieces();
    void bandwidthPacesBytes();
    void holdStallsThenReleases();
    void takeAllIgnoresRules();
};

void TestTrafficShaper::idleByDefault()
{
    TrafficShaper shaper;
    QVERIFY(!shaper.isActive(0));
    QCOMPARE(shaper.nextWakeMs(0), -1);
}

void TestTrafficShaper::latencyHoldsEachWrite()
{
    TrafficShaper shaper;
    shaper.setLatency(100);
    shaper.enqueue("a", 0);
    shaper.enqueue("b", 50);
    QVERIFY(shaper.take(99).isEmpty());
    QCOMPARE(shaper.nextWakeMs(99), 100);
    QCOMPARE(shaper.take(100), QByteArray("a"));
    QCOMPARE(shaper.nextWakeMs(100), 150);
    QCOMPARE(shaper.take(160), QByteArray("b"));
    QCOMPARE(shaper.pendingBytes(), 0);
}

void TestTrafficShaper::sliceCutsPieces()
{
    TrafficShaper shaper;
    shaper.setSlice(3, 10);
    shaper.enqueue("abcdefgh", 0);
    QCOMPARE(shaper.take(0), QByteArray("abc"));
    QVERIFY(shaper.take(5).isEmpty());
    QCOMPARE(shaper.nextWakeMs(5), 10);
    QCOMPARE(shaper.take(10), QByteArray("def"));
    QCOMPARE(shaper.take(20), QByteArray("gh"));
    QCOMPARE(shaper.nextWakeMs(20), -1);
}

void TestTrafficShaper::bandwidthPacesBytes()
{
    TrafficShaper shaper;
    shaper.setBandwidth(1000); // 1 byte per ms, bursts of at most 250
    shaper.enqueue(QByteArray(2000, 'x'), 0);
    qint64 total = shaper.take(0).size();
    QCOMPARE(total, 250);
    qint64 now = 0;
    while (shaper.pendingBytes() > 0) {
        now = shaper.nextWakeMs(now);
        QVERIFY(now > 0);
        total += shaper.take(now).size();
    }
    QCOMPARE(total, 2000);
    // 1750 bytes past the first burst at 1000 B/s.
    QVERIFY2(now >= 1700 && now <= 1800, qPrintable(QString::number(now)));
}

void TestTrafficShaper::holdStallsThenReleases()
{
    TrafficShaper shaper;
    shaper.holdUntil(500);
    QVERIFY(shaper.isActive(0));
    QVERIFY(!shaper.isActive(500));
    shaper.enqueue("one", 10);
    shaper.enqueue("two", 20);
    QVERIFY(shaper.take(499).isEmpty());
    QCOMPARE(shaper.nextWakeMs(30), 500);
    QCOMPARE(shaper.take(500), QByteArray("onetwo"));
}

void TestTrafficShaper::takeAllIgnoresRules()
{
    TrafficShaper shaper;
    shaper.setLatency(1000);
    shaper.setSlice(1, 1000);
    shaper.enqueue("abc", 0);
    QCOMPARE(shaper.takeAll(), QByteArray("abc"));
    QCOMPARE(shaper.pendingBytes(), 0);
}

QTEST_GUILESS_MAIN(TestTrafficShaper)
#include "tst_trafficshaper.moc"
