// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The official provider SDKs (npm: openai, @anthropic-ai/sdk, @google/genai and
// @modelcontextprotocol/sdk, pinned in
// tests/interop/node/package-lock.json, installed by scripts/dev.sh) pointed at the mock
// server's presets on 127.0.0.1: each streams (and asks for a whole answer) with the SDK's
// own parsing and accumulation, and must assemble exactly the preset's text, with its usage
// and finish; the provider's errors reach the SDK as the errors it knows. Retries are off in
// the scripts, and nothing leaves loopback.
#include "faults/faultspec.h"
#include "server/mockserver.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

namespace {

// Quotes, a backslash, a newline, a tab and characters beyond ASCII: the JSON of every provider
// must carry them, and every SDK must give them back.
const QByteArray kText = "Hello from the \"mock\" \\ server!\n\tIt streams: caf\xC3\xA9, "
                         "\xE2\x9C\x93 and \xF0\x9F\x99\x82, token by token.";

QString setupHint()
{
    return QStringLiteral("run scripts/dev.sh test (or: npm ci --prefix %1)")
        .arg(QStringLiteral(SSEMON_INTEROP_NODE_DIR));
}

} // namespace

class TestPresetSdks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void assemblesTheText_data();
    void assemblesTheText();
    void errorsReachTheSdk_data();
    void errorsReachTheSdk();
    void mcpSdkSession();
    void mcpSdkResumesCutStream();

private:
    // Runs `node SCRIPT MODE BASE_URL` while the server in this thread serves it; the script's
    // one JSON line, and its exit code.
    QJsonObject runNode(const QString &script, const QString &mode, const QString &baseUrl,
                        int *exitCode);

    QString m_node;
    QDir m_dir;
};

void TestPresetSdks::initTestCase()
{
    m_node = QStandardPaths::findExecutable(QStringLiteral("node"));
    QVERIFY2(!m_node.isEmpty(), qPrintable(QStringLiteral("node is missing: ") + setupHint()));
    m_dir = QDir(QStringLiteral(SSEMON_INTEROP_NODE_DIR));
    for (const char *package :
         {"openai", "@anthropic-ai/sdk", "@google/genai", "@modelcontextprotocol/sdk"}) {
        const QString manifest = m_dir.filePath(
            QStringLiteral("node_modules/%1/package.json").arg(QLatin1String(package)));
        QVERIFY2(QFileInfo::exists(manifest),
                 qPrintable(QStringLiteral("the npm package %1 is not installed in %2: %3")
                                .arg(QLatin1String(package), m_dir.path(), setupHint())));
    }
}

QJsonObject TestPresetSdks::runNode(const QString &script, const QString &mode,
                                    const QString &baseUrl, int *exitCode)
{
    QProcess node;
    node.setWorkingDirectory(m_dir.path());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Loopback only, whatever the machine's proxy settings; no SDK telemetry or keys of the
    // user's.
    for (const char *name : {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                             "all_proxy", "OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY",
                             "ANTHROPIC_BASE_URL", "GEMINI_API_KEY", "GOOGLE_API_KEY"})
        env.remove(QLatin1String(name));
    env.insert(QStringLiteral("NO_PROXY"), QStringLiteral("127.0.0.1,localhost"));
    node.setProcessEnvironment(env);
    node.setProcessChannelMode(QProcess::SeparateChannels);
    QSignalSpy finished(&node, &QProcess::finished);
    node.start(m_node, {m_dir.filePath(script), mode, baseUrl});
    // The server answers from this thread's event loop: wait by turning it.
    if (!finished.wait(60000)) {
        node.kill();
        node.waitForFinished();
        qWarning("node did not finish: %s", node.readAllStandardError().constData());
        *exitCode = -1;
        return {};
    }
    *exitCode = node.exitCode();
    const QByteArray out = node.readAllStandardOutput().trimmed();
    const QByteArray err = node.readAllStandardError();
    if (!err.isEmpty())
        qInfo("node: %s", err.constData());
    const QJsonObject result = QJsonDocument::fromJson(out.split('\n').last()).object();
    if (result.isEmpty())
        qWarning("node printed: %s", out.constData());
    return result;
}

void TestPresetSdks::assemblesTheText_data()
{
    QTest::addColumn<QByteArray>("preset");
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("basePath");
    QTest::addColumn<QString>("finish");
    const QString v1 = QStringLiteral("/v1");
    for (const char *mode : {"chat-stream", "chat-helper", "chat-whole"}) {
        QTest::newRow(QByteArray(QByteArray("openai/") + mode).constData())
            << QByteArray("openai-chat") << QStringLiteral("openai.mjs")
            << QString::fromLatin1(mode) << v1 << QStringLiteral("stop");
    }
    for (const char *mode : {"responses-stream", "responses-helper", "responses-whole"}) {
        QTest::newRow(QByteArray(QByteArray("openai/") + mode).constData())
            << QByteArray("openai-responses") << QStringLiteral("openai.mjs")
            << QString::fromLatin1(mode) << v1 << QStringLiteral("completed");
    }
    for (const char *mode : {"stream", "helper", "whole"}) {
        QTest::newRow(QByteArray(QByteArray("anthropic/") + mode).constData())
            << QByteArray("anthropic") << QStringLiteral("anthropic.mjs")
            << QString::fromLatin1(mode) << QString() << QStringLiteral("end_turn");
    }
    for (const char *mode : {"stream", "whole"}) {
        QTest::newRow(QByteArray(QByteArray("gemini/") + mode).constData())
            << QByteArray("gemini") << QStringLiteral("gemini.mjs") << QString::fromLatin1(mode)
            << QString() << QStringLiteral("STOP");
    }
}

// The SDK assembles exactly the preset's text, with the usage the stream reported.
void TestPresetSdks::assemblesTheText()
{
    QFETCH(QByteArray, preset);
    QFETCH(QString, script);
    QFETCH(QString, mode);
    QFETCH(QString, basePath);
    QFETCH(QString, finish);
    MockServerOptions options;
    // The sockets on the test's thread: this suite is about what the SDKs read (the I/O
    // threads are the mock server suites' and ThreadSanitizer's), and a node child forked
    // beside I/O threads trips ThreadSanitizer's descriptor tracking.
    options.threads = 0;
    options.preset = preset;
    options.presetText = kText;
    options.tokenRate = 500; // paced, so that the SDK reads many small writes
    options.tokenJitterMs = 1;
    MockServer server;
    server.setOptions(options);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    const QString base = QStringLiteral("http://127.0.0.1:%1%2").arg(server.port()).arg(basePath);
    int exitCode = 0;
    const QJsonObject result = runNode(script, mode, base, &exitCode);
    QVERIFY2(exitCode == 0, QJsonDocument(result).toJson().constData());
    QCOMPARE(result.value(u"text").toString().toUtf8(), kText);
    QCOMPARE(result.value(u"finish").toString(), finish);
    const QJsonObject usage = result.value(u"usage").toObject();
    const int input = usage.contains(u"prompt_tokens") ? usage.value(u"prompt_tokens").toInt()
                                                       : usage.value(u"input_tokens").toInt();
    const int output = usage.contains(u"completion_tokens")
        ? usage.value(u"completion_tokens").toInt()
        : usage.value(u"output_tokens").toInt();
    // The scripts ask "Say hello from the mock." (6 tokens as the presets count them).
    QCOMPARE(input, 6);
    QCOMPARE(output, 22);
    if (mode == QLatin1String("chat-whole"))
        QCOMPARE(result.value(u"requestId").toString(), QStringLiteral("req_ssemon1"));
}

void TestPresetSdks::errorsReachTheSdk_data()
{
    QTest::addColumn<QByteArray>("preset");
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("basePath");
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("status"); // of the SDK's error; 0: none (a mid-stream error)
    QTest::addColumn<QString>("says");
    const QString v1 = QStringLiteral("/v1");
    QTest::newRow("openai/429") << QByteArray("openai-chat") << QStringLiteral("openai.mjs")
                                << QStringLiteral("chat-stream") << v1
                                << QStringLiteral("status code=429 retry-after=3") << 429
                                << QStringLiteral("fault injected by ssemon");
    QTest::newRow("openai/error event")
        << QByteArray("openai-chat") << QStringLiteral("openai.mjs")
        << QStringLiteral("chat-stream") << v1 << QStringLiteral("error-event after=4") << 0
        << QStringLiteral("overloaded");
    QTest::newRow("openai-responses/error event")
        << QByteArray("openai-responses") << QStringLiteral("openai.mjs")
        << QStringLiteral("responses-helper") << v1 << QStringLiteral("error-event after=6") << 0
        << QStringLiteral("overloaded");
    QTest::newRow("anthropic/429")
        << QByteArray("anthropic") << QStringLiteral("anthropic.mjs") << QStringLiteral("helper")
        << QString() << QStringLiteral("status code=429 retry-after=3") << 429
        << QStringLiteral("rate_limit_error");
    QTest::newRow("anthropic/overloaded event")
        << QByteArray("anthropic") << QStringLiteral("anthropic.mjs") << QStringLiteral("stream")
        << QString() << QStringLiteral("error-event after=5") << 0 << QStringLiteral("Overloaded");
}

// The provider's errors, as the mock writes them, are the errors the SDK knows: a 429 with its
// Retry-After, an error event mid-stream (the SDK throws rather than returning a short text).
void TestPresetSdks::errorsReachTheSdk()
{
    QFETCH(QByteArray, preset);
    QFETCH(QString, script);
    QFETCH(QString, mode);
    QFETCH(QString, basePath);
    QFETCH(QString, fault);
    QFETCH(int, status);
    QFETCH(QString, says);
    MockServerOptions options;
    // The sockets on the test's thread: this suite is about what the SDKs read (the I/O
    // threads are the mock server suites' and ThreadSanitizer's), and a node child forked
    // beside I/O threads trips ThreadSanitizer's descriptor tracking.
    options.threads = 0;
    options.preset = preset;
    options.presetText = kText;
    options.tokenRate = 0;
    MockServer server;
    server.setOptions(options);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    Fault f;
    QVERIFY2(FaultSpec::parse(fault, &f, &error), qPrintable(error));
    QVERIFY(server.applyFault(f) > 0);
    const QString base = QStringLiteral("http://127.0.0.1:%1%2").arg(server.port()).arg(basePath);
    int exitCode = 0;
    const QJsonObject result = runNode(script, mode, base, &exitCode);
    QCOMPARE(exitCode, 2);
    const QJsonObject sdkError = result.value(u"error").toObject();
    const QString text = QString::fromUtf8(QJsonDocument(sdkError).toJson(QJsonDocument::Compact));
    if (status != 0) {
        QCOMPARE(sdkError.value(u"status").toInt(), status);
        QCOMPARE(sdkError.value(u"retryAfter").toString(), QStringLiteral("3"));
    }
    QVERIFY2(text.contains(says), qPrintable(text));
}

// The MCP SDK's Client over its StreamableHTTPClientTransport: it initializes (the newest
// revision, a session id), lists and calls the tools with exactly the mock's answers, gets
// slow_count's progress, a resource and a prompt, the GET stream's log notifications, ends
// the session with DELETE, after which the session is gone (404).
void TestPresetSdks::mcpSdkSession()
{
    MockServerOptions options;
    options.threads = 0; // as above: the sockets on the test's thread
    options.preset = "mcp";
    options.eventMs = 50; // the GET stream's notifications
    MockServer server;
    server.setOptions(options);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    int exitCode = 0;
    const QJsonObject result = runNode(QStringLiteral("mcp.mjs"), QStringLiteral("session"),
                                       server.url().toString(), &exitCode);
    QVERIFY2(exitCode == 0, QJsonDocument(result).toJson().constData());
    QCOMPARE(result.value(u"protocolVersion").toString(), QStringLiteral("2025-11-25"));
    QCOMPARE(result.value(u"sessionId").toString().size(), 32);
    QCOMPARE(result.value(u"server").toObject().value(u"name").toString(),
             QStringLiteral("ssemon-mock"));
    QCOMPARE(result.value(u"capabilities").toVariant().toStringList(),
             QStringList({QStringLiteral("logging"), QStringLiteral("prompts"),
                          QStringLiteral("resources"), QStringLiteral("tools")}));
    QCOMPARE(
        result.value(u"tools").toVariant().toStringList(),
        QStringList({QStringLiteral("echo"), QStringLiteral("add"), QStringLiteral("slow_count")}));
    QCOMPARE(result.value(u"echo").toString(), QStringLiteral("h\u00e9llo \"mcp\""));
    QCOMPARE(result.value(u"add").toString(), QStringLiteral("42.5"));
    QCOMPARE(result.value(u"addBad").toObject().value(u"isError").toBool(), true);
    QCOMPARE(result.value(u"unknownTool").toObject().value(u"code").toInt(), -32602);
    QCOMPARE(result.value(u"count").toString(), QStringLiteral("counted to 3"));
    QCOMPARE(QJsonDocument(result.value(u"progress").toArray()).toJson(QJsonDocument::Compact),
             QByteArray("[[1,3],[2,3],[3,3]]"));
    QCOMPARE(
        result.value(u"resources").toVariant().toStringList(),
        QStringList({QStringLiteral("ssemon://greeting"), QStringLiteral("ssemon://session")}));
    QCOMPARE(result.value(u"greeting").toString(),
             QStringLiteral("Hello from the ssemon mock MCP server."));
    QCOMPARE(result.value(u"prompt").toString(),
             QStringLiteral("Summarize in one sentence:\n\nSSE"));
    const QJsonArray logs = result.value(u"logs").toArray();
    QCOMPARE(logs.size(), 2);
    QCOMPARE(logs.at(0).toObject().value(u"logger").toString(), QStringLiteral("ssemon-mock"));
    QCOMPARE(logs.at(1).toObject().value(u"n").toInt(),
             logs.at(0).toObject().value(u"n").toInt() + 1);
    QVERIFY(result.value(u"sessionAfterDelete").isNull());
    QCOMPARE(result.value(u"endedStatus").toInt(), 404);
}

// A truncate fault cuts slow_count's stream after its priming event: the
// SDK resumes with GET and Last-Event-ID, and the server replays the rest of that stream
// (never another's), so the call still ends with its result and every progress step once.
void TestPresetSdks::mcpSdkResumesCutStream()
{
    MockServerOptions options;
    options.threads = 0;
    options.preset = "mcp";
    options.eventMs = 0;
    MockServer server;
    server.setOptions(options);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    // The third POST is the tools/call (after initialize and notifications/initialized): its
    // stream is the priming event, 3 progress notifications and the result. The fault, aimed at
    // that connection before its first event leaves, cuts its second event (progress 1).
    int posts = 0;
    QString faultError;
    connect(&server, &MockServer::requestLogged, this, [&](const MockRequestInfo &info) {
        if (info.method != "POST" || ++posts != 3)
            return;
        Fault f;
        if (!FaultSpec::parse(QStringLiteral("truncate after=2 clients=%1").arg(info.client), &f,
                              &faultError)
            || server.applyFault(f, &faultError) <= 0)
            qWarning() << faultError;
    });
    QSignalSpy fired(&server, &MockServer::faultFired);
    int exitCode = 0;
    const QJsonObject result = runNode(QStringLiteral("mcp.mjs"), QStringLiteral("call"),
                                       server.url().toString(), &exitCode);
    QVERIFY2(exitCode == 0, QJsonDocument(result).toJson().constData());
    QCOMPARE(fired.size(), 1);
    QCOMPARE(result.value(u"count").toString(), QStringLiteral("counted to 3"));
    QCOMPARE(QJsonDocument(result.value(u"progress").toArray()).toJson(QJsonDocument::Compact),
             QByteArray("[[1,3],[2,3],[3,3]]"));
}

QTEST_GUILESS_MAIN(TestPresetSdks)
#include "tst_presetsdks.moc"
