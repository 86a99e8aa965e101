// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// RecoveryBar: shown only for a failed session, offering what fits the failure.
#include "logtestdata.h"
#include "recoverybar.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

class TestRecoveryBar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hiddenUnlessFailed_data();
    void hiddenUnlessFailed();
    void offersResilienceForServerStatuses_data();
    void offersResilienceForServerStatuses();
    void buttonsSignal();
    void refusalHasNoButtons();

private:
    static ClientRecord state(ClientState s, const QString &reason = QString(), int status = 0)
    {
        ClientRecord record = LogTestData::state(s);
        record.reason = reason;
        record.httpStatus = status;
        return record;
    }
};

void TestRecoveryBar::hiddenUnlessFailed_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<bool>("shown");
    QTest::newRow("connecting") << int(ClientState::Connecting) << false;
    QTest::newRow("open") << int(ClientState::Open) << false;
    QTest::newRow("reconnecting") << int(ClientState::Reconnecting) << false;
    QTest::newRow("closed") << int(ClientState::Closed) << false;
    QTest::newRow("failed") << int(ClientState::Failed) << true;
}

void TestRecoveryBar::hiddenUnlessFailed()
{
    QFETCH(int, state);
    QFETCH(bool, shown);
    QWidget window;
    auto *bar = new RecoveryBar(&window);
    window.show();
    bar->showFor(this->state(ClientState::Failed, QStringLiteral("x")), false);
    QVERIFY(bar->isVisible());
    bar->showFor(this->state(ClientState(state), QStringLiteral("why")), false);
    QCOMPARE(bar->isVisible(), shown);
}

void TestRecoveryBar::offersResilienceForServerStatuses_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("resilient");
    QTest::addColumn<bool>("offered");
    QTest::newRow("503, strict") << 503 << false << true;
    QTest::newRow("429, strict") << 429 << false << true;
    QTest::newRow("500, strict") << 500 << false << true;
    QTest::newRow("503, already resilient") << 503 << true << false;
    QTest::newRow("404") << 404 << false << false;
    QTest::newRow("network error") << 0 << false << false;
}

void TestRecoveryBar::offersResilienceForServerStatuses()
{
    QFETCH(int, status);
    QFETCH(bool, resilient);
    QFETCH(bool, offered);
    QWidget window;
    auto *bar = new RecoveryBar(&window);
    window.show();
    bar->showFor(
        state(ClientState::Failed, QStringLiteral("HTTP %1 from the server").arg(status), status),
        resilient);
    QVERIFY(bar->isVisible());
    QVERIFY(bar->retryButton()->isVisible());
    QVERIFY(bar->afreshButton()->isVisible());
    QCOMPARE(bar->resilientButton()->isVisible(), offered);
    const QString text = bar->message()->text();
    QVERIFY2(text.contains(QStringLiteral("The stream failed")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("from the server")), qPrintable(text));
    QCOMPARE(text.contains(QStringLiteral("strict policy")), offered);
}

void TestRecoveryBar::buttonsSignal()
{
    RecoveryBar bar;
    bar.showFor(state(ClientState::Failed, QStringLiteral("HTTP 503"), 503), false);
    QSignalSpy retry(&bar, &RecoveryBar::retryNow);
    QSignalSpy resilient(&bar, &RecoveryBar::retryResilient);
    QSignalSpy afresh(&bar, &RecoveryBar::startAfresh);
    QTest::mouseClick(bar.retryButton(), Qt::LeftButton);
    QTest::mouseClick(bar.resilientButton(), Qt::LeftButton);
    QTest::mouseClick(bar.afreshButton(), Qt::LeftButton);
    QCOMPARE(retry.size(), 1);
    QCOMPARE(resilient.size(), 1);
    QCOMPARE(afresh.size(), 1);
}

void TestRecoveryBar::refusalHasNoButtons()
{
    QWidget window;
    auto *bar = new RecoveryBar(&window);
    window.show();
    bar->showRefusal(QStringLiteral("Not connected: port \"70000\" is not a number"));
    QVERIFY(bar->isVisible());
    QVERIFY(!bar->retryButton()->isVisible());
    QVERIFY(!bar->resilientButton()->isVisible());
    QVERIFY(!bar->afreshButton()->isVisible());
    QVERIFY(bar->message()->text().contains(QStringLiteral("70000")));
    // A failure after it brings the buttons back.
    bar->showFor(state(ClientState::Failed, QStringLiteral("gone")), false);
    QVERIFY(bar->retryButton()->isVisible());
    QVERIFY(bar->afreshButton()->isVisible());
    bar->showFor(state(ClientState::Connecting), false);
    QVERIFY(!bar->isVisible());
}

QTEST_MAIN(TestRecoveryBar)
#include "tst_recoverybar.moc"
