// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The fault catalogue's connection, event and injection faults acted out by both hosts of the
// fault engine, the mock server and the tap proxy (in front of a mock server), each case once
// per host: closes now and after the Nth event, the per-event faults, injected retry: and
// garbage, stalls, paused heartbeats, blackhole. What a raw client on loopback gets and what
// the host reports. What only one host does is in tst_mockserverfaults and tst_proxyfaults.
#include "faults/scenarioreader.h"
#include "hostfaultstest.h"
#include "rawsseclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#ifdef SSEMON_HAVE_ZLIB
#include <zlib.h>
#endif

using namespace HostFaultsTest;

class TestHostFaultsStream : public QObject
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
    void errorEventEndsTheStream_data() { hostRows(); }
    void errorEventEndsTheStream();
    void notJsonCutsTheData_data() { hostRows(); }
    void notJsonCutsTheData();
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
};

void TestHostFaultsStream::closeNow_data()
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

void TestHostFaultsStream::closeNow()
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

void TestHostFaultsStream::closeAfterNthEvent_data()
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

void TestHostFaultsStream::closeAfterNthEvent()
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

void TestHostFaultsStream::eventFaults_data()
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

void TestHostFaultsStream::eventFaults()
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

void TestHostFaultsStream::truncateCutsMidEvent()
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

void TestHostFaultsStream::dropCyclesThroughConnectionModes()
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

void TestHostFaultsStream::retryInjected()
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

void TestHostFaultsStream::retryInjectedBetweenEvents()
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

void TestHostFaultsStream::garbage_data()
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

void TestHostFaultsStream::garbage()
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

void TestHostFaultsStream::stallHoldsThenResumes()
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

void TestHostFaultsStream::heartbeatPauseKeepsEvents()
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

void TestHostFaultsStream::blackholeSendsNothingAndKeepsTheSocket()
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

// The error-event fault outside a preset: the generic overloaded error in the place of the
// event, then FIN.
void TestHostFaultsStream::errorEventEndsTheStream()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.burst = true;
    QVERIFY(host.start(options));
    QVERIFY(host.applyFault(QStringLiteral("error-event after=3")) > 0);
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), End::Fin);
    QCOMPARE(client.events().size(), 3);
    QCOMPARE(client.events().at(1).id, QByteArray("2"));
    QCOMPARE(client.events().last().type, QByteArray("error"));
    QVERIFY(client.events().last().data.contains("\"overloaded_error\""));
    QCOMPARE(host.details(),
             QStringList {QStringLiteral("sent an error event instead of %1, then closed (FIN)")
                              .arg(host.eventLabel(3))});
}

// The not-json fault: the event is whole (its id, its end), its JSON cut in half.
void TestHostFaultsStream::notJsonCutsTheData()
{
    QFETCH(Kind, kind);
    FaultHost host(kind);
    MockServerOptions options = quietOptions();
    options.burst = true;
    options.eventsPerStream = 5;
    options.payloadTemplate = R"({"n":{{n}},"text":"abcdefghij"})";
    QVERIFY(host.start(options));
    QVERIFY(host.applyFault(QStringLiteral("not-json after=3")) > 0);
    RawSseClient client;
    QVERIFY(client.open(host.port()));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.numericIds(), range(1, 5));
    const QByteArray whole = R"({"n":3,"text":"abcdefghij"})";
    QCOMPARE(client.events().at(2).data, whole.first(whole.size() / 2));
    QCOMPARE(client.events().at(3).data, QByteArray(R"({"n":4,"text":"abcdefghij"})"));
    QCOMPARE(
        host.details(),
        QStringList {QStringLiteral("sent %1 with its data cut in half").arg(host.eventLabel(3))});
}

QTEST_GUILESS_MAIN(TestHostFaultsStream)
#include "tst_hostfaults_stream.moc"
