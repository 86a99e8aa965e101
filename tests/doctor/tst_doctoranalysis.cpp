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
    void burstsWithoutOwnTimingAreNotJudged();
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

QTEST_GUILESS_MAIN(TestDoctorAnalysis)
#include "tst_doctoranalysis.moc"
