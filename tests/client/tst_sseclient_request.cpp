// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// SseClient's requests: the headers and body sent, redirects (methods, origins, loops, limits),
// a POST never resent behind the caller's back, what is refused before connecting, proxies
// (absolute form, CONNECT and SOCKS5 tunnels) and TLS.
#include "client/sseclient.h"
#include "client/sseconnection.h"
#include "clientfixture.h"
#include "scriptedserver.h"
#include "server/mockserver.h"
#include "util/crossthread.h"
#include "zlibdata.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>
#include <QThread>
#include <QtEndian>

#include <chrono>
#include <cmath>
#include <memory>

using namespace ClientFixture;

namespace {

// A proxy that tunnels: HTTP CONNECT (what https through an http:// proxy uses) or SOCKS5
// (RFC 1928, no authentication). It records the target each client asked for and relays the
// bytes both ways to the one upstream port it was given.
class TunnelProxy : public QTcpServer
{
public:
    enum class Kind { Connect, Socks5 };
    TunnelProxy(Kind kind, quint16 upstreamPort)
        : m_kind(kind)
        , m_upstreamPort(upstreamPort)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = nextPendingConnection())
                handle(client);
        });
    }
    QList<QByteArray> targets;

private:
    // Per client: what it sent so far and how far the handshake is (freed with the socket).
    struct Handshake : QObject
    {
        using QObject::QObject;
        QByteArray buffer;
        int step = 0; // 0 greeting, 1 request, 2 relaying
    };

    void handle(QTcpSocket *client)
    {
        auto *state = new Handshake(client);
        QByteArray *buffer = &state->buffer;
        int *step = &state->step;
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        connect(client, &QTcpSocket::readyRead, client, [this, client, buffer, step] {
            if (*step == 2)
                return; // relaying: the tunnel's own connection reads
            *buffer += client->readAll();
            if (m_kind == Kind::Connect) {
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                const QList<QByteArray> words = buffer->left(buffer->indexOf("\r\n")).split(' ');
                targets.append(words.value(0) + ' ' + words.value(1));
                buffer->remove(0, end + 4);
                client->write("HTTP/1.1 200 Connection established\r\n\r\n");
            } else if (*step == 0) {
                // Greeting: VER NMETHODS METHODS; "no authentication" chosen.
                if (buffer->size() < 2 || buffer->size() < 2 + uchar(buffer->at(1)))
                    return;
                buffer->remove(0, 2 + uchar(buffer->at(1)));
                client->write(QByteArray::fromHex("0500"));
                *step = 1;
                if (buffer->isEmpty())
                    return;
            }
            if (m_kind == Kind::Socks5) {
                // Request: VER CMD RSV ATYP ADDR PORT, ATYP 1 (IPv4), 3 (name) or 4 (IPv6).
                if (buffer->size() < 5)
                    return;
                const int atyp = buffer->at(3);
                const qsizetype addressBytes = atyp == 1 ? 4
                    : atyp == 4                          ? 16
                                                         : 1 + uchar(buffer->at(4));
                if (buffer->size() < 4 + addressBytes + 2)
                    return;
                const QByteArray address = buffer->mid(4, addressBytes);
                const int port =
                    uchar(buffer->at(4 + addressBytes)) * 256 + uchar(buffer->at(5 + addressBytes));
                const QByteArray host = atyp == 1
                    ? QHostAddress(qFromBigEndian<quint32>(address.constData()))
                          .toString()
                          .toLatin1()
                    : address.mid(atyp == 3 ? 1 : 0);
                targets.append("SOCKS5 " + host + ':' + QByteArray::number(port));
                buffer->remove(0, 4 + addressBytes + 2);
                client->write(QByteArray::fromHex("05000001000000000000"));
            }
            *step = 2;
            relay(client, std::exchange(*buffer, QByteArray()));
        });
    }

    void relay(QTcpSocket *client, const QByteArray &early)
    {
        auto *upstream = new QTcpSocket(client);
        connect(upstream, &QTcpSocket::connected, upstream, [client, upstream, early] {
            upstream->write(early);
            upstream->write(client->readAll());
        });
        connect(client, &QTcpSocket::readyRead, upstream, [client, upstream] {
            if (upstream->state() == QAbstractSocket::ConnectedState)
                upstream->write(client->readAll());
        });
        connect(upstream, &QTcpSocket::readyRead, client,
                [client, upstream] { client->write(upstream->readAll()); });
        connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
        upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }

    Kind m_kind;
    quint16 m_upstreamPort;
};

// Small, deterministic intervals: reconnect tests take milliseconds.

} // namespace

class TestSseClientRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase_data() { addTransportRows(); }
    void init()
    {
        QFETCH_GLOBAL(SseClientOptions::Transport, transport);
        transportUnderTest() = transport;
    }
    void requestHeaders_data();
    void requestHeaders();
    void lastEventIdHeader_data();
    void lastEventIdHeader();
    void postBody();
    void redirectGet();
    void redirectMethod_data();
    void redirectMethod();
    void redirectCrossOriginDropsCredentials();
    void redirectLoopIsCut();
    void tooManyRedirects();
    void redirectWithoutLocation();
    void postNotReplayed();
    void postNeverResentOnEarlyClose_data();
    void postNeverResentOnEarlyClose();
    void postReplayedWhenAllowed();
    void invalidUrlFailsBeforeRequest_data();
    void invalidUrlFailsBeforeRequest();
    void unreadableCaFileFails();
    void badProxyFails_data();
    void badProxyFails();
    void explicitProxyIsUsed();
    void proxyTunnel_data();
    void proxyTunnel();
    void tls_data();
    void tls();
};

void TestSseClientRequest::requestHeaders_data()
{
    QTest::addColumn<bool>("compression");
    QTest::newRow("identity") << false;
    QTest::newRow("compression") << true;
}

void TestSseClientRequest::requestHeaders()
{
    QFETCH(bool, compression);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send(": hello\n\n"));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.compression = compression;
    o.headers = {{"X-Api-Key", "k1"}, {"Authorization", "Bearer t0k"}};
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(client.state(), ClientState::Open);

    QCOMPARE(server.requestCount(), 1);
    const RecordedRequest r = server.requests().at(0);
    QCOMPARE(r.method, QByteArray("GET"));
    QCOMPARE(r.target, QByteArray("/events"));
    QCOMPARE(r.version, QByteArray("HTTP/1.1")); // HTTP/2 is off
    QCOMPARE(r.header("Accept"), QByteArray("text/event-stream"));
    QCOMPARE(r.header("Cache-Control"), QByteArray("no-cache"));
    if (compression)
        QVERIFY(r.header("Accept-Encoding") != "identity");
    else
        QCOMPARE(r.header("Accept-Encoding"), QByteArray("identity"));
    QVERIFY(!r.hasHeader("Last-Event-ID"));
    QCOMPARE(r.header("X-Api-Key"), QByteArray("k1"));
    QCOMPARE(r.header("Authorization"), QByteArray("Bearer t0k"));
    QVERIFY(r.body.isEmpty());
    QVERIFY(!r.hasHeader("Content-Length"));

    QTRY_COMPARE(c.ofKind(ClientRecord::Kind::Comment).size(), 1);
    QCOMPARE(c.ofKind(ClientRecord::Kind::Comment).at(0).text, QByteArray("hello"));
    client.close();
}

void TestSseClientRequest::lastEventIdHeader_data()
{
    QTest::addColumn<QByteArray>("initialId");
    QTest::newRow("none") << QByteArray();
    QTest::newRow("ascii") << QByteArray("42");
    QTest::newRow("utf8") << QByteArray("\xC3\xA9v\xE2\x9C\x93");
}

void TestSseClientRequest::lastEventIdHeader()
{
    QFETCH(QByteArray, initialId);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.lastEventId = initialId;
    client.setOptions(o);
    client.open();
    QTRY_COMPARE(server.requestCount(), 1);
    const RecordedRequest r = server.requests().at(0);
    QCOMPARE(r.hasHeader("Last-Event-ID"), !initialId.isEmpty());
    QCOMPARE(r.headerCount("Last-Event-ID"), initialId.isEmpty() ? 0 : 1);
    QCOMPARE(r.header("Last-Event-ID"), initialId);
    QTRY_COMPARE(client.state(), ClientState::Open);
    QCOMPARE(client.stats().lastEventId, initialId);
}

void TestSseClientRequest::postBody()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: token\n\n"));

    SseClient client;
    SseClientOptions o = fastOptions(server.url(QStringLiteral("/v1/chat")));
    o.method = "POST";
    o.body = R"({"stream":true})";
    o.headers = {{"Content-Type", "application/json"}};
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"token"});
    const RecordedRequest r = server.requests().at(0);
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.target, QByteArray("/v1/chat"));
    QCOMPARE(r.body, QByteArray(R"({"stream":true})"));
    QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(r.header("Content-Length"), QByteArray::number(r.body.size()));
    QCOMPARE(r.header("Accept"), QByteArray("text/event-stream"));
}

void TestSseClientRequest::redirectGet()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::redirect(302, "/moved?x=1"));
    server.enqueue(ServerScript::stream().send("data: here\n\n"));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"here"});
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(server.requests().at(1).target, QByteArray("/moved?x=1"));
    QCOMPARE(server.requests().at(1).method, QByteArray("GET"));
    const QList<ClientRecord> connecting = c.states(ClientState::Connecting);
    QCOMPARE(connecting.size(), 2);
    QCOMPARE(connecting.at(1).reason,
             QStringLiteral("redirected (302) to ")
                 + server.url(QStringLiteral("/moved")).toString() + QStringLiteral("?x=1"));
    QCOMPARE(connecting.at(1).conn, 1); // a redirect is part of the same attempt
    QVERIFY(c.ofKind(ClientRecord::Kind::Error).isEmpty());
    QCOMPARE(client.stats().attempts, 1);
}

void TestSseClientRequest::redirectMethod_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("expectedMethod");
    QTest::addColumn<bool>("keepsBody");
    QTest::newRow("301 POST") << 301 << QByteArray("POST") << QByteArray("GET") << false;
    QTest::newRow("302 POST") << 302 << QByteArray("POST") << QByteArray("GET") << false;
    QTest::newRow("303 POST") << 303 << QByteArray("POST") << QByteArray("GET") << false;
    QTest::newRow("303 PUT") << 303 << QByteArray("PUT") << QByteArray("GET") << false;
    QTest::newRow("302 PUT") << 302 << QByteArray("PUT") << QByteArray("PUT") << true;
    QTest::newRow("307 POST") << 307 << QByteArray("POST") << QByteArray("POST") << true;
    QTest::newRow("308 POST") << 308 << QByteArray("POST") << QByteArray("POST") << true;
}

void TestSseClientRequest::redirectMethod()
{
    QFETCH(int, code);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, expectedMethod);
    QFETCH(bool, keepsBody);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::redirect(code, "/next"));
    server.enqueue(ServerScript::stream().send("data: ok\n\n"));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.method = method;
    o.body = "prompt=hi";
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"ok"});
    QCOMPARE(server.requests().at(0).method, method);
    QCOMPARE(server.requests().at(0).body, QByteArray("prompt=hi"));
    const RecordedRequest second = server.requests().at(1);
    QCOMPARE(second.target, QByteArray("/next"));
    QCOMPARE(second.method, expectedMethod);
    QCOMPARE(second.body, keepsBody ? QByteArray("prompt=hi") : QByteArray());
    if (!keepsBody)
        QVERIFY(!second.hasHeader("Content-Length") || second.header("Content-Length") == "0");
}

void TestSseClientRequest::redirectCrossOriginDropsCredentials()
{
    ScriptedServer first;
    ScriptedServer other; // another port: another origin
    QVERIFY(first.listen());
    QVERIFY(other.listen());
    first.enqueue(ServerScript::redirect(307, "/same-origin"));
    first.enqueue(ServerScript::redirect(302, other.url(QStringLiteral("/elsewhere")).toEncoded()));
    other.enqueue(ServerScript::stream().send("data: moved\n\n"));

    SseClient client;
    SseClientOptions o = fastOptions(first.url());
    o.headers = {{"Authorization", "Bearer secret"}, {"Cookie", "s=1"}, {"X-Trace", "t"}};
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"moved"});
    QCOMPARE(first.requestCount(), 2);
    // Same origin: credentials kept.
    QCOMPARE(first.requests().at(1).header("Authorization"), QByteArray("Bearer secret"));
    QCOMPARE(first.requests().at(1).header("Cookie"), QByteArray("s=1"));
    // fetch: not carried to another origin; other headers are.
    const RecordedRequest moved = other.requests().at(0);
    QVERIFY(!moved.hasHeader("Authorization"));
    QVERIFY(!moved.hasHeader("Cookie"));
    QCOMPARE(moved.header("X-Trace"), QByteArray("t"));
    QCOMPARE(moved.header("Accept"), QByteArray("text/event-stream"));
}

void TestSseClientRequest::redirectLoopIsCut()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::redirect(302, "/a"));
    server.enqueue(ServerScript::redirect(302, "/b"));
    server.enqueue(ServerScript::redirect(302, "/a"));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.lastState().state, ClientState::Failed);
    QVERIFY2(c.lastState().reason.startsWith(QStringLiteral("redirect loop")),
             qPrintable(c.lastState().reason));
    QCOMPARE(server.requestCount(), 3);
    QVERIFY(staysFalse([&] { return server.requestCount() > 3; }, 100));
}

void TestSseClientRequest::tooManyRedirects()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    for (int i = 1; i <= 6; ++i)
        server.enqueue(ServerScript::redirect(301, "/r" + QByteArray::number(i)));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.maxRedirects = 3;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.lastState().state, ClientState::Failed);
    QCOMPARE(c.lastState().reason, QStringLiteral("too many redirects (more than 3)"));
    QCOMPARE(server.requestCount(), 4);
}

void TestSseClientRequest::redirectWithoutLocation()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::redirect(302, QByteArray()));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.lastState().state, ClientState::Failed);
    QCOMPARE(c.lastState().httpStatus, 302);
    QVERIFY(c.lastState().reason.startsWith(QStringLiteral("redirect without Location")));
    QVERIFY(staysFalse([&] { return server.requestCount() > 1; }, 100));
}

void TestSseClientRequest::postNotReplayed()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: a\n\n").close());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.method = "POST";
    o.body = "{}";
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Closed});
    QCOMPARE(c.lastState().reason,
             QStringLiteral("stream ended (non-GET requests are not replayed; allow it with "
                            "\"Replay non-GET requests\" in the request editor or --retry-post)"));
    QVERIFY(staysFalse([&] { return server.requestCount() > 1; }, 150));
}

// A server that closes (or resets) before answering: the POST was sent once and is not sent
// again behind the user's back (Qt's HTTP stack resent it up to twice).
void TestSseClientRequest::postNeverResentOnEarlyClose_data()
{
    QTest::addColumn<bool>("reset");
    QTest::newRow("FIN") << false;
    QTest::newRow("RST") << true;
}

void TestSseClientRequest::postNeverResentOnEarlyClose()
{
    QFETCH(bool, reset);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(reset ? ServerScript::resetAtOnce() : ServerScript::closeAtOnce());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.method = "POST";
    o.body = "{\"prompt\":\"costs money\"}";
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Failed});
    QVERIFY2(c.lastState().reason.endsWith(
                 QStringLiteral(" (non-GET requests are not replayed; allow it with \"Replay "
                                "non-GET requests\" in the request editor or --retry-post)")),
             qPrintable(c.lastState().reason));
    if (onQnam()) {
        // Qt 6.4 sends the request again on its own when the connection closes before a
        // response: the QNAM transport cannot stop it, only see it and fail the attempt saying
        // so (auto sends a request with a body on the wire transport for this reason).
        QVERIFY2(c.lastState().reason.contains(QStringLiteral("Qt resent the request")),
                 qPrintable(c.lastState().reason));
        QEXPECT_FAIL("", "Qt 6.4 resends a request whose connection closed early", Continue);
    }
    QCOMPARE(server.requestCount(), 1);
}

void TestSseClientRequest::postReplayedWhenAllowed()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: a\n\n").close());
    server.enqueue(ServerScript::stream());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.method = "POST";
    o.body = "{\"q\":1}";
    o.retryNonGet = true;
    client.setOptions(o);
    client.open();
    QTRY_COMPARE(server.requestCount(), 2);
    QCOMPARE(server.requests().at(1).method, QByteArray("POST"));
    QCOMPARE(server.requests().at(1).body, QByteArray("{\"q\":1}"));
}

void TestSseClientRequest::invalidUrlFailsBeforeRequest_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("reasonStart");
    QTest::newRow("empty") << QUrl() << QStringLiteral("no URL given");
    QTest::newRow("ftp") << QUrl(QStringLiteral("ftp://127.0.0.1/x"))
                         << QStringLiteral("unsupported URL scheme \"ftp\"");
    QTest::newRow("relative") << QUrl(QStringLiteral("/events"))
                              << QStringLiteral("invalid URL \"/events\": no scheme");
    QTest::newRow("no host") << QUrl(QStringLiteral("http:///events"))
                             << QStringLiteral("invalid URL");
}

void TestSseClientRequest::invalidUrlFailsBeforeRequest()
{
    QFETCH(QUrl, url);
    QFETCH(QString, reasonStart);
    SseClient client;
    client.setOptions(fastOptions(url));
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Failed});
    QCOMPARE(c.ofKind(ClientRecord::Kind::State).size(), 1); // no Connecting
    QVERIFY2(c.lastState().reason.startsWith(reasonStart), qPrintable(c.lastState().reason));
    QCOMPARE(client.stats().attempts, 0);
}

void TestSseClientRequest::unreadableCaFileFails()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.caFile = QStringLiteral("/nonexistent/ca.pem");
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.lastState().state, ClientState::Failed);
    QVERIFY2(c.lastState().reason.startsWith(QStringLiteral("cannot read CA file")),
             qPrintable(c.lastState().reason));
    QVERIFY(staysFalse([&] { return server.requestCount() > 0; }, 50));
}

void TestSseClientRequest::badProxyFails_data()
{
    QTest::addColumn<QUrl>("proxy");
    QTest::addColumn<QString>("reasonStart");
    QTest::newRow("ftp") << QUrl(QStringLiteral("ftp://127.0.0.1:21"))
                         << QStringLiteral("unsupported proxy");
    QTest::newRow("no host") << QUrl(QStringLiteral("http://:3128"))
                             << QStringLiteral("invalid proxy URL");
}

void TestSseClientRequest::badProxyFails()
{
    QFETCH(QUrl, proxy);
    QFETCH(QString, reasonStart);
    ScriptedServer server;
    QVERIFY(server.listen());
    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.proxyMode = SseClientOptions::ProxyMode::Explicit;
    o.proxyUrl = proxy;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.lastState().state, ClientState::Failed);
    QVERIFY2(c.lastState().reason.startsWith(reasonStart), qPrintable(c.lastState().reason));
    QCOMPARE(server.requestCount(), 0);
}

void TestSseClientRequest::explicitProxyIsUsed()
{
    // The scripted server stands in for an HTTP proxy: the request arrives in absolute form.
    ScriptedServer proxy;
    QVERIFY(proxy.listen());
    proxy.enqueue(ServerScript::stream().send("data: via proxy\n\n"));
    SseClient client;
    SseClientOptions o = fastOptions(QUrl(QStringLiteral("http://sse.invalid:8123/events")));
    o.proxyMode = SseClientOptions::ProxyMode::Explicit;
    o.proxyUrl = proxy.url(QString());
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"via proxy"});
    QCOMPARE(proxy.requests().at(0).target, QByteArray("http://sse.invalid:8123/events"));
}

// Tunnels: https through an HTTP proxy goes by CONNECT; SOCKS5 carries plain http and https.
void TestSseClientRequest::proxyTunnel_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("tls");
    QTest::newRow("https through CONNECT") << int(TunnelProxy::Kind::Connect) << true;
    QTest::newRow("http through SOCKS5") << int(TunnelProxy::Kind::Socks5) << false;
    QTest::newRow("https through SOCKS5") << int(TunnelProxy::Kind::Socks5) << true;
}

void TestSseClientRequest::proxyTunnel()
{
    QFETCH(int, kind);
    QFETCH(bool, tls);
    const QString data = QStringLiteral(SSEMON_CLIENT_TEST_DATA);
    ScriptedServer server;
    if (tls) {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        if (!server.listenTls(data + QStringLiteral("/server.pem"),
                              data + QStringLiteral("/server.key")))
            QSKIP("the TLS backend cannot serve with the test certificate");
    } else {
        QVERIFY(server.listen());
    }
    server.enqueue(ServerScript::stream().send("data: tunnelled\n\n"));
    const QUrl target = server.url();
    TunnelProxy proxy(TunnelProxy::Kind(kind), quint16(target.port()));
    QVERIFY(proxy.listen(QHostAddress::LocalHost, 0));

    SseClient client;
    SseClientOptions o = fastOptions(target);
    o.caFile = data + QStringLiteral("/server.pem");
    o.proxyMode = SseClientOptions::ProxyMode::Explicit;
    o.proxyUrl = QUrl(QStringLiteral("%1://127.0.0.1:%2")
                          .arg(kind == int(TunnelProxy::Kind::Connect) ? QStringLiteral("http")
                                                                       : QStringLiteral("socks5"))
                          .arg(proxy.serverPort()));
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"tunnelled"});
    const QByteArray hostPort = target.host().toLatin1() + ':' + QByteArray::number(target.port());
    QCOMPARE(proxy.targets.value(0),
             (kind == int(TunnelProxy::Kind::Connect) ? "CONNECT " : "SOCKS5 ") + hostPort);
    QCOMPARE(server.requests().at(0).target, QByteArray("/events"));
}

void TestSseClientRequest::tls_data()
{
    QTest::addColumn<bool>("trustCa");
    QTest::addColumn<bool>("ignoreErrors");
    QTest::addColumn<ClientState>("expected");
    QTest::newRow("ca file") << true << false << ClientState::Open;
    QTest::newRow("untrusted") << false << false << ClientState::Failed;
    QTest::newRow("ignored") << false << true << ClientState::Open;
}

void TestSseClientRequest::tls()
{
    QFETCH(bool, trustCa);
    QFETCH(bool, ignoreErrors);
    QFETCH(ClientState, expected);
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    const QString data = QStringLiteral(SSEMON_CLIENT_TEST_DATA);
    ScriptedServer server;
    if (!server.listenTls(data + QStringLiteral("/server.pem"),
                          data + QStringLiteral("/server.key")))
        QSKIP("the TLS backend cannot serve with the test certificate");
    server.enqueue(ServerScript::stream().send("data: secure\n\n"));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    if (trustCa)
        o.caFile = data + QStringLiteral("/server.pem");
    o.ignoreSslErrors = ignoreErrors;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    if (expected == ClientState::Open) {
        QTRY_COMPARE_WITH_TIMEOUT(c.eventData(), QList<QByteArray> {"secure"}, 10000);
        QCOMPARE(c.ofKind(ClientRecord::Kind::Error).isEmpty(), !ignoreErrors);
        if (ignoreErrors) {
            QVERIFY(c.ofKind(ClientRecord::Kind::Error)
                        .at(0)
                        .message.startsWith(QStringLiteral("ignored TLS errors: ")));
        }
        client.close();
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(c.ended(), 10000);
        QCOMPARE(c.lastState().state, ClientState::Failed);
        QVERIFY2(c.lastState().reason.startsWith(QStringLiteral("TLS error: ")),
                 qPrintable(c.lastState().reason));
        QVERIFY(c.states(ClientState::Reconnecting).isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestSseClientRequest)
#include "tst_sseclient_request.moc"
