// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "curlcommand.h"

#include "http/headerline.h"

#include <QSet>

namespace {

bool fail(QString *errorMessage, const QString &message)
{
    if (errorMessage)
        *errorMessage = message;
    return false;
}

// Short options that take a value, and the long ones.
const QString kShortWithValue = QStringLiteral("HXduxAebTFmoEr");

bool isLongWithValue(const QString &name)
{
    static const QSet<QString> names {
        QStringLiteral("--header"),
        QStringLiteral("--request"),
        QStringLiteral("--data"),
        QStringLiteral("--data-raw"),
        QStringLiteral("--data-binary"),
        QStringLiteral("--data-ascii"),
        QStringLiteral("--data-urlencode"),
        QStringLiteral("--json"),
        QStringLiteral("--user"),
        QStringLiteral("--proxy"),
        QStringLiteral("--user-agent"),
        QStringLiteral("--referer"),
        QStringLiteral("--cookie"),
        QStringLiteral("--url"),
        QStringLiteral("--cacert"),
        QStringLiteral("--max-time"),
        QStringLiteral("--connect-timeout"),
        QStringLiteral("--output"),
        QStringLiteral("--cert"),
        QStringLiteral("--key"),
        QStringLiteral("--retry"),
        QStringLiteral("--limit-rate"),
        QStringLiteral("--resolve"),
        QStringLiteral("--form"),
        QStringLiteral("--range"),
        QStringLiteral("--upload-file"),
        QStringLiteral("--oauth2-bearer"),
        QStringLiteral("--noproxy"),
    };
    return names.contains(name);
}

bool isIgnoredFlag(const QString &name)
{
    static const QSet<QString> names {
        QStringLiteral("-s"),
        QStringLiteral("--silent"),
        QStringLiteral("-S"),
        QStringLiteral("--show-error"),
        QStringLiteral("-v"),
        QStringLiteral("--verbose"),
        QStringLiteral("-N"),
        QStringLiteral("--no-buffer"),
        QStringLiteral("-L"),
        QStringLiteral("--location"),
        QStringLiteral("-i"),
        QStringLiteral("--include"),
        QStringLiteral("-f"),
        QStringLiteral("--fail"),
        QStringLiteral("--http2"), // QNAM negotiates HTTP/2 on https:// as curl does
        QStringLiteral("-#"),
        QStringLiteral("--progress-bar"),
        QStringLiteral("-g"),
        QStringLiteral("--globoff"),
        QStringLiteral("--no-progress-meter"),
    };
    return names.contains(name);
}

void setHeader(SseClientOptions *options, const QByteArray &name, const QByteArray &value)
{
    for (auto &header : options->headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0) {
            header.second = value.trimmed();
            return;
        }
    }
    // Trimmed as -H values are (RFC 9110 5.5: surrounding whitespace is not part of a value).
    options->headers.append({name, value.trimmed()});
}

bool breaksHeader(QByteArrayView bytes)
{
    return HeaderLine::breaksLine(bytes);
}

} // namespace

bool CurlCommand::split(const QString &command, QStringList *words, QString *errorMessage)
{
    words->clear();
    QString word;
    bool inWord = false;
    const qsizetype n = command.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = command.at(i);
        if (c == QLatin1Char('\\')) {
            if (i + 1 < n
                && (command.at(i + 1) == QLatin1Char('\n')
                    || command.at(i + 1) == QLatin1Char('\r'))) {
                // A continuation: the line end is not part of anything.
                ++i;
                if (command.at(i) == QLatin1Char('\r') && i + 1 < n
                    && command.at(i + 1) == QLatin1Char('\n'))
                    ++i;
                continue;
            }
            if (i + 1 < n) {
                word.append(command.at(++i));
                inWord = true;
            }
            continue;
        }
        if (c == QLatin1Char('^') && i + 1 < n
            && (command.at(i + 1) == QLatin1Char('\n') || command.at(i + 1) == QLatin1Char('\r'))) {
            continue; // cmd.exe continuation; the line end is then whitespace
        }
        if (c.isSpace()) {
            if (inWord) {
                words->append(word);
                word.clear();
                inWord = false;
            }
            continue;
        }
        inWord = true;
        if (c == QLatin1Char('\'')) {
            const qsizetype end = command.indexOf(QLatin1Char('\''), i + 1);
            if (end < 0)
                return fail(errorMessage, QStringLiteral("unterminated single quote"));
            word.append(QStringView(command).mid(i + 1, end - i - 1));
            i = end;
        } else if (c == QLatin1Char('$') && i + 1 < n && command.at(i + 1) == QLatin1Char('\'')) {
            // $'...': ANSI-C quoting, as Chrome's "Copy as cURL (bash)" writes.
            qsizetype j = i + 2;
            for (; j < n && command.at(j) != QLatin1Char('\''); ++j) {
                QChar d = command.at(j);
                if (d == QLatin1Char('\\') && j + 1 < n) {
                    const QChar e = command.at(++j);
                    switch (e.unicode()) {
                    case 'n':
                        d = QLatin1Char('\n');
                        break;
                    case 't':
                        d = QLatin1Char('\t');
                        break;
                    case 'r':
                        d = QLatin1Char('\r');
                        break;
                    default:
                        d = e; // \\ \' \" and the rest as themselves
                        break;
                    }
                }
                word.append(d);
            }
            if (j >= n)
                return fail(errorMessage, QStringLiteral("unterminated $' quote"));
            i = j;
        } else if (c == QLatin1Char('"')) {
            qsizetype j = i + 1;
            for (; j < n && command.at(j) != QLatin1Char('"'); ++j) {
                if (command.at(j) == QLatin1Char('\\') && j + 1 < n) {
                    const QChar e = command.at(j + 1);
                    // In double quotes a backslash only escapes these.
                    if (e == QLatin1Char('"') || e == QLatin1Char('\\') || e == QLatin1Char('$')
                        || e == QLatin1Char('`')) {
                        word.append(e);
                        ++j;
                        continue;
                    }
                    if (e == QLatin1Char('\n')) {
                        ++j;
                        continue;
                    }
                }
                word.append(command.at(j));
            }
            if (j >= n)
                return fail(errorMessage, QStringLiteral("unterminated double quote"));
            i = j;
        } else {
            word.append(c);
        }
    }
    if (inWord)
        words->append(word);
    return true;
}

bool CurlCommand::parse(const QString &command, const SseClientOptions &base,
                        SseClientOptions *options, QStringList *warnings, QString *errorMessage)
{
    QStringList words;
    if (!split(command, &words, errorMessage))
        return false;
    if (!words.isEmpty()
        && (words.first() == QLatin1String("curl") || words.first().endsWith(QLatin1String("/curl"))
            || words.first() == QLatin1String("curl.exe")))
        words.removeFirst();
    if (words.isEmpty())
        return fail(errorMessage, QStringLiteral("no curl command to read"));

    SseClientOptions out = base;
    out.headers.clear();
    out.body.clear();
    out.lastEventId.clear();
    out.method = QByteArrayLiteral("GET");
    QByteArray method;
    QString url;
    bool hasBody = false;

    // Split "-Hvalue" and "--name=value" into option and value, and clusters like -sSN. The
    // word after an option that takes a value is that value, even when it starts with '-'
    // (`-d -1`, or a body exported as `--data-raw '-x'`).
    QStringList args;
    bool valueNext = false;
    for (const QString &w : std::as_const(words)) {
        if (valueNext) {
            args << w;
            valueNext = false;
            continue;
        }
        if (w.startsWith(QLatin1String("--")) && w.contains(QLatin1Char('='))) {
            const qsizetype eq = w.indexOf(QLatin1Char('='));
            if (isLongWithValue(w.left(eq))) {
                args << w.left(eq) << w.mid(eq + 1);
                continue;
            }
        }
        if (w.size() > 2 && w.startsWith(QLatin1Char('-')) && !w.startsWith(QLatin1String("--"))) {
            for (qsizetype k = 1; k < w.size(); ++k) {
                const QChar o = w.at(k);
                args << QStringLiteral("-") + o;
                if (kShortWithValue.contains(o)) {
                    if (k + 1 < w.size())
                        args << w.mid(k + 1);
                    else
                        valueNext = true;
                    break;
                }
            }
            continue;
        }
        args << w;
        valueNext =
            (w.size() == 2 && w.startsWith(QLatin1Char('-')) && kShortWithValue.contains(w.at(1)))
            || isLongWithValue(w);
    }

    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        const bool takesValue =
            (a.size() == 2 && a.startsWith(QLatin1Char('-')) && kShortWithValue.contains(a.at(1)))
            || isLongWithValue(a);
        QString value;
        if (takesValue) {
            if (i + 1 >= args.size())
                return fail(errorMessage, QStringLiteral("%1 needs a value").arg(a));
            value = args.at(++i);
        }
        if (a == QLatin1String("-H") || a == QLatin1String("--header")) {
            QPair<QByteArray, QByteArray> header;
            QString error;
            if (!HeaderLine::parse(value, &header, &error))
                return fail(errorMessage, QStringLiteral("not a header: ") + error);
            const QByteArray &name = header.first;
            const QByteArray &headerValue = header.second;
            if (name.compare("last-event-id", Qt::CaseInsensitive) == 0)
                out.lastEventId = headerValue;
            else if (name.compare("accept", Qt::CaseInsensitive) == 0
                     && headerValue == "text/event-stream")
                continue; // ssemon sends it anyway
            else
                out.headers.append({name, headerValue});
        } else if (a == QLatin1String("-X") || a == QLatin1String("--request")) {
            method = value.trimmed().toUpper().toUtf8();
        } else if (a == QLatin1String("-d") || a == QLatin1String("--data")
                   || a == QLatin1String("--data-raw") || a == QLatin1String("--data-binary")
                   || a == QLatin1String("--data-ascii") || a == QLatin1String("--json")) {
            if (value.startsWith(QLatin1Char('@')) && a != QLatin1String("--data-raw")) {
                return fail(errorMessage,
                            QStringLiteral("%1 %2 reads a file: paste the body into the request "
                                           "editor instead")
                                .arg(a, value));
            }
            if (hasBody && !out.body.isEmpty())
                out.body.append('&'); // curl joins repeated -d with &
            out.body.append(value.toUtf8());
            hasBody = true;
            if (a == QLatin1String("--json")) {
                setHeader(&out, "Content-Type", "application/json");
                setHeader(&out, "Accept", "application/json");
            }
        } else if (a == QLatin1String("-u") || a == QLatin1String("--user")) {
            setHeader(&out, "Authorization", "Basic " + value.toUtf8().toBase64());
        } else if (a == QLatin1String("--oauth2-bearer")) {
            setHeader(&out, "Authorization", "Bearer " + value.toUtf8());
        } else if (a == QLatin1String("-A") || a == QLatin1String("--user-agent")) {
            setHeader(&out, "User-Agent", value.toUtf8());
        } else if (a == QLatin1String("-e") || a == QLatin1String("--referer")) {
            setHeader(&out, "Referer", value.toUtf8());
        } else if (a == QLatin1String("-b") || a == QLatin1String("--cookie")) {
            if (!value.contains(QLatin1Char('='))) {
                return fail(errorMessage,
                            QStringLiteral("-b %1 reads a cookie file: paste the cookies instead")
                                .arg(value));
            }
            setHeader(&out, "Cookie", value.toUtf8());
        } else if (a == QLatin1String("-x") || a == QLatin1String("--proxy")) {
            out.proxyMode = SseClientOptions::ProxyMode::Explicit;
            out.proxyUrl = QUrl::fromUserInput(value);
        } else if (a == QLatin1String("--noproxy")) {
            if (value.trimmed() == QLatin1String("*"))
                out.proxyMode = SseClientOptions::ProxyMode::None;
        } else if (a == QLatin1String("-k") || a == QLatin1String("--insecure")) {
            out.ignoreSslErrors = true;
        } else if (a == QLatin1String("--cacert")) {
            out.caFile = value;
        } else if (a == QLatin1String("--compressed")) {
            out.compression = true;
        } else if (a == QLatin1String("--http2-prior-knowledge")) {
            out.http2PriorKnowledge = true;
            if (out.transport == SseClientOptions::Transport::Wire)
                out.transport = SseClientOptions::Transport::Auto;
        } else if (a == QLatin1String("--http1.1")) {
            // HTTP/1.1 as sent and received: the wire transport.
            out.transport = SseClientOptions::Transport::Wire;
            out.http2PriorKnowledge = false;
            out.cookies = false;
        } else if (a == QLatin1String("--url")) {
            url = value;
        } else if (a == QLatin1String("-G") || a == QLatin1String("--get")) {
            method = QByteArrayLiteral("GET");
        } else if (isIgnoredFlag(a)) {
            continue;
        } else if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            if (warnings) {
                *warnings << (takesValue ? QStringLiteral("%1 %2 ignored").arg(a, value)
                                         : QStringLiteral("%1 ignored").arg(a));
            }
        } else if (url.isEmpty()) {
            url = a;
        } else {
            return fail(errorMessage,
                        QStringLiteral("more than one URL (\"%1\", \"%2\")").arg(url, a));
        }
    }
    for (const auto &header : std::as_const(out.headers)) {
        if (breaksHeader(header.first) || breaksHeader(header.second)) {
            return fail(errorMessage,
                        QStringLiteral("header \"%1\" contains a line break or NUL")
                            .arg(QString::fromUtf8(header.first)));
        }
    }
    if (breaksHeader(out.lastEventId))
        return fail(errorMessage, QStringLiteral("Last-Event-ID contains a line break or NUL"));
    if (url.isEmpty())
        return fail(errorMessage, QStringLiteral("no URL in the command"));
    out.url = QUrl::fromUserInput(url);
    // fromUserInput takes what is not a URL for a local file (":1080" becomes file::1080).
    const QString scheme = out.url.scheme().toLower();
    if (!out.url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
        return fail(errorMessage, QStringLiteral("not an http(s) URL: \"%1\"").arg(url));
    // curl's rule: a body makes it a POST unless -X says otherwise.
    out.method = !method.isEmpty() ? method
        : hasBody                  ? QByteArrayLiteral("POST")
                                   : QByteArrayLiteral("GET");
    *options = out;
    return true;
}

QString CurlCommand::shellQuote(const QString &word)
{
    bool plain = !word.isEmpty();
    for (QChar c : word) {
        if (!(c.isLetterOrNumber() || QStringLiteral("-_./:=@%+,").contains(c))
            || c.unicode() > 127) {
            plain = false;
            break;
        }
    }
    if (plain)
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString CurlCommand::toCurl(const SseClientOptions &options)
{
    QStringList parts {QStringLiteral("curl"), QStringLiteral("-N")};
    // curl picks POST when there is a body: a GET with a body (as `-G -d` imports) says so, or
    // it would come back as a POST.
    if (options.method != "GET" || !options.body.isEmpty())
        parts << QStringLiteral("-X") << shellQuote(QString::fromUtf8(options.method));
    parts << QStringLiteral("-H") << shellQuote(QStringLiteral("Accept: text/event-stream"));
    for (const auto &header : options.headers) {
        parts << QStringLiteral("-H")
              << shellQuote(QString::fromUtf8(header.first + ": " + header.second));
    }
    if (!options.lastEventId.isEmpty()) {
        parts << QStringLiteral("-H")
              << shellQuote(QStringLiteral("Last-Event-ID: ")
                            + QString::fromUtf8(options.lastEventId));
    }
    if (!options.body.isEmpty())
        parts << QStringLiteral("--data-raw") << shellQuote(QString::fromUtf8(options.body));
    if (options.ignoreSslErrors)
        parts << QStringLiteral("-k");
    if (!options.caFile.isEmpty())
        parts << QStringLiteral("--cacert") << shellQuote(options.caFile);
    if (options.proxyMode == SseClientOptions::ProxyMode::Explicit)
        parts << QStringLiteral("--proxy") << shellQuote(options.proxyUrl.toString());
    else if (options.proxyMode == SseClientOptions::ProxyMode::None)
        parts << QStringLiteral("--noproxy") << shellQuote(QStringLiteral("*"));
    if (options.compression)
        parts << QStringLiteral("--compressed");
    if (options.http2PriorKnowledge)
        parts << QStringLiteral("--http2-prior-knowledge");
    else if (options.transport == SseClientOptions::Transport::Wire)
        parts << QStringLiteral("--http1.1");
    parts << shellQuote(options.url.toString(QUrl::FullyEncoded));
    return parts.join(QLatin1Char(' '));
}
