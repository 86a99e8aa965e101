// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// DetailPane's byte views on their own: control bytes as markers the installed fonts draw
// (control pictures, else ASCII escapes), and the hex dump.
#include "detailpane.h"

#include <QFontDatabase>
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

QTEST_MAIN(TestDetailPane)
#include "tst_detailpane.moc"
