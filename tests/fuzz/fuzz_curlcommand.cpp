// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The curl command importer (what users paste from a browser's "Copy as cURL" or from API
// documentation): no crash on any text, a refusal says why, and the way back is faithful:
// a word quoted by shellQuote splits back to itself, and a command that imports exports with
// toCurl to one that imports to the same request.
#include "io/curlcommand.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void differ(const char *what, const QString &a, const QString &b)
{
    // Percent-encoded, so that line ends and other control characters show.
    std::fprintf(stderr, "%s differ:\n%s\n---\n%s\n", what,
                 a.toUtf8().toPercentEncoding(" :/=&'\"").constData(),
                 b.toUtf8().toPercentEncoding(" :/=&'\"").constData());
    std::abort();
}

QString describe(const SseClientOptions &o)
{
    QString text = QString::fromUtf8(o.method) + QLatin1Char(' ')
        + o.url.toString(QUrl::FullyEncoded) + QLatin1Char('\n');
    for (const auto &header : o.headers)
        text += QString::fromUtf8(header.first + ": " + header.second) + QLatin1Char('\n');
    text += QStringLiteral("last-event-id: ") + QString::fromUtf8(o.lastEventId)
        + QStringLiteral("\nbody: ") + QString::fromUtf8(o.body)
        + QStringLiteral("\ninsecure: %1 compressed: %2 cafile: %3")
              .arg(o.ignoreSslErrors)
              .arg(o.compression)
              .arg(o.caFile);
    return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString command =
        QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));

    // Quoting then splitting gives the word back.
    QStringList words;
    const QString quoted = CurlCommand::shellQuote(command);
    if (!CurlCommand::split(quoted, &words))
        differ("quoted word does not split", command, quoted);
    if (words != QStringList {command})
        differ("quoted word", command, words.join(QStringLiteral("\u2016")));

    SseClientOptions first;
    QStringList warnings;
    QString error;
    if (!CurlCommand::parse(command, SseClientOptions(), &first, &warnings, &error)) {
        if (error.isEmpty())
            std::abort();
        return 0;
    }
    const QString exported = CurlCommand::toCurl(first);
    SseClientOptions second;
    if (!CurlCommand::parse(exported, SseClientOptions(), &second, &warnings, &error))
        differ("export does not import", exported, error);
    if (describe(first) != describe(second))
        differ("imported and re-imported request", describe(first), describe(second));
    return 0;
}
