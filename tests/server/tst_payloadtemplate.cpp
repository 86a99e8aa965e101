// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// PayloadTemplate, the mock server's event data with placeholders: every placeholder expanded,
// anything else kept as written, what it uses reported (a template that names the client cannot
// be shared between clients), and expansion into a reused buffer.
#include "server/payloadtemplate.h"

#include <QTest>

class TestPayloadTemplate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void expands_data();
    void expands();
    void appendsToWhatIsThere();
};

void TestPayloadTemplate::expands_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<bool>("usesClient");
    QTest::addColumn<bool>("usesTime");
    // Values: n 42, t 1732180000000, client 7, id 42.
    QTest::newRow("default") << QByteArray(R"({"n":{{n}},"t":{{t}}})")
                             << QByteArray(R"({"n":42,"t":1732180000000})") << false << true;
    QTest::newRow("every placeholder") << QByteArray("{{n}}|{{t}}|{{client}}|{{id}}")
                                       << QByteArray("42|1732180000000|7|42") << true << true;
    QTest::newRow("twice, back to back")
        << QByteArray("{{n}}{{n}}") << QByteArray("4242") << false << false;
    QTest::newRow("no placeholder")
        << QByteArray("plain text") << QByteArray("plain text") << false << false;
    QTest::newRow("empty") << QByteArray() << QByteArray() << false << false;
    QTest::newRow("unknown names stay") << QByteArray("{{x}} {{N}} {n} {{ n }}")
                                        << QByteArray("{{x}} {{N}} {n} {{ n }}") << false << false;
    QTest::newRow("braces around a placeholder")
        << QByteArray("{{{n}}}") << QByteArray("{42}") << false << false;
    QTest::newRow("unterminated") << QByteArray("a {{n") << QByteArray("a {{n") << false << false;
    QTest::newRow("client only") << QByteArray("c={{client}}") << QByteArray("c=7") << true
                                 << false;
    QTest::newRow("bytes kept as they are") << QByteArray("\xc3\xa9\n\0{{id}}", 10)
                                            << QByteArray("\xc3\xa9\n\0"
                                                          "42",
                                                          6)
                                            << false << false;
}

void TestPayloadTemplate::expands()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, expected);
    QFETCH(bool, usesClient);
    QFETCH(bool, usesTime);
    const PayloadTemplate payload(text);
    QCOMPARE(payload.text(), text);
    QCOMPARE(payload.expanded({42, 1732180000000, 7, 42}), expected);
    QCOMPARE(payload.usesClient(), usesClient);
    QCOMPARE(payload.usesTime(), usesTime);
}

void TestPayloadTemplate::appendsToWhatIsThere()
{
    const PayloadTemplate payload(QByteArrayLiteral("n={{n}} c={{client}}"));
    QByteArray out = "data: ";
    payload.expand(out, {1, 0, 2, 1});
    QCOMPARE(out, QByteArray("data: n=1 c=2"));
    // Reused with its capacity, as the server does for every event.
    out.resize(0);
    const qsizetype capacity = out.capacity();
    payload.expand(out, {-5, 0, 9999999999, 0});
    QCOMPARE(out, QByteArray("n=-5 c=9999999999"));
    QVERIFY(out.capacity() >= capacity);
}

QTEST_GUILESS_MAIN(TestPayloadTemplate)
#include "tst_payloadtemplate.moc"
