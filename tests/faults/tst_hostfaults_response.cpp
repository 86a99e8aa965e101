// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The fault catalogue's pacing, response and port faults acted out by both hosts of the fault
// engine, the mock server and the tap proxy (in front of a mock server), each case once per
// host: latency, bandwidth, slices, status, content type, redirect, slow headers, refuse,
// gzip; targeting clients, repeating and removing faults, scenarios. What only one host does
// is in tst_mockserverfaults and tst_proxyfaults.
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

class TestHostFaultsResponse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
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

void TestHostFaultsResponse::latencyDelaysWrites()
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

void TestHostFaultsResponse::bandwidthCapsThroughput()
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

void TestHostFaultsResponse::slicerCutsEverywhereButLosesNothing()
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

    // Both hosts pace a stream to its end: what a shaper still holds when the stream ends (the
    // proxy's upstream body ends here) goes out at the same pace before the FIN.
    {
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

void TestHostFaultsResponse::statusResponses_data()
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

void TestHostFaultsResponse::statusResponses()
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

void TestHostFaultsResponse::contentType_data()
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

void TestHostFaultsResponse::contentType()
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

void TestHostFaultsResponse::redirect()
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

void TestHostFaultsResponse::slowHeaders()
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

void TestHostFaultsResponse::refuseClosesThePortForAWhile()
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

void TestHostFaultsResponse::gzipWithoutPerEventFlush()
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

void TestHostFaultsResponse::targetsChosenClients()
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

void TestHostFaultsResponse::repeatingFaultAndRemove()
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

void TestHostFaultsResponse::scenarioRunsItsTimeline()
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

void TestHostFaultsResponse::scenarioFromFile()
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

QTEST_GUILESS_MAIN(TestHostFaultsResponse)
#include "tst_hostfaults_response.moc"
