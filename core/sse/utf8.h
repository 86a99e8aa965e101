// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// UTF-8 checks and repair following the WHATWG Encoding Standard's UTF-8 decoder: every
// maximal invalid subpart becomes one U+FFFD. Works on bytes so that callers can keep UTF-8.
namespace Utf8 {

// True when the bytes are well-formed UTF-8 (an ASCII-only input is checked 8 bytes at a time).
bool isValid(QByteArrayView bytes) noexcept;

// The bytes with each invalid sequence replaced by EF BF BD (U+FFFD).
QByteArray sanitized(QByteArrayView bytes);

// Replaces `bytes` in place when invalid; a valid input is left untouched (no copy).
inline void sanitize(QByteArray &bytes)
{
    if (!isValid(bytes))
        bytes = sanitized(bytes);
}

// Decodes to QString keeping a leading U+FEFF (QString::fromUtf8 would drop it, but inside a
// field value it is data).
QString toString(QByteArrayView bytes);

} // namespace Utf8
