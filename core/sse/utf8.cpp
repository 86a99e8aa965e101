// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "utf8.h"

#include <QStringDecoder>

#include <cstdint>
#include <cstring>

namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";

// Walks `bytes` with the WHATWG UTF-8 decoder. `emitValid(from, to)` receives runs of valid
// input, `emitError()` each U+FFFD. Returns false at the first error when `stopAtError` is set.
template<typename Valid, typename Error>
bool decode(const unsigned char *p, const unsigned char *end, Valid emitValid, Error emitError,
            bool stopAtError)
{
    const unsigned char *runStart = p;
    while (p < end) {
        // ASCII fast path, a machine word at a time.
        while (end - p >= 8) {
            std::uint64_t word;
            std::memcpy(&word, p, 8);
            if (word & 0x8080808080808080ull)
                break;
            p += 8;
        }
        if (p >= end)
            break;
        const unsigned char b = *p;
        if (b < 0x80) {
            ++p;
            continue;
        }
        int needed = 0;
        unsigned char lower = 0x80, upper = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            needed = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            needed = 2;
            if (b == 0xE0)
                lower = 0xA0;
            else if (b == 0xED)
                upper = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            needed = 3;
            if (b == 0xF0)
                lower = 0x90;
            else if (b == 0xF4)
                upper = 0x8F;
        }
        const unsigned char *seqStart = p;
        ++p;
        bool ok = needed > 0;
        for (int i = 0; ok && i < needed; ++i) {
            if (p >= end || *p < lower || *p > upper) {
                ok = false; // WHATWG: the offending byte is processed again, not consumed
                break;
            }
            lower = 0x80;
            upper = 0xBF;
            ++p;
        }
        if (!ok) {
            if (stopAtError)
                return false;
            emitValid(runStart, seqStart);
            emitError();
            runStart = p;
        }
    }
    emitValid(runStart, end);
    return true;
}

} // namespace

namespace Utf8 {

bool isValid(QByteArrayView bytes) noexcept
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    return decode(
        p, p + bytes.size(), [](const unsigned char *, const unsigned char *) {}, [] {}, true);
}

QByteArray sanitized(QByteArrayView bytes)
{
    QByteArray out;
    out.reserve(bytes.size() + 8);
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    decode(
        p, p + bytes.size(),
        [&out](const unsigned char *from, const unsigned char *to) {
            out.append(reinterpret_cast<const char *>(from), to - from);
        },
        [&out] { out.append(kReplacement, 3); }, false);
    return out;
}

} // namespace Utf8

QString Utf8::toString(QByteArrayView bytes)
{
    if (bytes.isEmpty() || bytes[0] != '\xEF')
        return QString::fromUtf8(bytes);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    return decoder.decode(bytes);
}
