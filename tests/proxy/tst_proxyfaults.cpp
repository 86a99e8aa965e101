// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The fault catalogue acted out by the tap proxy, seen from a raw client on loopback: the events
// the client parses, how its connection ends (FIN or RST), the status and headers it gets, and
// that the chunk framing it receives stays valid when a fault changed the bytes.
#include "faultfixture.h"
#include "faults/faultspec.h"
#include "faults/scenarioreader.h"
#include "http/chunkeddecoder.h"
#include "proxy/tapproxy.h"
#include "scriptedserver.h"
#include "server/mockserver.h"
#include "sse/sseparser.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr int WaitMs = 5000;

// A client on a POSIX socket, so that a FIN (recv returns 0) and a reset (ECONNRESET) can be
// told apart; a chunked body is decoded and its framing checked on the way.
class RawClient : public SseParser::Handler
{
public:
    enum class End { Open, Fin, Reset };

    RawClient()
        : m_parser(this)
    { }
    ~RawClient() override
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

    bool open(quint16 port)
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
        const QByteArray request = "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                   "Accept: text/event-stream\r\n\r\n";
        return ::send(m_fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL)
            == request.size();
    }

    // Turns the event loop (proxy and upstream live in it) and polls the socket every ms.
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
    End end() const { return m_end; }
    QByteArray rawBody() const { return m_rawBody; } // as received, chunk framing included
    qint64 receivedBytes() const { return m_received; } // head and body
    QByteArray body() const { return m_body; } // decoded
    bool chunked() const { return m_chunked; }
    const ChunkedDecoder &decoder() const { return m_decoder; }
    int reads() const { return m_reads; }
    const QList<SseEvent> &events() const { return m_events; }
    const QList<QByteArray> &comments() const { return m_comments; }
    const QList<qint64> &retries() const { return m_retries; }
    QList<QByteArray> ids() const
    {
        QList<QByteArray> list;
        for (const SseEvent &event : m_events)
            list.append(event.id);
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
                ++m_reads;
                received(QByteArray(buffer, n));
            } else if (n == 0) {
                m_end = End::Fin;
            } else if (errno == ECONNRESET) {
                m_end = End::Reset;
            } else {
                return;
            }
        }
    }

private:
    void received(QByteArray bytes)
    {
        m_received += bytes.size();
        if (!m_headDone) {
            m_head += bytes;
            const qsizetype end = m_head.indexOf("\r\n\r\n");
            if (end < 0)
                return;
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
            m_chunked = header("Transfer-Encoding").contains("chunked");
            m_headDone = true;
        }
        m_rawBody += bytes;
        if (!m_chunked) {
            m_body += bytes;
            m_parser.feed(bytes);
            return;
        }
        QByteArrayView rest(bytes);
        while (!rest.isEmpty() && m_decoder.status() == ChunkedDecoder::Status::InProgress) {
            QByteArrayView piece;
            rest = rest.sliced(m_decoder.feed(rest, &piece));
            m_body += piece.toByteArray();
            m_parser.feed(piece);
        }
    }

    int m_fd = -1;
    SseParser m_parser;
    QByteArray m_head;
    qint64 m_received = 0;
    bool m_headDone = false;
    int m_status = 0;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    bool m_chunked = false;
    ChunkedDecoder m_decoder;
    QByteArray m_rawBody;
    QByteArray m_body;
    int m_reads = 0;
    End m_end = End::Open;
    QList<SseEvent> m_events;
    QList<QByteArray> m_comments;
    QList<qint64> m_retries;
};

using TestFaults::fault;

QByteArray eventBytes(int n)
{
    return "id: " + QByteArray::number(n) + "\ndata: event " + QByteArray::number(n) + "\n\n";
}

// Six events, each in a chunk of its own when chunked, a little apart, then the end.
ServerScript sixEvents(bool chunked)
{
    ServerScript script = ServerScript::stream();
    if (chunked)
        script.header("Transfer-Encoding", "chunked");
    for (int n = 1; n <= 6; ++n) {
        const QByteArray event = eventBytes(n);
        script.send(chunked ? QByteArray::number(event.size(), 16) + ";n=" + QByteArray::number(n)
                            + "\r\n" + event + "\r\n"
                            : event);
        script.wait(5);
    }
    if (chunked)
        script.send("0\r\n\r\n");
    return script.close();
}

QList<QByteArray> ids(std::initializer_list<const char *> list)
{
    QList<QByteArray> out;
    for (const char *id : list)
        out.append(id);
    return out;
}

QStringList details(const QSignalSpy &spy)
{
    QStringList list;
    for (const QList<QVariant> &arguments : spy)
        list.append(arguments.at(0).value<FaultReport>().detail);
    return list;
}

} // namespace

class TestProxyFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eventFaults_data();
    void eventFaults();
    void truncateCutsMidEventInValidFraming_data();
    void truncateCutsMidEventInValidFraming();
    void closeAfterNthEvent_data();
    void closeAfterNthEvent();
    void closeNowOnALiveStream();
    void retryInjected();
    void statusAnsweredWithoutUpstream();
    void contentTypeAndRedirect();
    void slicerKeepsBytesIdentical_data();
    void slicerKeepsBytesIdentical();
    void stallHoldsThenResumes();
    void blackholeSendsNothingAndKeepsTheSocket();
    void heartbeatPauseKeepsEvents();
    void faultAddedMidStreamActsOnTheNextEvents();
    void transparentWhenNoFaultIsActive();
    void scenarioFromFile();
    void refuseClosesThePort();
    void gzipWithoutPerEventFlush();
    void slowHeadersHoldTheResponse();
    void upstreamErrorsStillExplained();

private:
    bool startProxy(TapProxy &proxy, const QUrl &upstream)
    {
        TapProxyOptions options;
        options.upstream = upstream;
        proxy.setOptions(options);
        QString error;
        const bool ok = proxy.start(&error);
        if (!ok)
            qWarning("proxy: %s", qPrintable(error));
        return ok;
    }
};

void TestProxyFaults::eventFaults_data()
{
    QTest::addColumn<bool>("chunked");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QList<QByteArray>>("expected");
    for (const bool chunked : {false, true}) {
        const char *framing = chunked ? "chunked" : "until close";
        QTest::addRow("%s: drop after=2", framing)
            << chunked << "drop after=2" << ids({"1", "3", "4", "5", "6"});
        QTest::addRow("%s: drop every=2", framing)
            << chunked << "drop every=2" << ids({"1", "3", "5"});
        QTest::addRow("%s: duplicate after=2", framing)
            << chunked << "duplicate after=2" << ids({"1", "2", "2", "3", "4", "5", "6"});
        QTest::addRow("%s: reorder after=2", framing)
            << chunked << "reorder after=2" << ids({"1", "3", "2", "4", "5", "6"});
        QTest::addRow("%s: ids rewrite after=2", framing)
            << chunked << "ids mode=rewrite value=zz after=2"
            << ids({"1", "zz", "3", "4", "5", "6"});
    }
}

void TestProxyFaults::eventFaults()
{
    QFETCH(bool, chunked);
    QFETCH(QString, spec);
    QFETCH(QList<QByteArray>, expected);
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(chunked));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QSignalSpy fired(&proxy, &TapProxy::faultFired);
    QVERIFY(proxy.applyFault(fault(spec)) > 0);
    RawClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), RawClient::End::Fin);
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.ids(), expected);
    for (const SseEvent &event : client.events())
        QVERIFY(event.data.startsWith("event "));
    QVERIFY(!fired.isEmpty());
    QCOMPARE(fired.first().at(0).value<FaultReport>().client, 1);
    if (chunked) {
        // Re-framed by the proxy: valid, and complete since the upstream's body was.
        QVERIFY(client.chunked());
        QVERIFY2(client.decoder().isDone(), client.rawBody().constData());
    }
}

void TestProxyFaults::truncateCutsMidEventInValidFraming_data()
{
    QTest::addColumn<bool>("chunked");
    QTest::newRow("until close") << false;
    QTest::newRow("chunked") << true;
}

void TestProxyFaults::truncateCutsMidEventInValidFraming()
{
    QFETCH(bool, chunked);
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(chunked));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QSignalSpy fired(&proxy, &TapProxy::faultFired);
    QVERIFY(proxy.applyFault(fault(QStringLiteral("truncate after=3"))) > 0);
    RawClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), RawClient::End::Fin);
    // Events 1 and 2, then half of event 3: the parser discards it, id included.
    QCOMPARE(client.ids(), ids({"1", "2"}));
    const QByteArray whole = eventBytes(1) + eventBytes(2);
    QVERIFY(client.body().startsWith(whole));
    QCOMPARE(client.body().mid(whole.size()), eventBytes(3).first(eventBytes(3).size() / 2));
    if (chunked) {
        // Cut, but never broken: no framing error, just no last chunk.
        QVERIFY(!client.decoder().hasError());
        QVERIFY(!client.decoder().isDone());
    }
    QCOMPARE(details(fired),
             QStringList {QStringLiteral("truncated event id 3, then closed (FIN)")});
}

void TestProxyFaults::closeAfterNthEvent_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<RawClient::End>("end");
    QTest::newRow("fin after=3") << "fin after=3" << RawClient::End::Fin;
    QTest::newRow("rst after=3") << "rst after=3" << RawClient::End::Reset;
    QTest::newRow("drop mode=rst after=3") << "drop mode=rst after=3" << RawClient::End::Reset;
}

void TestProxyFaults::closeAfterNthEvent()
{
    QFETCH(QString, spec);
    QFETCH(RawClient::End, end);
    for (const bool chunked : {false, true}) {
        ScriptedServer upstream;
        QVERIFY(upstream.listen());
        upstream.enqueue(sixEvents(chunked));
        TapProxy proxy;
        QVERIFY(startProxy(proxy, upstream.url()));
        QSignalSpy closed(&proxy, &TapProxy::connectionClosed);
        QVERIFY(proxy.applyFault(fault(spec)) > 0);
        RawClient client;
        QVERIFY(client.open(proxy.port()));
        QVERIFY(client.waitForEnd());
        QCOMPARE(client.end(), end);
        QCOMPARE(client.ids(), ids({"1", "2", "3"}));
        QVERIFY(!closed.isEmpty() || closed.wait(WaitMs));
        QVERIFY(closed.first().at(0).value<ProxyDisconnectInfo>().reason.startsWith(
            QLatin1String("fault: ")));
    }
}

void TestProxyFaults::closeNowOnALiveStream()
{
    // fin and rst `now` on a stream in flight: no re-framing needed, the stream just ends.
    for (const auto &[spec, end] :
         {std::pair {"fin", RawClient::End::Fin}, std::pair {"rst", RawClient::End::Reset}}) {
        MockServer upstream;
        MockServerOptions options;
        options.heartbeatMs = 0;
        options.eventMs = 10;
        upstream.setOptions(options);
        QVERIFY(upstream.start());
        TapProxy proxy;
        QVERIFY(startProxy(proxy, upstream.url()));
        RawClient client;
        QVERIFY(client.open(proxy.port()));
        QVERIFY(client.waitForEvents(2));
        QVERIFY(proxy.applyFault(fault(QLatin1String(spec))) > 0);
        QVERIFY(client.waitForEnd());
        QCOMPARE(client.end(), end);
    }
}

void TestProxyFaults::retryInjected()
{
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(true));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QSignalSpy fired(&proxy, &TapProxy::faultFired);
    QVERIFY(proxy.applyFault(fault(QStringLiteral("retry ms=1234 after=2"))) > 0);
    RawClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.retries(), QList<qint64> {1234});
    // Injected between events: none is lost or changed.
    QCOMPARE(client.ids(), ids({"1", "2", "3", "4", "5", "6"}));
    QVERIFY(client.decoder().isDone());
    QCOMPARE(details(fired), QStringList {QStringLiteral("sent retry: 1234")});
}

void TestProxyFaults::statusAnsweredWithoutUpstream()
{
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(false));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QSignalSpy requests(&proxy, &TapProxy::requestProxied);
    QVERIFY(proxy.applyFault(fault(QStringLiteral("status code=503 retry-after=2"))) > 0);
    RawClient first;
    QVERIFY(first.open(proxy.port()));
    QVERIFY(first.waitForEnd());
    QCOMPARE(first.status(), 503);
    QCOMPARE(first.header("Retry-After"), QByteArray("2"));
    QCOMPARE(first.end(), RawClient::End::Fin);
    QCOMPARE(upstream.requestCount(), 0);
    QCOMPARE(requests.size(), 1);
    QVERIFY(!requests.first().at(0).value<ProxyRequestInfo>().fromUpstream);
    // count=1: the next connection goes through.
    RawClient second;
    QVERIFY(second.open(proxy.port()));
    QVERIFY(second.waitForEnd());
    QCOMPARE(second.status(), 200);
    QCOMPARE(second.events().size(), 6);
    QCOMPARE(upstream.requestCount(), 1);
}

void TestProxyFaults::contentTypeAndRedirect()
{
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(false));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QVERIFY(proxy.applyFault(fault(QStringLiteral("content-type value=text/html"))) > 0);
    RawClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.header("Content-Type"), QByteArray("text/html"));
    QCOMPARE(client.events().size(), 6); // the body is the upstream's

    QVERIFY(proxy.applyFault(fault(QStringLiteral("redirect to=/elsewhere code=307"))) > 0);
    RawClient redirected;
    QVERIFY(redirected.open(proxy.port()));
    QVERIFY(redirected.waitForEnd());
    QCOMPARE(redirected.status(), 307);
    QCOMPARE(redirected.header("Location"), QByteArray("/elsewhere"));
    QCOMPARE(upstream.requestCount(), 1);
}

void TestProxyFaults::slicerKeepsBytesIdentical_data()
{
    QTest::addColumn<bool>("chunked");
    QTest::newRow("until close") << false;
    QTest::newRow("chunked") << true;
}

void TestProxyFaults::slicerKeepsBytesIdentical()
{
    QFETCH(bool, chunked);
    // What the upstream sends, measured through a proxy without faults first.
    QByteArray expected;
    {
        ScriptedServer upstream;
        QVERIFY(upstream.listen());
        upstream.enqueue(sixEvents(chunked));
        TapProxy proxy;
        QVERIFY(startProxy(proxy, upstream.url()));
        RawClient client;
        QVERIFY(client.open(proxy.port()));
        QVERIFY(client.waitForEnd());
        expected = client.rawBody();
        QVERIFY(expected.contains(eventBytes(6)));
    }
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(chunked));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QVERIFY(proxy.applyFault(fault(QStringLiteral("slice bytes=3 delay=1ms"))) > 0);
    RawClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    // Cut into pieces (mid-line, mid-field, mid-chunk-header), but byte for byte the same.
    QCOMPARE(client.rawBody(), expected);
    QCOMPARE(client.ids(), ids({"1", "2", "3", "4", "5", "6"}));
    QVERIFY2(client.reads() > 6, QByteArray::number(client.reads()).constData());
}

void TestProxyFaults::stallHoldsThenResumes()
{
    MockServer upstream;
    MockServerOptions options;
    options.heartbeatMs = 0;
    options.eventMs = 10;
    upstream.setOptions(options);
    QVERIFY(upstream.start());
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    RawClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEvents(2));
    QElapsedTimer clock;
    clock.start();
    QVERIFY(proxy.applyFault(fault(QStringLiteral("stall for=300ms"))) > 0);
    const qsizetype before = client.events().size();
    // Nothing until the stall is over, then what was held, in order, nothing lost.
    QVERIFY(client.waitFor([&] { return client.events().size() > before + 1; }));
    QVERIFY2(clock.elapsed() >= 250, QByteArray::number(clock.elapsed()).constData());
    QVERIFY(client.waitForEvents(before + 10));
    const QList<SseEvent> &events = client.events();
    for (qsizetype i = 1; i < events.size(); ++i)
        QCOMPARE(events.at(i).id.toLongLong(), events.at(i - 1).id.toLongLong() + 1);
}

void TestProxyFaults::blackholeSendsNothingAndKeepsTheSocket()
{
    MockServer upstream;
    MockServerOptions options;
    options.heartbeatMs = 5;
    options.eventMs = 5;
    upstream.setOptions(options);
    QVERIFY(upstream.start());
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    RawClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEvents(2));
    QVERIFY(proxy.applyFault(fault(QStringLiteral("blackhole"))) > 0);
    // What the proxy wrote before the fault is still on its way: let it arrive first.
    const qint64 handedOver = proxy.stats().bytesToClients;
    QVERIFY(client.waitFor([&] { return client.receivedBytes() >= handedOver; }));
    const QByteArray seen = client.rawBody();
    // The upstream keeps sending; for a while (events every 5 ms) nothing reaches the client,
    // and its connection stays open.
    QVERIFY(!client.waitFor([&] { return client.rawBody() != seen; }, 300));
    QCOMPARE(client.end(), RawClient::End::Open);
    QCOMPARE(proxy.clients().size(), 1);
}

void TestProxyFaults::heartbeatPauseKeepsEvents()
{
    MockServer upstream;
    MockServerOptions options;
    options.heartbeatMs = 5;
    options.eventMs = 20;
    upstream.setOptions(options);
    QVERIFY(upstream.start());
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    RawClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitFor([&] { return client.comments().size() >= 2; }));
    QVERIFY(proxy.applyFault(fault(QStringLiteral("heartbeat-pause for=10s"))) > 0);
    // Once the pause is on (at the next boundary), events flow and heartbeats do not.
    QVERIFY(client.waitFor([&] { return proxy.clients().value(0).reframed; }));
    const qsizetype comments = client.comments().size();
    const qsizetype events = client.events().size();
    QVERIFY(client.waitForEvents(events + 5));
    QCOMPARE(client.comments().size(), comments);
    const QList<SseEvent> &all = client.events();
    for (qsizetype i = 1; i < all.size(); ++i)
        QCOMPARE(all.at(i).id.toLongLong(), all.at(i - 1).id.toLongLong() + 1);
}

void TestProxyFaults::faultAddedMidStreamActsOnTheNextEvents()
{
    MockServer upstream;
    MockServerOptions options;
    options.heartbeatMs = 0;
    options.eventMs = 10;
    upstream.setOptions(options);
    QVERIFY(upstream.start());
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    RawClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEvents(3));
    QSignalSpy fired(&proxy, &TapProxy::faultFired);
    QVERIFY(proxy.applyFault(fault(QStringLiteral("drop every=2"))) > 0);
    QVERIFY(!fired.isEmpty() || fired.wait(WaitMs));
    QVERIFY(client.waitForEvents(client.events().size() + 6));
    // Every dropped id is reported and missing; the others arrive once, in order.
    QList<qint64> dropped;
    for (const QList<QVariant> &arguments : std::as_const(fired)) {
        const QString detail = arguments.at(0).value<FaultReport>().detail;
        QVERIFY2(detail.startsWith(QLatin1String("dropped event id ")), qPrintable(detail));
        dropped.append(detail.mid(17).toLongLong());
    }
    QList<qint64> received;
    for (const SseEvent &event : client.events())
        received.append(event.id.toLongLong());
    for (qint64 id : std::as_const(dropped))
        QVERIFY(!received.contains(id));
    for (qsizetype i = 1; i < received.size(); ++i)
        QVERIFY(received.at(i) > received.at(i - 1));
    QCOMPARE(received.last() - received.first() + 1,
             qint64(received.size())
                 + qint64(std::count_if(dropped.cbegin(), dropped.cend(),
                                        [&](qint64 id) { return id < received.last(); })));
}

void TestProxyFaults::transparentWhenNoFaultIsActive()
{
    // Faults engaged, then gone: the chunk framing (extensions included) still passes as is.
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(true));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    const int id = proxy.applyFault(fault(QStringLiteral("latency ms=1")));
    QVERIFY(id > 0);
    QVERIFY(proxy.removeFault(id));
    QVERIFY(proxy.faults().isEmpty());
    RawClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    QByteArray expected;
    for (int n = 1; n <= 6; ++n) {
        const QByteArray event = eventBytes(n);
        expected += QByteArray::number(event.size(), 16) + ";n=" + QByteArray::number(n) + "\r\n"
            + event + "\r\n";
    }
    expected += "0\r\n\r\n";
    QCOMPARE(client.rawBody(), expected);
}

void TestProxyFaults::scenarioFromFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("proxy.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "proxy-test", "description": "drop, then duplicate", "steps": [
        {"at": "0s", "set": {"event-ms": 50}},
        {"after": 2, "fault": "drop"},
        {"after": 4, "fault": "duplicate"}]})");
    file.close();
    Scenario scenario;
    QString error;
    QVERIFY2(ScenarioReader::readFile(path, &scenario, &error), qPrintable(error));

    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(true));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QSignalSpy steps(&proxy, &TapProxy::scenarioStepRun);
    QSignalSpy finished(&proxy, &TapProxy::scenarioFinished);
    proxy.runScenario(scenario);
    // The setting does not apply to a proxy: reported, with the reason, and skipped.
    QCOMPARE(steps.size(), 1);
    QVERIFY(steps.first().at(2).toString().contains(QLatin1String("proxy")));
    RawClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    // Step 2 runs once event 2 has passed: event 3 is dropped; step 3 once event 4 has
    // passed (a dropped event counts, as on the mock server): event 5 goes twice.
    QCOMPARE(client.ids(), ids({"1", "2", "4", "5", "5", "6"}));
    QCOMPARE(steps.size(), 3);
    QCOMPARE(finished.size(), 1);
    QVERIFY(client.decoder().isDone());
}

void TestProxyFaults::refuseClosesThePort()
{
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(false));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    const quint16 port = proxy.port();
    QSignalSpy fired(&proxy, &TapProxy::faultFired);
    QVERIFY(proxy.applyFault(fault(QStringLiteral("refuse for=200ms"))) > 0);
    RawClient refused;
    QVERIFY(!refused.open(port));
    QTRY_COMPARE_WITH_TIMEOUT(fired.size(), 2, WaitMs);
    QCOMPARE(proxy.port(), port);
    RawClient client;
    QVERIFY(client.open(port));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.events().size(), 6);
}

void TestProxyFaults::gzipWithoutPerEventFlush()
{
    if (!TapProxy::canApply(fault(QStringLiteral("gzip"))))
        QSKIP("built without zlib");
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(true));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QVERIFY(proxy.applyFault(fault(QStringLiteral("gzip"))) > 0);
    RawClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.header("Content-Encoding"), QByteArray("gzip"));
    // A gzip stream (magic 1f 8b) in valid, complete chunk framing; no event is readable
    // without inflating it.
    QVERIFY(client.decoder().isDone());
    QVERIFY(client.body().startsWith("\x1f\x8b"));
    QVERIFY(client.events().isEmpty());
}

void TestProxyFaults::slowHeadersHoldTheResponse()
{
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(false));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QVERIFY(proxy.applyFault(fault(QStringLiteral("slow-headers delay=300ms"))) > 0);
    QElapsedTimer clock;
    clock.start();
    RawClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitFor([&] { return client.status() != 0; }));
    QVERIFY2(clock.elapsed() >= 250, QByteArray::number(clock.elapsed()).constData());
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.events().size(), 6);
}

void TestProxyFaults::upstreamErrorsStillExplained()
{
    // Faults engaged, the upstream gone: the client still gets the proxy's 502 and its reason.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    TapProxy proxy;
    QVERIFY(startProxy(proxy, QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(port))));
    QVERIFY(proxy.applyFault(fault(QStringLiteral("drop every=2"))) > 0);
    QSignalSpy requests(&proxy, &TapProxy::requestProxied);
    RawClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.status(), 502);
    QVERIFY2(client.body().contains("refused the connection"), client.body().constData());
    QCOMPARE(requests.size(), 1);
    QVERIFY(
        requests.first().at(0).value<ProxyRequestInfo>().error.contains(QLatin1String("refused")));
}

QTEST_GUILESS_MAIN(TestProxyFaults)
#include "tst_proxyfaults.moc"
