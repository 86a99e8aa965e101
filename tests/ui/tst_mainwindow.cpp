// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "client/sseclient.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTcpServer>
#include <QTest>

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstMinuteOnEmbeddedServer();
    void failureShowsReason();

private:
    static QLabel *badge(MainWindow &w) { return w.findChildren<QLabel *>().value(1); }
};

void TestMainWindow::firstMinuteOnEmbeddedServer()
{
    MainWindow window;
    window.show();
    QVERIFY(window.startEmbedded());
    auto *log = window.findChild<QPlainTextEdit *>();
    QVERIFY(log);
    QTRY_VERIFY_WITH_TIMEOUT(window.client()->state() == ClientState::Open, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(window.client()->stats().events >= 1, 10000);
    QVERIFY(log->toPlainText().contains(QStringLiteral("event")));
    QVERIFY(window.findChildren<QLabel *>().size() >= 2);

    // Stop: closed, and nothing reconnects afterwards.
    QPushButton *stop = nullptr;
    for (QPushButton *b : window.findChildren<QPushButton *>()) {
        if (b->text() == QStringLiteral("Stop"))
            stop = b;
    }
    QVERIFY(stop);
    QTest::mouseClick(stop, Qt::LeftButton);
    QTRY_COMPARE(window.client()->state(), ClientState::Closed);
    bool sawClosedBadge = false;
    for (QLabel *label : window.findChildren<QLabel *>())
        sawClosedBadge = sawClosedBadge || label->text() == QStringLiteral("CLOSED");
    QVERIFY(sawClosedBadge);
}

void TestMainWindow::failureShowsReason()
{
    // A server that answers 404 to everything.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    connect(&server, &QTcpServer::newConnection, &server, [&server] {
        while (QTcpSocket *s = server.nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, s, [s] {
                s->readAll();
                s->write(
                    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                s->disconnectFromHost();
            });
        }
    });
    MainWindow window;
    window.show();
    auto *url = window.findChild<QLineEdit *>();
    QVERIFY(url);
    url->clear();
    QTest::keyClicks(url, QStringLiteral("http://127.0.0.1:%1/events").arg(server.serverPort()));
    QTest::keyClick(url, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(window.client()->state(), ClientState::Failed, 10000);
    bool sawFailed = false;
    for (QLabel *label : window.findChildren<QLabel *>()) {
        if (label->text() == QStringLiteral("FAILED"))
            sawFailed = label->toolTip().contains(QStringLiteral("404"));
    }
    QVERIFY(sawFailed);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
