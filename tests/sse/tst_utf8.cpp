// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "sse/utf8.h"

#include <QTest>

class TestUtf8 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void repair_data();
    void repair();
    void keepsLeadingBom();
};

void TestUtf8::repair_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray r = "\xEF\xBF\xBD";
    QTest::newRow("ascii") << QByteArray("hello world, long enough for words")
                           << QByteArray("hello world, long enough for words");
    QTest::newRow("valid multibyte") << QByteArray("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80")
                                     << QByteArray("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    QTest::newRow("lone continuation") << QByteArray("a\x80"
                                                     "b")
                                       << QByteArray("a" + r + "b");
    QTest::newRow("overlong C0") << QByteArray("\xC0\xAF") << r + r;
    QTest::newRow("overlong E0") << QByteArray("\xE0\x80\xAF") << r + r + r;
    QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << r + r + r;
    QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << r + r + r + r;
    QTest::newRow("F5 lead") << QByteArray("\xF5") << r;
    QTest::newRow("truncated 3-byte") << QByteArray("\xE2\x82") << r;
    QTest::newRow("truncated then ascii") << QByteArray("\xE2\x82x") << QByteArray(r + "x");
    QTest::newRow("truncated 4-byte") << QByteArray("\xF0\x9F\x98") << r;
    QTest::newRow("invalid after 8 ascii")
        << QByteArray("12345678\xFF") << QByteArray("12345678" + r);
}

void TestUtf8::repair()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QCOMPARE(Utf8::isValid(input), input == expected);
    QCOMPARE(Utf8::sanitized(input), expected);
    QByteArray copy = input;
    Utf8::sanitize(copy);
    QCOMPARE(copy, expected);
    // (QString::fromUtf8 is no reference here: it gives one U+FFFD per byte of a truncated
    // sequence, where the WHATWG decoder gives one for the whole maximal subpart.)
}

void TestUtf8::keepsLeadingBom()
{
    QCOMPARE(Utf8::toString("\xEF\xBB\xBFx"), QStringLiteral("\uFEFFx"));
    QCOMPARE(Utf8::toString("x"), QStringLiteral("x"));
}

QTEST_GUILESS_MAIN(TestUtf8)
#include "tst_utf8.moc"
