// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// DetailPane's byte views on their own: control bytes as markers the installed fonts draw
// (control pictures, else ASCII escapes), the hex dump, and the JSON tree.
#include "detailpane.h"
#include "io/orderedjson.h"
#include "jsontree.h"

#include <QAction>
#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTest>

class TestDetailPane : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void markers_data();
    void markers();
    void fontsDrawSeesMissingGlyphs();
    void markersAreOnesTheFontsDraw();
    void hexDump();
    void jsonTreeInOrder();
    void jsonTreeCopies();
    void jsonTreeBounded();
};

void TestDetailPane::markers_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("symbols");
    QTest::addColumn<QString>("ascii");
    QTest::newRow("CRLF") << QByteArray("data: a\r\n") << QStringLiteral("data: a\u240D\u240A\n")
                          << QStringLiteral("data: a\\r\\n\n");
    QTest::newRow("NUL, TAB, ESC, DEL")
        << QByteArray("a\0b\tc\x1b\x7f", 7) << QStringLiteral("a\u2400b\u2409c\u241B\u2421")
        << QStringLiteral("a\\0b\\tc\\x1b\\x7f");
    QTest::newRow("UTF-8 kept, invalid as U+FFFD")
        << QByteArray("\xc3\xa9\xff") << QStringLiteral("\u00e9\uFFFD")
        << QStringLiteral("\u00e9\uFFFD");
}

void TestDetailPane::markers()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, symbols);
    QFETCH(QString, ascii);
    QCOMPARE(DetailPane::visibleBytes(bytes, DetailPane::Markers::Symbols), symbols);
    QCOMPARE(DetailPane::visibleBytes(bytes, DetailPane::Markers::Ascii), ascii);
}

void TestDetailPane::fontsDrawSeesMissingGlyphs()
{
    const QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QVERIFY(DetailPane::fontsDraw(font, QStringLiteral("data: abc")));
    // A private-use character of plane 16: no font draws it.
    QVERIFY(!DetailPane::fontsDraw(font, QString::fromUcs4(U"a\U0010FFFDb")));
}

void TestDetailPane::markersAreOnesTheFontsDraw()
{
    DetailPane pane;
    const QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const bool pictures = DetailPane::fontsDraw(font, QStringLiteral("\u240D\u240A"));
    QCOMPARE(pane.markers(), pictures ? DetailPane::Markers::Symbols : DetailPane::Markers::Ascii);
    QVERIFY(DetailPane::fontsDraw(font, DetailPane::visibleBytes("x\r\n", pane.markers())));
}

void TestDetailPane::hexDump()
{
    QByteArray bytes("data: {\"n\":1}\r\n\r\n");
    bytes.append('\0');
    const QString dump = DetailPane::hexDump(bytes);
    const QStringList lines = dump.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0),
             QStringLiteral("00000000  64 61 74 61 3a 20 7b 22  6e 22 3a 31 7d 0d 0a 0d  "
                            "|data: {\"n\":1}...|"));
    QCOMPARE(lines.at(1),
             QStringLiteral("00000010  0a 00                                             |..|"));
    QCOMPARE(DetailPane::hexDump(QByteArray()), QString());
}

void TestDetailPane::jsonTreeInOrder()
{
    OrderedJson json;
    QVERIFY(
        OrderedJson::parse(R"({"z":1,"a":{"id":12345678901234567890,"list":["x",true]}})", &json));
    JsonTree tree;
    tree.showJson(json);
    QCOMPARE(tree.topLevelItemCount(), 1);
    QTreeWidgetItem *root = tree.topLevelItem(0);
    QCOMPARE(root->text(1), QStringLiteral("{2 members}"));
    QCOMPARE(root->child(0)->text(0), QStringLiteral("z")); // as sent, not sorted
    QCOMPARE(root->child(1)->text(0), QStringLiteral("a"));
    QTreeWidgetItem *id = root->child(1)->child(0);
    QCOMPARE(id->text(1), QStringLiteral("12345678901234567890")); // every digit kept
    QTreeWidgetItem *list = root->child(1)->child(1);
    QCOMPARE(list->text(1), QStringLiteral("[2 items]"));
    QCOMPARE(list->child(0)->text(0), QStringLiteral("0"));
    QCOMPARE(list->child(0)->text(1), QStringLiteral("\"x\""));
    QVERIFY(root->isExpanded() && root->child(1)->isExpanded());
}

void TestDetailPane::jsonTreeCopies()
{
    OrderedJson json;
    QVERIFY(OrderedJson::parse(R"({"choices":[{"delta":{"content":"Hel\nlo"}}]})", &json));
    JsonTree tree;
    tree.showJson(json);
    QTreeWidgetItem *content = tree.topLevelItem(0)->child(0)->child(0)->child(0)->child(0);
    tree.setCurrentItem(content);
    QSignalSpy copied(&tree, &JsonTree::copied);
    const QList<QAction *> actions = tree.actions();
    QCOMPARE(actions.size(), 3);
    actions.at(0)->trigger(); // Copy value: the string decoded
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("Hel\nlo"));
    actions.at(1)->trigger(); // Copy path
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("/choices/0/delta/content"));
    QCOMPARE(copied.size(), 2);
    QCOMPARE(copied.at(1).at(0).toString(), QStringLiteral("path"));
    // Show as a column: the same path, for the event table.
    QSignalSpy column(&tree, &JsonTree::columnRequested);
    actions.at(2)->trigger();
    QCOMPARE(column.size(), 1);
    QCOMPARE(column.at(0).at(0).toString(), QStringLiteral("/choices/0/delta/content"));
    // A container's value is its JSON.
    tree.setCurrentItem(tree.topLevelItem(0)->child(0)->child(0));
    actions.at(0)->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral("{\n  \"delta\": {\n    \"content\": \"Hel\\nlo\"\n  }\n}"));
}

void TestDetailPane::jsonTreeBounded()
{
    QByteArray big = "[";
    for (int i = 0; i < JsonTree::kMaxNodes + 500; ++i)
        big += (i ? "," : "") + QByteArray::number(i);
    big += "]";
    OrderedJson json;
    QVERIFY(OrderedJson::parse(big, &json));
    JsonTree tree;
    tree.showJson(json);
    QTreeWidgetItem *root = tree.topLevelItem(0);
    QCOMPARE(root->childCount(), JsonTree::kMaxNodes); // the root and kMaxNodes - 1, then "…"
    QCOMPARE(root->child(root->childCount() - 1)->text(0), QStringLiteral("…"));
}

QTEST_MAIN(TestDetailPane)
#include "tst_detailpane.moc"
