// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The MCP tab of a connection tab, driven as a user would (offscreen) against the mock server's
// mcp preset: Initialize, the tools listed, `add` selected, its arguments edited and called, the
// result's text shown; invalid JSON refused inline, nothing sent; the session's GET stream
// opened in the tab; End session.
#include "client/sseclient.h"
#include "connectiontab.h"
#include "mcppane.h"
#include "server/mockserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

class TestMcpPane : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void shownForAnMcpEndpoint();
    void drivesASession();

private:
    MockServer *m_server = nullptr;
    ConnectionTab *m_tab = nullptr;
};

void TestMcpPane::init()
{
    MockServerOptions options;
    options.preset = "mcp";
    options.threads = 0;
    options.eventMs = 50; // the GET stream's notifications
    m_server = new MockServer(this);
    m_server->setOptions(options);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_tab = new ConnectionTab;
    m_tab->resize(1200, 800);
    m_tab->urlField()->setText(QStringLiteral("http://127.0.0.1:%1/mcp").arg(m_server->port()));
    m_tab->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_tab));
}

void TestMcpPane::cleanup()
{
    delete m_tab;
    m_tab = nullptr;
    delete m_server;
    m_server = nullptr;
}

// Connecting to an endpoint named /mcp brings the MCP tab, behind the others.
void TestMcpPane::shownForAnMcpEndpoint()
{
    QTabWidget *side = m_tab->sideTabs();
    QCOMPARE(side->indexOf(m_tab->mcpPane()), -1);
    m_tab->start();
    QVERIFY(side->indexOf(m_tab->mcpPane()) >= 0);
    QCOMPARE(side->tabText(side->indexOf(m_tab->mcpPane())), QStringLiteral("MCP"));
    QVERIFY(side->currentWidget() != m_tab->mcpPane());
    m_tab->stop();
}

void TestMcpPane::drivesASession()
{
    m_tab->showMcp();
    McpPane *pane = m_tab->mcpPane();
    QCOMPARE(m_tab->sideTabs()->currentWidget(), pane);
    QVERIFY(pane->sessionLabel()->text().contains(QStringLiteral("not initialized")));
    QVERIFY(!pane->endButton()->isEnabled());
    QVERIFY(!pane->streamButton()->isEnabled());

    QTest::mouseClick(pane->initializeButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(pane->catalogue()->topLevelItem(0)->childCount(), 3, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(pane->catalogue()->topLevelItem(2)->childCount(), 1, 10000);
    QCOMPARE(pane->catalogue()->topLevelItem(0)->text(0), QStringLiteral("Tools (3)"));
    QVERIFY2(pane->sessionLabel()->text().contains(QStringLiteral("ssemon-mock")),
             qPrintable(pane->sessionLabel()->text()));
    QVERIFY(pane->sessionLabel()->text().contains(QStringLiteral("ready")));
    QVERIFY(pane->endButton()->isEnabled());

    // `add`: its required arguments prefilled with placeholders.
    QVERIFY(pane->select(QStringLiteral("add")));
    QCOMPARE(pane->sendButton()->text(), QStringLiteral("Call add"));
    QCOMPARE(QJsonDocument::fromJson(pane->argumentsEdit()->toPlainText().toUtf8()).object(),
             QJsonObject({{"a", 0}, {"b", 0}}));

    // Invalid JSON: an inline error, nothing sent.
    const int rows = pane->requestLog()->topLevelItemCount();
    pane->argumentsEdit()->clear();
    QTest::keyClicks(pane->argumentsEdit(), QStringLiteral("{\"a\": 2, \"b\": }"));
    QTest::mouseClick(pane->sendButton(), Qt::LeftButton);
    QVERIFY(pane->argumentsError()->isVisible());
    QVERIFY2(pane->argumentsError()->text().startsWith(
                 QStringLiteral("Not sent: the arguments are not valid JSON")),
             qPrintable(pane->argumentsError()->text()));
    QCOMPARE(pane->requestLog()->topLevelItemCount(), rows);

    pane->argumentsEdit()->clear();
    QVERIFY(!pane->argumentsError()->isVisible()); // editing clears it
    QTest::keyClicks(pane->argumentsEdit(), QStringLiteral("{\"a\": 2, \"b\": 3}"));
    QTest::mouseClick(pane->sendButton(), Qt::LeftButton);
    QVERIFY(!pane->argumentsError()->isVisible());
    QCOMPARE(pane->requestLog()->topLevelItemCount(), rows + 1);
    QTreeWidgetItem *row = pane->requestLog()->currentItem();
    QVERIFY(row);
    QCOMPARE(row->text(0), QStringLiteral("tools/call add"));
    QTRY_VERIFY_WITH_TIMEOUT(row->text(2).startsWith(QStringLiteral("result in ")), 10000);
    const QStringList lines = pane->resultView()->toPlainText().split(QLatin1Char('\n'));
    QVERIFY2(lines.size() >= 3 && lines.at(2) == QStringLiteral("5"),
             qPrintable(pane->resultView()->toPlainText()));

    // A resource is read without arguments.
    QVERIFY(pane->select(QStringLiteral("ssemon://greeting")));
    QCOMPARE(pane->sendButton()->text(), QStringLiteral("Read"));
    QVERIFY(!pane->argumentsEdit()->isEnabled());
    QTest::mouseClick(pane->sendButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        pane->resultView()->toPlainText().contains(QStringLiteral("Hello from the ssemon mock")),
        10000);

    // The session's GET stream in the tab: its request carries the session id, and the
    // server's notifications arrive as events.
    QVERIFY(pane->streamButton()->isEnabled());
    QTest::mouseClick(pane->streamButton(), Qt::LeftButton);
    QCOMPARE(m_tab->options().method, QByteArray("GET"));
    bool carried = false;
    for (const auto &header : m_tab->options().headers)
        carried |=
            header.first == "Mcp-Session-Id" && header.second == pane->session()->sessionId();
    QVERIFY(carried);
    QTRY_COMPARE_WITH_TIMEOUT(m_tab->client()->state(), ClientState::Open, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(m_tab->client()->stats().events >= 1, 10000);

    // End session: DELETE, the session ended, its GET stream with it.
    QTest::mouseClick(pane->endButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(pane->sessionLabel()->text().contains(QStringLiteral("ended")), 10000);
    QCOMPARE(pane->requestLog()->currentItem()->text(0), QStringLiteral("DELETE"));
    QVERIFY(pane->requestLog()->currentItem()->text(2).startsWith(QStringLiteral("HTTP 204")));
    QVERIFY(!pane->endButton()->isEnabled());
    QCOMPARE(pane->initializeButton()->text(), QStringLiteral("Initialize"));
    m_tab->stop();
}

QTEST_MAIN(TestMcpPane)
#include "tst_mcppane.moc"
