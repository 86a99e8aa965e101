// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// OrderedJson: members in the order sent, scalars as sent, pointers to each value, and the
// strict verdict of RFC 8259 on what is JSON.
#include "io/orderedjson.h"

#include <QTest>

class TestOrderedJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keepsOrderAndText();
    void pointersAndValues();
    void strictAsRfc8259_data();
    void strictAsRfc8259();
    void depthIsBounded();
};

void TestOrderedJson::keepsOrderAndText()
{
    const QByteArray json =
        R"({"z":1,"a":{"y":1.0,"b":[true,null,"x\u00e9"]},"big":12345678901234567890,"e":{},"l":[]})";
    OrderedJson root;
    QString error;
    QVERIFY2(OrderedJson::parse(json, &root, &error), qPrintable(error));
    QCOMPARE(root.children.size(), 5);
    QCOMPARE(root.children.at(0).key, QStringLiteral("z")); // not sorted
    QCOMPARE(root.children.at(1).key, QStringLiteral("a"));
    QCOMPARE(root.pretty(2),
             QStringLiteral("{\n"
                            "  \"z\": 1,\n"
                            "  \"a\": {\n"
                            "    \"y\": 1.0,\n"
                            "    \"b\": [\n"
                            "      true,\n"
                            "      null,\n"
                            "      \"x\\u00e9\"\n"
                            "    ]\n"
                            "  },\n"
                            "  \"big\": 12345678901234567890,\n"
                            "  \"e\": {},\n"
                            "  \"l\": []\n"
                            "}"));
}

void TestOrderedJson::pointersAndValues()
{
    const QByteArray json = R"({"a/b":{"m~n":["s\"q\ud83d\ude00",2]},"":0})";
    OrderedJson root;
    QVERIFY(OrderedJson::parse(json, &root));
    const OrderedJson &array = root.children.at(0).children.at(0);
    QCOMPARE(array.pointer, QStringLiteral("/a~1b/m~0n"));
    QCOMPARE(array.type, OrderedJson::Type::Array);
    const OrderedJson &text = array.children.at(0);
    QCOMPARE(text.pointer, QStringLiteral("/a~1b/m~0n/0"));
    QCOMPARE(text.value, QStringLiteral("s\"q") + QString::fromUcs4(U"\U0001F600"));
    QCOMPARE(text.text, QStringLiteral("\"s\\\"q\\ud83d\\ude00\""));
    QCOMPARE(array.children.at(1).value, QStringLiteral("2"));
    QCOMPARE(root.children.at(1).pointer, QStringLiteral("/"));
    QCOMPARE(root.pointer, QString());
}

void TestOrderedJson::strictAsRfc8259_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("valid");
    for (const char *ok : {"{}", "[]", " {\"a\" : [1, -2.5e+3, 0]} \r\n",
                           "[\"\\/\\b\\f\\n\\r\\t\"]", "[0.5, -0, 1E9]",
                           "{\"a\":{\"b\":{\"c\":[[]]}}}", "\"just a string\"", "3", "[0.5e+7890]"})
        QTest::newRow(ok) << QByteArray(ok) << true;
    for (const char *bad :
         {"{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "[01]", "[-]", "[\"unterminated]", "{} []",
          "[tru]", "[1e]", "{1:2}", "[\"\\u12\"]", "",
          // Qt's reader lets these three through; RFC 8259 does not.
          "[1.]", "[\"\\x\"]", "[\"\x01\"]",
          // Not UTF-8 (Qt refuses it too).
          "[\"He\xc2\\\\n\"]", "{\"\xff\":1}", "[\"\\ud800\"]", "[\"\\udc00x\"]", "[\"\\u0\t\t1\"]",
          "[\"\\u+0041\"]"})
        QTest::newRow(bad) << QByteArray(bad) << false;
}

void TestOrderedJson::strictAsRfc8259()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, valid);
    OrderedJson root;
    QString error;
    QCOMPARE(OrderedJson::parse(json, &root, &error), valid);
    if (!valid)
        QVERIFY2(error.contains(QStringLiteral("at byte")), qPrintable(error));
    else
        QVERIFY(error.isEmpty());
}

void TestOrderedJson::depthIsBounded()
{
    const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
    OrderedJson root;
    QString error;
    QVERIFY(!OrderedJson::parse(deep, &root, &error)); // no stack overflow: refused
    QVERIFY2(error.contains(QStringLiteral("nested too deep")), qPrintable(error));
    const QByteArray fine =
        QByteArray(OrderedJson::kMaxDepth, '[') + QByteArray(OrderedJson::kMaxDepth, ']');
    QVERIFY(OrderedJson::parse(fine, &root, &error));
}

QTEST_GUILESS_MAIN(TestOrderedJson)
#include "tst_orderedjson.moc"
