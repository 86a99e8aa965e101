// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// CheckRunner on a stream it did not start (CheckRunner::attach(), what the GUI's check pane
// does with a tab's client): results come as the stream runs, passing and failing; the client
// is opened by its owner when asked, never closed by the runner; the file's own stream
// definition is not started; fault triggers act on the host given, or are errors without one.
#include "check/checkreader.h"
#include "check/checkrunner.h"
#include "client/sseclient.h"
#include "server/mockserver.h"

#include <QSignalSpy>
#include <QTest>

class TestCheckRunnerAttach : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void ticksResultsAsTheStreamRuns();
    void liveStreamIsCheckedAsItStands();
    void faultsActOnTheHostGiven();
    void faultWithoutAHostIsAnError();
    void otherStreamsRunAsTheFileSays();

private:
    static CheckFile read(const QByteArray &text);
    static const CheckResult *find(const QList<CheckResult> &results, const QString &prefix);

    MockServer *m_server = nullptr;
    SseClient *m_client = nullptr;
};

void TestCheckRunnerAttach::init()
{
    MockServerOptions options;
    options.eventMs = 20;
    options.eventType = "tick";
    options.retryMs = 50;
    m_server = new MockServer(this);
    m_server->setOptions(options);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_client = new SseClient(this);
    SseClientOptions client;
    client.url = m_server->url();
    client.retryMs = 50;
    m_client->setOptions(client);
}

void TestCheckRunnerAttach::cleanup()
{
    delete m_client;
    m_client = nullptr;
    delete m_server;
    m_server = nullptr;
}

CheckFile TestCheckRunnerAttach::read(const QByteArray &text)
{
    CheckFile file;
    QString error;
    if (!CheckReader::read(text, QStringLiteral("t.yaml"), false, {}, &file, &error))
        qWarning("%s", qPrintable(error));
    return file;
}

const CheckResult *TestCheckRunnerAttach::find(const QList<CheckResult> &results,
                                               const QString &prefix)
{
    for (const CheckResult &result : results) {
        if (result.expectation.startsWith(prefix))
            return &result;
    }
    return nullptr;
}

void TestCheckRunnerAttach::ticksResultsAsTheStreamRuns()
{
    // The file's stream would be a mock server of its own sending untyped events: ticks can
    // only come from the attached client.
    CheckRunner runner(read("streams:\n"
                            "  tab: {mock: {event-ms: 20}}\n"
                            "steps:\n"
                            "  - within: 3s\n"
                            "    expect: [{open: 2s}, {event: tick}, {count: {at-least: 3, "
                            "type: tick}}]\n"
                            "  - within: 300ms\n"
                            "    expect: [{none: tick}, {event: nope}]\n"));
    runner.attach(0, m_client, m_server);
    QSignalSpy starting(&runner, &CheckRunner::attachedStreamStarting);
    QSignalSpy steps(&runner, &CheckRunner::stepStarted);
    QSignalSpy reported(&runner, &CheckRunner::resultReady);
    QSignalSpy finished(&runner, &CheckRunner::finished);
    // The owner connects its stream when the runner asks, as the GUI's tab does.
    connect(&runner, &CheckRunner::attachedStreamStarting, m_client, &SseClient::open);
    QList<int> finishedWhenReported;
    connect(&runner, &CheckRunner::resultReady, this,
            [&] { finishedWhenReported.append(int(finished.size())); });
    runner.start();

    // Each result is reported as it is decided, while the check still runs: the passes long
    // before the first window (3 s) would end.
    QTRY_VERIFY_WITH_TIMEOUT(reported.size() >= 3, 3000);
    QCOMPARE(starting.size(), 1);
    QCOMPARE(starting.at(0).at(0).toInt(), 0);
    for (int i = 0; i < 3; ++i) {
        const auto result = reported.at(i).at(0).value<CheckResult>();
        QCOMPARE(result.step, 0);
        QVERIFY2(result.status == CheckResult::Status::Passed,
                 qPrintable(result.expectation + u' ' + result.message));
        QCOMPARE(result.stream, QStringLiteral("tab"));
        QVERIFY2(result.elapsedMs < 2000, qPrintable(QString::number(result.elapsedMs)));
    }

    QVERIFY(finished.wait(10000));
    QCOMPARE(steps.size(), 2);
    const QList<CheckResult> results = runner.results();
    QCOMPARE(results.size(), 5);
    const CheckResult *none = find(results, QStringLiteral("no event type=tick"));
    QVERIFY(none);
    QCOMPARE(none->status, CheckResult::Status::Failed);
    QVERIFY2(!none->evidence.isEmpty(), "a failure carries its evidence");
    const CheckResult *nope = find(results, QStringLiteral("event type=nope"));
    QVERIFY(nope);
    QCOMPARE(nope->status, CheckResult::Status::Failed);
    QVERIFY(m_server->stats().requests >= 1);

    // The tab's stream is the owner's: still open after the check, records still coming.
    QCOMPARE(m_client->state(), ClientState::Open);
    QSignalSpy more(m_client, &SseClient::recordsReady);
    QVERIFY(more.wait(2000));
    QCOMPARE(reported.size(), 5);
    QCOMPARE(finishedWhenReported, QList<int>(5, 0));
}

void TestCheckRunnerAttach::liveStreamIsCheckedAsItStands()
{
    m_client->open();
    QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), ClientState::Open, 5000);
    const qint64 requests = m_server->stats().requests;
    CheckRunner runner(read("streams:\n  s: {url: 'http://127.0.0.1:1/'}\nsteps:\n"
                            "  - within: 2s\n    expect: [{open: 100ms}, {count: 2}]\n"));
    runner.attach(0, m_client);
    QSignalSpy finished(&runner, &CheckRunner::finished);
    runner.start();
    QVERIFY(finished.wait(5000));
    const QList<CheckResult> results = runner.results();
    QCOMPARE(results.size(), 2);
    for (const CheckResult &result : results)
        QVERIFY2(result.status == CheckResult::Status::Passed, qPrintable(result.message));
    // Nobody connected it again.
    QCOMPARE(m_server->stats().requests, requests);
}

void TestCheckRunnerAttach::faultsActOnTheHostGiven()
{
    CheckRunner runner(read("streams:\n  s: {mock: {}}\nsteps:\n"
                            "  - within: 2s\n    expect: [{count: 3}]\n"
                            "  - fault: rst\n    within: 5s\n    expect: [{resume: true}]\n"));
    runner.attach(0, m_client, m_server);
    connect(&runner, &CheckRunner::attachedStreamStarting, m_client, &SseClient::open);
    QSignalSpy finished(&runner, &CheckRunner::finished);
    runner.start();
    QVERIFY(finished.wait(10000));
    const QList<CheckResult> results = runner.results();
    QCOMPARE(results.size(), 2);
    const CheckResult *resume = find(results, QStringLiteral("reconnect resumes"));
    QVERIFY(resume);
    QVERIFY2(resume->status == CheckResult::Status::Passed, qPrintable(resume->message));
    QVERIFY(m_server->stats().requests >= 2);
}

void TestCheckRunnerAttach::faultWithoutAHostIsAnError()
{
    CheckRunner runner(read("streams:\n  s: {mock: {}}\nsteps:\n"
                            "  - fault: rst\n    within: 1s\n    expect: [{event: tick}]\n"));
    runner.attach(0, m_client);
    connect(&runner, &CheckRunner::attachedStreamStarting, m_client, &SseClient::open);
    QSignalSpy finished(&runner, &CheckRunner::finished);
    runner.start();
    QVERIFY(finished.wait(5000));
    const QList<CheckResult> results = runner.results();
    QCOMPARE(results.size(), 1);
    QCOMPARE(results.at(0).status, CheckResult::Status::Error);
    QVERIFY2(results.at(0).message.contains(QStringLiteral("attached")),
             qPrintable(results.at(0).message));
}

void TestCheckRunnerAttach::otherStreamsRunAsTheFileSays()
{
    CheckRunner runner(read("streams:\n"
                            "  tab: {mock: {}}\n"
                            "  own: {mock: {event-ms: 20, event-type: own}}\n"
                            "steps:\n"
                            "  - {stream: own, within: 2s, expect: [{event: own}]}\n"
                            "  - {stream: tab, within: 2s, expect: [{event: tick}]}\n"));
    runner.attach(0, m_client, m_server);
    QSignalSpy starting(&runner, &CheckRunner::attachedStreamStarting);
    connect(&runner, &CheckRunner::attachedStreamStarting, m_client, &SseClient::open);
    QSignalSpy finished(&runner, &CheckRunner::finished);
    runner.start();
    QVERIFY(finished.wait(10000));
    const QList<CheckResult> results = runner.results();
    QCOMPARE(results.size(), 2);
    for (const CheckResult &result : results)
        QVERIFY2(result.status == CheckResult::Status::Passed, qPrintable(result.message));
    QCOMPARE(results.at(0).stream, QStringLiteral("own"));
    QCOMPARE(starting.size(), 1);
    QCOMPARE(starting.at(0).at(0).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestCheckRunnerAttach)
#include "tst_checkrunnerattach.moc"
