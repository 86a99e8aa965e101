// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The tap proxy on loopback: transparency, request forwarding, upstream errors, disconnects,
// event observation and backpressure, with scripted upstreams, the mock server and SseClient.
#include "client/sseclient.h"
#include "proxy/proxystreamhook.h"
#include "proxy/tapproxy.h"
#include "scriptedserver.h"
#include "server/mockserver.h"

#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace {

struct Exchange
{
    QByteArray response; // everything received
    QByteArray head; // status line and headers, up to the blank line
    QByteArray body;
    bool closed = false;
};

// A raw client: sends `request` and reads until the proxy closes the connection.
Exchange exchange(quint16 port, const QByteArray &request, int timeoutMs = 5000)
{
    QTcpSocket socket;
    Exchange result;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return result;
    socket.write(request);
    QObject::connect(&socket, &QIODevice::readyRead, &socket,
                     [&] { result.response += socket.readAll(); });
    result.closed = QTest::qWaitFor(
        [&] { return socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    result.response += socket.readAll();
    const qsizetype end = result.response.indexOf("\r\n\r\n");
    if (end >= 0) {
        result.head = result.response.first(end + 2);
        result.body = result.response.mid(end + 4);
    }
    return result;
}

QByteArray get(const QByteArray &target = "/events")
{
    return "GET " + target + " HTTP/1.1\r\nHost: proxy\r\nAccept: text/event-stream\r\n\r\n";
}

QList<QByteArray> headerLines(const QByteArray &head)
{
    QList<QByteArray> lines = head.split('\n');
    for (QByteArray &line : lines)
        line = line.trimmed();
    lines.removeAll(QByteArray());
    return lines;
}

// A hook that counts what it is shown and passes everything on (the default behaviour).
class CountingHook : public ProxyStreamHook
{
public:
    explicit CountingHook(int *events)
        : m_events(events)
    { }
    void eventSeen(const SseEventView &) override { ++*m_events; }

private:
    int *m_events;
};

} // namespace

class TestTapProxy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void transparency_data();
    void transparency();
    void requestForwarding();
    void targetMapping();
    void sseClientResumes();
    void upstreamRefused();
    void malformedUpstream();
    void upstreamTimeout();
    void upstreamClosesMidStream();
    void clientDisconnectAbortsUpstream();
    void eventsObserved();
    void slowClientPausesUpstream();
    void listensOnLoopbackByDefault();
    void httpsUpstream_data();
    void httpsUpstream();

private:
    bool startProxy(TapProxy &proxy, const QUrl &upstream, TapProxyOptions options = {})
    {
        options.upstream = upstream;
        proxy.setOptions(options);
        QString error;
        const bool ok = proxy.start(&error);
        if (!ok)
            qWarning("proxy: %s", qPrintable(error));
        return ok;
    }
};

void TestTapProxy::transparency_data()
{
    QTest::addColumn<QByteArray>("framing"); // Transfer-Encoding or Content-Length header
    QTest::addColumn<QList<QByteArray>>("sends");

    const QList<QByteArray> events = {
        ":ping 1\n\n",
        "id: 1\nevent: update\ndata: {\"a\":1}\n\n",
        "data: split",
        " across sends\r\n\r\n",
        "data: caf\xc3\xa9 \xff invalid utf-8\n\nretry: 10\n\n",
        "id: 2\rdata: lone CR\r\r",
    };
    QTest::newRow("until close") << QByteArray() << events;
    QList<QByteArray> chunked;
    for (const QByteArray &e : events)
        chunked << QByteArray::number(e.size(), 16) + ";ext=1\r\n" + e + "\r\n";
    // A chunk split in the middle of its size line and of its data.
    chunked << "1"
            << "0\r\ndata: ch"
            << "unked\n\n\n\r\n"
            << "0\r\nX-Trailer: t\r\n\r\n";
    QTest::newRow("chunked") << QByteArray("chunked") << chunked;
    QTest::newRow("content-length") << QByteArray("length") << events;
}

void TestTapProxy::transparency()
{
    QFETCH(QByteArray, framing);
    QFETCH(QList<QByteArray>, sends);
    QByteArray sent;
    for (const QByteArray &s : sends)
        sent += s;

    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    ServerScript script = ServerScript::stream();
    script.header("Cache-Control", "no-cache").header("X-Server", "scripted");
    if (framing == "chunked")
        script.header("Transfer-Encoding", "chunked");
    else if (framing == "length")
        script.header("Content-Length", QByteArray::number(sent.size()));
    for (const QByteArray &s : sends)
        script.send(s).wait(5);
    script.close();
    upstream.enqueue(script);

    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url(QStringLiteral("/"))));
    QSignalSpy closed(&proxy, &TapProxy::connectionClosed);
    const Exchange result = exchange(proxy.port(), get());
    QVERIFY(result.closed);
    // The body is byte for byte what the upstream sent, chunk framing included.
    QCOMPARE(result.body, sent);
    // The head is the upstream's, less its hop-by-hop fields, plus our Connection: close.
    QByteArray expectedHead = script.head();
    expectedHead.chop(2);
    QCOMPARE(headerLines(result.head), headerLines(expectedHead));
    QTRY_COMPARE(closed.size(), 1);
    const auto info = closed.at(0).at(0).value<ProxyDisconnectInfo>();
    QCOMPARE(info.status, 200);
    QCOMPARE(info.bytesToClient, qint64(result.response.size()));
    // The comment and the retry-only block are not events.
    QCOMPARE(info.events, qint64(framing == "chunked" ? 5 : 4));
    QCOMPARE(info.lastEventId, QByteArray("2"));
}

void TestTapProxy::requestForwarding()
{
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(ServerScript::stream().send("data: ok\n\n").close());
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url(QStringLiteral("/"))));
    QSignalSpy proxied(&proxy, &TapProxy::requestProxied);

    const QByteArray body = R"({"prompt":"hello"})";
    const QByteArray request = "POST /v1/stream?x=1 HTTP/1.1\r\n"
                               "Host: 127.0.0.1:9\r\n"
                               "Connection: keep-alive, X-Hop\r\n"
                               "X-Hop: dropped\r\n"
                               "Keep-Alive: timeout=5\r\n"
                               "Proxy-Authorization: Basic eA==\r\n"
                               "TE: trailers\r\n"
                               "Upgrade: h2c\r\n"
                               "Authorization: Bearer token\r\n"
                               "Last-Event-ID: 42\r\n"
                               "X-Custom: yes\r\n"
                               "Content-Type: application/json\r\n"
                               "Content-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    const Exchange result = exchange(proxy.port(), request);
    QVERIFY(result.head.startsWith("HTTP/1.1 200 OK"));
    QCOMPARE(result.body, QByteArray("data: ok\n\n"));

    QCOMPARE(upstream.requestCount(), 1);
    const RecordedRequest &r = upstream.requests().at(0);
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.target, QByteArray("/v1/stream?x=1"));
    QCOMPARE(r.body, body);
    QCOMPARE(r.header("Last-Event-ID"), QByteArray("42"));
    QCOMPARE(r.header("Authorization"), QByteArray("Bearer token"));
    QCOMPARE(r.header("X-Custom"), QByteArray("yes"));
    QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(r.header("Host"), QByteArray("127.0.0.1:" + QByteArray::number(upstream.port())));
    QCOMPARE(r.headerCount("Host"), 1);
    QCOMPARE(r.header("Connection"), QByteArray("close"));
    QCOMPARE(r.headerCount("Connection"), 1);
    for (const char *hop : {"X-Hop", "Keep-Alive", "Proxy-Authorization", "TE", "Upgrade"})
        QVERIFY2(!r.hasHeader(hop), hop);

    QCOMPARE(proxied.size(), 1);
    const auto info = proxied.at(0).at(0).value<ProxyRequestInfo>();
    QCOMPARE(info.method, QByteArray("POST"));
    QCOMPARE(info.path, QByteArray("/v1/stream?x=1"));
    QCOMPARE(info.status, 200);
    QVERIFY(info.fromUpstream);
    QVERIFY(info.hasLastEventId);
    QCOMPARE(info.lastEventId, QByteArray("42"));
}

void TestTapProxy::targetMapping()
{
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(ServerScript::stream().close());
    TapProxy proxy;
    QUrl url = upstream.url(QStringLiteral("/base/events"));
    url.setQuery(QStringLiteral("token=a%20b"));
    QVERIFY(startProxy(proxy, url));
    // `/` goes to the upstream URL; any other target passes through (absolute form reduced).
    exchange(proxy.port(), get("/"));
    exchange(proxy.port(), get("/other?q=1"));
    exchange(proxy.port(), get("http://example.org/abs?z"));
    QCOMPARE(upstream.requestCount(), 3);
    QCOMPARE(upstream.requests().at(0).target, QByteArray("/base/events?token=a%20b"));
    QCOMPARE(upstream.requests().at(1).target, QByteArray("/other?q=1"));
    QCOMPARE(upstream.requests().at(2).target, QByteArray("/abs?z"));
}

void TestTapProxy::sseClientResumes()
{
    MockServer server;
    MockServerOptions serverOptions;
    serverOptions.heartbeatMs = 0;
    serverOptions.burst = true;
    serverOptions.eventsPerStream = 5;
    serverOptions.retryMs = 10;
    server.setOptions(serverOptions);
    QVERIFY(server.start());

    TapProxy proxy;
    QVERIFY(startProxy(proxy, server.url()));
    QList<ProxyRequestInfo> requests;
    connect(&proxy, &TapProxy::requestProxied, this,
            [&](const ProxyRequestInfo &info) { requests << info; });

    SseClient client;
    SseClientOptions options;
    QUrl url = proxy.url();
    url.setPath(QStringLiteral("/events"));
    options.url = url;
    options.retryMs = 10;
    options.proxyMode = SseClientOptions::ProxyMode::None;
    client.setOptions(options);
    QList<QByteArray> ids;
    connect(&client, &SseClient::recordsReady, this, [&](const ClientBatch &batch) {
        for (const ClientRecord &r : batch.records) {
            if (r.kind == ClientRecord::Kind::Event)
                ids << r.event.id;
        }
    });
    client.open();
    QTRY_VERIFY_WITH_TIMEOUT(ids.size() >= 15, 10000);
    client.close();
    for (int i = 0; i < 15; ++i)
        QCOMPARE(ids.at(i), QByteArray::number(i + 1));
    QCOMPARE(client.stats().lost, qint64(0));
    QCOMPARE(client.stats().duplicates, qint64(0));
    // The reconnects went through the proxy and carried Last-Event-ID, as the client sent it.
    QVERIFY(requests.size() >= 3);
    QVERIFY(!requests.at(0).hasLastEventId);
    QCOMPARE(requests.at(1).lastEventId, QByteArray("5"));
    QCOMPARE(requests.at(2).lastEventId, QByteArray("10"));
    QCOMPARE(requests.at(1).status, 200);
}

void TestTapProxy::upstreamRefused()
{
    QTcpServer closedPort;
    QVERIFY(closedPort.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closedPort.serverPort();
    closedPort.close();
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port);
    TapProxy proxy;
    QVERIFY(startProxy(proxy, url));
    QSignalSpy proxied(&proxy, &TapProxy::requestProxied);
    const Exchange result = exchange(proxy.port(), get());
    QVERIFY(result.closed);
    QVERIFY2(result.head.startsWith("HTTP/1.1 502 Bad Gateway"), result.head.constData());
    QVERIFY(result.head.contains("Content-Type: text/plain"));
    QVERIFY2(result.body.contains("refused the connection"), result.body.constData());
    QVERIFY(result.body.contains(QByteArray::number(port)));
    QCOMPARE(proxied.size(), 1);
    const auto info = proxied.at(0).at(0).value<ProxyRequestInfo>();
    QCOMPARE(info.status, 502);
    QVERIFY(!info.fromUpstream);
    QCOMPARE(proxy.stats().upstreamErrors, qint64(1));
}

void TestTapProxy::malformedUpstream()
{
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(ServerScript::silent().send("SSE/1.0 yes\r\n\r\ndata: x\n\n").close());
    upstream.enqueue(ServerScript::closeAtOnce());
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    Exchange result = exchange(proxy.port(), get());
    QVERIFY2(result.head.startsWith("HTTP/1.1 502 Bad Gateway"), result.head.constData());
    QVERIFY2(result.body.contains("malformed response"), result.body.constData());
    QVERIFY(result.body.contains("malformed status line"));

    result = exchange(proxy.port(), get());
    QVERIFY2(result.head.startsWith("HTTP/1.1 502 Bad Gateway"), result.head.constData());
    QVERIFY2(result.body.contains("closed the connection without a response"),
             result.body.constData());
}

void TestTapProxy::upstreamTimeout()
{
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(ServerScript::silent());
    TapProxy proxy;
    TapProxyOptions options;
    options.responseTimeoutMs = 100;
    QVERIFY(startProxy(proxy, upstream.url(), options));
    const Exchange result = exchange(proxy.port(), get());
    QVERIFY2(result.head.startsWith("HTTP/1.1 504 Gateway Timeout"), result.head.constData());
    QVERIFY2(result.body.contains("sent no response head within 100 ms"), result.body.constData());
    QTRY_COMPARE(upstream.openConnections(), 0);
}

void TestTapProxy::upstreamClosesMidStream()
{
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(ServerScript::stream()
                         .header("Content-Length", "1000")
                         .send("data: first\n\n")
                         .wait(20)
                         .close());
    upstream.enqueue(ServerScript::stream()
                         .header("Transfer-Encoding", "chunked")
                         .send("7\r\ndata: x\r\n")
                         .wait(20)
                         .reset());
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QList<ProxyDisconnectInfo> closed;
    connect(&proxy, &TapProxy::connectionClosed, this,
            [&](const ProxyDisconnectInfo &info) { closed << info; });
    Exchange result = exchange(proxy.port(), get());
    QVERIFY(result.closed);
    QCOMPARE(result.body, QByteArray("data: first\n\n"));
    QTRY_COMPARE(closed.size(), 1);
    QVERIFY2(closed.at(0).reason.contains("987 bytes before the end"),
             qPrintable(closed.at(0).reason));

    result = exchange(proxy.port(), get());
    QVERIFY(result.closed);
    QCOMPARE(result.body, QByteArray("7\r\ndata: x\r\n"));
    QTRY_COMPARE(closed.size(), 2);
    QVERIFY2(closed.at(1).reason.contains("before the last chunk"),
             qPrintable(closed.at(1).reason));
}

void TestTapProxy::clientDisconnectAbortsUpstream()
{
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(ServerScript::stream().send(":open\n\n")); // stays open
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QSignalSpy closed(&proxy, &TapProxy::connectionClosed);
    {
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, proxy.port());
        QVERIFY(client.waitForConnected(2000));
        client.write(get());
        QByteArray received;
        QVERIFY(QTest::qWaitFor(
            [&] {
                received += client.readAll();
                return received.contains(":open\n\n");
            },
            5000));
        QCOMPARE(upstream.openConnections(), 1);
        QCOMPARE(proxy.stats().connections, 1);
        client.abort();
    }
    QTRY_COMPARE(upstream.openConnections(), 0);
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(0).value<ProxyDisconnectInfo>().reason,
             QStringLiteral("client closed"));
    QCOMPARE(proxy.stats().connections, 0);
}

void TestTapProxy::eventsObserved()
{
    // Many events, chunked, in pieces that split events, fields and chunk framing.
    QByteArray stream;
    for (int i = 1; i <= 500; ++i) {
        stream += "id: " + QByteArray::number(i) + "\n";
        if (i % 2 == 0)
            stream += "event: even\n";
        stream += "data: " + QByteArray(i % 37, 'x') + "\n\n";
        if (i % 50 == 0)
            stream += ":ping\n\n";
    }
    QByteArray chunked;
    for (qsizetype offset = 0; offset < stream.size(); offset += 333) {
        const QByteArray piece = stream.mid(offset, 333);
        chunked += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    }
    chunked += "0\r\n\r\n";
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    ServerScript script = ServerScript::stream().header("Transfer-Encoding", "chunked");
    for (qsizetype offset = 0; offset < chunked.size(); offset += 1000)
        script.send(chunked.mid(offset, 1000));
    upstream.enqueue(script.close());

    TapProxy proxy;
    int hookEvents = 0;
    proxy.setHookFactory([&hookEvents](const ProxyRequestInfo &) {
        return std::make_unique<CountingHook>(&hookEvents);
    });
    QVERIFY(startProxy(proxy, upstream.url()));
    QList<ProxyEventInfo> seen;
    connect(&proxy, &TapProxy::eventsSeen, this, [&](const ProxyEventBatch &batch) {
        QCOMPARE(batch.connection, 1);
        seen += batch.events;
    });
    QSignalSpy closed(&proxy, &TapProxy::connectionClosed);
    const Exchange result = exchange(proxy.port(), get());
    QCOMPARE(result.body, chunked); // the hook's default forward() keeps it transparent
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(seen.size(), 500);
    for (int i = 0; i < 500; ++i) {
        const int n = i + 1;
        QCOMPARE(seen.at(i).id, QByteArray::number(n));
        QCOMPARE(seen.at(i).type, n % 2 == 0 ? QByteArray("even") : QByteArray("message"));
        QCOMPARE(seen.at(i).dataBytes, qsizetype(n % 37));
    }
    QCOMPARE(hookEvents, 500);
    const auto info = closed.at(0).at(0).value<ProxyDisconnectInfo>();
    QCOMPARE(info.events, qint64(500));
    QCOMPARE(info.lastEventId, QByteArray("500"));
    QCOMPARE(info.reason, QStringLiteral("response complete"));
    QCOMPARE(proxy.stats().events, qint64(500));
}

void TestTapProxy::slowClientPausesUpstream()
{
    MockServer server;
    MockServerOptions serverOptions;
    serverOptions.heartbeatMs = 0;
    serverOptions.burst = true;
    serverOptions.payloadTemplate = QByteArray(200, 'p');
    server.setOptions(serverOptions);
    QVERIFY(server.start());

    TapProxy proxy;
    TapProxyOptions options;
    options.maxClientBufferBytes = 64 * 1024;
    options.upstreamReadBufferBytes = 16 * 1024;
    QVERIFY(startProxy(proxy, server.url(), options));

    QTcpSocket client;
    client.setReadBufferSize(4096); // the client reads nothing for now
    client.connectToHost(QHostAddress::LocalHost, proxy.port());
    QVERIFY(client.waitForConnected(2000));
    client.write(get());
    QTRY_VERIFY_WITH_TIMEOUT(proxy.stats().readPauses > 0, 10000);
    // Once every buffer on the way is full the upstream stops: nothing more is read from it.
    qint64 last = -1;
    QVERIFY(QTest::qWaitFor(
        [&] {
            const qint64 now = proxy.stats().bytesFromUpstream;
            const bool settled = now == last;
            last = now;
            if (!settled)
                QTest::qWait(100); // sampling interval: "settled" means unchanged for 100 ms
            return settled;
        },
        10000));
    const TapProxyStats paused = proxy.stats();
    QVERIFY2(paused.bufferedBytes <= 64 * 1024 + 2 * 16 * 1024,
             qPrintable(QString::number(paused.bufferedBytes)));
    QCOMPARE(paused.connections, 1);
    // The upstream is held back, not dropped: the mock server still streams to us.
    QCOMPARE(server.stats().slowDropped, qint64(0));
    QCOMPARE(server.stats().clients, 1);

    // The client reads again: the stream resumes, in order, nothing lost.
    client.setReadBufferSize(0);
    QByteArray received;
    QVERIFY(QTest::qWaitFor(
        [&] {
            received += client.readAll();
            return received.size() > paused.bytesFromUpstream + 1024 * 1024;
        },
        10000));
    QVERIFY(proxy.stats().bytesFromUpstream > paused.bytesFromUpstream);
    const qsizetype headEnd = received.indexOf("\r\n\r\n");
    QVERIFY(headEnd > 0);
    // Only whole lines count: the last read may end inside "id: 17803".
    const QByteArray body = received.mid(headEnd + 4, received.lastIndexOf('\n') - headEnd - 3);
    qint64 expected = 1;
    for (const QByteArray &line : body.split('\n')) {
        if (line.startsWith("id: ")) {
            QCOMPARE(line.mid(4).toLongLong(), expected);
            ++expected;
        }
    }
    QVERIFY(expected > 1000);
}

void TestTapProxy::listensOnLoopbackByDefault()
{
    TapProxy proxy;
    QVERIFY(startProxy(proxy, QUrl(QStringLiteral("http://127.0.0.1:1/"))));
    QCOMPARE(proxy.url().host(), QStringLiteral("127.0.0.1"));
    TapProxy bad;
    TapProxyOptions options;
    options.upstream = QUrl(QStringLiteral("ftp://example.org/"));
    bad.setOptions(options);
    QString error;
    QVERIFY(!bad.start(&error));
    QVERIFY(error.contains(QStringLiteral("not an http:// or https:// URL")));
}

void TestTapProxy::httpsUpstream_data()
{
    QTest::addColumn<bool>("trustCa");
    QTest::addColumn<bool>("ignoreErrors");
    QTest::addColumn<int>("status");
    QTest::newRow("trusted CA file") << true << false << 200;
    QTest::newRow("untrusted") << false << false << 502;
    QTest::newRow("insecure") << false << true << 200;
}

void TestTapProxy::httpsUpstream()
{
    QFETCH(bool, trustCa);
    QFETCH(bool, ignoreErrors);
    QFETCH(int, status);
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    const QString data = QStringLiteral(SSEMON_TLS_TEST_DATA);
    ScriptedServer upstream;
    if (!upstream.listenTls(data + QStringLiteral("/server.pem"),
                            data + QStringLiteral("/server.key")))
        QSKIP("the TLS backend cannot serve with the test certificate");
    upstream.enqueue(ServerScript::stream().send("data: secure\n\n").close());
    TapProxy proxy;
    TapProxyOptions options;
    if (trustCa)
        options.caFile = data + QStringLiteral("/server.pem");
    options.ignoreSslErrors = ignoreErrors;
    QVERIFY(upstream.url().scheme() == QStringLiteral("https"));
    QVERIFY(startProxy(proxy, upstream.url(), options));
    const Exchange result = exchange(proxy.port(), get(), 10000);
    QVERIFY(result.closed);
    QVERIFY2(result.head.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status))),
             result.head.constData());
    if (status == 200) {
        QCOMPARE(result.body, QByteArray("data: secure\n\n"));
    } else {
        QVERIFY2(result.body.contains("TLS with upstream"), result.body.constData());
    }
}

QTEST_GUILESS_MAIN(TestTapProxy)
#include "tst_tapproxy.moc"
