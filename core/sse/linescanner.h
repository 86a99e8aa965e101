// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// The parser's inner loops (and the tap proxy's re-framer's line splitting): find the next CR or LF
// in one pass, noting on the way whether any byte had its high bit set (so that ASCII text, the
// usual case, is never validated as UTF-8 again), and optionally copy the bytes before the line end
// in the same pass. SSE2 where the target has it (every x86-64), a scalar loop elsewhere.
namespace LineScanner {

inline bool isLineEnd(char c)
{
    return c == '\n' || c == '\r';
}

#if defined(__SSE2__)
inline int lineEndMask(__m128i v)
{
    return _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                          _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
}
#endif

// The first CR or LF in [p, end), or end. `highBits` gets bit 7 of some byte before it set
// when any byte before the returned position is non-ASCII (it is only ever OR-ed into).
inline const char *findLineEnd(const char *p, const char *end, unsigned &highBits)
{
#if defined(__SSE2__)
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const int eol = lineEndMask(v);
        const int high = _mm_movemask_epi8(v);
        if (eol) {
            const int at = __builtin_ctz(unsigned(eol));
            highBits |= unsigned(high) & ((1u << at) - 1u);
            return p + at;
        }
        highBits |= unsigned(high);
        p += 16;
    }
#endif
    for (; p < end; ++p) {
        if (isLineEnd(*p))
            return p;
        highBits |= static_cast<unsigned char>(*p) & 0x80u;
    }
    return end;
}

// Like findLineEnd(), and copies the bytes before the line end to `out` (which has room for
// end - p bytes) in the same pass.
inline const char *copyToLineEnd(const char *p, const char *end, char *out, unsigned &highBits)
{
#if defined(__SSE2__)
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const int eol = lineEndMask(v);
        if (eol)
            break;
        highBits |= unsigned(_mm_movemask_epi8(v));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out), v);
        p += 16;
        out += 16;
    }
#endif
    for (; p < end; ++p, ++out) {
        if (isLineEnd(*p))
            return p;
        highBits |= static_cast<unsigned char>(*p) & 0x80u;
        *out = *p;
    }
    return end;
}

// findLineEnd() for callers that do not track non-ASCII bytes.
inline const char *findLineEnd(const char *p, const char *end)
{
    unsigned highBits = 0;
    return findLineEnd(p, end, highBits);
}

// The position just past the line end at `eol` (a CR or LF before `end`), CR LF counting as one.
// `crAtEnd` is set when `eol` is a CR that ends the slice: an LF starting the next slice still
// belongs to this line end (and is not a blank line).
inline const char *skipLineEnd(const char *eol, const char *end, bool &crAtEnd)
{
    const char *next = eol + 1;
    crAtEnd = false;
    if (*eol == '\r') {
        if (next == end)
            crAtEnd = true;
        else if (*next == '\n')
            ++next;
    }
    return next;
}

} // namespace LineScanner
