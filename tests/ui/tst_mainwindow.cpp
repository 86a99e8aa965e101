// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "client/sseclient.h"
#include "connectiontab.h"
#include "detailpane.h"
#include "filterbar.h"
#include "log/eventlog.h"
#include "log/eventtablemodel.h"
#include "log/timelinemodel.h"
#include "memorysecretstore.h"
#include "metricsplot.h"
#include "mockserverpanel.h"
#include "requesteditor.h"
#include "scriptedserver.h"
#include "server/mockserver.h"
#include "statebadge.h"
#include "theme.h"
#include "util/version.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void firstMinuteOnEmbeddedServer();
    void embeddedMcpTabInitializes();
    void filterAndDetails();
    void failureShowsReason();
    void tabsAreIndependent();
    void mockServerPanelAppliesLive();
    void sessionSavedAndReopened();
    void plotAndTimeline();
    void curlImportAndCopy();
    void profilesSavedAndRestored();
    void burstKeepsTheGuiResponsive();
    void keyboardShortcuts();
    void layoutPersists();
    void editorFitsASmallWindow();
    void darkPaletteFollowsTheMenu();
    void shortcutsAndAboutInTheHelpMenu();

private:
    static QPushButton *button(QWidget *parent, const char *name)
    {
        return parent->findChild<QPushButton *>(QLatin1String(name));
    }
};

void TestMainWindow::initTestCase()
{
    // Window layout is persisted; keep the tests away from the user's settings.
    QCoreApplication::setOrganizationName(QStringLiteral("ssemon-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestMainWindow::firstMinuteOnEmbeddedServer()
{
    MainWindow window;
    window.show();
    QVERIFY(window.startEmbedded());
    QCOMPARE(window.tabCount(), 1); // the empty first tab is used, not a second one
    ConnectionTab *tab = window.currentTab();
    QAbstractItemModelTester tester(tab->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE_WITH_TIMEOUT(tab->badge()->text(), QStringLiteral("OPEN · HTTP/1.1"), 5000);
    // Lively defaults: events (every 500 ms) and heartbeats (every second) in the first seconds.
    QTRY_VERIFY_WITH_TIMEOUT(window.client()->stats().events >= 2, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(window.client()->stats().heartbeats >= 1, 5000);
    QTRY_VERIFY(tab->model()->rowCount() >= 3);
    bool sawHeartbeat = false;
    for (int row = 0; row < tab->model()->rowCount(); ++row) {
        sawHeartbeat = sawHeartbeat
            || tab->model()->index(row, 0).data(EventTableModel::KindRole).toInt()
                == EventTableModel::HeartbeatRow;
    }
    QVERIFY(sawHeartbeat);
    QTRY_VERIFY(tab->findChild<QLabel *>(QStringLiteral("counters"))
                    ->text()
                    .contains(QStringLiteral("events")));

    // Stop: closed, and nothing reconnects afterwards.
    QTest::mouseClick(button(tab, "stop"), Qt::LeftButton);
    QTRY_COMPARE(window.client()->state(), ClientState::Closed);
    QCOMPARE(tab->badge()->text(), QStringLiteral("CLOSED"));
    const int connections = window.client()->stats().connections;
    const qint64 rows = tab->log()->size();
    QSignalSpy delivered(window.client(), &SseClient::recordsReady);
    QVERIFY(!delivered.wait(1200)); // over two event intervals, and nothing arrives
    QCOMPARE(window.client()->stats().connections, connections);
    QCOMPARE(tab->log()->size(), rows);
    QCOMPARE(window.server()->stats().clients, 0);
}

// With the mcp preset the dock's "connect a tab" POSTs an initialize accepting both answer
// forms (a GET needs a session): the tab reads the answer and ends cleanly; the dock shows the
// path and the notification interval, not the LLM presets' answer text.
void TestMainWindow::embeddedMcpTabInitializes()
{
    MainWindow window;
    window.show();
    // The dock's choice, which the next start takes (here set on the server too, as the
    // panel's start button would).
    auto *preset = window.serverPanel()->findChild<QComboBox *>(QStringLiteral("serverPreset"));
    QVERIFY(preset);
    preset->setCurrentIndex(preset->findData(QByteArray("mcp")));
    MockServerOptions options = window.server()->options();
    options.preset = "mcp";
    window.server()->setOptions(options);
    QList<MockRequestInfo> requests;
    connect(window.server(), &MockServer::requestLogged, this,
            [&requests](const MockRequestInfo &info) { requests.append(info); });
    QVERIFY(window.startEmbedded());
    QVERIFY(window.server()->url().path().endsWith(QLatin1String("/mcp")));
    ConnectionTab *tab = window.currentTab();
    QCOMPARE(tab->options().method, QByteArray("POST"));
    QTRY_COMPARE_WITH_TIMEOUT(tab->client()->state(), ClientState::Closed, 5000);
    QVERIFY(tab->client()->stats().events >= 1);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().method, QByteArray("POST"));
    QCOMPARE(requests.first().status, 200);
    // The dock: the path and the notification interval, not the answer text.
    auto *path = window.serverPanel()->findChild<QLineEdit *>(QStringLiteral("serverPath"));
    auto *text = window.serverPanel()->findChild<QLineEdit *>(QStringLiteral("serverPresetText"));
    QVERIFY(path && text);
    QVERIFY(!path->isHidden());
    QVERIFY(text->isHidden());
}

void TestMainWindow::filterAndDetails()
{
    MainWindow window;
    window.show();
    QVERIFY(window.startEmbedded());
    ConnectionTab *tab = window.currentTab();
    QAbstractItemModelTester tester(tab->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY_WITH_TIMEOUT(tab->client()->stats().events >= 4, 8000);
    tab->stop();
    QTRY_COMPARE(tab->client()->state(), ClientState::Closed);
    const int all = tab->model()->rowCount();

    // Find: the text field takes the focus; typing filters (debounced) to the matching event.
    QLineEdit *text = tab->filterBar()->textField();
    tab->focusFilter();
    QTest::keyClicks(text, QStringLiteral("\"N\":2,"));
    QTRY_COMPARE(tab->model()->rowCount(), 1);
    QLabel *count = tab->findChild<QLabel *>(QStringLiteral("matchCount"));
    QTRY_VERIFY(count->text().startsWith(QStringLiteral("1 of ")));

    // Select it: the detail pane shows the JSON pretty-printed.
    QTableView *table = tab->table();
    const QRect cell = table->visualRect(tab->model()->index(0, EventTableModel::DataColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QTRY_VERIFY(tab->detailPane()->showsJson());
    QVERIFY(tab->detailPane()->text().contains(QStringLiteral("\"n\": 2")));

    // An invalid regex is shown as such and filters nothing.
    auto *regex = tab->findChild<QCheckBox *>(QStringLiteral("filterRegex"));
    text->clear();
    QTest::keyClicks(text, QStringLiteral("(unclosed"));
    QTest::mouseClick(regex, Qt::LeftButton);
    QTRY_VERIFY(count->text().contains(QStringLiteral("invalid")));
    QCOMPARE(tab->model()->rowCount(), all);

    // Hiding heartbeats removes exactly them.
    text->clear();
    QTest::mouseClick(regex, Qt::LeftButton);
    auto *heartbeats = tab->findChild<QCheckBox *>(QStringLiteral("showHeartbeats"));
    QTest::mouseClick(heartbeats, Qt::LeftButton);
    QTRY_VERIFY(tab->model()->rowCount() < all);
    for (int row = 0; row < tab->model()->rowCount(); ++row) {
        QVERIFY(tab->model()->index(row, 0).data(EventTableModel::KindRole).toInt()
                != EventTableModel::HeartbeatRow);
    }
}

void TestMainWindow::failureShowsReason()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::status(404, "Not Found"));
    MainWindow window;
    window.show();
    ConnectionTab *tab = window.currentTab();
    QLineEdit *url = tab->urlField();
    url->clear();
    QTest::keyClicks(url, server.url().toString());
    QTest::keyClick(url, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(window.client()->state(), ClientState::Failed, 10000);
    QTRY_COMPARE(tab->badge()->text(), QStringLiteral("FAILED"));
    QVERIFY(tab->badge()->toolTip().contains(QStringLiteral("404")));
    QVERIFY(tab->findChild<QLabel *>(QStringLiteral("stateReason"))
                ->text()
                .contains(QStringLiteral("404")));
    QCOMPARE(server.requestCount(), 1); // a failure is not retried
}

void TestMainWindow::tabsAreIndependent()
{
    MainWindow window;
    window.show();
    QVERIFY(window.startEmbedded());
    ConnectionTab *first = window.currentTab();
    QVERIFY(window.startEmbedded()); // a second tab on the same server
    QCOMPARE(window.tabCount(), 2);
    ConnectionTab *second = window.currentTab();
    QVERIFY(first != second);
    QTRY_COMPARE_WITH_TIMEOUT(window.server()->stats().clients, 2, 5000);
    second->stop();
    QTRY_COMPARE(second->client()->state(), ClientState::Closed);
    const qint64 before = first->client()->stats().events;
    QTRY_VERIFY_WITH_TIMEOUT(first->client()->stats().events > before, 5000);
    QCOMPARE(first->client()->state(), ClientState::Open);
    window.closeTab(1);
    QCOMPARE(window.tabCount(), 1);
}

void TestMainWindow::mockServerPanelAppliesLive()
{
    MainWindow window;
    window.show();
    QVERIFY(window.startEmbedded());
    ConnectionTab *tab = window.currentTab();
    auto *clients = window.findChild<QTableView *>(QStringLiteral("serverClients"));
    QVERIFY(clients);
    QTRY_COMPARE_WITH_TIMEOUT(clients->model()->rowCount(), 1, 5000);

    // Events off, typed into the panel: the connected client stops getting them.
    auto *eventMs = window.findChild<QSpinBox *>(QStringLiteral("serverEventMs"));
    eventMs->selectAll();
    QTest::keyClicks(eventMs, QStringLiteral("0"));
    QCOMPARE(window.server()->options().eventMs, 0);
    QTRY_VERIFY_WITH_TIMEOUT(tab->client()->stats().heartbeats >= 1, 5000);

    // Stopping the server drops the stream: the tab reconnects, it does not close.
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("serverStartStop")),
                      Qt::LeftButton);
    QVERIFY(!window.server()->isListening());
    QTRY_COMPARE_WITH_TIMEOUT(tab->client()->state(), ClientState::Reconnecting, 5000);
    QTRY_VERIFY(tab->badge()->text().startsWith(QStringLiteral("RECONNECTING")));
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("serverStartStop")),
                      Qt::LeftButton);
    QVERIFY(window.server()->isListening());
}

void TestMainWindow::sessionSavedAndReopened()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("session.ndjson"));
    MainWindow window;
    window.show();
    QVERIFY(window.startEmbedded());
    ConnectionTab *live = window.currentTab();
    QTRY_VERIFY_WITH_TIMEOUT(live->client()->stats().events >= 3, 8000);
    live->stop();
    QTRY_COMPARE(live->client()->state(), ClientState::Closed);
    QString error;
    QVERIFY2(window.saveSession(file, false, &error), qPrintable(error));

    QVERIFY2(window.openSession(file, &error), qPrintable(error));
    QCOMPARE(window.tabCount(), 2);
    ConnectionTab *opened = window.currentTab();
    QVERIFY(opened != live);
    QAbstractItemModelTester tester(opened->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(opened->model()->rowCount(), live->model()->rowCount());
    for (int row = 0; row < live->model()->rowCount(); ++row) {
        for (int column : {int(EventTableModel::TimeColumn), int(EventTableModel::TypeColumn),
                           int(EventTableModel::IdColumn), int(EventTableModel::DataColumn)}) {
            QCOMPARE(opened->model()->index(row, column).data(),
                     live->model()->index(row, column).data());
        }
        QCOMPARE(opened->model()->index(row, 0).data(EventTableModel::KindRole),
                 live->model()->index(row, 0).data(EventTableModel::KindRole));
    }
    QCOMPARE(opened->urlField()->text(), live->urlField()->text());
    QCOMPARE(opened->title(), QStringLiteral("session.ndjson"));
    QCOMPARE(opened->client()->state(), ClientState::Idle); // opening does not connect

    // A broken file is refused with the line that is wrong.
    const QString broken = dir.filePath(QStringLiteral("broken.ndjson"));
    QFile out(broken);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("{\"kind\":\"comment\",\"text\":\"a\"}\nnot json\n");
    out.close();
    QVERIFY(!window.openSession(broken, &error));
    QVERIFY(error.startsWith(QStringLiteral("line 2")));
    QCOMPARE(window.tabCount(), 2);

    // Export what is shown.
    const QString csv = dir.filePath(QStringLiteral("events.csv"));
    QVERIFY(window.exportEvents(csv, &error));
    QFile exported(csv);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    QCOMPARE(exported.readAll().count("\r\n"), 1 + opened->model()->rowCount());
}

void TestMainWindow::plotAndTimeline()
{
    MainWindow window;
    window.show();
    QVERIFY(window.startEmbedded());
    ConnectionTab *tab = window.currentTab();
    QAbstractItemModelTester tester(tab->timeline(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY_WITH_TIMEOUT(tab->plot()->heartbeatCount() >= 2, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(tab->plot()->rateCount() >= 1, 5000);
    // The timeline has connecting, then open with its status.
    QTRY_VERIFY(tab->timeline()->rowCount() >= 2);
    QCOMPARE(tab->timeline()->index(0, TimelineModel::WhatColumn).data().toString(),
             QStringLiteral("connecting"));
    QCOMPARE(tab->timeline()->index(1, TimelineModel::WhatColumn).data().toString(),
             QStringLiteral("open"));

    // Hovering over the plot shows the values under the cursor.
    MetricsPlot *plot = tab->plot();
    QTRY_VERIFY(plot->isVisible());
    QTest::mouseMove(plot, QPoint(plot->width() - 20, plot->height() / 3));
    QTRY_VERIFY(plot->hoverText().contains(QStringLiteral("latency")));

    // A dropped stream shows on both: a marker and a reconnecting row with its delay.
    window.server()->stop();
    QTRY_VERIFY_WITH_TIMEOUT(tab->client()->state() == ClientState::Reconnecting, 5000);
    QTRY_VERIFY(plot->markerCount() >= 2); // open, then reconnecting
    const int last = tab->timeline()->rowCount() - 1;
    QCOMPARE(tab->timeline()->index(last, TimelineModel::WhatColumn).data().toString(),
             QStringLiteral("reconnecting"));
    QVERIFY(tab->timeline()
                ->index(last, TimelineModel::DetailColumn)
                .data()
                .toString()
                .contains(QStringLiteral("next attempt in")));
}

void TestMainWindow::curlImportAndCopy()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: hello\n\n"));
    MainWindow window;
    window.show();
    ConnectionTab *tab = window.currentTab();
    const QString command =
        QStringLiteral("curl -sN '%1' -H 'Authorization: Bearer t0k' --data-raw '{\"q\":1}'")
            .arg(server.url().toString());
    QString error;
    QVERIFY2(tab->importCurl(command, &error), qPrintable(error));
    QCOMPARE(tab->urlField()->text(), server.url().toString());
    QCOMPARE(tab->options().method, QByteArray("POST"));

    // The imported request is what goes out.
    QTest::mouseClick(button(tab, "connect"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(tab->client()->stats().events, 1, 5000);
    QCOMPARE(server.requests().first().method, QByteArray("POST"));
    QCOMPARE(server.requests().first().header("Authorization"), QByteArray("Bearer t0k"));
    QCOMPARE(server.requests().first().body, QByteArray("{\"q\":1}"));

    // Copy as curl gives a command that reads back to the same request.
    const QString copied = tab->curlCommand();
    QVERIFY(copied.contains(QStringLiteral("'Authorization: Bearer t0k'")));
    QVERIFY(copied.contains(QStringLiteral("--data-raw")));
    // From its menu it lands on the clipboard and says so.
    auto *curl = tab->findChild<QToolButton *>(QStringLiteral("curl"));
    QAction *copy = nullptr;
    for (QAction *action : curl->menu()->actions()) {
        if (action->text() == QStringLiteral("Copy as curl, variables resolved"))
            copy = action;
    }
    QVERIFY(copy);
    copy->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), copied);
    QVERIFY2(window.statusBar()->currentMessage().startsWith(QStringLiteral("Copied the request")),
             qPrintable(window.statusBar()->currentMessage()));
    QVERIFY(!tab->importCurl(QStringLiteral("curl -H"), &error));
    QVERIFY(!error.isEmpty());
}

void TestMainWindow::profilesSavedAndRestored()
{
    // No keychain here: credentials stay off the disk unless the user opts in.
    MemorySecretStore noKeychain;
    noKeychain.available = false;
    {
        MainWindow window;
        window.setSecretStore(&noKeychain);
        ConnectionTab *tab = window.currentTab();
        QString error;
        QVERIFY(tab->importCurl(QStringLiteral("curl http://127.0.0.1:9/stream -X POST "
                                               "-H 'X-Trace: 1' -H 'Authorization: Bearer "
                                               "secret-token' -d body --cacert /tmp/ca.pem"),
                                &error));
        window.saveProfile(QStringLiteral("staging"));
        window.saveProfile(QStringLiteral("with secrets"), true);
    }
    // Secrets are not on disk unless asked for.
    QSettings settings;
    QString everything;
    for (const QString &key : settings.allKeys())
        everything += settings.value(key).toStringList().join(QLatin1Char(' '));
    QCOMPARE(everything.count(QStringLiteral("secret-token")), 1);

    MainWindow window;
    window.setSecretStore(&noKeychain);
    QVERIFY(window.loadProfile(QStringLiteral("staging")));
    ConnectionTab *tab = window.currentTab();
    const SseClientOptions o = tab->options();
    QCOMPARE(o.url, QUrl(QStringLiteral("http://127.0.0.1:9/stream")));
    QCOMPARE(o.method, QByteArray("POST"));
    QCOMPARE(o.body, QByteArray("body"));
    QCOMPARE(o.caFile, QStringLiteral("/tmp/ca.pem"));
    QVERIFY(o.headers.contains(qMakePair(QByteArray("X-Trace"), QByteArray("1"))));
    for (const auto &h : o.headers) // the credential is neither kept nor sent empty
        QVERIFY(h.first.compare("Authorization", Qt::CaseInsensitive) != 0);
    QVERIFY(window.loadProfile(QStringLiteral("with secrets")));
    bool hasToken = false;
    for (const auto &h : window.currentTab()->options().headers)
        hasToken = hasToken || h.second == "Bearer secret-token";
    QVERIFY(hasToken);
    QVERIFY(!window.loadProfile(QStringLiteral("no such profile")));

    // The event log cap is a setting too, for every tab, and it shows when it bites.
    window.setLogCapacity(5000);
    QCOMPARE(MainWindow().tab(0)->log()->capacity(), 5000);
    window.setLogCapacity(EventLog::DefaultCapacity);
}

void TestMainWindow::burstKeepsTheGuiResponsive()
{
    // The mock server in burst mode sends as fast as the tab reads. The tab keeps up with a
    // bounded log: every kept event is a row, the oldest go past the cap and the count of
    // dropped events is shown. (How fast, and how long the GUI thread may stall, is measured
    // by tests/bench/bench_gui, not asserted here.)
    MainWindow window;
    window.show();
    MockServerOptions options = window.server()->options();
    options.burst = true;
    window.server()->setOptions(options);
    QVERIFY(window.startEmbedded());
    ConnectionTab *tab = window.currentTab();
    window.setLogCapacity(5000);
    QTRY_COMPARE_WITH_TIMEOUT(tab->client()->state(), ClientState::Open, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(tab->log()->dropped() > 0, 30000);
    QVERIFY(tab->log()->size() <= 5000);
    QCOMPARE(tab->model()->rowCount(), int(tab->log()->size()));
    QTRY_VERIFY_WITH_TIMEOUT(tab->findChild<QLabel *>(QStringLiteral("dropped"))
                                 ->text()
                                 .contains(QStringLiteral("oldest dropped")),
                             10000);
    tab->client()->close();
    window.setLogCapacity(EventLog::DefaultCapacity);
}

void TestMainWindow::keyboardShortcuts()
{
    MainWindow window;
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(window.startEmbedded());
    ConnectionTab *tab = window.currentTab();
    QTRY_COMPARE_WITH_TIMEOUT(tab->client()->state(), ClientState::Open, 5000);

    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier); // find
    QTRY_VERIFY(tab->filterBar()->textField()->hasFocus());
    QTest::keyClick(&window, Qt::Key_P, Qt::ControlModifier); // pause the view
    QVERIFY(tab->isViewPaused());
    QVERIFY(tab->model()->isPaused());
    QTest::keyClick(&window, Qt::Key_P, Qt::ControlModifier);
    QVERIFY(!tab->isViewPaused());
    QTRY_VERIFY(tab->log()->size() > 0);
    QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier); // clear
    QCOMPARE(tab->model()->rowCount(), 0);
    QTest::keyClick(&window, Qt::Key_Period, Qt::ControlModifier); // stop
    QTRY_COMPARE(tab->client()->state(), ClientState::Closed);
    QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier); // connect again
    QTRY_COMPARE_WITH_TIMEOUT(tab->client()->state(), ClientState::Open, 5000);
    QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier); // new tab
    QCOMPARE(window.tabCount(), 2);
    QVERIFY(window.currentTab() != tab);
}

void TestMainWindow::layoutPersists()
{
    QList<int> sizes;
    int splitterCount = 0;
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ConnectionTab *tab = window.currentTab();
        const QList<QSplitter *> splitters = tab->findChildren<QSplitter *>();
        splitterCount = int(splitters.size());
        QVERIFY(splitterCount >= 1);
        // The user picks the Faults page of the server panel, hides the dock, resizes the
        // window...
        window.serverPanel()->pages()->setCurrentIndex(MockServerPanel::FaultsPage);
        window.serverDock()->hide();
        window.resize(1111, 777);
        QTRY_COMPARE(window.size(), QSize(1111, 777));
        // ...and drags the first splitter's handle far to one side.
        QSplitter *splitter = splitters.first();
        const int total = splitter->sizes().at(0) + splitter->sizes().at(1);
        splitter->setSizes({total / 5, total - total / 5});
        sizes = splitter->sizes();
        window.close();
    }
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QList<QSplitter *> splitters = window.currentTab()->findChildren<QSplitter *>();
    QCOMPARE(int(splitters.size()), splitterCount);
    QTRY_COMPARE(splitters.first()->sizes(), sizes);
    QCOMPARE(window.serverPanel()->pages()->currentIndex(), int(MockServerPanel::FaultsPage));
    QVERIFY(window.serverDock()->isHidden());
    QCOMPARE(window.size(), QSize(1111, 777));
    // A new tab is laid out like the last one too.
    ConnectionTab *second = window.newTab();
    QTRY_COMPARE(second->findChildren<QSplitter *>().first()->sizes(), sizes);
    window.serverDock()->show();
    window.close();
    QSettings().remove(QStringLiteral("window"));
}

// On a 1024x700 screen the window opens at 921x630 with the server dock: opening the request
// editor must not grow it. The editor shows as tabs, gets room for its fields, the plots give
// way while it is open and come back when it closes.
void TestMainWindow::editorFitsASmallWindow()
{
    MainWindow window;
    window.resize(921, 630);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE(window.size(), QSize(921, 630)); // the window fits such a screen at all
    ConnectionTab *tab = window.currentTab();
    auto *toggle = tab->findChild<QToolButton *>(QStringLiteral("editorToggle"));
    QVERIFY(toggle);
    QVERIFY(tab->plot()->isVisible());
    toggle->click();
    QVERIFY(tab->editor()->isVisible());
    QTRY_VERIFY(tab->editor()->isTabbed());
    QTRY_VERIFY2(tab->editor()->height() >= 100,
                 qPrintable(QStringLiteral("editor %1 high, tab %2")
                                .arg(tab->editor()->height())
                                .arg(tab->height())));
    QVERIFY(!tab->plot()->isVisible());
    QVERIFY(tab->table()->height() >= 40);
    QTest::qWait(200);
    QVERIFY2(window.size() == QSize(921, 630),
             qPrintable(QStringLiteral("%1x%2, least %3x%4")
                            .arg(window.width())
                            .arg(window.height())
                            .arg(window.minimumSizeHint().width())
                            .arg(window.minimumSizeHint().height())));

    toggle->click();
    QVERIFY(!tab->editor()->isVisible());
    QTRY_VERIFY(tab->plot()->isVisible());
    QCOMPARE(window.size(), QSize(921, 630));

    // On a larger window the editor opens side by side and the plots stay.
    window.resize(1500, 1000);
    QTRY_COMPARE(window.size(), QSize(1500, 1000));
    window.serverDock()->hide();
    toggle->click();
    QTRY_VERIFY(!tab->editor()->isTabbed());
    QVERIFY(tab->plot()->isVisible());
    QTRY_VERIFY(tab->editor()->height() >= tab->editor()->sizeHint().height());
    toggle->click();
    window.serverDock()->show();
}

void TestMainWindow::darkPaletteFollowsTheMenu()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    MetricsPlot *plot = window.currentTab()->plot();
    QTRY_VERIFY(plot->isVisible());
    auto background = [plot] {
        // The plot's own pixels, away from the curves: its top left corner.
        return plot->grab().toImage().pixelColor(2, 2);
    };
    auto *light = window.findChild<QAction *>(QStringLiteral("palette-light"));
    auto *dark = window.findChild<QAction *>(QStringLiteral("palette-dark"));
    QVERIFY(light && dark);

    light->trigger();
    QVERIFY(!Theme::isDark(QApplication::palette()));
    QVERIFY(background().lightnessF() > 0.5);
    QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));

    dark->trigger();
    QVERIFY(Theme::isDark(QApplication::palette()));
    QVERIFY(QApplication::palette().color(QPalette::Base).lightnessF() < 0.5);
    QVERIFY(dark->isChecked());
    QVERIFY(!light->isChecked());
    QTRY_VERIFY(background().lightnessF() < 0.5);
    // Persisted: the next start reads Dark, and a new window's menu says so.
    QCOMPARE(Theme::savedMode(), Theme::Mode::Dark);
    MainWindow next;
    QVERIFY(next.findChild<QAction *>(QStringLiteral("palette-dark"))->isChecked());

    light->trigger();
    QCOMPARE(Theme::savedMode(), Theme::Mode::Light);
    QTRY_VERIFY(background().lightnessF() > 0.5);
}

void TestMainWindow::shortcutsAndAboutInTheHelpMenu()
{
    MainWindow window;
    const QStringList lines = window.shortcutList();
    auto has = [&lines](const QString &command, const QKeySequence &keys) {
        for (const QString &line : lines) {
            if (line.contains(command)
                && line.endsWith(QLatin1Char('\t') + keys.toString(QKeySequence::NativeText)))
                return true;
        }
        return false;
    };
    QVERIFY(has(QStringLiteral("Connection › Connect"), QKeySequence(Qt::CTRL | Qt::Key_Return)));
    QVERIFY(has(QStringLiteral("Connection › Stop"), QKeySequence(Qt::CTRL | Qt::Key_Period)));
    QVERIFY(has(QStringLiteral("New connection tab"), QKeySequence(QKeySequence::AddTab)));
    QVERIFY(has(QStringLiteral("View › Find"), QKeySequence(QKeySequence::Find)));
    QVERIFY(has(QStringLiteral("Clear events"), QKeySequence(Qt::CTRL | Qt::Key_L)));
    QVERIFY(has(QStringLiteral("Pause view"), QKeySequence(Qt::CTRL | Qt::Key_P)));

    // The Help menu has both the shortcuts and the About box (with the version).
    QStringList help;
    for (QAction *top : window.menuBar()->actions()) {
        if (top->text() == QLatin1String("&Help")) {
            for (QAction *action : top->menu()->actions())
                help << action->text();
        }
    }
    QVERIFY(help.contains(QStringLiteral("&Keyboard shortcuts")));
    QVERIFY(help.contains(QStringLiteral("&About ssemon")));
    QString aboutText;
    QTimer closer;
    closer.setInterval(20);
    connect(&closer, &QTimer::timeout, &window, [&aboutText] {
        if (QWidget *box = QApplication::activeModalWidget()) {
            if (auto *label = box->findChild<QLabel *>(QStringLiteral("qt_msgbox_label")))
                aboutText = label->text();
            box->close();
        }
    });
    closer.start();
    window.showAbout();
    QVERIFY2(aboutText.contains(QLatin1String(Version::number())), qPrintable(aboutText));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
