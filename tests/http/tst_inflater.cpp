// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "http/inflater.h"

#include "zlibdata.h"

#include <QTest>

class TestInflater : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void outputIsBounded();
    void gzipMembersConcatenated();
    void pendingOutputWithoutInput();
    void corruptDataFails_data();
    void corruptDataFails();
};

namespace {

using ZlibData::compress;

// Feeds `input` a few bytes at a time, as reads arrive, and collects everything.
QByteArray inflateAll(Inflater &inflater, const QByteArray &input, qsizetype step, bool *ok)
{
    QByteArray out;
    QByteArray pending;
    *ok = true;
    for (qsizetype at = 0; at < input.size() || !pending.isEmpty();) {
        if (at < input.size()) {
            pending += input.mid(at, step);
            at += step;
        }
        const qsizetype taken = inflater.inflate(pending, 1 << 20, &out);
        if (taken < 0) {
            *ok = false;
            return out;
        }
        pending.remove(0, taken);
        if (taken == 0 && at >= input.size())
            break;
    }
    return out;
}

} // namespace

void TestInflater::initTestCase()
{
    if (!Inflater::isAvailable())
        QSKIP("built without zlib");
}

void TestInflater::roundTrip_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("windowBits");
    QTest::addColumn<qsizetype>("step");
    for (qsizetype step : {qsizetype(1), qsizetype(7), qsizetype(100000)}) {
        const QByteArray suffix = " / " + QByteArray::number(step);
        QTest::newRow(QByteArray("gzip" + suffix).constData())
            << int(Inflater::Format::Gzip) << 16 + 15 << step;
        QTest::newRow(QByteArray("deflate (zlib)" + suffix).constData())
            << int(Inflater::Format::Deflate) << 15 << step;
        QTest::newRow(QByteArray("deflate (raw)" + suffix).constData())
            << int(Inflater::Format::Deflate) << -15 << step;
    }
}

void TestInflater::roundTrip()
{
    QFETCH(int, format);
    QFETCH(int, windowBits);
    QFETCH(qsizetype, step);
    QByteArray data;
    for (int i = 0; i < 2000; ++i)
        data +=
            "id: " + QByteArray::number(i) + "\ndata: {\"n\":" + QByteArray::number(i) + "}\n\n";
    Inflater inflater {Inflater::Format(format)};
    bool ok = false;
    QCOMPARE(inflateAll(inflater, compress(data, windowBits), step, &ok), data);
    QVERIFY2(ok, qPrintable(inflater.errorString()));
}

void TestInflater::outputIsBounded()
{
    // 64 MiB of zeros compress to about 64 KiB: each call gives at most what it is allowed.
    const QByteArray bomb = compress(QByteArray(64 << 20, '\0'), 16 + 15);
    QVERIFY(bomb.size() < 128 * 1024);
    Inflater inflater(Inflater::Format::Gzip);
    QByteArrayView rest(bomb);
    qint64 total = 0;
    int calls = 0;
    while (!rest.isEmpty() || total < (64 << 20)) {
        QByteArray out;
        const qsizetype taken = inflater.inflate(rest, 1 << 20, &out);
        QVERIFY(taken >= 0);
        QVERIFY(out.size() <= 1 << 20);
        rest = rest.sliced(taken);
        total += out.size();
        if (taken == 0 && out.isEmpty())
            break;
        QVERIFY(++calls < 1000);
    }
    QCOMPARE(total, qint64(64) << 20);
    QVERIFY(calls >= 64);
}

void TestInflater::gzipMembersConcatenated()
{
    Inflater inflater(Inflater::Format::Gzip);
    bool ok = false;
    const QByteArray input =
        compress("data: one\n\n", 16 + 15) + compress("data: two\n\n", 16 + 15);
    QCOMPARE(inflateAll(inflater, input, 5, &ok), QByteArray("data: one\n\ndata: two\n\n"));
    QVERIFY(ok);
}

// zlib can take all of the input and still hold output back when the allowance runs out (a
// long match in progress where the bytes so far end, as in a live stream cut between reads):
// it comes with the next calls, with no new input (found by fuzz_inflater).
void TestInflater::pendingOutputWithoutInput()
{
    QByteArray data;
    for (int i = 0; i < 500; ++i)
        data += "data: " + QByteArray(40, char('a' + i % 26)) + "\n\n";
    data += QByteArray(100000, 'z'); // long matches
    QByteArray input = compress(data, -15);
    input.chop(input.size() / 4); // what has arrived so far ends inside the matches

    // What all of it gives with room to spare...
    Inflater reference(Inflater::Format::Deflate);
    QByteArray expected;
    QCOMPARE(reference.inflate(input, 1 << 30, &expected), input.size());
    QVERIFY(expected.size() > 4000);

    // ...and 7 bytes at a time.
    Inflater inflater(Inflater::Format::Deflate);
    QByteArray out;
    QByteArrayView rest(input);
    for (int calls = 0; calls < 1000000; ++calls) {
        const qsizetype before = out.size();
        const qsizetype taken = inflater.inflate(rest, 7, &out);
        QVERIFY(taken >= 0);
        QVERIFY(out.size() - before <= 7);
        rest = rest.sliced(taken);
        if (rest.isEmpty() && !inflater.hasPendingOutput())
            break;
    }
    QCOMPARE(out.size(), expected.size());
    QCOMPARE(out, expected);
}

void TestInflater::corruptDataFails_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QByteArray>("input");
    QByteArray gz = compress(QByteArray(10000, 'x') + "tail", 16 + 15);
    gz[gz.size() / 2] = char(gz[gz.size() / 2] ^ 0x5a);
    gz[gz.size() / 2 + 1] = char(gz[gz.size() / 2 + 1] ^ 0xa5);
    QTest::newRow("gzip, flipped bytes") << int(Inflater::Format::Gzip) << gz;
    QTest::newRow("not gzip at all")
        << int(Inflater::Format::Gzip) << QByteArray("data: plain text\n\n");
}

void TestInflater::corruptDataFails()
{
    QFETCH(int, format);
    QFETCH(QByteArray, input);
    Inflater inflater {Inflater::Format(format)};
    bool ok = true;
    inflateAll(inflater, input, 3, &ok);
    QVERIFY(!ok);
    QVERIFY2(inflater.errorString().startsWith(QStringLiteral("corrupt gzip data: ")),
             qPrintable(inflater.errorString()));
}

QTEST_GUILESS_MAIN(TestInflater)
#include "tst_inflater.moc"
