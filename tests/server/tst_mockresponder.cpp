// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// MockResponder, the mock server's request handling without sockets: each kind of request
// gets its answer (stream, head, or a status with its reason and header lines), in the order
// the checks are made, and the answers' bytes are well-formed HTTP/1.1.
#include "http/httprequestreader.h"
#include "http/httpresponsereader.h"
#include "http/httpstatus.h"
#include "server/mockresponder.h"

#include <QTest>

class TestMockResponder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decides_data();
    void decides();
    void streamsCapAt503();
    void corsPreflight();
    void answerBytes();
    void headRequestGetsNoBody();
    void noContentHasNoBody();
    void streamHead();
    void answeredReason();
};

namespace {

HttpRequestReader read(const QByteArray &request, qsizetype maxHead = 16 * 1024)
{
    HttpRequestReader reader(maxHead);
    reader.feed(request);
    return reader;
}

using Kind = MockResponder::Decision::Kind;

} // namespace

void TestMockResponder::decides_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("messagePart");
    QTest::addColumn<QByteArray>("headersPart");
    QTest::addColumn<qint64>("bodyBytes");

    QTest::newRow("GET") << QByteArray("GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
                         << int(Kind::Stream) << 200 << QByteArray() << QByteArray() << qint64(0);
    QTest::newRow("GET with a query")
        << QByteArray("GET /events?x=1 HTTP/1.1\r\nHost: x\r\n\r\n") << int(Kind::Stream) << 200
        << QByteArray() << QByteArray() << qint64(0);
    QTest::newRow("POST with a body")
        << QByteArray("POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n")
        << int(Kind::Stream) << 200 << QByteArray() << QByteArray() << qint64(12);
    QTest::newRow("HEAD") << QByteArray("HEAD /events HTTP/1.1\r\nHost: x\r\n\r\n")
                          << int(Kind::Head) << 200 << QByteArray() << QByteArray() << qint64(0);
    QTest::newRow("other path") << QByteArray("GET /other HTTP/1.1\r\nHost: x\r\n\r\n")
                                << int(Kind::Answer) << 404
                                << QByteArray("the event stream is at /events") << QByteArray()
                                << qint64(0);
    // The path is checked before the method: a DELETE elsewhere is a 404.
    QTest::newRow("DELETE elsewhere")
        << QByteArray("DELETE /x HTTP/1.1\r\nHost: x\r\n\r\n") << int(Kind::Answer) << 404
        << QByteArray("not found") << QByteArray() << qint64(0);
    QTest::newRow("DELETE") << QByteArray("DELETE /events HTTP/1.1\r\nHost: x\r\n\r\n")
                            << int(Kind::Answer) << 405 << QByteArray("answers GET and POST")
                            << QByteArray("Allow: GET, POST, HEAD, OPTIONS\r\n") << qint64(0);
    QTest::newRow("OPTIONS") << QByteArray("OPTIONS /events HTTP/1.1\r\nHost: x\r\n\r\n")
                             << int(Kind::Answer) << 204 << QByteArray()
                             << QByteArray("Allow: GET, POST, HEAD, OPTIONS\r\n") << qint64(0);
    QTest::newRow("chunked body") << QByteArray(
        "POST /events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                                  << int(Kind::Answer) << 411 << QByteArray("send a Content-Length")
                                  << QByteArray() << qint64(0);
    QTest::newRow("body too large")
        << QByteArray("POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n")
        << int(Kind::Answer) << 413 << QByteArray("larger than 1048576 bytes") << QByteArray()
        << qint64(0);
    QTest::newRow("body at the limit")
        << QByteArray("POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n")
        << int(Kind::Stream) << 200 << QByteArray() << QByteArray() << qint64(1048576);
    QTest::newRow("malformed request line") << QByteArray("GET\r\n\r\n") << int(Kind::Answer) << 400
                                            << QByteArray() << QByteArray() << qint64(0);
}

void TestMockResponder::decides()
{
    QFETCH(QByteArray, request);
    QFETCH(int, kind);
    QFETCH(int, status);
    QFETCH(QByteArray, messagePart);
    QFETCH(QByteArray, headersPart);
    QFETCH(qint64, bodyBytes);
    MockServerOptions options;
    const MockResponder responder(&options);
    const HttpRequestReader reader = read(request);
    QVERIFY(reader.status() != HttpRequestReader::Status::Incomplete);
    const MockResponder::Decision decision = responder.decide(reader, 0);
    QCOMPARE(int(decision.kind), kind);
    QCOMPARE(decision.status, status);
    QVERIFY2(decision.message.contains(messagePart), decision.message.constData());
    QVERIFY2(decision.headers.contains(headersPart), decision.headers.constData());
    QCOMPARE(decision.bodyBytes, bodyBytes);
}

void TestMockResponder::streamsCapAt503()
{
    MockServerOptions options;
    options.maxClients = 2;
    const MockResponder responder(&options);
    const HttpRequestReader get = read("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(responder.decide(get, 1).kind, Kind::Stream);
    const MockResponder::Decision full = responder.decide(get, 2);
    QCOMPARE(full.kind, Kind::Answer);
    QCOMPARE(full.status, 503);
    QVERIFY(full.message.contains("too many clients (2)"));
    QCOMPARE(full.headers, QByteArray("Retry-After: 1\r\n"));
    // A HEAD holds no stream, so the cap does not apply to it.
    QCOMPARE(responder.decide(read("HEAD /events HTTP/1.1\r\nHost: x\r\n\r\n"), 2).kind,
             Kind::Head);
    // An oversized head is refused by the reader's own status.
    const HttpRequestReader huge =
        read("GET /events HTTP/1.1\r\nX: " + QByteArray(200, 'a') + "\r\n\r\n", 64);
    QCOMPARE(responder.decide(huge, 0).status, 431);
}

void TestMockResponder::corsPreflight()
{
    MockServerOptions options;
    options.cors = true;
    const MockResponder responder(&options);
    const MockResponder::Decision decision =
        responder.decide(read("OPTIONS /events HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
    QCOMPARE(decision.status, 204);
    QVERIFY(
        decision.headers.contains("Access-Control-Allow-Methods: GET, POST, HEAD, OPTIONS\r\n"));
    QVERIFY(decision.headers.contains("Access-Control-Allow-Headers: Last-Event-ID"));
    QVERIFY(decision.headers.contains("Access-Control-Max-Age: 600\r\n"));
    // Every answer then allows any origin.
    QVERIFY(responder.answer(404, "x", {}, false).contains("Access-Control-Allow-Origin: *\r\n"));
    QVERIFY(responder.streamHead().contains("Access-Control-Allow-Origin: *\r\n"));
    options.cors = false;
    QVERIFY(!responder.streamHead().contains("Access-Control"));
}

void TestMockResponder::answerBytes()
{
    MockServerOptions options;
    const MockResponder responder(&options);
    const QByteArray bytes = responder.answer(404, "not here", "X-Extra: 1\r\n", false);
    HttpResponseReader reader;
    reader.feed(bytes);
    QVERIFY(reader.isComplete());
    QCOMPARE(reader.statusCode(), 404);
    QCOMPARE(reader.header("Content-Type"), QByteArray("text/plain; charset=utf-8"));
    QCOMPARE(reader.header("Content-Length"), QByteArray("9"));
    QCOMPARE(reader.header("Connection"), QByteArray("close"));
    QCOMPARE(reader.header("X-Extra"), QByteArray("1"));
    QVERIFY(reader.header("Server").startsWith("ssemon/"));
    QVERIFY(reader.header("Date").endsWith(" GMT"));
    QVERIFY(bytes.endsWith("\r\n\r\nnot here\n"));
}

void TestMockResponder::headRequestGetsNoBody()
{
    MockServerOptions options;
    const MockResponder responder(&options);
    const QByteArray bytes = responder.answer(404, "not here", {}, true);
    // The length of the body a GET would get, and no body.
    QVERIFY(bytes.contains("Content-Length: 9\r\n"));
    QVERIFY(bytes.endsWith("\r\n\r\n"));
}

void TestMockResponder::noContentHasNoBody()
{
    MockServerOptions options;
    const MockResponder responder(&options);
    const QByteArray bytes = responder.answer(204, "ignored", "Allow: GET\r\n", false);
    QVERIFY(bytes.startsWith("HTTP/1.1 204 No Content\r\n"));
    QVERIFY(!bytes.contains("Content-Length"));
    QVERIFY(!bytes.contains("Content-Type"));
    QVERIFY(bytes.endsWith("Allow: GET\r\nConnection: close\r\n\r\n"));
}

void TestMockResponder::streamHead()
{
    MockServerOptions options;
    const MockResponder responder(&options);
    HttpResponseReader reader;
    const QByteArray head = responder.streamHead();
    QCOMPARE(reader.feed(head), head.size());
    QVERIFY(reader.isComplete());
    QCOMPARE(reader.statusCode(), 200);
    QCOMPARE(reader.header("Content-Type"), QByteArray("text/event-stream; charset=utf-8"));
    QCOMPARE(reader.header("Cache-Control"), QByteArray("no-cache"));
    QCOMPARE(reader.header("X-Accel-Buffering"), QByteArray("no"));
    QVERIFY(!reader.hasHeader("Content-Length"));
    QVERIFY(!reader.hasHeader("Content-Encoding"));

    // A content-type fault: another value, or none at all; gzip announced.
    QVERIFY(responder.streamHead(QByteArray("text/html")).contains("Content-Type: text/html\r\n"));
    const QByteArray none = responder.streamHead(QByteArray(), true);
    QVERIFY(!none.contains("Content-Type"));
    QVERIFY(none.contains("Content-Encoding: gzip\r\n"));
}

void TestMockResponder::answeredReason()
{
    QCOMPARE(MockResponder::answeredReason(404), QStringLiteral("answered 404 Not Found"));
    QCOMPARE(HttpStatus::statusLine(503), QByteArray("HTTP/1.1 503 Service Unavailable\r\n"));
}

QTEST_GUILESS_MAIN(TestMockResponder)
#include "tst_mockresponder.moc"
