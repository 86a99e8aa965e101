// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "client/httpstream.h"
#include "scriptedserver.h"
#include "zlibdata.h"

#include <QSignalSpy>
#include <QTest>

// HttpStream on its own: the client's HTTP/1.1 transport, against raw bytes from a scripted
// server. What the SSE client makes of it is tested in tst_sseclient and tst_hostile.
class TestHttpStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void socketErrorsNameTheirPlace();
    void framing_data();
    void framing();
    void requestBytes_data();
    void requestBytes();
    void absoluteFormThroughHttpProxy();
    void unreadBodyStaysBounded();
    void compressedBacklogStaysBounded();
    void stalledDecoderHoldsNothingBack();
    void errorAfterCompressedBacklog();
    void abortEmitsNothing();
};

namespace {

constexpr int kWaitMs = 10000;

struct Outcome
{
    QByteArray body;
    QString error;
    int status = 0;
    bool finished = false;
    bool closedWithoutResponse = false;
};

Outcome run(const QUrl &url, const QByteArray &method = "GET", const QByteArray &body = {})
{
    HttpStream stream;
    Outcome outcome;
    QObject::connect(&stream, &HttpStream::readyRead, &stream,
                     [&] { outcome.body += stream.read(); });
    QSignalSpy finished(&stream, &HttpStream::finished);
    HttpStreamRequest request;
    request.url = url;
    request.method = method;
    request.body = body;
    stream.start(request);
    if (!finished.wait(kWaitMs))
        return outcome;
    outcome.body += stream.read(); // what came with the end
    outcome.finished = true;
    outcome.error = stream.errorString();
    outcome.status = stream.isHeadComplete() ? stream.statusCode() : 0;
    outcome.closedWithoutResponse = stream.closedWithoutResponse();
    return outcome;
}

QByteArray gzip(const QByteArray &data, int windowBits = 16 + 15)
{
    return ZlibData::compress(data, windowBits);
}

} // namespace

void TestHttpStream::framing_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<bool>("closeAfter");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");

    const QByteArray ok = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n";
    QTest::newRow("until the close") << QByteArray(ok + "\r\ndata: a\n\n") << true << 200
                                     << QByteArray("data: a\n\n") << QString();
    // The length ends the body; the connection is left open by the server.
    QTest::newRow("Content-Length") << QByteArray(ok + "Content-Length: 5\r\n\r\nhelloEXTRA")
                                    << false << 200 << QByteArray("hello") << QString();
    QTest::newRow("Content-Length cut")
        << QByteArray(ok + "Content-Length: 8\r\n\r\nhello") << true << 200 << QByteArray("hello")
        << QStringLiteral("the server closed the connection 3 bytes before the end of the body "
                          "(Content-Length 8)");
    QTest::newRow("chunked") << QByteArray(ok
                                           + "Transfer-Encoding: chunked\r\n\r\n"
                                             "5\r\nhello\r\n1;ext=1\r\n!\r\n0\r\nX-T: 1\r\n\r\n")
                             << false << 200 << QByteArray("hello!") << QString();
    QTest::newRow("chunked cut")
        << QByteArray(ok + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n") << true << 200
        << QByteArray("hello")
        << QStringLiteral("the server closed the connection in the middle of the chunked body "
                          "(no last chunk)");
    QTest::newRow("bad chunk size")
        << QByteArray(ok + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\nx\r\n") << false
        << 200 << QByteArray("hello")
        << QStringLiteral("malformed chunked body: chunk size is not a hexadecimal number");
    QTest::newRow("interim responses first")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                      + ok + "\r\ndata: b\n\n")
        << true << 200 << QByteArray("data: b\n\n") << QString();
    QTest::newRow("101") << QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n")
                         << false << 101 << QByteArray()
                         << QStringLiteral("the server switched protocols (101), which an event "
                                           "stream cannot");
    QTest::newRow("204 has no body") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << false
                                     << 204 << QByteArray() << QString();
#ifdef SSEMON_HAVE_ZLIB
    QTest::newRow("gzip") << QByteArray(ok + "Content-Encoding: gzip\r\n\r\n"
                                        + gzip("data: zipped\n\n"))
                          << true << 200 << QByteArray("data: zipped\n\n") << QString();
    QTest::newRow("gzip, chunked")
        << QByteArray(ok + "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
                      + QByteArray::number(gzip("data: z\n\n").size(), 16) + "\r\n"
                      + gzip("data: z\n\n") + "\r\n0\r\n\r\n")
        << false << 200 << QByteArray("data: z\n\n") << QString();
    // Far more than one read's worth of output (HttpStream::kMaxReadBytes) from a few KiB.
    QByteArray big;
    for (int i = 0; i < 40000; ++i)
        big += "id: " + QByteArray::number(i) + "\ndata: " + QByteArray(80, 'z') + "\n\n";
    big += QByteArray(3 << 20, 'z'); // ends with long matches and, raw, no trailer
    QTest::newRow("gzip, 4 MB from a few KiB")
        << QByteArray(ok + "Content-Encoding: gzip\r\n\r\n" + gzip(big)) << true << 200 << big
        << QString();
    QTest::newRow("raw deflate, 4 MB from a few KiB")
        << QByteArray(ok + "Content-Encoding: deflate\r\n\r\n" + gzip(big, -15)) << true << 200
        << big << QString();
    // What came before a lying chunk is decoded and delivered; then the lie is named.
    const QByteArray z = gzip("data: z\n\n");
    QTest::newRow("gzip, chunked, bad chunk size")
        << QByteArray(ok + "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
                      + QByteArray::number(z.size(), 16) + "\r\n" + z + "\r\nzz\r\n")
        << false << 200 << QByteArray("data: z\n\n")
        << QStringLiteral("malformed chunked body: chunk size is not a hexadecimal number");
    // zlib takes every byte, so only the decoder knows the data stopped short.
    const QByteArray zipped = gzip("data: zipped\n\n");
    QTest::newRow("gzip cut, by Content-Length")
        << QByteArray(ok + "Content-Encoding: gzip\r\nContent-Length: "
                      + QByteArray::number(zipped.size() - 8) + "\r\n\r\n" + zipped.chopped(8))
        << false << 200 << QByteArray("data: zipped\n\n")
        << QStringLiteral("the gzip body ended before its compressed data did (truncated)");
    QTest::newRow("gzip cut, by the close")
        << QByteArray(ok + "Content-Encoding: gzip\r\n\r\n" + zipped.chopped(8)) << true << 200
        << QByteArray("data: zipped\n\n")
        << QStringLiteral("the gzip body ended before its compressed data did (truncated)");
    QTest::newRow("deflate, one byte and the close")
        << QByteArray(ok + "Content-Encoding: deflate\r\n\r\nx") << true << 200 << QByteArray()
        << QStringLiteral("the deflate body ended before its compressed data did (truncated)");
    QTest::newRow("gzip, trailing bytes")
        << QByteArray(ok + "Content-Encoding: gzip\r\n\r\n" + zipped + QByteArray(4, '\0')) << true
        << 200 << QByteArray("data: zipped\n\n") << QString();
    QTest::newRow("corrupt gzip")
        << QByteArray(ok + "Content-Encoding: gzip\r\n\r\nnot gzip at all") << true << 200
        << QByteArray()
        << QStringLiteral("cannot decode the body: corrupt gzip data: incorrect header check");
#endif
    QTest::newRow("gzip transfer coding")
        << QByteArray(ok + "Transfer-Encoding: gzip, chunked\r\n\r\n5\r\nxxxxx\r\n0\r\n\r\n")
        << false << 200 << QByteArray()
        << QStringLiteral("unsupported Transfer-Encoding \"gzip, chunked\" (ssemon reads chunked)");
    // Framing comes from the last coding of all the fields; every coding has to be readable.
    QTest::newRow("chunked, then gzip in a second field")
        << QByteArray(ok + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\nxx")
        << true << 200 << QByteArray()
        << QStringLiteral("unsupported Transfer-Encoding \"chunked, gzip\" (ssemon reads chunked)");
    QTest::newRow("gzip, then chunked in a second field")
        << QByteArray(ok
                      + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "2\r\nxx\r\n0\r\n\r\n")
        << false << 200 << QByteArray()
        << QStringLiteral("unsupported Transfer-Encoding \"gzip, chunked\" (ssemon reads chunked)");
    QTest::newRow("unknown encoding")
        << QByteArray(ok + "Content-Encoding: br\r\n\r\nxxxx") << true << 200 << QByteArray()
        << QStringLiteral("unsupported Content-Encoding \"br\" (ssemon reads gzip and deflate)");
    QTest::newRow("head cut") << QByteArray("HTTP/1.1 200 OK\r\nContent-Ty") << true << 0
                              << QByteArray()
                              << QStringLiteral("the server closed the connection in the middle "
                                                "of the response head");
    QTest::newRow("head too large")
        << QByteArray("HTTP/1.1 200 OK\r\nX: " + QByteArray(70000, 'x')) << false << 0
        << QByteArray()
        << QStringLiteral("invalid response: response head larger than 65536 bytes");
    QTest::newRow("not HTTP") << QByteArray("hello\r\n\r\n") << true << 0 << QByteArray()
                              << QStringLiteral("invalid response: malformed status line "
                                                "\"hello\"");
}

void TestHttpStream::framing()
{
    QFETCH(QByteArray, response);
    QFETCH(bool, closeAfter);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    ScriptedServer server;
    QVERIFY(server.listen());
    ServerScript script = ServerScript::silent().send(response);
    if (closeAfter)
        script.close();
    server.enqueue(script);
    const Outcome outcome = run(server.url());
    QVERIFY(outcome.finished);
    QCOMPARE(outcome.error, error);
    QCOMPARE(outcome.status, status);
    QCOMPARE(outcome.body, body);
    QVERIFY(!outcome.closedWithoutResponse);
}

void TestHttpStream::requestBytes_data()
{
    QTest::addColumn<QString>("pathAndQuery");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("contentLength"); // empty: no such header
    QTest::newRow("GET") << QStringLiteral("/events?topic=a%20b&x=1#frag") << QByteArray("GET")
                         << QByteArray() << QByteArray("/events?topic=a%20b&x=1") << QByteArray();
    QTest::newRow("no path") << QString() << QByteArray("GET") << QByteArray() << QByteArray("/")
                             << QByteArray();
    QTest::newRow("POST with body")
        << QStringLiteral("/v1/chat") << QByteArray("POST") << QByteArray("{\"stream\":true}")
        << QByteArray("/v1/chat") << QByteArray("15");
    QTest::newRow("POST without body") << QStringLiteral("/v1") << QByteArray("POST")
                                       << QByteArray() << QByteArray("/v1") << QByteArray("0");
}

void TestHttpStream::requestBytes()
{
    QFETCH(QString, pathAndQuery);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, contentLength);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::silent().send("HTTP/1.1 204 No Content\r\n\r\n"));
    const QUrl url(QStringLiteral("http://user:p%40ss@127.0.0.1:") + QString::number(server.port())
                   + pathAndQuery);
    const Outcome outcome = run(url, method, body);
    QVERIFY(outcome.finished);
    QCOMPARE(outcome.status, 204);
    QCOMPARE(server.requestCount(), 1);
    const RecordedRequest r = server.requests().at(0);
    QCOMPARE(r.method, method);
    QCOMPARE(r.target, target);
    QCOMPARE(r.version, QByteArray("HTTP/1.1"));
    QCOMPARE(r.header("Host"), "127.0.0.1:" + QByteArray::number(server.port()));
    QCOMPARE(r.headerCount("Host"), 1);
    QVERIFY(r.header("User-Agent").startsWith("ssemon/"));
    // Credentials in the URL go out as Basic, as curl sends them ("p@ss" decoded).
    QCOMPARE(r.header("Authorization"), "Basic " + QByteArray("user:p@ss").toBase64());
    QCOMPARE(r.hasHeader("Content-Length"), !contentLength.isEmpty());
    QCOMPARE(r.header("Content-Length"), contentLength);
    QCOMPARE(r.body, body);
}

void TestHttpStream::absoluteFormThroughHttpProxy()
{
    // The scripted server stands in for the proxy: plain http goes to it in absolute form, with
    // the proxy's credentials, and the Host of the origin.
    ScriptedServer proxy;
    QVERIFY(proxy.listen());
    proxy.enqueue(ServerScript::silent().send("HTTP/1.1 204 No Content\r\n\r\n"));
    HttpStream stream;
    QSignalSpy finished(&stream, &HttpStream::finished);
    HttpStreamRequest request;
    request.url = QUrl(QStringLiteral("http://sse.invalid/events?a=1"));
    request.proxy = QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"),
                                  proxy.port(), QStringLiteral("pu"), QStringLiteral("pp"));
    stream.start(request);
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(stream.errorString(), QString());
    const RecordedRequest r = proxy.requests().at(0);
    QCOMPARE(r.target, QByteArray("http://sse.invalid/events?a=1"));
    QCOMPARE(r.header("Host"), QByteArray("sse.invalid"));
    QCOMPARE(r.header("Proxy-Authorization"), "Basic " + QByteArray("pu:pp").toBase64());
}

void TestHttpStream::unreadBodyStaysBounded()
{
    // 16 MiB offered and nothing read: what waits on this side stays near the socket buffer
    // (the kernel's windows hold the rest back), and all of it is there once reading starts.
    ScriptedServer server;
    QVERIFY(server.listen());
    const QByteArray chunk(1024 * 1024, 'x');
    ServerScript script = ServerScript::silent().send("HTTP/1.1 200 OK\r\n\r\n");
    for (int i = 0; i < 16; ++i)
        script.send(chunk);
    server.enqueue(script.close());
    HttpStream stream;
    QSignalSpy head(&stream, &HttpStream::headReceived);
    QSignalSpy finished(&stream, &HttpStream::finished);
    HttpStreamRequest request;
    request.url = server.url();
    request.readBufferBytes = 256 * 1024;
    stream.start(request);
    QVERIFY(head.wait(kWaitMs));
    // readyRead keeps coming and nobody reads: the socket buffer fills, and then no more.
    QTRY_VERIFY_WITH_TIMEOUT(stream.bytesAvailable() >= 192 * 1024, kWaitMs);
    for (int i = 0; i < 50; ++i) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QVERIFY2(stream.bytesAvailable() <= 256 * 1024 + 64 * 1024,
                 QByteArray::number(stream.bytesAvailable()));
    }
    QVERIFY(finished.isEmpty());
    qint64 total = 0;
    QObject::connect(&stream, &HttpStream::readyRead, &stream,
                     [&] { total += stream.read().size(); });
    total += stream.read().size();
    QVERIFY(finished.wait(kWaitMs));
    total += stream.read().size();
    QCOMPARE(total, qint64(16) * chunk.size());
    QCOMPARE(stream.errorString(), QString());
}

namespace {

// 48 MiB of events that compress about 250 to 1: a read's worth of output (1 MiB) comes from a
// few KiB, and the whole from many socket buffers' worth.
QByteArray compressibleEvents()
{
    QByteArray data;
    data.reserve(49 << 20);
    for (int i = 0; data.size() < (48 << 20); ++i)
        data += "id: " + QByteArray::number(i) + "\ndata: " + QByteArray(900, char('a' + i % 26))
            + "\n\n";
    return data;
}

} // namespace

// The decoder gives at most kMaxReadBytes a read; while it has more to give, the socket is not
// read, so compressed bytes wait in the socket's bounded buffer (and TCP) instead of piling up
// on this side (before, each read took the whole socket buffer and used a fraction of it).
void TestHttpStream::compressedBacklogStaysBounded()
{
#ifndef SSEMON_HAVE_ZLIB
    QSKIP("built without zlib");
#else
    const QByteArray data = compressibleEvents();
    const QByteArray zipped = gzip(data);
    QVERIFY(zipped.size() > 128 * 1024);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::silent()
                       .send("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + zipped)
                       .close());
    HttpStream stream;
    QSignalSpy finished(&stream, &HttpStream::finished);
    qint64 total = 0;
    qsizetype maxBacklog = 0;
    QByteArray tail;
    QObject::connect(&stream, &HttpStream::readyRead, &stream, [&] {
        const QByteArray out = stream.read();
        QVERIFY(out.size() <= HttpStream::kMaxReadBytes);
        total += out.size();
        tail = out.right(64);
        maxBacklog = std::max(maxBacklog, stream.decoderBacklog());
    });
    HttpStreamRequest request;
    request.url = server.url();
    request.readBufferBytes = 16 * 1024;
    stream.start(request);
    QVERIFY(finished.wait(kWaitMs * 3));
    total += stream.read().size();
    QCOMPARE(stream.errorString(), QString());
    QCOMPARE(total, qint64(data.size()));
    QCOMPARE(tail, data.right(64));
    qInfo("zipped %lld maxBacklog %lld", qlonglong(zipped.size()), qlonglong(maxBacklog));
    QVERIFY2(maxBacklog <= 32 * 1024, QByteArray::number(qlonglong(maxBacklog)));
#endif
}

// A deflate body's first byte alone cannot be decoded (zlib or raw is told by two): it is not
// "data waiting to be read", so the client's idle watchdog still sees a silent server.
void TestHttpStream::stalledDecoderHoldsNothingBack()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::silent().send("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n"
                                               "\r\nx"));
    HttpStream stream;
    QSignalSpy head(&stream, &HttpStream::headReceived);
    HttpStreamRequest request;
    request.url = server.url();
    stream.start(request);
    QVERIFY(head.wait(kWaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(stream.bytesReceived() > 0 && stream.read().isEmpty()
                                 && stream.decoderBacklog() == 1,
                             kWaitMs);
    QCOMPARE(stream.bytesAvailable(), 0);
    QVERIFY(!stream.isFinished());
}

// A framing error in a compressed body: the backlog before it (more than one read's worth of
// output) is all delivered, a piece a read, before finished() names the error.
void TestHttpStream::errorAfterCompressedBacklog()
{
#ifndef SSEMON_HAVE_ZLIB
    QSKIP("built without zlib");
#else
    const QByteArray data = compressibleEvents().left(8 << 20);
    const QByteArray zipped = gzip(data);
    ServerScript script = ServerScript::silent().send(
        "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n");
    script.send(QByteArray::number(zipped.size(), 16) + "\r\n" + zipped + "\r\nzz\r\n");
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(script);
    const Outcome outcome = run(server.url());
    QVERIFY(outcome.finished);
    QCOMPARE(outcome.error,
             QStringLiteral("malformed chunked body: chunk size is not a hexadecimal number"));
    QCOMPARE(outcome.body.size(), data.size());
    QVERIFY(outcome.body == data);
#endif
}

void TestHttpStream::abortEmitsNothing()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::silent().send("HTTP/1.1 200 OK\r\n\r\ndata: x\n\n").close());
    HttpStream stream;
    QSignalSpy head(&stream, &HttpStream::headReceived);
    QSignalSpy ready(&stream, &HttpStream::readyRead);
    QSignalSpy finished(&stream, &HttpStream::finished);
    HttpStreamRequest request;
    request.url = server.url();
    stream.start(request);
    QVERIFY(head.wait(kWaitMs));
    stream.abort();
    const int readyBefore = int(ready.size());
    QTRY_COMPARE(server.openConnections(), 0);
    // Anything queued before the abort runs now.
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QCOMPARE(finished.size(), 0);
    QCOMPARE(int(ready.size()), readyBefore);
}

void TestHttpStream::socketErrorsNameTheirPlace()
{
    QCOMPARE(HttpStream::socketErrorText(QAbstractSocket::HostNotFoundError,
                                         QStringLiteral("Host not found"),
                                         QStringLiteral("api.example"), 443),
             QStringLiteral("host \"api.example\" not found (the DNS lookup failed)"));
    QCOMPARE(HttpStream::socketErrorText(QAbstractSocket::ConnectionRefusedError,
                                         QStringLiteral("Connection refused"),
                                         QStringLiteral("127.0.0.1"), 18080),
             QStringLiteral("connection refused by 127.0.0.1:18080 (nothing listens there)"));
    QCOMPARE(HttpStream::socketErrorText(QAbstractSocket::SocketTimeoutError,
                                         QStringLiteral("Socket operation timed out"),
                                         QStringLiteral("h"), 1),
             QStringLiteral("Socket operation timed out"));
    QCOMPARE(HttpStream::socketErrorText(QAbstractSocket::UnknownSocketError, QString(),
                                         QStringLiteral("h"), 1),
             QStringLiteral("network error"));
}

QTEST_GUILESS_MAIN(TestHttpStream)
#include "tst_httpstream.moc"
