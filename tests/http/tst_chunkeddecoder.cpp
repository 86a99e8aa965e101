// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "http/chunkeddecoder.h"
#include "http/httpresponsereader.h"

#include <QTest>

namespace {

struct Decoded
{
    QByteArray data;
    ChunkedDecoder::Status status = ChunkedDecoder::Status::InProgress;
    qsizetype consumed = 0; // of the whole input
    QByteArray error;
};

// Feeds `input` in slices of the given sizes (the last one repeating), as a socket would.
Decoded decode(const QByteArray &input, qsizetype sliceBytes, qsizetype firstSlice = -1)
{
    ChunkedDecoder decoder;
    Decoded result;
    qsizetype offset = 0;
    bool first = true;
    while (offset < input.size() && decoder.status() == ChunkedDecoder::Status::InProgress) {
        const qsizetype size =
            qMin(input.size() - offset, first && firstSlice >= 0 ? firstSlice : sliceBytes);
        first = false;
        QByteArrayView rest = QByteArrayView(input).sliced(offset, size);
        while (!rest.isEmpty() && decoder.status() == ChunkedDecoder::Status::InProgress) {
            QByteArrayView piece;
            const qsizetype n = decoder.feed(rest, &piece);
            result.data += piece.toByteArray();
            rest = rest.sliced(n);
            offset += n;
        }
        if (!rest.isEmpty())
            break;
    }
    result.status = decoder.status();
    result.consumed = offset;
    result.error = decoder.errorMessage();
    return result;
}

} // namespace

class TestChunkedDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void valid_data();
    void valid();
    void splitAtEveryOffset();
    void trailingBytesLeft();
    void bogus_data();
    void bogus();
    void oversizedSizeLine();
    void incompleteIsInProgress();
    void responseHead_data();
    void responseHead();
};

void TestChunkedDecoder::valid_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("decoded");
    QTest::newRow("one chunk") << QByteArray("5\r\nhello\r\n0\r\n\r\n") << QByteArray("hello");
    QTest::newRow("two chunks") << QByteArray("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
                                << QByteArray("hello world");
    QTest::newRow("hex sizes") << QByteArray("a\r\n0123456789\r\nA\r\nabcdefghij\r\n0\r\n\r\n")
                               << QByteArray("0123456789abcdefghij");
    QTest::newRow("leading zeros") << QByteArray("0003\r\nabc\r\n000\r\n\r\n") << QByteArray("abc");
    QTest::newRow("extensions") << QByteArray("3;name=value\r\nabc\r\n0 ; last\r\n\r\n")
                                << QByteArray("abc");
    QTest::newRow("trailer") << QByteArray("3\r\nabc\r\n0\r\nX-Sum: 1\r\nX-Other: 2\r\n\r\n")
                             << QByteArray("abc");
    QTest::newRow("bare LF") << QByteArray("3\nabc\n0\n\n") << QByteArray("abc");
    QTest::newRow("CRLF inside data")
        << QByteArray("8\r\ndata: \r\n\r\n0\r\n\r\n") << QByteArray("data: \r\n");
    QTest::newRow("empty body") << QByteArray("0\r\n\r\n") << QByteArray();
    QTest::newRow("sse events") << QByteArray(
        "f\r\nid: 1\ndata: a\n\n\r\n7\r\ndata: b\r\n7\r\n\n\nid: 2\r\n0\r\n\r\n")
                                << QByteArray("id: 1\ndata: a\n\ndata: b\n\nid: 2");
}

void TestChunkedDecoder::valid()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, decoded);
    for (qsizetype slice : {input.size(), qsizetype(1), qsizetype(2), qsizetype(7)}) {
        const Decoded result = decode(input, slice);
        QCOMPARE(result.error, QByteArray());
        QCOMPARE(result.status, ChunkedDecoder::Status::Done);
        QCOMPARE(result.data, decoded);
        QCOMPARE(result.consumed, input.size());
    }
}

void TestChunkedDecoder::splitAtEveryOffset()
{
    QByteArray input;
    QByteArray expected;
    for (int i = 0; i < 20; ++i) {
        const QByteArray piece = QByteArray("data: event ") + QByteArray::number(i) + "\n\n";
        input += QByteArray::number(piece.size(), 16) + ";x=" + QByteArray::number(i) + "\r\n"
            + piece + "\r\n";
        expected += piece;
    }
    input += "0\r\nTrailer-Field: yes\r\n\r\n";
    for (qsizetype offset = 0; offset <= input.size(); ++offset) {
        const Decoded result = decode(input, input.size(), offset);
        QVERIFY2(result.status == ChunkedDecoder::Status::Done,
                 qPrintable(QString::number(offset)));
        QCOMPARE(result.data, expected);
        QCOMPARE(result.consumed, input.size());
    }
}

void TestChunkedDecoder::trailingBytesLeft()
{
    // What follows the body's end is not the body's: the decoder leaves it unconsumed.
    const QByteArray input = "3\r\nabc\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n";
    const Decoded result = decode(input, input.size());
    QCOMPARE(result.status, ChunkedDecoder::Status::Done);
    QCOMPARE(result.consumed, qsizetype(13));
    QCOMPARE(result.data, QByteArray("abc"));
}

void TestChunkedDecoder::bogus_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("not hex") << QByteArray("zz\r\nabc\r\n") << QByteArray("not a hexadecimal");
    QTest::newRow("negative") << QByteArray("-1\r\nabc\r\n") << QByteArray("not a hexadecimal");
    QTest::newRow("empty size") << QByteArray("\r\nabc\r\n") << QByteArray("not a hexadecimal");
    QTest::newRow("space first") << QByteArray(" 3\r\nabc\r\n") << QByteArray("not a hexadecimal");
    QTest::newRow("overflow") << QByteArray("fffffffffffffffff\r\n") << QByteArray("too large");
    QTest::newRow("junk after size")
        << QByteArray("3x\r\nabc\r\n") << QByteArray("unexpected character");
    QTest::newRow("digits after space")
        << QByteArray("3 4\r\nabc\r\n") << QByteArray("unexpected character");
    QTest::newRow("size too small")
        << QByteArray("2\r\nabc\r\n0\r\n\r\n") << QByteArray("not followed by CRLF");
    QTest::newRow("size too large")
        << QByteArray("5\r\nabc\r\n0\r\n\r\n") << QByteArray("not followed by CRLF");
    QTest::newRow("CR without LF") << QByteArray("3\rabc") << QByteArray("CR without LF");
    QTest::newRow("CR without LF after data")
        << QByteArray("3\r\nabc\rX") << QByteArray("CR without LF");
}

void TestChunkedDecoder::bogus()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, message);
    for (qsizetype slice : {input.size(), qsizetype(1)}) {
        const Decoded result = decode(input, slice);
        QCOMPARE(result.status, ChunkedDecoder::Status::Error);
        QVERIFY2(result.error.contains(message), result.error.constData());
        QVERIFY(result.error.startsWith("malformed chunked body"));
    }
}

void TestChunkedDecoder::oversizedSizeLine()
{
    // An endless extension must not be buffered or waited for: it fails at the bound.
    ChunkedDecoder decoder(64);
    const QByteArray line = "5;" + QByteArray(1000, 'x');
    QByteArrayView piece;
    const qsizetype consumed = decoder.feed(line, &piece);
    QCOMPARE(decoder.status(), ChunkedDecoder::Status::Error);
    QVERIFY(decoder.errorMessage().contains("chunk-size line too long"));
    QVERIFY(consumed <= 64);
    // Also with leading zeros that never end.
    ChunkedDecoder zeros(64);
    QByteArrayView ignored;
    for (int i = 0; i < 100 && zeros.status() == ChunkedDecoder::Status::InProgress; ++i)
        zeros.feed("0", &ignored);
    QCOMPARE(zeros.status(), ChunkedDecoder::Status::Error);

    ChunkedDecoder trailer(4096, 32);
    trailer.feed(QByteArray("0\r\n" + QByteArray(100, 'T')), &ignored);
    QCOMPARE(trailer.status(), ChunkedDecoder::Status::Error);
    QVERIFY(trailer.errorMessage().contains("trailer section too large"));
}

void TestChunkedDecoder::incompleteIsInProgress()
{
    const QByteArray input = "5\r\nhello\r\n0\r\n\r\n";
    for (qsizetype cut = 0; cut < input.size(); ++cut) {
        const Decoded result = decode(input.first(cut), 1);
        QCOMPARE(result.status, ChunkedDecoder::Status::InProgress);
        QCOMPARE(result.consumed, cut);
    }
}

void TestChunkedDecoder::responseHead_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("error");
    QTest::newRow("sse") << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n")
                         << 200 << QByteArray();
    QTest::newRow("no reason") << QByteArray("HTTP/1.1 204\r\n\r\n") << 204 << QByteArray();
    QTest::newRow("LF only") << QByteArray("HTTP/1.0 404 Not Found\nA: b\n\n") << 404
                             << QByteArray();
    QTest::newRow("garbage") << QByteArray("hello world\r\n\r\n") << 0
                             << QByteArray("malformed status line");
    QTest::newRow("bad code") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n") << 0
                              << QByteArray("malformed status code");
    QTest::newRow("no colon") << QByteArray("HTTP/1.1 200 OK\r\nbroken\r\n\r\n") << 200
                              << QByteArray("malformed header line");
    QTest::newRow("folding") << QByteArray("HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n") << 200
                             << QByteArray("obsolete line folding");
    QTest::newRow("conflicting length")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") << 200
        << QByteArray("conflicting Content-Length");
    QTest::newRow("too large") << QByteArray("HTTP/1.1 200 OK\r\nX: " + QByteArray(70000, 'a'))
                               << 200 << QByteArray("response head larger than");
}

void TestChunkedDecoder::responseHead()
{
    QFETCH(QByteArray, head);
    QFETCH(int, status);
    QFETCH(QByteArray, error);
    for (qsizetype slice : {head.size(), qsizetype(1)}) {
        HttpResponseReader reader;
        for (qsizetype offset = 0;
             offset < head.size() && !reader.hasError() && !reader.isComplete();) {
            offset +=
                reader.feed(QByteArrayView(head).sliced(offset, qMin(slice, head.size() - offset)));
        }
        QCOMPARE(reader.statusCode(), status);
        if (error.isEmpty()) {
            QVERIFY(reader.isComplete());
        } else {
            QVERIFY(reader.hasError());
            QVERIFY2(reader.errorMessage().contains(error), reader.errorMessage().constData());
        }
    }
}

QTEST_GUILESS_MAIN(TestChunkedDecoder)
#include "tst_chunkeddecoder.moc"
