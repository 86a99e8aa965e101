// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// {{variable}} references: what is a reference and what stays text, resolution, what is
// missing, bounds; RequestTemplate: a whole request resolved (URL, header names and values,
// Basic credentials, body) and the URL's password read and replaced as text.
#include "io/requesttemplate.h"
#include "io/templatevariables.h"

#include <QTest>

class TestTemplateVariables : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resolve_data();
    void resolve();
    void resolveSplitNowhere();
    void missing();
    void references();
    void validNames_data();
    void validNames();
    void onlyReferences_data();
    void onlyReferences();
    void longInputs();
    void tooLarge();
    void requestResolved();
    void requestMissing();
    void requestUrlAfterResolution();
    void urlPassword_data();
    void urlPassword();
};

namespace {

const TemplateVariables::Map kValues = {
    {QStringLiteral("base"), QStringLiteral("http://127.0.0.1:8080")},
    {QStringLiteral("token"), QStringLiteral("s3cr3t")},
    {QStringLiteral("a"), QStringLiteral("A")},
    {QStringLiteral("api.v2-key_"), QStringLiteral("K")},
    {QStringLiteral("empty"), QString()},
    {QStringLiteral("self"), QStringLiteral("{{token}}")},
    {QStringLiteral("uni"), QStringLiteral("é✓")},
};

} // namespace

void TestTemplateVariables::resolve_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("none") << QByteArray("plain text") << QByteArray("plain text");
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("one") << QByteArray("{{base}}/events")
                         << QByteArray("http://127.0.0.1:8080/events");
    QTest::newRow("twice") << QByteArray("{{a}}-{{a}}") << QByteArray("A-A");
    QTest::newRow("blanks") << QByteArray("x{{ token }}y{{\ta\t}}") << QByteArray("xs3cr3tyA");
    QTest::newRow("name characters") << QByteArray("{{api.v2-key_}}") << QByteArray("K");
    QTest::newRow("empty value") << QByteArray("[{{empty}}]") << QByteArray("[]");
    QTest::newRow("utf-8 value") << QByteArray("{{uni}}") << QStringLiteral("é✓").toUtf8();
    QTest::newRow("not resolved again") << QByteArray("{{self}}") << QByteArray("{{token}}");
    QTest::newRow("unclosed") << QByteArray("{{token") << QByteArray("{{token");
    QTest::newRow("unclosed then closed") << QByteArray("{{ {{a}}") << QByteArray("{{ A");
    QTest::newRow("single braces") << QByteArray("{a} {{a}") << QByteArray("{a} {{a}");
    QTest::newRow("triple braces") << QByteArray("{{{a}}}") << QByteArray("{A}");
    QTest::newRow("nested") << QByteArray("{{ {{a}} }}") << QByteArray("{{ A }}");
    QTest::newRow("space inside name") << QByteArray("{{to ken}}") << QByteArray("{{to ken}}");
    QTest::newRow("line break") << QByteArray("{{\na}}") << QByteArray("{{\na}}");
    QTest::newRow("digit first") << QByteArray("{{1a}}") << QByteArray("{{1a}}");
    QTest::newRow("empty reference") << QByteArray("{{}}") << QByteArray("{{}}");
    QTest::newRow("json body") << QByteArray(R"({"model":"x","auth":"{{token}}","o":{"p":{}}})")
                               << QByteArray(R"({"model":"x","auth":"s3cr3t","o":{"p":{}}})");
    QTest::newRow("escaped") << QByteArray(R"(\{{token}} {{token}})")
                             << QByteArray("{{token}} s3cr3t");
    QTest::newRow("lone backslash") << QByteArray(R"(a\b\{c)") << QByteArray(R"(a\b\{c)");
    QTest::newRow("brace at end") << QByteArray("x{") << QByteArray("x{");
    QTest::newRow("braces at end") << QByteArray("x{{") << QByteArray("x{{");
    QTest::newRow("one closing brace") << QByteArray("{{a}") << QByteArray("{{a}");
}

void TestTemplateVariables::resolve()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, expected);
    const TemplateVariables::Result result = TemplateVariables::resolve(text, kValues);
    QVERIFY(result.ok());
    QCOMPARE(result.text, expected);
}

void TestTemplateVariables::resolveSplitNowhere()
{
    // The same text resolved whole and as two texts cut at every offset differs only where a
    // reference was cut: a cut reference is text in both halves, never half resolved.
    const QByteArray text("a{{token}}b");
    for (int cut = 0; cut <= text.size(); ++cut) {
        const QByteArray halves = TemplateVariables::resolve(text.left(cut), kValues).text
            + TemplateVariables::resolve(text.mid(cut), kValues).text;
        if (cut <= 1 || cut >= 10)
            QCOMPARE(halves, QByteArray("as3cr3tb"));
        else
            QCOMPARE(halves, text);
    }
}

void TestTemplateVariables::missing()
{
    const TemplateVariables::Result result =
        TemplateVariables::resolve("{{nope}}/{{a}}/{{ nope }}/{{other}}", kValues);
    QVERIFY(!result.ok());
    QCOMPARE(result.missing, (QStringList {QStringLiteral("nope"), QStringLiteral("other")}));
    // What is missing stays as written, never an empty string.
    QCOMPARE(result.text, QByteArray("{{nope}}/A/{{ nope }}/{{other}}"));
}

void TestTemplateVariables::references()
{
    QCOMPARE(TemplateVariables::references(QStringLiteral("{{b}}{{a}}{{ b }}\\{{c}} {{d")),
             (QStringList {QStringLiteral("b"), QStringLiteral("a")}));
    QVERIFY(!TemplateVariables::hasReferences(QStringLiteral("{{ }} {x}")));
    QVERIFY(TemplateVariables::hasReferences(QByteArray("x {{y}}")));
}

void TestTemplateVariables::validNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("simple") << QStringLiteral("token") << true;
    QTest::newRow("underscore first") << QStringLiteral("_x") << true;
    QTest::newRow("dots and dashes") << QStringLiteral("api.v2-key") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("digit first") << QStringLiteral("2fa") << false;
    QTest::newRow("space") << QStringLiteral("my token") << false;
    QTest::newRow("brace") << QStringLiteral("a}") << false;
    QTest::newRow("non-ascii") << QStringLiteral("clé") << false;
    QTest::newRow("longest") << QString(TemplateVariables::kMaxNameLength, QLatin1Char('n'))
                             << true;
    QTest::newRow("too long") << QString(TemplateVariables::kMaxNameLength + 1, QLatin1Char('n'))
                              << false;
}

void TestTemplateVariables::validNames()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QString why;
    QCOMPARE(TemplateVariables::isValidName(name, &why), valid);
    QCOMPARE(why.isEmpty(), valid);
    // A valid name is also what a reference reads.
    if (valid) {
        const QByteArray text = "{{" + name.toLatin1() + "}}";
        QCOMPARE(TemplateVariables::references(text), QStringList {name});
    }
}

void TestTemplateVariables::onlyReferences_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("only");
    QTest::newRow("reference") << QByteArray("{{token}}") << true;
    QTest::newRow("scheme and reference") << QByteArray("Bearer {{token}}") << true;
    QTest::newRow("two references") << QByteArray("{{user}} {{pass}}") << true;
    QTest::newRow("literal") << QByteArray("Bearer abc") << false;
    QTest::newRow("literal and reference") << QByteArray("sk-abc{{x}}") << false;
    QTest::newRow("word glued to reference") << QByteArray("abc{{x}}") << false;
    QTest::newRow("reference then literal") << QByteArray("{{x}}abc") << false;
    QTest::newRow("two words") << QByteArray("Bearer x {{t}}") << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("escaped") << QByteArray(R"(\{{x}})") << false;
}

void TestTemplateVariables::onlyReferences()
{
    QFETCH(QByteArray, value);
    QFETCH(bool, only);
    QCOMPARE(TemplateVariables::isOnlyReferences(value), only);
}

void TestTemplateVariables::longInputs()
{
    // Long runs of what looks like a reference are read once each: no quadratic rescans.
    const QByteArray braces(4 * 1024 * 1024, '{');
    QCOMPARE(TemplateVariables::resolve(braces, kValues).text, braces);
    const QByteArray blanks =
        "{{" + QByteArray(1024 * 1024, ' ') + "a" + QByteArray(100, ' ') + "}}";
    QCOMPARE(TemplateVariables::resolve(blanks, kValues).text, QByteArray("A"));
    QByteArray many;
    for (int i = 0; i < 200000; ++i)
        many += "{{a}}";
    const TemplateVariables::Result result = TemplateVariables::resolve(many, kValues);
    QVERIFY(result.ok());
    QCOMPARE(result.text, QByteArray(200000, 'A'));
    // A name past the limit is text, however long.
    const QByteArray longName = "{{" + QByteArray(100000, 'x') + "}}";
    QCOMPARE(TemplateVariables::resolve(longName, kValues).text, longName);
}

void TestTemplateVariables::tooLarge()
{
    const TemplateVariables::Map big = {
        {QStringLiteral("big"), QString(1024 * 1024, QLatin1Char('x'))}};
    QByteArray text;
    for (int i = 0; i < 17; ++i)
        text += "{{big}}";
    const TemplateVariables::Result result = TemplateVariables::resolve(text, big);
    QVERIFY(result.tooLarge);
    QVERIFY(!result.ok());
    QVERIFY(result.text.isEmpty());
    QVERIFY(TemplateVariables::resolve(text.left(7 * 16), big).ok());
}

void TestTemplateVariables::requestResolved()
{
    RequestTemplate request;
    request.url = QStringLiteral("  {{base}}/events?key={{token}} ");
    request.options.method = "POST";
    request.options.headers = {{"Authorization", "Bearer {{token}}"},
                               {"X-{{a}}", "plain"},
                               {"Authorization", "Basic " + QByteArray("me:{{token}}").toBase64()},
                               {"Cookie", "Basic-looking but not base64 {{a}}"}};
    request.options.body = R"({"key":"{{token}}"})";
    QCOMPARE(request.variables(),
             (QStringList {QStringLiteral("base"), QStringLiteral("token"), QStringLiteral("a")}));
    SseClientOptions resolved;
    QString error;
    QVERIFY2(request.resolve(kValues, &resolved, &error), qPrintable(error));
    QCOMPARE(resolved.url, QUrl(QStringLiteral("http://127.0.0.1:8080/events?key=s3cr3t")));
    QCOMPARE(resolved.method, QByteArray("POST"));
    QCOMPARE(resolved.headers.at(0).second, QByteArray("Bearer s3cr3t"));
    QCOMPARE(resolved.headers.at(1).first, QByteArray("X-A"));
    QCOMPARE(resolved.headers.at(2).second, "Basic " + QByteArray("me:s3cr3t").toBase64());
    QCOMPARE(resolved.headers.at(3).second, QByteArray("Basic-looking but not base64 A"));
    QCOMPARE(resolved.body, QByteArray(R"({"key":"s3cr3t"})"));
    // The template itself is not touched.
    QCOMPARE(request.options.body, QByteArray(R"({"key":"{{token}}"})"));
}

void TestTemplateVariables::requestMissing()
{
    RequestTemplate request;
    request.url = QStringLiteral("{{host}}/events");
    request.options.headers = {{"Authorization", "Bearer {{token}}"}, {"X-Id", "{{id}}"}};
    SseClientOptions resolved;
    resolved.method = "UNTOUCHED";
    QString error;
    QStringList missing;
    QVERIFY(!request.resolve(kValues, &resolved, &error, &missing));
    QCOMPARE(missing, (QStringList {QStringLiteral("host"), QStringLiteral("id")}));
    QCOMPARE(error, QStringLiteral("undefined variables {{host}}, {{id}}"));
    QCOMPARE(resolved.method, QByteArray("UNTOUCHED"));
    request.options.headers.removeLast();
    QVERIFY(!request.resolve({}, &resolved, &error));
    QCOMPARE(error, QStringLiteral("undefined variables {{host}}, {{token}}"));
    request.options.headers.clear();
    QVERIFY(!request.resolve({}, &resolved, &error));
    QCOMPARE(error, QStringLiteral("undefined variable {{host}}"));
}

void TestTemplateVariables::requestUrlAfterResolution()
{
    RequestTemplate request;
    request.url = QStringLiteral("http://{{host}}:99999/x");
    SseClientOptions resolved;
    QString error;
    QVERIFY(!request.resolve({{QStringLiteral("host"), QStringLiteral("example.test")}}, &resolved,
                             &error));
    QVERIFY2(error.startsWith(QStringLiteral(
                 "with its variables resolved the URL is http://example.test:99999/x: ")),
             qPrintable(error));
    // Without references the reason is parseUrl's own.
    request.url = QStringLiteral("http://example.test:99999/x");
    QString plain;
    QVERIFY(!request.resolve({}, &resolved, &plain));
    QVERIFY(!plain.startsWith(QStringLiteral("with its variables")));
    // A URL as typed, scheme assumed, as the request bar reads it.
    request.url = QStringLiteral("{{a}}.example.test/e");
    QVERIFY(request.resolve(kValues, &resolved, &error));
    QCOMPARE(resolved.url, QUrl(QStringLiteral("http://A.example.test/e")));
}

void TestTemplateVariables::urlPassword_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("without");
    QTest::newRow("none") << QStringLiteral("http://host/p") << QString()
                          << QStringLiteral("http://host/p");
    QTest::newRow("user only") << QStringLiteral("http://me@host/p") << QString()
                               << QStringLiteral("http://me@host/p");
    QTest::newRow("user and password")
        << QStringLiteral("https://me:pw@host:1/p?q=a@b") << QStringLiteral("pw")
        << QStringLiteral("https://me@host:1/p?q=a@b");
    QTest::newRow("template") << QStringLiteral("http://me:p:w@{{host}}/e") << QStringLiteral("p:w")
                              << QStringLiteral("http://me@{{host}}/e");
    QTest::newRow("no scheme") << QStringLiteral("me:pw@host") << QString()
                               << QStringLiteral("me:pw@host");
    QTest::newRow("at in path only")
        << QStringLiteral("http://host/a:b@c") << QString() << QStringLiteral("http://host/a:b@c");
}

void TestTemplateVariables::urlPassword()
{
    QFETCH(QString, url);
    QFETCH(QString, password);
    QFETCH(QString, without);
    QCOMPARE(RequestTemplate::urlPassword(url), password);
    QCOMPARE(RequestTemplate::withUrlPassword(url, QString()), without);
    if (!password.isEmpty())
        QCOMPARE(RequestTemplate::withUrlPassword(without, password), url);
}

QTEST_GUILESS_MAIN(TestTemplateVariables)
#include "tst_templatevariables.moc"
