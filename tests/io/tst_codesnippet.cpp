// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "io/codesnippet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using Language = CodeSnippet::Language;

Q_DECLARE_METATYPE(CodeSnippet::Language)
Q_DECLARE_METATYPE(SseClientOptions)

namespace {

SseClientOptions get(const char *url = "http://127.0.0.1:8080/events")
{
    SseClientOptions options;
    options.url = QUrl(QString::fromUtf8(url));
    return options;
}

// Everything that must be escaped, in every place that takes text.
SseClientOptions awkward()
{
    SseClientOptions options;
    options.url = QUrl(QStringLiteral("https://example.org/s?q=%22x%22&path=a%5Cb&t=caf%C3%A9"));
    options.method = QByteArrayLiteral("POST");
    options.headers = {
        {QByteArrayLiteral("X-Quote"), QByteArrayLiteral(R"(a "b" \c)")},
        {QByteArrayLiteral("X-Text"), QStringLiteral("café ✓ 😀").toUtf8()},
        {QByteArrayLiteral("X-Script"), QByteArrayLiteral("</script>")},
        {QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer t0k\"en")},
    };
    options.body = QStringLiteral("{\"q\": \"a\\nb\"}\nline 2\ttab \u2028 café 😀 \\ end").toUtf8();
    options.lastEventId = QByteArrayLiteral("41");
    return options;
}

QString interpreter(Language language)
{
    return QStandardPaths::findExecutable(language == Language::Python ? QStringLiteral("python3")
                                                                       : QStringLiteral("node"));
}

bool run(const QString &program, const QStringList &arguments, const QString &input,
         QByteArray *out, QString *error)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(10000)) {
        *error = process.errorString();
        return false;
    }
    process.write(input.toUtf8());
    process.closeWriteChannel();
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        *error = QStringLiteral("timed out");
        return false;
    }
    *out = process.readAllStandardOutput();
    *error = QString::fromUtf8(process.readAllStandardError());
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

// The snippet run with a stand-in for httpx (and ssl) that records the call and answers with a
// few events: what it sends and what it prints, as JSON.
const char kPythonHarness[] = R"PY(
import contextlib, io, json, sys, types

calls = []

def to_hex(value):
    # httpx encodes a str header as ASCII and refuses anything else.
    return (value.encode("ascii") if isinstance(value, str) else bytes(value)).hex()

class Response:
    def raise_for_status(self):
        pass
    def iter_lines(self):
        # Older httpx keeps each line's end, newer strips it.
        yield from ["data: a\n", "data: a2", "\n", ": comment", "event: update\r\n", "data: b\u00e9",
                    "data:c", "id: 7", "", "data: d", ""]

class Stream:
    def __enter__(self):
        return Response()
    def __exit__(self, *exc):
        return False

def stream(method, url, **kwargs):
    call = {"method": method, "url": url}
    call["headers"] = [[to_hex(k), to_hex(v)] for k, v in kwargs.pop("headers").items()]
    if "content" in kwargs:
        content = kwargs.pop("content")
        call["content"] = (content.encode() if isinstance(content, str) else content).hex()
    for key, value in kwargs.items():
        call[key] = list(value) if isinstance(value, tuple) else value
    calls.append(call)
    return Stream()

httpx = types.ModuleType("httpx")
httpx.stream = stream
ssl = types.ModuleType("ssl")
ssl.create_default_context = lambda cafile=None: {"cafile": cafile}
sys.modules["httpx"] = httpx
sys.modules["ssl"] = ssl
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    exec(compile(sys.stdin.read(), "snippet.py", "exec"), {"__name__": "__main__"})
print(json.dumps({"calls": calls, "printed": printed.getvalue()}))
)PY";

// The same for JavaScript: fetch() and EventSource stand-ins; the stream comes in chunks that
// split a CRLF, a field name and a UTF-8 sequence.
const char kNodeHarness[] = R"JS(
const code = require("fs").readFileSync(0, "utf8");
const calls = [];
const logs = [];
const chunks = ["data: a\r", "\ndata: a2\r\n\r\n: comment\nevent: up", "date\ndata: b", [0xc3],
                [0xa9, 0x0a], "data:c\nid: 7\n\n", "data: d\n\n"];
globalThis.fetch = async (url, init) => {
  const body = init.body === undefined ? null
    : typeof init.body === "string" ? { text: init.body } : { bytes: Array.from(init.body) };
  calls.push({ fetch: url, init: { ...init, body } });
  const encoder = new TextEncoder();
  return { ok: true, status: 200, body: new ReadableStream({ start(controller) {
    for (const chunk of chunks)
      controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : new Uint8Array(chunk));
    controller.close();
  } }) };
};
globalThis.EventSource = class {
  constructor(url, init) { calls.push({ eventSource: url, init: init === undefined ? null : init }); }
  addEventListener() {}
};
console.log = (...args) => logs.push(args);
console.error = (...args) => logs.push(["error", String(args[0])]);
process.on("exit", () => process.stdout.write(JSON.stringify({ calls, logs })));
new Function(code)();
)JS";

bool runSnippet(Language language, const QString &snippet, QJsonObject *result, QString *error)
{
    const QString program = interpreter(language);
    const QStringList arguments = language == Language::Python
        ? QStringList {QStringLiteral("-c"), QString::fromUtf8(kPythonHarness)}
        : QStringList {QStringLiteral("-e"), QString::fromUtf8(kNodeHarness)};
    QByteArray out;
    if (!run(program, arguments, snippet, &out, error))
        return false;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(out, &parseError);
    if (!document.isObject()) {
        *error = parseError.errorString() + QStringLiteral(": ") + QString::fromUtf8(out);
        return false;
    }
    *result = document.object();
    return true;
}

QString hex(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex());
}

// What httpx was asked to send, name -> value, as hex.
QMap<QString, QString> pythonHeaders(const QJsonObject &call)
{
    QMap<QString, QString> headers;
    for (const QJsonValue &pair : call.value(QStringLiteral("headers")).toArray()) {
        headers.insert(
            QString::fromLatin1(QByteArray::fromHex(pair.toArray().at(0).toString().toLatin1())),
            pair.toArray().at(1).toString());
    }
    return headers;
}

} // namespace

class TestCodeSnippet : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void names();
    void getUsesEventSource();
    void obstaclesUseFetch_data();
    void obstaclesUseFetch();
    void postUsesFetchWithReason();
    void browserLimits();
    void lastEventId();
    void basicAuth();
    void urlCredentials();
    void stringLiteral_data();
    void stringLiteral();
    void bytesLiteral();
    void escapingInSnippets();
    void pythonTlsAndProxy();
    void syntax_data();
    void syntax();
    void pythonRuns();
    void javaScriptRuns();
    void eventSourceRuns();
    void binaryBodyRuns();
};

void TestCodeSnippet::names()
{
    QCOMPARE(CodeSnippet::name(Language::JavaScript), QStringLiteral("JavaScript"));
    QCOMPARE(CodeSnippet::name(Language::Python), QStringLiteral("Python"));
    QCOMPARE(CodeSnippet::library(Language::JavaScript), QStringLiteral("EventSource / fetch"));
    QCOMPARE(CodeSnippet::library(Language::Python), QStringLiteral("httpx"));
}

void TestCodeSnippet::getUsesEventSource()
{
    SseClientOptions options = get();
    QVERIFY(CodeSnippet::eventSourceObstacles(options).isEmpty());
    QString js = CodeSnippet::make(Language::JavaScript, options);
    QVERIFY2(js.contains(QStringLiteral(
                 "const source = new EventSource(\"http://127.0.0.1:8080/events\");\n")),
             qPrintable(js));
    QVERIFY(js.contains(QStringLiteral("source.onmessage = ")));
    QVERIFY(js.contains(QStringLiteral("addEventListener(")));
    QVERIFY(!js.contains(QStringLiteral("fetch(")));

    // Kept cookies: the credentials mode that sends and stores them across origins.
    options.cookies = true;
    js = CodeSnippet::make(Language::JavaScript, options);
    QVERIFY2(js.contains(QStringLiteral("new EventSource(\"http://127.0.0.1:8080/events\", "
                                        "{ withCredentials: true });")),
             qPrintable(js));

    // What a browser cannot do is said, without turning it into fetch().
    options.ignoreSslErrors = true;
    js = CodeSnippet::make(Language::JavaScript, options);
    QVERIFY(js.contains(QStringLiteral("new EventSource(")));
    QVERIFY2(js.contains(QStringLiteral("skipping TLS certificate checks")), qPrintable(js));
}

void TestCodeSnippet::obstaclesUseFetch_data()
{
    QTest::addColumn<SseClientOptions>("options");
    QTest::addColumn<QString>("reason");
    SseClientOptions o = get();
    o.method = QByteArrayLiteral("PUT");
    QTest::newRow("method") << o << QStringLiteral("the method \"PUT\"");
    o = get();
    o.headers = {{QByteArrayLiteral("X-Api-Key"), QByteArrayLiteral("k")}};
    QTest::newRow("header") << o << QStringLiteral("a header, \"X-Api-Key\"");
    o = get();
    o.headers = {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer t")}};
    QTest::newRow("auth") << o << QStringLiteral("a header, \"Authorization\"");
    o = get();
    o.body = QByteArrayLiteral("q=1");
    QTest::newRow("GET with a body") << o << QStringLiteral("a body");
    o = get("http://u:p@h/e");
    QTest::newRow("URL credentials") << o << QStringLiteral("a user and password in the URL");
    o = get();
    o.lastEventId = QByteArrayLiteral("9");
    QTest::newRow("Last-Event-ID") << o << QStringLiteral("a Last-Event-ID");
}

void TestCodeSnippet::obstaclesUseFetch()
{
    QFETCH(SseClientOptions, options);
    QFETCH(QString, reason);
    const QStringList obstacles = CodeSnippet::eventSourceObstacles(options);
    QCOMPARE(obstacles.size(), 1);
    QVERIFY2(obstacles.first().startsWith(reason), qPrintable(obstacles.first()));
    const QString js = CodeSnippet::make(Language::JavaScript, options);
    QVERIFY(!js.contains(QStringLiteral("EventSource(")));
    QVERIFY(js.contains(QStringLiteral("await fetch(")));
    // The reason is in the comment at the top (the comment may wrap between words).
    const qsizetype code = js.indexOf(QStringLiteral("async function"));
    QVERIFY(code > 0);
    QString header = js.left(code);
    header.replace(QStringLiteral("\n//"), QString());
    QVERIFY2(header.contains(QStringLiteral("EventSource cannot make it")), qPrintable(js));
    QVERIFY2(header.contains(reason), qPrintable(js));
    for (const QString &line : js.left(code).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        QVERIFY2(line.startsWith(QLatin1String("//")), qPrintable(line));
}

void TestCodeSnippet::postUsesFetchWithReason()
{
    SseClientOptions options = get();
    options.method = QByteArrayLiteral("POST");
    options.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")},
                       {QByteArrayLiteral("X-Trace"), QByteArrayLiteral("1")}};
    options.body = QByteArrayLiteral(R"({"model":"m","stream":true})");
    const QString js = CodeSnippet::make(Language::JavaScript, options);
    QVERIFY2(js.startsWith(QStringLiteral("// Made by ssemon: the request with fetch()")),
             qPrintable(js));
    QString top = js.left(js.indexOf(QStringLiteral("async function")));
    top.replace(QStringLiteral("\n//"), QString());
    QVERIFY2(top.contains(QStringLiteral(
                 "this request has the method \"POST\", the headers \"Content-Type\" and "
                 "\"X-Trace\" and a body.")),
             qPrintable(top));
    QVERIFY(js.contains(QStringLiteral("    method: \"POST\",\n")));
    QVERIFY(js.contains(QStringLiteral("      \"Accept\": \"text/event-stream\",\n")));
    QVERIFY(js.contains(QStringLiteral("      \"Content-Type\": \"application/json\",\n")));
    QVERIFY(js.contains(QStringLiteral("      \"X-Trace\": \"1\",\n")));
    QVERIFY(js.contains(QStringLiteral(R"(    body: "{\"model\":\"m\",\"stream\":true}",)")));
    QVERIFY(js.contains(QStringLiteral("response.body.getReader()")));
    QVERIFY(js.contains(QStringLiteral("new TextDecoder()")));
    QVERIFY(!js.contains(QStringLiteral("Last-Event-ID")));

    // The form type the client (and curl -d) gives a body without one.
    options.headers.removeFirst();
    const QString js2 = CodeSnippet::make(Language::JavaScript, options);
    QVERIFY2(js2.contains(QStringLiteral(
                 "      \"Content-Type\": \"application/x-www-form-urlencoded\",\n")),
             qPrintable(js2));
    const QString py = CodeSnippet::make(Language::Python, options);
    QVERIFY2(py.contains(QStringLiteral(
                 "        \"Content-Type\": \"application/x-www-form-urlencoded\",\n")),
             qPrintable(py));
    QVERIFY(py.contains(QStringLiteral("    \"POST\",\n")));
    QVERIFY(py.contains(QStringLiteral(R"(    content="{\"model\":\"m\",\"stream\":true}",)")));
    QVERIFY(py.contains(QStringLiteral("    timeout=None,\n")));
    QVERIFY(py.contains(QStringLiteral("response.iter_lines()")));

    // fetch() refuses a body with GET: left out, and said so.
    SseClientOptions getBody = get();
    getBody.body = QByteArrayLiteral("q=1");
    const QString js3 = CodeSnippet::make(Language::JavaScript, getBody);
    QVERIFY(!js3.contains(QStringLiteral("body: ")));
    QVERIFY2(js3.contains(QStringLiteral("it is left out")), qPrintable(js3));
    QVERIFY(
        CodeSnippet::make(Language::Python, getBody).contains(QStringLiteral("content=\"q=1\"")));
}

void TestCodeSnippet::browserLimits()
{
    SseClientOptions options = get();
    options.headers = {{QByteArrayLiteral("Cookie"), QByteArrayLiteral("a=1")},
                       {QByteArrayLiteral("user-agent"), QByteArrayLiteral("x")},
                       {QByteArrayLiteral("X-Fine"), QByteArrayLiteral("1")}};
    options.proxyMode = SseClientOptions::ProxyMode::Explicit;
    options.proxyUrl = QUrl(QStringLiteral("http://proxy:3128"));
    const QString js = CodeSnippet::make(Language::JavaScript, options);
    QString top = js.left(js.indexOf(QStringLiteral("async function")));
    top.replace(QStringLiteral("\n//"), QString());
    QVERIFY2(top.contains(QStringLiteral("Not possible in a browser: a proxy of its own")),
             qPrintable(top));
    QVERIFY2(top.contains(QStringLiteral("the headers \"Cookie\" and \"user-agent\" (the browser "
                                         "sets them itself or leaves them out; credentials: "
                                         "\"include\" sends the browser's own cookies).")),
             qPrintable(top));
    // The header is still written: a page that runs elsewhere (Node, Deno) sends it.
    QVERIFY(js.contains(QStringLiteral("      \"Cookie\": \"a=1\",\n")));
    // A proxy's credentials are not repeated in a comment.
    QVERIFY(!top.contains(QStringLiteral("proxy:3128")));
}

void TestCodeSnippet::lastEventId()
{
    SseClientOptions options = get();
    options.lastEventId = QByteArrayLiteral("evt-41");
    // A user header of the same name gives way, as on the wire.
    options.headers = {{QByteArrayLiteral("last-event-id"), QByteArrayLiteral("stale-id")}};
    const QString js = CodeSnippet::make(Language::JavaScript, options);
    QVERIFY2(js.contains(QStringLiteral("      \"Last-Event-ID\": \"evt-41\",\n")), qPrintable(js));
    QVERIFY(js.contains(QStringLiteral("  let lastEventId = \"evt-41\";\n")));
    QVERIFY(!js.contains(QStringLiteral("stale-id")));
    const QString py = CodeSnippet::make(Language::Python, options);
    QVERIFY2(py.contains(QStringLiteral("        \"Last-Event-ID\": \"evt-41\",\n")),
             qPrintable(py));
    QVERIFY(py.contains(QStringLiteral("last_event_id = \"\", [], \"evt-41\"\n")));
    QVERIFY(!py.contains(QStringLiteral("stale-id")));
}

void TestCodeSnippet::basicAuth()
{
    SseClientOptions options = get();
    // As the request editor writes Basic auth: user and password, base64.
    options.headers = {{QByteArrayLiteral("Authorization"),
                        "Basic " + QStringLiteral("alice:pä\"ss").toUtf8().toBase64()}};
    const QString py = CodeSnippet::make(Language::Python, options);
    QVERIFY2(py.contains(QStringLiteral("    auth=(\"alice\", \"pä\\\"ss\"),\n")), qPrintable(py));
    QVERIFY(!py.contains(QStringLiteral("Authorization")));
    // JavaScript keeps the header, as typed.
    const QString js = CodeSnippet::make(Language::JavaScript, options);
    QVERIFY2(js.contains(QStringLiteral("      \"Authorization\": \"Basic YWxpY2U6cMOkInNz\",\n")),
             qPrintable(js));

    // Anything else stays a header in both, secret included.
    options.headers = {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer sk-1")}};
    QVERIFY(CodeSnippet::make(Language::Python, options)
                .contains(QStringLiteral("        \"Authorization\": \"Bearer sk-1\",\n")));
    QVERIFY(!CodeSnippet::make(Language::Python, options).contains(QStringLiteral("auth=")));
    QVERIFY(CodeSnippet::make(Language::JavaScript, options)
                .contains(QStringLiteral("      \"Authorization\": \"Bearer sk-1\",\n")));
    options.headers = {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Basic !!")}};
    QVERIFY(CodeSnippet::make(Language::Python, options)
                .contains(QStringLiteral("        \"Authorization\": \"Basic !!\",\n")));
}

void TestCodeSnippet::urlCredentials()
{
    const SseClientOptions options = get("http://bob:s%40f%22e@h:81/e");
    const QString py = CodeSnippet::make(Language::Python, options);
    QVERIFY2(py.contains(QStringLiteral("    auth=(\"bob\", \"s@f\\\"e\"),\n")), qPrintable(py));
    QVERIFY(py.contains(QStringLiteral("    \"http://h:81/e\",\n")));
    // A browser refuses credentials in a URL: they become the header the client would send.
    const QString js = CodeSnippet::make(Language::JavaScript, options);
    QVERIFY(js.contains(QStringLiteral("await fetch(\"http://h:81/e\", {")));
    QVERIFY2(js.contains(QStringLiteral("      \"Authorization\": \"Basic %1\",\n")
                             .arg(QString::fromLatin1(QByteArray("bob:s@f\"e").toBase64()))),
             qPrintable(js));
}

void TestCodeSnippet::stringLiteral_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("python");
    QTest::addColumn<QString>("javaScript");
    QTest::newRow("plain") << QStringLiteral("abc") << QStringLiteral("\"abc\"")
                           << QStringLiteral("\"abc\"");
    QTest::newRow("empty") << QString() << QStringLiteral("\"\"") << QStringLiteral("\"\"");
    QTest::newRow("quotes") << QStringLiteral(R"(a "b" 'c')") << QStringLiteral(R"("a \"b\" 'c'")")
                            << QStringLiteral(R"("a \"b\" 'c'")");
    QTest::newRow("backslash") << QStringLiteral(R"(a\nb\)") << QStringLiteral(R"("a\\nb\\")")
                               << QStringLiteral(R"("a\\nb\\")");
    QTest::newRow("line ends") << QStringLiteral("a\nb\r\tc") << QStringLiteral(R"("a\nb\r\tc")")
                               << QStringLiteral(R"("a\nb\r\tc")");
    QTest::newRow("controls") << QStringLiteral("\x01\x7f") + QChar(0)
                              << QStringLiteral(R"("\x01\x7f\x00")")
                              << QStringLiteral(R"("\x01\x7f\x00")");
    QTest::newRow("non-ASCII kept") << QStringLiteral("café ✓ 😀") << QStringLiteral("\"café ✓ 😀\"")
                                    << QStringLiteral("\"café ✓ 😀\"");
    QTest::newRow("separators") << QStringLiteral("a\u00a0b\u2028c\u2029")
                                << QStringLiteral(R"("a\xa0b\u2028c\u2029")")
                                << QStringLiteral(R"("a\xa0b\u2028c\u2029")");
    QTest::newRow("bidi override") << QStringLiteral("a\u202eb") << QStringLiteral(R"("a\u202eb")")
                                   << QStringLiteral(R"("a\u202eb")");
    QTest::newRow("astral format")
        << QString::fromUcs4(U"\U000E0001") << QStringLiteral(R"("\U000e0001")")
        << QStringLiteral(R"("\u{e0001}")");
    QTest::newRow("script end") << QStringLiteral("</script>") << QStringLiteral("\"</script>\"")
                                << QStringLiteral(R"("<\/script>")");
}

void TestCodeSnippet::stringLiteral()
{
    QFETCH(QString, text);
    QFETCH(QString, python);
    QFETCH(QString, javaScript);
    QCOMPARE(CodeSnippet::stringLiteral(text, Language::Python), python);
    QCOMPARE(CodeSnippet::stringLiteral(text, Language::JavaScript), javaScript);
}

void TestCodeSnippet::bytesLiteral()
{
    const QByteArray bytes = QStringLiteral("é\"\\\n</").toUtf8() + '\xff';
    QCOMPARE(CodeSnippet::bytesLiteral(bytes, Language::Python),
             QStringLiteral(R"(b"\xc3\xa9\"\\\n</\xff")"));
    QCOMPARE(CodeSnippet::bytesLiteral(bytes, Language::JavaScript),
             QStringLiteral(R"("\xc3\xa9\"\\\n<\/\xff")"));
}

void TestCodeSnippet::escapingInSnippets()
{
    const SseClientOptions options = awkward();
    const QString py = CodeSnippet::make(Language::Python, options);
    QVERIFY2(py.contains(QStringLiteral(R"(        "X-Quote": "a \"b\" \\c",)")), qPrintable(py));
    // Not ASCII: the bytes, since httpx sends a str header as ASCII only.
    QVERIFY(py.contains(
        QStringLiteral(R"(        "X-Text": b"caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80",)")));
    QVERIFY(py.contains(QStringLiteral(R"(        "Authorization": "Bearer t0k\"en",)")));
    QVERIFY(py.contains(QStringLiteral(
        "    content=\"{\\\"q\\\": \\\"a\\\\nb\\\"}\\nline 2\\ttab \\u2028 café 😀 \\\\ end\",\n")));
    QVERIFY(py.contains(
        QStringLiteral("    \"https://example.org/s?q=%22x%22&path=a%5Cb&t=caf%C3%A9\",\n")));

    const QString js = CodeSnippet::make(Language::JavaScript, options);
    QVERIFY2(js.contains(QStringLiteral(R"(      "X-Quote": "a \"b\" \\c",)")), qPrintable(js));
    // fetch() sends a header value's characters as bytes: one per byte.
    QVERIFY(js.contains(
        QStringLiteral(R"(      "X-Text": "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80",)")));
    QVERIFY(js.contains(QStringLiteral(R"(      "X-Script": "<\/script>",)")));
    QVERIFY(js.contains(QStringLiteral(
        "    body: \"{\\\"q\\\": \\\"a\\\\nb\\\"}\\nline 2\\ttab \\u2028 café 😀 \\\\ end\",\n")));

    // Nothing of the input reaches a line of its own.
    for (const QString &snippet : {py, js}) {
        QVERIFY(!snippet.contains(QStringLiteral("line 2\t")));
        QVERIFY(!snippet.contains(QChar(0x2028)));
    }
}

void TestCodeSnippet::pythonTlsAndProxy()
{
    SseClientOptions options = get("https://h/e");
    QString py = CodeSnippet::make(Language::Python, options);
    QVERIFY(!py.contains(QStringLiteral("verify=")));
    QVERIFY(!py.contains(QStringLiteral("    proxy=")));
    QVERIFY(!py.contains(QStringLiteral("trust_env")));
    QVERIFY(!py.contains(QStringLiteral("import ssl")));
    QVERIFY(py.contains(QStringLiteral("follow_redirects=True")));
    QVERIFY(py.contains(QStringLiteral("        \"Accept-Encoding\": \"identity\",\n")));

    options.ignoreSslErrors = true;
    options.caFile = QStringLiteral("/etc/ca.pem");
    options.proxyMode = SseClientOptions::ProxyMode::Explicit;
    options.proxyUrl = QUrl(QStringLiteral("http://proxy.local:3128"));
    options.maxRedirects = 0;
    options.compression = true;
    py = CodeSnippet::make(Language::Python, options);
    QVERIFY2(py.contains(QStringLiteral("    verify=False,\n")), qPrintable(py));
    QVERIFY(py.contains(QStringLiteral("    proxy=\"http://proxy.local:3128\",\n")));
    QVERIFY(!py.contains(QStringLiteral("follow_redirects")));
    QVERIFY(!py.contains(QStringLiteral("Accept-Encoding")));

    options.ignoreSslErrors = false;
    options.proxyMode = SseClientOptions::ProxyMode::None;
    py = CodeSnippet::make(Language::Python, options);
    QVERIFY2(py.contains(QStringLiteral(
                 "    verify=ssl.create_default_context(cafile=\"/etc/ca.pem\"),\n")),
             qPrintable(py));
    QVERIFY(py.contains(QStringLiteral("import ssl\n")));
    QVERIFY(py.contains(QStringLiteral("    trust_env=False,\n")));
    QVERIFY(!py.contains(QStringLiteral("    proxy=")));

    options.http2PriorKnowledge = true;
    py = CodeSnippet::make(Language::Python, options);
    QVERIFY(py.contains(QStringLiteral("http2=True")));
}

void TestCodeSnippet::syntax_data()
{
    QTest::addColumn<Language>("language");
    QTest::addColumn<SseClientOptions>("options");
    SseClientOptions everything = awkward();
    everything.url = QUrl(QStringLiteral("https://u%22:p%5C@example.org/"));
    everything.headers.append({QByteArrayLiteral("X-Line"), QByteArrayLiteral("a\nb\r\"")});
    everything.headers.append({QByteArrayLiteral("Cookie"), QByteArrayLiteral("a=1")});
    everything.ignoreSslErrors = true;
    everything.proxyMode = SseClientOptions::ProxyMode::Explicit;
    everything.proxyUrl = QUrl(QStringLiteral("http://p:3128"));
    everything.cookies = true;
    everything.http2PriorKnowledge = true;
    everything.lastEventId = QByteArrayLiteral("a\"b\\c");
    SseClientOptions binary = get();
    binary.method = QByteArrayLiteral("POST");
    binary.body = QByteArray("\x00\xff\"\\", 4);
    SseClientOptions ca = get();
    ca.caFile = QStringLiteral("C:\\certs\\\"ca\".pem");
    ca.cookies = true;
    const QList<QPair<const char *, SseClientOptions>> cases {{"GET", get()},
                                                              {"awkward", awkward()},
                                                              {"everything", everything},
                                                              {"binary body", binary},
                                                              {"CA file", ca}};
    for (const auto &c : cases) {
        QTest::addRow("Python, %s", c.first) << Language::Python << c.second;
        QTest::addRow("JavaScript, %s", c.first) << Language::JavaScript << c.second;
    }
}

void TestCodeSnippet::syntax()
{
    QFETCH(Language, language);
    QFETCH(SseClientOptions, options);
    const QString program = interpreter(language);
    if (program.isEmpty())
        QSKIP(language == Language::Python ? "python3 not found" : "node not found");
    const QString snippet = CodeSnippet::make(language, options);
    // -W error: an invalid escape is only a warning in Python 3.11.
    const QStringList arguments = language == Language::Python
        ? QStringList {QStringLiteral("-W"), QStringLiteral("error"), QStringLiteral("-c"),
                       QStringLiteral("import ast,sys; ast.parse(sys.stdin.read())")}
        : QStringList {QStringLiteral("--check"), QStringLiteral("-")};
    QByteArray out;
    QString error;
    QVERIFY2(run(program, arguments, snippet, &out, &error),
             qPrintable(error + QStringLiteral("\n") + snippet));
}

void TestCodeSnippet::pythonRuns()
{
    if (interpreter(Language::Python).isEmpty())
        QSKIP("python3 not found");
    SseClientOptions options = awkward();
    options.headers.append({QByteArrayLiteral("Authorization"),
                            "Basic " + QStringLiteral("al\"ice:pä\\ss").toUtf8().toBase64()});
    options.ignoreSslErrors = true;
    options.proxyMode = SseClientOptions::ProxyMode::Explicit;
    options.proxyUrl = QUrl(QStringLiteral("http://u:p@proxy:3128"));
    const QString snippet = CodeSnippet::make(Language::Python, options);
    QJsonObject result;
    QString error;
    QVERIFY2(runSnippet(Language::Python, snippet, &result, &error),
             qPrintable(error + QStringLiteral("\n") + snippet));
    const QJsonArray calls = result.value(QStringLiteral("calls")).toArray();
    QCOMPARE(calls.size(), 1);
    const QJsonObject call = calls.first().toObject();
    QCOMPARE(call.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
    QCOMPARE(call.value(QStringLiteral("url")).toString(),
             options.url.toString(QUrl::FullyEncoded));
    const QMap<QString, QString> headers = pythonHeaders(call);
    QCOMPARE(headers.value(QStringLiteral("Accept")), hex("text/event-stream"));
    QCOMPARE(headers.value(QStringLiteral("X-Quote")), hex(R"(a "b" \c)"));
    QCOMPARE(headers.value(QStringLiteral("X-Text")), hex(QStringLiteral("café ✓ 😀").toUtf8()));
    QCOMPARE(headers.value(QStringLiteral("X-Script")), hex("</script>"));
    QCOMPARE(headers.value(QStringLiteral("Last-Event-ID")), hex("41"));
    QCOMPARE(headers.value(QStringLiteral("Content-Type")),
             hex("application/x-www-form-urlencoded"));
    // The later Authorization replaced the bearer token, and went into auth=.
    QVERIFY(!headers.contains(QStringLiteral("Authorization")));
    QCOMPARE(call.value(QStringLiteral("auth")).toArray(),
             QJsonArray({QStringLiteral("al\"ice"), QStringLiteral("pä\\ss")}));
    QCOMPARE(call.value(QStringLiteral("content")).toString(), hex(options.body));
    QCOMPARE(call.value(QStringLiteral("verify")), QJsonValue(false));
    QCOMPARE(call.value(QStringLiteral("proxy")).toString(),
             QStringLiteral("http://u:p@proxy:3128"));
    QVERIFY(call.value(QStringLiteral("timeout")).isNull());
    QVERIFY(call.contains(QStringLiteral("timeout")));
    QCOMPARE(result.value(QStringLiteral("printed")).toString(),
             QStringLiteral("message 41 a\na2\nupdate 7 bé\nc\nmessage 7 d\n"));

    // The CA file as an SSL context.
    SseClientOptions ca = get("https://h/e");
    ca.caFile = QStringLiteral("C:\\certs\\\"ca\".pem");
    QVERIFY2(runSnippet(Language::Python, CodeSnippet::make(Language::Python, ca), &result, &error),
             qPrintable(error));
    QCOMPARE(result.value(QStringLiteral("calls"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("verify"))
                 .toObject()
                 .value(QStringLiteral("cafile"))
                 .toString(),
             ca.caFile);
}

void TestCodeSnippet::javaScriptRuns()
{
    if (interpreter(Language::JavaScript).isEmpty())
        QSKIP("node not found");
    SseClientOptions options = awkward();
    options.cookies = true;
    const QString snippet = CodeSnippet::make(Language::JavaScript, options);
    QJsonObject result;
    QString error;
    QVERIFY2(runSnippet(Language::JavaScript, snippet, &result, &error),
             qPrintable(error + QStringLiteral("\n") + snippet));
    const QJsonArray calls = result.value(QStringLiteral("calls")).toArray();
    QCOMPARE(calls.size(), 1);
    const QJsonObject call = calls.first().toObject();
    QCOMPARE(call.value(QStringLiteral("fetch")).toString(),
             options.url.toString(QUrl::FullyEncoded));
    const QJsonObject init = call.value(QStringLiteral("init")).toObject();
    QCOMPARE(init.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
    QCOMPARE(init.value(QStringLiteral("cache")).toString(), QStringLiteral("no-store"));
    QCOMPARE(init.value(QStringLiteral("credentials")).toString(), QStringLiteral("include"));
    const QJsonObject headers = init.value(QStringLiteral("headers")).toObject();
    QCOMPARE(headers.value(QStringLiteral("Accept")).toString(),
             QStringLiteral("text/event-stream"));
    QCOMPARE(headers.value(QStringLiteral("X-Quote")).toString(), QStringLiteral(R"(a "b" \c)"));
    QCOMPARE(headers.value(QStringLiteral("X-Text")).toString(),
             QString::fromLatin1(QStringLiteral("café ✓ 😀").toUtf8()));
    QCOMPARE(headers.value(QStringLiteral("X-Script")).toString(), QStringLiteral("</script>"));
    QCOMPARE(headers.value(QStringLiteral("Authorization")).toString(),
             QStringLiteral("Bearer t0k\"en"));
    QCOMPARE(headers.value(QStringLiteral("Last-Event-ID")).toString(), QStringLiteral("41"));
    QCOMPARE(init.value(QStringLiteral("body")).toObject().value(QStringLiteral("text")).toString(),
             QString::fromUtf8(options.body));
    const QJsonArray expected {
        QJsonArray {QStringLiteral("message"), QStringLiteral("41"), QStringLiteral("a\na2")},
        QJsonArray {QStringLiteral("update"), QStringLiteral("7"), QStringLiteral("bé\nc")},
        QJsonArray {QStringLiteral("message"), QStringLiteral("7"), QStringLiteral("d")},
    };
    QCOMPARE(result.value(QStringLiteral("logs")).toArray(), expected);
}

void TestCodeSnippet::eventSourceRuns()
{
    if (interpreter(Language::JavaScript).isEmpty())
        QSKIP("node not found");
    SseClientOptions options = get("http://h/s?q=%22a%22&x='b'");
    options.cookies = true;
    QJsonObject result;
    QString error;
    const QString snippet = CodeSnippet::make(Language::JavaScript, options);
    QVERIFY2(runSnippet(Language::JavaScript, snippet, &result, &error),
             qPrintable(error + QStringLiteral("\n") + snippet));
    const QJsonObject call = result.value(QStringLiteral("calls")).toArray().first().toObject();
    QCOMPARE(call.value(QStringLiteral("eventSource")).toString(),
             options.url.toString(QUrl::FullyEncoded));
    QCOMPARE(call.value(QStringLiteral("init")).toObject().value(QStringLiteral("withCredentials")),
             QJsonValue(true));
}

void TestCodeSnippet::binaryBodyRuns()
{
    SseClientOptions options = get();
    options.method = QByteArrayLiteral("POST");
    options.body = QByteArray("\x00\xff\"\\a", 5);
    QJsonObject result;
    QString error;
    if (!interpreter(Language::Python).isEmpty()) {
        const QString py = CodeSnippet::make(Language::Python, options);
        QVERIFY2(py.contains(QStringLiteral("    content=b\"\\x00\\xff\\\"\\\\a\",")),
                 qPrintable(py));
        QVERIFY2(runSnippet(Language::Python, py, &result, &error), qPrintable(error));
        QCOMPARE(result.value(QStringLiteral("calls"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("content"))
                     .toString(),
                 hex(options.body));
    }
    if (interpreter(Language::JavaScript).isEmpty())
        QSKIP("node not found");
    const QString js = CodeSnippet::make(Language::JavaScript, options);
    QVERIFY2(
        js.contains(QStringLiteral("    body: new Uint8Array([0x00, 0xff, 0x22, 0x5c, 0x61]),\n")),
        qPrintable(js));
    QVERIFY2(runSnippet(Language::JavaScript, js, &result, &error), qPrintable(error));
    const QJsonArray bytes = result.value(QStringLiteral("calls"))
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value(QStringLiteral("init"))
                                 .toObject()
                                 .value(QStringLiteral("body"))
                                 .toObject()
                                 .value(QStringLiteral("bytes"))
                                 .toArray();
    QCOMPARE(bytes, QJsonArray({0, 255, 34, 92, 97}));
}

QTEST_GUILESS_MAIN(TestCodeSnippet)
#include "tst_codesnippet.moc"
