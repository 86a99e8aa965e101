// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// End-to-end tests of what ssemon-cli promises (the README's "ssemon-cli" section): records,
// exit statuses, and `watch` against `serve`, all as real processes on loopback.
#include "clirunner.h"
#include "util/version.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QTest>

namespace {

using namespace CliRunner;

// `ssemon-cli serve` in the background; the URL comes from its first stdout line.
class Server : public Background
{
public:
    explicit Server(const QStringList &arguments)
        : Background(QStringList {QStringLiteral("serve")} + arguments)
    { }
};

class FixedResponder : public QObject
{
public:
    explicit FixedResponder(QByteArray response)
        : m_response(std::move(response))
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_requests.append(socket->readAll());
                    if (!m_requests.last().contains("\r\n\r\n"))
                        return;
                    socket->write(m_response);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QString url() const
    {
        return QStringLiteral("http://127.0.0.1:%1/events").arg(m_server.serverPort());
    }

private:
    QTcpServer m_server;
    QByteArray m_response;
    QList<QByteArray> m_requests;
};

// Runs the CLI without blocking this thread's event loop (FixedResponder lives here).
} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void version();
    void usageErrors_data();
    void usageErrors();
    void parseJsonRecords();
    void parseStdinAndQuiet();
    void parseLostAndDuplicates();
    void parseCapError();
    void parseMissingFile();
    void parseHumanReadable();
    void serveListeningLine();
    void watchAgainstServe();
    void watchResumesFromLastEventId();
    void watchNoReconnectEndsCleanly();
    void watchReconnectsAndCountsGaps();
    void watchDuration();
    void watchWrongPathFails();
    void watchRefusedFails();
    void watch204Stops();
    void watchWrongContentTypeFails();
    void watchEmbeddedServer();
    void watchInterrupted();
    void serveLogsRequests();
};

void TestCli::initTestCase()
{
    QVERIFY2(!cliPath().isEmpty(), "SSEMON_CLI must point at the ssemon-cli binary");
}

void TestCli::version()
{
    const Result r = run({QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith(QByteArray("ssemon-cli ").append(Version::number())));
    QVERIFY(r.out.contains("commit"));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no command") << QStringList {} << QString();
    QTest::newRow("unknown command") << QStringList {"frobnicate"} << "unknown command";
    QTest::newRow("unknown option") << QStringList {"watch", "--frob"} << "frob";
    QTest::newRow("bad number") << QStringList {"watch", "--max-events", "ten",
                                                "http://127.0.0.1:1/"}
                                << "--max-events";
    QTest::newRow("negative number")
        << QStringList {"watch", "--max-events", "-1", "http://127.0.0.1:1/"} << "--max-events";
    QTest::newRow("bad url") << QStringList {"watch", "ftp://example.org/"} << "not http or https";
    QTest::newRow("port out of range")
        << QStringList {"watch", "http://127.0.0.1:70000/events"} << "from 1 to 65535";
    QTest::newRow("space in the url")
        << QStringList {"watch", "htp//127.0.0.1 18080/events"} << "\"://\"";
    QTest::newRow("bad header") << QStringList {"watch", "-H", "NoColon", "http://127.0.0.1:1/"}
                                << "Name: value";
    QTest::newRow("header name with a space")
        << QStringList {"watch", "-H", "X Api: 1", "http://127.0.0.1:1/"}
        << "has characters a header name cannot have";
    QTest::newRow("header value with a line break")
        << QStringList {"watch", "-H", "X-A: 1\r\nX-Injected: 2", "http://127.0.0.1:1/"}
        << "line break or NUL";
    QTest::newRow("bad head timeout")
        << QStringList {"watch", "--head-timeout", "-3", "http://127.0.0.1:1/"} << "--head-timeout";
    QTest::newRow("bad duration") << QStringList {"watch", "--duration", "soon",
                                                  "http://127.0.0.1:1/"}
                                  << "--duration";
    QTest::newRow("data and data-file")
        << QStringList {"watch", "-d", "x", "--data-file", "/dev/null", "http://127.0.0.1:1/"}
        << "cannot be used together";
    QTest::newRow("bad proxy") << QStringList {"watch", "--proxy", "carrier-pigeon",
                                               "http://127.0.0.1:1/"}
                               << "--proxy";
    QTest::newRow("unknown transport")
        << QStringList {"watch", "--transport", "carrier-pigeon", "http://127.0.0.1:1/"}
        << "is not auto, qnam or wire";
    QTest::newRow("h2 on the wire")
        << QStringList {"watch", "--transport", "wire", "--http2-prior-knowledge",
                        "http://127.0.0.1:1/"}
        << "--http2-prior-knowledge needs the QNAM transport";
    QTest::newRow("cookies on the wire")
        << QStringList {"watch", "--transport", "wire", "--cookies", "http://127.0.0.1:1/"}
        << "--cookies needs the QNAM transport";
    QTest::newRow("backlog on the wire")
        << QStringList {"watch",  "--transport",        "wire", "--qnam-backlog-bytes",
                        "100000", "http://127.0.0.1:1/"}
        << "--qnam-backlog-bytes bounds what Qt holds: it needs the QNAM transport";
    QTest::newRow("backlog too small")
        << QStringList {"watch", "--qnam-backlog-bytes", "1000", "http://127.0.0.1:1/"}
        << "--qnam-backlog-bytes takes a whole number from 65536";
    QTest::newRow("parse two files") << QStringList {"parse", "a", "b"} << "at most one FILE";
    QTest::newRow("serve bad port") << QStringList {"serve", "--port", "70000"} << "--port";
    QTest::newRow("serve bad form")
        << QStringList {"serve", "--heartbeat-form", "smoke"} << "--heartbeat-form";
    QTest::newRow("serve bad host")
        << QStringList {"serve", "--host", "localhost.invalid"} << "--host";
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Result r = run(arguments);
    QCOMPARE(r.exitCode, 64);
    QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    QVERIFY(r.out.isEmpty()); // nothing happened before the error
}

void TestCli::parseJsonRecords()
{
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write("\xEF\xBB\xBF: hello\r\nretry: 2500\nid: 1\nevent: update\ndata: {\"a\":1}\n"
               "data: line \"two\"\n\ndata: no id of its own\n\nid: 3\ndata: x\xFFy\n\n"
               "data: unterminated");
    file.close();
    const Result r = run({QStringLiteral("parse"), QStringLiteral("--json"), file.fileName()});
    QCOMPARE(r.exitCode, 0);
    const QList<QJsonObject> &rec = r.records;
    QCOMPARE(rec.size(), 6);
    QCOMPARE(rec[0].value("kind").toString(), QStringLiteral("comment"));
    QCOMPARE(rec[0].value("text").toString(), QStringLiteral("hello"));
    QCOMPARE(rec[1].value("kind").toString(), QStringLiteral("retry"));
    QCOMPARE(rec[1].value("ms").toInt(), 2500);
    QCOMPARE(rec[2].value("kind").toString(), QStringLiteral("event"));
    QCOMPARE(rec[2].value("type").toString(), QStringLiteral("update"));
    QCOMPARE(rec[2].value("data").toString(), QStringLiteral("{\"a\":1}\nline \"two\""));
    QCOMPARE(rec[2].value("id").toString(), QStringLiteral("1"));
    QCOMPARE(rec[2].value("seq").toInt(), 1);
    QCOMPARE(rec[2].value("conn").toInt(), 1);
    QVERIFY(rec[2].value("t_ms").isDouble());
    QCOMPARE(rec[3].value("type").toString(), QStringLiteral("message"));
    QCOMPARE(rec[3].value("id").toString(), QStringLiteral("1")); // the id at dispatch
    QCOMPARE(rec[3].value("seq").toInt(), 2);
    QCOMPARE(rec[4].value("data").toString(), QStringLiteral("x\uFFFDy"));
    const QJsonObject end = rec[5];
    QCOMPARE(end.value("kind").toString(), QStringLiteral("end"));
    QCOMPARE(end.value("last_event_id").toString(), QStringLiteral("3"));
    QCOMPARE(end.value("retry_ms").toInt(), 2500);
    QCOMPARE(end.value("events").toInt(), 3);
    QCOMPARE(end.value("reconnects").toInt(), 0);
    QCOMPARE(end.value("lost").toInt(), 1); // ids 1 then 3
    QCOMPARE(end.value("duplicates").toInt(), 0);
    double last = -1;
    for (const QJsonObject &o : rec) {
        if (!o.contains("t_ms"))
            continue;
        QVERIFY(o.value("t_ms").toDouble() >= last);
        last = o.value("t_ms").toDouble();
    }
}

void TestCli::parseStdinAndQuiet()
{
    const QByteArray input = "id: 7\ndata: a\n\ndata: b\n\n";
    Result r = run({QStringLiteral("parse"), QStringLiteral("--json")}, input);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(ofKind(r.records, QStringLiteral("event")).size(), 2);

    r = run({QStringLiteral("parse"), QStringLiteral("--json"), QStringLiteral("--quiet"),
             QStringLiteral("-")},
            input);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.records.size(), 1);
    QCOMPARE(r.records[0].value("kind").toString(), QStringLiteral("end"));
    QCOMPARE(r.records[0].value("events").toInt(), 2);
    QCOMPARE(r.records[0].value("last_event_id").toString(), QStringLiteral("7"));
    QVERIFY(r.records[0].value("retry_ms").isNull());
    QCOMPARE(r.records[0].value("bytes").toInteger(), input.size()); // bytes read
}

void TestCli::parseLostAndDuplicates()
{
    const QByteArray input = "id: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 2\ndata: b\n\n"
                             "id: 5\ndata: e\n\nid: 4\ndata: d\n\n";
    const Result r =
        run({QStringLiteral("parse"), QStringLiteral("--json"), QStringLiteral("--quiet")}, input);
    QCOMPARE(r.records.size(), 1);
    QCOMPARE(r.records[0].value("events").toInt(), 5);
    QCOMPARE(r.records[0].value("duplicates").toInt(), 1); // 2 twice
    QCOMPARE(r.records[0].value("lost").toInt(), 1); // 3 never came; 4 arrived late
}

void TestCli::parseCapError()
{
    const QByteArray input = "data: ok\n\ndata: " + QByteArray(200, 'x') + "\n\n";
    const Result r = run({QStringLiteral("parse"), QStringLiteral("--json"),
                          QStringLiteral("--max-line-bytes"), QStringLiteral("100")},
                         input);
    QCOMPARE(r.exitCode, 0); // parse exits 0 whatever the bytes were
    const QList<QJsonObject> errors = ofKind(r.records, QStringLiteral("error"));
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors[0].value("message").toString().contains(QStringLiteral("line size cap")));
    QCOMPARE(ofKind(r.records, QStringLiteral("end"))[0].value("events").toInt(), 1);
}

void TestCli::parseMissingFile()
{
    const Result r = run({QStringLiteral("parse"), QStringLiteral("--json"),
                          QStringLiteral("/nonexistent/stream.txt")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(ofKind(r.records, QStringLiteral("error")).size(), 1);
    QCOMPARE(r.records.last().value("kind").toString(), QStringLiteral("end"));
}

void TestCli::parseHumanReadable()
{
    const Result r = run({QStringLiteral("parse")}, "id: 1\nevent: tick\ndata: hello\n\n: hb\n\n");
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!r.out.contains("\x1b[")); // no colours when stdout is not a terminal
    QVERIFY(r.out.contains("event"));
    QVERIFY(r.out.contains("tick"));
    QVERIFY(r.out.contains("id=1"));
    QVERIFY(r.out.contains("hello"));
    QVERIFY(r.out.contains(":hb"));
    QVERIFY(r.out.contains("end"));
}

void TestCli::serveListeningLine()
{
    Server server({QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(server.url().startsWith(QStringLiteral("http://127.0.0.1:")));
    QVERIFY(server.url().endsWith(QStringLiteral("/events")));
}

void TestCli::watchAgainstServe()
{
    Server server({QStringLiteral("--event-ms"), QStringLiteral("5"),
                   QStringLiteral("--heartbeat-ms"), QStringLiteral("5")});
    QVERIFY(!server.url().isEmpty());
    const Result r = run({QStringLiteral("watch"), server.url(), QStringLiteral("--json"),
                          QStringLiteral("--max-events"), QStringLiteral("5")});
    QCOMPARE(r.exitCode, 0);
    const QList<QJsonObject> events = ofKind(r.records, QStringLiteral("event"));
    QCOMPARE(events.size(), 5);
    for (int i = 0; i < events.size(); ++i)
        QCOMPARE(events[i].value("seq").toInt(), i + 1);
    const QList<QJsonObject> states = ofKind(r.records, QStringLiteral("state"));
    QVERIFY(states.size() >= 3);
    QCOMPARE(states.first().value("state").toString(), QStringLiteral("connecting"));
    QCOMPARE(states[1].value("state").toString(), QStringLiteral("open"));
    QCOMPARE(states[1].value("status").toInt(), 200);
    // auto: a GET goes through QNAM; the mock server speaks HTTP/1.1.
    QCOMPARE(states[1].value("protocol").toString(), QStringLiteral("http/1.1"));
    QCOMPARE(states[1].value("transport").toString(), QStringLiteral("qnam"));
    const QList<QJsonObject> timings = ofKind(r.records, QStringLiteral("timing"));
    QCOMPARE(timings.size(), 1);
    QCOMPARE(timings[0].value("transport").toString(), QStringLiteral("qnam"));
    QVERIFY(timings[0].value("head_ms").toDouble() >= timings[0].value("sent_ms").toDouble());
    QVERIFY(timings[0].value("first_event_ms").toDouble()
            >= timings[0].value("head_ms").toDouble());
    QVERIFY(timings[0].value("dns_ms").isNull()); // QNAM has no DNS phase of its own
    QCOMPARE(states.last().value("state").toString(), QStringLiteral("closed"));
    QCOMPARE(r.records.last().value("kind").toString(), QStringLiteral("end"));
    QCOMPARE(r.records.last().value("events").toInt(), 5);
    QCOMPARE(r.records.last().value("lost").toInt(), 0);
    QCOMPARE(r.records.last().value("duplicates").toInt(), 0);
    // Body bytes received: at least the five events' frames, each "id: n\ndata: ...\n\n".
    QVERIFY(r.records.last().value("bytes").toInteger() >= 5 * 10);
}

void TestCli::watchResumesFromLastEventId()
{
    Server server(
        {QStringLiteral("--burst"), QStringLiteral("--heartbeat-ms"), QStringLiteral("0")});
    const Result r = run({QStringLiteral("watch"), server.url(), QStringLiteral("--json"),
                          QStringLiteral("--last-event-id"), QStringLiteral("41"),
                          QStringLiteral("--max-events"), QStringLiteral("3")});
    QCOMPARE(r.exitCode, 0);
    const QList<QJsonObject> events = ofKind(r.records, QStringLiteral("event"));
    QCOMPARE(events.size(), 3);
    QCOMPARE(events[0].value("id").toString(), QStringLiteral("42"));
    QCOMPARE(events[2].value("id").toString(), QStringLiteral("44"));
    QCOMPARE(r.records.last().value("last_event_id").toString(), QStringLiteral("44"));
}

void TestCli::watchNoReconnectEndsCleanly()
{
    Server server({QStringLiteral("--burst"), QStringLiteral("--events"), QStringLiteral("4"),
                   QStringLiteral("--retry-ms"), QStringLiteral("1234")});
    const Result r = run({QStringLiteral("watch"), server.url(), QStringLiteral("--json"),
                          QStringLiteral("--no-reconnect")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(ofKind(r.records, QStringLiteral("event")).size(), 4);
    const QList<QJsonObject> retries = ofKind(r.records, QStringLiteral("retry"));
    QCOMPARE(retries.size(), 1);
    QCOMPARE(retries[0].value("ms").toInt(), 1234);
    QCOMPARE(ofKind(r.records, QStringLiteral("state")).last().value("state").toString(),
             QStringLiteral("closed"));
    QCOMPARE(r.records.last().value("retry_ms").toInt(), 1234);
}

void TestCli::watchReconnectsAndCountsGaps()
{
    // Each stream ends after 3 events; the client reconnects with Last-Event-ID and the burst
    // continues from there, so 9 events come over 3 connections with nothing lost or repeated.
    Server server({QStringLiteral("--burst"), QStringLiteral("--events"), QStringLiteral("3"),
                   QStringLiteral("--heartbeat-ms"), QStringLiteral("0")});
    const Result r = run({QStringLiteral("watch"), server.url(), QStringLiteral("--json"),
                          QStringLiteral("--retry-ms"), QStringLiteral("10"),
                          QStringLiteral("--max-events"), QStringLiteral("9")});
    QCOMPARE(r.exitCode, 0);
    const QList<QJsonObject> events = ofKind(r.records, QStringLiteral("event"));
    QCOMPARE(events.size(), 9);
    for (int i = 0; i < 9; ++i) {
        QCOMPARE(events[i].value("id").toString(), QString::number(i + 1));
        QCOMPARE(events[i].value("conn").toInt(), i / 3 + 1);
    }
    bool sawReconnecting = false;
    for (const QJsonObject &s : ofKind(r.records, QStringLiteral("state"))) {
        if (s.value("state").toString() == QStringLiteral("reconnecting")) {
            sawReconnecting = true;
            QVERIFY(s.value("delay_ms").toInt() >= 10);
        }
    }
    QVERIFY(sawReconnecting);
    // The third stream may end in the same read as the ninth event: a third reconnect can be
    // scheduled before the limit closes the client.
    QVERIFY(r.records.last().value("reconnects").toInt() >= 2);
    QCOMPARE(r.records.last().value("lost").toInt(), 0);
    QCOMPARE(r.records.last().value("duplicates").toInt(), 0);
}

void TestCli::watchDuration()
{
    Server server({QStringLiteral("--event-ms"), QStringLiteral("0"),
                   QStringLiteral("--heartbeat-ms"), QStringLiteral("20")});
    const Result r = run({QStringLiteral("watch"), server.url(), QStringLiteral("--json"),
                          QStringLiteral("--duration"), QStringLiteral("0.3")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!ofKind(r.records, QStringLiteral("comment")).isEmpty());
    const QList<QJsonObject> pings = ofKind(r.records, QStringLiteral("ping"));
    QVERIFY(!pings.isEmpty());
    QVERIFY(pings[0].value("latency_ms").isDouble());
    QCOMPARE(ofKind(r.records, QStringLiteral("state")).last().value("state").toString(),
             QStringLiteral("closed"));
}

void TestCli::watchWrongPathFails()
{
    Server server({});
    QString url = server.url();
    url.replace(QStringLiteral("/events"), QStringLiteral("/nope"));
    const Result r = run({QStringLiteral("watch"), url, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 2);
    const QJsonObject failed = ofKind(r.records, QStringLiteral("state")).last();
    QCOMPARE(failed.value("state").toString(), QStringLiteral("failed"));
    QCOMPARE(failed.value("status").toInt(), 404);
    QVERIFY(!failed.value("reason").toString().isEmpty());
    QCOMPARE(r.records.last().value("kind").toString(), QStringLiteral("end"));
}

void TestCli::watchRefusedFails()
{
    // A port that was just free: nothing listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    const Result r =
        run({QStringLiteral("watch"), QStringLiteral("http://127.0.0.1:%1/events").arg(port),
             QStringLiteral("--json"), QStringLiteral("--retry-ms"), QStringLiteral("10"),
             QStringLiteral("--max-reconnects"), QStringLiteral("2")});
    QCOMPARE(r.exitCode, 2);
    const QList<QJsonObject> states = ofKind(r.records, QStringLiteral("state"));
    QCOMPARE(states.last().value("state").toString(), QStringLiteral("failed"));
    int reconnecting = 0;
    for (const QJsonObject &s : states)
        reconnecting += s.value("state").toString() == QStringLiteral("reconnecting");
    QCOMPARE(reconnecting, 2);
}

void TestCli::watch204Stops()
{
    FixedResponder responder("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
    const Result r = runAsync({QStringLiteral("watch"), responder.url(), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject last = ofKind(r.records, QStringLiteral("state")).last();
    QCOMPARE(last.value("state").toString(), QStringLiteral("closed"));
    QVERIFY(last.value("reason").toString().contains(QStringLiteral("204")));
}

void TestCli::watchWrongContentTypeFails()
{
    FixedResponder responder("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n"
                             "\r\nhello");
    const Result r = runAsync({QStringLiteral("watch"), responder.url(), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 2);
    const QJsonObject last = ofKind(r.records, QStringLiteral("state")).last();
    QCOMPARE(last.value("state").toString(), QStringLiteral("failed"));
    QVERIFY(last.value("reason").toString().contains(QStringLiteral("text/html")));
}

void TestCli::watchEmbeddedServer()
{
    const Result r = run({QStringLiteral("watch"), QStringLiteral("--json"),
                          QStringLiteral("--max-events"), QStringLiteral("2")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.contains("embedded mock server"));
    QCOMPARE(ofKind(r.records, QStringLiteral("event")).size(), 2);
}

void TestCli::watchInterrupted()
{
    Server server({QStringLiteral("--heartbeat-ms"), QStringLiteral("10")});
    QProcess watch;
    watch.start(cliPath(), {QStringLiteral("watch"), server.url(), QStringLiteral("--json")});
    QVERIFY(watch.waitForStarted());
    QVERIFY(QTest::qWaitFor([&watch] { return watch.canReadLine(); }, 10000));
    watch.terminate(); // SIGTERM: closed state, end record, status 130
    QVERIFY(watch.waitForFinished(10000));
    QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
    QCOMPARE(watch.exitCode(), 130);
    const QByteArray out = watch.readAllStandardOutput();
    const QList<QJsonObject> records = parseRecords(out);
    QCOMPARE(records.last().value("kind").toString(), QStringLiteral("end"));
}

void TestCli::serveLogsRequests()
{
    Server server({QStringLiteral("--json"), QStringLiteral("--burst"), QStringLiteral("--events"),
                   QStringLiteral("2")});
    // On the wire transport: Qt's stack (auto's choice for a GET) may still send a GET again
    // on its own when the server closes as it answers, which the README says; a non-GET it
    // resent fails its attempt (tst_transports).
    const Result r =
        run({QStringLiteral("watch"), server.url(), QStringLiteral("--json"),
             QStringLiteral("--no-reconnect"), QStringLiteral("--last-event-id"),
             QStringLiteral("5"), QStringLiteral("--transport"), QStringLiteral("wire")});
    QCOMPARE(r.exitCode, 0);
    QByteArray log;
    QVERIFY(QTest::qWaitFor(
        [&] {
            log += server.process().readAllStandardError();
            return log.contains("\"kind\":\"disconnect\"");
        },
        10000));
    const QList<QJsonObject> records = parseRecords(log);
    const QList<QJsonObject> requests = ofKind(records, QStringLiteral("request"));
    // Exactly one: the wire transport never sends a request again on its own.
    QCOMPARE(requests.size(), 1);
    const QJsonObject request = requests.first();
    QCOMPARE(request.value("method").toString(), QStringLiteral("GET"));
    QCOMPARE(request.value("path").toString(), QStringLiteral("/events"));
    QCOMPARE(request.value("last_event_id").toString(), QStringLiteral("5"));
    QCOMPARE(request.value("status").toInt(), 200);
    const QList<QJsonObject> gone = ofKind(records, QStringLiteral("disconnect"));
    QCOMPARE(gone[0].value("events").toInt(), 2);
    QCOMPARE(gone[0].value("reason").toString(), QStringLiteral("event limit"));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
