// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/sseclientoptions.h"

#include <QString>
#include <QStringList>

// A request as a curl command line, both ways: import what a browser's "Copy as cURL" or an
// API's documentation gives, and copy a request out for a terminal. Pure: no files are read,
// no processes run.
class CurlCommand
{
public:
    // Shell-like words: 'single' and "double" quotes, $'ANSI-C' quotes, backslash escapes and
    // backslash-newline continuations (also the ^ continuations of cmd.exe copies).
    static bool split(const QString &command, QStringList *words, QString *errorMessage = nullptr);

    // Fills url, method, headers, body, lastEventId (from a Last-Event-ID header), TLS, proxy,
    // compression and the protocol (--http2-prior-knowledge; --http1.1: the wire transport);
    // options curl has that mean nothing here (-s, -v, -N, -L, ...) are
    // ignored, and unknown ones are listed in `warnings`. Options not given keep `base` values.
    static bool parse(const QString &command, const SseClientOptions &base,
                      SseClientOptions *options, QStringList *warnings = nullptr,
                      QString *errorMessage = nullptr);

    // One line for a POSIX shell that makes the same request as ssemon does (-N, Accept).
    static QString toCurl(const SseClientOptions &options);
    static QString shellQuote(const QString &word);
};
