// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "io/curlcommand.h"

#include <QTest>

class TestCurlCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void split_data();
    void split();
    void splitErrors_data();
    void splitErrors();
    void parseBrowserCopy();
    void parseOptions();
    void protocolOptions();
    void parseErrors_data();
    void parseErrors();
    void roundTrip();
    void shellQuote();
};

void TestCurlCommand::split_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("words");
    QTest::newRow("plain") << QStringLiteral("curl  -N http://x/e")
                           << QStringList {QStringLiteral("curl"), QStringLiteral("-N"),
                                           QStringLiteral("http://x/e")};
    QTest::newRow("single quotes")
        << QStringLiteral("-H 'A: b \"c\" $d'")
        << QStringList {QStringLiteral("-H"), QStringLiteral("A: b \"c\" $d")};
    QTest::newRow("double quotes")
        << QStringLiteral(R"(-d "{\"a\":\"b\\\\c\"}")")
        << QStringList {QStringLiteral("-d"), QStringLiteral(R"({"a":"b\\c"})")};
    QTest::newRow("continuations")
        << QStringLiteral("curl \\\n  -N \\\r\n  url")
        << QStringList {QStringLiteral("curl"), QStringLiteral("-N"), QStringLiteral("url")};
    QTest::newRow("cmd continuation")
        << QStringLiteral("curl ^\n url")
        << QStringList {QStringLiteral("curl"), QStringLiteral("url")};
    QTest::newRow("ansi-c") << QStringLiteral(R"($'line1\nit\'s')")
                            << QStringList {QStringLiteral("line1\nit's")};
    QTest::newRow("adjacent") << QStringLiteral(R"(a'b'"c"\ d)")
                              << QStringList {QStringLiteral("abc d")};
    QTest::newRow("empty quoted") << QStringLiteral("-d ''")
                                  << QStringList {QStringLiteral("-d"), QString()};
}

void TestCurlCommand::split()
{
    QFETCH(QString, command);
    QFETCH(QStringList, words);
    QStringList actual;
    QString error;
    QVERIFY2(CurlCommand::split(command, &actual, &error), qPrintable(error));
    QCOMPARE(actual, words);
}

void TestCurlCommand::splitErrors_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("single") << QStringLiteral("curl 'abc");
    QTest::newRow("double") << QStringLiteral("curl \"abc");
    QTest::newRow("ansi") << QStringLiteral("curl $'abc");
}

void TestCurlCommand::splitErrors()
{
    QFETCH(QString, command);
    QStringList words;
    QString error;
    QVERIFY(!CurlCommand::split(command, &words, &error));
    QVERIFY(error.contains(QStringLiteral("unterminated")));
}

void TestCurlCommand::parseBrowserCopy()
{
    // As a browser's "Copy as cURL" and an LLM API's documentation write them.
    const QString command = QStringLiteral("curl 'https://api.example.org/v1/chat?stream=true' \\\n"
                                           "  -H 'accept: text/event-stream' \\\n"
                                           "  -H 'authorization: Bearer sk-123' \\\n"
                                           "  -H 'content-type: application/json' \\\n"
                                           "  -H 'Last-Event-ID: 41' \\\n"
                                           "  --data-raw '{\"model\":\"m\",\"stream\":true}' \\\n"
                                           "  --compressed -sN");
    SseClientOptions options;
    QStringList warnings;
    QString error;
    QVERIFY2(CurlCommand::parse(command, SseClientOptions(), &options, &warnings, &error),
             qPrintable(error));
    QCOMPARE(options.url, QUrl(QStringLiteral("https://api.example.org/v1/chat?stream=true")));
    QCOMPARE(options.method, QByteArray("POST")); // a body makes it a POST
    QCOMPARE(options.headers.size(), 2); // Accept and Last-Event-ID are ssemon's own
    QCOMPARE(options.headers.at(0).first, QByteArray("authorization"));
    QCOMPARE(options.headers.at(0).second, QByteArray("Bearer sk-123"));
    QCOMPARE(options.lastEventId, QByteArray("41"));
    QCOMPARE(options.body, QByteArray(R"({"model":"m","stream":true})"));
    QVERIFY(options.compression);
    QVERIFY(warnings.isEmpty());
    QCOMPARE(options.transport, SseClientOptions::Transport::Auto);
}

// curl's protocol choices map onto the transports, and back.
void TestCurlCommand::protocolOptions()
{
    SseClientOptions o;
    QString error;
    QVERIFY2(CurlCommand::parse(QStringLiteral("curl --http2-prior-knowledge http://h:81/s"),
                                SseClientOptions(), &o, nullptr, &error),
             qPrintable(error));
    QVERIFY(o.http2PriorKnowledge);
    QCOMPARE(o.transport, SseClientOptions::Transport::Auto);
    QVERIFY(CurlCommand::toCurl(o).contains(QStringLiteral("--http2-prior-knowledge")));

    QVERIFY2(CurlCommand::parse(QStringLiteral("curl --http1.1 https://h/s"), SseClientOptions(),
                                &o, nullptr, &error),
             qPrintable(error));
    QCOMPARE(o.transport, SseClientOptions::Transport::Wire);
    QVERIFY(!o.http2PriorKnowledge);
    QVERIFY(CurlCommand::toCurl(o).contains(QStringLiteral("--http1.1")));

    SseClientOptions plain;
    plain.url = QUrl(QStringLiteral("https://h/s"));
    QVERIFY(!CurlCommand::toCurl(plain).contains(QStringLiteral("--http")));
}

void TestCurlCommand::parseOptions()
{
    SseClientOptions base;
    base.retryMs = 777; // what curl does not say stays
    SseClientOptions o;
    QStringList warnings;
    QString error;
    QVERIFY2(CurlCommand::parse(QStringLiteral("curl -X put -u alice:s3cret -k --cacert ca.pem "
                                               "-x socks5://127.0.0.1:1080 -HX-A:1 --json "
                                               "'{\"a\":1}' --max-time 5 --frobnicate "
                                               "--url=http://h:81/s"),
                                base, &o, &warnings, &error),
             qPrintable(error));
    QCOMPARE(o.method, QByteArray("PUT"));
    QCOMPARE(o.url, QUrl(QStringLiteral("http://h:81/s")));
    QCOMPARE(o.retryMs, 777);
    QVERIFY(o.ignoreSslErrors);
    QCOMPARE(o.caFile, QStringLiteral("ca.pem"));
    QCOMPARE(o.proxyMode, SseClientOptions::ProxyMode::Explicit);
    QCOMPARE(o.proxyUrl, QUrl(QStringLiteral("socks5://127.0.0.1:1080")));
    QCOMPARE(o.body, QByteArray(R"({"a":1})"));
    auto header = [&o](const QByteArray &name) {
        for (const auto &h : o.headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return QByteArray("<absent>");
    };
    QCOMPARE(header("Authorization"), "Basic " + QByteArray("alice:s3cret").toBase64());
    QCOMPARE(header("X-A"), QByteArray("1"));
    QCOMPARE(header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(warnings.size(), 2); // --max-time 5 and --frobnicate, said, not fatal
    QVERIFY(warnings.join(QLatin1Char(' ')).contains(QStringLiteral("--frobnicate")));

    // Repeated -d are joined with & as curl does; -G keeps GET.
    QVERIFY(CurlCommand::parse(QStringLiteral("curl -G -d a=1 -d b=2 http://h/"), base, &o));
    QCOMPARE(o.body, QByteArray("a=1&b=2"));
    QCOMPARE(o.method, QByteArray("GET"));
    QVERIFY(CurlCommand::parse(QStringLiteral("curl --noproxy '*' http://h/"), base, &o));
    QCOMPARE(o.proxyMode, SseClientOptions::ProxyMode::None);
}

void TestCurlCommand::parseErrors_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QStringLiteral("curl") << QStringLiteral("no curl command");
    QTest::newRow("no url") << QStringLiteral("curl -N -H 'A: b'") << QStringLiteral("no URL");
    QTest::newRow("two urls") << QStringLiteral("curl http://a/ http://b/")
                              << QStringLiteral("more than one URL");
    QTest::newRow("missing value")
        << QStringLiteral("curl http://a/ -H") << QStringLiteral("-H needs a value");
    QTest::newRow("bad header") << QStringLiteral("curl -H nocolon http://a/")
                                << QStringLiteral("not a header");
    QTest::newRow("body file") << QStringLiteral("curl -d @body.json http://a/")
                               << QStringLiteral("reads a file");
    QTest::newRow("quote") << QStringLiteral("curl 'http://a/") << QStringLiteral("unterminated");
}

void TestCurlCommand::parseErrors()
{
    QFETCH(QString, command);
    QFETCH(QString, error);
    SseClientOptions o;
    QString message;
    QVERIFY(!CurlCommand::parse(command, SseClientOptions(), &o, nullptr, &message));
    QVERIFY2(message.contains(error), qPrintable(message));
}

void TestCurlCommand::roundTrip()
{
    SseClientOptions in;
    in.url = QUrl(QStringLiteral("https://h.example/v1/stream?q=a b&x='y'"));
    in.method = "POST";
    in.headers = {{"Authorization", "Bearer it's"}, {"X-Unicode", "Grüße"}};
    in.body = "{\"prompt\":\"don't \\\"quote\\\" me\"}\nline2";
    in.lastEventId = "id 7";
    in.ignoreSslErrors = true;
    in.caFile = QStringLiteral("/etc/my ca.pem");
    in.proxyMode = SseClientOptions::ProxyMode::Explicit;
    in.proxyUrl = QUrl(QStringLiteral("http://proxy:3128"));
    const QString command = CurlCommand::toCurl(in);
    QVERIFY(command.startsWith(QStringLiteral("curl -N -X POST -H 'Accept: text/event-stream'")));
    SseClientOptions out;
    QString error;
    QVERIFY2(CurlCommand::parse(command, SseClientOptions(), &out, nullptr, &error),
             qPrintable(error));
    QCOMPARE(out.url, in.url);
    QCOMPARE(out.method, in.method);
    QCOMPARE(out.headers, in.headers);
    QCOMPARE(out.body, in.body);
    QCOMPARE(out.lastEventId, in.lastEventId);
    QCOMPARE(out.ignoreSslErrors, true);
    QCOMPARE(out.caFile, in.caFile);
    QCOMPARE(out.proxyUrl, in.proxyUrl);

    SseClientOptions get;
    get.url = QUrl(QStringLiteral("http://127.0.0.1:8080/events"));
    QCOMPARE(CurlCommand::toCurl(get),
             QStringLiteral("curl -N -H 'Accept: text/event-stream' http://127.0.0.1:8080/events"));
}

void TestCurlCommand::shellQuote()
{
    QCOMPARE(CurlCommand::shellQuote(QStringLiteral("abc-1.2/x:y")), QStringLiteral("abc-1.2/x:y"));
    QCOMPARE(CurlCommand::shellQuote(QStringLiteral("a b")), QStringLiteral("'a b'"));
    QCOMPARE(CurlCommand::shellQuote(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
    QCOMPARE(CurlCommand::shellQuote(QString()), QStringLiteral("''"));
    QCOMPARE(CurlCommand::shellQuote(QStringLiteral("$HOME")), QStringLiteral("'$HOME'"));
}

QTEST_GUILESS_MAIN(TestCurlCommand)
#include "tst_curlcommand.moc"
