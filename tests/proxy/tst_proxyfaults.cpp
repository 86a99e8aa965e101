// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// What only the tap proxy does with faults, seen from a raw client on loopback: the chunk
// framing it sends stays valid when a fault changed the bytes of a chunked upstream, it is
// transparent when no fault is active, a fault added mid-stream acts from the next event
// boundary, and answers of its own (response faults, upstream errors) never reach or need the
// upstream. The fault catalogue on both hosts (the mock server and the tap proxy) is
// tests/faults/tst_hostfaults.
#include "faultfixture.h"
#include "faults/scenarioreader.h"
#include "http/inflater.h"
#include "proxy/tapproxy.h"
#include "rawsseclient.h"
#include "scriptedserver.h"
#include "server/mockserver.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

namespace {

constexpr int WaitMs = 5000;

using End = RawSseClient::End;
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
    void eventFaultsInChunkedFraming_data();
    void eventFaultsInChunkedFraming();
    void truncateCutsMidEventInValidFraming_data();
    void truncateCutsMidEventInValidFraming();
    void closeAfterNthEventInChunkedFraming_data();
    void closeAfterNthEventInChunkedFraming();
    void retryInjectedInChunkedFraming();
    void responsesAnsweredWithoutUpstream_data();
    void responsesAnsweredWithoutUpstream();
    void slicerKeepsChunkFramingIdentical();
    void faultAddedMidStreamActsOnTheNextEvents();
    void transparentWhenNoFaultIsActive();
    void scenarioInChunkedFraming();
    void gzipInChunkedFraming();
    void gzipEndsWithTheUpstream();
    void upstreamErrorsStillExplained();
    void notAppliedToANonSseResponse();

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

// The per-event faults on a close-delimited body are in tst_hostfaults; a chunked upstream is
// re-framed in chunks of the proxy's own.
void TestProxyFaults::eventFaultsInChunkedFraming_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QList<QByteArray>>("expected");
    QTest::newRow("drop after=2") << "drop after=2" << ids({"1", "3", "4", "5", "6"});
    QTest::newRow("drop every=2") << "drop every=2" << ids({"1", "3", "5"});
    QTest::newRow("duplicate after=2")
        << "duplicate after=2" << ids({"1", "2", "2", "3", "4", "5", "6"});
    QTest::newRow("reorder after=2") << "reorder after=2" << ids({"1", "3", "2", "4", "5", "6"});
    QTest::newRow("ids rewrite after=2")
        << "ids mode=rewrite value=zz after=2" << ids({"1", "zz", "3", "4", "5", "6"});
}

void TestProxyFaults::eventFaultsInChunkedFraming()
{
    QFETCH(QString, spec);
    QFETCH(QList<QByteArray>, expected);
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(true));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QSignalSpy fired(&proxy, &TapProxy::faultFired);
    QVERIFY(proxy.applyFault(fault(spec)) > 0);
    RawSseClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), End::Fin);
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.ids(), expected);
    for (const SseEvent &event : client.events())
        QVERIFY(event.data.startsWith("event "));
    QVERIFY(!fired.isEmpty());
    QCOMPARE(fired.first().at(0).value<FaultReport>().client, 1);
    // Re-framed by the proxy: valid, and complete since the upstream's body was.
    QVERIFY(client.chunked());
    QVERIFY2(client.decoder().isDone(), client.rawBody().constData());
}

void TestProxyFaults::truncateCutsMidEventInValidFraming_data()
{
    QTest::addColumn<bool>("chunked");
    QTest::newRow("until close") << false;
    QTest::newRow("chunked") << true;
}

// The exact cut, on a scripted upstream: half of the third event, in both framings.
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
    RawSseClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), End::Fin);
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

void TestProxyFaults::closeAfterNthEventInChunkedFraming_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<End>("end");
    QTest::newRow("fin after=3") << "fin after=3" << End::Fin;
    QTest::newRow("rst after=3") << "rst after=3" << End::Reset;
    QTest::newRow("drop mode=rst after=3") << "drop mode=rst after=3" << End::Reset;
}

void TestProxyFaults::closeAfterNthEventInChunkedFraming()
{
    QFETCH(QString, spec);
    QFETCH(End, end);
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(true));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QSignalSpy closed(&proxy, &TapProxy::connectionClosed);
    QVERIFY(proxy.applyFault(fault(spec)) > 0);
    RawSseClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), end);
    QCOMPARE(client.ids(), ids({"1", "2", "3"}));
    QVERIFY(!closed.isEmpty() || closed.wait(WaitMs));
    QVERIFY(closed.first().at(0).value<ProxyDisconnectInfo>().reason.startsWith(
        QLatin1String("fault: ")));
}

void TestProxyFaults::retryInjectedInChunkedFraming()
{
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(true));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QSignalSpy fired(&proxy, &TapProxy::faultFired);
    QVERIFY(proxy.applyFault(fault(QStringLiteral("retry ms=1234 after=2"))) > 0);
    RawSseClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.retries(), QList<qint64> {1234});
    // Injected between events: none is lost or changed.
    QCOMPARE(client.ids(), ids({"1", "2", "3", "4", "5", "6"}));
    QVERIFY(client.decoder().isDone());
    QCOMPARE(details(fired), QStringList {QStringLiteral("sent retry: 1234")});
}

void TestProxyFaults::responsesAnsweredWithoutUpstream_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("status") << "status code=503 retry-after=2" << 503 << QByteArray("Retry-After")
                            << QByteArray("2");
    QTest::newRow("redirect") << "redirect to=/elsewhere code=307" << 307 << QByteArray("Location")
                              << QByteArray("/elsewhere");
}

// The proxy answers a status or redirect fault itself: the upstream is not asked.
void TestProxyFaults::responsesAnsweredWithoutUpstream()
{
    QFETCH(QString, spec);
    QFETCH(int, status);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(false));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QSignalSpy requests(&proxy, &TapProxy::requestProxied);
    QVERIFY(proxy.applyFault(fault(spec)) > 0);
    RawSseClient first;
    QVERIFY(first.open(proxy.port()));
    QVERIFY(first.waitForEnd());
    QCOMPARE(first.status(), status);
    QCOMPARE(first.header(header), value);
    QCOMPARE(first.end(), End::Fin);
    QCOMPARE(upstream.requestCount(), 0);
    QCOMPARE(requests.size(), 1);
    QVERIFY(!requests.first().at(0).value<ProxyRequestInfo>().fromUpstream);
    // count=1: the next connection goes through.
    RawSseClient second;
    QVERIFY(second.open(proxy.port()));
    QVERIFY(second.waitForEnd());
    QCOMPARE(second.status(), 200);
    QCOMPARE(second.events().size(), 6);
    QCOMPARE(upstream.requestCount(), 1);
}

// A close-delimited body is in tst_hostfaults; here the chunk framing is cut too.
void TestProxyFaults::slicerKeepsChunkFramingIdentical()
{
    const bool chunked = true;
    // What the upstream sends, measured through a proxy without faults first.
    QByteArray expected;
    {
        ScriptedServer upstream;
        QVERIFY(upstream.listen());
        upstream.enqueue(sixEvents(chunked));
        TapProxy proxy;
        QVERIFY(startProxy(proxy, upstream.url()));
        RawSseClient client;
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
    RawSseClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    // Cut into pieces (mid-line, mid-field, mid-chunk-header), but byte for byte the same.
    QCOMPARE(client.rawBody(), expected);
    QCOMPARE(client.ids(), ids({"1", "2", "3", "4", "5", "6"}));
    QVERIFY2(client.reads() > 6, QByteArray::number(client.reads()).constData());
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
    RawSseClient client;
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
    RawSseClient client;
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

// The scenario's timeline on both hosts is in tst_hostfaults; here its faults change the events
// of a chunked upstream.
void TestProxyFaults::scenarioInChunkedFraming()
{
    Scenario scenario;
    QString error;
    QVERIFY2(ScenarioReader::read(R"({"name": "proxy-test", "description": "", "steps": [
        {"after": 2, "fault": "drop"},
        {"after": 4, "fault": "duplicate"}]})",
                                  QStringLiteral("proxy.json"), &scenario, &error),
             qPrintable(error));
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(true));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QSignalSpy steps(&proxy, &TapProxy::scenarioStepRun);
    QSignalSpy finished(&proxy, &TapProxy::scenarioFinished);
    proxy.runScenario(scenario);
    RawSseClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    // Step 1 runs once event 2 has passed: event 3 is dropped; step 2 once event 4 has
    // passed (a dropped event counts, as on the mock server): event 5 goes twice.
    QCOMPARE(client.ids(), ids({"1", "2", "4", "5", "5", "6"}));
    QCOMPARE(steps.size(), 2);
    QCOMPARE(finished.size(), 1);
    QVERIFY(client.decoder().isDone());
}

void TestProxyFaults::gzipInChunkedFraming()
{
    if (!TapProxy::canApply(fault(QStringLiteral("gzip"))))
        QSKIP("built without zlib");
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(sixEvents(true));
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QVERIFY(proxy.applyFault(fault(QStringLiteral("gzip"))) > 0);
    RawSseClient client;
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

// The upstream's body ends (its event limit): the proxy ends the gzip stream with it, and it
// inflates to every event the upstream sent on that stream, in order.
void TestProxyFaults::gzipEndsWithTheUpstream()
{
    if (!TapProxy::canApply(fault(QStringLiteral("gzip"))))
        QSKIP("built without zlib");
    MockServer upstream;
    MockServerOptions options;
    options.heartbeatMs = 0;
    options.eventMs = 2;
    options.eventsPerStream = 40;
    upstream.setOptions(options);
    QVERIFY(upstream.start());
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QVERIFY(proxy.applyFault(fault(QStringLiteral("gzip"))) > 0);
    RawSseClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), End::Fin);
    QCOMPARE(client.header("Content-Encoding"), QByteArray("gzip"));
    Inflater inflater(Inflater::Format::Gzip);
    QByteArray plain;
    QVERIFY(inflater.inflate(client.body(), 1 << 20, &plain) >= 0);
    QVERIFY(inflater.isComplete());
    QList<QByteArray> ids;
    for (const QByteArray &line : plain.split('\n')) {
        if (line.startsWith("id: "))
            ids.append(line.mid(4));
    }
    // The upstream's events are periodic: the stream starts at whichever is next when the
    // proxy's request reaches it, and holds its 40 from there, consecutive.
    QCOMPARE(ids.size(), 40);
    for (int i = 1; i < ids.size(); ++i)
        QCOMPARE(ids.at(i).toInt(), ids.at(0).toInt() + i);
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
    RawSseClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.status(), 502);
    QVERIFY2(client.body().contains("refused the connection"), client.body().constData());
    QCOMPARE(requests.size(), 1);
    QVERIFY(
        requests.first().at(0).value<ProxyRequestInfo>().error.contains(QLatin1String("refused")));
}

// A fault acting per event needs an event stream: on another response it is reported as not
// applied, and the response passes as it came.
void TestProxyFaults::notAppliedToANonSseResponse()
{
    const QByteArray json = R"({"not":"a stream"})";
    ScriptedServer upstream;
    QVERIFY(upstream.listen());
    upstream.enqueue(ServerScript::stream("application/json").send(json)); // stays open
    TapProxy proxy;
    QVERIFY(startProxy(proxy, upstream.url()));
    QSignalSpy fired(&proxy, &TapProxy::faultFired);
    RawSseClient client;
    QVERIFY(client.open(proxy.port()));
    QVERIFY(client.waitFor([&] { return client.body() == json; }));
    QVERIFY(proxy.applyFault(fault(QStringLiteral("retry ms=5"))) > 0);
    QCOMPARE(fired.size(), 1);
    const FaultReport report = fired.first().at(0).value<FaultReport>();
    QCOMPARE(report.state, FaultReport::State::NotApplied);
    QCOMPARE(report.client, 1);
    QVERIFY2(report.detail.startsWith(QLatin1String("not applied: ")), qPrintable(report.detail));
    upstream.sendTo(0, "[1]");
    QVERIFY(client.waitFor([&] { return client.body() == json + "[1]"; }));
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.header("Content-Type"), QByteArray("application/json"));
    QVERIFY(client.retries().isEmpty());
    QCOMPARE(client.end(), End::Open);
}

QTEST_GUILESS_MAIN(TestProxyFaults)
#include "tst_proxyfaults.moc"
