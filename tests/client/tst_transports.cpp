// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// What differs between the two transports, and what `auto` decides: the transport chosen per
// request, the repeat on the wire transport after a vague QNAM failure, a reset told from a
// close, and QNAM's cookie jar. The behaviour both share runs on both in tst_sseclient*.
#include "client/sseclient.h"
#include "client/sseclientthread.h"
#include "clientfixture.h"
#include "scriptedserver.h"

#include <QPointer>
#include <QSet>
#include <QTest>
#include <QThread>

#include <memory>

using namespace ClientFixture;

class TestTransports : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void autoPicksPerRequest_data();
    void autoPicksPerRequest();
    void vagueQnamFailureNamedOnWire();
    void wireTellsResetFromClose_data();
    void wireTellsResetFromClose();
    void cookiesKeptWhenAsked_data();
    void cookiesKeptWhenAsked();
    void wireRefusesQnamOnlyOptions();
    void qnamAnswersChallenge_data();
    void qnamAnswersChallenge();
    void proxyCredentials_data();
    void proxyCredentials();
    void proxyRefusesWrongCredentials();
    void clientsShareAThread();
};

void TestTransports::autoPicksPerRequest_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("transport");
    QTest::newRow("GET") << QByteArray("GET") << QByteArray() << QByteArray("qnam");
    QTest::newRow("POST with a body")
        << QByteArray("POST") << QByteArray("{\"q\":1}") << QByteArray("wire");
    QTest::newRow("POST without a body")
        << QByteArray("POST") << QByteArray() << QByteArray("wire");
}

void TestTransports::autoPicksPerRequest()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, transport);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: a\n\n"));
    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.transport = SseClientOptions::Transport::Auto;
    o.method = method;
    o.body = body;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"a"});
    const ClientRecord open = c.states(ClientState::Open).value(0);
    QVERIFY(open.attempt);
    QCOMPARE(open.attempt->transport, transport);
    QCOMPARE(server.requests().at(0).method, method);
    QCOMPARE(server.requests().at(0).body, body);
}

// QNAM's word for a server that answers with something that is not HTTP is "Connection closed":
// under auto the same GET goes once more on the wire transport, whose reader names the cause.
void TestTransports::vagueQnamFailureNamedOnWire()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    for (int i = 0; i < 8; ++i) // Qt may itself send the GET more than once
        server.enqueue(ServerScript::silent().send("SSH-2.0-OpenSSH_9.2\r\n\r\n").close());
    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.transport = SseClientOptions::Transport::Auto;
    o.reconnect = false;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    const QList<ClientRecord> errors = c.ofKind(ClientRecord::Kind::Error);
    QVERIFY(!errors.isEmpty());
    QVERIFY2(errors.at(0).message.contains(
                 QStringLiteral("repeating the request on the wire transport")),
             qPrintable(errors.at(0).message));
    QVERIFY2(c.lastState().reason.contains(
                 QStringLiteral("malformed status line \"SSH-2.0-OpenSSH_9.2\"")),
             qPrintable(c.lastState().reason));
    // One attempt: both requests carry its number, and two timing records say which went how.
    QCOMPARE(c.states(ClientState::Connecting).size(), 1);
    const QList<ClientRecord> timings = c.ofKind(ClientRecord::Kind::Timing);
    QCOMPARE(timings.size(), 2);
    QCOMPARE(timings.at(0).attempt->transport, QByteArray("qnam"));
    QCOMPARE(timings.at(1).attempt->transport, QByteArray("wire"));
    QCOMPARE(timings.at(1).conn, 1);
}

// A stream delimited by the connection ends cleanly with a FIN only: a reset (RST) is a
// network error, which QTcpSocket alone reports as the same end.
void TestTransports::wireTellsResetFromClose_data()
{
    QTest::addColumn<bool>("reset");
    QTest::newRow("FIN") << false;
    QTest::newRow("RST") << true;
}

void TestTransports::wireTellsResetFromClose()
{
    QFETCH(bool, reset);
    ScriptedServer server;
    QVERIFY(server.listen());
    ServerScript script = ServerScript::stream().send("id: 1\ndata: a\n\n");
    server.enqueue(reset ? script.reset() : script.close());
    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.transport = SseClientOptions::Transport::Wire;
    o.reconnect = false;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    QCOMPARE(c.eventData(), QList<QByteArray> {"a"});
    // Without reconnecting, a clean end closes the session and a network error fails it.
    QCOMPARE(c.lastState().state, reset ? ClientState::Failed : ClientState::Closed);
    if (reset) {
        QVERIFY2(c.lastState().reason.contains(
                     QStringLiteral("the server reset the connection (TCP RST)")),
                 qPrintable(c.lastState().reason));
    } else {
        QCOMPARE(c.lastState().reason, QStringLiteral("stream ended"));
    }
}

// QNAM keeps what Set-Cookie said for the session's later requests, when asked; otherwise no
// cookie is ever sent that the user did not write.
void TestTransports::cookiesKeptWhenAsked_data()
{
    QTest::addColumn<bool>("cookies");
    QTest::newRow("asked") << true;
    QTest::newRow("not asked") << false;
}

void TestTransports::cookiesKeptWhenAsked()
{
    QFETCH(bool, cookies);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream()
                       .header("Set-Cookie", "session=abc123; Path=/")
                       .send("id: 1\ndata: a\n\n")
                       .close());
    server.enqueue(ServerScript::stream().send("id: 2\ndata: b\n\n"));
    SseClient client;
    SseClientOptions o = fastOptions(server.url());
    o.transport = SseClientOptions::Transport::Qnam;
    o.cookies = cookies;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), (QList<QByteArray> {"a", "b"}));
    QCOMPARE(server.requests().size(), 2);
    QVERIFY(!server.requests().at(0).hasHeader("Cookie"));
    QCOMPARE(server.requests().at(1).header("Cookie"),
             cookies ? QByteArray("session=abc123") : QByteArray());
    QCOMPARE(server.requests().at(1).header("Last-Event-ID"), QByteArray("1"));
}

void TestTransports::wireRefusesQnamOnlyOptions()
{
    for (const bool h2 : {true, false}) {
        SseClient client;
        SseClientOptions o = fastOptions(QUrl(QStringLiteral("http://127.0.0.1:9/")));
        o.transport = SseClientOptions::Transport::Wire;
        o.http2PriorKnowledge = h2;
        o.cookies = !h2;
        client.setOptions(o);
        Collector c(&client);
        client.open();
        QTRY_VERIFY(c.ended());
        QCOMPARE(c.lastState().state, ClientState::Failed);
        QVERIFY2(c.lastState().reason.contains(QStringLiteral("needs the QNAM transport")),
                 qPrintable(c.lastState().reason));
    }
}

// A 401 with a challenge: QNAM answers it with the URL's credentials through QAuthenticator
// (Basic and Digest here; NTLM and Negotiate go the same way), once.
void TestTransports::qnamAnswersChallenge_data()
{
    QTest::addColumn<QByteArray>("challenge");
    QTest::addColumn<QByteArray>("scheme");
    QTest::newRow("Basic") << QByteArray("Basic realm=\"events\"") << QByteArray("Basic ");
    QTest::newRow("Digest") << QByteArray("Digest realm=\"events\", nonce=\"dcd98b7102dd2f0e\", "
                                          "qop=\"auth\", algorithm=MD5")
                            << QByteArray("Digest ");
}

void TestTransports::qnamAnswersChallenge()
{
    QFETCH(QByteArray, challenge);
    QFETCH(QByteArray, scheme);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::status(401, "Unauthorized")
                       .header("WWW-Authenticate", challenge)
                       .header("Content-Length", "0")
                       .close());
    server.enqueue(ServerScript::stream().send("data: in\n\n"));
    QUrl url = server.url();
    url.setUserName(QStringLiteral("alice"));
    url.setPassword(QStringLiteral("s3cret"));
    SseClient client;
    SseClientOptions o = fastOptions(url);
    o.transport = SseClientOptions::Transport::Qnam;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"in"});
    QCOMPARE(server.requests().size(), 2);
    QVERIFY(!server.requests().at(0).hasHeader("Authorization"));
    const QByteArray answer = server.requests().at(1).header("Authorization");
    QVERIFY2(answer.startsWith(scheme), answer.constData());
    if (scheme == "Digest ") {
        QVERIFY2(answer.contains("username=\"alice\""), answer.constData());
        QVERIFY(!answer.contains("s3cret")); // a digest, never the password
    } else {
        QCOMPARE(answer, QByteArray("Basic ") + QByteArray("alice:s3cret").toBase64());
    }
}

namespace {

// The stream's URL through `proxy` (a ScriptedServer playing an HTTP proxy: an http:// request
// reaches it in absolute form), with these proxy credentials.
SseClientOptions throughProxy(const ScriptedServer &proxy, const QString &user,
                              const QString &password)
{
    SseClientOptions o = fastOptions(QUrl(QStringLiteral("http://stream.test/events")));
    o.proxyMode = SseClientOptions::ProxyMode::Explicit;
    QUrl proxyUrl = proxy.url(QString());
    proxyUrl.setPath(QString());
    proxyUrl.setUserName(user);
    proxyUrl.setPassword(password);
    o.proxyUrl = proxyUrl;
    return o;
}

} // namespace

// A proxy that asks for credentials (407): QNAM answers its challenge with the proxy URL's
// credentials through QAuthenticator (Basic, and Digest, which never sends the password); the
// wire transport sends Basic credentials with the request, unasked.
void TestTransports::proxyCredentials_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<QByteArray>("challenge"); // empty: no 407 first
    QTest::addColumn<QByteArray>("scheme");
    QTest::newRow("qnam Basic") << QStringLiteral("qnam") << QByteArray("Basic realm=\"proxy\"")
                                << QByteArray("Basic ");
    QTest::newRow("qnam Digest") << QStringLiteral("qnam")
                                 << QByteArray("Digest realm=\"proxy\", nonce=\"5ccc069c403eba\", "
                                               "qop=\"auth\", algorithm=MD5")
                                 << QByteArray("Digest ");
    QTest::newRow("wire Basic") << QStringLiteral("wire") << QByteArray() << QByteArray("Basic ");
}

void TestTransports::proxyCredentials()
{
    QFETCH(QString, transport);
    QFETCH(QByteArray, challenge);
    QFETCH(QByteArray, scheme);
    ScriptedServer proxy;
    QVERIFY(proxy.listen());
    if (!challenge.isEmpty()) {
        proxy.enqueue(ServerScript::status(407, "Proxy Authentication Required")
                          .header("Proxy-Authenticate", challenge)
                          .header("Content-Length", "0"));
    }
    proxy.enqueue(ServerScript::stream().send("data: via the proxy\n\n"));
    SseClientOptions o = throughProxy(proxy, QStringLiteral("bob"), QStringLiteral("pr0xy"));
    QVERIFY(SseClientOptions::parseTransport(transport, &o.transport));
    SseClient client;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_COMPARE(c.eventData(), QList<QByteArray> {"via the proxy"});
    const QList<RecordedRequest> requests = proxy.requests();
    QCOMPARE(requests.size(), challenge.isEmpty() ? 1 : 2);
    QCOMPARE(requests.constLast().target, QByteArray("http://stream.test/events"));
    if (!challenge.isEmpty())
        QVERIFY(!requests.constFirst().hasHeader("Proxy-Authorization"));
    const QByteArray answer = requests.constLast().header("Proxy-Authorization");
    QVERIFY2(answer.startsWith(scheme), answer.constData());
    if (scheme == "Digest ") {
        QVERIFY2(answer.contains("username=\"bob\""), answer.constData());
        QVERIFY(!answer.contains("pr0xy"));
    } else {
        QCOMPARE(answer, QByteArray("Basic ") + QByteArray("bob:pr0xy").toBase64());
    }
    // The proxy's credentials go to the proxy only, never to the server.
    QVERIFY(!requests.constLast().hasHeader("Authorization"));
}

// Wrong proxy credentials end in the proxy's 407, named, once: no loop of challenges.
void TestTransports::proxyRefusesWrongCredentials()
{
    ScriptedServer proxy;
    QVERIFY(proxy.listen());
    for (int i = 0; i < 3; ++i) {
        proxy.enqueue(ServerScript::status(407, "Proxy Authentication Required")
                          .header("Proxy-Authenticate", "Basic realm=\"proxy\"")
                          .header("Content-Length", "0"));
    }
    SseClientOptions o = throughProxy(proxy, QStringLiteral("bob"), QStringLiteral("wrong"));
    o.transport = SseClientOptions::Transport::Qnam;
    o.reconnect = false;
    SseClient client;
    client.setOptions(o);
    Collector c(&client);
    client.open();
    QTRY_VERIFY(c.ended());
    const ClientRecord failed = c.lastState();
    QCOMPARE(failed.state, ClientState::Failed);
    QCOMPARE(failed.httpStatus, 407);
    QVERIFY2(failed.reason.contains(QStringLiteral("407")), qPrintable(failed.reason));
    QVERIFY(proxy.requests().size() <= 2);
}

// Clients given one SseClientThread run their workers there together (both transports), and
// one goes while the others stream on.
void TestTransports::clientsShareAThread()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    for (int i = 0; i < 3; ++i)
        server.enqueue(ServerScript::stream().send("data: " + QByteArray::number(i) + "\n\n"));
    auto thread = std::make_shared<SseClientThread>();
    QPointer<QThread> qthread = thread->thread();
    auto first = std::make_unique<SseClient>(thread);
    SseClient second(thread);
    SseClient third(thread);
    std::weak_ptr<SseClientThread> watch = thread;
    thread.reset(); // the clients hold it
    QList<Collector *> collectors;
    const SseClientOptions::Transport transports[] = {SseClientOptions::Transport::Wire,
                                                      SseClientOptions::Transport::Qnam,
                                                      SseClientOptions::Transport::Wire};
    SseClient *clients[] = {first.get(), &second, &third};
    for (int i = 0; i < 3; ++i) {
        SseClientOptions o = fastOptions(server.url());
        o.transport = transports[i];
        clients[i]->setOptions(o);
        collectors.append(new Collector(clients[i]));
        clients[i]->open();
        // One at a time: the server's scripts go to its connections in order.
        QTRY_COMPARE(collectors.at(i)->eventData().size(), 1);
    }
    QSet<QByteArray> seen;
    for (Collector *c : std::as_const(collectors))
        seen.insert(c->eventData().constFirst());
    QCOMPARE(seen, (QSet<QByteArray> {"0", "1", "2"}));
    first.reset(); // its worker goes in the shared thread; the others go on
    QVERIFY(!watch.expired());
    QVERIFY(qthread && qthread->isRunning());
    second.close();
    QCOMPARE(collectors.at(1)->lastState().state, ClientState::Closed);
    third.close();
    QCOMPARE(collectors.at(2)->lastState().state, ClientState::Closed);
    qDeleteAll(collectors);
}

QTEST_GUILESS_MAIN(TestTransports)
#include "tst_transports.moc"
