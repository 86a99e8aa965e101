// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// `ssemon-cli serve --preset` as a real process: a bad preset or option is a usage error (64)
// that says what is wrong, --help lists the presets, and `watch --text` (the lens) assembles a
// preset's answer from a file, through a fault given on the command line.
#include "clirunner.h"

#include <QTemporaryDir>
#include <QTest>

using namespace CliRunner;

class TestCliPresets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void usageErrors_data();
    void usageErrors();
    void helpListsPresets();
    void watchAssemblesThePresetAnswer_data();
    void watchAssemblesThePresetAnswer();
};

void TestCliPresets::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("says");
    QTest::newRow("unknown preset")
        << QStringList({QStringLiteral("--preset"), QStringLiteral("openai")})
        << QStringLiteral("--preset \"openai\" is not a preset (known: openai-chat, "
                          "openai-responses, anthropic, gemini, mcp)");
    QTest::newRow("rate without preset")
        << QStringList({QStringLiteral("--token-rate"), QStringLiteral("5")})
        << QStringLiteral("--token-rate needs --preset");
    QTest::newRow("rate not a number")
        << QStringList({QStringLiteral("--preset"), QStringLiteral("anthropic"),
                        QStringLiteral("--token-rate"), QStringLiteral("fast")})
        << QStringLiteral("--token-rate is a number of tokens a second");
    QTest::newRow("negative jitter")
        << QStringList({QStringLiteral("--preset"), QStringLiteral("gemini"),
                        QStringLiteral("--token-jitter"), QStringLiteral("-3")})
        << QStringLiteral("--token-jitter");
    QTest::newRow("text and file") << QStringList(
        {QStringLiteral("--preset"), QStringLiteral("gemini"), QStringLiteral("--preset-text"),
         QStringLiteral("a"), QStringLiteral("--preset-text-file"), QStringLiteral("/dev/null")})
                                   << QStringLiteral("exclude each other");
    QTest::newRow("missing file") << QStringList(
        {QStringLiteral("--preset"), QStringLiteral("openai-chat"),
         QStringLiteral("--preset-text-file"), QStringLiteral("/nonexistent/answer.txt")})
                                  << QStringLiteral("cannot read \"/nonexistent/answer.txt\"");
}

void TestCliPresets::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, says);
    const Result r = run(QStringList({QStringLiteral("serve")}) + arguments);
    QCOMPARE(r.exitCode, 64);
    QVERIFY2(QString::fromUtf8(r.err).contains(says), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

void TestCliPresets::helpListsPresets()
{
    const Result r = run({QStringLiteral("serve"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    for (const char *text :
         {"--preset <name>", "openai-chat", "openai-responses", "anthropic", "gemini", "mcp",
          "--preset-text-file", "--token-rate", "--token-jitter", "error-event", "not-json"})
        QVERIFY2(r.out.contains(text), text);
}

void TestCliPresets::watchAssemblesThePresetAnswer_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("body");
    QTest::newRow("openai-chat")
        << QStringLiteral("openai-chat") << QStringLiteral("/v1/chat/completions")
        << QStringLiteral(R"({"stream":true,"messages":[{"role":"user","content":"Hi"}]})");
    QTest::newRow("anthropic") << QStringLiteral("anthropic") << QStringLiteral("/v1/messages")
                               << QStringLiteral(R"({"model":"claude-x","max_tokens":64,)"
                                                 R"("stream":true,"messages":[{"role":"user",)"
                                                 R"("content":"Hi"}]})");
}

// The listening line names the preset's endpoint; `watch --text` prints exactly the answer
// (from the file, {{prompt}} replaced); a duplicate fault on the command line repeats a token.
void TestCliPresets::watchAssemblesThePresetAnswer()
{
    QFETCH(QString, preset);
    QFETCH(QString, path);
    QFETCH(QString, body);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("answer.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("You said {{prompt}}; caf\xC3\xA9 \xE2\x9C\x93.");
    file.close();
    Background serve(
        {QStringLiteral("serve"), QStringLiteral("--preset"), preset,
         QStringLiteral("--preset-text-file"), file.fileName(), QStringLiteral("--token-rate"),
         QStringLiteral("200"), QStringLiteral("--fault"),
         QStringLiteral("duplicate after=%1").arg(preset == QLatin1String("anthropic") ? 5 : 3)});
    QVERIFY(!serve.url().isEmpty());
    QVERIFY2(serve.url().endsWith(path), qPrintable(serve.url()));
    const Result r = run({QStringLiteral("watch"), serve.url(), QStringLiteral("-d"), body,
                          QStringLiteral("--text"), QStringLiteral("--no-reconnect")});
    QCOMPARE(r.exitCode, 0);
    // Tokens: "You", " said", " Hi", ";", ...: the fault sent the second token twice.
    QCOMPARE(QString::fromUtf8(r.out), QStringLiteral("You said said Hi; caf\u00e9 \u2713."));
    QVERIFY2(!r.err.contains("problem"), r.err.constData());
    serve.stop();
}

QTEST_GUILESS_MAIN(TestCliPresets)
#include "tst_cli_presets.moc"
