// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The Doctor tab of a connection tab, driven as a user would (offscreen) against mock servers
// on loopback with budgets of a few seconds: the bar and the live line move while it runs, a
// healthy server's verdict, a broken one's finding with its evidence and fix, a refused port,
// Stop ending a run with a report, the report saved as JSON, a request that cannot be sent
// refused with the reason, the tab or the window closed mid-run, and the Connection menu's
// action with its own shortcut.
#include "client/sseclient.h"
#include "connectiontab.h"
#include "doctor/doctorhtml.h"
#include "doctorpane.h"
#include "mainwindow.h"
#include "scriptedserver.h"
#include "server/mockserver.h"
#include "theme.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>
#include <QTreeWidget>

#include <algorithm>
#include <memory>

namespace {

constexpr qint64 kBudgetMs = 3000;
// What a run may take past its budget: closing the clients and the analysis.
constexpr int kSlackMs = 3000;

// The colour of an icon, inside its shape away from the glyph.
QColor iconColor(const QIcon &icon)
{
    return icon.pixmap(32, 32).toImage().pixelColor(7, 16);
}

// The rows of the document's first table, cells joined by '|'.
QStringList tableRows(const QTextBrowser *view)
{
    QStringList rows;
    const QList<QTextFrame *> frames = view->document()->rootFrame()->childFrames();
    auto *table = frames.isEmpty() ? nullptr : qobject_cast<QTextTable *>(frames.first());
    if (!table)
        return rows;
    for (int r = 0; r < table->rows(); ++r) {
        QStringList cells;
        for (int c = 0; c < table->columns(); ++c) {
            QTextCursor cursor = table->cellAt(r, c).firstCursorPosition();
            cursor.setPosition(table->cellAt(r, c).lastPosition(), QTextCursor::KeepAnchor);
            cells << cursor.selectedText().replace(QChar::Nbsp, u' ');
        }
        rows << cells.join(u'|');
    }
    return rows;
}

QString findingIds(const DoctorPane *pane)
{
    QStringList ids;
    for (const DoctorFinding &f : pane->report().findings)
        ids << f.id;
    return ids.join(u' ') + u'\n' + QString::fromUtf8(pane->report().toText());
}

} // namespace

class TestDoctorPane : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void emptyState();
    void refusesARequestThatCannotBeSent_data();
    void refusesARequestThatCannotBeSent();
    void healthyServerWhileTheTabStreams();
    void brokenServerShowsTheFinding();
    void refusedPortShowsTheRequestFailed();
    void serverTextStaysText();
    void stopEndsTheRunWithAReport();
    void closingTheTabMidRun();
    void fromTheConnectionMenuAndClosingTheWindowMidRun();

private:
    MockServer *startMock(MockServerOptions options);
    DoctorPane *openTab(const QString &url);

    QTemporaryDir m_dir;
    std::unique_ptr<MockServer> m_server;
    ConnectionTab *m_tab = nullptr;
};

void TestDoctorPane::initTestCase()
{
    // The last folder, the budget and the window's layout are kept in settings: not the user's.
    QCoreApplication::setOrganizationName(QStringLiteral("ssemon-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_doctorpane"));
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_dir.isValid());
}

void TestDoctorPane::cleanup()
{
    delete m_tab;
    m_tab = nullptr;
    m_server.reset();
}

MockServer *TestDoctorPane::startMock(MockServerOptions options)
{
    options.port = 0;
    options.threads = 0;
    m_server = std::make_unique<MockServer>();
    m_server->setOptions(options);
    QString error;
    if (!m_server->start(&error)) {
        qWarning("mock server: %s", qPrintable(error));
        m_server.reset();
    }
    return m_server.get();
}

DoctorPane *TestDoctorPane::openTab(const QString &url)
{
    m_tab = new ConnectionTab;
    m_tab->resize(1200, 800);
    m_tab->urlField()->setText(url);
    m_tab->show();
    if (!QTest::qWaitForWindowExposed(m_tab))
        qWarning("the tab was not exposed");
    m_tab->showDoctor();
    DoctorPane *pane = m_tab->doctorPane();
    pane->setBudgets(kBudgetMs, 2 * kBudgetMs);
    DoctorOptions tuning;
    tuning.resumeMs = kBudgetMs / 3;
    tuning.silenceWarnMs = 2000;
    tuning.progressMs = 50;
    pane->setTuning(tuning);
    return pane;
}

void TestDoctorPane::emptyState()
{
    DoctorPane *pane = openTab(QStringLiteral("http://127.0.0.1:1/events"));
    QCOMPARE(m_tab->sideTabs()->currentWidget(), pane);
    QCOMPARE(m_tab->sideTabs()->tabText(m_tab->sideTabs()->indexOf(pane)),
             QStringLiteral("Doctor"));
    QCOMPARE(pane->budgetChoice()->count(), 2);
    QCOMPARE(pane->budgetChoice()->itemText(0), QStringLiteral("Quick (3 s)"));
    QCOMPARE(pane->budgetChoice()->itemText(1), QStringLiteral("Full (6 s)"));
    // The real budgets: as the CLI's --quick and its default.
    DoctorPane plain;
    QCOMPARE(plain.budgetChoice()->itemText(0), QStringLiteral("Quick (20 s)"));
    QCOMPARE(plain.budgetChoice()->itemText(1), QStringLiteral("Full (2 min)"));
    QCOMPARE(plain.budgetMs(DoctorPane::Budget::Quick), DoctorOptions::kQuickBudgetMs);
    QCOMPARE(plain.budgetMs(DoctorPane::Budget::Full), DoctorOptions::kDefaultBudgetMs);

    QVERIFY(pane->runButton()->isEnabled());
    QCOMPARE(pane->runButton()->text(), QStringLiteral("Diagnose"));
    QVERIFY(!pane->stopButton()->isEnabled());
    QVERIFY(!pane->copyButton()->isEnabled());
    QVERIFY(!pane->saveButton()->isEnabled());
    QVERIFY(pane->progressBar()->isHidden());
    QVERIFY(!pane->verdictLabel()->isVisible());
    QVERIFY(pane->errorLabel()->isHidden());
}

void TestDoctorPane::refusesARequestThatCannotBeSent_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QString() << QStringLiteral("no URL given");
    QTest::newRow("port") << QStringLiteral("http://127.0.0.1:99999/events")
                          << QStringLiteral("is not a valid URL");
    QTest::newRow("scheme") << QStringLiteral("ftp://127.0.0.1/events")
                            << QStringLiteral("not http or https");
    QTest::newRow("variable") << QStringLiteral("{{base}}/events")
                              << QStringLiteral("undefined variable {{base}}");
}

void TestDoctorPane::refusesARequestThatCannotBeSent()
{
    QFETCH(QString, url);
    QFETCH(QString, message);
    DoctorPane *pane = openTab(url);
    QSignalSpy progressed(pane->doctor(), &Doctor::progressed);
    QTest::mouseClick(pane->runButton(), Qt::LeftButton);
    QVERIFY(!pane->isRunning());
    QVERIFY(!pane->errorLabel()->isHidden());
    QVERIFY2(pane->errorLabel()->text().startsWith(QStringLiteral("Not diagnosed: ")),
             qPrintable(pane->errorLabel()->text()));
    QVERIFY2(pane->errorLabel()->text().contains(message), qPrintable(pane->errorLabel()->text()));
    QVERIFY(pane->progressBar()->isHidden());
    QVERIFY(!pane->hasReport());
    QVERIFY(pane->runButton()->isEnabled());
    QVERIFY(!pane->stopButton()->isEnabled());
    QCOMPARE(m_tab->client()->state(), ClientState::Idle);
    QCOMPARE(progressed.count(), 0);
}

// The tab streams from the server as the doctor runs on connections of its own: the bar
// fills, the line says what it does, and a healthy server gets the healthy verdict, its
// measurements and coverage; the report copies as text and saves as JSON.
void TestDoctorPane::healthyServerWhileTheTabStreams()
{
    MockServerOptions options;
    options.heartbeatMs = 100;
    options.eventMs = 100;
    MockServer *server = startMock(options);
    QVERIFY(server);
    DoctorPane *pane = openTab(server->url().toString());
    m_tab->start();
    QTRY_COMPARE_WITH_TIMEOUT(m_tab->client()->state(), ClientState::Open, 5000);

    QSignalSpy finished(pane, &DoctorPane::runFinished);
    QSignalSpy progressed(pane->doctor(), &Doctor::progressed);
    QTest::mouseClick(pane->runButton(), Qt::LeftButton);
    QVERIFY(pane->isRunning());
    QVERIFY(pane->errorLabel()->isHidden());
    QVERIFY(!pane->runButton()->isEnabled());
    QVERIFY(!pane->budgetChoice()->isEnabled());
    QVERIFY(pane->stopButton()->isEnabled());
    QVERIFY(!pane->progressBar()->isHidden());
    QCOMPARE(pane->progressBar()->maximum(), int(kBudgetMs));

    QTRY_VERIFY_WITH_TIMEOUT(
        pane->progressLabel()->text().startsWith(QStringLiteral("Holding the stream: ")), 2000);
    QTRY_VERIFY_WITH_TIMEOUT(pane->progressBar()->value() > 0, 2000);
    const int before = pane->progressBar()->value();
    const QString line = pane->progressLabel()->text();
    QTRY_VERIFY_WITH_TIMEOUT(pane->progressBar()->value() > before, 2000);
    QTRY_VERIFY_WITH_TIMEOUT(pane->progressLabel()->text() != line, 2000); // events counted
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d+ s of 3 s$"))
                 .match(pane->progressBar()->format())
                 .hasMatch(),
             qPrintable(pane->progressBar()->format()));
    // The doctor says how far into its budget it is, besides the line the CLI prints.
    QVERIFY(!progressed.isEmpty());
    QCOMPARE(progressed.last().at(1).toLongLong(), kBudgetMs);
    QVERIFY(progressed.last().at(0).toLongLong() > 0);

    QVERIFY(finished.wait(int(kBudgetMs) + kSlackMs));
    QVERIFY2(pane->report().findings.isEmpty(), qPrintable(findingIds(pane)));
    QCOMPARE(pane->verdictLabel()->text(),
             QStringLiteral("No findings — the stream looks healthy"));
    QVERIFY(pane->verdictLabel()->isVisible());
    QVERIFY(pane->verdictLabel()->styleSheet().contains(Theme::okColor().name()));
    QVERIFY(pane->findingsTree()->isHidden());
    QCOMPARE(pane->reportTabs()->currentWidget(), pane->factsView());
    // A row a fact, a row a probe's coverage, below the header row.
    const QStringList facts = tableRows(pane->factsView());
    QCOMPARE(facts.size(), pane->report().facts.size() + 1);
    QCOMPARE(facts.at(1),
             pane->report().facts.at(0).probe + u'|' + pane->report().facts.at(0).label + u'|'
                 + pane->report().facts.at(0).value);
    const QStringList coverage = tableRows(pane->coverageView());
    QCOMPARE(coverage.size(), pane->report().coverage.size() + 1);
    for (const char *probe : {"headers", "buffering", "heartbeats", "lifetime", "resume"}) {
        const QString row = QLatin1String(probe) + QStringLiteral("|✓ measured|");
        QVERIFY2(std::any_of(coverage.cbegin(), coverage.cend(),
                             [&row](const QString &r) { return r.startsWith(row); }),
                 qPrintable(coverage.join(u'\n')));
    }
    QCOMPARE(pane->progressBar()->value(), pane->progressBar()->maximum());
    QVERIFY(pane->progressLabel()->isHidden());
    QCOMPARE(pane->runButton()->text(), QStringLiteral("Run again"));
    QVERIFY(pane->runButton()->isEnabled());
    QVERIFY(!pane->stopButton()->isEnabled());
    // The tab's own stream went on all along.
    QCOMPARE(m_tab->client()->state(), ClientState::Open);

    QVERIFY(pane->copyButton()->isEnabled());
    QTest::mouseClick(pane->copyButton(), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), QString::fromUtf8(pane->report().toText()));
    QVERIFY(QGuiApplication::clipboard()->text().startsWith(QStringLiteral("ssemon doctor: ")));

    QVERIFY(pane->saveButton()->isEnabled());
    const QString path = m_dir.filePath(QStringLiteral("report.json"));
    QString error;
    QVERIFY2(pane->saveReport(
                 path, DoctorPane::formatFor(QStringLiteral("JSON report (*.json)"), path), &error),
             qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonParseError parse;
    const QJsonDocument json = QJsonDocument::fromJson(file.readAll(), &parse);
    QVERIFY2(parse.error == QJsonParseError::NoError, qPrintable(parse.errorString()));
    QCOMPARE(json.object().value(QStringLiteral("kind")).toString(), QStringLiteral("doctor"));
    QCOMPARE(json.object().value(QStringLiteral("url")).toString(), server->url().toString());
    QCOMPARE(json.object().value(QStringLiteral("worst")).toString(), QStringLiteral("none"));
    QVERIFY(!json.object().value(QStringLiteral("coverage")).toArray().isEmpty());
    // The suffix typed decides, whatever filter the dialog still shows; without one, the filter.
    QCOMPARE(DoctorPane::formatFor(QStringLiteral("Text report (*.txt)"), path),
             DoctorPane::Format::Json);
    QCOMPARE(
        DoctorPane::formatFor(QStringLiteral("JSON report (*.json)"), QStringLiteral("/tmp/r.txt")),
        DoctorPane::Format::Text);
    QCOMPARE(
        DoctorPane::formatFor(QStringLiteral("JSON report (*.json)"), QStringLiteral("/tmp/r")),
        DoctorPane::Format::Json);
    QCOMPARE(DoctorPane::formatFor(QStringLiteral("Text report (*.txt)"), QStringLiteral("/tmp/r")),
             DoctorPane::Format::Text);
    QCOMPARE(DoctorPane::formatFor(QString(), QStringLiteral("/tmp/r.JSON")),
             DoctorPane::Format::Json);
    QCOMPARE(DoctorPane::formatFor(QString(), QStringLiteral("/tmp/r.txt")),
             DoctorPane::Format::Text);
    QCOMPARE(DoctorPane::formatFor(QString(), QStringLiteral("/tmp/r.htm")),
             DoctorPane::Format::Html);

    // The page with the plots, as ssemon-cli doctor --html writes it.
    const QString htmlPath = m_dir.filePath(QStringLiteral("report.html"));
    QCOMPARE(DoctorPane::formatFor(QStringLiteral("HTML page with plots (*.html *.htm)"),
                                   QStringLiteral("/tmp/report")),
             DoctorPane::Format::Html);
    QCOMPARE(
        DoctorPane::formatFor(QStringLiteral("Text report (*.txt)"), QStringLiteral("/tmp/r.HTML")),
        DoctorPane::Format::Html);
    QVERIFY2(pane->saveReport(htmlPath, DoctorPane::Format::Html, &error), qPrintable(error));
    QFile html(htmlPath);
    QVERIFY(html.open(QIODevice::ReadOnly));
    const QByteArray page = html.readAll();
    QCOMPARE(page, DoctorHtml::page(pane->report()));
    QVERIFY(page.startsWith("<!DOCTYPE html>"));
    QVERIFY(page.contains("<svg"));
    QVERIFY(page.contains(server->url().toString().toUtf8()));

    // A folder that cannot be written says why and writes nothing.
    const QString nowhere = m_dir.filePath(QStringLiteral("missing/report.html"));
    QVERIFY(!pane->saveReport(nowhere, DoctorPane::Format::Html, &error));
    QVERIFY2(error.contains(nowhere), qPrintable(error));
    QVERIFY(!QFile::exists(nowhere));
}

// A server that replays nothing after a Last-Event-ID: the error is listed first with its
// icon, colour and word, selected, its evidence in a fixed font and its fix shown.
void TestDoctorPane::brokenServerShowsTheFinding()
{
    MockServerOptions options;
    options.heartbeatMs = 100;
    options.eventMs = 100;
    options.history = 0;
    MockServer *server = startMock(options);
    QVERIFY(server);
    DoctorPane *pane = openTab(server->url().toString());
    QSignalSpy finished(pane, &DoctorPane::runFinished);
    pane->run();
    QVERIFY(finished.wait(int(kBudgetMs) + kSlackMs));
    const DoctorFinding *gap = pane->report().finding(QStringLiteral("resume.gap"));
    QVERIFY2(gap, qPrintable(findingIds(pane)));
    QCOMPARE(gap->severity, DoctorFinding::Severity::Error);

    QTreeWidget *tree = pane->findingsTree();
    QVERIFY(tree->isVisible());
    QCOMPARE(tree->topLevelItemCount(), pane->report().findings.size());
    // Most severe first.
    for (int i = 1; i < tree->topLevelItemCount(); ++i) {
        QVERIFY(pane->report().findings.at(i - 1).severity
                >= pane->report().findings.at(i).severity);
    }
    QTreeWidgetItem *gapItem = nullptr;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        if (tree->topLevelItem(i)->toolTip(1).contains(QStringLiteral("(resume.gap)")))
            gapItem = tree->topLevelItem(i);
    }
    QVERIFY(gapItem);
    QCOMPARE(gapItem->text(0), QStringLiteral("Error"));
    QCOMPARE(gapItem->foreground(0).color(), Theme::errorColor());
    QCOMPARE(iconColor(gapItem->icon(0)), Theme::errorColor());
    QCOMPARE(gapItem->text(1).at(0), gap->title.at(0).toUpper());
    QCOMPARE(tree->currentItem(), tree->topLevelItem(0));
    QVERIFY2(
        pane->verdictLabel()->text().contains(QRegularExpression(QStringLiteral("^\\d+ errors?"))),
        qPrintable(pane->verdictLabel()->text()));
    QVERIFY(pane->verdictLabel()->styleSheet().contains(Theme::errorColor().name()));

    tree->setCurrentItem(gapItem);
    QCOMPARE(pane->reportTabs()->tabText(pane->reportTabs()->currentIndex()),
             QStringLiteral("Evidence and fix"));
    QTextBrowser *view = pane->findingView();
    QVERIFY(view->isVisible());
    const QString text = view->toPlainText();
    QVERIFY2(text.startsWith(QStringLiteral("Error: ") + gapItem->text(1)), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("(resume.gap)")));
    QVERIFY(!gap->evidence.isEmpty());
    QVERIFY(!gap->fix.isEmpty());
    QVERIFY2(text.contains(QStringLiteral("Fix\n") + gap->fix), qPrintable(text));
    // Each evidence line is a paragraph of its own, in a fixed font; the rest is not.
    const QString fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    const auto familyOf = [view](const QString &line) {
        for (QTextBlock block = view->document()->begin(); block.isValid(); block = block.next()) {
            if (block.text() == line)
                return block.begin().fragment().charFormat().fontFamilies().toStringList();
        }
        return QStringList {QStringLiteral("(no such paragraph)")};
    };
    for (const QString &line : gap->evidence)
        QVERIFY2(familyOf(line).contains(fixed), qPrintable(line));
    QVERIFY(!familyOf(gap->fix).contains(fixed));
    QVERIFY(view->isReadOnly());
    QVERIFY(view->textInteractionFlags() & Qt::TextSelectableByMouse);
}

// A port nobody listens on: the request-failed finding, at once, not after the budget.
void TestDoctorPane::refusedPortShowsTheRequestFailed()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    DoctorPane *pane = openTab(QStringLiteral("http://127.0.0.1:%1/events").arg(port));
    pane->setBudgets(60000, 120000);
    QSignalSpy finished(pane, &DoctorPane::runFinished);
    pane->run();
    QVERIFY(pane->isRunning());
    QVERIFY(finished.wait(10000)); // long before its 60 s budget
    QVERIFY2(pane->report().hasFinding(QStringLiteral("response.failed")),
             qPrintable(findingIds(pane)));
    QCOMPARE(pane->findingsTree()->topLevelItem(0)->text(0), QStringLiteral("Error"));
    QVERIFY(pane->verdictLabel()->text().startsWith(QStringLiteral("1 error")));
    QVERIFY(pane->findingView()->toPlainText().contains(QStringLiteral("Evidence\n")));
}

// A reason phrase with markup is shown as the server sent it: in the list, its tooltip and
// the finding's view, nothing of it becomes formatting.
void TestDoctorPane::serverTextStaysText()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::status(503, "<b>Busy</b> <img src=\"x\">"));
    DoctorPane *pane = openTab(server.url().toString());
    pane->setBudgets(60000, 120000);
    QSignalSpy finished(pane, &DoctorPane::runFinished);
    pane->run();
    QVERIFY(finished.wait(10000));
    const QTreeWidgetItem *item = nullptr;
    for (int i = 0; i < pane->findingsTree()->topLevelItemCount(); ++i) {
        if (pane->findingsTree()->topLevelItem(i)->toolTip(1).contains(
                QStringLiteral("response.status")))
            item = pane->findingsTree()->topLevelItem(i);
    }
    QVERIFY2(item, qPrintable(findingIds(pane)));
    QVERIFY2(item->text(1).contains(QStringLiteral("503 <b>Busy</b> <img src=\"x\">")),
             qPrintable(item->text(1)));
    const QString tip = item->toolTip(1);
    QVERIFY2(
        tip.contains(QStringLiteral("503 &lt;b&gt;Busy&lt;/b&gt; &lt;img src=&quot;x&quot;&gt;")),
        qPrintable(tip));
    QVERIFY(!tip.contains(QStringLiteral("<b>")));
    pane->findingsTree()->setCurrentItem(const_cast<QTreeWidgetItem *>(item));
    QVERIFY2(pane->findingView()->toPlainText().contains(QStringLiteral("<b>Busy</b>")),
             qPrintable(pane->findingView()->toPlainText()));
}

void TestDoctorPane::stopEndsTheRunWithAReport()
{
    MockServerOptions options;
    options.heartbeatMs = 100;
    options.eventMs = 100;
    MockServer *server = startMock(options);
    QVERIFY(server);
    DoctorPane *pane = openTab(server->url().toString());
    pane->setBudgets(60000, 120000);
    QSignalSpy finished(pane, &DoctorPane::runFinished);
    pane->run();
    QTRY_VERIFY_WITH_TIMEOUT(
        pane->progressLabel()->text().startsWith(QStringLiteral("Holding the stream: ")), 3000);
    QTest::mouseClick(pane->stopButton(), Qt::LeftButton);
    QCOMPARE(finished.count(), 1); // at once
    QVERIFY(!pane->isRunning());
    QVERIFY(pane->hasReport());
    QCOMPARE(pane->report().endedBy, QStringLiteral("stopped"));
    QVERIFY(pane->report().elapsedMs < 60000);
    QVERIFY(pane->report().measured(QStringLiteral("headers")));
    QVERIFY2(pane->progressBar()->format().startsWith(QStringLiteral("Stopped at ")),
             qPrintable(pane->progressBar()->format()));
    QVERIFY(pane->progressBar()->value() < pane->progressBar()->maximum());
    QVERIFY(!pane->verdictLabel()->text().isEmpty());
    QVERIFY(pane->verdictLabel()->isVisible());
    QVERIFY(pane->runButton()->isEnabled());
    QCOMPARE(pane->runButton()->text(), QStringLiteral("Run again"));
    QVERIFY(pane->copyButton()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(server->stats().clients, 0, 3000); // its connections closed
}

void TestDoctorPane::closingTheTabMidRun()
{
    MockServerOptions options;
    options.heartbeatMs = 100;
    options.eventMs = 100;
    MockServer *server = startMock(options);
    QVERIFY(server);
    DoctorPane *pane = openTab(server->url().toString());
    pane->run();
    QTRY_COMPARE_WITH_TIMEOUT(server->stats().clients, 1, 3000);
    delete m_tab;
    m_tab = nullptr;
    QTRY_COMPARE_WITH_TIMEOUT(server->stats().clients, 0, 3000);
}

// Connection › Diagnose this endpoint (Ctrl+Shift+D, no other action's) brings the Doctor tab
// of the current tab; the window closed while it runs goes quietly.
void TestDoctorPane::fromTheConnectionMenuAndClosingTheWindowMidRun()
{
    auto window = std::make_unique<MainWindow>();
    MockServerOptions options = window->server()->options();
    options.eventMs = 50;
    options.heartbeatMs = 100;
    window->server()->setOptions(options);
    QString error;
    QVERIFY2(window->startEmbedded(&error), qPrintable(error));
    ConnectionTab *tab = window->currentTab();
    QVERIFY(tab);
    QTRY_COMPARE_WITH_TIMEOUT(tab->client()->state(), ClientState::Open, 5000);

    auto *action = window->findChild<QAction *>(QStringLiteral("diagnoseEndpoint"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    int same = 0;
    for (const QAction *other : window->findChildren<QAction *>())
        same += other->shortcut() == action->shortcut() ? 1 : 0;
    QCOMPARE(same, 1);
    bool listed = false;
    for (const QString &line : window->shortcutList())
        listed = listed || line.startsWith(QStringLiteral("Connection › Diagnose this endpoint"));
    QVERIFY(listed);

    DoctorPane *pane = tab->doctorPane();
    QVERIFY(tab->sideTabs()->indexOf(pane) < 0);
    action->trigger();
    QCOMPARE(tab->sideTabs()->currentWidget(), pane);

    pane->setBudgets(60000, 120000);
    QTest::mouseClick(pane->runButton(), Qt::LeftButton);
    QVERIFY(pane->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(window->server()->stats().clients, 2, 3000); // the tab's and its own
    window.reset();
}

QTEST_MAIN(TestDoctorPane)
#include "tst_doctorpane.moc"
