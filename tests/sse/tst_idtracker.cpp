// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "sse/idtracker.h"

#include <QTest>

class TestIdTracker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sequences_data();
    void sequences();
    void boundedGaps();
    void splitCounter_data();
    void splitCounter();
};

void TestIdTracker::sequences_data()
{
    QTest::addColumn<QList<QByteArray>>("ids");
    QTest::addColumn<qint64>("lost");
    QTest::addColumn<qint64>("duplicates");
    using L = QList<QByteArray>;
    QTest::newRow("in order") << L {"1", "2", "3"} << qint64(0) << qint64(0);
    QTest::newRow("start anywhere") << L {"41", "42"} << qint64(0) << qint64(0);
    QTest::newRow("gap") << L {"1", "2", "5"} << qint64(2) << qint64(0);
    QTest::newRow("repeat") << L {"1", "2", "2", "3"} << qint64(0) << qint64(1);
    QTest::newRow("replayed older") << L {"1", "2", "3", "1", "2"} << qint64(0) << qint64(2);
    QTest::newRow("reordered pair") << L {"1", "3", "2", "4"} << qint64(0) << qint64(0);
    QTest::newRow("late fill then repeat") << L {"1", "4", "2", "2"} << qint64(1) << qint64(1);
    QTest::newRow("middle of a gap") << L {"1", "10", "5"} << qint64(7) << qint64(0);
    QTest::newRow("non-numeric ignored")
        << L {"1", "abc", "2", "-3", "2x", ""} << qint64(0) << qint64(0);
    QTest::newRow("too long for an integer ignored")
        << L {"1", "1234567890123456789012", "2"} << qint64(0) << qint64(0);
}

void TestIdTracker::sequences()
{
    QFETCH(QList<QByteArray>, ids);
    QFETCH(qint64, lost);
    QFETCH(qint64, duplicates);
    IdTracker tracker;
    for (const QByteArray &id : ids)
        tracker.observe(id);
    QCOMPARE(tracker.lost(), lost);
    QCOMPARE(tracker.duplicates(), duplicates);
}

void TestIdTracker::boundedGaps()
{
    IdTracker tracker(4);
    // Ten gaps of one id each: only the newest four are remembered.
    for (int i = 0; i <= 20; i += 2)
        tracker.observe(QByteArray::number(i));
    QCOMPARE(tracker.lost(), 10);
    tracker.observe("19"); // remembered gap: filled
    QCOMPARE(tracker.lost(), 9);
    tracker.observe("1"); // forgotten gap: counted as a duplicate, the loss stays
    QCOMPARE(tracker.lost(), 9);
    QCOMPARE(tracker.duplicates(), 1);
}

void TestIdTracker::splitCounter_data()
{
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("prefix");
    QTest::addColumn<qint64>("value");
    QTest::newRow("number") << QByteArray("41") << true << QByteArray() << qint64(41);
    QTest::newRow("series") << QByteArray("s1/41") << true << QByteArray("s1/") << qint64(41);
    QTest::newRow("dash") << QByteArray("evt-007") << true << QByteArray("evt-") << qint64(7);
    QTest::newRow("no counter") << QByteArray("abc") << false << QByteArray() << qint64(0);
    QTest::newRow("empty") << QByteArray() << false << QByteArray() << qint64(0);
    QTest::newRow("counter too long")
        << QByteArray("x1234567890123456789") << false << QByteArray() << qint64(0);
}

void TestIdTracker::splitCounter()
{
    QFETCH(QByteArray, id);
    QFETCH(bool, ok);
    QFETCH(QByteArray, prefix);
    QFETCH(qint64, value);
    QByteArrayView gotPrefix;
    qint64 got = -1;
    QCOMPARE(IdTracker::splitCounter(id, &gotPrefix, &got), ok);
    if (ok) {
        QCOMPARE(gotPrefix.toByteArray(), prefix);
        QCOMPARE(got, value);
    }
}

QTEST_GUILESS_MAIN(TestIdTracker)
#include "tst_idtracker.moc"
