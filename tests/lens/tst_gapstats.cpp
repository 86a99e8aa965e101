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

QTEST_GUILESS_MAIN(TestGapStats)
#include "tst_gapstats.moc"
