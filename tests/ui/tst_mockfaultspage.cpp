// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The dock's Faults page on its own over a real mock server: a catalogue button applies its
// fault with the parameter beside it, a bad spec is explained under the line and applies
// nothing, what the server fires is logged newest first with the tab counts following, and
// the applied list is the engine's (a fault applied behind the page's back shows too).
#include "faults/faultlistmodel.h"
#include "faults/faultspec.h"
#include "mockfaultspage.h"
#include "recentlogmodel.h"
#include "server/mockserver.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTcpSocket>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

class TestMockFaultsPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void catalogueButtonsApply();
    void badSpecIsExplained();
    void firedFaultsAreLogged();
    void appliedListIsTheEngines();
};

void TestMockFaultsPage::catalogueButtonsApply()
{
    MockServer server;
    MockFaultsPage page(&server);
    QSignalSpy applied(&page, &MockFaultsPage::faultApplied);
    // Every entry of the catalogue has its button.
    for (const FaultSpec::Entry &entry : FaultSpec::catalogue())
        QVERIFY2(page.findChild<QToolButton *>(QStringLiteral("fault-") + entry.name),
                 qPrintable(entry.name));
    auto *ms = page.findChild<QLineEdit *>(QStringLiteral("faultParam-latency"));
    QVERIFY(ms);
    ms->setText(QStringLiteral("35"));
    page.findChild<QToolButton *>(QStringLiteral("fault-latency"))->click();
    QCOMPARE(applied.size(), 1);
    QCOMPARE(applied.at(0).at(1).toString(), QStringLiteral("latency ms=35"));
    // A parameter given as key=value is taken as it is.
    ms->setText(QStringLiteral("ms=5 for=2s"));
    page.findChild<QToolButton *>(QStringLiteral("fault-latency"))->click();
    QCOMPARE(applied.size(), 2);
    QCOMPARE(applied.at(1).at(1).toString(), QStringLiteral("latency ms=5 for=2s"));
    QCOMPARE(page.appliedFaultCount(), 2);
    QCOMPARE(server.faults().size(), 2);
}

void TestMockFaultsPage::badSpecIsExplained()
{
    MockServer server;
    MockFaultsPage page(&server);
    page.show();
    auto *spec = page.findChild<QLineEdit *>(QStringLiteral("faultSpec"));
    auto *error = page.findChild<QLabel *>(QStringLiteral("faultError"));
    spec->setText(QStringLiteral("stall for=forever"));
    page.findChild<QPushButton *>(QStringLiteral("faultApply"))->click();
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("for")), qPrintable(error->text()));
    QCOMPARE(spec->text(), QStringLiteral("stall for=forever")); // kept to be mended
    QCOMPARE(page.appliedFaultCount(), 0);
    QString message;
    QCOMPARE(page.applyFaultSpec(QStringLiteral("nonsense"), &message), 0);
    QVERIFY(message.contains(QStringLiteral("nonsense")));
    // Typing hides the error; a good spec applies and empties the line.
    QTest::keyClicks(spec, QStringLiteral("x"));
    QVERIFY(!error->isVisible());
    spec->setText(QStringLiteral("fin every=10s"));
    QTest::keyClick(spec, Qt::Key_Return);
    QCOMPARE(page.appliedFaultCount(), 1);
    QVERIFY(spec->text().isEmpty());
}

void TestMockFaultsPage::firedFaultsAreLogged()
{
    MockServer server;
    MockServerOptions options;
    options.eventMs = 0;
    options.heartbeatMs = 0;
    server.setOptions(options);
    QVERIFY(server.start());
    MockFaultsPage page(&server);
    auto *lists = page.findChild<QTabWidget *>(QStringLiteral("faultLists"));
    QCOMPARE(lists->tabText(1), QStringLiteral("Fired (0)"));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(client.waitForConnected(5000));
    client.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().clients, 1, 5000);
    QVERIFY(page.applyFaultSpec(QStringLiteral("retry ms=250")) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(page.firedFaultCount(), 1, 5000);
    const QAbstractItemModel *fired = page.firedModel();
    QCOMPARE(fired->index(0, 1).data().toInt(), 1); // client 1
    QCOMPARE(fired->index(0, 2).data().toString(), QStringLiteral("retry ms=250"));
    QCOMPARE(fired->index(0, 3).data().toString(), QStringLiteral("sent retry: 250"));
    QCOMPARE(lists->tabText(1), QStringLiteral("Fired (1)"));
    QCOMPARE(lists->tabText(0), QStringLiteral("Applied (1)"));
}

void TestMockFaultsPage::appliedListIsTheEngines()
{
    MockServer server;
    MockFaultsPage page(&server);
    Fault fault;
    QString error;
    QVERIFY2(FaultSpec::parse(QStringLiteral("drop every=3"), &fault, &error), qPrintable(error));
    server.applyFault(fault);
    QCOMPARE(page.appliedFaultCount(), 1);
    QVERIFY(page.applyFaultSpec(QStringLiteral("duplicate every=4")) > 0);
    auto *view = page.findChild<QTreeView *>(QStringLiteral("appliedFaults"));
    QCOMPARE(view->model(), page.appliedModel());
    // Newest on top; removing the selected one leaves the other.
    QCOMPARE(view->model()->index(0, FaultListModel::SpecColumn).data().toString(),
             QStringLiteral("duplicate every=4"));
    view->selectionModel()->select(view->model()->index(0, 0),
                                   QItemSelectionModel::Select | QItemSelectionModel::Rows);
    page.findChild<QPushButton *>(QStringLiteral("faultRemove"))->click();
    QCOMPARE(server.faults().size(), 1);
    page.findChild<QPushButton *>(QStringLiteral("faultClear"))->click();
    QCOMPARE(server.faults().size(), 0);
}

QTEST_MAIN(TestMockFaultsPage)
#include "tst_mockfaultspage.moc"
