// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// `ssemon-cli doctor`, end to end: usage errors (exit 64 before any request), a healthy
// `serve` (exit 0, no finding, text and JSON), one without ids (exit 1, the finding in the
// JSON), a URL nothing listens on (exit 2, the report says why), and the --html page (written
// beside the text report; a path that cannot be written is a usage error before any request).
#include "clirunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

using namespace CliRunner;

QStringList serveArgs(const QStringList &extra)
{
    return QStringList {QStringLiteral("serve"), QStringLiteral("--port"),
                        QStringLiteral("0"),     QStringLiteral("--heartbeat-ms"),
                        QStringLiteral("100"),   QStringLiteral("--event-ms"),
                        QStringLiteral("100")}
    + extra;
}

QJsonObject report(const Result &result)
{
    return QJsonDocument::fromJson(result.out).object();
}

} // namespace

class TestCliDoctor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void usageErrors_data();
    void usageErrors();
    void healthy();
    void findingsExitOne();
    void nothingListens();
    void htmlReport();
};

void TestCliDoctor::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no url") << QStringList() << QStringLiteral("needs the URL");
    QTest::newRow("two urls") << QStringList {QStringLiteral("http://a/"),
                                              QStringLiteral("http://b/")}
                              << QStringLiteral("takes one URL");
    QTest::newRow("bad url") << QStringList {QStringLiteral("ftp://x/")} << QStringLiteral("ftp");
    QTest::newRow("quick and budget")
        << QStringList {QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--quick"),
                        QStringLiteral("--budget"), QStringLiteral("5")}
        << QStringLiteral("--quick and --budget cannot be used together");
    QTest::newRow("budget too short")
        << QStringList {QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--budget"),
                        QStringLiteral("0.5")}
        << QStringLiteral("--budget takes 1 to 3600 seconds");
    QTest::newRow("bad header") << QStringList {QStringLiteral("http://127.0.0.1:1/"),
                                                QStringLiteral("-H"), QStringLiteral("nocolon")}
                                << QStringLiteral("nocolon");
    QTest::newRow("bad transport")
        << QStringList {QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--transport"),
                        QStringLiteral("carrier-pigeon")}
        << QStringLiteral("is not auto, qnam or wire");
    QTest::newRow("html in a missing folder")
        << QStringList {QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("--html"),
                        QStringLiteral("/nonexistent-ssemon-folder/report.html")}
        << QStringLiteral("--html /nonexistent-ssemon-folder/report.html: ");
    QTest::newRow("html is a folder") << QStringList {QStringLiteral("http://127.0.0.1:1/"),
                                                      QStringLiteral("--html"), QDir::tempPath()}
                                      << QStringLiteral("--html %1: ").arg(QDir::tempPath());
}

void TestCliDoctor::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Result r = run(QStringList {QStringLiteral("doctor")} + arguments);
    QCOMPARE(r.exitCode, 64);
    QVERIFY2(QString::fromUtf8(r.err).contains(message, Qt::CaseInsensitive), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

void TestCliDoctor::healthy()
{
    Background serve(serveArgs({}));
    QVERIFY(!serve.url().isEmpty());
    const Result text = runAsync(
        {QStringLiteral("doctor"), serve.url(), QStringLiteral("--budget"), QStringLiteral("2")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains("No findings"), text.out.constData());
    QVERIFY(text.out.contains("Coverage"));
    // Not a terminal: no progress line.
    QVERIFY2(!text.err.contains("\r"), text.err.constData());

    const Result json = runAsync({QStringLiteral("doctor"), serve.url(), QStringLiteral("--budget"),
                                  QStringLiteral("2"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject o = report(json);
    QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("doctor"));
    QCOMPARE(o.value(QStringLiteral("worst")).toString(), QStringLiteral("none"));
    QCOMPARE(o.value(QStringLiteral("budget_ms")).toInt(), 2000);
    QVERIFY(o.value(QStringLiteral("findings")).toArray().isEmpty());
    QStringList probes;
    for (const QJsonValue &c : o.value(QStringLiteral("coverage")).toArray())
        probes.append(c.toObject().value(QStringLiteral("probe")).toString());
    QCOMPARE(
        probes,
        QStringList({QStringLiteral("headers"), QStringLiteral("buffering"),
                     QStringLiteral("heartbeats"), QStringLiteral("lifetime"),
                     QStringLiteral("resume"), QStringLiteral("end"), QStringLiteral("cors")}));
}

void TestCliDoctor::findingsExitOne()
{
    Background serve(serveArgs({QStringLiteral("--no-ids")}));
    QVERIFY(!serve.url().isEmpty());
    const Result r = runAsync({QStringLiteral("doctor"), serve.url(), QStringLiteral("--budget"),
                               QStringLiteral("2"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    const QJsonArray findings = report(r).value(QStringLiteral("findings")).toArray();
    QStringList ids;
    for (const QJsonValue &f : findings)
        ids.append(f.toObject().value(QStringLiteral("id")).toString());
    QVERIFY2(ids.contains(QStringLiteral("resume.no-ids")), qPrintable(ids.join(QLatin1Char(' '))));
}

void TestCliDoctor::nothingListens()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const Result r =
        run({QStringLiteral("doctor"), QStringLiteral("http://127.0.0.1:%1/events").arg(port),
             QStringLiteral("--budget"), QStringLiteral("5")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.contains("response.failed"), r.out.constData());
    QVERIFY2(r.out.contains("connection refused"), r.out.constData());
}

void TestCliDoctor::htmlReport()
{
    Background serve(serveArgs({}));
    QVERIFY(!serve.url().isEmpty());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("report.html"));
    const Result r = runAsync({QStringLiteral("doctor"), serve.url(), QStringLiteral("--budget"),
                               QStringLiteral("2"), QStringLiteral("--html"), path});
    QCOMPARE(r.exitCode, 0);
    // The text report still goes to stdout.
    QVERIFY2(r.out.contains("No findings"), r.out.constData());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray page = file.readAll();
    QVERIFY(page.startsWith("<!DOCTYPE html>"));
    QVERIFY(page.endsWith("</html>\n"));
    QVERIFY(page.contains(serve.url().toHtmlEscaped().toUtf8()));
    QVERIFY(page.contains("Healthy"));
    // The three plots, drawn: the stream opened, events and heartbeats arrived, it reconnected.
    QCOMPARE(page.count("<svg "), 3);
    QVERIFY(!page.contains("Nothing to plot"));
    QVERIFY(!page.contains("<script"));
    // Only the files asked for: the page, and no temporary file of its writing left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {QStringLiteral("report.html")});
}

QTEST_GUILESS_MAIN(TestCliDoctor)
#include "tst_cli_doctor.moc"
