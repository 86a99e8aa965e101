// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The gzip encoder of the gzip fault: what it writes is gzip that the client's decoder reads
// back whole, and it holds small writes back until a block fills or the body ends (no
// per-event flush: that is the fault).
#include "http/deflater.h"
#include "http/inflater.h"

#include <QTest>

class TestDeflater : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void smallWritesAreHeldBack();
    void finishOnce();
};

void TestDeflater::roundTrip_data()
{
    QTest::addColumn<QList<QByteArray>>("writes");
    QTest::newRow("nothing") << QList<QByteArray>();
    QTest::newRow("one event") << QList<QByteArray> {"id: 1\ndata: x\n\n"};
    QList<QByteArray> many;
    for (int i = 0; i < 5000; ++i)
        many.append("id: " + QByteArray::number(i) + "\ndata: {\"n\":" + QByteArray::number(i)
                    + "}\n\n");
    QTest::newRow("5000 events") << many;
    QByteArray noise(300 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < noise.size(); ++i)
        noise[i] = char((i * 7919 + i / 13) & 0xff);
    QTest::newRow("300 KiB that does not compress") << QList<QByteArray> {noise};
}

void TestDeflater::roundTrip()
{
    QFETCH(QList<QByteArray>, writes);
    if (!Deflater::isAvailable())
        QSKIP("built without zlib");
    Deflater deflater;
    QByteArray compressed;
    QByteArray plain;
    for (const QByteArray &bytes : writes) {
        plain += bytes;
        compressed += deflater.deflate(bytes);
    }
    compressed += deflater.finish();
    QVERIFY(compressed.startsWith("\x1f\x8b")); // a gzip member
    Inflater inflater(Inflater::Format::Gzip);
    QByteArray decoded;
    QByteArrayView rest(compressed);
    while (!rest.isEmpty() || inflater.hasPendingOutput()) {
        const qsizetype used = inflater.inflate(rest, 64 * 1024, &decoded);
        QVERIFY2(used >= 0, qPrintable(inflater.errorString()));
        rest = rest.sliced(used);
    }
    QVERIFY(inflater.isComplete());
    QCOMPARE(decoded, plain);
}

void TestDeflater::smallWritesAreHeldBack()
{
    if (!Deflater::isAvailable())
        QSKIP("built without zlib");
    Deflater deflater;
    QByteArray early;
    for (int i = 0; i < 20; ++i)
        early += deflater.deflate("data: a small event\n\n");
    // At most the gzip header leaves before the end: no event can be read yet.
    QVERIFY2(early.size() <= 10, early.toHex().constData());
    QVERIFY(deflater.finish().size() > 20);
}

void TestDeflater::finishOnce()
{
    if (!Deflater::isAvailable())
        QSKIP("built without zlib");
    Deflater deflater;
    deflater.deflate("data: x\n\n");
    QVERIFY(!deflater.isFinished());
    QVERIFY(!deflater.finish().isEmpty());
    QVERIFY(deflater.isFinished());
    QVERIFY(deflater.finish().isEmpty());
    QVERIFY(deflater.deflate("data: late\n\n").isEmpty());
}

QTEST_GUILESS_MAIN(TestDeflater)
#include "tst_deflater.moc"
