// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// What differs between the two transports, and what `auto` decides: the transport chosen per
// request, the repeat on the wire transport after a vague QNAM failure, a reset told from a
// close, and QNAM's cookie jar. The behaviour both share runs on both in tst_sseclient*.
#include "client/sseclient.h"
#include "clientfixture.h"
#include "scriptedserver.h"

#include <QTest>

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

QTEST_GUILESS_MAIN(TestTransports)
#include "tst_transports.moc"
