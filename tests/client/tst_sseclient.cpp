// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "client/sseclient.h"
#include "client/sseconnection.h"
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

Q_DECLARE_METATYPE(ServerScript)

namespace {

// Everything one client delivered, in order.
class Collector : public QObject
{
public:
    explicit Collector(SseClient *client)
    {
        connect(client, &SseClient::recordsReady, this, [this](const ClientBatch &batch) {
            ++batches;
            records += batch.records;
            lastStats = batch.stats;
        });
        connect(client, &SseClient::stateChanged, this,
                [this](ClientState state, const QString &) { stateSignals.append(state); });
        connect(client, &SseClient::finished, this,
                [this](ClientState state) { finishedStates.append(state); });
    }

    QList<ClientRecord> ofKind(ClientRecord::Kind kind) const
    {
        QList<ClientRecord> out;
        for (const ClientRecord &r : records) {
            if (r.kind == kind)
                out.append(r);
        }
        return out;
    }
    QList<ClientRecord> states(ClientState state) const
    {
        QList<ClientRecord> out;
        for (const ClientRecord &r : ofKind(ClientRecord::Kind::State)) {
            if (r.state == state)
                out.append(r);
        }
        return out;
    }
    QList<QByteArray> eventData() const
    {
        QList<QByteArray> out;
        for (const ClientRecord &r : ofKind(ClientRecord::Kind::Event))
            out.append(r.event.data);
        return out;
    }
    ClientRecord lastState() const
    {
        const QList<ClientRecord> all = ofKind(ClientRecord::Kind::State);
        return all.isEmpty() ? ClientRecord() : all.last();
    }
    bool ended() const { return !finishedStates.isEmpty(); }

    QList<ClientRecord> records;
    QList<ClientState> stateSignals;
    QList<ClientState> finishedStates;
    SseClientStats lastStats;
    int batches = 0;
};

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
SseClientOptions fastOptions(const QUrl &url)
{
    SseClientOptions o;
    o.url = url;
    o.retryMs = 20;
    o.jitterMin = 1.0;
    o.proxyMode = SseClientOptions::ProxyMode::None; // a proxy in the environment stays out
    return o;
}

qint64 unixMsNow()
{
    return QDateTime::currentMSecsSinceEpoch();
}

quint16 unusedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort(); // closed when probe goes: connecting there is refused
}

// True when the condition stays false for the whole time (proof that something did not happen).
template<typename F>
bool staysFalse(F condition, int ms)
{
    return !QTest::qWaitFor(condition, ms);
}

} // namespace

class TestSseClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stateNames();

    void requestHeaders_data();
    void requestHeaders();
    void lastEventIdHeader_data();
    void lastEventIdHeader();
    void postBody();

    void opens_data();
    void opens();
    void failsOnBadResponse_data();
    void failsOnBadResponse();
    void resilientRetries5xx();
    void resilientHonoursRetryAfter();
    void stopsOn204();

    void redirectGet();
    void redirectMethod_data();
    void redirectMethod();
    void redirectCrossOriginDropsCredentials();
    void redirectLoopIsCut();
    void tooManyRedirects();
    void redirectWithoutLocation();

    void retryFieldHonoured();
    void backoffGrowsAndResets();
    void partialEventDiscardedAndResumed();
    void emptyIdClearsHeader();
    void idleWatchdogReconnects();
    void idleWatchdogCoversSilentServer();
    void gzipStreamEndToEnd();
    void stalledCompressedStreamIdles();
    void closeDuringReconnectWait();
    void closeWhileOpenWithReason();
    void reopenStartsNewSession();
    void destructorWhileOpen();

    void heartbeats_data();
    void heartbeats();
    void lostAndDuplicates();
    void postNotReplayed();
    void postNeverResentOnEarlyClose_data();
    void postNeverResentOnEarlyClose();
    void postReplayedWhenAllowed();
    void noReconnectEndsClosed();
    void refusedConnectionGivesUp();
    void parserCapFails();
    void invalidUrlFailsBeforeRequest_data();
    void invalidUrlFailsBeforeRequest();
    void unreadableCaFileFails();
    void badProxyFails_data();
    void badProxyFails();
    void explicitProxyIsUsed();
    void proxyTunnel_data();
    void proxyTunnel();
    void batchesPerRead();
    void slowConsumerIsThrottled();
    void rawFramesCaptured();
    void rawFramesOffByDefault();
    void deferredReleaseKeepsFlowControl();
    void manyClientsToOneServer();
    void tls_data();
    void tls();
};

void TestSseClient::stateNames()
{
    QCOMPARE(clientStateName(ClientState::Idle), QStringLiteral("idle"));
    QCOMPARE(clientStateName(ClientState::Connecting), QStringLiteral("connecting"));
    QCOMPARE(clientStateName(ClientState::Open), QStringLiteral("open"));
    QCOMPARE(clientStateName(ClientState::Reconnecting), QStringLiteral("reconnecting"));
    QCOMPARE(clientStateName(ClientState::Closed), QStringLiteral("closed"));
    QCOMPARE(clientStateName(ClientState::Failed), QStringLiteral("failed"));
}

void TestSseClient::requestHeaders_data()
{
    QTest::addColumn<bool>("compression");
    QTest::newRow("identity") << false;
    QTest::newRow("compression") << true;
}

void TestSseClient::requestHeaders()
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

void TestSseClient::lastEventIdHeader_data()
{
    QTest::addColumn<QByteArray>("initialId");
    QTest::newRow("none") << QByteArray();
    QTest::newRow("ascii") << QByteArray("42");
    QTest::newRow("utf8") << QByteArray("\xC3\xA9v\xE2\x9C\x93");
}

void TestSseClient::lastEventIdHeader()
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

void TestSseClient::postBody()
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

void TestSseClient::opens_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("plain") << QByteArray("text/event-stream");
    QTest::newRow("charset") << QByteArray("text/event-stream; charset=utf-8");
    QTest::newRow("case") << QByteArray("Text/Event-Stream;Charset=UTF-8");
}

void TestSseClient::opens()
{
    QFETCH(QByteArray, contentType);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream(contentType).send("id: 1\ndata: first\n\n"));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"first"});
    QCOMPARE(client.state(), ClientState::Open);
    QCOMPARE(c.stateSignals, (QList<ClientState> {ClientState::Connecting, ClientState::Open}));
    const ClientRecord open = c.states(ClientState::Open).value(0);
    QCOMPARE(open.httpStatus, 200);
    QCOMPARE(open.conn, 1);
    const ClientRecord event = c.ofKind(ClientRecord::Kind::Event).at(0);
    QCOMPARE(event.seq, 1);
    QCOMPARE(event.conn, 1);
    QCOMPARE(event.event.type, QByteArray("message"));
    QCOMPARE(event.event.id, QByteArray("1"));
    QVERIFY(!event.heartbeat);
    QCOMPARE(client.stats().events, 1);
    QCOMPARE(client.stats().connections, 1);
    QCOMPARE(client.stats().lastEventId, QByteArray("1"));
    QVERIFY(client.stats().bytes > 0);
}

void TestSseClient::failsOnBadResponse_data()
{
    QTest::addColumn<ServerScript>("script");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");

    QTest::newRow("404") << ServerScript::status(404, "Not Found")
                                .header("Content-Type", "text/plain")
                                .send("no such stream")
                                .close()
                         << 404 << QStringLiteral("HTTP 404 Not Found");
    QTest::newRow("500") << ServerScript::status(500, "Internal Server Error")
                                .header("Content-Type", "text/event-stream")
                                .close()
                         << 500 << QStringLiteral("HTTP 500 Internal Server Error");
    QTest::newRow("html") << ServerScript::stream("text/html").send("<html></html>").close() << 200
                          << QStringLiteral("unexpected Content-Type \"text/html\" (expected "
                                            "text/event-stream)");
    QTest::newRow("missing type") << ServerScript::stream(QByteArray()).send("data: x\n\n").close()
                                  << 200
                                  << QStringLiteral(
                                         "missing Content-Type (expected text/event-stream)");
}

void TestSseClient::failsOnBadResponse()
{
    QFETCH(ServerScript, script);
    QFETCH(int, status);
    QFETCH(QString, reason);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(script);

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Failed});
    QCOMPARE(client.state(), ClientState::Failed);
    const ClientRecord last = c.lastState();
    QCOMPARE(last.state, ClientState::Failed);
    QCOMPARE(last.httpStatus, status);
    QCOMPARE(last.reason, reason);
    QVERIFY(c.eventData().isEmpty());
    QVERIFY(c.states(ClientState::Reconnecting).isEmpty());
    QVERIFY(staysFalse([&] { return server.requestCount() > 1; }, 150)); // no reconnect
}

void TestSseClient::resilientRetries5xx()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::status(503, "Service Unavailable").close());
    server.enqueue(ServerScript::stream().send("data: back\n\n"));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.resilient = true;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"back"});
    const ClientRecord reconnecting = c.states(ClientState::Reconnecting).value(0);
    QCOMPARE(reconnecting.httpStatus, 503);
    QCOMPARE(reconnecting.reason, QStringLiteral("HTTP 503 Service Unavailable"));
    QCOMPARE(reconnecting.delayMs, 20);
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(client.stats().attempts, 2);
    QCOMPARE(client.stats().reconnects, 1);
    QCOMPARE(c.ofKind(ClientRecord::Kind::Event).at(0).conn, 2);
}

void TestSseClient::resilientHonoursRetryAfter()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(
        ServerScript::status(429, "Too Many Requests").header("Retry-After", "3").close());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.resilient = true;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(client.state(), ClientState::Reconnecting);
    QCOMPARE(c.lastState().httpStatus, 429);
    QCOMPARE(c.lastState().delayMs, 3000); // Retry-After is a floor over the 20 ms retry
    client.close();
}

void TestSseClient::stopsOn204()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::status(204, "No Content").close());

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Closed});
    QCOMPARE(c.lastState().reason, QStringLiteral("server sent 204 No Content"));
    QCOMPARE(c.lastState().httpStatus, 204);
    QVERIFY(staysFalse([&] { return server.requestCount() > 1; }, 150));
}

void TestSseClient::redirectGet()
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

void TestSseClient::redirectMethod_data()
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

void TestSseClient::redirectMethod()
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

void TestSseClient::redirectCrossOriginDropsCredentials()
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

void TestSseClient::redirectLoopIsCut()
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

void TestSseClient::tooManyRedirects()
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

void TestSseClient::redirectWithoutLocation()
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

void TestSseClient::retryFieldHonoured()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("retry: 40\ndata: a\n\n").close());
    server.enqueue(ServerScript::stream());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.retryMs = 60000; // the server's retry: must win, or the test times out
    client.setOptions(o);
    Collector c(&client);
    QElapsedTimer timer;
    timer.start();
    client.open();
    QTRY_COMPARE(server.requestCount(), 2);
    QVERIFY(timer.elapsed() < 5000);
    const QList<ClientRecord> retries = c.ofKind(ClientRecord::Kind::Retry);
    QCOMPARE(retries.size(), 1);
    QCOMPARE(retries.at(0).retryMs, 40);
    QTRY_COMPARE(c.states(ClientState::Reconnecting).size(), 1);
    QCOMPARE(c.states(ClientState::Reconnecting).at(0).delayMs, 40);
    QCOMPARE(c.states(ClientState::Reconnecting).at(0).reason, QStringLiteral("stream ended"));
    QCOMPARE(client.stats().retryMs, 40);
}

void TestSseClient::backoffGrowsAndResets()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    // A stream that opens and ends at once without an event is a failed connection.
    const ServerScript empty = ServerScript::stream().close();
    server.enqueue(empty);
    server.enqueue(empty);
    server.enqueue(empty);
    server.enqueue(ServerScript::stream().send("id: 1\ndata: good\n\n").close());
    server.enqueue(empty);
    server.enqueue(ServerScript::stream());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.retryMs = 15;
    o.headers = {{"X-Session", "abc"}};
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 6, 10000);
    QTRY_COMPARE(c.states(ClientState::Open).size(), 6);
    QList<qint64> delays;
    for (const ClientRecord &r : c.states(ClientState::Reconnecting))
        delays.append(r.delayMs);
    // SSE rule: retry x 2^(n-1) over consecutive failures; the good connection resets n.
    QCOMPARE(delays, (QList<qint64> {15, 30, 60, 15, 30}));
    for (const RecordedRequest &r : server.requests())
        QCOMPARE(r.header("X-Session"), QByteArray("abc")); // user headers on every reconnect
    QCOMPARE(client.stats().reconnects, 5);
    QCOMPARE(client.stats().attempts, 6);
    QCOMPARE(c.states(ClientState::Open).last().conn, 6);
}

void TestSseClient::partialEventDiscardedAndResumed()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream()
                       .send("id: 1\ndata: one\n\n")
                       .send("id: 2\ndata: partial")
                       .wait(20)
                       .close());
    server.enqueue(ServerScript::stream().send("id: 3\ndata: three\n\n"));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), (QList<QByteArray> {"one", "three"}));
    // WHATWG: the unterminated event is discarded with its id; the committed id is resumed.
    QCOMPARE(server.requests().at(1).header("Last-Event-ID"), QByteArray("1"));
    const QList<ClientRecord> events = c.ofKind(ClientRecord::Kind::Event);
    QCOMPARE(events.at(0).seq, 1);
    QCOMPARE(events.at(0).conn, 1);
    QCOMPARE(events.at(1).seq, 2); // seq runs across connections
    QCOMPARE(events.at(1).conn, 2);
    QCOMPARE(client.stats().lastEventId, QByteArray("3"));
    qint64 previous = 0;
    for (const ClientRecord &r : c.records) {
        QVERIFY(r.monotonicNs >= previous);
        previous = r.monotonicNs;
    }
}

void TestSseClient::emptyIdClearsHeader()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("id: 5\ndata: a\n\nid\ndata: b\n\n").close());
    server.enqueue(ServerScript::stream());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.lastEventId = "4";
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(server.requestCount(), 2);
    QCOMPARE(server.requests().at(0).header("Last-Event-ID"), QByteArray("4"));
    QVERIFY(!server.requests().at(1).hasHeader("Last-Event-ID"));
    QCOMPARE(c.ofKind(ClientRecord::Kind::Event).at(1).event.id, QByteArray());
}

void TestSseClient::idleWatchdogReconnects()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    // Bytes every 60 ms keep the 150 ms watchdog quiet; then the stream goes silent.
    server.enqueue(ServerScript::stream()
                       .send(": a\n\n")
                       .wait(60)
                       .send(": b\n")
                       .wait(60)
                       .send("\n")
                       .wait(60)
                       .send(": c\n\n"));
    server.enqueue(ServerScript::stream().send("data: second\n\n"));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.idleTimeoutMs = 150;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE_WITH_TIMEOUT(c.eventData(), QList<QByteArray> {"second"}, 5000);
    const QList<ClientRecord> errors = c.ofKind(ClientRecord::Kind::Error);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).message, QStringLiteral("no data for 150 ms (idle timeout)"));
    QCOMPARE(c.ofKind(ClientRecord::Kind::Comment).size(), 3); // no timeout while bytes flowed
    const qint64 openNs = c.states(ClientState::Open).at(0).monotonicNs;
    QVERIFY(errors.at(0).monotonicNs - openNs >= (180 + 150) * 1000 * 1000LL);
    QCOMPARE(c.states(ClientState::Reconnecting).at(0).reason,
             QStringLiteral("no data for 150 ms (idle timeout)"));
    QCOMPARE(server.requestCount(), 2);
}

void TestSseClient::idleWatchdogCoversSilentServer()
{
    // A server that accepts and never answers is as dead as one that stops sending.
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::silent());
    server.enqueue(ServerScript::stream().send("data: x\n\n"));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.idleTimeoutMs = 100;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"x"});
    QCOMPARE(c.ofKind(ClientRecord::Kind::Error).size(), 1);
    QCOMPARE(c.states(ClientState::Open).size(), 1);
    QCOMPARE(c.ofKind(ClientRecord::Kind::Event).at(0).conn, 2);
}

// A gzip event stream through the whole client: events decoded, and a body cut inside the
// compressed data is named as such (the reconnect then resumes).
void TestSseClient::gzipStreamEndToEnd()
{
#ifndef SSEMON_HAVE_ZLIB
    QSKIP("built without zlib");
#else
    const QByteArray zipped = ZlibData::compress("id: 1\ndata: a\n\nid: 2\ndata: b\n\n");
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream()
                       .header("Content-Encoding", "gzip")
                       .send(zipped.chopped(8)) // no trailer: cut short
                       .close());
    server.enqueue(ServerScript::stream().send("id: 3\ndata: c\n\n"));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.compression = true;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), (QList<QByteArray> {"a", "b", "c"}));
    const QList<ClientRecord> reconnecting = c.states(ClientState::Reconnecting);
    QCOMPARE(reconnecting.size(), 1);
    QCOMPARE(reconnecting.at(0).reason,
             QStringLiteral("the gzip body ended before its compressed data did (truncated)"));
    QCOMPARE(server.requests().at(1).header("Last-Event-ID"), QByteArray("2"));
#endif
}

// One byte of a deflate body cannot be decoded yet: it is not data held back by flow control,
// so the idle watchdog ends the silent connection (before, it re-armed itself forever).
void TestSseClient::stalledCompressedStreamIdles()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().header("Content-Encoding", "deflate").send("x"));
    server.enqueue(ServerScript::stream().send("data: y\n\n"));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.compression = true;
    o.idleTimeoutMs = 100;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"y"});
    const QList<ClientRecord> errors = c.ofKind(ClientRecord::Kind::Error);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).message, QStringLiteral("no data for 100 ms (idle timeout)"));
}

void TestSseClient::closeDuringReconnectWait()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: a\n\n").close());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.retryMs = 300;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(client.state(), ClientState::Reconnecting);
    client.close();
    // Delivered synchronously, last.
    QCOMPARE(client.state(), ClientState::Closed);
    QCOMPARE(c.records.last().kind, ClientRecord::Kind::State);
    QCOMPARE(c.records.last().state, ClientState::Closed);
    QCOMPARE(c.records.last().reason, QStringLiteral("stopped"));
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Closed});
    const qsizetype count = c.records.size();
    // The reconnect was due after 300 ms: nothing may arrive for well beyond that.
    QVERIFY(staysFalse([&] { return server.requestCount() > 1 || c.records.size() > count; }, 700));
    client.close(); // a second close does nothing
    QCOMPARE(c.records.size(), count);
}

void TestSseClient::closeWhileOpenWithReason()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: 1\n\ndata: 2\n\n"));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    // Like the CLI's --max-events: close from inside the slot that sees the limit.
    connect(&client, &SseClient::recordsReady, this, [&client](const ClientBatch &batch) {
        for (const ClientRecord &r : batch.records) {
            if (r.kind == ClientRecord::Kind::Event)
                client.close(QStringLiteral("event limit reached"));
        }
    });
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Closed});
    QCOMPARE(c.lastState().reason, QStringLiteral("event limit reached"));
    QCOMPARE(c.records.last().state, ClientState::Closed);
    QCOMPARE(c.stateSignals.last(), ClientState::Closed);
    QTRY_COMPARE(server.openConnections(), 0); // the request was aborted
}

void TestSseClient::reopenStartsNewSession()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("id: 9\ndata: a\n\n"));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData().size(), 1);
    client.open();
    QCOMPARE(c.lastState().reason, QStringLiteral("reopened"));
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Closed});
    QTRY_COMPARE(c.eventData().size(), 2);
    QCOMPARE(server.requestCount(), 2);
    // A new session: counters restart, the initial id comes from the options again.
    QVERIFY(!server.requests().at(1).hasHeader("Last-Event-ID"));
    const ClientRecord second = c.ofKind(ClientRecord::Kind::Event).at(1);
    QCOMPARE(second.seq, 1);
    QCOMPARE(second.conn, 1);
    QCOMPARE(client.stats().events, 1);
    client.close();
}

void TestSseClient::destructorWhileOpen()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: a\n\n"));
    auto client = std::make_unique<SseClient>();
    client->setOptions(fastOptions(server.url()));
    client->open();
    QTRY_COMPARE(client->state(), ClientState::Open);
    client.reset();
    QTRY_COMPARE(server.openConnections(), 0);
}

void TestSseClient::heartbeats_data()
{
    QTest::addColumn<QByteArray>("form"); // %1 is replaced by the unix-ms time
    QTest::addColumn<bool>("asEvent");
    QTest::addColumn<bool>("hasLatency");
    QTest::newRow("comment") << QByteArray(": ping %1\n\n") << false << true;
    QTest::newRow("comment decimal") << QByteArray(":ping %1.123\n\n") << false << true;
    QTest::newRow("comment bare") << QByteArray(": ping\n\n") << false << false;
    QTest::newRow("data") << QByteArray("data: ping %1\n\n") << true << true;
    QTest::newRow("data decimal") << QByteArray("data: ping %1.5\n\n") << true << true;
    QTest::newRow("data bare") << QByteArray("data: ping\n\n") << true << false;
    QTest::newRow("event") << QByteArray("event: ping\ndata: %1\n\n") << true << true;
}

void TestSseClient::heartbeats()
{
    QFETCH(QByteArray, form);
    QFETCH(bool, asEvent);
    QFETCH(bool, hasLatency);
    ScriptedServer server;
    QVERIFY(server.listen());
    QByteArray first = form;
    first.replace("%1", QByteArray::number(unixMsNow()));
    QByteArray second = form;
    // Sent 50 ms later: stamp it so that the latency stays a small positive number.
    second.replace("%1", QByteArray::number(unixMsNow() + 50));
    server.enqueue(
        ServerScript::stream().send(first).wait(50).send(second).send("data: not a heartbeat\n\n"));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.ofKind(ClientRecord::Kind::Ping).size(), 2);
    QTRY_VERIFY(c.eventData().contains("not a heartbeat"));
    const QList<ClientRecord> pings = c.ofKind(ClientRecord::Kind::Ping);
    // The Ping record follows the record it was recognised in.
    for (qsizetype i = 0; i < c.records.size(); ++i) {
        if (c.records.at(i).kind != ClientRecord::Kind::Ping)
            continue;
        QVERIFY(i > 0);
        const ClientRecord &before = c.records.at(i - 1);
        QCOMPARE(before.kind, asEvent ? ClientRecord::Kind::Event : ClientRecord::Kind::Comment);
        if (asEvent)
            QVERIFY(before.heartbeat);
    }
    for (const ClientRecord &p : pings) {
        QCOMPARE(!std::isnan(p.latencyMs), hasLatency);
        if (hasLatency)
            QVERIFY2(p.latencyMs > -100 && p.latencyMs < 2000,
                     qPrintable(QString::number(p.latencyMs)));
    }
    QVERIFY(std::isnan(pings.at(0).intervalMs));
    QVERIFY2(pings.at(1).intervalMs >= 40, qPrintable(QString::number(pings.at(1).intervalMs)));
    const SseClientStats stats = client.stats();
    QCOMPARE(stats.heartbeats, 2);
    QCOMPARE(!std::isnan(stats.lastLatencyMs), hasLatency);
    QCOMPARE(stats.heartbeatIntervalMs, pings.at(1).intervalMs);
    QCOMPARE(stats.heartbeatJitterMs, 0.0);
    const QList<ClientRecord> events = c.ofKind(ClientRecord::Kind::Event);
    QVERIFY(!events.last().heartbeat);
    client.close();
}

void TestSseClient::lostAndDuplicates()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream()
                       .send("id: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 3\ndata: c\n\n")
                       .close());
    // The server replays 3 (a duplicate), skips 4 and 5 (lost); heartbeats do not count.
    server.enqueue(ServerScript::stream().send(
        "id: 3\ndata: c\n\nid: 6\ndata: f\n\nevent: ping\nid: 99\ndata: 1\n\nid: 7\ndata: g\n\n"));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData().size(), 7);
    QCOMPARE(server.requests().at(1).header("Last-Event-ID"), QByteArray("3"));
    QCOMPARE(client.stats().lost, 2);
    QCOMPARE(client.stats().duplicates, 1);
    QCOMPARE(client.stats().events, 7);
    QCOMPARE(client.stats().heartbeats, 1);
    QCOMPARE(client.stats().lastEventId, QByteArray("7"));
}

void TestSseClient::postNotReplayed()
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
    QCOMPARE(
        c.lastState().reason,
        QStringLiteral("stream ended (non-GET requests are not replayed; allow with retry-post)"));
    QVERIFY(staysFalse([&] { return server.requestCount() > 1; }, 150));
}

// A server that closes (or resets) before answering: the POST was sent once and is not sent
// again behind the user's back (Qt's HTTP stack resent it up to twice).
void TestSseClient::postNeverResentOnEarlyClose_data()
{
    QTest::addColumn<bool>("reset");
    QTest::newRow("FIN") << false;
    QTest::newRow("RST") << true;
}

void TestSseClient::postNeverResentOnEarlyClose()
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
                 QStringLiteral(" (non-GET requests are not replayed; allow with retry-post)")),
             qPrintable(c.lastState().reason));
    QCOMPARE(server.requestCount(), 1);
    QCOMPARE(server.connectionCount(), 1);
}

void TestSseClient::postReplayedWhenAllowed()
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

void TestSseClient::noReconnectEndsClosed()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: a\n\n").close());

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.reconnect = false;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Closed});
    QCOMPARE(c.lastState().reason, QStringLiteral("stream ended"));
    QCOMPARE(c.eventData(), QList<QByteArray> {"a"});
    QVERIFY(staysFalse([&] { return server.requestCount() > 1; }, 100));
}

void TestSseClient::refusedConnectionGivesUp()
{
    QUrl url(QStringLiteral("http://127.0.0.1/events"));
    url.setPort(unusedPort());
    SseClient client;
    SseClientOptions o = fastOptions(url);
    o.retryMs = 10;
    o.maxReconnects = 2;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Failed});
    QCOMPARE(client.stats().attempts, 3);
    QCOMPARE(c.states(ClientState::Reconnecting).size(), 2);
    QCOMPARE(c.states(ClientState::Reconnecting).at(1).delayMs, 20);
    const QString reason = c.lastState().reason;
    QVERIFY2(reason.startsWith(QStringLiteral("gave up after 2 failed reconnect(s): ")),
             qPrintable(reason));
    QVERIFY2(reason.contains(QStringLiteral("refused"), Qt::CaseInsensitive), qPrintable(reason));
    QCOMPARE(c.lastState().httpStatus, 0);
    QVERIFY(c.states(ClientState::Open).isEmpty());
}

void TestSseClient::parserCapFails()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(
        ServerScript::stream().send("data: ok\n\n").send("data: " + QByteArray(100, 'x')));

    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.limits.maxLineBytes = 64;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.finishedStates, QList<ClientState> {ClientState::Failed});
    QCOMPARE(c.lastState().reason,
             QStringLiteral("a line exceeded the line size cap of 64 bytes (max line bytes)"));
    QCOMPARE(c.eventData(), QList<QByteArray> {"ok"});
    QVERIFY(staysFalse([&] { return server.requestCount() > 1; }, 100));
    QTRY_COMPARE(server.openConnections(), 0);
}

void TestSseClient::invalidUrlFailsBeforeRequest_data()
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

void TestSseClient::invalidUrlFailsBeforeRequest()
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

void TestSseClient::unreadableCaFileFails()
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

void TestSseClient::badProxyFails_data()
{
    QTest::addColumn<QUrl>("proxy");
    QTest::addColumn<QString>("reasonStart");
    QTest::newRow("ftp") << QUrl(QStringLiteral("ftp://127.0.0.1:21"))
                         << QStringLiteral("unsupported proxy");
    QTest::newRow("no host") << QUrl(QStringLiteral("http://:3128"))
                             << QStringLiteral("invalid proxy URL");
}

void TestSseClient::badProxyFails()
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

void TestSseClient::explicitProxyIsUsed()
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
void TestSseClient::proxyTunnel_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("tls");
    QTest::newRow("https through CONNECT") << int(TunnelProxy::Kind::Connect) << true;
    QTest::newRow("http through SOCKS5") << int(TunnelProxy::Kind::Socks5) << false;
    QTest::newRow("https through SOCKS5") << int(TunnelProxy::Kind::Socks5) << true;
}

void TestSseClient::proxyTunnel()
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

void TestSseClient::batchesPerRead()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    QByteArray burst;
    for (int i = 1; i <= 200; ++i)
        burst += "id: " + QByteArray::number(i) + "\ndata: e\n\n";
    server.enqueue(ServerScript::stream().send(burst));

    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData().size(), 200);
    QVERIFY2(c.batches < 20, qPrintable(QString::number(c.batches))); // not one per record
    QCOMPARE(c.ofKind(ClientRecord::Kind::Event).last().seq, 200);
    QCOMPARE(client.stats().events, 200);
    QCOMPARE(client.stats().lost, 0);
}

void TestSseClient::slowConsumerIsThrottled()
{
    // A burst server in its own thread, so that a busy consumer here does not slow it down.
    // It is created there too: its sockets and timers must live in that thread.
    QThread serverThread;
    CrossThread::Inbox anchor;
    anchor.moveToThread(&serverThread);
    serverThread.start();
    MockServer *server = nullptr;
    QUrl url;
    bool started = false;
    CrossThread::call(&anchor, [&] {
        server = new MockServer;
        MockServerOptions so;
        so.burst = true;
        so.heartbeatMs = 0;
        server->setOptions(so);
        started = server->start();
        url = server->url();
    });
    // The server and its thread go whatever check returns early.
    const auto stopServer = qScopeGuard([&] {
        CrossThread::call(&anchor, [&] { delete server; });
        serverThread.quit();
        serverThread.wait();
    });
    QVERIFY(started);

    SseClient client;
    client.setOptions(fastOptions(url));
    qint64 events = 0;
    qint64 expectedId = 1;
    bool ordered = true;
    qsizetype largestBatch = 0;
    bool stalled = false;
    bool pausedWhileBlocked = false;
    connect(&client, &SseClient::recordsReady, this, [&](const ClientBatch &batch) {
        largestBatch = std::max(largestBatch, batch.records.size());
        for (const ClientRecord &r : batch.records) {
            if (r.kind != ClientRecord::Kind::Event)
                continue;
            ordered = ordered && r.event.id == QByteArray::number(expectedId++);
            ++events;
        }
        if (!stalled) {
            // A consumer that is busy for a while (a GUI repainting, a slow pipe): the
            // worker must stop reading instead of queueing every event the server sends.
            // This slot stays blocked until the worker says it paused (or 20 s pass).
            stalled = true;
            QElapsedTimer blocked;
            blocked.start();
            while (!client.isReadingPaused() && blocked.elapsed() < 20000)
                QThread::msleep(2);
            pausedWhileBlocked = client.isReadingPaused();
        }
    });
    client.open();
    const bool enough = QTest::qWaitFor([&events] { return events >= 300000; }, 30000);
    client.close();
    QVERIFY(enough);
    QVERIFY(pausedWhileBlocked);
    QVERIFY(client.stats().readPauses > 0);
    QVERIFY2(largestBatch <= 4096, qPrintable(QString::number(largestBatch)));
    QVERIFY(ordered); // pausing lost and repeated nothing
    QCOMPARE(client.stats().lost, 0);
}

void TestSseClient::rawFramesCaptured()
{
    // A frame over two reads, a comment inside it, and a heartbeat block after it: each record
    // carries its bytes exactly as sent.
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream()
                       .send("\xEF\xBB\xBFid: 7\r\ndata: a\r\n: note\r\nda")
                       .wait(30)
                       .send("ta: b\r\n\r\n:ping\n\ndata: long-enough\n\n"));
    SseClient client;
    SseClientOptions options = fastOptions(server.url());
    options.captureRawFrames = true;
    options.rawFrameLimit = 16;
    client.setOptions(options);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData().size(), 2);
    const QList<ClientRecord> events = c.ofKind(ClientRecord::Kind::Event);
    const QList<ClientRecord> comments = c.ofKind(ClientRecord::Kind::Comment);
    QCOMPARE(comments.size(), 2);
    // Over the 16-byte limit: the first 16 bytes, and the full size.
    const QByteArray first = "id: 7\r\ndata: a\r\n: note\r\ndata: b\r\n\r\n";
    QCOMPARE(events[0].rawSize, first.size());
    QCOMPARE(events[0].raw, first.left(16));
    QCOMPARE(comments[0].raw, QByteArray(": note\r\n"));
    QCOMPARE(comments[0].rawSize, 8);
    QCOMPARE(comments[1].raw, QByteArray(":ping\n"));
    QCOMPARE(events[1].raw, QByteArray("data: long-enoug"));
    QCOMPARE(events[1].rawSize, 19);

    // Within the limit, the whole frame, though it came in two reads.
    SseClient whole;
    options.rawFrameLimit = 1024;
    whole.setOptions(options);
    Collector w(&whole);
    whole.open();
    QTRY_COMPARE(w.eventData().size(), 2);
    QCOMPARE(w.ofKind(ClientRecord::Kind::Event).at(0).raw, first);
    QCOMPARE(w.ofKind(ClientRecord::Kind::Event).at(1).raw, QByteArray("data: long-enough\n\n"));
}

void TestSseClient::rawFramesOffByDefault()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send(": c\ndata: a\n\n"));
    SseClient client;
    client.setOptions(fastOptions(server.url()));
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData().size(), 1);
    QVERIFY(c.ofKind(ClientRecord::Kind::Event).at(0).raw.isEmpty());
    QCOMPARE(c.ofKind(ClientRecord::Kind::Event).at(0).rawSize, 0);
    QCOMPARE(c.ofKind(ClientRecord::Kind::Comment).at(0).rawSize, 0);
}

void TestSseClient::deferredReleaseKeepsFlowControl()
{
    // A consumer that queues batches and releases them later: while it holds the window the
    // worker stops reading; releasing resumes it, in order and without loss.
    QThread serverThread;
    CrossThread::Inbox anchor;
    anchor.moveToThread(&serverThread);
    serverThread.start();
    MockServer *server = nullptr;
    QUrl url;
    bool started = false;
    CrossThread::call(&anchor, [&] {
        server = new MockServer;
        MockServerOptions so;
        so.burst = true;
        so.heartbeatMs = 0;
        server->setOptions(so);
        started = server->start();
        url = server->url();
    });
    const auto stopServer = qScopeGuard([&] {
        CrossThread::call(&anchor, [&] { delete server; });
        serverThread.quit();
        serverThread.wait();
    });
    QVERIFY(started);

    SseClient client;
    client.setOptions(fastOptions(url));
    client.setDeferredRelease(true);
    int held = 0;
    bool allHeld = true;
    qint64 events = 0;
    qint64 expectedId = 1;
    bool ordered = true;
    connect(&client, &SseClient::recordsReady, this, [&](const ClientBatch &batch) {
        allHeld = allHeld && batch.holdsCredit;
        ++held;
        for (const ClientRecord &r : batch.records) {
            if (r.kind != ClientRecord::Kind::Event)
                continue;
            ordered = ordered && r.event.id == QByteArray::number(expectedId++);
            ++events;
        }
    });
    client.open();
    // Nothing released: the worker pauses once the window is held, and deliveries stop.
    QVERIFY(QTest::qWaitFor([&] { return client.isReadingPaused(); }, 20000));
    QSignalSpy more(&client, &SseClient::recordsReady);
    while (more.wait(300)) { } // the batches already in flight arrive
    more.clear();
    QVERIFY(!more.wait(500)); // and then nothing: the worker does not read
    QVERIFY(client.isReadingPaused());
    QVERIFY(allHeld);
    QVERIFY(held >= SseConnection::kMaxInFlight);
    // Released: reading resumes.
    const qint64 before = events;
    while (held > 0) {
        --held;
        client.releaseBatch();
    }
    QVERIFY(QTest::qWaitFor([&] { return events > before; }, 20000));
    client.close();
    QVERIFY(ordered);
    QVERIFY(client.stats().readPauses > 0);
}

void TestSseClient::manyClientsToOneServer()
{
    // One manager per client: Qt's six-requests-per-host limit must not stall the seventh.
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send(": hi\n\n"));
    std::vector<std::unique_ptr<SseClient>> clients;
    for (int i = 0; i < 8; ++i) {
        clients.push_back(std::make_unique<SseClient>());
        clients.back()->setOptions(fastOptions(server.url()));
        clients.back()->open();
    }
    for (const auto &client : clients)
        QTRY_COMPARE(client->state(), ClientState::Open);
    QCOMPARE(server.requestCount(), 8);
}

void TestSseClient::tls_data()
{
    QTest::addColumn<bool>("trustCa");
    QTest::addColumn<bool>("ignoreErrors");
    QTest::addColumn<ClientState>("expected");
    QTest::newRow("ca file") << true << false << ClientState::Open;
    QTest::newRow("untrusted") << false << false << ClientState::Failed;
    QTest::newRow("ignored") << false << true << ClientState::Open;
}

void TestSseClient::tls()
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

QTEST_GUILESS_MAIN(TestSseClient)
#include "tst_sseclient.moc"
