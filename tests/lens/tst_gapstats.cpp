// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "lens/gapstats.h"

#include <QTest>

class TestGapStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void empty();
    void exactPercentiles();
    void buckets();
    void histogramPastExactWindow();
    void sameGapsSameFigures();
    void stateRestores();
    void inconsistentStateRefused();
};

void TestGapStats::empty()
{
    const GapStats gaps;
    QCOMPARE(gaps.count(), 0);
    QCOMPARE(gaps.percentileNs(0.5), -1);
    QCOMPARE(gaps.minNs(), -1);
}

void TestGapStats::exactPercentiles()
{
    GapStats gaps;
    for (int ms = 100; ms >= 1; --ms)
        gaps.add(qint64(ms) * 1000 * 1000);
    QVERIFY(gaps.exact());
    // Nearest rank over 1..100 ms.
    QCOMPARE(gaps.percentileNs(0.5), 50 * 1000 * 1000);
    QCOMPARE(gaps.percentileNs(0.99), 99 * 1000 * 1000);
    QCOMPARE(gaps.percentileNs(1.0), 100 * 1000 * 1000);
    QCOMPARE(gaps.percentileNs(0.0), 1 * 1000 * 1000);
    QCOMPARE(gaps.minNs(), 1 * 1000 * 1000);
}

void TestGapStats::buckets()
{
    GapStats gaps;
    gaps.add(500 * 1000); // 0.5 ms: up to 1 ms
    gaps.add(1000 * 1000); // exactly 1 ms: up to 1 ms
    gaps.add(3 * 1000 * 1000); // up to 5 ms
    gaps.add(qint64(60) * 1000 * 1000 * 1000); // a minute: the last bucket
    const auto &b = gaps.buckets();
    QCOMPARE(b[0], 2);
    QCOMPARE(b[2], 1);
    QCOMPARE(b[GapStats::kBuckets - 1], 1);
    qint64 sum = 0;
    for (qint64 n : b)
        sum += n;
    QCOMPARE(sum, 4);
}

void TestGapStats::histogramPastExactWindow()
{
    GapStats gaps;
    for (int i = 0; i < GapStats::kExactGaps * 3; ++i)
        gaps.add(qint64(1 + i % 100) * 1000 * 1000); // 1..100 ms, evenly
    QVERIFY(!gaps.exact());
    const double p50 = double(gaps.percentileNs(0.5)) / 1e6;
    const double p99 = double(gaps.percentileNs(0.99)) / 1e6;
    QVERIFY2(qAbs(p50 - 50) <= 50 * 0.02, qPrintable(QString::number(p50)));
    QVERIFY2(qAbs(p99 - 99) <= 99 * 0.02, qPrintable(QString::number(p99)));
}

void TestGapStats::sameGapsSameFigures()
{
    GapStats a;
    GapStats b;
    for (int i = 0; i < GapStats::kExactGaps + 10; ++i) {
        a.add(i * 7919 % 1000003);
        b.add(i * 7919 % 1000003);
    }
    QVERIFY(a == b);
    b.add(1);
    QVERIFY(a != b);
}

void TestGapStats::stateRestores()
{
    // Within the exact window and past it: restored stats give the same figures and compare
    // equal.
    for (const int n : {0, 1, 100, GapStats::kExactGaps + 500}) {
        GapStats gaps;
        for (int i = 0; i < n; ++i)
            gaps.add(qint64((i * 7919) % 5000 + 1) * 1000 * 37);
        GapStats restored;
        QString error;
        QVERIFY2(GapStats::fromState(gaps.state(), &restored, &error), qPrintable(error));
        QVERIFY(restored == gaps);
        QCOMPARE(restored.percentileNs(0.99), gaps.percentileNs(0.99));
        // And it goes on counting as the original does.
        gaps.add(123456);
        restored.add(123456);
        QVERIFY(restored == gaps);
    }
}

void TestGapStats::inconsistentStateRefused()
{
    GapStats gaps;
    gaps.add(5000000);
    gaps.add(9000000);
    const GapStats::State good = gaps.state();
    GapStats out;
    QString error;

    GapStats::State s = good;
    s.count = 3; // two gaps kept
    QVERIFY(!GapStats::fromState(s, &out, &error));
    s = good;
    s.buckets[0] += 1; // the buckets say three
    QVERIFY(!GapStats::fromState(s, &out, &error));
    QVERIFY2(error.contains("buckets"), qPrintable(error));
    s = good;
    s.exact[0] = good.maxNs + 1; // outside min..max
    QVERIFY(!GapStats::fromState(s, &out, &error));
    s = good;
    s.count = -1;
    QVERIFY(!GapStats::fromState(s, &out, &error));

    // Past the exact window: bins out of range, or not adding up.
    GapStats many;
    for (int i = 0; i < GapStats::kExactGaps + 1; ++i)
        many.add(1000000);
    GapStats::State m = many.state();
    QVERIFY(GapStats::fromState(m, &out, &error));
    m.fine[0].first = 100000;
    QVERIFY(!GapStats::fromState(m, &out, &error));
    m = many.state();
    m.fine[0].second -= 1;
    QVERIFY(!GapStats::fromState(m, &out, &error));
    QVERIFY(out == many); // untouched by the refusals
}

QTEST_GUILESS_MAIN(TestGapStats)
#include "tst_gapstats.moc"
