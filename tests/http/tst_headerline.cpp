// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "http/headerline.h"

#include <QTest>

class TestHeaderLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void formatRoundTrips();
};

void TestHeaderLine::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("error"); // how it starts; empty: accepted
    QTest::newRow("plain") << "X-Api-Key: k1" << QByteArray("X-Api-Key") << QByteArray("k1")
                           << QString();
    QTest::newRow("no space") << "A:b" << QByteArray("A") << QByteArray("b") << QString();
    QTest::newRow("spaces around")
        << "  A  :   b c  " << QByteArray("A") << QByteArray("b c") << QString();
    QTest::newRow("colon in value") << "Authorization: Bearer a:b" << QByteArray("Authorization")
                                    << QByteArray("Bearer a:b") << QString();
    QTest::newRow("empty value") << "X-Empty:" << QByteArray("X-Empty") << QByteArray()
                                 << QString();
    QTest::newRow("UTF-8 value") << QStringLiteral("X-Name: Jos\u00e9") << QByteArray("X-Name")
                                 << QByteArray("Jos\xc3\xa9") << QString();
    QTest::newRow("no colon") << "NoColon" << QByteArray() << QByteArray()
                              << "header \"NoColon\" is not of the form";
    QTest::newRow("empty name") << ": v" << QByteArray() << QByteArray()
                                << "header \": v\" is not of the form";
    QTest::newRow("space in name")
        << "X Api: 1" << QByteArray() << QByteArray() << "header name \"X Api\" has characters";
    QTest::newRow("non-ASCII name")
        << QStringLiteral("X-\u00e9: 1") << QByteArray() << QByteArray() << "header name";
    QTest::newRow("CRLF in value") << "X-A: 1\r\nX-B: 2" << QByteArray() << QByteArray()
                                   << "header \"X-A\" has a line break or NUL";
    QTest::newRow("LF in value") << "X-A: 1\n2" << QByteArray() << QByteArray()
                                 << "header \"X-A\" has a line break";
    QTest::newRow("NUL in value") << QStringLiteral("X-A: 1") + QChar(0) + QStringLiteral("2")
                                  << QByteArray() << QByteArray() << "header \"X-A\" has a line";
}

void TestHeaderLine::parse()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(QString, error);
    QPair<QByteArray, QByteArray> header;
    QString message;
    const bool ok = HeaderLine::parse(text, &header, &message);
    QCOMPARE(ok, error.isEmpty());
    if (ok) {
        QCOMPARE(header.first, name);
        QCOMPARE(header.second, value);
        QVERIFY(message.isEmpty());
    } else {
        QVERIFY2(message.startsWith(error), qPrintable(message));
    }
}

void TestHeaderLine::formatRoundTrips()
{
    const QPair<QByteArray, QByteArray> header {"Last-Event-ID", "42: x"};
    QPair<QByteArray, QByteArray> back;
    QString error;
    QVERIFY(HeaderLine::parse(HeaderLine::format(header), &back, &error));
    QCOMPARE(back, header);
}

QTEST_GUILESS_MAIN(TestHeaderLine)
#include "tst_headerline.moc"
