// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// ControlExchange's HTTP without a socket: any slicing answers alike, one request per exchange,
// the request line, the framing of every answer, the head and body limits, transfer codings,
// the token, and an exchange closed before a request.
#include "controlexchangefixture.h"

#include <QTest>

#include <utility>

using namespace ExchangeFixture;

class TestControlExchange : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void slicing_data();
    void slicing();
    void oneRequestOnly();
    void requestLine();
    void framing_data();
    void framing();
    void headLimit();
    void headLimitWithoutLineEnd();
    void bodyLimit_data();
    void bodyLimit();
    void transferEncoding();
    void token_data();
    void token();
    void noTokenConfigured();
    void answersWithoutRequest();
};

void TestControlExchange::slicing_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("calls"); // how many calls the target gets
    const QByteArray token("s3cret");
    const QByteArray bearer("Authorization: Bearer s3cret\r\n");
    QTest::newRow("GET /") << request("GET", "/") << QByteArray() << 200 << 1;
    QTest::newRow("GET /stats, query") << request("GET", "/stats?x=1") << QByteArray() << 200 << 1;
    QTest::newRow("POST /faults") << request("POST", "/faults", R"({"fault":"drop every=50"})")
                                  << QByteArray() << 201 << 1;
    QTest::newRow("POST /faults, bad spec")
        << request("POST", "/faults", R"({"fault":"stall"})") << QByteArray() << 400 << 0;
    QTest::newRow("POST /faults, refused")
        << request("POST", "/faults", R"({"fault":"gzip"})") << QByteArray() << 400 << 1;
    QTest::newRow("DELETE /faults/7") << request("DELETE", "/faults/7") << QByteArray() << 404 << 1;
    QTest::newRow("POST /scenario, preset")
        << request("POST", "/scenario", R"({"preset":"flaky-wifi"})") << QByteArray() << 200 << 2;
    QTest::newRow("POST /scenario, inline")
        << request("POST", "/scenario", InlineScenario) << QByteArray() << 200 << 2;
    QTest::newRow("PUT /settings")
        << request("PUT", "/settings", R"({"event-ms":100})") << QByteArray() << 200 << 1;
    QTest::newRow("405") << request("PUT", "/faults", "{}") << QByteArray() << 405 << 0;
    QTest::newRow("404") << request("GET", "/nope") << QByteArray() << 404 << 0;
    QTest::newRow("401") << request("GET", "/stats", {}, "Authorization: Bearer s3cre\r\n") << token
                         << 401 << 0;
    QTest::newRow("token") << request("POST", "/faults", R"({"fault":"rst"})", bearer) << token
                           << 201 << 1;
    QTest::newRow("413") << request("PUT", "/settings", "{\"p\":\"" + QByteArray(300, 'x') + "\"}")
                         << QByteArray() << 413 << 0;
    QTest::newRow("431") << request("GET", "/", {}, "X-Pad: " + QByteArray(300, 'x') + "\r\n")
                         << QByteArray() << 431 << 0;
    QTest::newRow("411") << QByteArray("POST /faults HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                       "5\r\nhello\r\n0\r\n\r\n")
                         << QByteArray() << 411 << 0;
    QTest::newRow("400, not HTTP") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)
                                   << QByteArray() << 400 << 0;
    QTest::newRow("400, bad header")
        << QByteArray("GET / HTTP/1.1\r\nNo colon\r\n\r\n") << QByteArray() << 400 << 0;
    QTest::newRow("bare LF") << QByteArray("GET /stats HTTP/1.1\nHost: x\n\n") << QByteArray()
                             << 200 << 1;
    QTest::newRow("empty lines first")
        << QByteArray("\r\n\r\n" + request("GET", "/clients")) << QByteArray() << 200 << 1;
    QTest::newRow("bytes after the request") << QByteArray(
        request("POST", "/faults", R"({"fault":"rst"})") + request("DELETE", "/faults"))
                                             << QByteArray() << 201 << 1;
}

// Whole, in two halves, cut at the head's end and one byte at a time: the same answer byte for
// byte, the same bytes taken, the same calls on the target.
void TestControlExchange::slicing()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, token);
    QFETCH(int, status);
    QFETCH(int, calls);
    ControlServerOptions options;
    options.maxHeadBytes = 200;
    options.maxBodyBytes = 300;
    options.token = token;
    FakeTarget wholeTarget;
    const Answer whole = feedPieces(&wholeTarget, options, {input});
    QVERIFY(whole.answered);
    QCOMPARE(whole.status, status);
    QCOMPARE(wholeTarget.calls.size(), calls);
    QVERIFY(!whole.leftBytesEarly);
    // A request that is not HTTP at all is answered before its first byte is taken.
    QVERIFY(whole.used <= input.size());
    const QList<QList<QByteArray>> slicings = {halves(input), atHeadEnd(input), singleBytes(input)};
    for (const QList<QByteArray> &pieces : slicings) {
        FakeTarget target;
        const Answer sliced = feedPieces(&target, options, pieces);
        QVERIFY(sliced.answered);
        QCOMPARE(sliced.response, whole.response);
        QCOMPARE(sliced.status, whole.status);
        QCOMPARE(sliced.used, whole.used);
        QCOMPARE(sliced.detail, whole.detail);
        QVERIFY(!sliced.leftBytesEarly);
        QCOMPARE(target.calls, wholeTarget.calls);
    }
}

// One request per exchange: what follows it is not taken, and nothing is taken once answered.
void TestControlExchange::oneRequestOnly()
{
    FakeTarget target;
    ControlExchange exchange(&target, {});
    const QByteArray first = request("POST", "/faults", R"({"fault":"rst"})");
    const QByteArray second = request("DELETE", "/faults");
    QCOMPARE(exchange.feed(QByteArray(first + second)), first.size());
    QVERIFY(exchange.isAnswered());
    QCOMPARE(exchange.status(), 201);
    const QByteArray response = exchange.response();
    QCOMPARE(exchange.feed(second), qsizetype(0));
    QCOMPARE(exchange.response(), response);
    QCOMPARE(target.calls, QStringList {QStringLiteral("addFault rst")});
    // Not answered before the last byte of the body.
    FakeTarget partialTarget;
    ControlExchange partial(&partialTarget, {});
    QCOMPARE(partial.feed(QByteArrayView(first).chopped(1)), first.size() - 1);
    QVERIFY(!partial.isAnswered());
    QCOMPARE(partial.status(), 0);
    QVERIFY(partial.response().isEmpty());
    QVERIFY(partialTarget.calls.isEmpty());
    QCOMPARE(partial.feed(QByteArrayView(first).last(1)), qsizetype(1));
    QVERIFY(partial.isAnswered());
    QCOMPARE(partial.response(), response);
}

void TestControlExchange::requestLine()
{
    FakeTarget target;
    ControlExchange exchange(&target, {});
    exchange.feed(request("DELETE", "/faults/7?why=test"));
    QCOMPARE(exchange.method(), QByteArray("DELETE"));
    QCOMPARE(exchange.target(), QByteArray("/faults/7?why=test"));
    QCOMPARE(exchange.status(), 404);
    QCOMPARE(target.calls, QStringList {QStringLiteral("removeFault 7")});
}

void TestControlExchange::framing_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("without"); // "timeout" or "busy": answered without a request
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<QByteArray>("extraHeader"); // besides the four every answer has
    const QByteArray none;
    QTest::newRow("200") << request("GET", "/stats") << none << QString()
                         << QByteArray("HTTP/1.1 200 OK") << none;
    QTest::newRow("201") << request("POST", "/faults", R"({"fault":"rst"})") << none << QString()
                         << QByteArray("HTTP/1.1 201 Created") << none;
    QTest::newRow("400") << request("POST", "/faults", "[]") << none << QString()
                         << QByteArray("HTTP/1.1 400 Bad Request") << none;
    QTest::newRow("401") << request("GET", "/stats") << QByteArray("s3cret") << QString()
                         << QByteArray("HTTP/1.1 401 Unauthorized")
                         << QByteArray("WWW-Authenticate: Bearer realm=\"ssemon-control\"");
    QTest::newRow("404") << request("GET", "/nope") << none << QString()
                         << QByteArray("HTTP/1.1 404 Not Found") << none;
    QTest::newRow("405") << request("POST", "/stats", "{}") << none << QString()
                         << QByteArray("HTTP/1.1 405 Method Not Allowed")
                         << QByteArray("Allow: GET");
    QTest::newRow("408") << QByteArray("GET /sta") << none << QStringLiteral("timeout")
                         << QByteArray("HTTP/1.1 408 Request Timeout") << none;
    QTest::newRow("411") << QByteArray(
        "PUT /settings HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                         << none << QString() << QByteArray("HTTP/1.1 411 Length Required") << none;
    QTest::newRow("413") << QByteArray("PUT /settings HTTP/1.1\r\nContent-Length: 999999\r\n\r\n")
                         << none << QString() << QByteArray("HTTP/1.1 413 Content Too Large")
                         << none;
    QTest::newRow("431") << QByteArray("GET / HTTP/1.1\r\nX-Pad: " + QByteArray(20000, 'x')) << none
                         << QString() << QByteArray("HTTP/1.1 431 Request Header Fields Too Large")
                         << none;
    QTest::newRow("503") << QByteArray() << none << QStringLiteral("busy")
                         << QByteArray("HTTP/1.1 503 Service Unavailable") << none;
    QTest::newRow("400, bad Content-Length")
        << QByteArray("PUT /settings HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << none << QString()
        << QByteArray("HTTP/1.1 400 Bad Request") << none;
}

// Every answer: a status line, JSON with its exact length, no-store, Connection: close last, and
// a JSON object body ending in a line end whose trimmed text is the detail.
void TestControlExchange::framing()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, token);
    QFETCH(QString, without);
    QFETCH(QByteArray, statusLine);
    QFETCH(QByteArray, extraHeader);
    ControlServerOptions options;
    options.token = token;
    FakeTarget target;
    ControlExchange exchange(&target, options);
    if (!input.isEmpty())
        exchange.feed(input);
    if (without == QLatin1String("timeout"))
        exchange.answerTimeout();
    else if (without == QLatin1String("busy"))
        exchange.answerTooManyConnections();
    const Answer answer = read(exchange, {});
    QVERIFY(answer.answered);
    QCOMPARE(answer.statusLine, statusLine);
    QCOMPARE(QByteArray::number(answer.status), statusLine.split(' ').value(1));
    QList<QByteArray> expected {
        "Content-Type: application/json", "Cache-Control: no-store",
        QByteArray("Content-Length: " + QByteArray::number(answer.body.size()))};
    if (!extraHeader.isEmpty())
        expected.append(extraHeader);
    expected.append("Connection: close");
    QCOMPARE(answer.headerLines, expected);
    QVERIFY(!answer.body.isEmpty());
    QVERIFY(answer.body.endsWith('\n'));
    QVERIFY2(answer.jsonIsObject, answer.body.constData());
    QCOMPARE(answer.detail, QString::fromUtf8(answer.body.trimmed()));
    if (answer.status >= 400)
        QVERIFY2(!answer.error().isEmpty(), answer.body.constData());
}

// The head, blank line included, may be as long as maxHeadBytes and no longer.
void TestControlExchange::headLimit()
{
    ControlServerOptions options;
    options.maxHeadBytes = 100;
    auto head = [](int size) -> QByteArray {
        const QByteArray start = "GET /stats HTTP/1.1\r\nX-Pad: ";
        const QByteArray end = "\r\n\r\n";
        return start + QByteArray(size - start.size() - end.size(), 'x') + end;
    };
    QCOMPARE(head(100).size(), qsizetype(100));
    FakeTarget fits;
    Answer answer = exchange(&fits, head(100), options);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.used, qsizetype(100));
    QCOMPARE(fits.calls, QStringList {QStringLiteral("stats")});
    FakeTarget over;
    answer = exchange(&over, head(101), options);
    QCOMPARE(answer.status, 431);
    QCOMPARE(answer.error(),
             QStringLiteral("request header section larger than the server accepts"));
    QCOMPARE(answer.used, qsizetype(100));
    QVERIFY(over.calls.isEmpty());
}

// A head that never ends is answered as soon as it is over the limit.
void TestControlExchange::headLimitWithoutLineEnd()
{
    ControlServerOptions options;
    options.maxHeadBytes = 64;
    FakeTarget target;
    ControlExchange exchange(&target, options);
    QCOMPARE(exchange.feed(QByteArray("GET / HTTP/1.1\r\nX-Pad: " + QByteArray(40, 'x'))),
             qsizetype(63));
    QVERIFY(!exchange.isAnswered());
    QCOMPARE(exchange.feed(QByteArray(1000, 'x')), qsizetype(1));
    QVERIFY(exchange.isAnswered());
    QCOMPARE(exchange.status(), 431);
    QVERIFY(target.calls.isEmpty());
}

void TestControlExchange::bodyLimit_data()
{
    QTest::addColumn<qint64>("maxBodyBytes");
    QTest::addColumn<int>("length");
    QTest::addColumn<int>("status");
    QTest::newRow("at the limit") << qint64(40) << 40 << 200;
    QTest::newRow("one over") << qint64(40) << 41 << 413;
    QTest::newRow("default, at the limit") << qint64(-1) << 64 * 1024 << 200;
    QTest::newRow("default, one over") << qint64(-1) << 64 * 1024 + 1 << 413;
}

// A body over the limit is refused as soon as its Content-Length is read, without waiting for it.
void TestControlExchange::bodyLimit()
{
    QFETCH(qint64, maxBodyBytes);
    QFETCH(int, length);
    QFETCH(int, status);
    ControlServerOptions options;
    if (maxBodyBytes >= 0)
        options.maxBodyBytes = maxBodyBytes;
    const qint64 limit = options.maxBodyBytes;
    const QByteArray prefix = R"({"payload":")";
    const QByteArray body = prefix + QByteArray(length - prefix.size() - 2, 'x') + "\"}";
    QCOMPARE(body.size(), length);
    const QByteArray input = request("PUT", "/settings", body);
    const QByteArray head = input.first(input.size() - body.size());
    FakeTarget target;
    target.settingsResult = object(R"({"payload":"ok"})");
    ControlExchange exchange(&target, options);
    QCOMPARE(exchange.feed(head), head.size());
    if (status == 413) {
        QVERIFY(exchange.isAnswered());
        QCOMPARE(exchange.status(), 413);
        const Answer answer = read(exchange, {});
        QCOMPARE(answer.error(), QStringLiteral("request body larger than %1 bytes").arg(limit));
        QCOMPARE(exchange.feed(body), qsizetype(0));
        QVERIFY(target.calls.isEmpty());
        return;
    }
    QVERIFY(!exchange.isAnswered());
    QCOMPARE(exchange.feed(body), body.size());
    QCOMPARE(exchange.status(), status);
    QCOMPARE(target.calls.size(), 1);
    QVERIFY(target.calls.first().startsWith(QLatin1String("changeSettings {\"payload\":\"xxx")));
    QCOMPARE(target.calls.first().size(), QStringLiteral("changeSettings ").size() + length);
}

void TestControlExchange::transferEncoding()
{
    FakeTarget target;
    const QByteArray input = "POST /faults HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                             "e\r\n{\"fault\":\"rst\"}\r\n0\r\n\r\n";
    const Answer answer = exchange(&target, input);
    QCOMPARE(answer.status, 411);
    QCOMPARE(answer.error(), QStringLiteral("send the body with Content-Length"));
    // Answered at the head's end: the chunks are not taken.
    QCOMPARE(answer.used, input.indexOf("\r\n\r\n") + 4);
    QVERIFY(target.calls.isEmpty());
}

void TestControlExchange::token_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("authorization"); // empty: no such header
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("calls");
    const QStringList none;
    const QStringList stats {QStringLiteral("stats")};
    QTest::newRow("none") << QByteArray("GET") << QByteArray("/stats") << QByteArray() << 401
                          << none;
    QTest::newRow("wrong") << QByteArray("GET") << QByteArray("/stats") << QByteArray("Bearer nope")
                           << 401 << none;
    QTest::newRow("prefix of it") << QByteArray("GET") << QByteArray("/stats")
                                  << QByteArray("Bearer s3cre") << 401 << none;
    QTest::newRow("it and more") << QByteArray("GET") << QByteArray("/stats")
                                 << QByteArray("Bearer s3cret!") << 401 << none;
    QTest::newRow("no scheme") << QByteArray("GET") << QByteArray("/stats") << QByteArray("s3cret")
                               << 401 << none;
    QTest::newRow("basic") << QByteArray("GET") << QByteArray("/stats")
                           << QByteArray("Basic s3cret") << 401 << none;
    QTest::newRow("scheme only") << QByteArray("GET") << QByteArray("/stats")
                                 << QByteArray("Bearer") << 401 << none;
    // Nothing is done, and nothing is told about paths and methods, without the token.
    QTest::newRow("wrong, POST /faults")
        << QByteArray("POST") << QByteArray("/faults") << QByteArray("Bearer nope") << 401 << none;
    QTest::newRow("none, unknown path")
        << QByteArray("GET") << QByteArray("/nope") << QByteArray() << 401 << none;
    QTest::newRow("none, wrong method")
        << QByteArray("DELETE") << QByteArray("/stats") << QByteArray() << 401 << none;
    QTest::newRow("right") << QByteArray("GET") << QByteArray("/stats")
                           << QByteArray("Bearer s3cret") << 200 << stats;
    QTest::newRow("right, POST /faults")
        << QByteArray("POST") << QByteArray("/faults") << QByteArray("Bearer s3cret") << 201
        << QStringList {QStringLiteral("addFault rst")};
    QTest::newRow("right, unknown path")
        << QByteArray("GET") << QByteArray("/nope") << QByteArray("Bearer s3cret") << 404 << none;
}

void TestControlExchange::token()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);
    QFETCH(QStringList, calls);
    ControlServerOptions options;
    options.token = "s3cret";
    const QByteArray header = authorization.isEmpty()
        ? QByteArray()
        : QByteArray("Authorization: " + authorization + "\r\n");
    const QByteArray body = method == "POST" ? QByteArray(R"({"fault":"rst"})") : QByteArray();
    FakeTarget fake;
    const Answer answer = exchange(&fake, request(method, target, body, header), options);
    QCOMPARE(answer.status, status);
    QCOMPARE(fake.calls, calls);
    if (status == 401) {
        QCOMPARE(answer.headers("WWW-Authenticate"),
                 QList<QByteArray> {"Bearer realm=\"ssemon-control\""});
        QCOMPARE(answer.error(),
                 QStringLiteral("missing or wrong token: send Authorization: Bearer <token>"));
        // The token is not given away.
        QVERIFY(!answer.response.contains("s3cret"));
    } else {
        QVERIFY(answer.headers("WWW-Authenticate").isEmpty());
    }
}

// No token configured: any Authorization header is ignored.
void TestControlExchange::noTokenConfigured()
{
    FakeTarget target;
    const Answer answer =
        exchange(&target, request("GET", "/stats", {}, "Authorization: Bearer whatever\r\n"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(target.calls, QStringList {QStringLiteral("stats")});
}

void TestControlExchange::answersWithoutRequest()
{
    ControlServerOptions options;
    options.requestTimeoutMs = 1234;
    FakeTarget target;
    ControlExchange timedOut(&target, options);
    const QByteArray start = "POST /faults HTTP/1.1\r\nContent-Length: 10\r\n\r\n{\"fa";
    QCOMPARE(timedOut.feed(start), start.size());
    QVERIFY(!timedOut.isAnswered());
    timedOut.answerTimeout();
    QVERIFY(timedOut.isAnswered());
    QCOMPARE(timedOut.status(), 408);
    QCOMPARE(read(timedOut, {}).error(), QStringLiteral("request not complete within 1234 ms"));
    // Answered once: later bytes and a second verdict change nothing.
    const QByteArray response = timedOut.response();
    QCOMPARE(timedOut.feed("ult\":\"x\"}"), qsizetype(0));
    timedOut.answerTooManyConnections();
    QCOMPARE(timedOut.status(), 408);
    QCOMPARE(timedOut.response(), response);

    ControlExchange busy(&target, options);
    busy.answerTooManyConnections();
    QCOMPARE(busy.status(), 503);
    QCOMPARE(read(busy, {}).error(), QStringLiteral("too many control connections"));
    QCOMPARE(busy.feed(request("GET", "/stats")), qsizetype(0));
    QCOMPARE(busy.status(), 503);

    // A timer that fires after the answer does not replace it.
    ControlExchange done(&target, options);
    done.feed(request("GET", "/stats"));
    QCOMPARE(done.status(), 200);
    const QByteArray ok = done.response();
    done.answerTimeout();
    QCOMPARE(done.status(), 200);
    QCOMPARE(done.response(), ok);
    QCOMPARE(target.calls, QStringList {QStringLiteral("stats")});
}

QTEST_GUILESS_MAIN(TestControlExchange)
#include "tst_controlexchange.moc"
