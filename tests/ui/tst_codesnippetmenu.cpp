// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "connectiontab.h"
#include "io/codesnippet.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

namespace {

QAction *menuAction(ConnectionTab *tab, const QString &text)
{
    auto *button = tab->findChild<QToolButton *>(QStringLiteral("curl"));
    if (!button || !button->menu())
        return nullptr;
    for (QAction *action : button->menu()->actions()) {
        if (action->text() == text)
            return action;
    }
    return nullptr;
}

} // namespace

class TestCodeSnippetMenu : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void menuLists();
    void copiesJavaScript();
    void copiesPython();
};

void TestCodeSnippetMenu::menuLists()
{
    ConnectionTab tab;
    auto *button = tab.findChild<QToolButton *>(QStringLiteral("curl"));
    QVERIFY(button);
    QCOMPARE(button->text(), QStringLiteral("Code"));
    QVERIFY(button->toolTip().contains(QStringLiteral("Python")));
    QStringList texts;
    for (const QAction *action : button->menu()->actions())
        texts << action->text();
    const QStringList expected {
        QStringLiteral("Import from a curl command…"),
        QStringLiteral("Copy as curl, variables resolved"),
        QStringLiteral("Copy as JavaScript (EventSource / fetch), variables resolved"),
        QStringLiteral("Copy as Python (httpx), variables resolved")};
    QCOMPARE(texts, expected);
}

void TestCodeSnippetMenu::copiesJavaScript()
{
    ConnectionTab tab;
    QSignalSpy notices(&tab, &ConnectionTab::notice);
    QAction *copy = menuAction(
        &tab, QStringLiteral("Copy as JavaScript (EventSource / fetch), variables resolved"));
    QVERIFY(copy);

    // A plain GET: EventSource.
    tab.urlField()->setText(QStringLiteral("http://127.0.0.1:9/events"));
    copy->trigger();
    QString copied = QGuiApplication::clipboard()->text();
    QVERIFY2(copied.contains(QStringLiteral("new EventSource(\"http://127.0.0.1:9/events\")")),
             qPrintable(copied));
    QCOMPARE(notices.size(), 1);
    QCOMPARE(notices.takeFirst().first().toString(),
             QStringLiteral("Copied the request as JavaScript (%1 characters)").arg(copied.size()));

    // What the editor holds goes in, not what the tab last connected with.
    QString error;
    QVERIFY2(tab.importCurl(QStringLiteral("curl -H 'X-Api-Key: k\"1' --data-raw '{\"q\":1}' "
                                           "http://127.0.0.1:9/chat"),
                            &error),
             qPrintable(error));
    copy->trigger();
    copied = QGuiApplication::clipboard()->text();
    QCOMPARE(copied, CodeSnippet::make(CodeSnippet::Language::JavaScript, tab.options()));
    QVERIFY2(copied.contains(QStringLiteral("await fetch(\"http://127.0.0.1:9/chat\"")),
             qPrintable(copied));
    QVERIFY(copied.contains(QStringLiteral(R"("X-Api-Key": "k\"1",)")));
    QCOMPARE(notices.size(), 1);
    QCOMPARE(notices.takeFirst().first().toString(),
             QStringLiteral("Copied the request as JavaScript (%1 characters)").arg(copied.size()));
}

void TestCodeSnippetMenu::copiesPython()
{
    ConnectionTab tab;
    QSignalSpy notices(&tab, &ConnectionTab::notice);
    QString error;
    QVERIFY2(tab.importCurl(QStringLiteral("curl -k -u alice:s3cret -x http://proxy:3128 "
                                           "http://127.0.0.1:9/events"),
                            &error),
             qPrintable(error));
    QAction *copy = menuAction(&tab, QStringLiteral("Copy as Python (httpx), variables resolved"));
    QVERIFY(copy);
    copy->trigger();
    const QString copied = QGuiApplication::clipboard()->text();
    QCOMPARE(copied, CodeSnippet::make(CodeSnippet::Language::Python, tab.options()));
    QVERIFY2(copied.contains(QStringLiteral("httpx.stream(")), qPrintable(copied));
    // The secret as typed, as "Copy as curl" has it.
    QVERIFY(copied.contains(QStringLiteral("auth=(\"alice\", \"s3cret\")")));
    QVERIFY(copied.contains(QStringLiteral("verify=False")));
    QVERIFY(copied.contains(QStringLiteral("proxy=\"http://proxy:3128\"")));
    QCOMPARE(notices.size(), 1);
    QCOMPARE(notices.first().first().toString(),
             QStringLiteral("Copied the request as Python (%1 characters)").arg(copied.size()));
}

QTEST_MAIN(TestCodeSnippetMenu)
#include "tst_codesnippetmenu.moc"
