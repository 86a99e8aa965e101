// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// A request header as a user types it (watch -H, curl -H in a pasted command): what is accepted
// can go on the wire as one field (a token name, no line break or NUL in the value) and reads
// back the same from its formatted form; what is refused says why.
#include "http/headerline.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    QPair<QByteArray, QByteArray> header;
    QString error;
    if (!HeaderLine::parse(text, &header, &error)) {
        if (error.isEmpty())
            std::abort();
        return 0;
    }
    if (!error.isEmpty() || !HeaderLine::isToken(header.first)
        || HeaderLine::breaksLine(header.second) || header.second != header.second.trimmed())
        std::abort();
    QPair<QByteArray, QByteArray> back;
    if (!HeaderLine::parse(HeaderLine::format(header), &back, &error) || back != header)
        std::abort();
    return 0;
}
