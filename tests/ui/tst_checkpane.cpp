// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The Checks tab of a connection tab, driven as a user would (offscreen) against a mock server
// on loopback: a check file opened, Run clicked, the tab connected, each expectation ticked
// passed (green) or failed (red) as the stream runs, the failure's message and evidence shown,
// the summary, Export JUnit; a malformed file shows its error with line and column and runs
// nothing; a file with several streams runs the one picked on the tab.
#include "checkpane.h"
#include "client/sseclient.h"
#include "connectiontab.h"
#include "mainwindow.h"
#include "server/mockserver.h"
#include "theme.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

class TestCheckPane : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void emptyState();
    void ticksExpectationsAsTheStreamRuns();
    void malformedFileShowsItsErrorAndRunsNothing();
    void severalStreamsRunThePickedOneOnTheTab();
    void fromTheConnectionMenuWithTheEmbeddedServersFaults();

private:
    QString write(const QString &name, const QByteArray &text);
    // The colour of an item's icon, inside its disc away from the glyph.
    static QColor iconColor(const QTreeWidgetItem *item);

    QTemporaryDir m_dir;
    MockServer *m_server = nullptr;
    ConnectionTab *m_tab = nullptr;
};

void TestCheckPane::initTestCase()
{
    // The last folder and the window's layout are kept in settings: not the user's.
    QCoreApplication::setOrganizationName(QStringLiteral("ssemon-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_checkpane"));
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestCheckPane::init()
{
    QVERIFY(m_dir.isValid());
    MockServerOptions options;
    options.eventMs = 20;
    options.eventType = "tick";
    options.threads = 0;
    m_server = new MockServer(this);
    m_server->setOptions(options);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_tab = new ConnectionTab;
    m_tab->resize(1200, 800);
    m_tab->urlField()->setText(m_server->url().toString());
    m_tab->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_tab));
    m_tab->showChecks();
}

void TestCheckPane::cleanup()
{
    delete m_tab;
    m_tab = nullptr;
    delete m_server;
    m_server = nullptr;
}

QString TestCheckPane::write(const QString &name, const QByteArray &text)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        qWarning("cannot write %s", qPrintable(path));
    return path;
}

QColor TestCheckPane::iconColor(const QTreeWidgetItem *item)
{
    return item->icon(0).pixmap(32, 32).toImage().pixelColor(16, 5);
}

void TestCheckPane::emptyState()
{
    CheckPane *pane = m_tab->checkPane();
    QCOMPARE(m_tab->sideTabs()->currentWidget(), pane);
    QVERIFY(pane->fileLabel()->text().startsWith(QStringLiteral("No check file open")));
    QVERIFY(!pane->runButton()->isEnabled());
    QVERIFY(!pane->stopButton()->isEnabled());
    QVERIFY(!pane->exportButton()->isEnabled());
    QVERIFY(pane->errorLabel()->isHidden());
    QCOMPARE(pane->tree()->topLevelItemCount(), 0);
}

void TestCheckPane::ticksExpectationsAsTheStreamRuns()
{
    CheckPane *pane = m_tab->checkPane();
    // The file's own stream would be somewhere else: the tab's is what is checked.
    const QString path = write(QStringLiteral("gui.yaml"),
                               "name: gui-smoke\n"
                               "streams:\n"
                               "  main: {url: 'http://127.0.0.1:1/elsewhere'}\n"
                               "steps:\n"
                               "  - name: ticks\n"
                               "    within: 3s\n"
                               "    expect:\n"
                               "      - open: 2s\n"
                               "      - count: {at-least: 3, type: tick}\n"
                               "  - name: never\n"
                               "    within: 2s\n"
                               "    expect:\n"
                               "      - event: nope\n");
    QVERIFY(pane->openFile(path));
    QVERIFY(pane->errorLabel()->isHidden());
    QVERIFY2(pane->fileLabel()->text().contains(QStringLiteral("\"main\" is this tab's stream")),
             qPrintable(pane->fileLabel()->text()));
    QCOMPARE(pane->tree()->topLevelItemCount(), 2);
    QCOMPARE(pane->itemFor(0, 0)->text(1), QStringLiteral("pending"));
    QVERIFY(pane->runButton()->isEnabled());
    QCOMPARE(m_tab->client()->state(), ClientState::Idle);

    QSignalSpy finished(pane, &CheckPane::runFinished);
    QTest::mouseClick(pane->runButton(), Qt::LeftButton);
    QVERIFY(pane->isRunning());
    QVERIFY(!pane->runButton()->isEnabled());
    QVERIFY(pane->stopButton()->isEnabled());
    // Run read the file again: the rows are those of this run.
    QTreeWidgetItem *open = pane->itemFor(0, 0);
    QTreeWidgetItem *count = pane->itemFor(0, 1);
    QTreeWidgetItem *nope = pane->itemFor(1, 0);
    QVERIFY(open && count && nope);

    // The first step passes while the check still runs, and the next one is being checked.
    QTRY_VERIFY_WITH_TIMEOUT(open->text(1).startsWith(QStringLiteral("passed")), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(count->text(1).startsWith(QStringLiteral("passed")), 5000);
    QVERIFY(pane->isRunning());
    QCOMPARE(m_tab->client()->state(), ClientState::Open); // the tab was connected for it
    QTRY_COMPARE_WITH_TIMEOUT(nope->text(1), QStringLiteral("running…"), 2000);
    QVERIFY2(pane->summaryLabel()->text().startsWith(QStringLiteral("Running step 2 of 2")),
             qPrintable(pane->summaryLabel()->text()));
    QCOMPARE(iconColor(open), Theme::okColor());
    QCOMPARE(open->foreground(1).color(), Theme::okColor());

    QVERIFY(finished.wait(5000));
    QVERIFY2(nope->text(1).startsWith(QStringLiteral("FAILED")), qPrintable(nope->text(1)));
    QCOMPARE(iconColor(nope), Theme::errorColor());
    QCOMPARE(nope->foreground(1).color(), Theme::errorColor());
    // The step shows its worst expectation.
    QCOMPARE(iconColor(nope->parent()), Theme::errorColor());
    QCOMPARE(iconColor(open->parent()), Theme::okColor());
    QVERIFY2(QRegularExpression(QStringLiteral("^2 passed, 1 failed in \\d+\\.\\d s$"))
                 .match(pane->summaryLabel()->text())
                 .hasMatch(),
             qPrintable(pane->summaryLabel()->text()));
    // The failure is selected, its message and evidence shown, as text that can be copied.
    QCOMPARE(pane->tree()->currentItem(), nope);
    const QString detail = pane->detail()->toPlainText();
    QVERIFY2(detail.contains(QStringLiteral("no event type=nope")), qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("window: +")), qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("type=tick")), qPrintable(detail)); // last records
    QVERIFY2(detail.contains(QStringLiteral("gui.yaml:13:")), qPrintable(detail));
    QVERIFY(pane->detail()->isReadOnly());
    // The tab's stream is the user's: it goes on after the check.
    QCOMPARE(m_tab->client()->state(), ClientState::Open);
    QCOMPARE(pane->runButton()->text(), QStringLiteral("Run again"));
    QVERIFY(pane->exportButton()->isEnabled());

    const QString report = m_dir.filePath(QStringLiteral("report.xml"));
    QString error;
    QVERIFY2(pane->exportJunit(report, &error), qPrintable(error));
    QFile xml(report);
    QVERIFY(xml.open(QIODevice::ReadOnly));
    const QByteArray junit = xml.readAll();
    QVERIFY2(junit.contains("<testsuites name=\"gui-smoke\""), junit.constData());
    QVERIFY2(junit.contains("tests=\"3\" failures=\"1\""), junit.constData());

    // Run again re-reads the file: an edit shows, and the live stream is checked as it is.
    write(QStringLiteral("gui.yaml"),
          "streams: {main: {url: 'http://127.0.0.1:1/'}}\n"
          "steps: [{within: 2s, expect: [{event: tick}]}]\n");
    QTest::mouseClick(pane->runButton(), Qt::LeftButton);
    QVERIFY(finished.wait(5000));
    QCOMPARE(pane->tree()->topLevelItemCount(), 1);
    QVERIFY(pane->itemFor(0, 0)->text(1).startsWith(QStringLiteral("passed")));
    QVERIFY2(pane->summaryLabel()->text().startsWith(QStringLiteral("1 passed in")),
             qPrintable(pane->summaryLabel()->text()));
}

void TestCheckPane::malformedFileShowsItsErrorAndRunsNothing()
{
    CheckPane *pane = m_tab->checkPane();
    const QString path = write(QStringLiteral("bad.yaml"),
                               "streams:\n"
                               "  s: {mock: {}}\n"
                               "steps:\n"
                               "  - withn: 2s\n"
                               "    expect: [{event: tick}]\n");
    QVERIFY(!pane->openFile(path));
    QVERIFY(!pane->errorLabel()->isHidden());
    const QString error = pane->errorLabel()->text();
    QVERIFY2(QRegularExpression(QStringLiteral("bad\\.yaml:4:5: unknown key \"withn\""))
                 .match(error)
                 .hasMatch(),
             qPrintable(error));
    QCOMPARE(pane->tree()->topLevelItemCount(), 0);
    QVERIFY(pane->summaryLabel()->text().isEmpty());
    // Run reads it again, still malformed: nothing starts, the tab stays as it was.
    QTest::mouseClick(pane->runButton(), Qt::LeftButton);
    QVERIFY(!pane->isRunning());
    QCOMPARE(pane->errorLabel()->text(), error);
    QCOMPARE(pane->tree()->topLevelItemCount(), 0);
    QCOMPARE(m_tab->client()->state(), ClientState::Idle);

    // Fixed, Run reads it, the error goes and it runs.
    write(QStringLiteral("bad.yaml"),
          "streams: {s: {mock: {}}}\nsteps: [{within: 3s, expect: [{event: tick}]}]\n");
    QSignalSpy finished(pane, &CheckPane::runFinished);
    QTest::mouseClick(pane->runButton(), Qt::LeftButton);
    QVERIFY(pane->errorLabel()->isHidden());
    QVERIFY(pane->isRunning());
    QVERIFY(finished.wait(5000));
    QVERIFY(pane->itemFor(0, 0)->text(1).startsWith(QStringLiteral("passed")));
}

void TestCheckPane::severalStreamsRunThePickedOneOnTheTab()
{
    CheckPane *pane = m_tab->checkPane();
    const QString path = write(QStringLiteral("two.yaml"),
                               "streams:\n"
                               "  own: {mock: {event-ms: 20, event-type: own}}\n"
                               "  tab: {mock: {}}\n"
                               "steps:\n"
                               "  - {stream: own, within: 3s, expect: [{event: own}]}\n"
                               "  - {stream: tab, within: 3s, expect: [{event: tick}]}\n");
    QVERIFY(pane->openFile(path));
    QVERIFY(!pane->streamChoice()->isHidden());
    QCOMPARE(pane->streamChoice()->count(), 2);
    pane->streamChoice()->setCurrentIndex(1);
    QVERIFY2(pane->fileLabel()->text().contains(QStringLiteral("\"tab\" is this tab's stream")),
             qPrintable(pane->fileLabel()->text()));
    QVERIFY(pane->tree()->topLevelItem(1)->text(0).contains(QStringLiteral("[tab, this tab]")));
    QSignalSpy finished(pane, &CheckPane::runFinished);
    pane->run();
    QVERIFY(finished.wait(10000));
    QVERIFY(pane->itemFor(0, 0)->text(1).startsWith(QStringLiteral("passed")));
    QVERIFY(pane->itemFor(1, 0)->text(1).startsWith(QStringLiteral("passed")));
    QCOMPARE(m_tab->client()->state(), ClientState::Open);
}

// Connection › Run a check file on this tab (Ctrl+Shift+K, no other action's) brings the pane
// of the current tab; a check on a tab streaming from the window's embedded mock server acts
// its faults out there.
void TestCheckPane::fromTheConnectionMenuWithTheEmbeddedServersFaults()
{
    MainWindow window;
    MockServerOptions options = window.server()->options();
    options.eventMs = 20;
    options.retryMs = 50;
    window.server()->setOptions(options);
    QString error;
    QVERIFY2(window.startEmbedded(&error), qPrintable(error));
    ConnectionTab *tab = window.currentTab();
    QVERIFY(tab);
    QTRY_COMPARE_WITH_TIMEOUT(tab->client()->state(), ClientState::Open, 5000);

    auto *action = window.findChild<QAction *>(QStringLiteral("runCheckFile"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    int same = 0;
    for (const QAction *other : window.findChildren<QAction *>())
        same += other->shortcut() == action->shortcut() ? 1 : 0;
    QCOMPARE(same, 1);

    CheckPane *pane = tab->checkPane();
    // A file open already: the action shows it rather than asking for another.
    QVERIFY(pane->openFile(write(QStringLiteral("fault.yaml"),
                                 "streams: {s: {mock: {}}}\n"
                                 "steps:\n"
                                 "  - {within: 3s, expect: [{count: 3}]}\n"
                                 "  - {fault: rst, within: 5s, expect: [{resume: true}]}\n")));
    QVERIFY(tab->sideTabs()->currentWidget() != pane);
    action->trigger();
    QCOMPARE(tab->sideTabs()->currentWidget(), pane);

    const qint64 requests = window.server()->stats().requests;
    QSignalSpy finished(pane, &CheckPane::runFinished);
    QTest::mouseClick(pane->runButton(), Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QVERIFY2(pane->itemFor(1, 0)->text(1).startsWith(QStringLiteral("passed")),
             qPrintable(pane->itemFor(1, 0)->text(1) + u'\n' + pane->detail()->toPlainText()));
    QVERIFY(window.server()->stats().requests > requests); // reset, and requested again
}

QTEST_MAIN(TestCheckPane)
#include "tst_checkpane.moc"
