// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/sseclientoptions.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <QStringView>

// A request as a small program that consumes the stream in another language, the counterpart
// of CurlCommand::toCurl for people who write a client next. Pure: text in, text out.
class CodeSnippet
{
public:
    enum class Language {
        JavaScript, // browser EventSource when it can make the request, fetch() otherwise
        Python, // httpx
    };

    static QString name(Language language); // "JavaScript", "Python"
    static QString library(Language language); // "EventSource / fetch", "httpx"

    static QString make(Language language, const SseClientOptions &options);

    // Why a browser EventSource cannot make this request (it sends a plain GET with the
    // browser's own headers), in words; empty when it can.
    static QStringList eventSourceObstacles(const SseClientOptions &options);

    // A double-quoted literal that reads back as `text` in `language`. Printable characters
    // are kept as they are, control, format and separator characters escaped.
    static QString stringLiteral(QStringView text, Language language);
    // A literal for exact bytes: Python b"...", and for JavaScript a string of one character
    // per byte (what fetch() sends a header value as).
    static QString bytesLiteral(QByteArrayView bytes, Language language);
};
