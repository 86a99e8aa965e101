// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// ProxyUpstream against a scripted upstream on loopback: the request sent once connected, the
// response head (interim responses skipped), each framing de-framed and its end told complete or
// cut, every failure before a head named with its status, and reads pausing while the client is
// full.
#include "proxy/proxyrecords.h"
#include "proxy/proxyupstream.h"
#include "proxy/tapproxyoptions.h"
#include "scriptedserver.h"

#include <QTcpServer>
#include <QTest>

namespace {

const QByteArray Get = "GET /events HTTP/1.1\r\nHost: up\r\nX-Test: 1\r\nConnection: close\r\n\r\n";

class Recorder : public ProxyUpstream::Receiver
{
public:
    explicit Recorder(const QUrl &url)
    {
        options.upstream = url;
        upstream = std::make_unique<ProxyUpstream>(options, certificates, stats, this);
    }

    void upstreamFailed(int status, const QString &message) override
    {
        failures.append({status, message});
        upstream->release();
    }
    bool upstreamResponded() override
    {
        ++responded;
        status = upstream->response().statusCode();
        return true;
    }
    void upstreamBody(QByteArrayView raw) override
    {
        const ProxyUpstream::BodyRead read =
            upstream->decodeBody(raw, [this](QByteArrayView decoded, qsizetype) {
                body += decoded.toByteArray();
                return true;
            });
        if (read.complete) {
            complete = true;
            upstream->release();
        }
    }
    void upstreamEnded(bool whole, const QString &why) override
    {
        ended = true;
        complete = whole;
        reason = why;
    }
    bool upstreamReadable() override { return true; }
    bool clientFull() override { return full; }

    QString name() const { return upstream->name(); }

    TapProxyOptions options;
    QList<QSslCertificate> certificates;
    TapProxyStats stats;
    std::unique_ptr<ProxyUpstream> upstream;
    QList<QPair<int, QString>> failures;
    int responded = 0;
    int status = 0;
    QByteArray body;
    bool complete = false;
    bool ended = false;
    QString reason;
    bool full = false;
};

} // namespace

class TestProxyUpstream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestSentAndChunkedBodyDecoded();
    void lengthCutShort();
    void untilClose();
    void interimResponsesSkipped();
    void headRequestHasNoBody();
    void failures_data();
    void failures();
    void refused();
    void responseTimeout();
    void pausesWhileClientFull();
};

void TestProxyUpstream::requestSentAndChunkedBodyDecoded()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream()
                       .header("Transfer-Encoding", "chunked")
                       .send("5\r\nhello\r\n")
                       .send("6;ext=1\r\n world\r\n0\r\n\r\n")
                       .close());
    Recorder recorder(server.url(QStringLiteral("/")));
    recorder.upstream->open(Get, false);
    QTRY_VERIFY(recorder.complete);
    QCOMPARE(server.requestCount(), 1);
    QCOMPARE(server.requests()[0].raw, Get);
    QCOMPARE(recorder.stats.forwarded, 1);
    QCOMPARE(recorder.responded, 1);
    QCOMPARE(recorder.status, 200);
    QCOMPARE(recorder.upstream->framing(), ProxyUpstream::Framing::Chunked);
    QCOMPARE(recorder.body, QByteArray("hello world"));
    QVERIFY(recorder.failures.isEmpty());
    QVERIFY(!recorder.upstream->isOpen());
    QCOMPARE(recorder.stats.bytesFromUpstream, recorder.upstream->bytesRead());
}

void TestProxyUpstream::lengthCutShort()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().header("Content-Length", "10").send("abcd").close());
    Recorder recorder(server.url());
    recorder.upstream->open(Get, false);
    QTRY_VERIFY(recorder.ended);
    QCOMPARE(recorder.upstream->framing(), ProxyUpstream::Framing::Length);
    QCOMPARE(recorder.body, QByteArray("abcd"));
    QVERIFY(!recorder.complete);
    QCOMPARE(recorder.reason,
             QStringLiteral("upstream closed the connection 6 bytes before the end of the "
                            "response"));
}

void TestProxyUpstream::untilClose()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: a\n\n").send("data: b\n\n").close());
    Recorder recorder(server.url());
    recorder.upstream->open(Get, false);
    QTRY_VERIFY(recorder.ended);
    QCOMPARE(recorder.upstream->framing(), ProxyUpstream::Framing::UntilClose);
    QVERIFY(recorder.complete);
    QCOMPARE(recorder.reason, QStringLiteral("upstream closed the stream"));
    QCOMPARE(recorder.body, QByteArray("data: a\n\ndata: b\n\n"));
}

void TestProxyUpstream::interimResponsesSkipped()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::silent());
    Recorder recorder(server.url());
    recorder.upstream->open(Get, false);
    QTRY_COMPARE(server.requestCount(), 1);
    server.sendTo(0,
                  "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n"
                  "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    QTRY_VERIFY(recorder.complete);
    QCOMPARE(recorder.responded, 1);
    QCOMPARE(recorder.status, 200);
    QCOMPARE(recorder.body, QByteArray("ok"));
}

void TestProxyUpstream::headRequestHasNoBody()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().header("Content-Length", "100"));
    Recorder recorder(server.url());
    recorder.upstream->open("HEAD /events HTTP/1.1\r\nHost: up\r\n\r\n", true);
    QTRY_COMPARE(recorder.responded, 1);
    QCOMPARE(recorder.upstream->framing(), ProxyUpstream::Framing::None);
    const ProxyUpstream::BodyRead read = recorder.upstream->decodeBody(
        QByteArrayView(), [](QByteArrayView, qsizetype) { return true; });
    QVERIFY(read.complete);
    QCOMPARE(read.rawEnd, 0);
}

void TestProxyUpstream::failures_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<bool>("close");
    QTest::addColumn<QString>("message"); // %1: the upstream's name
    QTest::newRow("closed without a response")
        << QByteArray() << true << "upstream %1 closed the connection without a response";
    QTest::newRow("closed in the head")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Ty") << true
        << "upstream %1 closed the connection in the middle of the response head";
    QTest::newRow("upgrade") << QByteArray("HTTP/1.1 101 Switching Protocols\r\n\r\n") << false
                             << "upstream %1 switched protocols; the proxy does not forward "
                                "upgrades";
    QTest::newRow("malformed") << QByteArray("SSE/9 two hundred\r\n\r\n") << false
                               << "malformed response from upstream %1: ";
}

void TestProxyUpstream::failures()
{
    QFETCH(QByteArray, response);
    QFETCH(bool, close);
    QFETCH(QString, message);
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::silent());
    Recorder recorder(server.url());
    recorder.upstream->open(Get, false);
    QTRY_COMPARE(server.requestCount(), 1);
    if (!response.isEmpty())
        server.sendTo(0, response);
    if (close)
        server.closeConnection(0);
    QTRY_COMPARE(recorder.failures.size(), 1);
    QCOMPARE(recorder.failures[0].first, 502);
    QVERIFY2(recorder.failures[0].second.startsWith(message.arg(recorder.name())),
             qPrintable(recorder.failures[0].second));
    QCOMPARE(recorder.responded, 0);
}

void TestProxyUpstream::refused()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    Recorder recorder(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
    recorder.upstream->open(Get, false);
    QTRY_COMPARE(recorder.failures.size(), 1);
    QCOMPARE(
        recorder.failures[0],
        qMakePair(502, QStringLiteral("upstream 127.0.0.1:%1 refused the connection").arg(port)));
    QCOMPARE(recorder.stats.forwarded, 0);
}

void TestProxyUpstream::responseTimeout()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::silent());
    Recorder recorder(server.url());
    recorder.options.responseTimeoutMs = 50;
    recorder.upstream->open(Get, false);
    QTRY_COMPARE(recorder.failures.size(), 1);
    QCOMPARE(
        recorder.failures[0],
        qMakePair(
            504,
            QStringLiteral("upstream %1 sent no response head within 50 ms").arg(recorder.name())));
}

void TestProxyUpstream::pausesWhileClientFull()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: 1\n\n"));
    Recorder recorder(server.url());
    recorder.upstream->open(Get, false);
    QTRY_COMPARE(recorder.body, QByteArray("data: 1\n\n"));
    recorder.full = true;
    server.sendTo(0, "data: 2\n\n");
    QTRY_VERIFY(recorder.upstream->isPaused());
    QCOMPARE(recorder.upstream->readPauses(), 1);
    QCOMPARE(recorder.stats.readPauses, 1);
    QCOMPARE(recorder.body, QByteArray("data: 1\n\n"));
    QVERIFY(recorder.upstream->bytesAvailable() > 0);
    // A close while paused waits for the buffered bytes to be read.
    server.closeConnection(0);
    recorder.full = false;
    recorder.upstream->resume();
    QTRY_VERIFY(recorder.ended);
    QCOMPARE(recorder.body, QByteArray("data: 1\n\ndata: 2\n\n"));
    QVERIFY(recorder.complete);
}

QTEST_GUILESS_MAIN(TestProxyUpstream)
#include "tst_proxyupstream.moc"
