// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "util/jsonwriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <limits>

class TestJsonWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jsonStrings_data();
    void jsonStrings();
    void numbers();
    void members();
};

void TestJsonWriter::jsonStrings_data()
{
    QTest::addColumn<QByteArray>("utf8");
    QTest::newRow("plain") << QByteArray("hello");
    QTest::newRow("quotes and backslash") << QByteArray("say \"hi\" \\ bye");
    QTest::newRow("controls") << QByteArray("a\nb\rc\td\x01"
                                            "e\x1f"
                                            "f\x7f",
                                            12);
    QTest::newRow("NUL") << QByteArray("a\0b", 3);
    QTest::newRow("unicode") << QByteArray("€ 😀 \xEF\xBF\xBD");
    QTest::newRow("empty") << QByteArray("");
    // The vectorised scan works 16 bytes at a time: escapes on and around block edges.
    for (int at : {0, 1, 14, 15, 16, 17, 31, 32, 47}) {
        for (char c : {'"', '\\', '\n', '\x01', '\x1f'}) {
            QByteArray s(50, 'x');
            s[at] = c;
            s[49 - at % 7] = '\t';
            QTest::addRow("escape 0x%02x at %d", int(c), at) << s;
        }
    }
    QTest::newRow("high bytes near escapes")
        << QByteArray("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\\\"\xE2\x82\xAC"
                      "0123456789abcdef\x7f\x20\x1f");
}

void TestJsonWriter::jsonStrings()
{
    QFETCH(QByteArray, utf8);
    QByteArray out = "{\"v\":";
    JsonWriter::appendString(out, QByteArrayView(utf8));
    out += '}';
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(doc.object().value(QStringLiteral("v")).toString(), QString::fromUtf8(utf8));
}

void TestJsonWriter::numbers()
{
    QByteArray out;
    JsonWriter::appendInt(out, 0);
    out += ' ';
    JsonWriter::appendInt(out, -42);
    out += ' ';
    JsonWriter::appendInt(out, std::numeric_limits<qint64>::min());
    out += ' ';
    JsonWriter::appendMillis(out, 1234567);
    out += ' ';
    JsonWriter::appendMillis(out, 5);
    out += ' ';
    JsonWriter::appendDouble(out, 0.2345);
    out += ' ';
    JsonWriter::appendDouble(out, std::nan(""));
    QCOMPARE(out, QByteArray("0 -42 -9223372036854775808 1234.567 0.005 0.235 null"));
}

// An object's members after the first, in the order written, each value in its JSON form; the
// whole reads back as the object meant.
void TestJsonWriter::members()
{
    QByteArray out("{\"kind\":\"x\"");
    JsonWriter::Members(out)
        .integer("n", -3)
        .millis("t_ms", 1500)
        .number("latency_ms", std::nan(""))
        .string("s", "a\"b")
        .text("text", QStringLiteral("é"))
        .stringOrNull("absent", "ignored", false)
        .stringOrNull("present", "v", true)
        .raw("flag", "true");
    out += '}';
    QCOMPARE(out,
             QByteArray("{\"kind\":\"x\",\"n\":-3,\"t_ms\":1.500,\"latency_ms\":null,"
                        "\"s\":\"a\\\"b\",\"text\":\"\xc3\xa9\",\"absent\":null,"
                        "\"present\":\"v\",\"flag\":true}"));
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(object.value(QStringLiteral("s")).toString(), QStringLiteral("a\"b"));
    QVERIFY(object.value(QStringLiteral("absent")).isNull());
}

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
