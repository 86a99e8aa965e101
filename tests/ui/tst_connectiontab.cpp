// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "client/sseclient.h"
#include "connectiontab.h"
#include "detailpane.h"
#include "eventdelegate.h"
#include "eventtableview.h"
#include "filterbar.h"
#include "io/session.h"
#include "jsontree.h"
#include "lenspane.h"
#include "log/eventfilter.h"
#include "log/eventlog.h"
#include "log/eventtablemodel.h"
#include "log/timelinemodel.h"
#include "mainwindow.h"
#include "metricsplot.h"
#include "requesteditor.h"
#include "responseinspector.h"
#include "scriptedserver.h"
#include "statebadge.h"
#include <QPlainTextEdit>
#include <QTableWidget>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBuffer>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QToolButton>
#include <QTreeWidget>

#include <limits>

namespace {

QByteArray numbered(int first, int count, const char *lineEnd = "\n")
{
    QByteArray out;
    for (int n = first; n < first + count; ++n) {
        out += "id: " + QByteArray::number(n) + lineEnd + "event: update" + lineEnd
            + "data: {\"n\":" + QByteArray::number(n) + '}' + lineEnd + lineEnd;
    }
    return out;
}

QToolButton *toolButton(ConnectionTab *tab, const char *name)
{
    return tab->findChild<QToolButton *>(QLatin1String(name));
}

// The rows of a stream's first connection before its first event: "connecting" and "open".
constexpr int kOpenRows = 2;

// Rows of events and comments, leaving out the connection's rows.
int contentRows(const QAbstractItemModel *model)
{
    int rows = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        rows += model->index(row, 0).data(EventTableModel::KindRole).toInt()
            != EventTableModel::ConnectionRow;
    }
    return rows;
}

} // namespace

class TestConnectionTab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void inspectorShowsRequestAndResponse();
    void badgeNamesProtocol();
    void everyEventOfABurstIsShown();
    void pauseViewKeepsCapturing();
    void followTail();
    void commentsAndHeartbeatsHideable();
    void colouredByType();
    void selectingShowsRawFrame();
    void openedSessionHasNoRawBytes();
    void sessionReopensWithAllRecords();
    void lensPaneFollowsTheAnswerAndReopens();
    void malformedSessionLosesNothing();
    void hostileStreamShownAndSaved();
    void jsonShownInTheOrderSent();
    void filterMatchesMarked();
    void fieldColumnFromTheTree();
};

void TestConnectionTab::everyEventOfABurstIsShown()
{
    // More than one slice of ingest: the table takes them over several turns of the event
    // loop, and in the end shows every one, in order.
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send(numbered(1, 20000)));
    ConnectionTab tab;
    tab.show();
    QAbstractItemModelTester tester(tab.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    tab.openUrl(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(tab.model()->rowCount(), 20000 + kOpenRows, 30000);
    QCOMPARE(tab.pendingRecords(), 0);
    QCOMPARE(tab.model()->index(19999 + kOpenRows, EventTableModel::IdColumn).data().toString(),
             QStringLiteral("20000"));
    QCOMPARE(tab.model()->index(kOpenRows, EventTableModel::IdColumn).data().toString(),
             QStringLiteral("1"));
    tab.stop();
}

void TestConnectionTab::pauseViewKeepsCapturing()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send(numbered(1, 5)));
    ConnectionTab tab;
    tab.show();
    QAbstractItemModelTester tester(tab.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    tab.openUrl(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(tab.model()->rowCount(), 5 + kOpenRows, 10000);

    QTest::mouseClick(toolButton(&tab, "pauseView"), Qt::LeftButton);
    QVERIFY(tab.isViewPaused());
    QCOMPARE(toolButton(&tab, "pauseView")->text(), QStringLiteral("View paused")); // says so
    server.sendTo(0, numbered(6, 7));
    // Captured: the log and the client have them, the table does not, and says so.
    QTRY_COMPARE_WITH_TIMEOUT(tab.log()->size(), 12 + kOpenRows, 10000);
    QCOMPARE(tab.client()->stats().events, 12);
    QCOMPARE(tab.model()->rowCount(), 5 + kOpenRows);
    auto *waiting = tab.findChild<QLabel *>(QStringLiteral("dropped"));
    QTRY_VERIFY(waiting->text().contains(QStringLiteral("7 waiting")));

    QTest::mouseClick(toolButton(&tab, "pauseView"), Qt::LeftButton);
    QVERIFY(!tab.isViewPaused());
    QCOMPARE(toolButton(&tab, "pauseView")->text(), QStringLiteral("Pause view"));
    QCOMPARE(tab.model()->rowCount(), 12 + kOpenRows);
    QCOMPARE(tab.model()->index(11 + kOpenRows, EventTableModel::IdColumn).data().toString(),
             QStringLiteral("12"));
    QTRY_VERIFY(!waiting->text().contains(QStringLiteral("waiting")));
    tab.stop();
}

void TestConnectionTab::followTail()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send(numbered(1, 300)));
    ConnectionTab tab;
    tab.resize(900, 600);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    QVERIFY(tab.followsTail());
    tab.openUrl(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(tab.model()->rowCount(), 300 + kOpenRows, 10000);
    QScrollBar *bar = tab.table()->verticalScrollBar();
    // Following: the newest row is in view.
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    const int last = tab.table()->rowAt(tab.table()->viewport()->height() - 2);
    QVERIFY2(last >= 290, qPrintable(QString::number(last)));

    // Not following: the view stays where the user put it while rows keep coming.
    QTest::mouseClick(toolButton(&tab, "followTail"), Qt::LeftButton);
    QVERIFY(!tab.followsTail());
    tab.table()->scrollToTop();
    server.sendTo(0, numbered(301, 100));
    QTRY_COMPARE_WITH_TIMEOUT(tab.model()->rowCount(), 400 + kOpenRows, 10000);
    QSignalSpy moved(bar, &QScrollBar::valueChanged);
    QVERIFY(!moved.wait(200)); // a follow-tail scroll would come within ~33 ms
    QCOMPARE(bar->value(), 0);

    // Following again jumps to the end.
    QTest::mouseClick(toolButton(&tab, "followTail"), Qt::LeftButton);
    QTRY_COMPARE(bar->value(), bar->maximum());
    tab.stop();
}

void TestConnectionTab::commentsAndHeartbeatsHideable()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send(": hello\n\n:ping 1732180000000\n\ndata: x\n\n"));
    ConnectionTab tab;
    tab.show();
    tab.openUrl(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(tab.model()->rowCount(), 3 + kOpenRows, 10000);
    QCOMPARE(tab.model()->index(kOpenRows, 0).data(EventTableModel::KindRole).toInt(),
             int(EventTableModel::CommentRow));
    QCOMPARE(tab.model()->index(kOpenRows + 1, 0).data(EventTableModel::KindRole).toInt(),
             int(EventTableModel::HeartbeatRow));

    auto *heartbeats = tab.filterBar()->findChild<QCheckBox *>(QStringLiteral("showHeartbeats"));
    auto *comments = tab.filterBar()->findChild<QCheckBox *>(QStringLiteral("showComments"));
    QTest::mouseClick(heartbeats, Qt::LeftButton, {}, QPoint(4, heartbeats->height() / 2));
    QTRY_COMPARE(tab.model()->rowCount(), 2 + kOpenRows);
    QTest::mouseClick(comments, Qt::LeftButton, {}, QPoint(4, comments->height() / 2));
    QTRY_COMPARE(tab.model()->rowCount(), 1 + kOpenRows);
    QCOMPARE(tab.model()->index(kOpenRows, EventTableModel::DataColumn).data().toString(),
             QStringLiteral("x"));
    // Hidden, not lost: the log has all of them, and they come back.
    QCOMPARE(tab.log()->size(), 3 + kOpenRows);
    QTest::mouseClick(heartbeats, Qt::LeftButton, {}, QPoint(4, heartbeats->height() / 2));
    QTest::mouseClick(comments, Qt::LeftButton, {}, QPoint(4, comments->height() / 2));
    QTRY_COMPARE(tab.model()->rowCount(), 3 + kOpenRows);

    // The connection's rows, before the stream's first line, hide the same way.
    QCOMPARE(tab.model()->index(0, EventTableModel::TypeColumn).data().toString(),
             QStringLiteral("connecting"));
    QCOMPARE(tab.model()->index(1, EventTableModel::TypeColumn).data().toString(),
             QStringLiteral("open"));
    QCOMPARE(tab.model()->index(1, 0).data(EventTableModel::KindRole).toInt(),
             int(EventTableModel::ConnectionRow));
    QVERIFY(tab.model()
                ->index(1, EventTableModel::DataColumn)
                .data()
                .toString()
                .contains(QStringLiteral("HTTP 200")));
    auto *connection = tab.filterBar()->findChild<QCheckBox *>(QStringLiteral("showConnection"));
    QTest::mouseClick(connection, Qt::LeftButton, {}, QPoint(4, connection->height() / 2));
    QTRY_COMPARE(tab.model()->rowCount(), 3);
    QCOMPARE(tab.model()->index(0, 0).data(EventTableModel::KindRole).toInt(),
             int(EventTableModel::CommentRow));
    QTest::mouseClick(connection, Qt::LeftButton, {}, QPoint(4, connection->height() / 2));
    QTRY_COMPARE(tab.model()->rowCount(), 3 + kOpenRows);
    tab.stop();
}

void TestConnectionTab::colouredByType()
{
    const QColor light(Qt::white);
    // Each type keeps its colour from run to run, and types differ.
    QCOMPARE(EventDelegate::typeColor(QStringLiteral("update"), light),
             EventDelegate::typeColor(QStringLiteral("update"), light));
    QVERIFY(EventDelegate::typeColor(QStringLiteral("update"), light)
            != EventDelegate::typeColor(QStringLiteral("delta"), light));
    QVERIFY(EventDelegate::typeColor(QStringLiteral("update"), light)
            != EventDelegate::typeColor(QStringLiteral("message"), light));
}

void TestConnectionTab::selectingShowsRawFrame()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("id: 1\r\n: note\r\ndata: {\"a\":1}\r\n\r\n"));
    ConnectionTab tab;
    tab.resize(900, 600);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    tab.openUrl(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(tab.model()->rowCount(), 2 + kOpenRows, 10000);
    tab.stop();

    // Click the event's row: the raw page shows its frame, comment and blank line included,
    // each CR and LF as a marker, and the byte count.
    QTableView *table = tab.table();
    const QRect cell =
        table->visualRect(tab.model()->index(1 + kOpenRows, EventTableModel::DataColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(table->currentIndex().row(), 1 + kOpenRows);
    DetailPane *detail = tab.detailPane();
    QVERIFY(detail->showsJson());
    // Numbered as the # column numbers it (the connection's rows are #1 and #2, the comment
    // before it #3).
    auto *header = detail->findChild<QLabel *>(QStringLiteral("detailHeader"));
    QCOMPARE(tab.model()->index(1 + kOpenRows, EventTableModel::NumberColumn).data().toLongLong(),
             4);
    QVERIFY2(header->text().startsWith(QStringLiteral("<b>#4</b>")), qPrintable(header->text()));
    // Control pictures where the fonts draw them (tst_detailpane checks which), else escapes.
    const bool pictures = detail->markers() == DetailPane::Markers::Symbols;
    const QString cr = pictures ? QString(QChar(0x240D)) : QStringLiteral("\\r");
    const QString lf = pictures ? QString(QChar(0x240A)) : QStringLiteral("\\n");
    QCOMPARE(detail->rawText(),
             QStringLiteral("id: 1") + cr + lf + QLatin1Char('\n') + QStringLiteral(": note") + cr
                 + lf + QLatin1Char('\n') + QStringLiteral("data: {\"a\":1}") + cr + lf
                 + QLatin1Char('\n') + cr + lf + QLatin1Char('\n'));
    QVERIFY2(detail->rawNote().contains(QStringLiteral("32 bytes")), qPrintable(detail->rawNote()));
    QVERIFY2(detail->hexText().startsWith(QStringLiteral("00000000  69 64 3a 20 31 0d 0a 3a")),
             qPrintable(detail->hexText()));

    // The comment's row shows its line.
    const QRect commentCell =
        table->visualRect(tab.model()->index(kOpenRows, EventTableModel::DataColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, commentCell.center());
    QCOMPARE(detail->rawText(), QStringLiteral(": note") + cr + lf + QLatin1Char('\n'));
    QVERIFY(detail->rawNote().contains(QStringLiteral("8 bytes")));
    QVERIFY2(header->text().startsWith(QStringLiteral("<b>#3</b>")), qPrintable(header->text()));
    // The open row says so in its header.
    const QRect openCell = table->visualRect(tab.model()->index(1, EventTableModel::DataColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, openCell.center());
    QVERIFY2(header->text().startsWith(QStringLiteral("<b>#2</b> &nbsp; <b>connection open</b>")),
             qPrintable(header->text()));
}

void TestConnectionTab::openedSessionHasNoRawBytes()
{
    ConnectionTab live;
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: a\n\n"));
    live.openUrl(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(contentRows(live.model()), 1, 10000);
    live.stop();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(Session::write(&buffer, *live.log(), live.options(), false));
    buffer.close();
    buffer.open(QIODevice::ReadOnly);
    SessionData session;
    QVERIFY(Session::read(&buffer, &session));

    ConnectionTab opened;
    opened.resize(900, 600);
    opened.show();
    QVERIFY(QTest::qWaitForWindowExposed(&opened));
    opened.showSession(session, QStringLiteral("s.ndjson"));
    QCOMPARE(contentRows(opened.model()), 1);
    const QRect cell = opened.table()->visualRect(opened.model()->index(kOpenRows, 0));
    QTest::mouseClick(opened.table()->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(opened.detailPane()->text(), QStringLiteral("a"));
    QVERIFY(opened.detailPane()->rawText().isEmpty());
    QVERIFY2(opened.detailPane()->rawNote().contains(QStringLiteral("not recorded")),
             qPrintable(opened.detailPane()->rawNote()));
}

void TestConnectionTab::sessionReopensWithAllRecords()
{
    // A stream with a retry change, a heartbeat, a drop and a reconnect: the saved session
    // brings back the timeline and the counters, not only the rows.
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream()
                       .send("retry: 50\n\nid: 1\ndata: a\n\n:ping 1732180000000\n\n")
                       .close());
    server.enqueue(ServerScript::stream().send("id: 3\ndata: b\n\n"));
    ConnectionTab live;
    SseClientOptions options;
    options.url = server.url();
    options.retryMs = 50;
    options.jitterMin = 1.0;
    live.setOptions(options);
    live.start();
    QTRY_COMPARE_WITH_TIMEOUT(contentRows(live.model()), 3, 10000);
    live.stop();
    QCOMPARE(live.client()->stats().reconnects, 1);
    QCOMPARE(live.client()->stats().lost, 1);
    const int timelineRows = live.timeline()->rowCount();
    QVERIFY(timelineRows >= 6); // connecting, open, retry, reconnecting, connecting, open, closed

    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("s.ndjson"));
    QString error;
    QVERIFY2(Session::save(file, *live.log(), live.options(), false, &error), qPrintable(error));
    SessionData session;
    QVERIFY2(Session::open(file, &session, &error), qPrintable(error));

    ConnectionTab opened;
    QAbstractItemModelTester tester(opened.timeline(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    opened.showSession(session, QStringLiteral("s.ndjson"));
    QCOMPARE(contentRows(opened.model()), 3);
    // The same rows in the same places: one numbering live and reopened.
    QCOMPARE(opened.model()->rowCount(), live.model()->rowCount());
    for (int row = 0; row < live.model()->rowCount(); ++row) {
        for (int column : {int(EventTableModel::NumberColumn), int(EventTableModel::TypeColumn),
                           int(EventTableModel::DataColumn)}) {
            QCOMPARE(opened.model()->index(row, column).data(),
                     live.model()->index(row, column).data());
        }
    }
    QCOMPARE(opened.timeline()->rowCount(), timelineRows);
    for (int row = 0; row < timelineRows; ++row) {
        for (int column : {int(TimelineModel::WhatColumn), int(TimelineModel::DetailColumn),
                           int(TimelineModel::ConnColumn)}) {
            QCOMPARE(opened.timeline()->index(row, column).data(),
                     live.timeline()->index(row, column).data());
        }
    }
    QCOMPARE(opened.log()->notes().size(), live.log()->notes().size());
    const QString counters = opened.findChild<QLabel *>(QStringLiteral("counters"))->text();
    QVERIFY2(counters.contains(QStringLiteral("reconnects</span>&nbsp;<b>1</b>")),
             qPrintable(counters));
    QVERIFY2(counters.contains(QStringLiteral("lost</span>&nbsp;<b>1</b>")), qPrintable(counters));
    QVERIFY2(counters.contains(QStringLiteral("connections</span>&nbsp;<b>2</b>")),
             qPrintable(counters));
    QVERIFY2(counters.contains(QStringLiteral("50&nbsp;ms")), qPrintable(counters));
    // Bytes received as the live tab counted them (the end record carries them).
    QVERIFY(live.client()->stats().bytes > 0);
    QCOMPARE(opened.log()->stats().bytes, live.client()->stats().bytes);
    const QString received = QStringLiteral("received</span>&nbsp;<b>%1</b>")
                                 .arg(QLocale()
                                          .formattedDataSize(live.client()->stats().bytes, 1,
                                                             QLocale::DataSizeTraditionalFormat)
                                          .replace(QLatin1Char(' '), QStringLiteral("&nbsp;")));
    QVERIFY2(counters.contains(received), qPrintable(counters));

    // The plot shows the recording on its own axis: its heartbeat, its state changes and its
    // events per second, ending at its end however long ago that was.
    MetricsPlot *plot = opened.plot();
    QVERIFY(plot->isFinished());
    QCOMPARE(plot->heartbeatCount(), 1);
    QVERIFY(plot->markerCount() >= 3); // open, reconnecting, open
    QVERIFY(plot->rateCount() >= 1);
    QVERIFY(plot->markerLegend().contains(QStringLiteral("reconnecting")));

    // A file whose times are centuries apart is drawn in bounded work.
    SessionData far = session;
    far.records.last().monotonicNs = std::numeric_limits<qint64>::max() / 2;
    opened.showSession(far, QStringLiteral("far.ndjson"));
    QVERIFY(opened.plot()->rateCount() <= 20001);
}

void TestConnectionTab::malformedSessionLosesNothing()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send(numbered(1, 4)));
    MainWindow window;
    window.show();
    ConnectionTab *tab = window.currentTab();
    tab->openUrl(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(contentRows(tab->model()), 4, 10000);
    tab->stop();
    QTRY_COMPARE(tab->client()->state(), ClientState::Closed);
    const int rows = tab->model()->rowCount();
    const int tabs = window.tabCount();

    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("bad.ndjson"));
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(
        "{\"kind\":\"session\",\"format\":1}\n{\"kind\":\"event\",\"data\":\"a\",\"t_ms\":1}\n"
        "{\"kind\":\"state\",\"state\":\"sideways\",\"t_ms\":2}\n");
    out.close();
    QString error;
    QVERIFY(!window.openSession(file, &error));
    QVERIFY2(error.contains(QStringLiteral("line 3")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("sideways")), qPrintable(error));
    QCOMPARE(window.tabCount(), tabs);
    QCOMPARE(window.currentTab(), tab);
    QCOMPARE(tab->model()->rowCount(), rows);
}

// A server that lies about a chunk size after four events: the tab says what went wrong in
// words, keeps the four events, and saves them with the failure; the saved session reopens
// with the same rows and the reason in its timeline.
void TestConnectionTab::hostileStreamShownAndSaved()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    const QByteArray good = numbered(1, 4);
    server.enqueue(ServerScript::silent().send(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
        + QByteArray::number(good.size(), 16) + "\r\n" + good + "\r\nzz\r\ndata: lie\n\n\r\n"));
    server.enqueue(ServerScript::silent()); // the reconnect, whenever it comes, adds nothing
    MainWindow window;
    window.show();
    ConnectionTab *tab = window.currentTab();
    // The wire transport names the lie (QNAM takes it for the end of the body).
    tab->findChild<RequestEditor *>()->setTransport(SseClientOptions::Transport::Wire);
    tab->openUrl(server.url());
    const QString reason =
        QStringLiteral("malformed chunked body: chunk size is not a hexadecimal number");
    auto *reasonLabel = tab->findChild<QLabel *>(QStringLiteral("stateReason"));
    QVERIFY(reasonLabel);
    QTRY_VERIFY_WITH_TIMEOUT(reasonLabel->text().contains(reason), 10000);
    QTRY_VERIFY(tab->badge()->text().startsWith(QStringLiteral("RECONNECTING")));
    QCOMPARE(contentRows(tab->model()), 4);
    tab->stop();
    QTRY_COMPARE(tab->client()->state(), ClientState::Closed);

    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("hostile.ndjson"));
    QString error;
    QVERIFY2(window.saveSession(file, false, &error), qPrintable(error));
    SessionData session;
    QVERIFY2(Session::open(file, &session, &error), qPrintable(error));
    int events = 0;
    bool reasonKept = false;
    for (const ClientRecord &r : session.records) {
        events += r.kind == ClientRecord::Kind::Event;
        reasonKept |= r.kind == ClientRecord::Kind::State && r.reason.contains(reason);
    }
    QCOMPARE(events, 4);
    QVERIFY(reasonKept);
    QVERIFY2(window.openSession(file, &error), qPrintable(error));
    QCOMPARE(contentRows(window.currentTab()->model()), 4);
}

void TestConnectionTab::jsonShownInTheOrderSent()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: {\"z\":1,\"a\":2.50}\n\ndata: [1,\n\n"));
    ConnectionTab tab;
    tab.show();
    tab.openUrl(server.url());
    QTRY_COMPARE(contentRows(tab.model()), 2);
    DetailPane *detail = tab.detailPane();
    detail->showIndex(tab.model()->index(kOpenRows, 0));
    QVERIFY(detail->showsJson());
    QCOMPARE(detail->text(), QStringLiteral("{\n    \"z\": 1,\n    \"a\": 2.50\n}"));
    QVERIFY(detail->pages()->isTabEnabled(detail->pages()->indexOf(detail->tree())));
    QCOMPARE(detail->tree()->topLevelItemCount(), 0); // not built while its page is hidden
    detail->pages()->setCurrentWidget(detail->tree());
    QCOMPARE(detail->tree()->topLevelItemCount(), 1); // built when shown
    QCOMPARE(detail->tree()->topLevelItem(0)->child(0)->text(0), QStringLiteral("z"));
    // Not JSON: shown as it came, and the tree page is off.
    detail->showIndex(tab.model()->index(kOpenRows + 1, 0));
    QVERIFY(!detail->showsJson());
    QCOMPARE(detail->text(), QStringLiteral("[1,"));
    QVERIFY(!detail->pages()->isTabEnabled(detail->pages()->indexOf(detail->tree())));
    QVERIFY(detail->pages()->currentWidget() != detail->tree());
}

void TestConnectionTab::fieldColumnFromTheTree()
{
    // A value in the JSON tree becomes a column; the filter bar filters by it, its header
    // sorts by it, and while sorted the tab says what arrives meanwhile and offers to sort
    // again or go back to arrival order.
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: {\"n\":2,\"s\":\"b\"}\n\ndata: {\"n\":10}\n\n"
                                               "data: {\"n\":7}\n\n"));
    ConnectionTab tab;
    tab.resize(1300, 700);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    QSignalSpy notices(&tab, &ConnectionTab::notice);
    tab.openUrl(server.url());
    QTRY_COMPARE(contentRows(tab.model()), 3);
    EventTableView *table = tab.table();
    QVERIFY(table->isColumnHidden(EventTableModel::FieldColumn));

    table->selectRow(kOpenRows); // n = 2
    DetailPane *detail = tab.detailPane();
    detail->pages()->setCurrentWidget(detail->tree());
    QTreeWidgetItem *n = detail->tree()->topLevelItem(0)->child(0);
    QCOMPARE(n->text(0), QStringLiteral("n"));
    detail->tree()->setCurrentItem(n);
    detail->tree()->findChild<QAction *>(QStringLiteral("showAsColumn"))->trigger();
    QVERIFY(!table->isColumnHidden(EventTableModel::FieldColumn));
    QCOMPARE(tab.model()->headerData(EventTableModel::FieldColumn, Qt::Horizontal).toString(),
             QStringLiteral("/n"));
    QVERIFY(!notices.isEmpty());
    QVERIFY(notices.last().first().toString().contains(QStringLiteral("/n column")));
    QLineEdit *condition = tab.filterBar()->fieldCondition();
    QVERIFY(condition->isVisible());

    // Sorted by the field, the selected event stays selected and shown in full.
    table->horizontalHeader()->setSortIndicator(EventTableModel::FieldColumn, Qt::DescendingOrder);
    QCOMPARE(tab.model()->index(0, EventTableModel::FieldColumn).data().toString(),
             QStringLiteral("10"));
    QCOMPARE(tab.model()->data(table->currentIndex(), EventTableModel::SeqRole).toLongLong(), 1);
    QCOMPARE(detail->text(), QStringLiteral("{\n    \"n\": 2,\n    \"s\": \"b\"\n}"));
    auto *note = tab.findChild<QLabel *>(QStringLiteral("dropped"));
    QTRY_VERIFY(note->text().contains(QStringLiteral("sorted by /n")));
    auto *follow = tab.findChild<QToolButton *>(QStringLiteral("followTail"));
    QVERIFY(!follow->isEnabled()); // nothing new comes into a sorted table

    server.sendTo(0, "data: {\"n\":99}\n\n");
    QTRY_VERIFY_WITH_TIMEOUT(note->text().contains(QStringLiteral("1 held")), 10000);
    QCOMPARE(contentRows(tab.model()), 3);
    Q_EMIT note->linkActivated(QStringLiteral("resort"));
    QCOMPARE(tab.model()->index(0, EventTableModel::FieldColumn).data().toString(),
             QStringLiteral("99"));

    // The filter bar's condition narrows the sorted rows.
    QTest::keyClicks(condition, QStringLiteral(">5"));
    QTRY_COMPARE(tab.model()->rowCount(), 3); // 99, 10, 7
    Q_EMIT note->linkActivated(QStringLiteral("arrival"));
    QVERIFY(!tab.model()->isSorted());
    QCOMPARE(table->horizontalHeader()->sortIndicatorSection(), int(EventTableModel::NumberColumn));
    QCOMPARE(tab.model()->index(0, EventTableModel::FieldColumn).data().toString(),
             QStringLiteral("10"));
    QTRY_VERIFY(!note->text().contains(QStringLiteral("sorted")));
    QVERIFY(follow->isEnabled());
}

void TestConnectionTab::filterMatchesMarked()
{
    EventFilter filter;
    QVERIFY(EventDelegate::matchRanges(QStringLiteral("abc"), filter).isEmpty());
    filter.setText(QStringLiteral("ab"));
    using Ranges = QList<QPair<int, int>>;
    QCOMPARE(EventDelegate::matchRanges(QStringLiteral("xABxab"), filter),
             (Ranges {{1, 2}, {4, 2}}));
    filter.setText(QStringLiteral("a+"), true);
    QCOMPARE(EventDelegate::matchRanges(QStringLiteral("baaxA"), filter),
             (Ranges {{1, 2}, {4, 1}}));
    filter.setText(QStringLiteral("(unclosed"), true);
    QVERIFY(EventDelegate::matchRanges(QStringLiteral("(unclosed"), filter).isEmpty());

    // Drawn: the matched text gets the marker colour, nothing else does.
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send(numbered(1, 3)));
    ConnectionTab tab;
    tab.resize(1400, 600);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    tab.openUrl(server.url());
    QTRY_COMPARE(tab.model()->rowCount(), 3 + kOpenRows);
    const auto marked = [&tab] {
        const QImage image = tab.table()->viewport()->grab().toImage();
        int count = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                count += c.red() > 200 && c.green() > 150 && c.blue() < 150 ? 1 : 0;
            }
        }
        return count;
    };
    // (The connection's rows are in their state's colours: out of the way here.)
    EventFilter streamOnly;
    streamOnly.setShowConnection(false);
    tab.model()->setFilter(streamOnly);
    QTRY_COMPARE(tab.model()->rowCount(), 3);
    QCOMPARE(marked(), 0);
    EventFilter byText;
    byText.setText(QStringLiteral("\"n\":2"));
    tab.model()->setFilter(byText);
    QTRY_COMPARE(tab.model()->rowCount(), 1);
    tab.table()->scrollTo(tab.model()->index(0, EventTableModel::DataColumn));
    QTRY_VERIFY(marked() > 40);
}

// An open stream's badge names its protocol; the tooltip says which transport carries it; any
// other state drops it.
void TestConnectionTab::badgeNamesProtocol()
{
    StateBadge badge;
    AttemptInfo attempt;
    attempt.transport = "qnam";
    attempt.protocol = "h2";
    badge.setState(ClientState::Open, QString(), 200, -1, &attempt);
    QCOMPARE(badge.text(), QStringLiteral("OPEN · HTTP/2"));
    QVERIFY2(badge.toolTip().contains(QStringLiteral("HTTP/2 over the QNAM transport")),
             qPrintable(badge.toolTip()));
    attempt.transport = "wire";
    attempt.protocol = "http/1.1";
    badge.setState(ClientState::Open, QString(), 200, -1, &attempt);
    QCOMPARE(badge.text(), QStringLiteral("OPEN · HTTP/1.1"));
    QVERIFY(badge.toolTip().contains(QStringLiteral("the wire transport")));
    badge.setState(ClientState::Reconnecting, QStringLiteral("stream ended"), 0, 3000, &attempt);
    QVERIFY(badge.text().startsWith(QStringLiteral("RECONNECTING IN")));
    QVERIFY(badge.protocolText().isEmpty());
}

// A 404 with its page: the failed tab's request can be inspected from the badge and from the
// timeline, with the request as sent, the status, fields and page as received, and the timing.
void TestConnectionTab::inspectorShowsRequestAndResponse()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::status(404, "Not Found")
                       .header("Content-Type", "text/html")
                       .header("Content-Length", "19")
                       .send("<h1>no stream</h1>\n")
                       .close());
    MainWindow window;
    window.show();
    ConnectionTab *tab = window.currentTab();
    tab->openUrl(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(tab->client()->state(), ClientState::Failed, 10000);
    auto *timeline = tab->findChild<QTableView *>(QStringLiteral("timeline"));
    QVERIFY(timeline);
    int row = -1;
    for (int r = 0; r < timeline->model()->rowCount(); ++r) {
        if (timeline->model()->index(r, 0).data(TimelineModel::AttemptRole).value<AttemptPointer>())
            row = r;
    }
    QVERIFY(row >= 0);

    tab->badge()->clicked(); // what a click on the badge does
    auto *inspector = tab->findChild<ResponseInspector *>();
    QVERIFY(inspector);
    QTRY_VERIFY(inspector->isVisible());
    const QString response =
        inspector->findChild<QPlainTextEdit *>(QStringLiteral("response"))->toPlainText();
    QVERIFY2(response.startsWith(QStringLiteral("HTTP/1.1 404 Not Found\n")), qPrintable(response));
    QVERIFY(response.contains(QStringLiteral("Content-Type: text/html")));
    QVERIFY(response.contains(QStringLiteral("<h1>no stream</h1>")));
    const QString request =
        inspector->findChild<QPlainTextEdit *>(QStringLiteral("request"))->toPlainText();
    QVERIFY2(request.startsWith(QStringLiteral("GET http://127.0.0.1:")), qPrintable(request));
    QVERIFY(request.contains(QStringLiteral("Accept: text/event-stream")));
    auto *timing = inspector->findChild<QTableWidget *>(QStringLiteral("timing"));
    QCOMPARE(timing->rowCount(), AttemptTiming::kPhases);
    QVERIFY(timing->item(5, 1)->text().endsWith(QStringLiteral(" ms"))); // head
    inspector->close();

    // The timeline's row opens one too.
    emit timeline->activated(timeline->model()->index(row, 0));
    QTRY_COMPARE(tab->findChildren<ResponseInspector *>().size(), 1);
}

void TestConnectionTab::lensPaneFollowsTheAnswerAndReopens()
{
    // An OpenAI chat stream: the lens pane appears beside the table, follows the answer while
    // it streams, says how it finished; a saved session brings the pane back as it was.
    const auto chunk = [](const QByteArray &delta,
                          const QByteArray &finish = "null") -> QByteArray {
        return "data: {\"id\":\"c1\",\"model\":\"m-test\",\"choices\":[{\"index\":0,"
               "\"delta\":"
            + delta + ",\"finish_reason\":" + finish + "}]}\n\n";
    };
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send(chunk(R"({"content":"Hello"})")));
    ConnectionTab live;
    live.resize(1000, 700);
    live.show();
    QVERIFY(QTest::qWaitForWindowExposed(&live));
    QVERIFY(live.lensPane()->isHidden());
    live.openUrl(server.url(QStringLiteral("/v1/chat/completions")));
    QTRY_VERIFY_WITH_TIMEOUT(live.lensPane()->isVisible(), 10000);
    QTRY_VERIFY(live.lensPane()->textView()->toPlainText().contains(QStringLiteral("Hello")));
    QVERIFY(live.lensPane()->headerLabel()->text().contains(QStringLiteral("streaming")));
    // The next tokens come after the pane's refresh interval: the pane follows them.
    QElapsedTimer apart;
    apart.start();
    QTRY_VERIFY(apart.elapsed() > 2 * ConnectionTab::kLensProgressMs);
    server.sendTo(0, chunk(R"({"content":", world"})"));
    QTRY_VERIFY(
        live.lensPane()->textView()->toPlainText().contains(QStringLiteral("Hello, world")));
    server.sendTo(0, chunk("{}", R"("stop")") + "data: [DONE]\n\n");
    QTRY_VERIFY(live.lensPane()->headerLabel()->text().contains(QStringLiteral("finished: stop")));
    live.stop();
    QCOMPARE(live.sideTabs()->count(), 2);
    QCOMPARE(live.sideTabs()->tabText(0), QStringLiteral("Answer · OpenAI Chat Completions"));
    // A row picked in the table is shown in full, in front of the answer.
    const QRect cell = live.table()->visualRect(live.model()->index(kOpenRows, 0));
    QTest::mouseClick(live.table()->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(live.sideTabs()->currentWidget(), live.detailPane());
    QVERIFY(live.detailPane()->text().contains(QStringLiteral("Hello")));

    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(Session::write(&buffer, *live.log(), live.options(), false));
    buffer.close();
    buffer.open(QIODevice::ReadOnly);
    SessionData session;
    QString error;
    QVERIFY2(Session::read(&buffer, &session, &error), qPrintable(error));
    ConnectionTab opened;
    opened.resize(1000, 700);
    opened.show();
    QVERIFY(QTest::qWaitForWindowExposed(&opened));
    opened.showSession(session, QStringLiteral("s.ndjson"));
    QVERIFY(opened.lensPane()->isVisible());
    QCOMPARE(opened.lensPane()->textView()->toPlainText(),
             live.lensPane()->textView()->toPlainText());
    QVERIFY(opened.lensPane()->report()->facts == live.lensPane()->report()->facts);
    // Starting afresh forgets it.
    opened.clearLog();
    QVERIFY(opened.lensPane()->isHidden());
    QCOMPARE(opened.sideTabs()->count(), 1);
}

QTEST_MAIN(TestConnectionTab)
#include "tst_connectiontab.moc"
