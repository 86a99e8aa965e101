// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "check/checkreport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

QString attr(const QXmlStreamAttributes &attributes, const char *key)
{
    return attributes.value(QLatin1String(key)).toString();
}

} // namespace

class TestCheckReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void junitHasTheCommonShape();
    void junitValidatesAgainstTheSchema();
    void ndjsonRecords();
    void exitCodes();

private:
    static CheckFile file();
    static QList<CheckResult> results();
};

CheckFile TestCheckReport::file()
{
    CheckFile f;
    f.path = QStringLiteral("checks/smoke.yaml");
    f.name = QStringLiteral("smoke");
    CheckStream a;
    a.name = QStringLiteral("api");
    CheckStream b;
    b.name = QStringLiteral("mock");
    f.streams = {a, b};
    CheckStep one;
    one.name = QStringLiteral("first");
    CheckStep two;
    f.steps = {one, two};
    return f;
}

QList<CheckResult> TestCheckReport::results()
{
    auto make = [](const QString &stream, int step, int index, CheckResult::Status status,
                   const QString &expectation, const QString &message = {}) {
        CheckResult r;
        r.stream = stream;
        r.step = step;
        r.index = index;
        r.stepLabel = QStringLiteral("step %1").arg(step + 1);
        r.expectation = expectation;
        r.status = status;
        r.message = message;
        r.elapsedMs = 250;
        r.windowMs = 2000;
        r.windowStartMs = step * 2500;
        r.where.line = 7 + index;
        if (!message.isEmpty())
            r.evidence = {QStringLiteral("window: +0 ms to +2000 ms"),
                          QStringLiteral("  +5.0 ms conn 1 event #1 type=<a&b> data=\"x\"")};
        return r;
    };
    using S = CheckResult::Status;
    // In the order they were decided, not the file's.
    return {make(QStringLiteral("api"), 0, 1, S::Failed, QStringLiteral("event type=x"),
                 QStringLiteral("no event type=x in 2000.0 ms")),
            make(QStringLiteral("api"), 0, 0, S::Passed, QStringLiteral("open within 1 s")),
            make(QStringLiteral("mock"), 1, 0, S::Error, QStringLiteral("lost <= 0"),
                 QStringLiteral("stream \"mock\" failed: status 404")),
            make(QStringLiteral("mock"), 1, 1, S::Skipped, QStringLiteral("event id={{n}}"),
                 QStringLiteral("needs {{n}}")),
            make(QStringLiteral("mock"), 1, 2, S::Passed, QStringLiteral("heartbeat every 1 s"))};
}

void TestCheckReport::junitHasTheCommonShape()
{
    const QByteArray xml = CheckReport::junitXml(
        file(), results(), 4321, QDateTime(QDate(2026, 12, 3), QTime(23, 59, 58), Qt::UTC));
    QXmlStreamReader reader(xml);
    int suites = 0;
    int cases = 0;
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    int suiteCases = 0;
    int suiteFailures = 0;
    QStringList order;
    QString caseText;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isEndElement() && reader.name() == u"testsuite") {
            // The suite's counts are those of its cases.
            QCOMPARE(suiteCases, cases);
            QCOMPARE(suiteFailures, failures);
        }
        if (!reader.isStartElement())
            continue;
        const QXmlStreamAttributes a = reader.attributes();
        const QStringView name = reader.name();
        if (name == u"testsuites") {
            QCOMPARE(attr(a, "name"), QStringLiteral("smoke"));
            QCOMPARE(attr(a, "tests"), QStringLiteral("5"));
            QCOMPARE(attr(a, "failures"), QStringLiteral("1"));
            QCOMPARE(attr(a, "errors"), QStringLiteral("1"));
            QCOMPARE(attr(a, "skipped"), QStringLiteral("1"));
            QCOMPARE(attr(a, "time"), QStringLiteral("4.321"));
            QCOMPARE(attr(a, "timestamp"), QStringLiteral("2026-12-03T23:59:58"));
        } else if (name == u"testsuite") {
            ++suites;
            for (const char *key : {"name", "tests", "failures", "errors", "time"})
                QVERIFY2(a.hasAttribute(QLatin1String(key)), key);
            suiteCases = cases + attr(a, "tests").toInt();
            suiteFailures = failures + attr(a, "failures").toInt();
            QCOMPARE(attr(a, "name"),
                     suites == 1 ? QStringLiteral("smoke.api") : QStringLiteral("smoke.mock"));
            // The stream's span, not the sum of its cases (judged side by side in one window).
            QCOMPARE(attr(a, "time"), QStringLiteral("0.250"));
            // When the stream's first window opened, in UTC to the second, and where.
            QCOMPARE(attr(a, "timestamp"),
                     suites == 1 ? QStringLiteral("2026-12-03T23:59:58")
                                 : QStringLiteral("2026-12-04T00:00:00"));
            QVERIFY(!attr(a, "hostname").isEmpty());
        } else if (name == u"testcase") {
            ++cases;
            for (const char *key : {"classname", "name", "time"})
                QVERIFY2(a.hasAttribute(QLatin1String(key)), key);
            QCOMPARE(attr(a, "time"), QStringLiteral("0.250"));
            order.append(attr(a, "name"));
        } else if (name == u"failure" || name == u"error") {
            name == u"failure" ? ++failures : ++errors;
            QVERIFY(!attr(a, "message").isEmpty());
            QVERIFY(!attr(a, "type").isEmpty());
            caseText = reader.readElementText();
            QVERIFY2(caseText.contains(QStringLiteral("type=<a&b>")), qPrintable(caseText));
        } else if (name == u"skipped") {
            ++skipped;
        } else {
            QFAIL(qPrintable(QStringLiteral("unexpected element ") + name.toString()));
        }
    }
    QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
    QCOMPARE(suites, 2);
    QCOMPARE(cases, 5);
    QCOMPARE(failures, 1);
    QCOMPARE(errors, 1);
    QCOMPARE(skipped, 1);
    // File order within a suite, whatever the order of decision.
    QCOMPARE(order.at(0), QStringLiteral("step 1: open within 1 s"));
    QCOMPARE(order.at(1), QStringLiteral("step 1: event type=x"));
}

void TestCheckReport::junitValidatesAgainstTheSchema()
{
    // The format CI readers take (tests/check/data/junit.xsd), checked by libxml2's validator;
    // a report with a case of every status, and one broken on purpose, which must not pass.
    const QString xmllint = QStandardPaths::findExecutable(QStringLiteral("xmllint"));
    if (xmllint.isEmpty())
        QSKIP("xmllint is missing (scripts/dev.sh installs libxml2-utils)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto validates = [&](const QByteArray &xml, QByteArray *output) {
        QFile out(dir.filePath(QStringLiteral("report.xml")));
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        out.write(xml);
        out.close();
        QProcess lint;
        lint.setProcessChannelMode(QProcess::MergedChannels);
        lint.start(xmllint,
                   {QStringLiteral("--noout"), QStringLiteral("--schema"),
                    QStringLiteral(SSEMON_SOURCE_DIR "/tests/check/data/junit.xsd"),
                    out.fileName()});
        if (!lint.waitForFinished(30000))
            return false;
        *output = lint.readAll();
        return lint.exitStatus() == QProcess::NormalExit && lint.exitCode() == 0;
    };
    const QByteArray xml = CheckReport::junitXml(
        file(), results(), 4321, QDateTime(QDate(2026, 12, 3), QTime(9, 5, 0), Qt::UTC));
    QByteArray output;
    QVERIFY2(validates(xml, &output), output.constData());
    // Without its timestamp (a run that never started) it is still valid.
    QVERIFY2(validates(CheckReport::junitXml(file(), results(), 0, QDateTime()), &output),
             output.constData());
    QByteArray broken = xml;
    broken.replace("time=\"4.321\"", "time=\"4,321\"");
    QVERIFY(broken != xml);
    QVERIFY(!validates(broken, &output));
    QVERIFY2(output.contains("time"), output.constData());
}

void TestCheckReport::ndjsonRecords()
{
    const QList<CheckResult> list = results();
    const QByteArray line = CheckReport::jsonRecord(file(), list.at(0));
    QVERIFY(line.endsWith('\n'));
    QCOMPARE(line.count('\n'), 1);
    QJsonParseError error;
    const QJsonObject record = QJsonDocument::fromJson(line, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(record.value(u"kind").toString(), QStringLiteral("expectation"));
    QCOMPARE(record.value(u"stream").toString(), QStringLiteral("api"));
    QCOMPARE(record.value(u"step").toInt(), 1);
    QCOMPARE(record.value(u"step_name").toString(), QStringLiteral("first"));
    QCOMPARE(record.value(u"status").toString(), QStringLiteral("failed"));
    QCOMPARE(record.value(u"expect").toString(), QStringLiteral("event type=x"));
    QCOMPARE(record.value(u"evidence").toArray().size(), 2);
    const QJsonObject summary =
        QJsonDocument::fromJson(CheckReport::jsonSummary(file(), list, 1500)).object();
    QCOMPARE(summary.value(u"kind").toString(), QStringLiteral("check"));
    QCOMPARE(summary.value(u"tests").toInt(), 5);
    QCOMPARE(summary.value(u"passed").toInt(), 2);
    QCOMPARE(summary.value(u"exit").toInt(), 2);
    QCOMPARE(CheckReport::textSummary(file(), list, 1500),
             QByteArray("check smoke: 2 passed, 1 failed, 1 errors, 1 skipped in 1.50 s\n"));
}

void TestCheckReport::exitCodes()
{
    CheckReport::Totals totals;
    totals.passed = 3;
    QCOMPARE(CheckReport::exitCode(totals), 0);
    totals.skipped = 1;
    QCOMPARE(CheckReport::exitCode(totals), 0);
    totals.failed = 1;
    QCOMPARE(CheckReport::exitCode(totals), 1);
    totals.errors = 1;
    QCOMPARE(CheckReport::exitCode(totals), 2);
}

QTEST_GUILESS_MAIN(TestCheckReport)
#include "tst_checkreport.moc"
