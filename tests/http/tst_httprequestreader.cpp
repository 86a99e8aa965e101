// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "http/httprequestreader.h"

#include <QRandomGenerator>
#include <QTest>

class TestHttpRequestReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void garbageVerdictDoesNotDependOnSlicing();
    void validRequest_data();
    void validRequest();
    void leavesBodyUnconsumed();
    void malformed_data();
    void malformed();
    void headBound_data();
    void headBound();
    void floodWithoutLineEndIsBounded();
    void notHttpFailsAtOnce();
    void reset();
    void randomBytesNeverHang();
};

namespace {

// A literal with its NULs.
template<qsizetype N>
QByteArray raw(const char (&text)[N])
{
    return QByteArray(text, N - 1);
}

// Feeds input in the given slicing; returns the total consumed.
qsizetype feedAll(HttpRequestReader &reader, QByteArrayView input, qsizetype splitAt = -1)
{
    if (splitAt < 0)
        return reader.feed(input);
    qsizetype consumed = reader.feed(input.first(splitAt));
    if (reader.status() == HttpRequestReader::Status::Incomplete)
        consumed += reader.feed(input.sliced(splitAt));
    return consumed;
}

} // namespace

void TestHttpRequestReader::validRequest_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("minor");
    QTest::addColumn<int>("headerCount");
    QTest::addColumn<QByteArray>("lastEventId");
    QTest::addColumn<qint64>("contentLength");
    QTest::addColumn<bool>("transferEncoding");

    QTest::newRow("GET CRLF") << QByteArray("GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
                              << QByteArray("GET") << QByteArray("/events") << QByteArray("/events")
                              << 1 << 1 << QByteArray() << qint64(-1) << false;
    QTest::newRow("bare LF") << QByteArray("GET /events HTTP/1.1\nHost: x\nLast-Event-ID: 42\n\n")
                             << QByteArray("GET") << QByteArray("/events") << QByteArray("/events")
                             << 1 << 2 << QByteArray("42") << qint64(-1) << false;
    QTest::newRow("mixed line ends")
        << QByteArray("GET /events HTTP/1.1\r\nlast-event-id: 7\n\r\n") << QByteArray("GET")
        << QByteArray("/events") << QByteArray("/events") << 1 << 1 << QByteArray("7") << qint64(-1)
        << false;
    QTest::newRow("leading empty lines")
        << QByteArray("\r\n\nGET /e HTTP/1.0\r\n\r\n") << QByteArray("GET") << QByteArray("/e")
        << QByteArray("/e") << 0 << 0 << QByteArray() << qint64(-1) << false;
    QTest::newRow("query and fragment")
        << QByteArray("GET /events?x=1&y=%20#f HTTP/1.1\r\n\r\n") << QByteArray("GET")
        << QByteArray("/events?x=1&y=%20#f") << QByteArray("/events") << 1 << 0 << QByteArray()
        << qint64(-1) << false;
    QTest::newRow("absolute form")
        << QByteArray("GET http://127.0.0.1:8080/events?q HTTP/1.1\r\n\r\n") << QByteArray("GET")
        << QByteArray("http://127.0.0.1:8080/events?q") << QByteArray("/events") << 1 << 0
        << QByteArray() << qint64(-1) << false;
    QTest::newRow("whitespace around values")
        << QByteArray("POST /events HTTP/1.1\r\nLast-Event-ID: \t 9 \t\r\n"
                      "Content-Length:   12\r\n\r\n")
        << QByteArray("POST") << QByteArray("/events") << QByteArray("/events") << 1 << 2
        << QByteArray("9") << qint64(12) << false;
    QTest::newRow("repeated equal Content-Length")
        << QByteArray("POST /e HTTP/1.1\r\nContent-Length: 5, 5\r\ncontent-length: 5\r\n\r\n")
        << QByteArray("POST") << QByteArray("/e") << QByteArray("/e") << 1 << 2 << QByteArray()
        << qint64(5) << false;
    QTest::newRow("chunked") << QByteArray("POST /e HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                             << QByteArray("POST") << QByteArray("/e") << QByteArray("/e") << 1 << 1
                             << QByteArray() << qint64(-1) << true;
    QTest::newRow("obs-text in value")
        << QByteArray("GET /e HTTP/1.1\r\nX-Name: caf\xc3\xa9\r\n\r\n") << QByteArray("GET")
        << QByteArray("/e") << QByteArray("/e") << 1 << 1 << QByteArray() << qint64(-1) << false;
    QTest::newRow("empty value") << QByteArray("GET /e HTTP/1.1\r\nLast-Event-ID:\r\n\r\n")
                                 << QByteArray("GET") << QByteArray("/e") << QByteArray("/e") << 1
                                 << 1 << QByteArray() << qint64(-1) << false;
    QTest::newRow("unknown method is still a request")
        << QByteArray("BREW /pot HTTP/1.1\r\n\r\n") << QByteArray("BREW") << QByteArray("/pot")
        << QByteArray("/pot") << 1 << 0 << QByteArray() << qint64(-1) << false;
}

void TestHttpRequestReader::validRequest()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, path);
    QFETCH(int, minor);
    QFETCH(int, headerCount);
    QFETCH(QByteArray, lastEventId);
    QFETCH(qint64, contentLength);
    QFETCH(bool, transferEncoding);

    auto check = [&](const HttpRequestReader &reader, qsizetype consumed, const char *how) {
        QVERIFY2(reader.isComplete(), how);
        QCOMPARE(consumed, input.size());
        QCOMPARE(reader.headBytes(), input.size());
        QCOMPARE(reader.method(), method);
        QCOMPARE(reader.target(), target);
        QCOMPARE(reader.path(), path);
        QCOMPARE(reader.versionMajor(), 1);
        QCOMPARE(reader.versionMinor(), minor);
        QCOMPARE(reader.headers().size(), headerCount);
        QCOMPARE(reader.header("LAST-EVENT-ID"), lastEventId);
        QCOMPARE(reader.contentLength(), contentLength);
        QCOMPARE(reader.hasTransferEncoding(), transferEncoding);
    };

    {
        HttpRequestReader reader;
        const qsizetype consumed = reader.feed(input);
        check(reader, consumed, "whole");
    }
    // Split at every offset: the result must not depend on how the bytes arrive.
    for (qsizetype at = 0; at <= input.size(); ++at) {
        HttpRequestReader reader;
        const qsizetype consumed = feedAll(reader, input, at);
        check(reader, consumed, qPrintable(QStringLiteral("split at %1").arg(at)));
        if (QTest::currentTestFailed())
            return;
    }
    {
        HttpRequestReader reader;
        qsizetype consumed = 0;
        for (qsizetype i = 0; i < input.size(); ++i)
            consumed += reader.feed(input.sliced(i, 1));
        check(reader, consumed, "byte by byte");
    }
}

void TestHttpRequestReader::leavesBodyUnconsumed()
{
    const QByteArray head = "POST /events HTTP/1.1\r\nContent-Length: 4\r\n\r\n";
    HttpRequestReader reader;
    QCOMPARE(reader.feed(QByteArray(head + "BODYGET / HTTP/1.1\r\n\r\n")), head.size());
    QVERIFY(reader.isComplete());
    QCOMPARE(reader.contentLength(), 4);
    // Once complete it takes nothing more.
    QCOMPARE(reader.feed("more"), 0);
    QVERIFY(reader.isComplete());
}

void TestHttpRequestReader::malformed_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("status");

    QTest::newRow("words") << QByteArray("hello there\r\n\r\n") << 400;
    QTest::newRow("no version (HTTP/0.9)") << QByteArray("GET /events\r\n\r\n") << 400;
    QTest::newRow("double space") << QByteArray("GET  /events HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("space in target") << QByteArray("GET /a b HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("HTTP/2.0") << QByteArray("GET /events HTTP/2.0\r\n\r\n") << 400;
    QTest::newRow("HTTP/1.1x") << QByteArray("GET /events HTTP/1.1x\r\n\r\n") << 400;
    QTest::newRow("lower-case version") << QByteArray("GET /events http/1.1\r\n\r\n") << 400;
    QTest::newRow("NUL in method") << raw("G\0T /e HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("NUL in target") << raw("GET /e\0 HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("control in target") << QByteArray("GET /e\x01 HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("CR in request line") << QByteArray("GET /e\rx HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("no colon") << QByteArray("GET /e HTTP/1.1\r\nHost\r\n\r\n") << 400;
    QTest::newRow("empty name") << QByteArray("GET /e HTTP/1.1\r\n: x\r\n\r\n") << 400;
    QTest::newRow("space before colon") << QByteArray("GET /e HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
    QTest::newRow("obs-fold") << QByteArray("GET /e HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << 400;
    QTest::newRow("NUL in value") << raw("GET /e HTTP/1.1\r\nA: b\0c\r\n\r\n") << 400;
    QTest::newRow("bare CR in value") << QByteArray("GET /e HTTP/1.1\r\nA: b\rc\r\n\r\n") << 400;
    QTest::newRow("bad Content-Length")
        << QByteArray("POST /e HTTP/1.1\r\nContent-Length: 12a\r\n\r\n") << 400;
    QTest::newRow("negative Content-Length")
        << QByteArray("POST /e HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::newRow("conflicting Content-Length")
        << QByteArray("POST /e HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n") << 400;
    QTest::newRow("huge Content-Length")
        << QByteArray("POST /e HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n") << 400;
    QTest::newRow("empty Content-Length")
        << QByteArray("POST /e HTTP/1.1\r\nContent-Length:\r\n\r\n") << 400;
}

void TestHttpRequestReader::malformed()
{
    QFETCH(QByteArray, input);
    QFETCH(int, status);
    for (qsizetype at = 0; at <= input.size(); ++at) {
        HttpRequestReader reader;
        const qsizetype consumed = feedAll(reader, input, at);
        QVERIFY2(reader.hasError(), qPrintable(QStringLiteral("split at %1").arg(at)));
        QCOMPARE(reader.errorStatus(), status);
        QVERIFY(!reader.errorMessage().isEmpty());
        QVERIFY(consumed <= input.size());
        // Nothing is taken after an error.
        QCOMPARE(reader.feed("GET / HTTP/1.1\r\n\r\n"), 0);
    }
}

void TestHttpRequestReader::headBound_data()
{
    QTest::addColumn<int>("extra");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("exactly the bound") << 0 << true;
    QTest::newRow("one byte over") << 1 << false;
}

void TestHttpRequestReader::headBound()
{
    QFETCH(int, extra);
    QFETCH(bool, accepted);
    const qsizetype bound = 256;
    const QByteArray start = "GET /events HTTP/1.1\r\nX-Pad: ";
    const QByteArray end = "\r\n\r\n";
    const QByteArray input =
        start + QByteArray(bound - start.size() - end.size() + extra, 'p') + end;
    HttpRequestReader reader(bound);
    reader.feed(input);
    if (accepted) {
        QVERIFY(reader.isComplete());
        QCOMPARE(reader.headBytes(), bound);
    } else {
        QVERIFY(reader.hasError());
        QCOMPARE(reader.errorStatus(), 431);
        QVERIFY(reader.headBytes() <= bound);
    }
}

void TestHttpRequestReader::floodWithoutLineEndIsBounded()
{
    // A header line that never ends is refused as soon as it passes the bound, not when (if
    // ever) its line end arrives.
    HttpRequestReader reader(1024);
    reader.feed("GET /events HTTP/1.1\r\nX-Flood: ");
    const QByteArray chunk(100, 'a');
    int fed = 0;
    while (reader.status() == HttpRequestReader::Status::Incomplete && fed < 100) {
        reader.feed(chunk);
        ++fed;
    }
    QVERIFY(reader.hasError());
    QCOMPARE(reader.errorStatus(), 431);
    QVERIFY(fed <= 11);
}

void TestHttpRequestReader::notHttpFailsAtOnce()
{
    // The start of a TLS ClientHello: no line end ever comes, yet the answer is immediate.
    HttpRequestReader reader;
    reader.feed(QByteArray::fromHex("160301020001000"));
    QVERIFY(reader.hasError());
    QCOMPARE(reader.errorStatus(), 400);

    HttpRequestReader nul;
    nul.feed(QByteArray(8, '\0'));
    QVERIFY(nul.hasError());
    QCOMPARE(nul.errorStatus(), 400);
}

void TestHttpRequestReader::reset()
{
    HttpRequestReader reader(512);
    reader.feed("garbage\x01\r\n");
    QVERIFY(reader.hasError());
    reader.reset();
    QCOMPARE(reader.status(), HttpRequestReader::Status::Incomplete);
    QCOMPARE(reader.maxHeadBytes(), 512);
    reader.feed("GET /x HTTP/1.1\r\n\r\n");
    QVERIFY(reader.isComplete());
    QCOMPARE(reader.path(), QByteArray("/x"));
}

void TestHttpRequestReader::randomBytesNeverHang()
{
    // Arbitrary bytes in arbitrary slices: the reader always ends in a definite state within
    // its bound and never takes more than it was given.
    QRandomGenerator random(20260101);
    const QByteArray alphabet = raw("GET /events HTTP/1.1\r\n:-a \t\0\x80\xff");
    for (int round = 0; round < 2000; ++round) {
        HttpRequestReader reader(300);
        qsizetype fed = 0;
        qsizetype consumed = 0;
        const int slices = 1 + random.bounded(20);
        for (int s = 0; s < slices; ++s) {
            QByteArray slice(random.bounded(60), '\0');
            for (char &c : slice) {
                c = random.bounded(3) == 0 ? char(random.bounded(256))
                                           : alphabet.at(random.bounded(alphabet.size()));
            }
            fed += slice.size();
            consumed += reader.feed(slice);
        }
        QVERIFY(consumed <= fed);
        QVERIFY(reader.headBytes() <= 300);
        if (reader.hasError())
            QVERIFY(reader.errorStatus() == 400 || reader.errorStatus() == 431);
    }
}

void TestHttpRequestReader::garbageVerdictDoesNotDependOnSlicing()
{
    // Found by fuzzing: bytes that cannot start a request line get 400 even when more than the
    // bound arrives in one read (it used to be 431 then, and 400 when read in pieces).
    const QByteArray garbage = QByteArray(200, '\0') + "GET /events HTTP/1.1\r\n\r\n";
    HttpRequestReader whole(64);
    whole.feed(garbage);
    QCOMPARE(whole.errorStatus(), 400);
    HttpRequestReader bytes(64);
    for (char c : garbage) {
        if (bytes.status() != HttpRequestReader::Status::Incomplete)
            break;
        bytes.feed(QByteArrayView(&c, 1));
    }
    QCOMPARE(bytes.errorStatus(), 400);
    // A valid method that runs past the bound is still too large.
    HttpRequestReader longMethod(64);
    longMethod.feed(QByteArray(100, 'G'));
    QCOMPARE(longMethod.errorStatus(), 431);
}

QTEST_GUILESS_MAIN(TestHttpRequestReader)
#include "tst_httprequestreader.moc"
