// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// `ssemon-cli serve --preset mcp` as a real process, watched by `ssemon-cli watch`: the MCP
// lens recognises the initialize exchange (the session id, the answered request, the server),
// a notification POST answered 202 ends the watch cleanly, and the options that do not apply
// to MCP are usage errors.
#include "clirunner.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace CliRunner;

namespace {

const QString kAccept = QStringLiteral("Accept: application/json, text/event-stream");
const QString kInitialize = QStringLiteral(
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
    "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"cli\",\"version\":\"1\"}}}");

QStringList watchPost(const QString &url, const QString &body, const QStringList &more = {})
{
    return QStringList({QStringLiteral("watch"), url, QStringLiteral("-X"), QStringLiteral("POST"),
                        QStringLiteral("-H"), kAccept, QStringLiteral("-H"),
                        QStringLiteral("Content-Type: application/json"), QStringLiteral("-d"),
                        body, QStringLiteral("--no-reconnect"), QStringLiteral("--json")})
        + more;
}

QList<QJsonObject> lensRecords(const QList<QJsonObject> &records, const QString &what)
{
    QList<QJsonObject> found;
    for (const QJsonObject &r : ofKind(records, QStringLiteral("lens"))) {
        if (r.value(QStringLiteral("what")).toString() == what)
            found.append(r);
    }
    return found;
}

} // namespace

class TestCliMcpPreset : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void usageErrors_data();
    void usageErrors();
    void watchReadsTheSession();
};

void TestCliMcpPreset::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("text") << QStringList({QStringLiteral("--preset-text"), QStringLiteral("x")});
    QTest::newRow("rate") << QStringList({QStringLiteral("--token-rate"), QStringLiteral("5")});
    QTest::newRow("jitter") << QStringList({QStringLiteral("--token-jitter"), QStringLiteral("5")});
}

void TestCliMcpPreset::usageErrors()
{
    QFETCH(QStringList, arguments);
    const Result r = run(
        QStringList({QStringLiteral("serve"), QStringLiteral("--preset"), QStringLiteral("mcp")})
        + arguments);
    QCOMPARE(r.exitCode, 64);
    QVERIFY2(r.err.contains("does not apply to --preset mcp"), r.err.constData());
}

// watch POSTs an initialize: the lens says mcp, sees the session id and the answered request;
// a POST of notifications/initialized in that session is answered 202 and ends cleanly.
void TestCliMcpPreset::watchReadsTheSession()
{
    Background serve({QStringLiteral("serve"), QStringLiteral("--preset"), QStringLiteral("mcp"),
                      QStringLiteral("--event-ms"), QStringLiteral("0")});
    QVERIFY(!serve.url().isEmpty());
    QVERIFY2(serve.url().endsWith(QLatin1String("/mcp")), qPrintable(serve.url()));

    const Result r = run(watchPost(serve.url(), kInitialize));
    QCOMPARE(r.exitCode, 0);
    const QList<QJsonObject> recognised = lensRecords(r.records, QStringLiteral("recognised"));
    QCOMPARE(recognised.size(), 1);
    QCOMPARE(recognised.first().value(QStringLiteral("lens")).toString(), QStringLiteral("mcp"));
    const QString session = recognised.first().value(QStringLiteral("session_id")).toString();
    QCOMPARE(session.size(), 32);
    const QList<QJsonObject> rpcs = lensRecords(r.records, QStringLiteral("rpc"));
    QCOMPARE(rpcs.size(), 1);
    QCOMPARE(rpcs.first().value(QStringLiteral("method")).toString(), QStringLiteral("initialize"));
    QCOMPARE(rpcs.first().value(QStringLiteral("state")).toString(), QStringLiteral("result"));
    const QJsonObject summary = r.records.last().value(QStringLiteral("lens")).toObject();
    const QJsonObject mcp = summary.value(QStringLiteral("mcp")).toObject();
    QCOMPARE(mcp.value(QStringLiteral("server_name")).toString(), QStringLiteral("ssemon-mock"));
    QCOMPARE(mcp.value(QStringLiteral("protocol_version")).toString(),
             QStringLiteral("2025-06-18"));
    QCOMPARE(mcp.value(QStringLiteral("pending")).toInt(), 0);
    QVERIFY(summary.value(QStringLiteral("problems")).toArray().isEmpty());

    const Result accepted = run(
        watchPost(serve.url(),
                  QStringLiteral("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                  {QStringLiteral("-H"), QStringLiteral("Mcp-Session-Id: ") + session}));
    QCOMPARE(accepted.exitCode, 0);
    const QList<QJsonObject> states = ofKind(accepted.records, QStringLiteral("state"));
    QVERIFY(!states.isEmpty());
    QCOMPARE(states.last().value(QStringLiteral("state")).toString(), QStringLiteral("closed"));
    QCOMPARE(states.last().value(QStringLiteral("status")).toInt(), 202);
    QVERIFY2(states.last()
                 .value(QStringLiteral("reason"))
                 .toString()
                 .contains(QLatin1String("202 Accepted")),
             accepted.out.constData());

    // The session ended by DELETE: the same notification is now 404, a failure (exit 2).
    const Result removed =
        run({QStringLiteral("watch"), serve.url(), QStringLiteral("-X"), QStringLiteral("DELETE"),
             QStringLiteral("-H"), QStringLiteral("Mcp-Session-Id: ") + session,
             QStringLiteral("--no-reconnect"), QStringLiteral("--json")});
    QCOMPARE(removed.exitCode, 0); // 204
    const Result gone = run(
        watchPost(serve.url(),
                  QStringLiteral("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                  {QStringLiteral("-H"), QStringLiteral("Mcp-Session-Id: ") + session}));
    QCOMPARE(gone.exitCode, 2);
    QCOMPARE(ofKind(gone.records, QStringLiteral("state"))
                 .last()
                 .value(QStringLiteral("status"))
                 .toInt(),
             404);
    QCOMPARE(serve.stop(), 0);
}

QTEST_GUILESS_MAIN(TestCliMcpPreset)
#include "tst_cli_mcppreset.moc"
