// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// ProxyRequest, without a socket: the client's request read in any slicing, the requests the
// proxy refuses (each with its status and message), the body bound, 100 Continue, and the
// request as it goes upstream.
#include "proxy/proxyrecords.h"
#include "proxy/proxyrequest.h"

#include <QTest>
#include <QUrl>

namespace {

constexpr qsizetype HeadBytes = 1024;
constexpr qint64 BodyBytes = 64;

// Fed whole, then byte by byte: the same outcome either way.
struct Fed
{
    ProxyRequest::State state;
    int headDoneCalls;
    QByteArray body;
    int status;
    QString message;
};

Fed feedAll(const QByteArray &bytes, bool byteByByte)
{
    ProxyRequest request(HeadBytes, BodyBytes);
    int headDone = 0;
    if (byteByByte) {
        for (qsizetype i = 0; i < bytes.size() && request.isReading(); ++i)
            headDone += request.feed(QByteArrayView(bytes).sliced(i, 1)) ? 1 : 0;
    } else {
        headDone += request.feed(bytes) ? 1 : 0;
    }
    return {request.state(), headDone, request.body(), request.refusalStatus(),
            request.refusalMessage()};
}

} // namespace

class TestProxyRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void getWithoutBody();
    void bodyReadToItsLength();
    void refusals_data();
    void refusals();
    void headCountedEvenWhenRefused();
    void expectContinue();
    void describe();
    void upstreamTarget_data();
    void upstreamTarget();
    void upstreamRequestFields();
};

void TestProxyRequest::getWithoutBody()
{
    const QByteArray get =
        "GET /events HTTP/1.1\r\nHost: proxy\r\nAccept: text/event-stream\r\n\r\n";
    for (bool byteByByte : {false, true}) {
        const Fed fed = feedAll(get, byteByByte);
        QCOMPARE(fed.state, ProxyRequest::State::Complete);
        QCOMPARE(fed.headDoneCalls, 1);
        QVERIFY(fed.body.isEmpty());
    }
}

void TestProxyRequest::bodyReadToItsLength()
{
    // What follows the body (a pipelined request) is not part of it.
    const QByteArray post = "POST /in HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\n";
    for (bool byteByByte : {false, true}) {
        const Fed fed = feedAll(post, byteByByte);
        QCOMPARE(fed.state, ProxyRequest::State::Complete);
        QCOMPARE(fed.body, QByteArray("hello"));
    }
    ProxyRequest request(HeadBytes, BodyBytes);
    QVERIFY(request.feed("POST /in HTTP/1.1\r\nContent-Length: 5\r\n\r\nhe"));
    QCOMPARE(request.state(), ProxyRequest::State::ReadingBody);
    QVERIFY(!request.feed("ll"));
    QCOMPARE(request.state(), ProxyRequest::State::ReadingBody);
    QVERIFY(!request.feed("o"));
    QVERIFY(request.isComplete());
    QCOMPARE(request.body(), QByteArray("hello"));
}

void TestProxyRequest::refusals_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("connect") << QByteArray("CONNECT example.org:443 HTTP/1.1\r\nHost: x\r\n\r\n")
                             << 405
                             << QStringLiteral("the tap proxy forwards requests to its upstream; "
                                               "it does not tunnel CONNECT");
    QTest::newRow("chunked body")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n") << 411
        << QStringLiteral("chunked request bodies are not forwarded; send Content-Length");
    QTest::newRow("body too large") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 65\r\n\r\n")
                                    << 413 << QStringLiteral("request body larger than 64 bytes");
    QTest::newRow("head too large") << "GET / HTTP/1.1\r\nX-Big: " + QByteArray(2 * HeadBytes, 'a')
            + "\r\n\r\n" << 431 << QString();
    QTest::newRow("malformed") << QByteArray("GET /\r\n\r\n") << 400 << QString();
}

void TestProxyRequest::refusals()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    QFETCH(QString, message);
    for (bool byteByByte : {false, true}) {
        const Fed fed = feedAll(bytes, byteByByte);
        QCOMPARE(fed.state, ProxyRequest::State::Refused);
        QCOMPARE(fed.status, status);
        if (message.isEmpty())
            QVERIFY(!fed.message.isEmpty()); // the head reader's own words
        else
            QCOMPARE(fed.message, message);
    }
    // Exactly at the cap a body is read.
    const Fed atCap =
        feedAll("POST / HTTP/1.1\r\nContent-Length: 64\r\n\r\n" + QByteArray(64, 'b'), false);
    QCOMPARE(atCap.state, ProxyRequest::State::Complete);
    QCOMPARE(atCap.body.size(), 64);
}

void TestProxyRequest::headCountedEvenWhenRefused()
{
    // The head of a refused request completed (the proxy counts it); a broken head did not.
    ProxyRequest connect(HeadBytes, BodyBytes);
    QVERIFY(connect.feed("CONNECT a:1 HTTP/1.1\r\n\r\n"));
    QVERIFY(connect.isRefused());
    QVERIFY(!connect.isReading());
    QVERIFY(!connect.feed("GET / HTTP/1.1\r\n\r\n")); // nothing more is read
    QCOMPARE(connect.refusalStatus(), 405);

    ProxyRequest broken(HeadBytes, BodyBytes);
    QVERIFY(!broken.feed("GET / HTTP/1.1\r\nno colon here\r\n\r\n"));
    QVERIFY(broken.isRefused());
    QCOMPARE(broken.refusalStatus(), 400);
    QVERIFY(broken.head().hasRequestLine());
}

void TestProxyRequest::expectContinue()
{
    ProxyRequest waiting(HeadBytes, BodyBytes);
    QVERIFY(waiting.feed("PUT /x HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n"));
    QVERIFY(waiting.expectsContinue());
    QVERIFY(!waiting.isComplete());

    ProxyRequest noBody(HeadBytes, BodyBytes);
    QVERIFY(noBody.feed("GET /x HTTP/1.1\r\nExpect: 100-continue\r\n\r\n"));
    QVERIFY(!noBody.expectsContinue());

    ProxyRequest tooLarge(HeadBytes, BodyBytes);
    QVERIFY(
        tooLarge.feed("PUT /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n"));
    QVERIFY(tooLarge.isRefused());
    QVERIFY(!tooLarge.expectsContinue());
}

void TestProxyRequest::describe()
{
    ProxyRequest request(HeadBytes, BodyBytes);
    QVERIFY(request.feed("GET /events?x=1 HTTP/1.1\r\nLast-Event-ID: 41\r\n\r\n"));
    ProxyRequestInfo info;
    request.describe(info);
    QCOMPARE(info.method, QByteArray("GET"));
    QCOMPARE(info.path, QByteArray("/events?x=1"));
    QVERIFY(info.hasLastEventId);
    QCOMPARE(info.lastEventId, QByteArray("41"));
}

void TestProxyRequest::upstreamTarget_data()
{
    QTest::addColumn<QString>("upstream");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("root maps to the upstream URL")
        << "http://up:8080/stream?topic=a" << QByteArray("/") << QByteArray("/stream?topic=a");
    QTest::newRow("root of an upstream without path")
        << "http://up" << QByteArray("/") << QByteArray("/");
    QTest::newRow("other paths as sent")
        << "http://up/stream" << QByteArray("/other?q=1") << QByteArray("/other?q=1");
    QTest::newRow("absolute form")
        << "http://up/stream" << QByteArray("http://elsewhere:9/a/b?c=d") << QByteArray("/a/b?c=d");
    QTest::newRow("absolute form without path")
        << "http://up/stream" << QByteArray("http://elsewhere:9") << QByteArray("/stream");
    QTest::newRow("asterisk") << "http://up/stream" << QByteArray("*") << QByteArray("*");
}

void TestProxyRequest::upstreamTarget()
{
    QFETCH(QString, upstream);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, expected);
    ProxyRequest request(HeadBytes, BodyBytes);
    QVERIFY(request.feed(QByteArray("GET " + target + " HTTP/1.1\r\n\r\n")));
    QVERIFY(request.isComplete());
    QCOMPARE(request.upstreamTarget(QUrl(upstream)), expected);
}

void TestProxyRequest::upstreamRequestFields()
{
    ProxyRequest request(HeadBytes, BodyBytes);
    QVERIFY(request.feed("POST /in HTTP/1.1\r\n"
                         "Host: proxy:1\r\n"
                         "Connection: keep-alive, X-Private\r\n"
                         "X-Private: secret\r\n"
                         "Keep-Alive: 5\r\n"
                         "Proxy-Authorization: Basic abc\r\n"
                         "TE: trailers\r\n"
                         "Expect: 100-continue\r\n"
                         "Accept: text/event-stream\r\n"
                         "Content-Length: 2\r\n"
                         "\r\nok"));
    QVERIFY(request.isComplete());
    const QUrl upstream(QStringLiteral("https://user:pw@up.example:8443/s"));
    QCOMPARE(request.upstreamRequest(upstream, request.upstreamTarget(upstream)),
             QByteArray("POST /in HTTP/1.1\r\n"
                        "Host: up.example:8443\r\n"
                        "Accept: text/event-stream\r\n"
                        "Content-Length: 2\r\n"
                        "Connection: close\r\n\r\nok"));
}

QTEST_GUILESS_MAIN(TestProxyRequest)
#include "tst_proxyrequest.moc"
