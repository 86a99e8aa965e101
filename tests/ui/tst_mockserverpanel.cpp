// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "client/sseclient.h"
#include "connectiontab.h"
#include "faults/faultlistmodel.h"
#include "log/timelinemodel.h"
#include "metricsplot.h"
#include "mockclientsmodel.h"
#include "mockserverpanel.h"
#include "server/mockserver.h"
#include "statebadge.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

// The mock server panel driven like a user: fault buttons and the spec line against the
// embedded server with a tab connected to it, scenarios from files and presets, and the
// connected clients as a model.
class TestMockServerPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void faultButtonResetsTheStream();
    void faultSpecLineAndParameters();
    void scenarioFileRunsToTheEnd();
    void malformedScenarioIsExplained();
    void presetRunsAndStops();
    void clientsModelFollowsTheServer();
    void clientsModelMerge();

private:
    // A window with the embedded server and a tab open on it, the Faults page in front.
    struct Fixture
    {
        MainWindow window;
        MockServerPanel *panel = nullptr;
        ConnectionTab *tab = nullptr;
    };
    static bool open(Fixture &f, int page)
    {
        f.window.show();
        if (!f.window.startEmbedded())
            return false;
        f.panel = f.window.serverPanel();
        f.tab = f.window.currentTab();
        // Reconnects after a cut within a fraction of a second, not the default 3 s.
        SseClientOptions options = f.tab->options();
        options.retryMs = 100;
        f.tab->setOptions(options);
        f.tab->start();
        f.panel->pages()->setCurrentIndex(page);
        return true;
    }
    static QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &data)
    {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(data);
        return file.fileName();
    }
    static QString cell(QTreeView *view, int row, int column)
    {
        return view->model()->index(row, column).data().toString();
    }
};

void TestMockServerPanel::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ssemon-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mockserverpanel"));
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestMockServerPanel::faultButtonResetsTheStream()
{
    Fixture f;
    QVERIFY(open(f, MockServerPanel::FaultsPage));
    QTRY_COMPARE_WITH_TIMEOUT(f.tab->client()->state(), ClientState::Open, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(f.tab->client()->stats().events >= 1, 10000);
    const int connections = f.tab->client()->stats().connections;
    const int reconnects = f.tab->client()->stats().reconnects;

    auto *rst = f.panel->findChild<QToolButton *>(QStringLiteral("fault-rst"));
    QVERIFY(rst);
    QVERIFY(rst->toolTip().contains(QStringLiteral("reset")));
    QTest::mouseClick(rst, Qt::LeftButton);

    // The panel lists it and says what it did...
    QCOMPARE(f.panel->appliedFaultCount(), 1);
    auto *fired = f.panel->findChild<QTreeView *>(QStringLiteral("firedFaults"));
    QVERIFY(fired);
    QTRY_VERIFY(fired->model()->rowCount() >= 1);
    QCOMPARE(cell(fired, 0, 2), QStringLiteral("rst"));
    // ...and the connection tab shows the cut: a reconnect, then open again.
    QTRY_VERIFY_WITH_TIMEOUT(f.tab->client()->stats().reconnects > reconnects, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(f.tab->client()->stats().connections > connections, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(f.tab->badge()->text(), QStringLiteral("OPEN · HTTP/1.1"), 10000);
    bool sawReconnecting = false;
    int faultRow = -1;
    for (int row = 0; row < f.tab->timeline()->rowCount(); ++row) {
        const QModelIndex what = f.tab->timeline()->index(row, TimelineModel::WhatColumn);
        sawReconnecting =
            sawReconnecting || what.data().toString() == QLatin1String("reconnecting");
        if (what.data(TimelineModel::KindRole).toString() == QLatin1String("fault"))
            faultRow = row;
    }
    QVERIFY(sawReconnecting);
    // The fault itself is on the tab's timeline and marked on its plots, with what it did.
    QVERIFY(faultRow >= 0);
    QCOMPARE(f.tab->timeline()->index(faultRow, TimelineModel::WhatColumn).data().toString(),
             QStringLiteral("fault rst"));
    QVERIFY(!f.tab->timeline()
                 ->index(faultRow, TimelineModel::DetailColumn)
                 .data()
                 .toString()
                 .isEmpty());
    QVERIFY(f.tab->plot()->faultMarkerCount() >= 1);
}

void TestMockServerPanel::faultSpecLineAndParameters()
{
    Fixture f;
    QVERIFY(open(f, MockServerPanel::FaultsPage));
    QTRY_COMPARE_WITH_TIMEOUT(f.tab->client()->state(), ClientState::Open, 10000);
    auto *spec = f.panel->findChild<QLineEdit *>(QStringLiteral("faultSpec"));
    auto *error = f.panel->findChild<QLabel *>(QStringLiteral("faultError"));
    QVERIFY(spec && error);

    // A spec the catalogue cannot read: the reason inline, nothing applied, the text kept.
    QTest::keyClicks(spec, QStringLiteral("stall for=5"));
    QTest::keyClick(spec, Qt::Key_Return);
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("stall")), qPrintable(error->text()));
    QCOMPARE(f.panel->appliedFaultCount(), 0);
    QCOMPARE(spec->text(), QStringLiteral("stall for=5"));
    QTest::keyClicks(spec, QStringLiteral("00ms")); // now "stall for=500ms"
    QVERIFY(!error->isVisible());

    // The full vocabulary: every second event dropped shows as lost ids on the tab.
    spec->clear();
    QTest::keyClicks(spec, QStringLiteral("drop every=2"));
    QTest::keyClick(spec, Qt::Key_Return);
    QCOMPARE(f.panel->appliedFaultCount(), 1);
    QVERIFY(spec->text().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(f.tab->client()->stats().lost >= 1, 10000);
    auto *applied = f.panel->findChild<QTreeView *>(QStringLiteral("appliedFaults"));
    QVERIFY(applied);
    QTRY_VERIFY(cell(applied, 0, 2).contains(QStringLiteral("×")));

    // Removed: no more drops.
    applied->setCurrentIndex(applied->model()->index(0, 0));
    QTest::mouseClick(f.panel->findChild<QPushButton *>(QStringLiteral("faultRemove")),
                      Qt::LeftButton);
    QCOMPARE(f.panel->appliedFaultCount(), 0);
    const qint64 lost = f.tab->client()->stats().lost;
    const qint64 events = f.tab->client()->stats().events;
    QTRY_VERIFY_WITH_TIMEOUT(f.tab->client()->stats().events >= events + 3, 10000);
    QCOMPARE(f.tab->client()->stats().lost, lost);

    // A parameter field: the status code the next connection is answered with.
    auto *code = f.panel->findChild<QLineEdit *>(QStringLiteral("faultParam-status"));
    QVERIFY(code);
    code->clear();
    QTest::keyClicks(code, QStringLiteral("abc"));
    QTest::mouseClick(f.panel->findChild<QToolButton *>(QStringLiteral("fault-status")),
                      Qt::LeftButton);
    QVERIFY(error->isVisible());
    QCOMPARE(f.panel->appliedFaultCount(), 0);
    code->clear();
    QTest::keyClicks(code, QStringLiteral("503"));
    QTest::keyClick(code, Qt::Key_Return); // Return in the field is the button
    QCOMPARE(f.panel->appliedFaultCount(), 1);
    QCOMPARE(cell(applied, 0, 1), QStringLiteral("status code=503"));
    QTest::mouseClick(f.panel->findChild<QToolButton *>(QStringLiteral("fault-fin")),
                      Qt::LeftButton);
    // The stream ends, the reconnect is answered 503: the tab fails with the status.
    QTRY_COMPARE_WITH_TIMEOUT(f.tab->client()->state(), ClientState::Failed, 10000);
    // The tab takes the delivered records a slice per turn of its event loop: the badge follows.
    QTRY_VERIFY2(f.tab->badge()->toolTip().contains(QStringLiteral("503")),
                 qPrintable(f.tab->badge()->toolTip()));
    QTest::mouseClick(f.panel->findChild<QPushButton *>(QStringLiteral("faultClear")),
                      Qt::LeftButton);
    QCOMPARE(f.panel->appliedFaultCount(), 0);
}

void TestMockServerPanel::scenarioFileRunsToTheEnd()
{
    QTemporaryDir dir;
    const QString file = writeFile(dir, QStringLiteral("quick.json"), R"({
        "name": "quick", "description": "cut once, then calm",
        "steps": [
            {"at": "0s", "fault": "latency ms=1"},
            {"at": "300ms", "fault": "rst"},
            {"at": "600ms", "clear": true}
        ]})");
    Fixture f;
    QVERIFY(open(f, MockServerPanel::ScenarioPage));
    QTRY_COMPARE_WITH_TIMEOUT(f.tab->client()->state(), ClientState::Open, 10000);
    const int reconnects = f.tab->client()->stats().reconnects;

    QString error;
    QVERIFY2(f.panel->loadScenarioFile(file, &error), qPrintable(error));
    auto *source = f.panel->findChild<QComboBox *>(QStringLiteral("scenarioSource"));
    QCOMPARE(source->currentText(), QStringLiteral("file: quick.json"));
    QVERIFY(f.panel->findChild<QLabel *>(QStringLiteral("scenarioDescription"))
                ->text()
                .contains(QStringLiteral("cut once")));
    auto *progress = f.panel->findChild<QProgressBar *>(QStringLiteral("scenarioProgress"));
    auto *stop = f.panel->findChild<QPushButton *>(QStringLiteral("scenarioStop"));
    QVERIFY(!stop->isEnabled());

    QSignalSpy finished(f.panel, &MockServerPanel::scenarioFinished);
    QTest::mouseClick(f.panel->findChild<QPushButton *>(QStringLiteral("scenarioRun")),
                      Qt::LeftButton);
    QCOMPARE(progress->maximum(), 3);
    QVERIFY(progress->value() >= 1); // the step at 0 s ran at once
    QVERIFY(stop->isEnabled());
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().first().toString(), QStringLiteral("quick"));
    QCOMPARE(progress->value(), 3);
    QCOMPARE(f.panel->scenarioStepsRun(), 3);
    QVERIFY(!stop->isEnabled());
    auto *message = f.panel->findChild<QLabel *>(QStringLiteral("scenarioMessage"));
    QVERIFY2(message->text().contains(QStringLiteral("Finished quick")),
             qPrintable(message->text()));
    auto *steps = f.panel->findChild<QTreeView *>(QStringLiteral("scenarioSteps"));
    QVERIFY(steps);
    QCOMPARE(steps->model()->rowCount(), 3);
    QCOMPARE(cell(steps, 0, 2), QStringLiteral("clear")); // newest first
    QVERIFY(f.panel->findChild<QLabel *>(QStringLiteral("scenarioElapsed"))
                ->text()
                .startsWith(QStringLiteral("ran for")));
    // The rst step reached the tab.
    QTRY_VERIFY_WITH_TIMEOUT(f.tab->client()->stats().reconnects > reconnects, 10000);
    // The scenario's faults are in the Applied list, marked as the scenario's, and done: the
    // rst fired once, the latency ended with the clear step.
    auto *applied = f.panel->findChild<QTreeView *>(QStringLiteral("appliedFaults"));
    QVERIFY(applied);
    QCOMPARE(f.panel->appliedFaultCount(), 2);
    QCOMPARE(cell(applied, 0, FaultListModel::SpecColumn), QStringLiteral("rst"));
    QCOMPARE(cell(applied, 1, FaultListModel::SpecColumn), QStringLiteral("latency ms=1"));
    for (int row = 0; row < 2; ++row) {
        QCOMPARE(cell(applied, row, FaultListModel::OriginColumn), QStringLiteral("scenario"));
        QCOMPARE(cell(applied, row, FaultListModel::StateColumn), QStringLiteral("done"));
    }
    QVERIFY(cell(applied, 0, FaultListModel::FiredColumn).startsWith(QStringLiteral("1×")));
}

void TestMockServerPanel::malformedScenarioIsExplained()
{
    QTemporaryDir dir;
    MockServer server;
    MockServerPanel panel(&server);
    panel.show();
    auto *message = panel.findChild<QLabel *>(QStringLiteral("scenarioMessage"));
    auto *run = panel.findChild<QPushButton *>(QStringLiteral("scenarioRun"));
    QVERIFY(!run->isEnabled()); // nothing to run yet

    const QString badStep = writeFile(dir, QStringLiteral("bad-step.json"), R"({
        "name": "bad", "description": "a typo in step 2", "steps": [
            {"at": "0s", "fault": "rst"},
            {"at": "1s", "fault": "stall for=5"}
        ]})");
    QString error;
    QVERIFY(!panel.loadScenarioFile(badStep, &error));
    QVERIFY2(error.contains(QStringLiteral("bad-step.json")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("step 2")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("stall")), qPrintable(error));
    QVERIFY(message->text().contains(QStringLiteral("step 2")));
    QVERIFY(!run->isEnabled());

    const QString notJson =
        writeFile(dir, QStringLiteral("not-json.json"), QByteArray("{\"steps\": [\0\xff", 13));
    QVERIFY(!panel.loadScenarioFile(notJson, &error));
    QVERIFY2(error.contains(QStringLiteral("not-json.json")), qPrintable(error));
    QVERIFY(!panel.loadScenarioFile(dir.filePath(QStringLiteral("missing.json")), &error));
    QVERIFY2(error.contains(QStringLiteral("missing.json")), qPrintable(error));

    // A good file after the bad ones loads; a bad one after it leaves it in place.
    const QString good = writeFile(dir, QStringLiteral("good.json"),
                                   R"({"name": "good", "description": "one fin",
                                       "steps": [{"at": "0s", "fault": "fin"}]})");
    QVERIFY(panel.loadScenarioFile(good, &error));
    QVERIFY(run->isEnabled());
    QVERIFY(!panel.loadScenarioFile(badStep, &error));
    QCOMPARE(panel.scenarioName(), QStringLiteral("good"));
    QVERIFY(run->isEnabled());
}

void TestMockServerPanel::presetRunsAndStops()
{
    Fixture f;
    QVERIFY(open(f, MockServerPanel::ScenarioPage));
    auto *source = f.panel->findChild<QComboBox *>(QStringLiteral("scenarioSource"));
    const int index = source->findData(QStringLiteral("flaky-wifi"));
    QVERIFY(index > 0);
    // Picked with the keyboard, as a user would.
    source->setFocus();
    while (source->currentIndex() < index)
        QTest::keyClick(source, Qt::Key_Down);
    QCOMPARE(f.panel->scenarioName(), QStringLiteral("flaky-wifi"));
    QVERIFY(f.panel->scenarioStepCount() > 100); // its repeat block unrolled

    QTest::mouseClick(f.panel->findChild<QPushButton *>(QStringLiteral("scenarioRun")),
                      Qt::LeftButton);
    QVERIFY(f.window.server()->isScenarioRunning());
    QTRY_VERIFY(f.panel->scenarioStepsRun() >= 3); // the three steps at 0 s
    QTest::mouseClick(f.panel->findChild<QPushButton *>(QStringLiteral("scenarioStop")),
                      Qt::LeftButton);
    QVERIFY(!f.window.server()->isScenarioRunning());
    QVERIFY(f.panel->findChild<QLabel *>(QStringLiteral("scenarioMessage"))
                ->text()
                .startsWith(QStringLiteral("Stopped after")));
    f.panel->clearFaults();
}

void TestMockServerPanel::clientsModelFollowsTheServer()
{
    Fixture f;
    QVERIFY(open(f, MockServerPanel::ServerPage));
    QAbstractItemModelTester tester(f.panel->clientsModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *view = f.panel->findChild<QTableView *>(QStringLiteral("serverClients"));
    QCOMPARE(view->model(), f.panel->clientsModel());
    QTRY_COMPARE_WITH_TIMEOUT(f.panel->clientsModel()->rowCount(), 1, 10000);
    QVERIFY(f.window.startEmbedded()); // a second tab on the same server
    QTRY_COMPARE_WITH_TIMEOUT(f.panel->clientsModel()->rowCount(), 2, 10000);
    // Event counts and last ids move with the stream.
    const QModelIndex events = f.panel->clientsModel()->index(0, MockClientsModel::EventsColumn);
    const QString before = events.data().toString();
    QTRY_VERIFY_WITH_TIMEOUT(events.data().toString() != before, 10000);
    QVERIFY(!f.panel->clientsModel()
                 ->index(0, MockClientsModel::LastIdColumn)
                 .data()
                 .toString()
                 .isEmpty());
    f.tab->stop();
    QTRY_COMPARE_WITH_TIMEOUT(f.panel->clientsModel()->rowCount(), 1, 10000);
}

void TestMockServerPanel::clientsModelMerge()
{
    MockClientsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto clients = [](std::initializer_list<int> numbers, qint64 events = 0) {
        QList<MockClientInfo> list;
        for (int n : numbers) {
            MockClientInfo info;
            info.client = n;
            info.eventsSent = events;
            info.lastEventId = QByteArray::number(n * 10);
            list.append(info);
        }
        return list;
    };
    auto numbers = [&model] {
        QList<int> list;
        for (int row = 0; row < model.rowCount(); ++row)
            list << model.index(row, 0).data(MockClientsModel::ClientNumberRole).toInt();
        return list;
    };
    model.setClients(clients({3, 1, 2}));
    QCOMPARE(numbers(), QList<int>({1, 2, 3}));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.setClients(clients({1, 3, 5, 6}, 7));
    QCOMPARE(numbers(), QList<int>({1, 3, 5, 6}));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(changed.count(), 2); // 1 and 3 sent more events
    QCOMPARE(model.index(1, MockClientsModel::EventsColumn).data().toString(), QStringLiteral("7"));
    QCOMPARE(model.index(1, MockClientsModel::LastIdColumn).data().toString(),
             QStringLiteral("30"));
    changed.clear();
    model.setClients(clients({1, 3, 5, 6}, 7));
    QCOMPARE(changed.count(), 0); // nothing new, no repaint
    model.setClients({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestMockServerPanel)
#include "tst_mockserverpanel.moc"
