// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "inflater.h"

#include <algorithm>
#include <climits>

#ifdef SSEMON_HAVE_ZLIB
#include <zlib.h>
#endif

struct Inflater::State
{
#ifdef SSEMON_HAVE_ZLIB
    z_stream stream {};
    bool initialised = false;
    bool ended = false; // Z_STREAM_END of the last member
    bool pending = false; // the last call filled its allowance: zlib may hold more output
    bool sawInput = false;
    bool trailing = false; // bytes after the last gzip member that are not one: all ignored
#endif
};

Inflater::Inflater(Format format)
    : d(std::make_unique<State>())
    , m_format(format)
{
#ifdef SSEMON_HAVE_ZLIB
    // 16 + 15: the gzip wrapper. Deflate waits for its first two bytes to tell a zlib header
    // from raw data.
    if (format == Format::Gzip)
        d->initialised = inflateInit2(&d->stream, 16 + MAX_WBITS) == Z_OK;
#endif
}

Inflater::~Inflater()
{
#ifdef SSEMON_HAVE_ZLIB
    if (d->initialised)
        inflateEnd(&d->stream);
#endif
}

bool Inflater::hasPendingOutput() const
{
#ifdef SSEMON_HAVE_ZLIB
    return d->pending;
#else
    return false;
#endif
}

bool Inflater::isComplete() const
{
#ifdef SSEMON_HAVE_ZLIB
    return !d->sawInput || d->ended; // an ended stream holds nothing back
#else
    return true;
#endif
}

bool Inflater::isAvailable()
{
#ifdef SSEMON_HAVE_ZLIB
    return true;
#else
    return false;
#endif
}

qsizetype Inflater::inflate(QByteArrayView input, qsizetype maxOutput, QByteArray *out)
{
#ifndef SSEMON_HAVE_ZLIB
    Q_UNUSED(input);
    Q_UNUSED(maxOutput);
    Q_UNUSED(out);
    m_error = QStringLiteral("compressed responses need zlib, which this build lacks");
    return -1;
#else
    if (!input.isEmpty())
        d->sawInput = true;
    if (d->trailing)
        return input.size();
    if (!d->initialised && m_format == Format::Deflate) {
        if (input.size() < 2)
            return 0;
        // RFC 1950 2.2: a zlib header is CM = 8 and CINFO <= 7 (a window of at most 32 KiB)
        // and a multiple of 31 as a 16-bit number; anything else is taken as raw deflate
        // (RFC 1951), as browsers do.
        const uint cmf = uchar(input[0]);
        const uint flg = uchar(input[1]);
        const bool zlibHeader = (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && (cmf * 256 + flg) % 31 == 0;
        d->initialised = inflateInit2(&d->stream, zlibHeader ? MAX_WBITS : -MAX_WBITS) == Z_OK;
    }
    if (!d->initialised) {
        m_error = QStringLiteral("cannot start the zlib decoder");
        return -1;
    }
    qsizetype consumed = 0;
    while ((consumed < input.size() || d->pending) && maxOutput > 0) {
        if (d->ended) {
            d->pending = false;
            if (consumed == input.size())
                break;
            if (m_format != Format::Gzip)
                return input.size(); // RFC 9110: nothing follows a deflate stream; drop it
            // Another gzip member (RFC 1952 2.2) starts with ID1 ID2 = 1f 8b; anything else
            // after a member is trailing garbage, ignored to the end as gzip(1) does.
            const QByteArrayView rest = input.sliced(consumed);
            if (uchar(rest[0]) != 0x1f || (rest.size() > 1 && uchar(rest[1]) != 0x8b)) {
                d->trailing = true;
                return input.size();
            }
            if (rest.size() < 2)
                break; // one byte of what may be a member: wait for the next
            inflateReset(&d->stream);
            d->ended = false;
        }
        const qsizetype chunk = std::min<qsizetype>(maxOutput, 64 * 1024);
        const qsizetype before = out->size();
        out->resize(before + chunk);
        const qsizetype inputLeft = std::min<qsizetype>(input.size() - consumed, INT_MAX);
        d->stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.data() + consumed));
        d->stream.avail_in = uInt(inputLeft);
        d->stream.next_out = reinterpret_cast<Bytef *>(out->data() + before);
        d->stream.avail_out = uInt(chunk);
        const int rc = ::inflate(&d->stream, Z_NO_FLUSH);
        const qsizetype taken = inputLeft - qsizetype(d->stream.avail_in);
        const qsizetype produced = chunk - qsizetype(d->stream.avail_out);
        out->resize(before + produced);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            const char *why = rc == Z_NEED_DICT ? "it needs a preset dictionary, which HTTP "
                                                  "does not provide"
                : d->stream.msg                 ? d->stream.msg
                                                : "zlib error";
            m_error = QStringLiteral("corrupt %1 data: %2")
                          .arg(m_format == Format::Gzip ? QStringLiteral("gzip")
                                                        : QStringLiteral("deflate"),
                               QString::fromLatin1(why));
            return -1;
        }
        consumed += taken;
        maxOutput -= produced;
        // zlib stops when the output is full, even with all the input taken and more to give.
        d->pending = rc != Z_STREAM_END && d->stream.avail_out == 0;
        if (rc == Z_STREAM_END)
            d->ended = true;
        else if (taken == 0 && produced == 0)
            break; // needs more input
    }
    return consumed;
#endif
}
