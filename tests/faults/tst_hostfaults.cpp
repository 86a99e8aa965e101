// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The fault catalogue acted out by both hosts of the fault engine, the mock server and the tap
// proxy (in front of a mock server), each case once per host: what a raw client on loopback
// gets (bytes, status, headers, FIN or RST, silence, what the SSE parser makes of it) and what
// the host reports. What only one host does is in tst_mockserverfaults and tst_proxyfaults.
#include "faulthost.h"
#include "faults/scenarioreader.h"
#include "rawsseclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#ifdef SSEMON_HAVE_ZLIB
#include <zlib.h>
#endif

namespace {

using End = RawSseClient::End;
using Kind = FaultHost::Kind;

// Nothing on a schedule unless the test asks for it.
MockServerOptions quietOptions()
{
    MockServerOptions options;
    options.heartbeatMs = 0;
    options.eventMs = 0;
    return options;
}

QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> list;
    for (qint64 i = first; i <= last; ++i)
        list.append(i);
    return list;
}

QList<QByteArray> ids(std::initializer_list<const char *> list)
{
    QList<QByteArray> out;
    for (const char *id : list)
        out.append(id);
    return out;
}

bool consecutive(const QList<qint64> &list)
{
    return list == range(list.value(0), list.value(0) + list.size() - 1);
}

// One row per host for a test without data of its own.
void hostRows()
{
    QTest::addColumn<Kind>("kind");
    for (const Kind kind : FaultHost::kinds())
        QTest::newRow(FaultHost::name(kind)) << kind;
}

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

class TestHostFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void closeNow_data();
    void closeNow();
    void closeAfterNthEvent_data();
    void closeAfterNthEvent();
    void eventFaults_data();
    void eventFaults();
    void truncateCutsMidEvent_data() { hostRows(); }
    void truncateCutsMidEvent();
    void dropCyclesThroughConnectionModes_data() { hostRows(); }
    void dropCyclesThroughConnectionModes();
    void retryInjected_data() { hostRows(); }
    void retryInjected();
    void retryInjectedBetweenEvents_data() { hostRows(); }
    void retryInjectedBetweenEvents();
    void garbage_data();
    void garbage();
    void stallHoldsThenResumes_data() { hostRows(); }
    void stallHoldsThenResumes();
    void heartbeatPauseKeepsEvents_data() { hostRows(); }
    void heartbeatPauseKeepsEvents();
    void blackholeSendsNothingAndKeepsTheSocket_data() { hostRows(); }
    void blackholeSendsNothingAndKeepsTheSocket();
    void latencyDelaysWrites_data() { hostRows(); }
    void latencyDelaysWrites();
    void bandwidthCapsThroughput_data() { hostRows(); }
    void bandwidthCapsThroughput();
    void slicerCutsEverywhereButLosesNothing_data() { hostRows(); }
    void slicerCutsEverywhereButLosesNothing();
    void statusResponses_data();
    void statusResponses();
    void contentType_data();
    void contentType();
    void redirect_data() { hostRows(); }
    void redirect();
    void slowHeaders_data() { hostRows(); }
    void slowHeaders();
    void refuseClosesThePortForAWhile_data() { hostRows(); }
    void refuseClosesThePortForAWhile();
    void gzipWithoutPerEventFlush_data() { hostRows(); }
    void gzipWithoutPerEventFlush();
    void targetsChosenClients_data() { hostRows(); }
    void targetsChosenClients();
    void repeatingFaultAndRemove_data() { hostRows(); }
    void repeatingFaultAndRemove();
    void scenarioRunsItsTimeline_data() { hostRows(); }
    void scenarioRunsItsTimeline();
    void scenarioFromFile_data() { hostRows(); }
    void scenarioFromFile();
};

void TestHostFaults::closeNow_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<End>("end");
    QTest::addColumn<QString>("reason");
    for (const Kind kind : FaultHost::kinds()) {
        QTest::addRow("%s: fin", FaultHost::name(kind))
            << kind << "fin" << End::Fin << "fault: fin (FIN)";
        QTest::addRow("%s: rst", FaultHost::name(kind))
            << kind << "rst" << End::Reset << "fault: rst (RST)";
    }
}

void TestHostFaults::closeNow()
{
    // On a stream in flight: no re-framing needed on a proxy, the stream just ends.
    QFETCH(Kind, kind);
    QFETCH(QString, spec);
    QFETCH(End, end);
    QFETCH(QString, reason);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.eventMs = 5;
    QVERIFY(host.start(options));
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForEvents(3));
    QVERIFY(host.applyFault(spec) > 0);
    QCOMPARE(host.reports().size(), 1); // `now` fires before applyFault() returns
    QCOMPARE(host.reports().at(0).client, 1);
    QCOMPARE(host.reports().at(0).spec, spec);
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), end);
    QTRY_COMPARE(host.disconnectReasons(), QStringList {reason});
    QCOMPARE(host.faultsFired(), 1);
    QTRY_COMPARE(host.streams(), 0);
}

void TestHostFaults::closeAfterNthEvent_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<bool>("burst");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<End>("end");
    for (const Kind kind : FaultHost::kinds()) {
        for (const bool burst : {false, true}) {
            const char *host = FaultHost::name(kind);
            const char *events = burst ? "burst" : "periodic";
            QTest::addRow("%s, %s: fin after=3", host, events)
                << kind << burst << "fin after=3" << End::Fin;
            QTest::addRow("%s, %s: rst after=3", host, events)
                << kind << burst << "rst after=3" << End::Reset;
            QTest::addRow("%s, %s: drop mode=rst after=3", host, events)
                << kind << burst << "drop mode=rst after=3" << End::Reset;
        }
    }
}

void TestHostFaults::closeAfterNthEvent()
{
    // The third event is sent, then the connection ends: on loopback the peer reads exactly
    // three, also before a reset (what reached its kernel stays readable).
    QFETCH(Kind, kind);
    QFETCH(bool, burst);
    QFETCH(QString, spec);
    QFETCH(End, end);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.burst = burst;
    options.eventMs = 5;
    QVERIFY(host.start(options));
    QVERIFY(host.applyFault(spec) > 0);
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), end);
    QCOMPARE(client.numericIds(), range(1, 3));
    QTRY_COMPARE(host.disconnectReasons().size(), 1);
    const QString reason = host.disconnectReasons().first();
    QVERIFY2(reason.startsWith(QLatin1String("fault: ")), qPrintable(reason));
    QVERIFY2(reason.endsWith(end == End::Fin ? QLatin1String(" (FIN)") : QLatin1String(" (RST)")),
             qPrintable(reason));
    // Only the mock server counts what it sent itself; the proxy's upstream sends on until the
    // proxy closes its side.
    if (!host.isProxy())
        QCOMPARE(host.source().stats().eventsSent, 3);
}

void TestHostFaults::eventFaults_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<bool>("burst");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QList<QByteArray>>("expected"); // the first ids the client gets
    QTest::addColumn<QString>("detail"); // the first report, %1 the event as the host names it
    QTest::addColumn<int>("event");
    QTest::addColumn<bool>("once");
    for (const Kind kind : FaultHost::kinds()) {
        for (const bool burst : {false, true}) {
            const char *host = FaultHost::name(kind);
            const char *events = burst ? "burst" : "periodic";
            QTest::addRow("%s, %s: drop", host, events)
                << kind << burst << "drop after=4" << ids({"1", "2", "3", "5", "6", "7"})
                << "dropped %1" << 4 << true;
            QTest::addRow("%s, %s: drop mode=event", host, events)
                << kind << burst << "drop after=2 mode=event" << ids({"1", "3", "4", "5", "6", "7"})
                << "dropped %1" << 2 << true;
            QTest::addRow("%s, %s: drop every=2", host, events)
                << kind << burst << "drop every=2" << ids({"1", "3", "5", "7"}) << "dropped %1" << 2
                << false;
            QTest::addRow("%s, %s: duplicate", host, events)
                << kind << burst << "duplicate after=2" << ids({"1", "2", "2", "3", "4", "5"})
                << "sent %1 twice" << 2 << true;
            QTest::addRow("%s, %s: reorder", host, events)
                << kind << burst << "reorder after=2" << ids({"1", "3", "2", "4", "5", "6"})
                << "held %1 back behind the next one" << 2 << true;
            QTest::addRow("%s, %s: ids reset", host, events)
                << kind << burst << "ids mode=reset after=2" << ids({"1", "", "3", "4", "5", "6"})
                << "sent %1 with an empty id" << 2 << true;
            QTest::addRow("%s, %s: ids rewrite", host, events)
                << kind << burst << "ids mode=rewrite value=77 after=2"
                << ids({"1", "77", "3", "4", "5", "6"}) << "sent %1 with id 77" << 2 << true;
            QTest::addRow("%s, %s: ids rewrite, not a number", host, events)
                << kind << burst << "ids mode=rewrite value=zz after=2"
                << ids({"1", "zz", "3", "4", "5", "6"}) << "sent %1 with id zz" << 2 << true;
        }
    }
}

void TestHostFaults::eventFaults()
{
    // Periodic events (counted once per broadcast on the mock server) and burst streams (their
    // own events); on a proxy, the events of the connection.
    QFETCH(Kind, kind);
    QFETCH(bool, burst);
    QFETCH(QString, spec);
    QFETCH(QList<QByteArray>, expected);
    QFETCH(QString, detail);
    QFETCH(int, event);
    QFETCH(bool, once);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.burst = burst;
    options.eventMs = 2;
    options.eventsPerStream = 8;
    options.payloadTemplate = "event {{n}}";
    QVERIFY(host.start(options));
    QVERIFY(host.applyFault(spec) > 0);
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), End::Fin); // the event limit (the upstream's, on a proxy)
    QCOMPARE(client.status(), 200);
    QVERIFY2(client.ids().size() >= expected.size(), client.body().constData());
    QCOMPARE(client.ids().first(expected.size()), expected);
    for (const SseEvent &received : client.events())
        QVERIFY(received.data.startsWith("event "));
    QVERIFY(!host.reports().isEmpty());
    QCOMPARE(host.reports().first().detail, detail.arg(host.eventLabel(event)));
    if (once)
        QCOMPARE(host.reports().size(), 1);
    QCOMPARE(host.reports().first().client, 1);
}

void TestHostFaults::truncateCutsMidEvent()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.burst = true;
    QVERIFY(host.start(options));
    QVERIFY(host.applyFault(QStringLiteral("truncate after=3")) > 0);
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), End::Fin);
    QCOMPARE(client.numericIds(), range(1, 2)); // the third was cut and discarded, id included
    QVERIFY(!client.body().endsWith("\n\n"));
    QVERIFY(client.body().contains("id: 3\n"));
    QTRY_COMPARE(host.disconnectReasons(), QStringList {QStringLiteral("fault: truncate (FIN)")});
    QCOMPARE(
        host.details(),
        QStringList {QStringLiteral("truncated %1, then closed (FIN)").arg(host.eventLabel(3))});
}

void TestHostFaults::dropCyclesThroughConnectionModes()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.burst = true;
    QVERIFY(host.start(options));
    QVERIFY(host.applyFault(QStringLiteral("drop every=2 mode=fin,rst,truncate")) > 0);
    QList<End> ends;
    QList<qsizetype> counts;
    for (int i = 0; i < 3; ++i) {
        RawSseClient client;
        QVERIFY(client.open(host.port()));
        QVERIFY(client.waitForEnd());
        ends.append(client.end());
        counts.append(client.events().size());
    }
    QCOMPARE(ends, (QList<End> {End::Fin, End::Reset, End::Fin}));
    QCOMPARE(counts.first(), 2);
    QCOMPARE(counts.last(), 1); // truncated: the second event cut
}

void TestHostFaults::retryInjected()
{
    // On a stream with nothing on it yet.
    QFETCH(Kind, kind);
    FaultHost host(kind);
    QVERIFY(host.start(quietOptions()));
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForHead());
    QTRY_COMPARE(host.streams(), 1);
    QVERIFY(host.applyFault(QStringLiteral("retry ms=1")) > 0);
    QVERIFY(client.waitFor([&] { return !client.retries().isEmpty(); }));
    QCOMPARE(client.retries(), QList<qint64> {1});
    QVERIFY(client.events().isEmpty());
    QCOMPARE(host.details(), QStringList {QStringLiteral("sent retry: 1")});
}

void TestHostFaults::retryInjectedBetweenEvents()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.eventMs = 5;
    options.eventsPerStream = 6;
    QVERIFY(host.start(options));
    QVERIFY(host.applyFault(QStringLiteral("retry ms=1234 after=2")) > 0);
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.retries(), QList<qint64> {1234});
    // Injected between events: none is lost or changed.
    QCOMPARE(client.numericIds(), range(1, 6));
    QCOMPARE(host.details(), QStringList {QStringLiteral("sent retry: 1234")});
}

void TestHostFaults::garbage_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QByteArray>("data"); // the garbage event's data, or empty for none
    QTest::addColumn<bool>("closes");
    for (const Kind kind : FaultHost::kinds()) {
        const char *host = FaultHost::name(kind);
        QTest::addRow("%s: utf8", host)
            << kind << "garbage kind=utf8"
            << QByteArray("bad utf-8 \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD "
                          "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD")
            << false;
        QTest::addRow("%s: nul", host)
            << kind << "garbage kind=nul" << QByteArray("nul \0 byte", 10) << false;
        QTest::addRow("%s: binary", host) << kind << "garbage kind=binary" << QByteArray() << false;
        QTest::addRow("%s: longline", host)
            << kind << "garbage kind=longline bytes=100000" << QByteArray(100000, 'x') << false;
        QTest::addRow("%s: noeol", host) << kind << "garbage kind=noeol" << QByteArray() << true;
    }
}

void TestHostFaults::garbage()
{
    QFETCH(Kind, kind);
    QFETCH(QString, spec);
    QFETCH(QByteArray, data);
    QFETCH(bool, closes);
    FaultHost host(kind);
    QVERIFY(host.start(quietOptions()));
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForHead());
    QTRY_COMPARE(host.streams(), 1);
    QVERIFY(host.applyFault(spec) > 0);
    if (closes) {
        QVERIFY(client.waitForEnd());
        QCOMPARE(client.end(), End::Fin);
        QVERIFY(client.body().endsWith("a line without end"));
        QVERIFY(client.events().isEmpty()); // an unterminated line is discarded
        return;
    }
    // A retry marker after the garbage shows that the stream is still read as a stream.
    QVERIFY(host.applyFault(QStringLiteral("retry ms=42")) > 0);
    QVERIFY(client.waitFor([&] { return !client.retries().isEmpty(); }));
    QCOMPARE(client.retries(), QList<qint64> {42});
    if (data.isEmpty()) {
        QVERIFY(client.events().isEmpty());
    } else {
        QCOMPARE(client.events().size(), 1);
        QCOMPARE(client.events().first().data, data);
    }
}

void TestHostFaults::stallHoldsThenResumes()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.eventMs = 10;
    options.heartbeatMs = 10;
    QVERIFY(host.start(options));
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForEvents(3));
    QElapsedTimer clock;
    clock.start();
    QVERIFY(host.applyFault(QStringLiteral("stall for=300ms")) > 0);
    client.poll();
    const qsizetype before = client.events().size();
    const qint64 stalledAt = client.elapsedMs();
    // Nothing for the stall (events held, heartbeats skipped), then what was held, in order,
    // nothing lost.
    QVERIFY(client.waitFor([&] { return client.events().size() > before + 1; }));
    QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(client.waitForEvents(before + 5));
    QVERIFY2(client.lastByteMs() - stalledAt >= 280,
             qPrintable(QString::number(client.lastByteMs() - stalledAt)));
    QVERIFY(client.waitForEvents(before + 10));
    QVERIFY(consecutive(client.numericIds()));
}

void TestHostFaults::heartbeatPauseKeepsEvents()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.eventMs = 20;
    options.heartbeatMs = 5;
    QVERIFY(host.start(options));
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitFor([&] { return client.comments().size() >= 3; }));
    // Long enough for the events below even on a loaded machine, short enough to see the end.
    QVERIFY(host.applyFault(QStringLiteral("heartbeat-pause for=1s")) > 0);
    // A marker written after the pause: once it is read, so is every heartbeat sent before.
    QVERIFY(host.applyFault(QStringLiteral("retry ms=9")) > 0);
    QVERIFY(client.waitFor([&] { return !client.retries().isEmpty(); }));
    // The proxy acts at the next event boundary, by re-framing the stream.
    if (host.isProxy())
        QVERIFY(host.proxy().clients().value(0).reframed);
    const qsizetype comments = client.comments().size();
    const qsizetype events = client.events().size();
    QVERIFY(client.waitForEvents(events + 5)); // 100 ms of events
    QCOMPARE(client.comments().size(), comments);
    QVERIFY(consecutive(client.numericIds()));
    // And they come back.
    QVERIFY(client.waitFor([&] { return client.comments().size() > comments; }));
}

void TestHostFaults::blackholeSendsNothingAndKeepsTheSocket()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.eventMs = 5;
    options.heartbeatMs = 5;
    QVERIFY(host.start(options));
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForEvents(2));
    QVERIFY(host.applyFault(QStringLiteral("blackhole")) > 0);
    // What the host handed to the socket before the fault is still on its way: let it arrive.
    const qint64 handedOver = host.bytesToClients();
    QVERIFY(client.waitFor([&] { return client.receivedBytes() >= handedOver; }));
    // Events keep coming (every 5 ms); for a while nothing reaches the client, and its
    // connection stays open.
    QVERIFY(client.staysSilent(300));
    QCOMPARE(client.end(), End::Open);
    QCOMPARE(host.streams(), 1);
}

void TestHostFaults::latencyDelaysWrites()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    QVERIFY(host.start(quietOptions()));
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForHead());
    QTRY_COMPARE(host.streams(), 1);
    QVERIFY(host.applyFault(QStringLiteral("latency ms=1500")) > 0);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(host.applyFault(QStringLiteral("retry ms=5")) > 0);
    QVERIFY(client.waitFor([&] { return !client.retries().isEmpty(); }));
    QVERIFY2(clock.elapsed() >= 1490, qPrintable(QString::number(clock.elapsed())));
    // Cleared, writes go straight out again: far sooner than the 1.5 s latency would allow,
    // with room for a loaded machine.
    host.clearFaults();
    clock.restart();
    QVERIFY(host.applyFault(QStringLiteral("retry ms=6")) > 0);
    QVERIFY(client.waitFor([&] { return client.retries().size() == 2; }));
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
}

void TestHostFaults::bandwidthCapsThroughput()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    QVERIFY(host.start(quietOptions()));
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForHead());
    QTRY_COMPARE(host.streams(), 1);
    QVERIFY(host.applyFault(QStringLiteral("bandwidth bps=4000")) > 0);
    QElapsedTimer clock;
    clock.start();
    // 4008 bytes at 4000 B/s, of which a first quarter second's worth may go at once.
    QVERIFY(host.applyFault(QStringLiteral("garbage kind=longline bytes=4000")) > 0);
    QVERIFY(client.waitForEvents(1));
    QVERIFY2(clock.elapsed() >= 650, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(client.events().first().data, QByteArray(4000, 'x'));
}

void TestHostFaults::slicerCutsEverywhereButLosesNothing()
{
    // One byte at a time cuts every line, field and multi-byte character; the reader must still
    // get every event whole, and the bytes are the very bytes sent without the fault.
    QFETCH(Kind, kind);
    MockServerOptions options = quietOptions();
    options.burst = true;
    options.eventsPerStream = 20;
    options.payloadTemplate = "{{n}} caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";
    QByteArray expected;
    {
        FaultHost plain(kind);
        QVERIFY(plain.start(options));
        RawSseClient client;
        QVERIFY(client.open(plain.port()));
        QVERIFY(client.waitForEnd());
        expected = client.rawBody();
        QVERIFY(expected.contains("id: 20\n"));
    }
    FaultHost host(kind);
    QVERIFY(host.start(options));
    QVERIFY(host.applyFault(QStringLiteral("slice bytes=1 delay=0ms")) > 0);
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.rawBody(), expected);
    QCOMPARE(client.numericIds(), range(1, 20));
    for (const SseEvent &event : client.events())
        QCOMPARE(event.data, event.id + " caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");

    // With a delay, the pieces take their time and arrive as pieces: the two events alone make
    // about 40 pieces of 4 bytes.
    options.payloadTemplate = "{{n}} " + QByteArray(60, 's');
    options.burst = false;
    options.eventMs = 5;
    options.eventsPerStream = 0;
    FaultHost slow(kind);
    QVERIFY(slow.start(options));
    QVERIFY(slow.applyFault(QStringLiteral("slice bytes=4 delay=10ms")) > 0);
    RawSseClient second;
    QVERIFY(second.open(slow.port()));
    QVERIFY(second.waitForEvents(2));
    QCOMPARE(second.numericIds().first(2), range(1, 2));
    QVERIFY2(second.lastByteMs() >= 300, qPrintable(QString::number(second.lastByteMs())));
    QVERIFY2(second.reads() > 6, qPrintable(QString::number(second.reads())));

    // The mock server paces a stream to its end. (A proxy writes what its shaper still holds at
    // once when the upstream's body ends, before its FIN: not checked here.)
    if (kind == Kind::Mock) {
        options.burst = true;
        options.eventsPerStream = 2;
        options.payloadTemplate = "{{n}}";
        FaultHost ending(kind);
        QVERIFY(ending.start(options));
        QVERIFY(ending.applyFault(QStringLiteral("slice bytes=4 delay=10ms")) > 0);
        RawSseClient third;
        QVERIFY(third.open(ending.port()));
        QVERIFY(third.waitForEnd());
        QCOMPARE(third.numericIds(), range(1, 2));
        // The head and two events make about 60 pieces of 4 bytes.
        QVERIFY2(third.lastByteMs() >= 300, qPrintable(QString::number(third.lastByteMs())));
    }
}

void TestHostFaults::statusResponses_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");
    for (const Kind kind : FaultHost::kinds()) {
        const char *host = FaultHost::name(kind);
        QTest::addRow("%s: 429", host) << kind << "status code=429 retry-after=2" << 429
                                       << QByteArray("Retry-After") << QByteArray("2");
        QTest::addRow("%s: 500", host)
            << kind << "status code=500" << 500 << QByteArray("Content-Type")
            << QByteArray("text/plain; charset=utf-8");
        QTest::addRow("%s: 503", host) << kind << "status code=503 retry-after=5" << 503
                                       << QByteArray("Retry-After") << QByteArray("5");
        QTest::addRow("%s: 401", host)
            << kind << "status code=401" << 401 << QByteArray("WWW-Authenticate")
            << QByteArray("Bearer realm=\"ssemon\"");
        QTest::addRow("%s: 204", host)
            << kind << "status code=204" << 204 << QByteArray("Connection") << QByteArray("close");
    }
}

void TestHostFaults::statusResponses()
{
    QFETCH(Kind, kind);
    QFETCH(QString, spec);
    QFETCH(int, status);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    FaultHost host(kind);
    QVERIFY(host.start(quietOptions()));
    QVERIFY(host.applyFault(spec + QStringLiteral(" count=2")) > 0);
    for (int i = 0; i < 3; ++i) {
        RawSseClient client;
        QVERIFY(client.open(host.port()));
        QVERIFY(client.waitForHead());
        // Two connections get the fault, the third the stream.
        QCOMPARE(client.status(), i < 2 ? status : 200);
        if (i < 2) {
            QCOMPARE(client.header(header), value);
            QVERIFY(client.waitForEnd());
            QCOMPARE(client.end(), End::Fin);
        }
    }
    QCOMPARE(host.details(),
             (QStringList {QStringLiteral("armed for the next 2 connection(s)"),
                           QStringLiteral("answered %1").arg(status),
                           QStringLiteral("answered %1").arg(status)}));
}

void TestHostFaults::contentType_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("present");
    QTest::addColumn<QByteArray>("value");
    for (const Kind kind : FaultHost::kinds()) {
        QTest::addRow("%s: wrong", FaultHost::name(kind))
            << kind << "content-type value=text/html" << true << QByteArray("text/html");
        QTest::addRow("%s: missing", FaultHost::name(kind))
            << kind << "content-type value=none" << false << QByteArray();
    }
}

void TestHostFaults::contentType()
{
    QFETCH(Kind, kind);
    QFETCH(QString, spec);
    QFETCH(bool, present);
    QFETCH(QByteArray, value);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.burst = true;
    options.eventsPerStream = 2;
    QVERIFY(host.start(options));
    QVERIFY(host.applyFault(spec) > 0);
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.hasHeader("Content-Type"), present);
    QCOMPARE(client.header("Content-Type"), value);
    QCOMPARE(client.numericIds(), range(1, 2)); // the body is still the stream
    RawSseClient next;
    QVERIFY(next.open(host.port()));
    QVERIFY(next.waitForHead());
    QCOMPARE(next.header("Content-Type"), QByteArray("text/event-stream; charset=utf-8"));
}

void TestHostFaults::redirect()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    QVERIFY(host.start(quietOptions()));
    QVERIFY(host.applyFault(QStringLiteral("redirect to=/elsewhere code=307")) > 0);
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), 307);
    QCOMPARE(client.header("Location"), QByteArray("/elsewhere"));
    QVERIFY(client.waitForEnd());
}

void TestHostFaults::slowHeaders()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.eventMs = 10;
    QVERIFY(host.start(options));
    QVERIFY(host.applyFault(QStringLiteral("slow-headers delay=300ms")) > 0);
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForHead());
    QVERIFY2(client.headMs() >= 280, qPrintable(QString::number(client.headMs())));
    QCOMPARE(client.status(), 200);
    QVERIFY(client.waitForEvents(2));
}

void TestHostFaults::refuseClosesThePortForAWhile()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.eventMs = 5;
    QVERIFY(host.start(options));
    const quint16 port = host.port();
    QVERIFY(host.applyFault(QStringLiteral("refuse for=300ms")) > 0);
    QVERIFY(!host.isListening());
    QCOMPARE(host.port(), port);
    RawSseClient refused;
    QVERIFY(!refused.open(port));
    QTRY_VERIFY_WITH_TIMEOUT(host.isListening(), RawSseClient::WaitMs);
    RawSseClient client;
    QVERIFY(client.open(port));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), 200);
    QVERIFY(client.waitForEvents(2));
    QCOMPARE(host.details(),
             (QStringList {QStringLiteral("port %1 closed for 300 ms").arg(port),
                           QStringLiteral("port %1 open again").arg(port)}));
}

void TestHostFaults::gzipWithoutPerEventFlush()
{
#ifndef SSEMON_HAVE_ZLIB
    QSKIP("built without zlib: the gzip fault is refused");
#else
    QFETCH(Kind, kind);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.eventMs = 2;
    options.eventsPerStream = 60;
    QVERIFY(host.start(options));
    QVERIFY(host.applyFault(QStringLiteral("gzip")) > 0);
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.header("Content-Encoding"), QByteArray("gzip"));
    // Events go into the compressor and stay there: nothing but the gzip header (magic 1f 8b)
    // arrives, and no event is readable without inflating.
    QVERIFY(client.waitFor([&] { return host.eventsPassed() >= 30; }));
    QVERIFY2(client.body().size() <= 10, qPrintable(QString::number(client.body().size())));
    QVERIFY(client.body().startsWith("\x1f\x8b"));
    QVERIFY(client.events().isEmpty());
    // A fin fault ends the gzip stream before the FIN: what the compressor held and the
    // trailer. It inflates to every event sent, in order.
    QVERIFY(host.applyFault(QStringLiteral("fin")) > 0);
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), End::Fin);
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

void TestHostFaults::targetsChosenClients()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.eventMs = 5;
    QVERIFY(host.start(options));
    RawSseClient one;
    RawSseClient two;
    QVERIFY(one.open(host.port()));
    QVERIFY(one.waitForEvents(1));
    QVERIFY(two.open(host.port()));
    QVERIFY(two.waitForEvents(1));
    QVERIFY(host.applyFault(QStringLiteral("rst clients=2")) > 0);
    QVERIFY(two.waitForEnd());
    QCOMPARE(two.end(), End::Reset);
    const qsizetype seen = one.events().size();
    QVERIFY(one.waitForEvents(seen + 3));
    QCOMPARE(one.end(), End::Open);
}

void TestHostFaults::repeatingFaultAndRemove()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.eventMs = 2;
    QVERIFY(host.start(options));
    const int id = host.applyFault(QStringLiteral("duplicate every=3"));
    QVERIFY(id > 0);
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitFor([&] { return host.reports().size() >= 3; }));
    QVERIFY(host.removeFault(id));
    client.poll();
    const qsizetype count = host.reports().size();
    const qsizetype events = client.events().size();
    QVERIFY(client.waitForEvents(events + 10));
    QCOMPARE(host.reports().size(), count);
    QCOMPARE(host.faultsFired(), count);
}

void TestHostFaults::scenarioRunsItsTimeline()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    QVERIFY(host.start(quietOptions()));
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForHead());
    QTRY_COMPARE(host.streams(), 1);
    host.runScenario(scenario(R"([
        {"set": {"event-ms": 5}},
        {"after": 4, "fault": "fin"},
        {"at": "150ms", "fault": "status code=503"}])"));
    QVERIFY(host.isScenarioRunning());
    if (host.isProxy()) {
        // A proxy has no settings of its own: the step is reported with the reason and
        // skipped, and the test sets what the step would have set, on the upstream.
        QVERIFY2(host.scenarioErrors().value(0).contains(QLatin1String("proxy")),
                 qPrintable(host.scenarioErrors().value(0)));
        host.source().setEventInterval(5);
    } else {
        QCOMPARE(host.scenarioErrors(), QStringList {QString()});
        QCOMPARE(host.source().options().eventMs, 5);
    }
    // The fourth event is sent, then the step closes the stream.
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), End::Fin);
    QCOMPARE(client.numericIds(), range(1, 4));
    QTRY_COMPARE_WITH_TIMEOUT(host.scenariosFinished(), QStringList {QStringLiteral("t")},
                              RawSseClient::WaitMs);
    QVERIFY(!host.isScenarioRunning());
    QCOMPARE(
        host.scenarioSteps(),
        (QStringList {QStringLiteral("step 1 set event-ms=5"), QStringLiteral("step 2 fault fin"),
                      QStringLiteral("step 3 fault status code=503")}));
    QCOMPARE(host.scenarioErrors().mid(1), (QStringList {QString(), QString()}));
    RawSseClient next;
    QVERIFY(next.open(host.port()));
    QVERIFY(next.waitForHead());
    QCOMPARE(next.status(), 503);
}

void TestHostFaults::scenarioFromFile()
{
    QFETCH(Kind, kind);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("scenario.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "from-file", "description": "drop, then duplicate", "steps": [
        {"at": "0s", "set": {"event-ms": 50}},
        {"after": 2, "fault": "drop"},
        {"after": 4, "fault": "duplicate"}]})");
    file.close();
    Scenario scenario;
    QString error;
    QVERIFY2(ScenarioReader::readFile(path, &scenario, &error), qPrintable(error));

    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.eventsPerStream = 6;
    QVERIFY(host.start(options));
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForHead());
    QTRY_COMPARE(host.streams(), 1);
    host.runScenario(scenario);
    QCOMPARE(host.scenarioSteps().size(), 1);
    if (host.isProxy()) {
        // The setting does not apply to a proxy: reported, with the reason, and skipped.
        QVERIFY(host.scenarioErrors().first().contains(QLatin1String("proxy")));
        host.source().setEventInterval(50);
    } else {
        QVERIFY(host.scenarioErrors().first().isEmpty());
    }
    QVERIFY(client.waitForEnd());
    // Step 2 runs once event 2 has passed: event 3 is dropped; step 3 once event 4 has passed
    // (a dropped event counts): event 5 goes twice.
    QVERIFY2(client.ids().size() >= 6, client.body().constData());
    QCOMPARE(client.ids().first(6), ids({"1", "2", "4", "5", "5", "6"}));
    QCOMPARE(host.scenarioSteps().size(), 3);
    QCOMPARE(host.scenariosFinished().size(), 1);
}

QTEST_GUILESS_MAIN(TestHostFaults)
#include "tst_hostfaults.moc"
