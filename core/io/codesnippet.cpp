// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "codesnippet.h"

#include "client/requestbuilder.h"

#include <QByteArray>
#include <QChar>
#include <QList>
#include <QPair>
#include <QUrl>

#include <optional>

// Secrets (an Authorization header, a bearer token, a Basic user and password, a password in
// the URL or the proxy URL) go into a snippet as the user typed them, as CurlCommand::toCurl
// does: a snippet is copied to be run, and one without its credentials would only fail.

namespace {

using Language = CodeSnippet::Language;
using Header = QPair<QByteArray, QByteArray>;
using Headers = QList<Header>;

constexpr int kCommentWidth = 100;

bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

const Header *findHeader(const Headers &headers, QByteArrayView name)
{
    for (const Header &header : headers) {
        if (sameName(header.first, name))
            return &header;
    }
    return nullptr;
}

bool isAscii(QByteArrayView bytes)
{
    for (const char c : bytes) {
        if (uchar(c) >= 0x80)
            return false;
    }
    return true;
}

QString hexDigits(uint value, int width)
{
    return QStringLiteral("%1").arg(value, width, 16, QLatin1Char('0'));
}

// What would not survive a copy and paste, or would read as something else: controls, format
// characters (bidi overrides among them), and separators other than the plain space (U+2028
// ends a JavaScript comment).
bool needsEscape(char32_t c)
{
    if (c < 0x20 || (c >= 0x7f && c <= 0xa0))
        return true;
    if (!QChar::isPrint(c))
        return true;
    switch (QChar::category(c)) {
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    case QChar::Separator_Space:
        return c != U' ';
    default:
        return false;
    }
}

// The escapes both languages share, then \x, \u and the astral forms, which differ.
void appendEscaped(QString *out, char32_t c, Language language)
{
    switch (c) {
    case U'\\':
        out->append(QLatin1String("\\\\"));
        return;
    case U'"':
        out->append(QLatin1String("\\\""));
        return;
    case U'\n':
        out->append(QLatin1String("\\n"));
        return;
    case U'\r':
        out->append(QLatin1String("\\r"));
        return;
    case U'\t':
        out->append(QLatin1String("\\t"));
        return;
    default:
        break;
    }
    if (c < 0x100)
        out->append(QLatin1String("\\x") + hexDigits(c, 2));
    else if (c < 0x10000)
        out->append(QLatin1String("\\u") + hexDigits(c, 4));
    else if (language == Language::Python)
        out->append(QLatin1String("\\U") + hexDigits(c, 8));
    else
        out->append(QLatin1String("\\u{") + hexDigits(c, 1) + QLatin1Char('}'));
}

// "</" of "</script>" would end an inline <script> early; "<\/" reads the same in JavaScript
// (Python has no such escape, and no such problem).
bool closesScript(Language language, QChar previous, char32_t c)
{
    return language == Language::JavaScript && c == U'/' && previous == QLatin1Char('<');
}

// Text in the language: ASCII as it is, other bytes as exact bytes.
QString byteStringLiteral(QByteArrayView bytes, Language language)
{
    return isAscii(bytes) ? CodeSnippet::stringLiteral(QString::fromLatin1(bytes), language)
                          : CodeSnippet::bytesLiteral(bytes, language);
}

QString comment(const QString &text, const QString &marker)
{
    QString out;
    QString line = marker;
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (line.size() > marker.size() && line.size() + 1 + word.size() > kCommentWidth) {
            out += line + QLatin1Char('\n');
            line = marker;
        }
        line += QLatin1Char(' ') + word;
    }
    return out + line + QLatin1Char('\n');
}

QString joinWords(const QStringList &items)
{
    if (items.size() <= 1)
        return items.join(QString());
    return QStringList(items.mid(0, items.size() - 1)).join(QLatin1String(", "))
        + QLatin1String(" and ") + items.last();
}

std::optional<QPair<QString, QString>> basicCredentials(QByteArrayView value)
{
    const QByteArray trimmed = value.trimmed().toByteArray();
    if (!trimmed.startsWith("Basic ") && !trimmed.startsWith("basic "))
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(trimmed.mid(6).trimmed(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QByteArray &pair = *decoded;
    const qsizetype colon = pair.indexOf(':');
    // httpx encodes auth=(user, password) as UTF-8: other bytes stay in the header.
    if (colon < 0 || !QByteArrayView(pair).isValidUtf8())
        return std::nullopt;
    return QPair<QString, QString>(QString::fromUtf8(pair.left(colon)),
                                   QString::fromUtf8(pair.mid(colon + 1)));
}

// The request as the client sends it, before each language takes what it can.
struct Request
{
    QByteArray method;
    QString url; // without the user info, which each language sends its own way
    QString urlUser;
    QString urlPassword;
    bool urlCredentials = false;
    Headers headers; // the user's, one per name, and Last-Event-ID
    QByteArray body;
};

Request request(const SseClientOptions &options)
{
    Request r;
    r.method = options.method.trimmed();
    if (r.method.isEmpty())
        r.method = QByteArrayLiteral("GET");
    r.urlUser = options.url.userName();
    r.urlPassword = options.url.password();
    r.urlCredentials = !r.urlUser.isEmpty();
    r.url = options.url.adjusted(QUrl::RemoveUserInfo).toString(QUrl::FullyEncoded);
    for (const Header &header : options.headers) {
        const QByteArray name = header.first.trimmed();
        if (!name.isEmpty())
            RequestBuilder::setHeader(r.headers, name, header.second);
    }
    if (!options.lastEventId.isEmpty())
        RequestBuilder::setHeader(r.headers, QByteArrayLiteral("Last-Event-ID"),
                                  options.lastEventId);
    r.body = options.body;
    return r;
}

// What the client adds to a body the user gave no type for (curl -d does the same).
void addBodyType(Headers *headers)
{
    if (!findHeader(*headers, "Content-Type")) {
        headers->append({QByteArrayLiteral("Content-Type"),
                         QByteArrayLiteral("application/x-www-form-urlencoded")});
    }
}

// Ours first (Accept, ...), unless the user gave the same name.
Headers withDefaults(const Headers &defaults, const Headers &user)
{
    Headers out;
    for (const Header &header : defaults) {
        if (!findHeader(user, header.first))
            out.append(header);
    }
    return out + user;
}

// Fetch's forbidden request headers: a page's fetch() leaves them out or the browser sets them.
bool forbiddenInBrowser(QByteArrayView name)
{
    static const char *const names[] = {
        "Accept-Charset",
        "Accept-Encoding",
        "Access-Control-Request-Headers",
        "Access-Control-Request-Method",
        "Connection",
        "Content-Length",
        "Cookie",
        "Cookie2",
        "Date",
        "DNT",
        "Expect",
        "Host",
        "Keep-Alive",
        "Origin",
        "Referer",
        "Set-Cookie",
        "TE",
        "Trailer",
        "Transfer-Encoding",
        "Upgrade",
        "Via",
        "User-Agent", // no longer forbidden by the standard, still left out by Chromium
    };
    for (const char *forbidden : names) {
        if (sameName(name, forbidden))
            return true;
    }
    return name.size() >= 4
        && (sameName(name.first(4), "Sec-")
            || (name.size() >= 6 && sameName(name.first(6), "Proxy-")));
}

QStringList browserLimits(const SseClientOptions &options)
{
    QStringList limits;
    if (options.ignoreSslErrors)
        limits << QStringLiteral("skipping TLS certificate checks (trust the certificate in the "
                                 "browser instead)");
    if (!options.caFile.isEmpty())
        limits << QStringLiteral("an extra CA file (the browser trusts its own store)");
    if (options.proxyMode == SseClientOptions::ProxyMode::Explicit)
        limits << QStringLiteral("a proxy of its own (the browser's proxy settings apply)");
    return limits;
}

QString eventSource(const SseClientOptions &options, const Request &r)
{
    const auto js = Language::JavaScript;
    QString out = comment(QStringLiteral("Made by ssemon: the request as a browser EventSource. "
                                         "It reconnects on its own, and sends the last id it "
                                         "saw as Last-Event-ID when it does."),
                          QStringLiteral("//"));
    const QStringList limits = browserLimits(options);
    if (!limits.isEmpty()) {
        out += comment(QStringLiteral("Not possible in a browser: ") + joinWords(limits)
                           + QLatin1Char('.'),
                       QStringLiteral("//"));
    }
    // Kept cookies are the nearest a page has to ssemon's cookie option: with credentials, a
    // cross-origin stream sends and stores cookies too.
    out += QStringLiteral("const source = new EventSource(%1%2);\n")
               .arg(CodeSnippet::stringLiteral(r.url, js),
                    options.cookies ? QStringLiteral(", { withCredentials: true }") : QString());
    out += QStringLiteral(
        "source.onmessage = (event) => console.log(\"message\", event.lastEventId, event.data);\n"
        "// An event with an \"event:\" field reaches only the listeners for its type:\n"
        "// source.addEventListener(\"update\", (event) => console.log(\"update\", "
        "event.lastEventId, event.data));\n"
        "source.onerror = () => console.warn(\"EventSource error, readyState\", "
        "source.readyState);\n");
    return out;
}

QString fetchReader(const SseClientOptions &options, const QStringList &obstacles, Request r)
{
    const auto js = Language::JavaScript;
    QString out = comment(QStringLiteral("Made by ssemon: the request with fetch(), its response "
                                         "read as a stream. EventSource cannot make it: it sends "
                                         "a plain GET with no headers or body of its own, and "
                                         "this request has ")
                              + joinWords(obstacles)
                              + QStringLiteral(". Unlike EventSource, this does not reconnect."),
                          QStringLiteral("//"));
    QStringList limits = browserLimits(options);
    // A browser refuses a URL with credentials in it; the client sends them as Basic auth.
    if (r.urlCredentials && !findHeader(r.headers, "Authorization")) {
        const QByteArray pair = (r.urlUser + QLatin1Char(':') + r.urlPassword).toUtf8();
        r.headers.append({QByteArrayLiteral("Authorization"), "Basic " + pair.toBase64()});
    }
    const bool methodWithoutBody = r.method == "GET" || r.method == "HEAD";
    if (!r.body.isEmpty() && methodWithoutBody) {
        limits << QStringLiteral("a body with %1 (it is left out)")
                      .arg(CodeSnippet::stringLiteral(QString::fromUtf8(r.method), js));
        r.body.clear();
    }
    if (!r.body.isEmpty())
        addBodyType(&r.headers);
    QStringList forbidden;
    bool cookie = false;
    for (const Header &header : std::as_const(r.headers)) {
        if (forbiddenInBrowser(header.first))
            forbidden << byteStringLiteral(header.first, js);
        cookie = cookie || sameName(header.first, "Cookie");
    }
    if (!forbidden.isEmpty()) {
        limits << (forbidden.size() == 1 ? QStringLiteral("the header %1 (the browser sets it "
                                                          "itself or leaves it out%2)")
                                         : QStringLiteral("the headers %1 (the browser sets them "
                                                          "itself or leaves them out%2)"))
                      .arg(joinWords(forbidden),
                           cookie ? QStringLiteral("; credentials: \"include\" sends the "
                                                   "browser's own cookies")
                                  : QString());
    }
    if (!limits.isEmpty()) {
        out += comment(QStringLiteral("Not possible in a browser: ") + joinWords(limits)
                           + QLatin1Char('.'),
                       QStringLiteral("//"));
    }

    const Headers headers = withDefaults(
        {{QByteArrayLiteral("Accept"), QByteArrayLiteral("text/event-stream")}}, r.headers);
    out += QStringLiteral("async function readEvents() {\n"
                          "  const response = await fetch(%1, {\n"
                          "    method: %2,\n"
                          "    headers: {\n")
               .arg(CodeSnippet::stringLiteral(r.url, js), byteStringLiteral(r.method, js));
    for (const Header &header : headers) {
        out += QStringLiteral("      %1: %2,\n")
                   .arg(byteStringLiteral(header.first, js), byteStringLiteral(header.second, js));
    }
    out += QStringLiteral("    },\n");
    if (!r.body.isEmpty()) {
        if (QByteArrayView(r.body).isValidUtf8()) {
            out += QStringLiteral("    body: %1,\n")
                       .arg(CodeSnippet::stringLiteral(QString::fromUtf8(r.body), js));
        } else {
            // Not text: the bytes themselves, which a string would turn into UTF-8.
            QStringList bytes;
            for (const char c : std::as_const(r.body))
                bytes << QLatin1String("0x") + hexDigits(uchar(c), 2);
            out += QStringLiteral("    body: new Uint8Array([%1]),\n")
                       .arg(bytes.join(QLatin1String(", ")));
        }
    }
    // no-store rather than a Cache-Control header, which would cost a CORS preflight.
    out += QStringLiteral("    cache: \"no-store\",\n");
    if (options.cookies)
        out += QStringLiteral("    credentials: \"include\",\n");
    out += QStringLiteral("  });\n"
                          "  if (!response.ok) throw new Error(`HTTP ${response.status}`);\n"
                          "  const reader = response.body.getReader();\n"
                          "  const decoder = new TextDecoder();\n"
                          "  let buffer = \"\";\n"
                          "  let type = \"\";\n"
                          "  let data = [];\n"
                          "  let lastEventId = %1;\n")
               .arg(byteStringLiteral(options.lastEventId, js));
    out += QStringLiteral(
        "  const onLine = (line) => {\n"
        "    if (line === \"\") {\n"
        "      // A blank line ends an event.\n"
        "      if (data.length > 0) console.log(type || \"message\", lastEventId, "
        "data.join(\"\\n\"));\n"
        "      type = \"\";\n"
        "      data = [];\n"
        "      return;\n"
        "    }\n"
        "    if (line.startsWith(\":\")) return; // a comment\n"
        "    const colon = line.indexOf(\":\");\n"
        "    const field = colon < 0 ? line : line.slice(0, colon);\n"
        "    let value = colon < 0 ? \"\" : line.slice(colon + 1);\n"
        "    if (value.startsWith(\" \")) value = value.slice(1);\n"
        "    if (field === \"data\") data.push(value);\n"
        "    else if (field === \"event\") type = value;\n"
        "    else if (field === \"id\" && !value.includes(\"\\0\")) lastEventId = value;\n"
        "  };\n"
        "  for (;;) {\n"
        "    const { value, done } = await reader.read();\n"
        "    if (done) break;\n"
        "    buffer += decoder.decode(value, { stream: true });\n"
        "    // A CR at the end may be half of a CRLF: it waits for the next chunk.\n"
        "    const end = buffer.endsWith(\"\\r\") ? buffer.length - 1 : buffer.length;\n"
        "    const lines = buffer.slice(0, end).split(/\\r\\n|\\r|\\n/);\n"
        "    buffer = lines.pop() + buffer.slice(end);\n"
        "    lines.forEach(onLine);\n"
        "  }\n"
        "}\n"
        "readEvents().catch((error) => console.error(error));\n");
    return out;
}

QString python(const SseClientOptions &options)
{
    const auto py = Language::Python;
    Request r = request(options);
    QString out =
        comment(QStringLiteral("Made by ssemon: the request as a stream consumer with httpx "
                               "(pip install httpx; proxy= needs httpx 0.26 or later). Unlike "
                               "ssemon, it does not reconnect."),
                QStringLiteral("#"));
    if (options.http2PriorKnowledge) {
        out += comment(QStringLiteral("ssemon sends this with HTTP/2 prior knowledge; with httpx "
                                      "that takes httpx.Client(http1=False, http2=True) and the "
                                      "h2 package."),
                       QStringLiteral("#"));
    }
    const bool caContext = !options.ignoreSslErrors && !options.caFile.isEmpty();
    out += QStringLiteral("import httpx\n");
    if (caContext)
        out += QStringLiteral("import ssl\n");
    out += QLatin1Char('\n');

    // auth= rather than a header that hides what it holds; an Authorization header the user
    // wrote wins over the URL's user info, as in the client.
    std::optional<QPair<QString, QString>> auth;
    if (const Header *header = findHeader(r.headers, "Authorization")) {
        auth = basicCredentials(header->second);
        if (auth)
            r.headers.removeIf([](const Header &h) { return sameName(h.first, "Authorization"); });
    } else if (r.urlCredentials) {
        auth = QPair<QString, QString>(r.urlUser, r.urlPassword);
    }
    if (!r.body.isEmpty())
        addBodyType(&r.headers);
    Headers defaults {{QByteArrayLiteral("Accept"), QByteArrayLiteral("text/event-stream")},
                      {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache")}};
    // httpx asks for compression by default; ssemon does not unless told (a compressed stream
    // arrives in bursts).
    if (!options.compression)
        defaults.append({QByteArrayLiteral("Accept-Encoding"), QByteArrayLiteral("identity")});
    const Headers headers = withDefaults(defaults, r.headers);

    out += QStringLiteral("with httpx.stream(\n"
                          "    %1,\n"
                          "    %2,\n"
                          "    headers={\n")
               .arg(byteStringLiteral(r.method, py), CodeSnippet::stringLiteral(r.url, py));
    for (const Header &header : headers) {
        out += QStringLiteral("        %1: %2,\n")
                   .arg(byteStringLiteral(header.first, py), byteStringLiteral(header.second, py));
    }
    out += QStringLiteral("    },\n");
    if (!r.body.isEmpty()) {
        out += QStringLiteral("    content=%1,\n")
                   .arg(QByteArrayView(r.body).isValidUtf8()
                            ? CodeSnippet::stringLiteral(QString::fromUtf8(r.body), py)
                            : CodeSnippet::bytesLiteral(r.body, py));
    }
    if (auth) {
        out += QStringLiteral("    auth=(%1, %2),\n")
                   .arg(CodeSnippet::stringLiteral(auth->first, py),
                        CodeSnippet::stringLiteral(auth->second, py));
    }
    if (options.ignoreSslErrors) {
        out += QStringLiteral("    verify=False,\n");
    } else if (caContext) {
        out += QStringLiteral("    verify=ssl.create_default_context(cafile=%1),\n")
                   .arg(CodeSnippet::stringLiteral(options.caFile, py));
    }
    if (options.proxyMode == SseClientOptions::ProxyMode::Explicit && !options.proxyUrl.isEmpty()) {
        out +=
            QStringLiteral("    proxy=%1,\n")
                .arg(CodeSnippet::stringLiteral(options.proxyUrl.toString(QUrl::FullyEncoded), py));
    } else if (options.proxyMode == SseClientOptions::ProxyMode::None) {
        // No proxy: httpx would otherwise take one from HTTP_PROXY and the like.
        out += QStringLiteral("    trust_env=False,\n");
    }
    if (options.maxRedirects > 0)
        out += QStringLiteral("    follow_redirects=True,\n");
    out +=
        QStringLiteral(
            "    timeout=None,\n"
            ") as response:\n"
            "    response.raise_for_status()\n"
            "    event_type, data, last_event_id = \"\", [], %1\n"
            "    for line in response.iter_lines():\n"
            "        line = line.rstrip(\"\\r\\n\")  # older httpx keeps the line end\n"
            "        if line == \"\":\n"
            "            # A blank line ends an event.\n"
            "            if data:\n"
            "                print(event_type or \"message\", last_event_id, \"\\n\".join(data),\n"
            "                      flush=True)\n"
            "            event_type, data = \"\", []\n"
            "        elif not line.startswith(\":\"):\n"
            "            field, _, value = line.partition(\":\")\n"
            "            if value.startswith(\" \"):\n"
            "                value = value[1:]\n"
            "            if field == \"data\":\n"
            "                data.append(value)\n"
            "            elif field == \"event\":\n"
            "                event_type = value\n"
            "            elif field == \"id\" and \"\\0\" not in value:\n"
            "                last_event_id = value\n")
            .arg(CodeSnippet::stringLiteral(QString::fromUtf8(options.lastEventId), py));
    return out;
}

} // namespace

QString CodeSnippet::name(Language language)
{
    switch (language) {
    case Language::JavaScript:
        return QStringLiteral("JavaScript");
    case Language::Python:
        return QStringLiteral("Python");
    }
    return QString();
}

QString CodeSnippet::library(Language language)
{
    switch (language) {
    case Language::JavaScript:
        return QStringLiteral("EventSource / fetch");
    case Language::Python:
        return QStringLiteral("httpx");
    }
    return QString();
}

QStringList CodeSnippet::eventSourceObstacles(const SseClientOptions &options)
{
    const auto js = Language::JavaScript;
    QStringList obstacles;
    const Request r = request(options);
    if (r.method != "GET")
        obstacles << QStringLiteral("the method %1").arg(byteStringLiteral(r.method, js));
    QStringList names;
    for (const Header &header : options.headers) {
        if (!header.first.trimmed().isEmpty())
            names << byteStringLiteral(header.first.trimmed(), js);
    }
    if (!names.isEmpty()) {
        obstacles << (names.size() == 1 ? QStringLiteral("a header, %1")
                                        : QStringLiteral("the headers %1"))
                         .arg(joinWords(names));
    }
    if (!r.body.isEmpty())
        obstacles << QStringLiteral("a body");
    if (r.urlCredentials)
        obstacles << QStringLiteral("a user and password in the URL (sent as Basic auth)");
    if (!options.lastEventId.isEmpty())
        obstacles << QStringLiteral("a Last-Event-ID to resume from");
    return obstacles;
}

QString CodeSnippet::make(Language language, const SseClientOptions &options)
{
    switch (language) {
    case Language::JavaScript: {
        const QStringList obstacles = eventSourceObstacles(options);
        return obstacles.isEmpty() ? eventSource(options, request(options))
                                   : fetchReader(options, obstacles, request(options));
    }
    case Language::Python:
        return python(options);
    }
    return QString();
}

QString CodeSnippet::stringLiteral(QStringView text, Language language)
{
    QString out;
    out.reserve(text.size() + 2);
    out += QLatin1Char('"');
    for (qsizetype i = 0; i < text.size(); ++i) {
        const qsizetype start = i;
        char32_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        }
        if (c == U'\\' || c == U'"' || needsEscape(c))
            appendEscaped(&out, c, language);
        else if (start > 0 && closesScript(language, text.at(start - 1), c))
            out += QLatin1String("\\/");
        else
            out += text.sliced(start, i - start + 1);
    }
    out += QLatin1Char('"');
    return out;
}

QString CodeSnippet::bytesLiteral(QByteArrayView bytes, Language language)
{
    QString out = language == Language::Python ? QStringLiteral("b\"") : QStringLiteral("\"");
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const uchar c = uchar(bytes.at(i));
        // Every byte past ASCII as \x: in Python bytes it must be, and in JavaScript a literal
        // character would be as unreadable as the escape.
        if (c == '\\' || c == '"' || needsEscape(c) || c >= 0x80)
            appendEscaped(&out, c, language);
        else if (i > 0 && closesScript(language, QLatin1Char(bytes.at(i - 1)), c))
            out += QLatin1String("\\/");
        else
            out += QLatin1Char(char(c));
    }
    out += QLatin1Char('"');
    return out;
}
