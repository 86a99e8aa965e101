// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The dock's Scenario page on its own over a real mock server: a preset chosen, run and
// stopped, a file too large refused unread, an unknown preset named, and each step run
// logged newest first with a failed one in red and counted in the closing message; a preset
// that answers with a server error says it needs a resilient client where it is chosen.
#include "mockscenariopage.h"
#include "recentlogmodel.h"
#include "server/mockserver.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestMockScenarioPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void presetRunsAndStops();
    void refusedInputs();
    void failedStepIsRed();
    void presetsNeedingResilienceSaySo();
};

void TestMockScenarioPage::presetRunsAndStops()
{
    MockServer server;
    QVERIFY(server.start());
    MockScenarioPage page(&server);
    auto *run = page.findChild<QPushButton *>(QStringLiteral("scenarioRun"));
    auto *stop = page.findChild<QPushButton *>(QStringLiteral("scenarioStop"));
    QVERIFY(!run->isEnabled());
    auto *source = page.findChild<QComboBox *>(QStringLiteral("scenarioSource"));
    const int index = source->findData(QStringLiteral("flaky-wifi"));
    QVERIFY(index > 0);
    Q_EMIT source->activated(index);
    QCOMPARE(page.scenarioName(), QStringLiteral("flaky-wifi"));
    QVERIFY(run->isEnabled());
    run->click();
    QVERIFY(server.isScenarioRunning());
    QVERIFY(stop->isEnabled());
    QVERIFY(page.stepsRun() >= 1); // its steps at 0 s ran at once
    QCOMPARE(page.stepsModel()->rowCount(), page.stepsRun());
    stop->click();
    QVERIFY(!server.isScenarioRunning());
    QVERIFY(!stop->isEnabled());
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("scenarioMessage"))
                ->text()
                .startsWith(QStringLiteral("Stopped after")));
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("scenarioElapsed"))
                ->text()
                .startsWith(QStringLiteral("ran for")));
}

void TestMockScenarioPage::refusedInputs()
{
    MockServer server;
    MockScenarioPage page(&server);
    QString error;
    QVERIFY(!page.selectPreset(QStringLiteral("no-such-preset"), &error));
    QVERIFY2(error.contains(QStringLiteral("no-such-preset")), qPrintable(error));
    QTemporaryDir dir;
    QFile big(dir.filePath(QStringLiteral("big.json")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(MockScenarioPage::MaxScenarioFileBytes + 1));
    big.close();
    QVERIFY(!page.loadScenarioFile(big.fileName(), &error));
    QVERIFY2(error.contains(QStringLiteral("too large")), qPrintable(error));
    QVERIFY(page.scenarioName().isEmpty());
    // Run with nothing loaded says what to do.
    page.runScenario();
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("scenarioMessage"))
                ->text()
                .contains(QStringLiteral("Choose a preset")));
    QVERIFY(!server.isScenarioRunning());
}

void TestMockScenarioPage::failedStepIsRed()
{
    MockServer server;
    QVERIFY(server.start());
    MockScenarioPage page(&server);
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("two.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "two", "description": "", "steps": [
        {"at": "0s", "fault": "fin"},
        {"at": "60s", "clear": true}
    ]})");
    file.close();
    QString error;
    QVERIFY2(page.loadScenarioFile(file.fileName(), &error), qPrintable(error));
    QSignalSpy finished(&page, &MockScenarioPage::scenarioFinished);
    page.runScenario();
    QCOMPARE(page.stepsRun(), 1);
    QCOMPARE(page.stepsModel()->index(0, 2).data().toString(), QStringLiteral("fault fin"));
    QVERIFY(!page.stepsModel()->isError(0));
    // A step the server could not act out, as the engine reports one (gzip in a build without
    // zlib, say): listed on top, in red, with its reason.
    Q_EMIT server.scenarioStepRun(QStringLiteral("step 2"), QStringLiteral("fault gzip"),
                                  QStringLiteral("gzip: this build of ssemon has no zlib"));
    QCOMPARE(page.stepsRun(), 2);
    QVERIFY(page.stepsModel()->isError(0));
    QCOMPARE(page.stepsModel()->index(0, 3).data().toString(),
             QStringLiteral("gzip: this build of ssemon has no zlib"));
    QCOMPARE(page.findChild<QProgressBar *>(QStringLiteral("scenarioProgress"))->value(), 2);
    Q_EMIT server.scenarioFinished(QStringLiteral("two"));
    QCOMPARE(finished.size(), 1);
    const QString message = page.findChild<QLabel *>(QStringLiteral("scenarioMessage"))->text();
    QVERIFY2(message.contains(QStringLiteral("2 steps run, 1 could not be acted out")),
             qPrintable(message));
    QVERIFY(message.contains(QStringLiteral("#dc2626"))); // said in red
    server.stopScenario();
}

void TestMockScenarioPage::presetsNeedingResilienceSaySo()
{
    MockServer server;
    MockScenarioPage page(&server);
    auto *source = page.findChild<QComboBox *>(QStringLiteral("scenarioSource"));
    auto *description = page.findChild<QLabel *>(QStringLiteral("scenarioDescription"));
    const int deploy = source->findData(QStringLiteral("server-deploy"));
    const int wifi = source->findData(QStringLiteral("flaky-wifi"));
    QVERIFY(deploy > 0 && wifi > 0);
    QVERIFY2(source->itemText(deploy).contains(QStringLiteral("needs a resilient client")),
             qPrintable(source->itemText(deploy)));
    QVERIFY(!source->itemText(wifi).contains(QStringLiteral("resilient")));

    Q_EMIT source->activated(deploy);
    QVERIFY2(description->text().contains(QStringLiteral("Needs a resilient client")),
             qPrintable(description->text()));
    QVERIFY(description->text().contains(QStringLiteral("503")));
    Q_EMIT source->activated(wifi);
    QVERIFY(!description->text().contains(QStringLiteral("resilient")));
}

QTEST_MAIN(TestMockScenarioPage)
#include "tst_mockscenariopage.moc"
