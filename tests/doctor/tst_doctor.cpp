// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The doctor against real streams on loopback: the embedded mock server healthy and with its
// own faults (ids off, no replay, gzip, a heartbeat pause, streams it ends), and hostile peers
// (a server that never answers, one that floods, broken framing). Each run ends within its
// budget with what it found.
#include "doctor/doctor.h"
#include "faults/faultspec.h"
#include "scriptedserver.h"
#include "server/mockserver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

Q_DECLARE_METATYPE(DoctorReport)

namespace {

constexpr qint64 kBudgetMs = 3000;
// What a run may take past its budget: closing the clients and the analysis.
constexpr qint64 kSlackMs = 2000;

// A run on loopback: no proxy from the environment.
DoctorOptions optionsFor(const QUrl &url)
{
    DoctorOptions options;
    options.request.url = url;
    options.request.proxyMode = SseClientOptions::ProxyMode::None;
    return options;
}

QString ids(const DoctorReport &report)
{
    QStringList out;
    for (const DoctorFinding &f : report.findings)
        out.append(f.id);
    return out.join(QLatin1Char(' ')) + QStringLiteral("\n") + QString::fromUtf8(report.toText());
}

} // namespace

class TestDoctor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<DoctorReport>(); }
    void healthyMockHasNoFinding();
    void noReplay();
    void noIds();
    void gzipWithoutFlush();
    void heartbeatPause();
    void serverEndsStreams();
    void serverEndsAfterOneEvent();
    void hostile_data();
    void hostile();
    void flood();
    void stopEndsAtOnce();
    void corsPreflight_data();
    void corsPreflight();
    void postStreamResumedWithGet();
    void completionSentAgain_data();
    void completionSentAgain();

private:
    DoctorReport diagnose(const DoctorOptions &options, qint64 *elapsedMs = nullptr);
    std::unique_ptr<MockServer> startMock(const MockServerOptions &options);
    DoctorReport diagnose(const QUrl &url, qint64 budgetMs = kBudgetMs, qint64 *elapsedMs = nullptr,
                          int maxArrivals = 20000);
};

std::unique_ptr<MockServer> TestDoctor::startMock(const MockServerOptions &options)
{
    MockServerOptions o = options;
    o.port = 0;
    o.threads = 0;
    auto server = std::make_unique<MockServer>();
    server->setOptions(o);
    QString error;
    if (!server->start(&error)) {
        qWarning("mock server: %s", qPrintable(error));
        return nullptr;
    }
    return server;
}

DoctorReport TestDoctor::diagnose(const QUrl &url, qint64 budgetMs, qint64 *elapsedMs,
                                  int maxArrivals)
{
    DoctorOptions options = optionsFor(url);
    options.budgetMs = budgetMs;
    options.resumeMs = budgetMs / 3;
    options.silenceWarnMs = 2000;
    options.maxArrivals = maxArrivals;
    return diagnose(options, elapsedMs);
}

DoctorReport TestDoctor::diagnose(const DoctorOptions &options, qint64 *elapsedMs)
{
    const qint64 budgetMs = options.budgetMs;
    Doctor doctor;
    doctor.setOptions(options);
    QSignalSpy finished(&doctor, &Doctor::finished);
    QElapsedTimer timer;
    timer.start();
    doctor.start();
    if (!finished.wait(int(budgetMs + kSlackMs))) {
        qWarning("the doctor did not finish within its budget");
        return DoctorReport();
    }
    if (elapsedMs)
        *elapsedMs = timer.elapsed();
    return finished.first().first().value<DoctorReport>();
}

void TestDoctor::healthyMockHasNoFinding()
{
    MockServerOptions o;
    o.heartbeatMs = 100;
    o.eventMs = 100;
    auto server = startMock(o);
    QVERIFY(server);
    qint64 elapsed = 0;
    const DoctorReport report = diagnose(server->url(), kBudgetMs, &elapsed);
    QVERIFY2(report.findings.isEmpty(), qPrintable(ids(report)));
    QCOMPARE(report.endedBy, QStringLiteral("budget"));
    for (const char *probe : {"headers", "buffering", "heartbeats", "lifetime", "resume"})
        QVERIFY2(report.measured(QString::fromLatin1(probe)), qPrintable(ids(report)));
    QVERIFY(report.toText().contains("replay: exactly the"));
    QVERIFY(elapsed >= kBudgetMs - 50 && elapsed <= kBudgetMs + kSlackMs);
}

void TestDoctor::noReplay()
{
    MockServerOptions o;
    o.heartbeatMs = 100;
    o.eventMs = 100;
    o.history = 0;
    auto server = startMock(o);
    QVERIFY(server);
    const DoctorReport report = diagnose(server->url());
    QVERIFY2(report.hasFinding(QStringLiteral("resume.gap")), qPrintable(ids(report)));
    QCOMPARE(report.finding(QStringLiteral("resume.gap"))->severity,
             DoctorFinding::Severity::Error);
}

void TestDoctor::noIds()
{
    MockServerOptions o;
    o.heartbeatMs = 100;
    o.eventMs = 100;
    o.ids = false;
    auto server = startMock(o);
    QVERIFY(server);
    const DoctorReport report = diagnose(server->url());
    QVERIFY2(report.hasFinding(QStringLiteral("resume.no-ids")), qPrintable(ids(report)));
    QVERIFY(!report.hasFinding(QStringLiteral("resume.gap")));
}

void TestDoctor::gzipWithoutFlush()
{
    MockServerOptions o;
    o.heartbeatMs = 50;
    o.eventMs = 20;
    auto server = startMock(o);
    QVERIFY(server);
    Fault fault;
    QString error;
    QVERIFY2(FaultSpec::parse(u"gzip count=0", &fault, &error), qPrintable(error));
    QVERIFY2(server->faultEngine()->apply(fault, &error) > 0, qPrintable(error));
    const DoctorReport report = diagnose(server->url());
    const DoctorFinding *f = report.finding(QStringLiteral("headers.compression"));
    QVERIFY2(f, qPrintable(ids(report)));
    QVERIFY(f->evidence.contains(QStringLiteral("Content-Encoding: gzip")));
    // The mock's compressor is not flushed: nothing decodable comes within the run.
    QVERIFY2(f->evidence.join(QLatin1Char('\n'))
                 .contains(QStringLiteral("no event or comment "
                                          "arrived")),
             qPrintable(ids(report)));
}

void TestDoctor::heartbeatPause()
{
    MockServerOptions o;
    o.heartbeatMs = 100;
    o.eventMs = 0;
    auto server = startMock(o);
    QVERIFY(server);
    Fault fault;
    QString error;
    QVERIFY2(FaultSpec::parse(u"heartbeat-pause for=1200ms at=800ms", &fault, &error),
             qPrintable(error));
    QVERIFY2(server->faultEngine()->apply(fault, &error) > 0, qPrintable(error));
    const DoctorReport report = diagnose(server->url());
    const DoctorFinding *f = report.finding(QStringLiteral("heartbeat.gap"));
    QVERIFY2(f, qPrintable(ids(report)));
    QVERIFY2(f->title.contains(QStringLiteral("heartbeats stopped for 1.")), qPrintable(f->title));
    QVERIFY(!report.hasFinding(QStringLiteral("buffering.server")));
}

void TestDoctor::serverEndsStreams()
{
    // The server closes each stream after 8 events: the doctor sees the clean end while data
    // flowed, reconnects at once and finds the replay exact, and ends before its budget.
    MockServerOptions o;
    o.heartbeatMs = 100;
    o.eventMs = 50;
    o.eventsPerStream = 8;
    auto server = startMock(o);
    QVERIFY(server);
    qint64 elapsed = 0;
    const DoctorReport report = diagnose(server->url(), 10000, &elapsed);
    const DoctorFinding *f = report.finding(QStringLiteral("lifetime.limit"));
    QVERIFY2(f, qPrintable(ids(report)));
    QCOMPARE(f->severity, DoctorFinding::Severity::Info);
    QVERIFY(f->title.contains(QStringLiteral("closed after")));
    QCOMPARE(report.endedBy, QStringLiteral("all probes done"));
    QVERIFY2(elapsed < 5000, qPrintable(QString::number(elapsed)));
    QVERIFY2(report.measured(QStringLiteral("resume")), qPrintable(ids(report)));
    QVERIFY2(!report.hasFinding(QStringLiteral("resume.gap")), qPrintable(ids(report)));
    // A reconnect after the last event (id 8) gets the events after it: a live stream.
    QVERIFY2(report.measured(QStringLiteral("end")), qPrintable(ids(report)));
    QVERIFY2(report.toText().contains("the stream goes on: "), qPrintable(ids(report)));
    QVERIFY(!report.hasFinding(QStringLiteral("end.restart")));
}

void TestDoctor::serverEndsAfterOneEvent()
{
    // One event with an id, then the end: nothing to resume from a few back, but what a
    // reconnect after that id gets is still asked.
    MockServerOptions o;
    o.heartbeatMs = 100;
    o.eventMs = 50;
    o.eventsPerStream = 1;
    auto server = startMock(o);
    QVERIFY(server);
    qint64 elapsed = 0;
    const DoctorReport report = diagnose(server->url(), 10000, &elapsed);
    QCOMPARE(report.endedBy, QStringLiteral("all probes done"));
    QVERIFY2(report.measured(QStringLiteral("end")), report.toText().constData());
    QVERIFY2(report.toText().contains("the stream goes on: 1 new event(s)"),
             report.toText().constData());
}

void TestDoctor::corsPreflight_data()
{
    QTest::addColumn<bool>("cors");
    QTest::newRow("the mock without CORS") << false;
    QTest::newRow("the mock with CORS") << true;
}

void TestDoctor::corsPreflight()
{
    // A fetch() with Authorization from another origin needs a preflight: the mock answers
    // OPTIONS either way, with the Access-Control-Allow-* fields only when CORS is on.
    QFETCH(bool, cors);
    MockServerOptions o;
    o.heartbeatMs = 100;
    o.eventMs = 100;
    o.cors = cors;
    auto server = startMock(o);
    QVERIFY(server);
    DoctorOptions options = optionsFor(server->url());
    options.request.headers = {{"Authorization", "Bearer sk-test"}};
    options.budgetMs = 1500;
    const DoctorReport report = diagnose(options);
    QVERIFY2(report.measured(QStringLiteral("cors")), qPrintable(ids(report)));
    const DoctorFinding *f = report.finding(QStringLiteral("cors.preflight"));
    if (cors) {
        QVERIFY2(!f, qPrintable(ids(report)));
        QVERIFY2(report.toText().contains("OPTIONS answered 204; GET from "),
                 qPrintable(ids(report)));
        QVERIFY(!report.hasFinding(QStringLiteral("cors.response")));
        return;
    }
    QVERIFY2(f, qPrintable(ids(report)));
    const QString evidence = f->evidence.join(QLatin1Char('\n'));
    QVERIFY2(evidence.contains(QStringLiteral("Access-Control-Request-Headers: authorization")),
             qPrintable(evidence));
    QVERIFY2(evidence.contains(QStringLiteral("refused: no Access-Control-Allow-Origin")),
             qPrintable(evidence));
}

void TestDoctor::completionSentAgain_data()
{
    QTest::addColumn<bool>("retryPost");
    QTest::newRow("without leave") << false;
    QTest::newRow("--retry-post") << true;
}

void TestDoctor::completionSentAgain()
{
    // The mock's OpenAI preset: a chat completion without ids, each with its own chunk id. Its
    // body is sent again only with leave, and then the doctor sees another response.
    QFETCH(bool, retryPost);
    MockServerOptions o;
    o.preset = "openai-chat";
    auto server = startMock(o);
    QVERIFY(server);
    DoctorOptions options = optionsFor(server->url());
    options.request.method = "POST";
    options.request.body =
        R"({"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]})";
    options.request.headers = {{"Content-Type", "application/json"}};
    options.request.retryNonGet = retryPost;
    options.budgetMs = 8000;
    const DoctorReport report = diagnose(options);
    QCOMPARE(report.endedBy, QStringLiteral("all probes done"));
    QVERIFY2(report.hasFinding(QStringLiteral("resume.no-ids")), qPrintable(ids(report)));
    QCOMPARE(report.measured(QStringLiteral("resend")), retryPost);
    QCOMPARE(report.hasFinding(QStringLiteral("resend.regenerates")), retryPost);
    if (!retryPost)
        QVERIFY2(report.toText().contains("--retry-post tries it"), qPrintable(ids(report)));
}

void TestDoctor::postStreamResumedWithGet()
{
    // A POST's stream with ids: its body is not sent again without leave; the reconnect asks
    // with GET and Last-Event-ID, which the mock answers from its history.
    MockServerOptions o;
    o.heartbeatMs = 100;
    o.eventMs = 50;
    o.eventsPerStream = 12;
    auto server = startMock(o);
    QVERIFY(server);
    DoctorOptions options = optionsFor(server->url());
    options.request.method = "POST";
    options.request.body = R"({"prompt":"hi"})";
    options.request.headers = {{"Content-Type", "application/json"}};
    options.budgetMs = 6000;
    const DoctorReport report = diagnose(options);
    QVERIFY2(report.measured(QStringLiteral("resume")), qPrintable(ids(report)));
    const QByteArray text = report.toText();
    QVERIFY2(text.contains("replay: exactly the 3 event(s) after id 9"), qPrintable(ids(report)));
    QVERIFY2(!report.hasFinding(QStringLiteral("resume.gap")), qPrintable(ids(report)));
    QVERIFY2(text.contains("a reconnect (GET) with the last event's id"), qPrintable(ids(report)));
}

void TestDoctor::hostile_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("finding");
    QTest::newRow("never answers") << 0 << QStringLiteral("response.no-head");
    QTest::newRow("lying chunk size") << 1 << QStringLiteral("framing.broken");
    QTest::newRow("binary garbage") << 2 << QString();
    QTest::newRow("reset at once") << 3 << QStringLiteral("response.failed");
    QTest::newRow("not a stream") << 4 << QStringLiteral("headers.content-type");
}

void TestDoctor::hostile()
{
    QFETCH(int, kind);
    QFETCH(QString, finding);
    ScriptedServer server;
    QVERIFY(server.listen());
    switch (kind) {
    case 0:
        server.enqueue(ServerScript::silent());
        break;
    case 1:
        server.enqueue(ServerScript::stream()
                           .header("Transfer-Encoding", "chunked")
                           .send("6\r\ndata: \r\nzz\r\nnot a chunk\r\n"));
        break;
    case 2: {
        QByteArray garbage;
        for (int i = 0; i < 64 * 1024; ++i)
            garbage.append(char((i * 7919) & 0xff));
        server.enqueue(ServerScript::stream().send(garbage).wait(200).send(garbage));
        break;
    }
    case 3:
        server.enqueue(ServerScript::resetAtOnce());
        break;
    case 4:
        server.enqueue(ServerScript::stream("text/html").send("<html></html>").close());
        break;
    }
    qint64 elapsed = 0;
    const DoctorReport report = diagnose(server.url(), kBudgetMs, &elapsed);
    QVERIFY2(elapsed <= kBudgetMs + kSlackMs, qPrintable(QString::number(elapsed)));
    QVERIFY(!report.coverage.isEmpty());
    if (!finding.isEmpty())
        QVERIFY2(report.hasFinding(finding), qPrintable(ids(report)));
    if (kind == 0) {
        for (const DoctorCoverage &c : report.coverage)
            QVERIFY2(!c.measured, qPrintable(ids(report)));
    }
}

void TestDoctor::flood()
{
    // Events as fast as the doctor reads them: it keeps at most maxArrivals of them and still
    // ends on time.
    MockServerOptions o;
    o.heartbeatMs = 100;
    o.burst = true;
    auto server = startMock(o);
    QVERIFY(server);
    qint64 elapsed = 0;
    const DoctorReport report = diagnose(server->url(), kBudgetMs, &elapsed, 1000);
    QVERIFY2(elapsed <= kBudgetMs + kSlackMs, qPrintable(QString::number(elapsed)));
    QCOMPARE(report.endedBy, QStringLiteral("budget"));
    QVERIFY(report.measured(QStringLiteral("headers")));
}

void TestDoctor::stopEndsAtOnce()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::silent());
    DoctorOptions options;
    options.request.url = server.url();
    options.budgetMs = 60000;
    Doctor doctor;
    doctor.setOptions(options);
    QSignalSpy finished(&doctor, &Doctor::finished);
    QSignalSpy received(&server, &ScriptedServer::requestReceived);
    doctor.start();
    QVERIFY(received.wait(5000));
    doctor.stop();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<DoctorReport>().endedBy, QStringLiteral("interrupted"));
    QVERIFY(!doctor.isRunning());
}

QTEST_GUILESS_MAIN(TestDoctor)
#include "tst_doctor.moc"
