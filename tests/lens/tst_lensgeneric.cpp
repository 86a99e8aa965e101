// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// What LensStream keeps of any stream (LensGeneric), a lens or none: event types (bounded),
// data sizes, retry fields, and the latency read from a timestamp in each event's data
// (`--latency-field`), with skewed clocks counted and named.
#include "lensfixture.h"

#include <QTest>

using namespace LensFixture;

namespace {

const QByteArray kPlain = "http://127.0.0.1:1/events";

// An event whose data carries `ts` as its timestamp member (raw JSON).
QByteArray stamped(const QByteArray &ts, const QByteArray &type = QByteArray())
{
    return frame("{\"ts\":" + ts + ",\"v\":1}", type);
}

// The wall clock at event n of the fixture, in ms since the epoch.
qint64 arrivalMs(int n)
{
    return (kWallClockNs + n * kEventSpacingNs) / 1000000;
}

} // namespace

class TestLensGeneric : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void typesSizesRetry();
    void typesAreBounded();
    void keptWhenNoLensReadsTheStream();
    void noneKeepsNothing();
    void latency_data();
    void latency();
    void clockSkewIsCountedAndNamed();
    void missingTimestamp();
};

void TestLensGeneric::typesSizesRetry()
{
    const QByteArray bytes = frame("a") + frame("bbbb", "tick") + "retry: 250\n\n"
        + frame("cc", "tick") + frame("1234567890", "done");
    const Run r = runEverySlicing("auto", context(kPlain), bytes);
    const LensGeneric &g = r.facts.generic;
    QCOMPARE(r.facts.lens, QByteArray()); // no lens recognised it
    QCOMPARE(g.events, 4);
    QCOMPARE(g.types.count("message"), 1);
    QCOMPARE(g.types.count("tick"), 2);
    QCOMPARE(g.types.count("done"), 1);
    QCOMPARE(g.types.other, 0);
    QCOMPARE(g.sizes.minNs(), 1);
    QCOMPARE(g.sizes.maxNs(), 10);
    QCOMPARE(g.sizes.mean(), 17.0 / 4);
    QCOMPARE(g.sizes.percentileNs(0.99), 10);
    QCOMPARE(g.retries, 1);
    QCOMPARE(g.retryMs, 250);
    QCOMPARE(g.latency.count(), 0);
    QVERIFY(g.latencyField.isEmpty());
    // The end is reported (the facts ride on it) though no lens read the stream.
    QCOMPARE(r.trace.last(), QStringLiteral("finish: end ||"));
}

void TestLensGeneric::typesAreBounded()
{
    QByteArray bytes;
    for (int i = 0; i < LensCounts::kMaxNames + 5; ++i)
        bytes += frame("x", "type" + QByteArray::number(i) + QByteArray(100, 'y'));
    // Past the recognition window a stream no lens reads keeps generic facts for a latency field.
    const Run r =
        run("auto", context(kPlain), bytes, LensStream::End::Closed, QStringLiteral("/t"));
    const LensCounts &types = r.facts.generic.types;
    QCOMPARE(types.names.size(), LensCounts::kMaxNames);
    QCOMPARE(types.other, 5);
    QCOMPARE(types.total(), LensCounts::kMaxNames + 5);
    for (const auto &name : types.names)
        QVERIFY(name.first.size() <= LensCounts::kMaxNameBytes);
}

void TestLensGeneric::keptWhenNoLensReadsTheStream()
{
    // Past the recognition window a stream no lens reads costs nothing more: its generic facts
    // are dropped, and nothing is reported; with a latency field they go on to the end.
    QByteArray bytes;
    for (int i = 0; i < LensStream::kRecogniseEvents + 4; ++i)
        bytes += frame("{\"n\":" + QByteArray::number(i) + '}');
    const Run plain = runEverySlicing("auto", context(kPlain), bytes);
    QCOMPARE(plain.facts.lens, QByteArray());
    QCOMPARE(plain.facts.generic.events, 0);
    QVERIFY(plain.trace.isEmpty());
    // ... and its facts are those of `--lens none`: no event count without the events' figures.
    QCOMPARE(plain.facts.events, 0);
    QVERIFY(plain.facts == run("none", context(kPlain), bytes).facts);
    const Run r = runEverySlicing("auto", context(kPlain), bytes, LensStream::End::Closed,
                                  QStringLiteral("/n"));
    QCOMPARE(r.facts.lens, QByteArray());
    QCOMPARE(r.facts.generic.events, LensStream::kRecogniseEvents + 4);
    QVERIFY(r.facts.ended);
}

void TestLensGeneric::noneKeepsNothing()
{
    const Run r = run("none", context(kPlain), frame("a") + frame("b"));
    QCOMPARE(r.facts.generic.events, 0);
    QVERIFY(r.trace.isEmpty());
}

void TestLensGeneric::latency_data()
{
    QTest::addColumn<QByteArray>("ts");
    QTest::addColumn<qint64>("latencyMs"); // of event 1

    const qint64 at = arrivalMs(1);
    QTest::newRow("epoch ms") << QByteArray::number(at - 120) << qint64(120);
    QTest::newRow("epoch ms, string") << '"' + QByteArray::number(at - 35) + '"' << qint64(35);
    QTest::newRow("epoch s with fraction")
        << QByteArray::number(double(at - 250) / 1000.0, 'f', 3) << qint64(250);
    QTest::newRow("epoch s") << QByteArray::number((at - 2000) / 1000)
                             << at - (at - 2000) / 1000 * 1000;
    QTest::newRow("ISO 8601 UTC") << '"'
            + QDateTime::fromMSecsSinceEpoch(at - 75, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8()
            + '"' << qint64(75);
    QTest::newRow("ISO 8601 with offset") << '"'
            + QDateTime::fromMSecsSinceEpoch(at - 40, Qt::OffsetFromUTC, 3600)
                  .toString(Qt::ISODateWithMs)
                  .toUtf8()
            + '"' << qint64(40);
}

void TestLensGeneric::latency()
{
    QFETCH(QByteArray, ts);
    QFETCH(qint64, latencyMs);
    const Run r = runEverySlicing("auto", context(kPlain), stamped(ts), LensStream::End::Closed,
                                  QStringLiteral("/ts"));
    const LensGeneric &g = r.facts.generic;
    QCOMPARE(g.latencyField, QStringLiteral("/ts"));
    QCOMPARE(g.latency.count(), 1);
    // Within a µs: an epoch time in ns is past a double's exact range.
    QVERIFY2(qAbs(g.latency.maxNs() - latencyMs * 1000000) < 1000,
             qPrintable(QString::number(g.latency.maxNs())));
    QCOMPARE(g.latencyNegative, 0);
    QCOMPARE(g.latencyMissing, 0);
    QVERIFY(r.facts.problems.isEmpty());
}

void TestLensGeneric::clockSkewIsCountedAndNamed()
{
    // Events 1 and 3 were stamped 10 and 30 ms before they arrived; event 2 claims to be from
    // 500 ms in the future: a skewed clock, counted and named, not folded into the latencies.
    const QByteArray bytes = stamped(QByteArray::number(arrivalMs(1) - 10))
        + stamped(QByteArray::number(arrivalMs(2) + 500))
        + stamped(QByteArray::number(arrivalMs(3) - 30));
    const Run r = runEverySlicing("auto", context(kPlain), bytes, LensStream::End::Closed,
                                  QStringLiteral("/ts"));
    const LensGeneric &g = r.facts.generic;
    QCOMPARE(g.latency.count(), 2);
    QCOMPARE(qRound(double(g.latency.percentileNs(0.5)) / 1e6), 10);
    QCOMPARE(qRound(double(g.latency.maxNs()) / 1e6), 30);
    QCOMPARE(g.latencyNegative, 1);
    QCOMPARE(qRound(double(g.latencyMostNegativeNs) / 1e6), -500);
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("clock_skew")}));
    QVERIFY(r.facts.problems.first().message.contains(QStringLiteral("500.000 ms after")));
}

void TestLensGeneric::missingTimestamp()
{
    const QByteArray bytes = frame("{\"v\":1}") + frame("plain text") + stamped("true")
        + stamped("\"2026-01-01T00:00:00\"") // no offset: a local time, machine-dependent
        + stamped("99999999999999") // ms past 2255: beyond the clock (a fuzz finding)
        + stamped("\"1900-01-01T00:00:00Z\"") // before the epoch (a fuzz finding)
        + stamped(QByteArray::number(arrivalMs(7) - 1));
    const Run r = runEverySlicing("auto", context(kPlain), bytes, LensStream::End::Closed,
                                  QStringLiteral("/ts"));
    QCOMPARE(r.facts.generic.latencyMissing, 6);
    QCOMPARE(r.facts.generic.latency.count(), 1);
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("latency_field")}));
    QCOMPARE(r.facts.problems.first().count, 6);
}

QTEST_GUILESS_MAIN(TestLensGeneric)
#include "tst_lensgeneric.moc"
