// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The fault catalogue acted out by the mock server, seen from a raw client on loopback: what
// reaches the wire (bytes, status, headers, FIN or RST, silence) and what the SSE parser makes
// of it.
#include "faultfixture.h"
#include "faults/faultspec.h"
#include "faults/scenarioreader.h"
#include "server/mockserver.h"
#include "sse/sseparser.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <arpa/inet.h>
#ifdef SSEMON_HAVE_ZLIB
#include <zlib.h>
#endif
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

Q_DECLARE_METATYPE(MockDisconnectInfo)

namespace {

constexpr int WaitMs = 5000;

// A client on a plain POSIX socket, so that the test can tell a FIN (recv returns 0) from a
// reset (ECONNRESET), which QTcpSocket reports alike.
class RawClient : public SseParser::Handler
{
public:
    enum class End { Open, Fin, Reset };

    RawClient()
        : m_parser(this)
    { }
    ~RawClient()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

    // False when the connection is refused.
    bool open(quint16 port, const QByteArray &headers = {})
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
            ::close(m_fd);
            m_fd = -1;
            return false;
        }
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
        m_clock.start();
        const QByteArray request = "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                   "Accept: text/event-stream\r\n"
            + headers + "\r\n";
        return ::send(m_fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL)
            == request.size();
    }

    // Runs the event loop (the server lives in it) and polls the socket every millisecond:
    // QTest::qWaitFor sleeps 10 ms between rounds, which would slow a slicer down tenfold.
    template<typename Predicate>
    bool waitFor(Predicate predicate, int ms = WaitMs)
    {
        poll();
        if (predicate())
            return true;
        QEventLoop loop;
        QTimer tick;
        bool met = false;
        QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
            poll();
            if (predicate()) {
                met = true;
                loop.quit();
            }
        });
        QTimer::singleShot(ms, &loop, &QEventLoop::quit);
        tick.start(1);
        loop.exec();
        return met;
    }
    bool waitForHead()
    {
        return waitFor([this] { return m_headDone; });
    }
    bool waitForEvents(qsizetype n)
    {
        return waitFor([this, n] { return m_events.size() >= n; });
    }
    bool waitForEnd()
    {
        return waitFor([this] { return m_end != End::Open; });
    }

    int status() const { return m_status; }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &field : m_headers) {
            if (field.first.compare(name, Qt::CaseInsensitive) == 0)
                return field.second;
        }
        return {};
    }
    bool hasHeader(const QByteArray &name) const
    {
        for (const auto &field : m_headers) {
            if (field.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
    End end() const { return m_end; }
    QByteArray body() const { return m_body; }
    const QList<SseEvent> &events() const { return m_events; }
    const QList<QByteArray> &comments() const { return m_comments; }
    const QList<qint64> &retries() const { return m_retries; }
    qint64 headMs() const { return m_headMs; }
    qint64 lastByteMs() const { return m_lastByteMs; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    QList<qint64> ids() const
    {
        QList<qint64> list;
        for (const SseEvent &event : m_events)
            list.append(event.id.toLongLong());
        return list;
    }

    void event(const SseEvent &event) override { m_events.append(event); }
    void comment(QByteArrayView text) override { m_comments.append(text.toByteArray()); }
    void retry(qint64 milliseconds) override { m_retries.append(milliseconds); }

    void poll()
    {
        while (m_fd >= 0 && m_end == End::Open) {
            char buffer[65536];
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n > 0) {
                m_lastByteMs = m_clock.elapsed();
                received(QByteArray(buffer, n));
            } else if (n == 0) {
                m_end = End::Fin;
            } else if (errno == ECONNRESET) {
                m_end = End::Reset;
            } else {
                return; // EAGAIN: nothing more for now
            }
        }
    }

private:
    void received(QByteArray bytes)
    {
        if (!m_headDone) {
            m_head += bytes;
            const qsizetype end = m_head.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            m_headMs = m_clock.elapsed();
            bytes = m_head.mid(end + 4);
            m_head.truncate(end);
            const QList<QByteArray> lines = m_head.split('\n');
            m_status = lines.value(0).split(' ').value(1).toInt();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon > 0)
                    m_headers.append({line.first(colon), line.sliced(colon + 1).trimmed()});
            }
            m_headDone = true;
        }
        m_body += bytes;
        m_parser.feed(bytes);
    }

    int m_fd = -1;
    SseParser m_parser;
    QElapsedTimer m_clock;
    QByteArray m_head;
    bool m_headDone = false;
    int m_status = 0;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
    End m_end = End::Open;
    QList<SseEvent> m_events;
    QList<QByteArray> m_comments;
    QList<qint64> m_retries;
    qint64 m_headMs = -1;
    qint64 m_lastByteMs = -1;
};

using TestFaults::fault;

MockServerOptions quietOptions()
{
    MockServerOptions options;
    options.heartbeatMs = 0;
    options.eventMs = 0;
    return options;
}

bool start(MockServer &server, const MockServerOptions &options)
{
    server.setOptions(options);
    return server.start();
}

QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> list;
    for (qint64 i = first; i <= last; ++i)
        list.append(i);
    return list;
}

QStringList details(const QSignalSpy &spy)
{
    QStringList list;
    for (const QList<QVariant> &arguments : spy)
        list.append(arguments.at(0).value<FaultReport>().detail);
    return list;
}

} // namespace

class TestMockServerFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void closeNow_data();
    void closeNow();
    void closeAfterNthEvent_data();
    void closeAfterNthEvent();
    void eventFaults_data();
    void eventFaults();
    void truncateCutsMidEvent();
    void dropCyclesThroughConnectionModes();
    void retryInjected();
    void garbage_data();
    void garbage();
    void stallHoldsThenResumes();
    void heartbeatPauseKeepsEvents();
    void blackholeSendsNothingAndKeepsTheSocket();
    void latencyDelaysWrites();
    void bandwidthCapsThroughput();
    void slicerCutsEverywhereButLosesNothing();
    void statusResponses_data();
    void statusResponses();
    void contentType_data();
    void contentType();
    void redirect();
    void slowHeaders();
    void refuseClosesThePortForAWhile();
    void targetsChosenClients();
    void repeatingFaultAndRemove();
    void gzipWithoutPerEventFlush();
    void scenarioRunsItsTimeline();
    void scenarioAfterEventsOnBurst();
};

void TestMockServerFaults::initTestCase()
{
    qRegisterMetaType<FaultReport>();
    qRegisterMetaType<MockDisconnectInfo>();
}

void TestMockServerFaults::closeNow_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<RawClient::End>("end");
    QTest::addColumn<QString>("reason");
    QTest::newRow("fin") << "fin" << RawClient::End::Fin << "fault: fin (FIN)";
    QTest::newRow("rst") << "rst" << RawClient::End::Reset << "fault: rst (RST)";
}

void TestMockServerFaults::closeNow()
{
    QFETCH(QString, spec);
    QFETCH(RawClient::End, end);
    QFETCH(QString, reason);
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 5;
    QVERIFY(start(server, options));
    QSignalSpy fired(&server, &MockServer::faultFired);
    QSignalSpy disconnected(&server, &MockServer::clientDisconnected);
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForEvents(3));
    QVERIFY(server.applyFault(fault(spec)) > 0);
    QCOMPARE(fired.size(), 1); // `now` fires before applyFault() returns
    const FaultReport info = fired.at(0).at(0).value<FaultReport>();
    QCOMPARE(info.client, 1);
    QCOMPARE(info.spec, spec);
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), end);
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.at(0).at(0).value<MockDisconnectInfo>().reason, reason);
    QCOMPARE(server.stats().faultsFired, 1);
    QCOMPARE(server.stats().clients, 0);
}

void TestMockServerFaults::closeAfterNthEvent_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<RawClient::End>("end");
    QTest::newRow("fin after=3") << "fin after=3" << RawClient::End::Fin;
    QTest::newRow("rst after=3") << "rst after=3" << RawClient::End::Reset;
}

void TestMockServerFaults::closeAfterNthEvent()
{
    // The third event is sent, then the connection ends: on loopback the peer reads exactly
    // three, also before a reset (what reached its kernel stays readable).
    QFETCH(QString, spec);
    QFETCH(RawClient::End, end);
    for (const bool burst : {false, true}) {
        MockServer server;
        MockServerOptions options = quietOptions();
        options.burst = burst;
        options.eventMs = 5;
        QVERIFY(start(server, options));
        QVERIFY(server.applyFault(fault(spec)) > 0);
        RawClient client;
        QVERIFY(client.open(server.port()));
        QVERIFY(client.waitForEnd());
        QCOMPARE(client.end(), end);
        QCOMPARE(client.ids(), range(1, 3));
        QCOMPARE(server.stats().eventsSent, 3);
    }
}

void TestMockServerFaults::eventFaults_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QList<qint64>>("ids");
    QTest::addColumn<QString>("detail");
    QTest::newRow("drop") << "drop after=4" << QList<qint64> {1, 2, 3, 5, 6, 7}
                          << "dropped event 4";
    QTest::newRow("drop mode=event")
        << "drop after=2 mode=event" << QList<qint64> {1, 3, 4, 5, 6, 7} << "dropped event 2";
    QTest::newRow("duplicate") << "duplicate after=2" << QList<qint64> {1, 2, 2, 3, 4, 5}
                               << "sent event 2 twice";
    QTest::newRow("reorder") << "reorder after=2" << QList<qint64> {1, 3, 2, 4, 5, 6}
                             << "held event 2 back behind the next one";
    QTest::newRow("ids reset") << "ids mode=reset after=2" << QList<qint64> {1, 0, 3, 4, 5, 6}
                               << "sent event 2 with an empty id";
    QTest::newRow("ids rewrite") << "ids mode=rewrite value=77 after=2"
                                 << QList<qint64> {1, 77, 3, 4, 5, 6} << "sent event 2 with id 77";
}

void TestMockServerFaults::eventFaults()
{
    QFETCH(QString, spec);
    QFETCH(QList<qint64>, ids);
    QFETCH(QString, detail);
    // Periodic events (counted once per broadcast) and burst streams (their own events).
    for (const bool burst : {false, true}) {
        MockServer server;
        MockServerOptions options = quietOptions();
        options.burst = burst;
        options.eventMs = 2;
        options.eventsPerStream = 6;
        QVERIFY(start(server, options));
        QSignalSpy fired(&server, &MockServer::faultFired);
        QVERIFY(server.applyFault(fault(spec)) > 0);
        RawClient client;
        QVERIFY(client.open(server.port()));
        QVERIFY(client.waitForEnd());
        QCOMPARE(client.end(), RawClient::End::Fin); // the event limit
        QCOMPARE(client.ids().first(ids.size()), ids);
        QCOMPARE(details(fired), QStringList {detail});
        QCOMPARE(fired.at(0).at(0).value<FaultReport>().client, 1);
    }
}

void TestMockServerFaults::truncateCutsMidEvent()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.burst = true;
    QVERIFY(start(server, options));
    QSignalSpy disconnected(&server, &MockServer::clientDisconnected);
    QVERIFY(server.applyFault(fault(QStringLiteral("truncate after=3"))) > 0);
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), RawClient::End::Fin);
    QCOMPARE(client.ids(), range(1, 2)); // the third was cut and discarded, id included
    QVERIFY(client.body().endsWith("\n\n") == false);
    QVERIFY(client.body().contains("id: 3\n"));
    QCOMPARE(disconnected.at(0).at(0).value<MockDisconnectInfo>().reason,
             QStringLiteral("fault: truncate (FIN)"));
}

void TestMockServerFaults::dropCyclesThroughConnectionModes()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.burst = true;
    QVERIFY(start(server, options));
    QVERIFY(server.applyFault(fault(QStringLiteral("drop every=2 mode=fin,rst,truncate"))) > 0);
    QList<RawClient::End> ends;
    QList<qsizetype> counts;
    for (int i = 0; i < 3; ++i) {
        RawClient client;
        QVERIFY(client.open(server.port()));
        QVERIFY(client.waitForEnd());
        ends.append(client.end());
        counts.append(client.ids().size());
    }
    QCOMPARE(
        ends,
        (QList<RawClient::End> {RawClient::End::Fin, RawClient::End::Reset, RawClient::End::Fin}));
    QCOMPARE(counts.first(), 2);
    QCOMPARE(counts.last(), 1); // truncated: the second event cut
}

void TestMockServerFaults::retryInjected()
{
    MockServer server;
    QVERIFY(start(server, quietOptions()));
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForHead());
    QTRY_COMPARE(server.stats().clients, 1);
    QVERIFY(server.applyFault(fault(QStringLiteral("retry ms=1"))) > 0);
    QVERIFY(client.waitFor([&] { return !client.retries().isEmpty(); }));
    QCOMPARE(client.retries(), QList<qint64> {1});
    QVERIFY(client.events().isEmpty());
}

void TestMockServerFaults::garbage_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QByteArray>("data"); // the garbage event's data, or empty for none
    QTest::addColumn<bool>("closes");
    QTest::newRow("utf8") << "garbage kind=utf8"
                          << QByteArray("bad utf-8 \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD "
                                        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD")
                          << false;
    QTest::newRow("nul") << "garbage kind=nul" << QByteArray("nul \0 byte", 10) << false;
    QTest::newRow("binary") << "garbage kind=binary" << QByteArray() << false;
    QTest::newRow("longline") << "garbage kind=longline bytes=100000" << QByteArray(100000, 'x')
                              << false;
    QTest::newRow("noeol") << "garbage kind=noeol" << QByteArray() << true;
}

void TestMockServerFaults::garbage()
{
    QFETCH(QString, spec);
    QFETCH(QByteArray, data);
    QFETCH(bool, closes);
    MockServer server;
    QVERIFY(start(server, quietOptions()));
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForHead());
    QTRY_COMPARE(server.stats().clients, 1);
    QVERIFY(server.applyFault(fault(spec)) > 0);
    if (closes) {
        QVERIFY(client.waitForEnd());
        QCOMPARE(client.end(), RawClient::End::Fin);
        QVERIFY(client.body().endsWith("a line without end"));
        QVERIFY(client.events().isEmpty()); // an unterminated line is discarded
        return;
    }
    // A retry marker after the garbage shows that the stream is still read as a stream.
    QVERIFY(server.applyFault(fault(QStringLiteral("retry ms=42"))) > 0);
    QVERIFY(client.waitFor([&] { return !client.retries().isEmpty(); }));
    QCOMPARE(client.retries(), QList<qint64> {42});
    if (data.isEmpty()) {
        QVERIFY(client.events().isEmpty());
    } else {
        QCOMPARE(client.events().size(), 1);
        QCOMPARE(client.events().first().data, data);
    }
}

void TestMockServerFaults::stallHoldsThenResumes()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 10;
    options.heartbeatMs = 10;
    QVERIFY(start(server, options));
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForEvents(3));
    QVERIFY(server.applyFault(fault(QStringLiteral("stall for=300ms"))) > 0);
    client.poll();
    const qsizetype before = client.events().size();
    const qint64 stalledAt = client.elapsedMs();
    QVERIFY(client.waitForEvents(before + 5));
    // Nothing for the stall (events held, heartbeats skipped), then the held events, in order.
    QVERIFY2(client.lastByteMs() - stalledAt >= 280,
             qPrintable(QString::number(client.lastByteMs() - stalledAt)));
    const QList<qint64> ids = client.ids();
    QCOMPARE(ids, range(ids.first(), ids.first() + ids.size() - 1));
}

void TestMockServerFaults::heartbeatPauseKeepsEvents()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 20;
    options.heartbeatMs = 5;
    QVERIFY(start(server, options));
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitFor([&] { return client.comments().size() >= 3; }));
    QVERIFY(server.applyFault(fault(QStringLiteral("heartbeat-pause for=400ms"))) > 0);
    // A marker written after the pause: once it is read, so is every heartbeat sent before.
    QVERIFY(server.applyFault(fault(QStringLiteral("retry ms=9"))) > 0);
    QVERIFY(client.waitFor([&] { return !client.retries().isEmpty(); }));
    const qsizetype comments = client.comments().size();
    const qsizetype events = client.events().size();
    QVERIFY(client.waitForEvents(events + 5)); // 100 ms of events
    QCOMPARE(client.comments().size(), comments);
    // And they come back.
    QVERIFY(client.waitFor([&] { return client.comments().size() > comments; }));
}

void TestMockServerFaults::blackholeSendsNothingAndKeepsTheSocket()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 5;
    options.heartbeatMs = 5;
    QVERIFY(start(server, options));
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForEvents(2));
    QVERIFY(server.applyFault(fault(QStringLiteral("blackhole"))) > 0);
    // Bytes handed to the socket before the blackhole may still be on their way: let them land
    // (this wait is meant to time out).
    QVERIFY(!client.waitFor([] { return false; }, 100));
    const QByteArray body = client.body();
    // Silence, and no close either: the wait is meant to time out.
    QVERIFY(!client.waitFor([&] { return client.body() != body; }, 300));
    QCOMPARE(client.end(), RawClient::End::Open);
    QCOMPARE(server.stats().clients, 1);
}

void TestMockServerFaults::latencyDelaysWrites()
{
    MockServer server;
    QVERIFY(start(server, quietOptions()));
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForHead());
    QTRY_COMPARE(server.stats().clients, 1);
    QVERIFY(server.applyFault(fault(QStringLiteral("latency ms=1500"))) > 0);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(server.applyFault(fault(QStringLiteral("retry ms=5"))) > 0);
    QVERIFY(client.waitFor([&] { return !client.retries().isEmpty(); }));
    QVERIFY2(clock.elapsed() >= 1490, qPrintable(QString::number(clock.elapsed())));
    // Cleared, writes go straight out again: far sooner than the 1.5 s latency would allow,
    // with room for a loaded machine.
    server.clearFaults();
    clock.restart();
    QVERIFY(server.applyFault(fault(QStringLiteral("retry ms=6"))) > 0);
    QVERIFY(client.waitFor([&] { return client.retries().size() == 2; }));
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
}

void TestMockServerFaults::bandwidthCapsThroughput()
{
    MockServer server;
    QVERIFY(start(server, quietOptions()));
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForHead());
    QTRY_COMPARE(server.stats().clients, 1);
    QVERIFY(server.applyFault(fault(QStringLiteral("bandwidth bps=4000"))) > 0);
    QElapsedTimer clock;
    clock.start();
    // 4008 bytes at 4000 B/s, of which a first quarter second's worth may go at once.
    QVERIFY(server.applyFault(fault(QStringLiteral("garbage kind=longline bytes=4000"))) > 0);
    QVERIFY(client.waitForEvents(1));
    QVERIFY2(clock.elapsed() >= 650, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(client.events().first().data, QByteArray(4000, 'x'));
}

void TestMockServerFaults::slicerCutsEverywhereButLosesNothing()
{
    // One byte at a time cuts every line, field and multi-byte character; the reader must still
    // get every event whole.
    MockServer server;
    MockServerOptions options = quietOptions();
    options.burst = true;
    options.eventsPerStream = 20;
    options.payloadTemplate = "{{n}} caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";
    QVERIFY(start(server, options));
    QVERIFY(server.applyFault(fault(QStringLiteral("slice bytes=1 delay=0ms"))) > 0);
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.ids(), range(1, 20));
    for (const SseEvent &event : client.events())
        QCOMPARE(event.data, event.id + " caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");

    // With a delay, the pieces take their time.
    MockServer slow;
    options.eventsPerStream = 2;
    options.payloadTemplate = "{{n}}";
    QVERIFY(start(slow, options));
    QVERIFY(slow.applyFault(fault(QStringLiteral("slice bytes=4 delay=10ms"))) > 0);
    RawClient second;
    QVERIFY(second.open(slow.port()));
    QVERIFY(second.waitForEnd());
    QCOMPARE(second.ids(), range(1, 2));
    // The head and two events make about 60 pieces of 4 bytes.
    QVERIFY2(second.lastByteMs() >= 300, qPrintable(QString::number(second.lastByteMs())));
}

void TestMockServerFaults::statusResponses_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("429") << "status code=429 retry-after=2" << 429 << QByteArray("Retry-After")
                         << QByteArray("2");
    QTest::newRow("500") << "status code=500" << 500 << QByteArray("Content-Type")
                         << QByteArray("text/plain; charset=utf-8");
    QTest::newRow("503") << "status code=503 retry-after=5" << 503 << QByteArray("Retry-After")
                         << QByteArray("5");
    QTest::newRow("401") << "status code=401" << 401 << QByteArray("WWW-Authenticate")
                         << QByteArray("Bearer realm=\"ssemon\"");
    QTest::newRow("204") << "status code=204" << 204 << QByteArray("Connection")
                         << QByteArray("close");
}

void TestMockServerFaults::statusResponses()
{
    QFETCH(QString, spec);
    QFETCH(int, status);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    MockServer server;
    QVERIFY(start(server, quietOptions()));
    QSignalSpy fired(&server, &MockServer::faultFired);
    QVERIFY(server.applyFault(fault(spec + QStringLiteral(" count=2"))) > 0);
    for (int i = 0; i < 3; ++i) {
        RawClient client;
        QVERIFY(client.open(server.port()));
        QVERIFY(client.waitForHead());
        // Two connections get the fault, the third the stream.
        QCOMPARE(client.status(), i < 2 ? status : 200);
        if (i < 2)
            QCOMPARE(client.header(header), value);
        if (i < 2) {
            QVERIFY(client.waitForEnd());
            QCOMPARE(client.end(), RawClient::End::Fin);
        }
    }
    QCOMPARE(details(fired),
             (QStringList {QStringLiteral("armed for the next 2 connection(s)"),
                           QStringLiteral("answered %1").arg(status),
                           QStringLiteral("answered %1").arg(status)}));
}

void TestMockServerFaults::contentType_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("present");
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("wrong") << "content-type value=text/html" << true << QByteArray("text/html");
    QTest::newRow("missing") << "content-type value=none" << false << QByteArray();
}

void TestMockServerFaults::contentType()
{
    QFETCH(QString, spec);
    QFETCH(bool, present);
    QFETCH(QByteArray, value);
    MockServer server;
    MockServerOptions options = quietOptions();
    options.burst = true;
    options.eventsPerStream = 2;
    QVERIFY(start(server, options));
    QVERIFY(server.applyFault(fault(spec)) > 0);
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.hasHeader("Content-Type"), present);
    QCOMPARE(client.header("Content-Type"), value);
    QCOMPARE(client.ids(), range(1, 2)); // the body is still a stream
    RawClient next;
    QVERIFY(next.open(server.port()));
    QVERIFY(next.waitForHead());
    QCOMPARE(next.header("Content-Type"), QByteArray("text/event-stream; charset=utf-8"));
}

void TestMockServerFaults::redirect()
{
    MockServer server;
    QVERIFY(start(server, quietOptions()));
    QVERIFY(server.applyFault(fault(QStringLiteral("redirect to=/elsewhere code=307"))) > 0);
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), 307);
    QCOMPARE(client.header("Location"), QByteArray("/elsewhere"));
}

void TestMockServerFaults::slowHeaders()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 10;
    QVERIFY(start(server, options));
    QVERIFY(server.applyFault(fault(QStringLiteral("slow-headers delay=300ms"))) > 0);
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForHead());
    QVERIFY2(client.headMs() >= 280, qPrintable(QString::number(client.headMs())));
    QCOMPARE(client.status(), 200);
    QVERIFY(client.waitForEvents(2));
}

void TestMockServerFaults::refuseClosesThePortForAWhile()
{
    MockServer server;
    QVERIFY(start(server, quietOptions()));
    const quint16 port = server.port();
    QSignalSpy fired(&server, &MockServer::faultFired);
    QVERIFY(server.applyFault(fault(QStringLiteral("refuse for=300ms"))) > 0);
    QVERIFY(!server.isListening());
    QCOMPARE(server.port(), port);
    RawClient refused;
    QVERIFY(!refused.open(port));
    QVERIFY(QTest::qWaitFor([&] { return server.isListening(); }, WaitMs));
    RawClient client;
    QVERIFY(client.open(port));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), 200);
    QCOMPARE(details(fired),
             (QStringList {QStringLiteral("port %1 closed for 300 ms").arg(port),
                           QStringLiteral("port %1 open again").arg(port)}));
}

void TestMockServerFaults::targetsChosenClients()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 5;
    QVERIFY(start(server, options));
    RawClient one;
    RawClient two;
    QVERIFY(one.open(server.port()));
    QVERIFY(one.waitForEvents(1));
    QVERIFY(two.open(server.port()));
    QVERIFY(two.waitForEvents(1));
    QVERIFY(server.applyFault(fault(QStringLiteral("rst clients=2"))) > 0);
    QVERIFY(two.waitForEnd());
    QCOMPARE(two.end(), RawClient::End::Reset);
    const qsizetype seen = one.events().size();
    QVERIFY(one.waitForEvents(seen + 3));
    QCOMPARE(one.end(), RawClient::End::Open);
}

void TestMockServerFaults::repeatingFaultAndRemove()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 2;
    QVERIFY(start(server, options));
    QSignalSpy fired(&server, &MockServer::faultFired);
    const int id = server.applyFault(fault(QStringLiteral("duplicate every=3")));
    QVERIFY(id > 0);
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitFor([&] { return fired.size() >= 3; }));
    server.removeFault(id);
    client.poll();
    const qsizetype count = fired.size();
    const qsizetype events = client.events().size();
    QVERIFY(client.waitForEvents(events + 10));
    QCOMPARE(fired.size(), count);
    QCOMPARE(server.stats().faultsFired, count);
}

void TestMockServerFaults::gzipWithoutPerEventFlush()
{
#ifndef SSEMON_HAVE_ZLIB
    QSKIP("built without zlib: the gzip fault is refused");
#else
    MockServer server;
    MockServerOptions options = quietOptions();
    options.eventMs = 2;
    QVERIFY(start(server, options));
    QVERIFY(server.applyFault(fault(QStringLiteral("gzip"))) > 0);
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.header("Content-Encoding"), QByteArray("gzip"));
    // Events go into the compressor and stay there: nothing but the gzip header arrives.
    QVERIFY(client.waitFor([&] { return server.stats().eventsSent >= 30; }));
    QVERIFY2(client.body().size() <= 10, qPrintable(QString::number(client.body().size())));
    // The end of the stream flushes it all; it inflates to every event, in order.
    QVERIFY(server.applyFault(fault(QStringLiteral("fin"))) > 0);
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), RawClient::End::Fin);
    z_stream stream {};
    QCOMPARE(inflateInit2(&stream, 16 + 15), Z_OK);
    const QByteArray body = client.body();
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(body.constData()));
    stream.avail_in = uInt(body.size());
    QByteArray plain(1 << 20, Qt::Uninitialized);
    stream.next_out = reinterpret_cast<Bytef *>(plain.data());
    stream.avail_out = uInt(plain.size());
    QCOMPARE(inflate(&stream, Z_FINISH), Z_STREAM_END);
    plain.truncate(plain.size() - stream.avail_out);
    inflateEnd(&stream);
    struct Collector : SseParser::Handler
    {
        QList<qint64> ids;
        void event(const SseEvent &event) override { ids.append(event.id.toLongLong()); }
        void comment(QByteArrayView) override { }
        void retry(qint64) override { }
    } collector;
    SseParser parser(&collector);
    parser.feed(plain);
    QVERIFY(collector.ids.size() >= 30);
    QCOMPARE(collector.ids, range(1, collector.ids.size()));
#endif
}

namespace {

Scenario scenario(const QByteArray &steps)
{
    Scenario s;
    QString error;
    if (!ScenarioReader::read(R"({"name": "t", "description": "", "steps": )" + steps + "}",
                              QStringLiteral("t.json"), &s, &error))
        qFatal("%s", qPrintable(error));
    return s;
}

} // namespace

void TestMockServerFaults::scenarioRunsItsTimeline()
{
    MockServer server;
    QVERIFY(start(server, quietOptions()));
    QSignalSpy steps(&server, &MockServer::scenarioStepRun);
    QSignalSpy finished(&server, &MockServer::scenarioFinished);
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForHead());
    QTRY_COMPARE(server.stats().clients, 1);
    server.runScenario(scenario(R"([
        {"set": {"event-ms": 5}},
        {"after": 4, "fault": "fin"},
        {"at": "150ms", "fault": "status code=503"}])"));
    QVERIFY(server.isScenarioRunning());
    QCOMPARE(server.options().eventMs, 5);
    // The fourth event is sent, then the step closes the stream.
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), RawClient::End::Fin);
    QCOMPARE(client.ids(), range(1, 4));
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(finished.at(0).at(0).toString(), QStringLiteral("t"));
    QVERIFY(!server.isScenarioRunning());
    QStringList run;
    for (const QList<QVariant> &arguments : steps)
        run.append(arguments.at(0).toString() + u' ' + arguments.at(1).toString());
    QCOMPARE(
        run,
        (QStringList {QStringLiteral("step 1 set event-ms=5"), QStringLiteral("step 2 fault fin"),
                      QStringLiteral("step 3 fault status code=503")}));
    RawClient next;
    QVERIFY(next.open(server.port()));
    QVERIFY(next.waitForHead());
    QCOMPARE(next.status(), 503);
}

void TestMockServerFaults::scenarioAfterEventsOnBurst()
{
    MockServer server;
    MockServerOptions options = quietOptions();
    options.burst = true;
    QVERIFY(start(server, options));
    server.runScenario(scenario(R"([{"after": 10, "fault": "fin"},
                                    {"after": 10, "fault": "duplicate"}])"));
    RawClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), RawClient::End::Fin);
    QCOMPARE(client.ids(), range(1, 10));
    QVERIFY(!server.isScenarioRunning());
}

QTEST_GUILESS_MAIN(TestMockServerFaults)
#include "tst_mockserverfaults.moc"
