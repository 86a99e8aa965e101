// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// HttpResponseReader, the bounded reader of a response head the client and the proxy share:
// heads that complete (fed whole, split at every byte, or a byte at a time alike), framing,
// fields kept as sent, and every malformed head refused with its message.
#include "http/httpresponsereader.h"

#include <QTest>

namespace {

// Feeds `head` in pieces of `slice` bytes (0: whole) and returns how many bytes were taken.
qsizetype feedIn(HttpResponseReader &reader, const QByteArray &head, qsizetype slice)
{
    qsizetype taken = 0;
    const qsizetype step = slice > 0 ? slice : head.size();
    for (qsizetype at = 0;
         at < head.size() && reader.status() == HttpResponseReader::Status::Incomplete;
         at += step) {
        taken += reader.feed(QByteArrayView(head).sliced(at, qMin(step, head.size() - at)));
    }
    return taken;
}

} // namespace

class TestHttpResponseReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void completes_data();
    void completes();
    void splitAnywhere();
    void leavesTheBody();
    void refuses_data();
    void refuses();
    void headBound();
    void resetForInterimResponses();
};

void TestHttpResponseReader::completes_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<qint64>("contentLength");
    QTest::addColumn<bool>("chunked");
    QTest::addColumn<QByteArray>("codings");
    QTest::addColumn<QByteArray>("contentType");

    QTest::newRow("stream") << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                          "Cache-Control: no-cache\r\n\r\n")
                            << 200 << QByteArray("OK") << qint64(-1) << false << QByteArray()
                            << QByteArray("text/event-stream");
    QTest::newRow("bare LF, no reason")
        << QByteArray("HTTP/1.0 204\nX-A: 1\n\n") << 204 << QByteArray() << qint64(-1) << false
        << QByteArray() << QByteArray();
    QTest::newRow("length, name case")
        << QByteArray("HTTP/1.1 404 Not Found\r\ncontent-length: 12\r\ncontent-TYPE:  text/plain "
                      "\r\n\r\n")
        << 404 << QByteArray("Not Found") << qint64(12) << false << QByteArray()
        << QByteArray("text/plain");
    QTest::newRow("same length twice")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
                      "Content-Length: 3\r\n\r\n")
        << 200 << QByteArray("OK") << qint64(3) << false << QByteArray() << QByteArray();
    QTest::newRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n")
                             << 200 << QByteArray("OK") << qint64(-1) << true
                             << QByteArray("chunked") << QByteArray();
    QTest::newRow("codings of two fields, chunked last")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip,\r\nTransfer-Encoding: , "
                      "chunked\r\n\r\n")
        << 200 << QByteArray("OK") << qint64(-1) << true << QByteArray("gzip, chunked")
        << QByteArray();
    QTest::newRow("chunked not last") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                                                    "chunked, gzip\r\n\r\n")
                                      << 200 << QByteArray("OK") << qint64(-1) << false
                                      << QByteArray("chunked, gzip") << QByteArray();
}

void TestHttpResponseReader::completes()
{
    QFETCH(QByteArray, head);
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(qint64, contentLength);
    QFETCH(bool, chunked);
    QFETCH(QByteArray, codings);
    QFETCH(QByteArray, contentType);
    HttpResponseReader reader;
    QCOMPARE(reader.feed(head), head.size());
    QVERIFY2(reader.isComplete(), reader.errorMessage().constData());
    QCOMPARE(reader.statusCode(), status);
    QCOMPARE(reader.reasonPhrase(), reason);
    QCOMPARE(reader.contentLength(), contentLength);
    QCOMPARE(reader.isChunked(), chunked);
    QCOMPARE(reader.hasTransferEncoding(), !codings.isEmpty());
    QCOMPARE(reader.transferCodings(), codings);
    QCOMPARE(reader.header("Content-Type"), contentType);
    QCOMPARE(reader.hasHeader("content-type"), !contentType.isEmpty());
    QCOMPARE(reader.headBytes(), head.size());
    // Fields are kept as sent, for a proxy that passes the head on.
    for (const HttpResponseReader::Field &field : reader.fields())
        QVERIFY(head.contains(field.line));
    QVERIFY(head.startsWith(reader.statusLine()));
}

void TestHttpResponseReader::splitAnywhere()
{
    const QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-Long: "
        + QByteArray(300, 'v') + "\r\nContent-Length: 5\r\n\r\n";
    HttpResponseReader whole;
    QCOMPARE(feedIn(whole, head, 0), head.size());
    QVERIFY(whole.isComplete());
    for (qsizetype slice : {qsizetype(1), qsizetype(2), qsizetype(7), qsizetype(64)}) {
        HttpResponseReader reader;
        QCOMPARE(feedIn(reader, head, slice), head.size());
        QVERIFY(reader.isComplete());
        QCOMPARE(reader.statusLine(), whole.statusLine());
        QCOMPARE(reader.fields().size(), whole.fields().size());
        for (qsizetype i = 0; i < reader.fields().size(); ++i)
            QCOMPARE(reader.fields().at(i).line, whole.fields().at(i).line);
        QCOMPARE(reader.contentLength(), 5);
    }
}

void TestHttpResponseReader::leavesTheBody()
{
    const QByteArray head = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n";
    HttpResponseReader reader;
    QCOMPARE(reader.feed(QByteArray(head + "body")), head.size());
    QVERIFY(reader.isComplete());
    QCOMPARE(reader.feed("more"), 0); // complete: takes nothing
}

void TestHttpResponseReader::refuses_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n")
                              << QByteArray("malformed status line \"SSH-2.0-OpenSSH\"");
    QTest::newRow("http/2 status line")
        << QByteArray("HTTP/2 200 OK\r\n\r\n") << QByteArray("malformed status line");
    QTest::newRow("letters for a code")
        << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n") << QByteArray("malformed status code");
    QTest::newRow("code below 100")
        << QByteArray("HTTP/1.1 099 Low\r\n\r\n") << QByteArray("status code 99 out of range");
    QTest::newRow("folded line") << QByteArray("HTTP/1.1 200 OK\r\nX-A: 1\r\n  continued\r\n\r\n")
                                 << QByteArray("obsolete line folding");
    QTest::newRow("no colon") << QByteArray("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")
                              << QByteArray("malformed header line \"no colon here\"");
    QTest::newRow("space in a name") << QByteArray("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n")
                                     << QByteArray("malformed header name \"Bad Name\"");
    QTest::newRow("length not a number") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1e3"
                                                       "\r\n\r\n")
                                         << QByteArray("malformed Content-Length \"1e3\"");
    QTest::newRow("conflicting lengths") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
                                                       "Content-Length: 4\r\n\r\n")
                                         << QByteArray("conflicting Content-Length fields");
}

void TestHttpResponseReader::refuses()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, message);
    for (qsizetype slice : {qsizetype(0), qsizetype(1)}) {
        HttpResponseReader reader;
        feedIn(reader, head, slice);
        QVERIFY(reader.hasError());
        QVERIFY2(reader.errorMessage().startsWith(message), reader.errorMessage().constData());
        QCOMPARE(reader.feed("HTTP/1.1 200 OK\r\n\r\n"), 0); // an error takes nothing more
    }
}

void TestHttpResponseReader::headBound()
{
    // Exactly at the bound completes; one byte over fails at once, without a line end.
    const QByteArray start = "HTTP/1.1 200 OK\r\nX-Pad: ";
    const QByteArray end = "\r\n\r\n";
    const qsizetype bound = 1024;
    const QByteArray fits = start + QByteArray(bound - start.size() - end.size(), 'p') + end;
    HttpResponseReader reader(bound);
    QCOMPARE(reader.feed(fits), fits.size());
    QVERIFY(reader.isComplete());

    HttpResponseReader over(bound);
    over.feed(QByteArray(start + QByteArray(10 * bound, 'p')));
    QVERIFY(over.hasError());
    QCOMPARE(over.errorMessage(), QByteArray("response head larger than 1024 bytes"));
    QCOMPARE(over.headBytes(), bound);
}

void TestHttpResponseReader::resetForInterimResponses()
{
    HttpResponseReader reader;
    const QByteArray interim = "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n";
    const QByteArray final = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n";
    QCOMPARE(reader.feed(QByteArray(interim + final)), interim.size());
    QCOMPARE(reader.statusCode(), 103);
    reader.reset();
    QVERIFY(!reader.isComplete());
    QCOMPARE(reader.feed(final), final.size());
    QCOMPARE(reader.statusCode(), 200);
    QVERIFY(!reader.hasHeader("Link"));
}

QTEST_GUILESS_MAIN(TestHttpResponseReader)
#include "tst_httpresponsereader.moc"
