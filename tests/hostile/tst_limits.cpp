// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The limits of the README's "Limits" table, each at its boundary: exactly at the limit passes,
// one byte (or one unit) over fails with the named message or status. Limits whose boundary is
// tested elsewhere are listed in the README with the test that proves them.
#include "client/sseclient.h"
#include "clirunner.h"
#include "control/controlserver.h"
#include "control/controltarget.h"
#include "faults/scenarioreader.h"
#include "hostileserver.h"
#include "io/session.h"
#include "proxy/tapproxy.h"
#include "server/eventhistory.h"
#include "server/mockserver.h"

#include <QBuffer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

namespace {

constexpr int kWaitMs = 60000;

const QByteArray kStreamHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                               "Connection: close\r\n\r\n";

// Sends `request` on a raw connection and returns the status code of the answer (0: none).
// The event loop keeps turning meanwhile: the server under test runs in this thread.
int statusFor(quint16 port, const QByteArray &request)
{
    QTcpSocket socket;
    QByteArray answer;
    bool closed = false;
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { answer += socket.readAll(); });
    QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [&] { closed = true; });
    QObject::connect(&socket, &QTcpSocket::errorOccurred, &socket, [&] { closed = true; });
    socket.connectToHost(QHostAddress::LocalHost, port);
    socket.write(request); // buffered by Qt: the server may answer before the end
    // No status line in time reads as 0, which every caller's comparison rejects.
    const bool answered =
        QTest::qWaitFor([&] { return answer.contains("\r\n") || closed; }, kWaitMs);
    if (!answered || !answer.startsWith("HTTP/1.1 "))
        return 0;
    return answer.mid(9, 3).toInt();
}

// A GET whose head is exactly `bytes` long.
QByteArray getOfSize(qsizetype bytes)
{
    const QByteArray start = "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ";
    const QByteArray end = "\r\n\r\n";
    return start + QByteArray(bytes - start.size() - end.size(), 'p') + end;
}

// A POST whose body is exactly `bytes` long.
QByteArray postOfSize(qint64 bytes)
{
    return "POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Content-Length: "
        + QByteArray::number(bytes) + "\r\n\r\n" + QByteArray(bytes, 'b');
}

} // namespace

class TestLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clientLineCap_data();
    void clientLineCap();
    void cliEventCap_data();
    void cliEventCap();
    void mockRequestHead_data();
    void mockRequestHead();
    void mockRequestBody_data();
    void mockRequestBody();
    void proxyRequestHead_data();
    void proxyRequestHead();
    void proxyResponseHead_data();
    void proxyResponseHead();
    void scenarioRepeat_data();
    void scenarioRepeat();
    void clientResponseHead_data();
    void clientResponseHead();
    void proxyConnections();
    void controlRequest_data();
    void controlRequest();
    void controlConnections();
    void historyRing_data();
    void historyRing();
    void sessionLine_data();
    void sessionLine();
};

// SseClientOptions::limits.maxLineBytes (CLI --max-line-bytes): a line of exactly the cap is
// read, one byte more fails the connection with the cap's message.
void TestLimits::clientLineCap_data()
{
    QTest::addColumn<int>("extra");
    QTest::newRow("at the cap") << 0;
    QTest::newRow("one over") << 1;
}

void TestLimits::clientLineCap()
{
    QFETCH(int, extra);
    const qsizetype cap = 4096;
    const QByteArray line = "data: " + QByteArray(cap - 6 + extra, 'x'); // without its LF
    HostileServer server([&](int, qint64 sent) -> QByteArray {
        return sent == 0 ? kStreamHead + line + "\n\ndata: after\n\n" : QByteArray();
    });
    QVERIFY(server.listen());
    SseClient client;
    QList<ClientRecord> records;
    bool finished = false;
    connect(&client, &SseClient::recordsReady, this,
            [&](const ClientBatch &batch) { records += batch.records; });
    connect(&client, &SseClient::finished, this, [&] { finished = true; });
    SseClientOptions o;
    o.url = server.url();
    o.reconnect = false;
    o.proxyMode = SseClientOptions::ProxyMode::None;
    o.limits.maxLineBytes = cap;
    client.setOptions(o);
    client.open();
    QTRY_VERIFY_WITH_TIMEOUT(finished, kWaitMs);
    QList<QByteArray> data;
    ClientRecord last;
    for (const ClientRecord &r : std::as_const(records)) {
        if (r.kind == ClientRecord::Kind::Event)
            data.append(r.event.data);
        if (r.kind == ClientRecord::Kind::State)
            last = r;
    }
    if (extra == 0) {
        QCOMPARE(data, (QList<QByteArray> {line.mid(6), "after"}));
        QCOMPARE(last.state, ClientState::Closed);
    } else {
        QVERIFY(data.isEmpty());
        QCOMPARE(last.state, ClientState::Failed);
        QCOMPARE(last.reason,
                 QStringLiteral("a line exceeded the line size cap of 4 KiB (max line bytes)"));
    }
}

// --max-event-bytes on `parse`: data of exactly the cap is an event, one byte more an error
// record naming the cap (the event before it is kept).
void TestLimits::cliEventCap_data()
{
    QTest::addColumn<int>("extra");
    QTest::newRow("at the cap") << 0;
    QTest::newRow("one over") << 1;
}

void TestLimits::cliEventCap()
{
    QFETCH(int, extra);
    // Two data lines: 500 + LF + 499 = 1000 bytes of event data at the cap.
    const QByteArray input = "data: first\n\ndata: " + QByteArray(500, 'a')
        + "\ndata: " + QByteArray(499 + extra, 'b') + "\n\n";
    const CliRunner::Result r =
        CliRunner::run({QStringLiteral("parse"), QStringLiteral("--json"),
                        QStringLiteral("--max-event-bytes"), QStringLiteral("1000")},
                       input, kWaitMs);
    QCOMPARE(r.exitCode, 0);
    const QList<QJsonObject> events = CliRunner::ofKind(r.records, QStringLiteral("event"));
    const QList<QJsonObject> errors = CliRunner::ofKind(r.records, QStringLiteral("error"));
    if (extra == 0) {
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(1).value(QStringLiteral("data")).toString().size(), 1000);
        QVERIFY(errors.isEmpty());
    } else {
        QCOMPARE(events.size(), 1);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().value(QStringLiteral("message")).toString(),
                 QStringLiteral("an event's data exceeded the event size cap of 1000 bytes (max "
                                "event bytes)"));
    }
}

// MockServerOptions::maxRequestHeaderBytes (16 KiB): a head of exactly that size is served,
// one byte more is answered 431.
void TestLimits::mockRequestHead_data()
{
    QTest::addColumn<int>("extra");
    QTest::addColumn<int>("status");
    QTest::newRow("at the limit") << 0 << 200;
    QTest::newRow("one over") << 1 << 431;
}

void TestLimits::mockRequestHead()
{
    QFETCH(int, extra);
    QFETCH(int, status);
    MockServer server;
    MockServerOptions options;
    options.heartbeatMs = 0;
    options.eventMs = 0;
    server.setOptions(options);
    QVERIFY(server.start());
    QCOMPARE(statusFor(server.port(), getOfSize(16 * 1024 + extra)), status);
}

// MockServerOptions::maxRequestBodyBytes (1 MiB): a POST body of exactly that size is served,
// one byte more is answered 413.
void TestLimits::mockRequestBody_data()
{
    QTest::addColumn<int>("extra");
    QTest::addColumn<int>("status");
    QTest::newRow("at the limit") << 0 << 200;
    QTest::newRow("one over") << 1 << 413;
}

void TestLimits::mockRequestBody()
{
    QFETCH(int, extra);
    QFETCH(int, status);
    MockServer server;
    MockServerOptions options;
    options.heartbeatMs = 0;
    options.eventMs = 0;
    server.setOptions(options);
    QVERIFY(server.start());
    QCOMPARE(statusFor(server.port(), postOfSize(1024 * 1024 + extra)), status);
}

// TapProxyOptions::maxRequestHeadBytes (16 KiB) and maxRequestBodyBytes (1 MiB): 431 and 413
// one byte over, forwarded at the limit.
void TestLimits::proxyRequestHead_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("head at the limit") << getOfSize(16 * 1024) << 200;
    QTest::newRow("head one over") << getOfSize(16 * 1024 + 1) << 431;
    QTest::newRow("body at the limit") << postOfSize(1024 * 1024) << 200;
    QTest::newRow("body one over") << postOfSize(1024 * 1024 + 1) << 413;
}

void TestLimits::proxyRequestHead()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    HostileServer upstream([](int, qint64 sent) -> QByteArray {
        return sent == 0 ? kStreamHead + "data: hi\n\n" : QByteArray();
    });
    QVERIFY(upstream.listen());
    TapProxy proxy;
    TapProxyOptions options;
    options.upstream = upstream.url();
    proxy.setOptions(options);
    QVERIFY(proxy.start());
    QCOMPARE(statusFor(proxy.port(), request), status);
    QCOMPARE(upstream.connections(), status == 200 ? 1 : 0); // refused before the upstream
}

// TapProxyOptions::maxResponseHeadBytes (64 KiB): an upstream head of exactly that size is
// passed on, one byte more is answered 502 with the reason.
void TestLimits::proxyResponseHead_data()
{
    QTest::addColumn<int>("extra");
    QTest::addColumn<int>("status");
    QTest::newRow("at the limit") << 0 << 200;
    QTest::newRow("one over") << 1 << 502;
}

void TestLimits::proxyResponseHead()
{
    QFETCH(int, extra);
    QFETCH(int, status);
    const QByteArray start = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-Pad: ";
    const QByteArray end = "\r\n\r\n";
    const QByteArray head =
        start + QByteArray(64 * 1024 - start.size() - end.size() + extra, 'p') + end;
    HostileServer upstream([&](int, qint64 sent) -> QByteArray {
        return sent == 0 ? head + "data: hi\n\n" : QByteArray();
    });
    QVERIFY(upstream.listen());
    TapProxy proxy;
    TapProxyOptions options;
    options.upstream = upstream.url();
    proxy.setOptions(options);
    QVERIFY(proxy.start());
    QList<ProxyDisconnectInfo> closed;
    connect(&proxy, &TapProxy::connectionClosed, this,
            [&](const ProxyDisconnectInfo &info) { closed.append(info); });
    QCOMPARE(statusFor(proxy.port(), getOfSize(100)), status);
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, kWaitMs);
    if (status == 502) {
        const QString expected = QStringLiteral("malformed response from upstream 127.0.0.1:%1: "
                                                "response head larger than 65536 bytes")
                                     .arg(upstream.url().port());
        QVERIFY2(closed.first().reason.contains(expected), qPrintable(closed.first().reason));
    }
}

// Scenario files: `repeat` up to 100000 and at most 100000 steps once unrolled.
void TestLimits::scenarioRepeat_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error"); // empty: read
    const auto repeat = [](int times, int inner) -> QByteArray {
        QByteArray steps;
        for (int i = 0; i < inner; ++i)
            steps += QByteArray(i ? "," : "") + R"({"at": "0s", "fault": "fin"})";
        return QByteArray(R"({"name": "r", "description": "d", "steps": [{"at": "0s", "repeat": )")
            + QByteArray::number(times) + R"(, "every": "1s", "steps": [)" + steps + "]}]}";
    };
    QTest::newRow("repeat at the limit") << repeat(100000, 1) << QString();
    QTest::newRow("repeat one over")
        << repeat(100001, 1) << QStringLiteral("repeat is not a count from 1 to 100000");
    QTest::newRow("steps one over")
        << repeat(50001, 2) << QStringLiteral("more than 100000 steps once repeated");
}

void TestLimits::scenarioRepeat()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    Scenario scenario;
    QString message;
    const bool ok = ScenarioReader::read(json, QStringLiteral("limits.json"), &scenario, &message);
    if (error.isEmpty()) {
        QVERIFY2(ok, qPrintable(message));
        QCOMPARE(scenario.steps.size(), 100000);
    } else {
        QVERIFY(!ok);
        QVERIFY2(message.contains(error), qPrintable(message));
    }
}

// The client's response head bound (64 KiB, status line and fields together): a head of
// exactly that size opens the stream, one byte more fails it with the bound in the message.
void TestLimits::clientResponseHead_data()
{
    QTest::addColumn<int>("extra");
    QTest::newRow("at the limit") << 0;
    QTest::newRow("one over") << 1;
}

void TestLimits::clientResponseHead()
{
    QFETCH(int, extra);
    const QByteArray start = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-Pad: ";
    const QByteArray end = "\r\n\r\n";
    const QByteArray head =
        start + QByteArray(64 * 1024 - start.size() - end.size() + extra, 'p') + end;
    HostileServer server([&](int, qint64 sent) -> QByteArray {
        return sent == 0 ? head + "data: hi\n\n" : QByteArray();
    });
    QVERIFY(server.listen());
    SseClient client;
    SseClientOptions o;
    o.url = server.url();
    o.reconnect = false;
    o.proxyMode = SseClientOptions::ProxyMode::None;
    o.transport = SseClientOptions::Transport::Wire; // the bounded head reader
    client.setOptions(o);
    QList<QByteArray> data;
    QString reason;
    bool finished = false;
    connect(&client, &SseClient::recordsReady, this, [&](const ClientBatch &batch) {
        for (const ClientRecord &r : batch.records) {
            if (r.kind == ClientRecord::Kind::Event)
                data.append(r.event.data);
            if (r.kind == ClientRecord::Kind::State)
                reason = r.reason;
        }
    });
    connect(&client, &SseClient::finished, this, [&] { finished = true; });
    client.open();
    QTRY_VERIFY_WITH_TIMEOUT(finished, kWaitMs);
    if (extra == 0) {
        QCOMPARE(data, QList<QByteArray> {"hi"});
        QCOMPARE(reason, QStringLiteral("stream ended"));
    } else {
        QVERIFY(data.isEmpty());
        QCOMPARE(reason, QStringLiteral("invalid response: response head larger than 65536 bytes"));
    }
}

// TapProxyOptions::maxConnections (proxy --max-connections, 10000 by default; 3 here): three
// open streams are served, the fourth client is answered 503 and the three go on.
void TestLimits::proxyConnections()
{
    HostileServer upstream([](int, qint64 sent) -> QByteArray {
        return sent == 0 ? QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n"
                                      "data: hi\n\n")
                         : QByteArray();
    });
    upstream.keepOpen = true;
    QVERIFY(upstream.listen());
    TapProxy proxy;
    TapProxyOptions options;
    options.upstream = upstream.url();
    options.maxConnections = 3;
    proxy.setOptions(options);
    QVERIFY(proxy.start());
    std::vector<std::unique_ptr<QTcpSocket>> streams;
    std::vector<QByteArray> received(3);
    for (int i = 0; i < 3; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        QTcpSocket *s = socket.get();
        connect(s, &QTcpSocket::readyRead, s, [s, &received, i] { received[i] += s->readAll(); });
        s->connectToHost(QHostAddress::LocalHost, proxy.port());
        s->write(getOfSize(100));
        streams.push_back(std::move(socket));
    }
    for (int i = 0; i < 3; ++i)
        QTRY_VERIFY_WITH_TIMEOUT(received[i].contains("data: hi\n\n"), kWaitMs);
    QCOMPARE(statusFor(proxy.port(), getOfSize(100)), 503);
    QCOMPARE(upstream.connections(), 3); // the fourth never reached the upstream
    for (const auto &s : streams)
        QCOMPARE(s->state(), QAbstractSocket::ConnectedState);
    // One leaves: a new client is served again.
    streams.front()->abort();
    QTRY_COMPARE_WITH_TIMEOUT(proxy.stats().connections, 2, kWaitMs);
    QCOMPARE(statusFor(proxy.port(), getOfSize(100)), 200);
}

namespace {

// A control target that accepts everything and acts on nothing: the limits are the server's.
class InertTarget : public ControlTarget
{
public:
    QString kind() const override { return QStringLiteral("serve"); }
    QJsonArray clients() const override { return {}; }
    QJsonObject stats() const override { return {}; }
    QJsonArray faults() const override { return {}; }
    int addFault(const Fault &, QString *) override { return 1; }
    bool removeFault(int) override { return true; }
    void clearFaults() override { }
    bool runScenario(const Scenario &, QString *) override { return true; }
    bool stopScenario() override { return false; }
    QJsonObject scenario() const override { return {}; }
    int changeSettings(const QJsonObject &settings, QJsonObject *result, QString *) override
    {
        *result = settings;
        return 200;
    }
};

// A PUT /settings whose head, or whose body, is exactly `bytes` long.
QByteArray controlRequestOfSize(qsizetype headBytes, qint64 bodyBytes)
{
    QByteArray body = "{}";
    if (bodyBytes > body.size()) {
        body = "{\"pad\":\"";
        body += QByteArray(bodyBytes - body.size() - 2, 'b') + "\"}";
    }
    const QByteArray start = "PUT /settings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nX-Pad: ";
    const QByteArray end = "\r\n\r\n";
    const qsizetype pad = std::max<qsizetype>(1, headBytes - start.size() - end.size());
    return start + QByteArray(pad, 'p') + end + body;
}

} // namespace

// ControlServerOptions: request head 16 KiB (431 past it), body 64 KiB (413 past it).
void TestLimits::controlRequest_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("head at the limit") << controlRequestOfSize(16 * 1024, 0) << 200;
    QTest::newRow("head one over") << controlRequestOfSize(16 * 1024 + 1, 0) << 431;
    QTest::newRow("body at the limit") << controlRequestOfSize(100, 64 * 1024) << 200;
    QTest::newRow("body one over") << controlRequestOfSize(100, 64 * 1024 + 1) << 413;
}

void TestLimits::controlRequest()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    InertTarget target;
    ControlServer server(&target);
    QVERIFY(server.start());
    QCOMPARE(statusFor(server.port(), request), status);
}

// ControlServerOptions::maxConnections (64): with 64 connections open and silent, the 65th is
// answered 503 at once; the 64 are still served.
void TestLimits::controlConnections()
{
    InertTarget target;
    ControlServer server(&target);
    QVERIFY(server.start());
    std::vector<std::unique_ptr<QTcpSocket>> idle;
    for (int i = 0; i < 64; ++i) {
        idle.push_back(std::make_unique<QTcpSocket>());
        idle.back()->connectToHost(QHostAddress::LocalHost, server.port());
    }
    for (const auto &socket : idle) {
        QTRY_COMPARE_WITH_TIMEOUT(socket->state(), QAbstractSocket::ConnectedState, kWaitMs);
    }
    // The server has seen them all once it answers a request behind them: that one is the 65th.
    QCOMPARE(statusFor(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 503);
    QByteArray answer;
    QTcpSocket *first = idle.front().get();
    connect(first, &QTcpSocket::readyRead, first, [&] { answer += first->readAll(); });
    first->write("GET /stats HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(answer.startsWith("HTTP/1.1 200 "), kWaitMs);
}

// The mock server's history ring (serve --history N): the N newest events are kept, so a
// client whose last id is just before the oldest kept gets all of them back, and one that is
// further behind misses what fell out of the ring.
void TestLimits::historyRing_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<qint64>("lastId");
    QTest::addColumn<QList<qint64>>("replayed");
    QTest::newRow("resume inside the ring") << 3 << qint64(8) << QList<qint64> {9, 10};
    QTest::newRow("resume at the ring's edge") << 3 << qint64(7) << QList<qint64> {8, 9, 10};
    QTest::newRow("one too far behind") << 3 << qint64(6) << QList<qint64> {8, 9, 10};
    QTest::newRow("ring of one") << 1 << qint64(9) << QList<qint64> {10};
    QTest::newRow("no ring") << 0 << qint64(9) << QList<qint64> {};
}

void TestLimits::historyRing()
{
    QFETCH(int, capacity);
    QFETCH(qint64, lastId);
    QFETCH(QList<qint64>, replayed);
    EventHistory history(capacity);
    for (qint64 n = 1; n <= 10; ++n)
        history.append({n, 0, "id: " + QByteArray::number(n) + "\ndata: x\n\n", nullptr});
    QCOMPARE(history.size(), capacity);
    QList<qint64> got;
    for (int i = history.indexAfter(lastId); i < history.size(); ++i)
        got.append(history.at(i).number);
    QCOMPARE(got, replayed);
}

// Session::MaxLineBytes (512 MiB; 200 here): a record line of exactly the cap, its LF
// included, is read; one byte more refuses the file with the line number, without reading on.
void TestLimits::sessionLine_data()
{
    QTest::addColumn<int>("extra");
    QTest::newRow("at the cap") << 0;
    QTest::newRow("one over") << 1;
}

void TestLimits::sessionLine()
{
    QFETCH(int, extra);
    const qint64 cap = 200;
    const QByteArray start = "{\"kind\":\"event\",\"type\":\"message\",\"id\":\"\",\"seq\":1,"
                             "\"conn\":1,\"t_ms\":1.5,\"data\":\"";
    const QByteArray end = "\"}\n";
    const QByteArray line = start + QByteArray(cap - start.size() - end.size() + extra, 'd') + end;
    QByteArray file = "{\"kind\":\"comment\",\"text\":\"first\",\"conn\":1,\"t_ms\":1.0}\n" + line;
    QBuffer buffer(&file);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    SessionData session;
    QString error;
    const bool ok = Session::read(&buffer, &session, &error, cap);
    if (extra == 0) {
        QVERIFY2(ok, qPrintable(error));
        QCOMPARE(session.records.size(), 2);
    } else {
        QVERIFY(!ok);
        QVERIFY2(error.contains(QStringLiteral("line 2")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("longer than 200 bytes")), qPrintable(error));
    }
}

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_limits.moc"
