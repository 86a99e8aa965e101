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
    void completeness_data();
    void completeness();
    void trailingBytesAfterGzip();
    void rawStoredBlockThatLooksLikeZlib();
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
    QTest::addColumn<QString>("error");
    QByteArray gz = compress(QByteArray(10000, 'x') + "tail", 16 + 15);
    gz[gz.size() / 2] = char(gz[gz.size() / 2] ^ 0x5a);
    gz[gz.size() / 2 + 1] = char(gz[gz.size() / 2 + 1] ^ 0xa5);
    const int gzip = int(Inflater::Format::Gzip);
    const int deflate = int(Inflater::Format::Deflate);
    QTest::newRow("gzip, flipped bytes") << gzip << gz << QStringLiteral("corrupt gzip data: ");
    QTest::newRow("not gzip at all") << gzip << QByteArray("data: plain text\n\n")
                                     << QStringLiteral("corrupt gzip data: incorrect header check");
    // A zlib header, then a block of the reserved type 3.
    QTest::newRow("deflate, bad block type")
        << deflate << QByteArray::fromHex("789cffffffff")
        << QStringLiteral("corrupt deflate data: invalid block type");
    // FDICT set (0x78 0x20 is a valid header with it): HTTP has no way to give the dictionary.
    QTest::newRow("deflate, preset dictionary")
        << deflate << QByteArray::fromHex("78200000000100")
        << QStringLiteral("corrupt deflate data: it needs a preset dictionary, which HTTP does "
                          "not provide");
}

void TestInflater::corruptDataFails()
{
    QFETCH(int, format);
    QFETCH(QByteArray, input);
    QFETCH(QString, error);
    Inflater inflater {Inflater::Format(format)};
    bool ok = true;
    inflateAll(inflater, input, 3, &ok);
    QVERIFY(!ok);
    QVERIFY2(inflater.errorString().startsWith(error), qPrintable(inflater.errorString()));
}

// zlib takes every byte it is given, so a stream cut short is told only by the decoder never
// reaching the end: the client names a truncated body with this.
void TestInflater::completeness_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("complete");
    const QByteArray data = "data: " + QByteArray(3000, 'q') + "\n\n";
    const QByteArray gz = compress(data, 16 + 15);
    const QByteArray zl = compress(data, 15);
    const QByteArray raw = compress(data, -15);
    const int gzip = int(Inflater::Format::Gzip);
    const int deflate = int(Inflater::Format::Deflate);
    QTest::newRow("nothing") << gzip << QByteArray() << true;
    QTest::newRow("gzip") << gzip << gz << true;
    QTest::newRow("gzip without its trailer") << gzip << gz.chopped(8) << false;
    QTest::newRow("gzip, its header only") << gzip << gz.left(10) << false;
    QTest::newRow("two gzip members") << gzip << QByteArray(gz + gz) << true;
    QTest::newRow("gzip, then half a member") << gzip << QByteArray(gz + gz.left(12)) << false;
    QTest::newRow("zlib") << deflate << zl << true;
    QTest::newRow("zlib without its checksum") << deflate << zl.chopped(4) << false;
    QTest::newRow("raw deflate") << deflate << raw << true;
    QTest::newRow("raw deflate cut") << deflate << raw.chopped(3) << false;
    QTest::newRow("deflate, one byte") << deflate << QByteArray("\x78") << false;
}

void TestInflater::completeness()
{
    QFETCH(int, format);
    QFETCH(QByteArray, input);
    QFETCH(bool, complete);
    for (const qsizetype step : {qsizetype(1), qsizetype(7), input.size() + 1}) {
        Inflater inflater {Inflater::Format(format)};
        bool ok = false;
        inflateAll(inflater, input, step, &ok);
        QVERIFY(ok);
        QCOMPARE(inflater.isComplete(), complete);
    }
}

// After a member, bytes that do not start another one are ignored to the end, a member after
// them included (gzip(1) warns of trailing garbage and keeps the data); a lone 0x1f at the end
// may start a member, waits for the next byte and leaves the stream complete.
void TestInflater::trailingBytesAfterGzip()
{
    const QByteArray gz = compress("data: one\n\n", 16 + 15);
    for (const QByteArray &tail :
         {QByteArray(2, '\0'), QByteArray("\x1f junk"), QByteArray("\n"), QByteArray("\x1f")}) {
        for (const QByteArray &input : {QByteArray(gz + tail + gz), QByteArray(gz + tail)}) {
            for (const qsizetype step : {qsizetype(1), qsizetype(1000)}) {
                Inflater inflater(Inflater::Format::Gzip);
                bool ok = false;
                QCOMPARE(inflateAll(inflater, input, step, &ok), QByteArray("data: one\n\n"));
                QVERIFY(ok);
                QVERIFY(inflater.isComplete());
            }
        }
    }
}

// RFC 1950: a zlib header has CINFO <= 7. A raw stored block whose first bytes happen to be
// a multiple of 31 with CM = 8 but CINFO = 8 is raw deflate, not a zlib stream with a bad
// window (before the check it failed as "invalid window size").
void TestInflater::rawStoredBlockThatLooksLikeZlib()
{
    const QByteArray payload(28, 'p');
    // 0x88: BFINAL 0, BTYPE 00 (stored), then padding; LEN = 28 = 0x001c, NLEN = 0xffe3.
    // 0x881c = 34844 = 31 * 1124.
    QByteArray input = QByteArray::fromHex("881c00e3ff") + payload;
    input += QByteArray::fromHex("010000ffff"); // the final, empty stored block
    QCOMPARE((0x88 * 256 + 0x1c) % 31, 0);
    Inflater inflater(Inflater::Format::Deflate);
    bool ok = false;
    QCOMPARE(inflateAll(inflater, input, 1000, &ok), payload);
    QVERIFY2(ok, qPrintable(inflater.errorString()));
    QVERIFY(inflater.isComplete());
}

QTEST_GUILESS_MAIN(TestInflater)
#include "tst_inflater.moc"
