// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The doctor's probes on synthetic record sequences: what each measured stream makes of it,
// and that nothing unmeasured becomes a finding.
#include "doctor/doctoranalysis.h"
#include "doctor/doctorstream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

namespace {

constexpr qint64 kMs = 1000000;
constexpr qint64 kT0 = 1000 * kMs; // the request's start on the records' clock

using Headers = QList<QPair<QByteArray, QByteArray>>;

Headers sseHeaders(const Headers &extra = {})
{
    Headers h = {{"Content-Type", "text/event-stream; charset=utf-8"},
                 {"Cache-Control", "no-cache"}};
    return h + extra;
}

// Feeds a DoctorStream records as SseClient would make them, at times in ms after kT0.
class Feed
{
public:
    explicit Feed(int maxArrivals = 20000)
        : stream(maxArrivals)
    { }

    void open(const Headers &headers = sseHeaders(), int status = 200, qint64 atMs = 5)
    {
        ClientRecord connecting;
        connecting.kind = ClientRecord::Kind::State;
        connecting.state = ClientState::Connecting;
        connecting.monotonicNs = kT0;
        stream.add(connecting);
        auto attempt = std::make_shared<AttemptInfo>();
        attempt->transport = "wire";
        attempt->protocol = "http/1.1";
        attempt->status = status;
        attempt->reason = status == 200 ? "OK" : "Error";
        attempt->responseHeaders = headers;
        ClientRecord r;
        r.kind = ClientRecord::Kind::State;
        r.state = status == 200 ? ClientState::Open : ClientState::Failed;
        r.httpStatus = status;
        r.attempt = attempt;
        r.monotonicNs = kT0 + atMs * kMs;
        stream.add(r);
    }
    void event(qint64 atMs, const QByteArray &id, const QByteArray &data, qint64 read = 0)
    {
        ClientRecord r;
        r.kind = ClientRecord::Kind::Event;
        r.monotonicNs = kT0 + atMs * kMs;
        r.event.type = "message";
        r.event.data = data;
        r.event.id = id;
        r.event.idInBlock = !id.isEmpty();
        r.readNo = read ? read : ++m_read;
        r.readBytes = read ? 4096 : 40;
        stream.add(r);
    }
    // A `:ping <stamp>` heartbeat sent at sentMs, arriving at atMs.
    void ping(qint64 atMs, qint64 sentMs, qint64 read = 0)
    {
        ClientRecord r;
        r.kind = ClientRecord::Kind::Comment;
        r.monotonicNs = kT0 + atMs * kMs;
        r.text = "ping " + QByteArray::number(sentMs);
        r.raw = ":" + r.text + "\n\n";
        r.rawSize = r.raw.size();
        r.readNo = read ? read : ++m_read;
        r.readBytes = read ? 4096 : 24;
        stream.add(r);
        ClientRecord p;
        p.kind = ClientRecord::Kind::Ping;
        p.monotonicNs = r.monotonicNs;
        p.latencyMs = double(atMs - sentMs);
        stream.add(p);
    }
    void end(qint64 atMs, ClientState state = ClientState::Closed,
             const QString &reason = QStringLiteral("stream ended"))
    {
        ClientRecord r;
        r.kind = ClientRecord::Kind::State;
        r.state = state;
        r.reason = reason;
        r.monotonicNs = kT0 + atMs * kMs;
        stream.add(r);
    }
    void stop(qint64 atMs) { stream.stopObserving(kT0 + atMs * kMs); }
    void retry(qint64 atMs, qint64 retryMs)
    {
        ClientRecord r;
        r.kind = ClientRecord::Kind::Retry;
        r.retryMs = retryMs;
        r.monotonicNs = kT0 + atMs * kMs;
        stream.add(r);
    }

    // Events every `everyMs` with ids n.., pings every `pingMs`, all arriving as sent.
    void steady(qint64 fromMs, qint64 toMs, qint64 everyMs, qint64 pingMs, int *n)
    {
        for (qint64 t = fromMs; t < toMs; t += 10) {
            if ((t - fromMs) % everyMs == 0) {
                ++*n;
                event(t, QByteArray::number(*n), "{\"n\":" + QByteArray::number(*n) + "}");
            }
            if (pingMs > 0 && (t - fromMs) % pingMs == 0)
                ping(t + 5, t + 5);
        }
    }

    DoctorStream stream;

private:
    qint64 m_read = 0;
};

DoctorReport analyze(const DoctorStream &main, const DoctorStream *resumed = nullptr,
                     const QByteArray &resumeId = QByteArray())
{
    DoctorAnalysis::Inputs in;
    in.main = &main;
    in.resumed = resumed;
    in.resumeId = resumeId;
    in.origin = "https://doctor.example";
    in.preflightAsked = DoctorAnalysis::preflightFor("GET", {}, false);
    DoctorReport report;
    DoctorAnalysis::analyze(in, &report);
    return report;
}

QStringList ids(const DoctorReport &report)
{
    QStringList out;
    for (const DoctorFinding &f : report.findings)
        out.append(f.id);
    return out;
}

} // namespace

class TestDoctorAnalysis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void healthyStreamHasNoFinding();
    void bufferedBurstBehindNginx();
    void bufferedBurstCompressed();
    void bufferedBehindNamedIntermediaries_data();
    void bufferedBehindNamedIntermediaries();
    void burstsWithoutOwnTimingAreNotJudged();
    void sentTime_data();
    void sentTime();
    void bufferedByTheEventsTimestamps();
    void bufferedByTheTimesInIds();
    void stampsThatDoNotKeepPaceAreNotJudged_data();
    void stampsThatDoNotKeepPaceAreNotJudged();
    void idsThatCountAreNoTimes_data();
    void idsThatCountAreNoTimes();
    void eachClockFromItsOwnQuickestFrame();
    void idleTimeoutMatchesKnownDefaults();
    void endWhileDataFlows();
    void resume_data();
    void resume();
    void noEventsReportsNothingAboutIds();
    void noIds();
    void headers_data();
    void headers();
    void heartbeatPauseIsNotBuffering();
    void commentHeartbeatsInvisibleToOnMessage();
    void neverAnswered();
    void arrivalsAreBounded();
    void jsonReport();
    void preflightFor_data();
    void preflightFor();
    void corsPreflight_data();
    void corsPreflight();
    void afterTheLastEvent_data();
    void afterTheLastEvent();
    void bodySentAgain_data();
    void bodySentAgain();
};

void TestDoctorAnalysis::healthyStreamHasNoFinding()
{
    Feed main;
    main.open();
    int n = 0;
    main.steady(10, 10000, 200, 500, &n);
    main.stop(10000);
    // The reconnect with Last-Event-ID: 40 replays 41.. exactly.
    Feed resumed;
    resumed.open(sseHeaders(), 200, 7005);
    int m = 40;
    resumed.steady(7010, 10000, 10, 0, &m);
    resumed.stop(10000);
    const DoctorReport report = analyze(main.stream, &resumed.stream, "40");
    QVERIFY2(report.findings.isEmpty(), qPrintable(ids(report).join(QLatin1Char(' '))));
    for (const char *probe : {"headers", "buffering", "heartbeats", "lifetime", "resume"})
        QVERIFY2(report.measured(QString::fromLatin1(probe)), probe);
    QVERIFY(report.toText().contains("No findings"));
}

void TestDoctorAnalysis::bufferedBurstBehindNginx()
{
    Feed main;
    main.open(sseHeaders({{"Server", "nginx/1.22.1"}}));
    // Sent every 200 ms (events) and 500 ms (pings) for 4.1 s, delivered at once in two reads.
    int n = 0;
    for (qint64 sent = 0; sent < 4100; sent += 100) {
        if (sent % 200 == 0) {
            ++n;
            main.event(4110 + sent / 1000, QByteArray::number(n), "x", sent < 2000 ? 1 : 2);
        }
        if (sent % 500 == 0)
            main.ping(4110 + sent / 1000, sent + 5, sent < 2000 ? 1 : 2);
    }
    main.stop(6000);
    const DoctorReport report = analyze(main.stream);
    const DoctorFinding *f = report.finding(QStringLiteral("buffering.proxy"));
    QVERIFY2(f, qPrintable(ids(report).join(QLatin1Char(' '))));
    QCOMPARE(f->severity, DoctorFinding::Severity::Error);
    QVERIFY2(f->title.contains(QStringLiteral("21 events and 9 heartbeats arrived within 4.0 ms "
                                              "after 4.1 s of silence")),
             qPrintable(f->title));
    QVERIFY(f->title.contains(QStringLiteral("nginx")));
    QVERIFY(f->fix.contains(QStringLiteral("X-Accel-Buffering: no")));
    QVERIFY(f->fix.contains(QStringLiteral("proxy_buffering off")));
    const QString evidence = f->evidence.join(QLatin1Char('\n'));
    QVERIFY2(evidence.contains(QStringLiteral("span 3996 ms")), qPrintable(evidence));
    QVERIFY(evidence.contains(QStringLiteral("network reads of that burst: 2 (4096, 4096 bytes)")));
    QVERIFY(evidence.contains(QStringLiteral("Server: nginx/1.22.1")));
}

void TestDoctorAnalysis::bufferedBehindNamedIntermediaries_data()
{
    QTest::addColumn<Headers>("named");
    QTest::addColumn<QString>("culprit");
    QTest::addColumn<QString>("advice");
    QTest::newRow("Cloudflare") << Headers {{"CF-RAY", "8c1f2e3d4a5b6c7d-AMS"}}
                                << QStringLiteral("Cloudflare")
                                << QStringLiteral("Response Buffering (Network settings");
    QTest::newRow("CloudFront") << Headers {{"Via", "1.1 abc.cloudfront.net (CloudFront)"}}
                                << QStringLiteral("AWS CloudFront")
                                << QStringLiteral("CachingDisabled");
    QTest::newRow("Vercel") << Headers {{"X-Vercel-Id", "fra1::abcde"}} << QStringLiteral("Vercel")
                            << QStringLiteral("ReadableStream");
    QTest::newRow("Apache") << Headers {{"Server", "Apache/2.4.57 (Debian)"}}
                            << QStringLiteral("Apache httpd") << QStringLiteral("flushpackets=on");
    QTest::newRow("an unknown proxy")
        << Headers {{"Via", "1.1 corp-gateway"}} << QStringLiteral("a proxy (Via)")
        << QStringLiteral("a proxy (Via): turn off response "
                          "buffering");
}

void TestDoctorAnalysis::bufferedBehindNamedIntermediaries()
{
    QFETCH(Headers, named);
    QFETCH(QString, culprit);
    QFETCH(QString, advice);
    Feed main;
    main.open(sseHeaders(named));
    for (int i = 0; i < 6; ++i)
        main.ping(3000, i * 500, 1);
    main.stop(5000);
    const DoctorReport report = analyze(main.stream);
    const DoctorFinding *f = report.finding(QStringLiteral("buffering.proxy"));
    QVERIFY2(f, qPrintable(ids(report).join(QLatin1Char(' '))));
    QVERIFY2(f->title.endsWith(QStringLiteral("(%1)").arg(culprit)), qPrintable(f->title));
    QVERIFY2(f->fix.contains(advice), qPrintable(f->fix));
    QVERIFY(f->fix.contains(QStringLiteral("flush after every event")));
}

void TestDoctorAnalysis::bufferedBurstCompressed()
{
    Feed main;
    main.open(sseHeaders({{"Content-Encoding", "gzip"}}));
    for (int i = 0; i < 6; ++i)
        main.ping(3000, i * 500, 1);
    main.stop(5000);
    const DoctorReport report = analyze(main.stream);
    QVERIFY(report.hasFinding(QStringLiteral("headers.compression")));
    const DoctorFinding *f = report.finding(QStringLiteral("buffering.compression"));
    QVERIFY2(f, qPrintable(ids(report).join(QLatin1Char(' '))));
    QVERIFY(f->fix.contains(QStringLiteral("gzip_types")));
    QVERIFY(f->evidence.contains(QStringLiteral("Content-Encoding: gzip")));
}

void TestDoctorAnalysis::burstsWithoutOwnTimingAreNotJudged()
{
    // Ten events at once after 3 s: a buffer or a server that writes in batches, which the
    // stream cannot tell without heartbeats or stamps.
    Feed main;
    main.open();
    for (int i = 1; i <= 10; ++i)
        main.event(3000, QByteArray::number(i), "x", 1);
    main.stop(4000);
    const DoctorReport report = analyze(main.stream);
    QVERIFY(!report.hasFinding(QStringLiteral("buffering.server")));
    QVERIFY(!report.hasFinding(QStringLiteral("buffering.proxy")));
    QVERIFY(!report.measured(QStringLiteral("buffering")));
}

void TestDoctorAnalysis::sentTime_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<double>("ms"); // -1: no time
    QTest::addColumn<double>("resolution");
    QTest::addColumn<QByteArray>("field");
    QTest::newRow("ms in t") << QByteArray(R"({"n":1,"t":1700000000123})") << QByteArray()
                             << 1700000000123.0 << 1.0 << QByteArray("t");
    QTest::newRow("whole seconds") << QByteArray(R"({"created":1700000000})") << QByteArray()
                                   << 1700000000000.0 << 1000.0 << QByteArray("created");
    QTest::newRow("fractional seconds") << QByteArray(R"({"ts":1700000000.25})") << QByteArray()
                                        << 1700000000250.0 << 1.0 << QByteArray("ts");
    QTest::newRow("microseconds") << QByteArray(R"({"time":1700000000123456})") << QByteArray()
                                  << 1700000000123.456 << 1.0 << QByteArray("time");
    QTest::newRow("ISO 8601 with ms")
        << QByteArray(R"({"timestamp":"2023-11-14T22:13:20.500Z"})") << QByteArray()
        << 1700000000500.0 << 1.0 << QByteArray("timestamp");
    QTest::newRow("ISO 8601 seconds")
        << QByteArray(R"({"created_at":"2023-11-14T22:13:20Z"})") << QByteArray() << 1700000000000.0
        << 1000.0 << QByteArray("created_at");
    QTest::newRow("digits in a string")
        << QByteArray(R"({"sentAt":"1700000000123"})") << QByteArray() << 1700000000123.0 << 1.0
        << QByteArray("sentAt");
    QTest::newRow("a counter is no time")
        << QByteArray(R"({"t":42})") << QByteArray("42") << -1.0 << 0.0 << QByteArray();
    QTest::newRow("not JSON") << QByteArray("t=1700000000123") << QByteArray() << -1.0 << 0.0
                              << QByteArray();
    QTest::newRow("a nested time is not looked for")
        << QByteArray(R"({"response":{"created_at":1700000000}})") << QByteArray() << -1.0 << 0.0
        << QByteArray();
    QTest::newRow("id: unix ms") << QByteArray("x") << QByteArray("1700000000123")
                                 << 1700000000123.0 << 1.0 << QByteArray();
    QTest::newRow("id: Redis stream") << QByteArray("x") << QByteArray("1700000000123-4")
                                      << 1700000000123.0 << 1.0 << QByteArray();
    QTest::newRow("id: UUIDv7") << QByteArray("x")
                                << QByteArray("018bcfe5-687b-7a2c-9f4e-1c2b3d4e5f60")
                                << double(0x018bcfe5687bLL) << 1.0 << QByteArray();
    QTest::newRow("id: UUIDv4 is no time")
        << QByteArray("x") << QByteArray("018bcfe5-687b-4a2c-9f4e-1c2b3d4e5f60") << -1.0 << 0.0
        << QByteArray();
    QTest::newRow("id: ULID") << QByteArray("x") << QByteArray("01HF7YAT00ZZZZZZZZZZZZZZZZ")
                              << 1700000000000.0 << 1.0 << QByteArray();
    QTest::newRow("id: ULID alphabet only")
        << QByteArray("x") << QByteArray("01HF7YAT00ZZZZZZZZZZZZZZZU") << -1.0 << 0.0
        << QByteArray();
}

void TestDoctorAnalysis::sentTime()
{
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, id);
    QFETCH(double, ms);
    QFETCH(double, resolution);
    QFETCH(QByteArray, field);
    double gotMs = 0;
    double gotResolution = 0;
    QByteArray gotField;
    const bool fromData = DoctorStream::sentTime(data, &gotMs, &gotResolution, &gotField);
    const bool fromId = !fromData && DoctorStream::idTime(id, &gotMs, &gotResolution);
    QCOMPARE(fromData || fromId, ms >= 0);
    if (ms < 0)
        return;
    QVERIFY2(std::abs(gotMs - ms) < 0.01, qPrintable(QString::number(gotMs, 'f', 3)));
    QCOMPARE(gotResolution, resolution);
    QCOMPARE(gotField, field);
}

namespace {

constexpr qint64 kEpochMs = 1700000000000;

// A stream whose wall clock reads kEpochMs + the feed's ms.
void onEpochClock(Feed *feed)
{
    feed->stream.wallOffsetMs = double(kEpochMs) - double(kT0 / kMs);
}

} // namespace

void TestDoctorAnalysis::bufferedByTheEventsTimestamps()
{
    // No heartbeats: only the events' own "t" tells the hold. Sent every 200 ms; those of
    // 2.2 s to 6.6 s were held and delivered together at 6.61 s, in one read.
    Feed main;
    onEpochClock(&main);
    main.open(sseHeaders({{"Server", "nginx/1.22.1"}}));
    int n = 0;
    for (qint64 sent = 1000; sent <= 6600; sent += 200) {
        ++n;
        const QByteArray data = R"({"n":)" + QByteArray::number(n) + R"(,"t":)"
            + QByteArray::number(kEpochMs + sent) + "}";
        const bool held = sent >= 2200;
        main.event(held ? 6610 : sent + 3, QByteArray::number(n), data, held ? 7 : 0);
    }
    main.stop(7000);
    const DoctorReport report = analyze(main.stream);
    QVERIFY(report.measured(QStringLiteral("buffering")));
    const DoctorFinding *f = report.finding(QStringLiteral("buffering.proxy"));
    QVERIFY2(f, qPrintable(ids(report).join(QLatin1Char(' '))));
    QVERIFY2(f->title.contains(QStringLiteral("23 events arrived within")), qPrintable(f->title));
    const QString evidence = f->evidence.join(QLatin1Char('\n'));
    QVERIFY2(evidence.contains(QStringLiteral("the events' timestamps (\"t\" in their data) in "
                                              "that burst span 4400 ms")),
             qPrintable(evidence));
    QVERIFY2(evidence.contains(QStringLiteral("ids 7..29 arrived in that burst")),
             qPrintable(evidence));
}

void TestDoctorAnalysis::bufferedByTheTimesInIds()
{
    // Redis stream ids carry the time an event was added: held for 3 s, then delivered.
    Feed main;
    onEpochClock(&main);
    main.open();
    for (qint64 sent = 0; sent <= 6000; sent += 250) {
        const QByteArray id = QByteArray::number(kEpochMs + sent) + "-0";
        const bool held = sent >= 3000;
        main.event(held ? 6020 : sent + 4, id, "plain", held ? 9 : 0);
    }
    main.stop(7000);
    const DoctorReport report = analyze(main.stream);
    const DoctorFinding *f = report.finding(QStringLiteral("buffering.server"));
    QVERIFY2(f, qPrintable(ids(report).join(QLatin1Char(' '))));
    QVERIFY2(f->evidence.join(QLatin1Char('\n'))
                 .contains(QStringLiteral("the times in the events' ids in that burst span")),
             qPrintable(f->evidence.join(QLatin1Char('\n'))));
}

void TestDoctorAnalysis::stampsThatDoNotKeepPaceAreNotJudged_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<int>("stepMs"); // how far each event's stamp moves on
    QTest::addColumn<bool>("backlog"); // the first events are old history, sent at the open
    // OpenAI's chunks all carry the completion's "created": a constant.
    QTest::newRow("constant") << QByteArray("created") << 0 << false;
    // Whole seconds cannot show a hold shorter than two of them.
    QTest::newRow("whole seconds") << QByteArray("ts_s") << 300 << false;
    // An article's date, years apart from the next one's.
    QTest::newRow("dates") << QByteArray("t") << 86400000 << false;
    QTest::newRow("a backlog at the open") << QByteArray("t") << 300 << true;
    // A counter in ms stamps, a second an event, events every 300 ms: faster than time.
    QTest::newRow("faster than time") << QByteArray("t") << 1000 << false;
}

void TestDoctorAnalysis::stampsThatDoNotKeepPaceAreNotJudged()
{
    QFETCH(QByteArray, field);
    QFETCH(int, stepMs);
    QFETCH(bool, backlog);
    Feed main;
    onEpochClock(&main);
    main.open();
    int n = 0;
    if (backlog) {
        // History from 30 s ago, delivered at once when the stream opens.
        for (int i = 0; i < 10; ++i) {
            const QByteArray data = R"({"t":)" + QByteArray::number(kEpochMs - 30000 + i) + "}";
            main.event(20, QByteArray::number(++n), data, 3);
        }
    }
    // Events every 300 ms, arriving as sent (whole seconds: in twos, as a server that writes
    // in pairs, which stamps in ms would show).
    for (qint64 t = 300; t <= 9000; t += 300) {
        const bool seconds = field == "ts_s";
        const qint64 stamp = seconds ? (kEpochMs + t) / 1000 : kEpochMs + t / 300 * stepMs;
        const QByteArray key = seconds ? "ts" : field;
        const QByteArray data =
            "{\"" + key + "\":" + QByteArray::number(stepMs ? stamp : kEpochMs / 1000) + "}";
        main.event(seconds ? t - t % 600 + 5 : t + 5, QByteArray::number(++n), data);
    }
    main.stop(9500);
    const DoctorReport report = analyze(main.stream);
    QVERIFY2(!report.hasFinding(QStringLiteral("buffering.server")),
             qPrintable(ids(report).join(QLatin1Char(' '))));
    QVERIFY(!report.measured(QStringLiteral("buffering")) || backlog || field == "ts_s");
}

void TestDoctorAnalysis::idsThatCountAreNoTimes_data()
{
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("step");
    // A counter that starts at a number of Unix seconds' size: a second an event.
    QTest::newRow("counter") << qint64(1700000001) << qint64(1);
    // Snowflake ids (Twitter, Discord): read as ns they run about four times faster than
    // time; a number of years from now.
    QTest::newRow("snowflake") << qint64(1729000000000000000) << qint64(838860800);
}

void TestDoctorAnalysis::idsThatCountAreNoTimes()
{
    QFETCH(qint64, first);
    QFETCH(qint64, step);
    Feed main;
    onEpochClock(&main);
    main.open();
    // Events every 200 ms, delivered as sent, two of them back to back now and then.
    qint64 id = first;
    for (qint64 t = 200; t <= 8000; t += 200, id += step)
        main.event(t % 1000 == 0 ? t - 199 : t, QByteArray::number(id), "tick");
    main.stop(8500);
    const DoctorReport report = analyze(main.stream);
    for (const QString &finding : ids(report))
        QVERIFY2(!finding.startsWith(QStringLiteral("buffering.")), qPrintable(finding));
    QVERIFY2(!report.measured(QStringLiteral("buffering")), report.toText().constData());
}

void TestDoctorAnalysis::eachClockFromItsOwnQuickestFrame()
{
    // Heartbeats stamped by the server's clock, events whose "created_at" was set 10 s before
    // they were sent (when their record was made): each source on its own clock, nothing
    // held. An event and a heartbeat often arrive in one read.
    Feed main;
    onEpochClock(&main);
    main.open();
    int n = 0;
    for (qint64 t = 500; t <= 9000; t += 500) {
        const QByteArray data =
            R"({"created_at":)" + QByteArray::number(kEpochMs + t - 10000) + "}";
        main.event(t + 2, QByteArray::number(++n), data, t % 1000 == 0 ? t : 0);
        if (t % 1000 == 0)
            main.ping(t + 2, t, t);
    }
    main.stop(9500);
    const DoctorReport report = analyze(main.stream);
    QVERIFY2(report.measured(QStringLiteral("buffering")), report.toText().constData());
    for (const QString &finding : ids(report))
        QVERIFY2(!finding.startsWith(QStringLiteral("buffering.")), qPrintable(finding));
    QVERIFY2(report.toText().contains("the events' timestamps (\"created_at\" in their data)"),
             report.toText().constData());
}

void TestDoctorAnalysis::idleTimeoutMatchesKnownDefaults()
{
    Feed main;
    main.open(sseHeaders({{"Server", "nginx"}}));
    int n = 0;
    main.steady(10, 2000, 200, 0, &n);
    main.end(1810 + 60200); // 60.2 s after the last event (at 1810 ms)
    Feed reconnect;
    reconnect.open(sseHeaders(), 504, 62300);
    reconnect.end(62300, ClientState::Failed, QStringLiteral("HTTP 504"));
    const DoctorReport report = analyze(main.stream, &reconnect.stream, "7");
    const DoctorFinding *f = report.finding(QStringLiteral("idle.timeout"));
    QVERIFY2(f, qPrintable(ids(report).join(QLatin1Char(' '))));
    QVERIFY2(f->title.contains(QStringLiteral("after 60.2 s of silence")), qPrintable(f->title));
    const QString evidence = f->evidence.join(QLatin1Char('\n'));
    QVERIFY2(evidence.contains(QStringLiteral("nginx proxy_read_timeout (60 s by default)")),
             qPrintable(evidence));
    QVERIFY(evidence.contains(QStringLiteral("AWS Application Load Balancer")));
    QVERIFY(!evidence.contains(QStringLiteral("Cloudflare proxy read timeout")));
    QVERIFY(evidence.contains(QStringLiteral("the reconnect was answered 504")));
    QVERIFY(evidence.contains(QStringLiteral("no heartbeat before the end")));
    QVERIFY(f->fix.contains(QStringLiteral("at least every 30.1 s")));
    QVERIFY(f->fix.contains(QStringLiteral("proxy_read_timeout")));
    QVERIFY(report.hasFinding(QStringLiteral("resume.failed")));
    // 60 s without a heartbeat is itself a finding.
    QVERIFY(report.hasFinding(QStringLiteral("heartbeat.none")));
}

void TestDoctorAnalysis::endWhileDataFlows()
{
    Feed main;
    main.open();
    int n = 0;
    main.steady(10, 3000, 100, 0, &n);
    main.end(3000, ClientState::Failed,
             QStringLiteral("the server reset the connection (TCP RST): the stream did not end"));
    const DoctorReport report = analyze(main.stream);
    const DoctorFinding *f = report.finding(QStringLiteral("lifetime.limit"));
    QVERIFY2(f, qPrintable(ids(report).join(QLatin1Char(' '))));
    QCOMPARE(f->severity, DoctorFinding::Severity::Warning);
    QVERIFY2(f->title.contains(QStringLiteral("reset after 3.0 s open")), qPrintable(f->title));
    QVERIFY(!report.hasFinding(QStringLiteral("idle.timeout")));
}

void TestDoctorAnalysis::resume_data()
{
    QTest::addColumn<QList<int>>("replayed"); // ids the reconnect sends, after Last-Event-ID: 5
    QTest::addColumn<QString>("finding"); // empty: none
    QTest::newRow("exact") << QList<int> {6, 7, 8, 9, 10, 11} << QString();
    QTest::newRow("gap") << QList<int> {9, 10, 11} << QStringLiteral("resume.gap");
    QTest::newRow("repeat") << QList<int> {5, 6, 7} << QStringLiteral("resume.repeat");
    QTest::newRow("restart") << QList<int> {1, 2, 3} << QStringLiteral("resume.repeat");
    QTest::newRow("other ids") << QList<int> {106, 107} << QStringLiteral("resume.mismatch");
    QTest::newRow("nothing") << QList<int> {} << QStringLiteral("resume.no-replay");
    QTest::newRow("out of order") << QList<int> {6, 8, 7} << QStringLiteral("resume.order");
}

void TestDoctorAnalysis::resume()
{
    QFETCH(QList<int>, replayed);
    QFETCH(QString, finding);
    Feed main;
    main.open();
    int n = 0;
    main.steady(10, 2000, 200, 300, &n); // ids 1..10
    main.stop(2000);
    Feed resumed;
    resumed.open(sseHeaders(), 200, 2500);
    qint64 t = 2510;
    for (int id : replayed) {
        const QByteArray i = QByteArray::number(id);
        resumed.event(t++, i, "{\"n\":" + i + "}");
    }
    resumed.stop(4000);
    const DoctorReport report = analyze(main.stream, &resumed.stream, "5");
    const QStringList found = ids(report);
    if (finding.isEmpty()) {
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char(' '))));
        QVERIFY(report.measured(QStringLiteral("resume")));
    } else {
        QVERIFY2(found.contains(finding), qPrintable(found.join(QLatin1Char(' '))));
    }
    if (finding == QStringLiteral("resume.gap")) {
        QVERIFY(report.finding(finding)->title.contains(QStringLiteral("skipped 3 event(s)")));
        QVERIFY(report.finding(finding)->evidence.contains(QStringLiteral("missing: ids 6..8")));
    }
}

void TestDoctorAnalysis::noEventsReportsNothingAboutIds()
{
    Feed main;
    main.open();
    main.ping(500, 500);
    main.stop(2000);
    const DoctorReport report = analyze(main.stream);
    QVERIFY2(report.findings.isEmpty(), qPrintable(ids(report).join(QLatin1Char(' '))));
    QVERIFY(!report.measured(QStringLiteral("resume")));
    QVERIFY(report.toText().contains("resume     not measured: 0 event(s) arrived"));
}

void TestDoctorAnalysis::noIds()
{
    Feed main;
    main.open();
    for (int i = 0; i < 5; ++i)
        main.event(100 * (i + 1), QByteArray(), "x");
    main.stop(1000);
    const DoctorReport report = analyze(main.stream);
    QVERIFY(report.hasFinding(QStringLiteral("resume.no-ids")));
    QVERIFY(report.finding(QStringLiteral("resume.no-ids"))
                ->title.contains(QStringLiteral("no "
                                                "event")));
}

void TestDoctorAnalysis::headers_data()
{
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("finding");
    QTest::newRow("content-length") << sseHeaders({{"Content-Length", "120"}}) << 200
                                    << QStringLiteral("headers.content-length");
    QTest::newRow("json") << Headers {{"Content-Type", "application/json"},
                                      {"Cache-Control", "no-cache"}}
                          << 200 << QStringLiteral("headers.content-type");
    QTest::newRow("charset") << Headers {{"Content-Type", "text/event-stream; charset=latin1"},
                                         {"Cache-Control", "no-store"}}
                             << 200 << QStringLiteral("headers.charset");
    QTest::newRow("no cache-control") << Headers {{"Content-Type", "text/event-stream"}} << 200
                                      << QStringLiteral("headers.cache-control");
    QTest::newRow("public") << Headers {{"Content-Type", "text/event-stream"},
                                        {"Cache-Control", "public, max-age=60"}}
                            << 200 << QStringLiteral("headers.cache-control");
    QTest::newRow("cors star with credentials") << sseHeaders(
        {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Credentials", "true"}})
                                                << 200 << QStringLiteral("headers.cors");
    QTest::newRow("404") << Headers {{"Content-Type", "text/html"}} << 404
                         << QStringLiteral("response.status");
}

void TestDoctorAnalysis::headers()
{
    QFETCH(Headers, headers);
    QFETCH(int, status);
    QFETCH(QString, finding);
    Feed main;
    main.open(headers, status);
    main.stop(1000);
    const DoctorReport report = analyze(main.stream);
    QVERIFY2(report.hasFinding(finding), qPrintable(ids(report).join(QLatin1Char(' '))));
    QVERIFY(!report.finding(finding)->evidence.isEmpty());
    QVERIFY(!report.finding(finding)->fix.isEmpty());
}

void TestDoctorAnalysis::heartbeatPauseIsNotBuffering()
{
    Feed main;
    main.open();
    qint64 t = 10;
    for (int i = 0; i < 10; ++i, t += 100)
        main.ping(t, t);
    t += 3000; // paused by the server: the next ones are sent late, not held
    for (int i = 0; i < 10; ++i, t += 100)
        main.ping(t, t);
    main.stop(t);
    const DoctorReport report = analyze(main.stream);
    QVERIFY2(report.hasFinding(QStringLiteral("heartbeat.gap")),
             qPrintable(ids(report).join(QLatin1Char(' '))));
    QVERIFY(report.finding(QStringLiteral("heartbeat.gap"))
                ->title.contains(QStringLiteral("stopped for 3.1 s (usually every 100 ms)")));
    QVERIFY(!report.hasFinding(QStringLiteral("buffering.server")));
}

void TestDoctorAnalysis::commentHeartbeatsInvisibleToOnMessage()
{
    Feed main;
    main.open();
    for (qint64 t = 10; t < 5000; t += 250)
        main.ping(t, t);
    main.stop(5000);
    const DoctorReport report = analyze(main.stream);
    const DoctorFinding *f = report.finding(QStringLiteral("heartbeat.invisible"));
    QVERIFY2(f, qPrintable(ids(report).join(QLatin1Char(' '))));
    QCOMPARE(f->severity, DoctorFinding::Severity::Info);
    QVERIFY(f->evidence.join(QLatin1Char('\n')).contains(QStringLiteral(":ping 10\\n\\n")));
}

void TestDoctorAnalysis::neverAnswered()
{
    Feed main;
    ClientRecord connecting;
    connecting.kind = ClientRecord::Kind::State;
    connecting.state = ClientState::Connecting;
    connecting.monotonicNs = kT0;
    main.stream.add(connecting);
    main.stop(3000);
    const DoctorReport report = analyze(main.stream);
    QCOMPARE(ids(report), QStringList {QStringLiteral("response.no-head")});
    QVERIFY(report.findings.first().title.contains(QStringLiteral("no response in 3.0 s")));
    for (const DoctorCoverage &c : report.coverage)
        QVERIFY2(!c.measured, qPrintable(c.probe));
}

void TestDoctorAnalysis::arrivalsAreBounded()
{
    Feed main(100);
    main.open();
    for (int i = 0; i < 1000; ++i)
        main.event(10 + i, QByteArray::number(i), "x");
    QCOMPARE(main.stream.arrivals.size(), 100);
    QCOMPARE(main.stream.events, 1000);
    QCOMPARE(main.stream.droppedArrivals, 900);
}

void TestDoctorAnalysis::jsonReport()
{
    Feed main;
    main.open(sseHeaders({{"Content-Length", "9"}}));
    main.stop(1000);
    DoctorReport report = analyze(main.stream);
    report.url = QStringLiteral("http://127.0.0.1:1/events");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(report.toJson(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject o = doc.object();
    QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("doctor"));
    QCOMPARE(o.value(QStringLiteral("worst")).toString(), QStringLiteral("error"));
    const QJsonArray findings = o.value(QStringLiteral("findings")).toArray();
    QVERIFY(!findings.isEmpty());
    QCOMPARE(findings.first().toObject().value(QStringLiteral("id")).toString(),
             QStringLiteral("headers.content-length"));
    QVERIFY(findings.first().toObject().value(QStringLiteral("evidence")).toArray().size() >= 1);
    QVERIFY(!o.value(QStringLiteral("coverage")).toArray().isEmpty());
}

void TestDoctorAnalysis::preflightFor_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<bool>("cookies");
    QTest::addColumn<bool>("needed");
    QTest::addColumn<QByteArray>("asked"); // Access-Control-Request-Headers
    QTest::addColumn<bool>("credentials");
    QTest::newRow("EventSource's GET")
        << QByteArray("GET") << Headers {{"Accept", "text/event-stream"}} << false << false
        << QByteArray() << false;
    QTest::newRow("a form POST") << QByteArray("POST")
                                 << Headers {{"Content-Type", "text/plain;charset=utf-8"}} << false
                                 << false << QByteArray() << false;
    QTest::newRow("an LLM's POST")
        << QByteArray("POST")
        << Headers {{"Content-Type", "application/json"},
                    {"Authorization", "Bearer k"},
                    {"X-Api-Key", "k"}}
        << false << true << QByteArray("authorization,content-type,x-api-key") << false;
    QTest::newRow("PUT") << QByteArray("PUT") << Headers() << false << true << QByteArray()
                         << false;
    QTest::newRow("a cookie") << QByteArray("GET") << Headers {{"Cookie", "s=1"}} << false << false
                              << QByteArray() << true;
    QTest::newRow("kept cookies") << QByteArray("GET") << Headers() << true << false << QByteArray()
                                  << true;
    QTest::newRow("a long Accept")
        << QByteArray("GET") << Headers {{"Accept", QByteArray(200, 'a')}} << false << true
        << QByteArray("accept") << false;
}

void TestDoctorAnalysis::preflightFor()
{
    QFETCH(QByteArray, method);
    QFETCH(Headers, headers);
    QFETCH(bool, cookies);
    QFETCH(bool, needed);
    QFETCH(QByteArray, asked);
    QFETCH(bool, credentials);
    const DoctorAnalysis::Preflight p = DoctorAnalysis::preflightFor(method, headers, cookies);
    QCOMPARE(p.needed, needed);
    QCOMPARE(p.headers.join(','), asked);
    QCOMPARE(p.credentials, credentials);
    QCOMPARE(p.method, method);
}

void TestDoctorAnalysis::corsPreflight_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<Headers>("answer"); // the preflight's response fields
    QTest::addColumn<Headers>("streamHeaders"); // the stream's response fields (beyond SSE's)
    QTest::addColumn<QString>("finding"); // empty: none
    QTest::addColumn<QString>("says"); // in the finding's evidence, or in the facts
    const Headers allowed = {{"Access-Control-Allow-Origin", "https://doctor.example"},
                             {"Access-Control-Allow-Methods", "POST, OPTIONS"},
                             {"Access-Control-Allow-Headers", "Authorization, Content-Type"},
                             {"Access-Control-Max-Age", "600"}};
    const Headers streamAllows = {{"Access-Control-Allow-Origin", "https://doctor.example"}};
    QTest::newRow("allowed") << 204 << allowed << streamAllows << QString()
                             << QStringLiteral("OPTIONS answered 204; POST from "
                                               "https://doctor.example allowed");
    QTest::newRow("405") << 405 << Headers {{"Allow", "POST"}} << streamAllows
                         << QStringLiteral("cors.preflight")
                         << QStringLiteral("refused: it was answered 405");
    QTest::newRow("no allow-origin")
        << 204 << Headers {{"Access-Control-Allow-Headers", "authorization, content-type"}}
        << streamAllows << QStringLiteral("cors.preflight")
        << QStringLiteral("refused: no Access-Control-Allow-Origin");
    QTest::newRow("another origin")
        << 204
        << Headers {{"Access-Control-Allow-Origin", "https://app.example"},
                    {"Access-Control-Allow-Headers", "authorization, content-type"}}
        << streamAllows << QStringLiteral("cors.preflight")
        << QStringLiteral("Access-Control-Allow-Origin: https://app.example is not "
                          "https://doctor.example");
    QTest::newRow("star does not cover authorization")
        << 204
        << Headers {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "*"}}
        << streamAllows << QStringLiteral("cors.preflight")
        << QStringLiteral("does not allow authorization (* never covers Authorization)");
    QTest::newRow("the stream's response lacks it")
        << 204 << allowed << Headers() << QStringLiteral("cors.response")
        << QStringLiteral("Access-Control-Allow-Origin: (absent) on the 200 response");
}

void TestDoctorAnalysis::corsPreflight()
{
    QFETCH(int, status);
    QFETCH(Headers, answer);
    QFETCH(Headers, streamHeaders);
    QFETCH(QString, finding);
    QFETCH(QString, says);
    Feed main;
    main.open(sseHeaders(streamHeaders));
    main.stop(1000);
    Feed preflight;
    preflight.open(answer, status);
    DoctorAnalysis::Inputs in;
    in.main = &main.stream;
    in.origin = "https://doctor.example";
    in.preflight = &preflight.stream;
    in.preflightAsked = DoctorAnalysis::preflightFor(
        "POST", {{"Content-Type", "application/json"}, {"Authorization", "Bearer k"}}, false);
    DoctorReport report;
    DoctorAnalysis::analyze(in, &report);
    QVERIFY(report.measured(QStringLiteral("cors")));
    if (finding.isEmpty()) {
        QVERIFY2(!report.hasFinding(QStringLiteral("cors.preflight"))
                     && !report.hasFinding(QStringLiteral("cors.response")),
                 qPrintable(ids(report).join(QLatin1Char(' '))));
        QVERIFY2(report.toText().contains(says.toUtf8()), report.toText().constData());
        return;
    }
    const DoctorFinding *f = report.finding(finding);
    QVERIFY2(f, qPrintable(ids(report).join(QLatin1Char(' '))));
    QCOMPARE(f->severity, DoctorFinding::Severity::Warning);
    QVERIFY2(f->evidence.join(QLatin1Char('\n')).contains(says),
             qPrintable(f->evidence.join(QLatin1Char('\n'))));
    QVERIFY(!f->fix.isEmpty());
}

void TestDoctorAnalysis::afterTheLastEvent_data()
{
    QTest::addColumn<int>("status"); // the reconnect's
    QTest::addColumn<QList<QByteArray>>("ids"); // the events it got
    QTest::addColumn<bool>("ends"); // the reconnect's stream ended (else held open)
    QTest::addColumn<QString>("finding");
    QTest::addColumn<QString>("says");
    QTest::addColumn<qint64>("retryMs"); // the first stream's retry:, -1 for none
    QTest::newRow("204") << 204 << QList<QByteArray>() << true << QString()
                         << QStringLiteral("204 No Content: EventSource stops") << qint64(-1);
    QTest::newRow("404") << 404 << QList<QByteArray>() << true << QString()
                         << QStringLiteral("answered 404 Error: EventSource reports an error")
                         << qint64(-1);
    QTest::newRow("starts again") << 200 << QList<QByteArray> {"1", "2", "3"} << true
                                  << QStringLiteral("end.restart")
                                  << QStringLiteral("starting at id 1, which the first stream")
                                  << qint64(-1);
    QTest::newRow("goes on") << 200 << QList<QByteArray> {"6", "7"} << false << QString()
                             << QStringLiteral("the stream goes on: 2 new event(s) from id 6")
                             << qint64(-1);
    QTest::newRow("empty, then ends")
        << 200 << QList<QByteArray>() << true << QStringLiteral("end.loop")
        << QStringLiteral("answered 200, then closed cleanly") << qint64(-1);
    QTest::newRow("held open") << 200 << QList<QByteArray>() << false << QString()
                               << QStringLiteral("held open with no event") << qint64(-1);
    // The parser saturates a retry: beyond any clock; the text stays a duration.
    QTest::newRow("empty, then ends, a huge retry")
        << 200 << QList<QByteArray>() << true << QStringLiteral("end.loop")
        << QStringLiteral("reconnect every 9223372036.9 s (its retry:)")
        << std::numeric_limits<qint64>::max();
    QTest::newRow("empty, then ends, retry: 1500")
        << 200 << QList<QByteArray>() << true << QStringLiteral("end.loop")
        << QStringLiteral("reconnect every 1.5 s (its retry:)") << qint64(1500);
}

void TestDoctorAnalysis::afterTheLastEvent()
{
    QFETCH(int, status);
    QFETCH(QList<QByteArray>, ids);
    QFETCH(bool, ends);
    QFETCH(QString, finding);
    QFETCH(QString, says);
    QFETCH(qint64, retryMs);
    Feed main;
    main.open();
    if (retryMs >= 0)
        main.retry(50, retryMs);
    for (int n = 1; n <= 5; ++n)
        main.event(100 * n, QByteArray::number(n), "x");
    main.end(600);
    Feed final;
    final.open(sseHeaders(), status, 700);
    if (status != 200)
        final.end(700, status == 204 ? ClientState::Closed : ClientState::Failed);
    qint64 t = 710;
    for (const QByteArray &id : ids)
        final.event(t += 10, id, "x");
    if (status == 200 && ends)
        final.end(900);
    final.stop(5700);
    DoctorAnalysis::Inputs in;
    in.main = &main.stream;
    in.final = &final.stream;
    in.finalId = "5";
    DoctorReport report;
    DoctorAnalysis::analyze(in, &report);
    QVERIFY(report.measured(QStringLiteral("end")));
    if (finding.isEmpty()) {
        QVERIFY2(!report.hasFinding(QStringLiteral("end.restart"))
                     && !report.hasFinding(QStringLiteral("end.loop")),
                 qPrintable(::ids(report).join(QLatin1Char(' '))));
        QVERIFY2(report.toText().contains(says.toUtf8()), report.toText().constData());
        return;
    }
    const DoctorFinding *f = report.finding(finding);
    QVERIFY2(f, qPrintable(::ids(report).join(QLatin1Char(' '))));
    const QString all = f->title + QLatin1Char('\n') + f->evidence.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(says), qPrintable(all));
    QVERIFY(f->fix.contains(QStringLiteral("204 No Content")));
}

void TestDoctorAnalysis::bodySentAgain_data()
{
    QTest::addColumn<bool>("resent");
    QTest::addColumn<QByteArrayList>("again"); // the data of the events sent again
    QTest::addColumn<QString>("finding");
    QTest::addColumn<QString>("says");
    const QByteArrayList same = {"Hel", "lo", "!"};
    QTest::newRow("not resent") << false << QByteArrayList() << QString()
                                << QStringLiteral("--retry-post tries it");
    QTest::newRow("the same answer")
        << true << same << QString() << QStringLiteral("the same 3 event(s) as the first time");
    QTest::newRow("another generation")
        << true << QByteArrayList {"Hi", " there", "!"} << QStringLiteral("resend.regenerates")
        << QStringLiteral("2 of the 3 compared event(s) carried other data");
}

void TestDoctorAnalysis::bodySentAgain()
{
    QFETCH(bool, resent);
    QFETCH(QByteArrayList, again);
    QFETCH(QString, finding);
    QFETCH(QString, says);
    // A completion without ids: "Hel", "lo", "!" then the end.
    Feed main;
    main.open();
    main.event(100, {}, "Hel");
    main.event(150, {}, "lo");
    main.event(200, {}, "!");
    main.end(250);
    Feed second;
    second.open(sseHeaders(), 200, 300);
    qint64 t = 300;
    for (const QByteArray &data : again)
        second.event(t += 50, {}, data);
    second.end(t + 50);
    DoctorAnalysis::Inputs in;
    in.main = &main.stream;
    in.resumed = resent ? &second.stream : nullptr;
    in.hasBody = true;
    in.resentBody = resent;
    DoctorReport report;
    DoctorAnalysis::analyze(in, &report);
    QCOMPARE(report.measured(QStringLiteral("resend")), resent);
    if (finding.isEmpty()) {
        QVERIFY2(!report.hasFinding(QStringLiteral("resend.regenerates")),
                 qPrintable(::ids(report).join(QLatin1Char(' '))));
        QVERIFY2(report.toText().contains(says.toUtf8()), report.toText().constData());
        return;
    }
    const DoctorFinding *f = report.finding(finding);
    QVERIFY2(f, qPrintable(::ids(report).join(QLatin1Char(' '))));
    QVERIFY2(f->evidence.join(QLatin1Char('\n')).contains(says),
             qPrintable(f->evidence.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestDoctorAnalysis)
#include "tst_doctoranalysis.moc"
