// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The fault catalogue on the mock server's provider presets: each fault applied to a preset
// stream provokes what the project's lens should say of it (truncated, an error event, a chunk
// that is not JSON, a duplicated delta, ...), the response faults answer in the provider's
// JSON, and scenarios drive preset streams like any other.
#include "faults/faultspec.h"
#include "faults/scenarioreader.h"
#include "presettest.h"

#include <QElapsedTimer>
#include <QTest>

using namespace PresetTest;

namespace {

Fault fault(const QString &spec)
{
    Fault f;
    QString error;
    if (!FaultSpec::parse(spec, &f, &error))
        qFatal("%s", qPrintable(error));
    return f;
}

} // namespace

class TestMockPresetFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void streamFaults_data();
    void streamFaults();
    void stallMidAnswer_data();
    void stallMidAnswer();
    void rateLimitedWithRetryAfter_data();
    void rateLimitedWithRetryAfter();
    void scenarioOnPresetStream();
    void errorEventOutsidePresets();
};

void TestMockPresetFaults::streamFaults_data()
{
    QTest::addColumn<QByteArray>("preset");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QByteArray>("problem"); // the lens problem it must provoke
    QTest::addColumn<int>("event"); // the event it acts on (the trigger's count)
    for (const Case &c : cases()) {
        // The third token's event, wherever a provider's tokens start.
        const int n = c.leading + 3;
        const QByteArray name = c.preset + '/';
        const auto row = [&](const char *what, const QString &spec, const QByteArray &problem) {
            QTest::newRow(QByteArray(name + what).constData()) << c.preset << spec << problem << n;
        };
        const QString after = QStringLiteral(" after=%1").arg(n);
        row("truncate", QStringLiteral("truncate") + after, "truncated");
        row("fin before the terminal event", QStringLiteral("fin") + after, "truncated");
        row("rst", QStringLiteral("rst") + after, "truncated");
        row("error event", QStringLiteral("error-event") + after, "error_event");
        row("not JSON", QStringLiteral("not-json") + after, "not_json");
        // Only Responses numbers its events: the others' lenses cannot see a repeated delta
        // except in the text (checked below).
        row("duplicate delta", QStringLiteral("duplicate") + after,
            c.preset == "openai-responses" ? "sequence_order" : "");
        row("drop a delta", QStringLiteral("drop") + after,
            c.preset == "openai-responses" ? "sequence_gap" : "");
    }
}

// Each fault on a preset stream, read by the lens: the problem it names, and the text.
void TestMockPresetFaults::streamFaults()
{
    QFETCH(QByteArray, preset);
    QFETCH(QString, spec);
    QFETCH(QByteArray, problem);
    QFETCH(int, event);
    MockServer server;
    QVERIFY(start(server, options(preset)));
    QVERIFY(server.applyFault(fault(spec)) > 0);
    RawSseClient client;
    QVERIFY(client.open(server.port(), post(caseOf(preset).target, body(preset))));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.status(), 200);
    const LensFixture::Run r = lensRun(preset, client);
    const QString facts = LensFixture::describe(r.facts);
    const QStringList problems = LensFixture::problemCodes(r.facts);
    if (problem.isEmpty())
        QVERIFY2(problems.isEmpty(), qPrintable(facts));
    else
        QVERIFY2(problems.contains(QString::fromLatin1(problem)), qPrintable(facts));

    const Case c = caseOf(preset);
    const QList<QByteArray> &tokens = ProviderFixtures::tokens();
    const QByteArray before = tokens.mid(0, event - c.leading - 1).join();
    if (spec.startsWith(u"duplicate")) {
        QCOMPARE(r.facts.answer(), withTokenTwice(c, event));
        QVERIFY2(r.facts.terminal, qPrintable(facts));
    } else if (spec.startsWith(u"drop")) {
        QList<QByteArray> rest = tokens;
        rest.removeAt(event - c.leading - 1);
        QCOMPARE(r.facts.answer(), rest.join());
        QVERIFY2(r.facts.terminal, qPrintable(facts));
    } else if (spec.startsWith(u"not-json")) {
        // The cut event's token is lost to the reader; the stream goes on to its end.
        QList<QByteArray> rest = tokens;
        rest.removeAt(event - c.leading - 1);
        QCOMPARE(r.facts.answer(), rest.join());
    } else if (spec.startsWith(u"error-event")) {
        QVERIFY2(r.facts.errorSeen, qPrintable(facts));
        QVERIFY2(!r.facts.terminal, qPrintable(facts));
        QCOMPARE(r.facts.answer(), before);
        QCOMPARE(client.end(), RawSseClient::End::Fin);
    } else {
        // Closed before the terminal event: fin and rst after event n, truncate within it (a
        // reset may take what the client had not read yet with it).
        QVERIFY2(!r.facts.terminal, qPrintable(facts));
        if (!spec.startsWith(u"rst"))
            QCOMPARE(r.facts.answer(),
                     spec.startsWith(u"truncate") ? before
                                                  : tokens.mid(0, event - c.leading).join());
    }
}

void TestMockPresetFaults::stallMidAnswer_data()
{
    QTest::addColumn<QByteArray>("preset");
    for (const Case &c : cases())
        QTest::newRow(c.preset.constData()) << c.preset;
}

// A stall mid-answer holds the rest of the answer, which then arrives whole.
void TestMockPresetFaults::stallMidAnswer()
{
    QFETCH(QByteArray, preset);
    const Case c = caseOf(preset);
    MockServer server;
    QVERIFY(start(server, options(preset)));
    QVERIFY(server.applyFault(fault(QStringLiteral("stall for=300ms after=%1").arg(c.leading + 3)))
            > 0);
    RawSseClient client;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(client.open(server.port(), post(c.target, body(preset))));
    QVERIFY(client.waitFor([&client, &c] { return client.events().size() >= c.leading + 2; }));
    QVERIFY(client.isOpen());
    QVERIFY(client.waitForEnd());
    QVERIFY2(clock.elapsed() >= 280, qPrintable(QString::number(clock.elapsed())));
    const LensFixture::Run r = lensRun(preset, client);
    QVERIFY2(r.facts.problems.isEmpty(), qPrintable(LensFixture::describe(r.facts)));
    QCOMPARE(r.facts.answer(), ProviderFixtures::text());
}

void TestMockPresetFaults::rateLimitedWithRetryAfter_data()
{
    stallMidAnswer_data();
}

// A 429 with Retry-After answers the request with the provider's JSON error; the next request
// streams again.
void TestMockPresetFaults::rateLimitedWithRetryAfter()
{
    QFETCH(QByteArray, preset);
    MockServer server;
    QVERIFY(start(server, options(preset)));
    QVERIFY(server.applyFault(fault(QStringLiteral("status code=429 retry-after=7"))) > 0);
    RawSseClient limited;
    QVERIFY(limited.open(server.port(), post(caseOf(preset).target, body(preset))));
    QVERIFY(limited.waitForEnd());
    QCOMPARE(limited.status(), 429);
    QCOMPARE(limited.header("Retry-After"), QByteArray("7"));
    QCOMPARE(limited.header("Content-Type"), QByteArray("application/json"));
    const QJsonObject error = json(limited.body());
    if (preset == "anthropic")
        QCOMPARE(error.value(u"error")[u"type"].toString(), QStringLiteral("rate_limit_error"));
    else if (preset == "gemini")
        QCOMPARE(error.value(u"error")[u"status"].toString(), QStringLiteral("RESOURCE_EXHAUSTED"));
    else
        QCOMPARE(error.value(u"error")[u"code"].toString(), QStringLiteral("rate_limit_exceeded"));

    RawSseClient next;
    QVERIFY(next.open(server.port(), post(caseOf(preset).target, body(preset))));
    QVERIFY(next.waitForEnd());
    QCOMPARE(next.status(), 200);
    QCOMPARE(lensRun(preset, next).facts.answer(), ProviderFixtures::text());
}

// A scenario's steps count a preset stream's events: an overloaded error after the fourth.
void TestMockPresetFaults::scenarioOnPresetStream()
{
    Scenario scenario;
    QString error;
    QVERIFY2(ScenarioReader::read(R"({"name": "overloaded", "description": "",
                                      "steps": [{"after": 4, "fault": "error-event"}]})",
                                  QStringLiteral("t.json"), &scenario, &error),
             qPrintable(error));
    MockServer server;
    QVERIFY(start(server, options("anthropic")));
    server.runScenario(scenario);
    RawSseClient client;
    QVERIFY(client.open(server.port(), post("/v1/messages", body("anthropic"))));
    QVERIFY(client.waitForEnd());
    const LensFixture::Run r = lensRun("anthropic", client);
    QVERIFY2(LensFixture::problemCodes(r.facts).contains(QStringLiteral("error_event")),
             qPrintable(LensFixture::describe(r.facts)));
    QCOMPARE(client.events().last().type, QByteArray("error"));
    QCOMPARE(json(client.events().last().data).value(u"error")[u"type"].toString(),
             QStringLiteral("overloaded_error"));
    // A step `after` 4 events runs once the fourth (the first delta) is sent: the error takes
    // the fifth's place.
    QCOMPARE(client.events().size(), 5);
    QCOMPARE(client.events().at(3).type, QByteArray("content_block_delta"));
}

// The plain event stream has no provider: its error event is the generic one.
void TestMockPresetFaults::errorEventOutsidePresets()
{
    MockServerOptions o;
    o.heartbeatMs = 0;
    o.eventMs = 5;
    o.threads = 0;
    MockServer server;
    QVERIFY(start(server, o));
    RawSseClient client;
    QVERIFY(client.open(server.port()));
    QVERIFY(client.waitForHead());
    QVERIFY(server.applyFault(fault(QStringLiteral("error-event after=2"))) > 0);
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.events().last().type, QByteArray("error"));
    QVERIFY(client.events().last().data.contains("overloaded_error"));
    QCOMPARE(client.end(), RawSseClient::End::Fin);
}

QTEST_GUILESS_MAIN(TestMockPresetFaults)
#include "tst_mockpresetfaults.moc"
