// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "deflater.h"

#ifdef SSEMON_HAVE_ZLIB
#include <zlib.h>
#endif

#ifdef SSEMON_HAVE_ZLIB
struct Deflater::State
{
    State()
    {
        // 16 + 15: a gzip wrapper around a 32 KiB window.
        ok =
            deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY)
            == Z_OK;
    }
    ~State()
    {
        if (ok)
            deflateEnd(&stream);
    }
    z_stream stream {};
    bool ok = false;
};
#else
struct Deflater::State
{
};
#endif

Deflater::Deflater()
    : d(std::make_unique<State>())
{ }

Deflater::~Deflater() = default;

bool Deflater::isAvailable()
{
#ifdef SSEMON_HAVE_ZLIB
    return true;
#else
    return false;
#endif
}

QByteArray Deflater::deflate(QByteArrayView bytes)
{
    return run(bytes, false);
}

QByteArray Deflater::finish()
{
    QByteArray out = run({}, true);
    m_finished = true;
    return out;
}

QByteArray Deflater::run(QByteArrayView bytes, bool last)
{
    if (m_finished)
        return {};
#ifdef SSEMON_HAVE_ZLIB
    if (!d->ok)
        return {};
    QByteArray out;
    z_stream &stream = d->stream;
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(bytes.data()));
    stream.avail_in = uInt(bytes.size());
    char buffer[16384];
    do {
        stream.next_out = reinterpret_cast<Bytef *>(buffer);
        stream.avail_out = sizeof buffer;
        ::deflate(&stream, last ? Z_FINISH : Z_NO_FLUSH);
        out.append(buffer, qsizetype(sizeof buffer - stream.avail_out));
    } while (stream.avail_out == 0);
    return out;
#else
    // Without zlib the gzip fault is refused before it can reach a stream.
    Q_UNUSED(last)
    return bytes.toByteArray();
#endif
}
