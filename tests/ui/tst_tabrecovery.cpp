// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// A tab recovering as a person expects: Connect again resumes, starting afresh clears, a URL
// that is no URL is refused, a failed tab offers what to do next, a quiet stream says so, and
// tabs on the embedded server follow it through a restart.
#include "client/sseclient.h"
#include "connectiontab.h"
#include "log/eventlog.h"
#include "mainwindow.h"
#include "mockserverpanel.h"
#include "recoverybar.h"
#include "scriptedserver.h"
#include "server/mockserver.h"
#include "statebadge.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

class TestTabRecovery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void connectAgainResumes();
    void startAfreshClears();
    void malformedUrlRefused_data();
    void malformedUrlRefused();
    void refusalOutlivesTheRunningSession();
    void failedTabOffersResilience();
    void maxReconnectsFromTheEditor();
    void quietStreamSaysSo();
    void tabsFollowTheEmbeddedServer();

private:
    struct Row
    {
        int conn = 0;
        QByteArray data;
    };
    static QList<Row> events(const ConnectionTab &tab)
    {
        QList<Row> out;
        for (qint64 i = tab.log()->firstIndex(); i < tab.log()->endIndex(); ++i) {
            const LogEntry &entry = tab.log()->at(i);
            if (entry.kind == LogEntry::Kind::Event)
                out.append({entry.conn, entry.data().toByteArray()});
        }
        return out;
    }
};

void TestTabRecovery::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ssemon-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_tabrecovery"));
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestTabRecovery::connectAgainResumes()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("id: 1\ndata: a\n\nid: 2\ndata: b\n\n"));
    server.enqueue(ServerScript::stream().send("id: 3\ndata: c\n\n"));
    ConnectionTab tab;
    tab.show();
    tab.openUrl(server.url());
    QTRY_COMPARE(events(tab).size(), 2);
    tab.stop();
    QTRY_COMPARE(tab.client()->state(), ClientState::Closed);

    QTest::mouseClick(tab.findChild<QPushButton *>(QStringLiteral("connect")), Qt::LeftButton);
    QTRY_COMPARE(events(tab).size(), 3); // the old rows are kept
    QCOMPARE(server.requests().at(1).header("Last-Event-ID"), QByteArray("2"));
    QCOMPARE(events(tab).at(2).conn, 2); // numbering goes on
    QTRY_COMPARE(tab.client()->stats().events, 3); // and so do the counters
    QCOMPARE(tab.client()->stats().lost, 0);
}

void TestTabRecovery::startAfreshClears()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("id: 1\ndata: a\n\nid: 2\ndata: b\n\n"));
    server.enqueue(ServerScript::stream().send("id: 1\ndata: again\n\n"));
    MainWindow window;
    window.show();
    ConnectionTab *tab = window.currentTab();
    tab->openUrl(server.url());
    QTRY_COMPARE(events(*tab).size(), 2);

    window.startCurrentAfresh();
    QTRY_COMPARE(server.requestCount(), 2);
    QTRY_COMPARE(events(*tab).size(), 1);
    QCOMPARE(events(*tab).at(0).data, QByteArray("again"));
    QCOMPARE(events(*tab).at(0).conn, 1);
    QVERIFY(!server.requests().at(1).hasHeader("Last-Event-ID"));
    QTRY_COMPARE(tab->client()->stats().events, 1);
}

void TestTabRecovery::malformedUrlRefused_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("message");
    QTest::newRow("half a scheme, a space for the colon") << "htp//127.0.0.1 18080/events"
                                                          << "\"://\"";
    QTest::newRow("port over 65535") << "http://127.0.0.1:70000/events"
                                     << "from 1 to 65535";
    QTest::newRow("not http") << "ftp://127.0.0.1/"
                              << "not http or https";
}

void TestTabRecovery::malformedUrlRefused()
{
    QFETCH(QString, url);
    QFETCH(QString, message);
    ConnectionTab tab;
    tab.show();
    tab.urlField()->setText(url);
    tab.start();
    QVERIFY(tab.recoveryBar()->isVisible());
    QVERIFY(!tab.recoveryBar()->retryButton()->isVisible());
    const QString reason = tab.recoveryBar()->message()->text();
    QVERIFY2(reason.contains(QStringLiteral("Not connected")), qPrintable(reason));
    QVERIFY2(reason.contains(message.toHtmlEscaped()), qPrintable(reason));
    // Nothing was sent, and nothing retries.
    QCOMPARE(tab.client()->state(), ClientState::Idle);
    QVERIFY(!QTest::qWaitFor([&] { return tab.client()->state() != ClientState::Idle; }, 200));
    // Said until the URL is edited.
    QVERIFY(tab.recoveryBar()->isVisible());
    QTest::keyClick(tab.urlField(), Qt::Key_Backspace);
    QVERIFY(!tab.recoveryBar()->isVisible());
}

void TestTabRecovery::refusalOutlivesTheRunningSession()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: a\n\n").close());
    ConnectionTab tab;
    tab.show();
    SseClientOptions fast = tab.options();
    fast.retryMs = 20;
    fast.jitterMin = 1.0;
    tab.setOptions(fast);
    tab.openUrl(server.url());
    QTRY_VERIFY(tab.client()->stats().events >= 1);
    tab.urlField()->setText(QStringLiteral("http://127.0.0.1:99999/"));
    tab.start();
    QVERIFY(tab.recoveryBar()->isVisible());
    // The stream that runs on (reconnecting after each close) does not hide the reason.
    const int requests = server.requestCount();
    QTRY_VERIFY(server.requestCount() > requests + 1);
    QVERIFY(tab.recoveryBar()->isVisible());
    QVERIFY(tab.recoveryBar()->message()->text().contains(QStringLiteral("99999")));
}

void TestTabRecovery::failedTabOffersResilience()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::status(503, "Service Unavailable"));
    server.enqueue(ServerScript::stream().send("id: 1\ndata: back\n\n"));
    ConnectionTab tab;
    tab.show();
    tab.openUrl(server.url());
    QTRY_COMPARE(tab.client()->state(), ClientState::Failed);
    RecoveryBar *bar = tab.recoveryBar();
    QTRY_VERIFY(bar->isVisible());
    QVERIFY(bar->resilientButton()->isVisible());
    QVERIFY2(bar->message()->text().contains(QStringLiteral("503")),
             qPrintable(bar->message()->text()));

    QTest::mouseClick(bar->resilientButton(), Qt::LeftButton);
    QVERIFY(tab.findChild<QCheckBox *>(QStringLiteral("resilient"))->isChecked());
    QVERIFY(tab.client()->options().resilient);
    QTRY_COMPARE(tab.client()->state(), ClientState::Open);
    QVERIFY(!bar->isVisible());
    QTRY_COMPARE(events(tab).size(), 1);
}

void TestTabRecovery::maxReconnectsFromTheEditor()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close(); // nothing listens there now
    ConnectionTab tab;
    tab.show();
    auto *limit = tab.findChild<QSpinBox *>(QStringLiteral("maxReconnects"));
    QVERIFY(limit);
    QCOMPARE(limit->value(), -1);
    QCOMPARE(limit->text(), QStringLiteral("never"));
    limit->setValue(1);
    SseClientOptions options = tab.options();
    QCOMPARE(options.maxReconnects, 1);
    options.retryMs = 10;
    options.jitterMin = 1.0;
    options.url = QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(port));
    tab.setOptions(options);
    tab.start();
    QTRY_COMPARE(tab.client()->state(), ClientState::Failed);
    QCOMPARE(tab.client()->stats().attempts, 2);
    QVERIFY(tab.recoveryBar()->isVisible());
    QVERIFY(!tab.recoveryBar()->resilientButton()->isVisible()); // no status: nothing to retry
    QVERIFY2(tab.recoveryBar()->message()->text().contains(
                 QStringLiteral("connection refused by 127.0.0.1:%1").arg(port)),
             qPrintable(tab.recoveryBar()->message()->text()));
}

void TestTabRecovery::quietStreamSaysSo()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    // Heartbeats every 50 ms, then nothing while the connection stays open.
    server.enqueue(ServerScript::stream()
                       .send(":ping\n\n")
                       .wait(50)
                       .send(":ping\n\n")
                       .wait(50)
                       .send(":ping\n\n"));
    ConnectionTab tab;
    tab.show();
    tab.openUrl(server.url());
    QTRY_VERIFY(tab.client()->stats().heartbeats >= 3);
    QCOMPARE(tab.badge()->text(), QStringLiteral("OPEN · HTTP/1.1"));
    // The floor is a second: twice the 50 ms interval would cry wolf on any hiccup.
    QTRY_VERIFY_WITH_TIMEOUT(tab.badge()->silenceMs() > 1000, 5000);
    QVERIFY2(tab.badge()->text().startsWith(QStringLiteral("SILENT ")),
             qPrintable(tab.badge()->text()));
    QVERIFY(tab.badge()->toolTip().contains(QStringLiteral("heartbeats came every")));
    QCOMPARE(tab.client()->state(), ClientState::Open); // still open: only the badge says so

    server.sendTo(0, ":ping\n\n");
    QTRY_COMPARE(tab.badge()->silenceMs(), 0);
    QCOMPARE(tab.badge()->text(), QStringLiteral("OPEN · HTTP/1.1"));
}

void TestTabRecovery::tabsFollowTheEmbeddedServer()
{
    MainWindow window;
    window.show();
    QVERIFY(window.startEmbedded());
    ConnectionTab *tab = window.currentTab();
    MockServer *server = window.server();
    const quint16 port = server->port();
    QTRY_VERIFY_WITH_TIMEOUT(tab->client()->stats().events >= 2, 5000);

    // Stopped and started: the same port, and the tab is back at once, resuming.
    window.serverPanel()->stop();
    QTRY_VERIFY(tab->client()->state() == ClientState::Reconnecting
                || tab->client()->state() == ClientState::Failed);
    window.serverPanel()->start();
    QCOMPARE(server->port(), port);
    QTRY_COMPARE_WITH_TIMEOUT(tab->client()->state(), ClientState::Open, 5000);
    const qint64 before = tab->client()->stats().events;
    QTRY_VERIFY_WITH_TIMEOUT(tab->client()->stats().events > before, 5000);
    QCOMPARE(tab->client()->stats().lost, 0); // the server replayed what it missed

    // Its port taken while it was stopped: a new port, and the tab follows it there.
    window.serverPanel()->stop();
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, port));
    window.serverPanel()->start();
    QVERIFY(server->isListening());
    QVERIFY(server->port() != port);
    QCOMPARE(tab->options().url.port(), int(server->port()));
    QTRY_COMPARE_WITH_TIMEOUT(tab->client()->state(), ClientState::Open, 5000);
    QCOMPARE(tab->client()->options().url.port(), int(server->port()));
    QVERIFY(window.findChild<QTabWidget *>()->tabText(0).contains(QString::number(server->port())));
}

QTEST_MAIN(TestTabRecovery)
#include "tst_tabrecovery.moc"
