// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

// `ssemon-cli check` end to end: the example check file against the embedded mock server and
// its faults, the reports it writes and its exit statuses.
class TestCliCheck : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exampleFilePasses();
    void exitStatuses_data();
    void exitStatuses();
    void interruptedReportsEveryExpectation();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    static Run check(const QStringList &arguments);
    QTemporaryDir m_dir;
};

TestCliCheck::Run TestCliCheck::check(const QStringList &arguments)
{
    QProcess process;
    process.start(QString::fromLocal8Bit(qgetenv("SSEMON_CLI")),
                  QStringList {QStringLiteral("check")} + arguments);
    Run run;
    if (!process.waitForFinished(90000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

void TestCliCheck::exampleFilePasses()
{
    const QString junit = m_dir.filePath(QStringLiteral("report.xml"));
    const Run run =
        check({QStringLiteral(SSEMON_SOURCE_DIR "/resources/check/examples/mock-resume.yaml"),
               QStringLiteral("--junit"), junit, QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, QByteArray(run.out + run.err).constData());
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    QVERIFY(lines.size() > 2);
    int expectations = 0;
    for (const QByteArray &line : lines) {
        const QJsonObject record = QJsonDocument::fromJson(line).object();
        if (record.value(QStringLiteral("kind")).toString() == QStringLiteral("expectation")) {
            ++expectations;
            QCOMPARE(record.value(QStringLiteral("status")).toString(), QStringLiteral("passed"));
        }
    }
    const QJsonObject summary = QJsonDocument::fromJson(lines.last()).object();
    QCOMPARE(summary.value(QStringLiteral("kind")).toString(), QStringLiteral("check"));
    QCOMPARE(summary.value(QStringLiteral("passed")).toInt(), expectations);
    QCOMPARE(summary.value(QStringLiteral("exit")).toInt(), 0);
    QVERIFY(run.err.startsWith("check mock-resume: "));

    QFile file(junit);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    int cases = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement) {
            if (xml.name() == u"testsuites")
                QCOMPARE(xml.attributes().value(QLatin1String("tests")).toInt(), expectations);
            if (xml.name() == u"testcase")
                ++cases;
            QVERIFY(xml.name() != u"failure" && xml.name() != u"error");
        }
    }
    QVERIFY(!xml.hasError());
    QCOMPARE(cases, expectations);
}

void TestCliCheck::exitStatuses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("output");
    QTest::newRow("an expectation failed")
        << QByteArray("streams:\n  s: {mock: {event-ms: 20}}\nsteps:\n  - within: 300ms\n"
                      "    expect: [{event: nope}, {event: {}}]\n")
        << 1 << QByteArray("check c: 1 passed, 1 failed, 0 errors, 0 skipped");
    QTest::newRow("the stream failed")
        << QByteArray("streams:\n  s: {url: 'http://127.0.0.1:1/events', max-reconnects: 0}\n"
                      "steps:\n  - within: 5s\n    expect: [{open: 2s}]\n")
        << 2 << QByteArray("0 passed, 0 failed, 1 errors");
    QTest::newRow("malformed") << QByteArray(
        "streams:\n  s: {mock: {}}\nsteps:\n  - expect: [{evnt: x}]\n")
                               << 64 << QByteArray(":4:15: unknown key \"evnt\"");
}

void TestCliCheck::exitStatuses()
{
    QFETCH(QByteArray, text);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, output);
    const QString path = m_dir.filePath(QStringLiteral("c.yaml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
    file.close();
    const Run run = check({path});
    QCOMPARE(run.exitCode, exitCode);
    const QByteArray all = run.out + run.err;
    QVERIFY2(all.contains(output), all.constData());
}

void TestCliCheck::interruptedReportsEveryExpectation()
{
    const QString path = m_dir.filePath(QStringLiteral("long.yaml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("streams:\n  s: {mock: {event-ms: 20}}\nsteps:\n"
               "  - within: 60s\n    expect: [{event: {}}, {event: never}]\n"
               "  - name: after\n    expect: [{count: 2}, {lost: 0}]\n");
    file.close();
    const QString junit = m_dir.filePath(QStringLiteral("long.xml"));
    QProcess process;
    process.start(QString::fromLocal8Bit(qgetenv("SSEMON_CLI")),
                  {QStringLiteral("check"), path, QStringLiteral("--junit"), junit});
    QVERIFY(process.waitForStarted());
    QByteArray out;
    // The first expectation's verdict: the run is under way, its second one waits.
    QVERIFY(QTest::qWaitFor(
        [&] {
            out += process.readAllStandardOutput();
            return out.contains("PASS");
        },
        20000));
    process.terminate();
    QVERIFY(process.waitForFinished(20000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    out += process.readAllStandardOutput();
    QVERIFY2(out.contains("1 passed, 0 failed, 1 errors, 2 skipped"), out.constData());
    QVERIFY2(out.contains("not run: interrupted before this step"), out.constData());
    QFile report(junit);
    QVERIFY(report.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&report);
    int cases = 0;
    int skipped = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("testcase"))
            ++cases;
        else if (xml.name() == QLatin1String("skipped"))
            ++skipped;
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(cases, 4);
    QCOMPARE(skipped, 2);
}

QTEST_GUILESS_MAIN(TestCliCheck)
#include "tst_cli_check.moc"
