// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "sse/jsonpointer.h"

#include <QTest>

#include <cmath>

using Type = JsonPointer::Value::Type;

class tst_JsonPointer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void refused_data();
    void refused();
    void find_data();
    void find();
    void lastOfARepeatedNameCounts();
    void escapedNames();
    void numbers();
    void text();
    void malformedJsonFindsNothing_data();
    void malformedJsonFindsNothing();
    void deepNestingIsBounded();
};

void tst_JsonPointer::parse_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QList<QByteArray>>("tokens");
    QTest::newRow("root") << QString() << QList<QByteArray> {};
    QTest::newRow("one") << QStringLiteral("/n") << QList<QByteArray> {"n"};
    QTest::newRow("path") << QStringLiteral("/choices/0/delta")
                          << QList<QByteArray> {"choices", "0", "delta"};
    QTest::newRow("empty name") << QStringLiteral("/") << QList<QByteArray> {""};
    QTest::newRow("escapes") << QStringLiteral("/a~1b/m~0n/~01")
                             << QList<QByteArray> {"a/b", "m~n", "~1"};
    QTest::newRow("utf-8") << QStringLiteral("/größe") << QList<QByteArray> {"größe"};
}

void tst_JsonPointer::parse()
{
    QFETCH(QString, pointer);
    QFETCH(QList<QByteArray>, tokens);
    JsonPointer parsed;
    QString error;
    QVERIFY2(JsonPointer::parse(pointer, &parsed, &error), qPrintable(error));
    QCOMPARE(parsed.tokens(), tokens);
    QCOMPARE(parsed.toString(), pointer);
    QCOMPARE(parsed.isRoot(), tokens.isEmpty());
}

void tst_JsonPointer::refused_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("reason");
    QTest::newRow("no slash") << QStringLiteral("n") << QStringLiteral("starts with /");
    QTest::newRow("bad tilde") << QStringLiteral("/a~2") << QStringLiteral("~ at 3");
    QTest::newRow("tilde at end") << QStringLiteral("/a~") << QStringLiteral("~ at 3");
}

void tst_JsonPointer::refused()
{
    QFETCH(QString, pointer);
    QFETCH(QString, reason);
    JsonPointer parsed;
    JsonPointer::parse(QStringLiteral("/kept"), &parsed);
    QString error;
    QVERIFY(!JsonPointer::parse(pointer, &parsed, &error));
    QVERIFY2(error.contains(reason), qPrintable(error));
    QCOMPARE(parsed.toString(), QStringLiteral("/kept")); // untouched on failure
}

void tst_JsonPointer::find_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("raw");

    const QByteArray chunk =
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}},"
        "{\"index\":1,\"delta\":{}}],\"usage\":null}";
    QTest::newRow("root") << chunk << QString() << int(Type::Object) << chunk;
    QTest::newRow("string") << chunk << QStringLiteral("/id") << int(Type::String)
                            << QByteArray("\"c1\"");
    QTest::newRow("nested") << chunk << QStringLiteral("/choices/0/delta/content")
                            << int(Type::String) << QByteArray("\"Hi\"");
    QTest::newRow("second element")
        << chunk << QStringLiteral("/choices/1/index") << int(Type::Number) << QByteArray("1");
    QTest::newRow("object") << chunk << QStringLiteral("/choices/1/delta") << int(Type::Object)
                            << QByteArray("{}");
    QTest::newRow("null") << chunk << QStringLiteral("/usage") << int(Type::Null)
                          << QByteArray("null");
    QTest::newRow("past the end") << chunk << QStringLiteral("/choices/2") << int(Type::Missing)
                                  << QByteArray();
    QTest::newRow("dash index") << chunk << QStringLiteral("/choices/-") << int(Type::Missing)
                                << QByteArray();
    QTest::newRow("leading zero") << chunk << QStringLiteral("/choices/01") << int(Type::Missing)
                                  << QByteArray();
    QTest::newRow("no such name") << chunk << QStringLiteral("/model") << int(Type::Missing)
                                  << QByteArray();
    QTest::newRow("into a scalar")
        << chunk << QStringLiteral("/id/x") << int(Type::Missing) << QByteArray();
    QTest::newRow("name on an array")
        << chunk << QStringLiteral("/choices/index") << int(Type::Missing) << QByteArray();
    QTest::newRow("spaces") << QByteArray(" { \"a\" : [ 1 , { \"b\" : true } ] } ")
                            << QStringLiteral("/a/1/b") << int(Type::Bool) << QByteArray("true");
    QTest::newRow("array root") << QByteArray("[10, 20, [30]]") << QStringLiteral("/2/0")
                                << int(Type::Number) << QByteArray("30");
    QTest::newRow("scalar root") << QByteArray(" -1.5e3 ") << QString() << int(Type::Number)
                                 << QByteArray("-1.5e3");
    QTest::newRow("empty name") << QByteArray("{\"\":5}") << QStringLiteral("/")
                                << int(Type::Number) << QByteArray("5");
    QTest::newRow("brackets in strings")
        << QByteArray("{\"a\":\"}]{[\\\"\",\"b\":{\"c\":\"]\"},\"d\":false}")
        << QStringLiteral("/d") << int(Type::Bool) << QByteArray("false");
    QTest::newRow("empty object") << QByteArray("{}") << QStringLiteral("/a") << int(Type::Missing)
                                  << QByteArray();
    QTest::newRow("empty array") << QByteArray("[ ]") << QStringLiteral("/0") << int(Type::Missing)
                                 << QByteArray();
    QTest::newRow("not json") << QByteArray("hello") << QStringLiteral("/a") << int(Type::Missing)
                              << QByteArray();
    QTest::newRow("empty data") << QByteArray() << QString() << int(Type::Missing) << QByteArray();
}

void tst_JsonPointer::find()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, pointer);
    QFETCH(int, type);
    QFETCH(QByteArray, raw);
    JsonPointer parsed;
    QVERIFY(JsonPointer::parse(pointer, &parsed));
    const JsonPointer::Value value = parsed.find(json);
    QCOMPARE(int(value.type), type);
    QCOMPARE(value.raw.toByteArray(), raw);
}

void tst_JsonPointer::lastOfARepeatedNameCounts()
{
    JsonPointer pointer;
    QVERIFY(JsonPointer::parse(u"/a", &pointer));
    QCOMPARE(pointer.find("{\"a\":1,\"b\":2,\"a\":3}").raw, QByteArrayView("3"));
    // The object must close for the last occurrence to be known.
    QVERIFY(pointer.find("{\"a\":1,\"b\":2").isMissing());
}

void tst_JsonPointer::escapedNames()
{
    JsonPointer pointer;
    QVERIFY(JsonPointer::parse(u"/a~1b", &pointer));
    QCOMPARE(pointer.find("{\"a\\/b\":1}").raw, QByteArrayView("1"));
    QCOMPARE(pointer.find("{\"a/b\":2}").raw, QByteArrayView("2"));
    QVERIFY(JsonPointer::parse(u"/é", &pointer));
    QCOMPARE(pointer.find("{\"\\u00e9\":3}").raw, QByteArrayView("3"));
    QCOMPARE(pointer.find("{\"\xc3\xa9\":4}").raw, QByteArrayView("4"));
}

void tst_JsonPointer::numbers()
{
    JsonPointer pointer;
    QVERIFY(JsonPointer::parse(u"/n", &pointer));
    QCOMPARE(pointer.find("{\"n\":42}").number(), 42.0);
    QCOMPARE(pointer.find("{\"n\":-0.25}").number(), -0.25);
    QCOMPARE(pointer.find("{\"n\":1E2}").number(), 100.0);
    QVERIFY(std::isinf(pointer.find("{\"n\":1e999}").number()));
    QVERIFY(std::isnan(pointer.find("{\"n\":\"42\"}").number())); // a string is not a number
    QVERIFY(pointer.find("{\"n\":01}").isMissing());
    QVERIFY(pointer.find("{\"n\":1.}").isMissing());
    QVERIFY(pointer.find("{\"n\":-}").isMissing());
    QVERIFY(pointer.find("{\"n\":.5}").isMissing());
}

void tst_JsonPointer::text()
{
    JsonPointer pointer;
    QVERIFY(JsonPointer::parse(u"/s", &pointer));
    QCOMPARE(pointer.find("{\"s\":\"a\\\"b\\\\c\\nd\\u0041\\ud83d\\ude00\"}").text(),
             QStringLiteral("a\"b\\c\ndA") + QString::fromUtf8("\xf0\x9f\x98\x80"));
    QCOMPARE(pointer.find("{\"s\":\"lone \\ud800!\"}").text(), QStringLiteral("lone \uFFFD!"));
    QCOMPARE(pointer.find("{\"s\":\"bad \\x\"}").text(), QStringLiteral("bad \\x"));
    QCOMPARE(pointer.find("{\"s\":[1, 2]}").text(), QStringLiteral("[1, 2]"));
    QCOMPARE(pointer.find("{\"s\":true}").text(), QStringLiteral("true"));
    QCOMPARE(pointer.find("{\"t\":1}").text(), QString());
}

void tst_JsonPointer::malformedJsonFindsNothing_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("unterminated string") << QByteArray("{\"a\":\"abc");
    QTest::newRow("backslash at end") << QByteArray("{\"a\":\"abc\\");
    QTest::newRow("control char") << QByteArray("{\"a\":\"a\nb\"}");
    QTest::newRow("mismatched") << QByteArray("{\"a\":[1}}");
    QTest::newRow("unclosed") << QByteArray("{\"a\":{\"b\":1}");
    QTest::newRow("no colon") << QByteArray("{\"a\" 1}");
    QTest::newRow("bare name") << QByteArray("{a:1}");
    QTest::newRow("bad literal") << QByteArray("{\"a\":tru}");
    QTest::newRow("trailing comma") << QByteArray("{\"b\":1,}");
}

void tst_JsonPointer::malformedJsonFindsNothing()
{
    QFETCH(QByteArray, json);
    JsonPointer pointer;
    QVERIFY(JsonPointer::parse(u"/a", &pointer));
    QVERIFY(pointer.find(json).isMissing());
}

void tst_JsonPointer::deepNestingIsBounded()
{
    // Nesting to the limit is read; one level past it is not, and neither costs a stack.
    const int limit = JsonPointer::kMaxDepth;
    JsonPointer pointer;
    QVERIFY(JsonPointer::parse(u"/a", &pointer));
    const QByteArray within = "{\"a\":" + QByteArray(limit, '[') + QByteArray(limit, ']') + "}";
    QCOMPARE(pointer.find(within).type, Type::Array);
    const QByteArray beyond =
        "{\"a\":" + QByteArray(limit + 1, '[') + QByteArray(limit + 1, ']') + "}";
    QVERIFY(pointer.find(beyond).isMissing());
    const QByteArray huge = "{\"a\":" + QByteArray(1 << 20, '[');
    QVERIFY(pointer.find(huge).isMissing());
}

QTEST_APPLESS_MAIN(tst_JsonPointer)
#include "tst_jsonpointer.moc"
