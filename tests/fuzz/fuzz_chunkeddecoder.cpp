// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The tap proxy's chunked-body decoder, fed whole and in slices chosen by the input: every data
// view lies inside the bytes given, the decoded body, the verdict, the error message and the
// bytes taken are the same whatever the slicing (TCP may cut anywhere), and the counters agree
// with what was handed out.
#include "http/chunkeddecoder.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

struct Outcome
{
    ChunkedDecoder::Status status;
    QByteArray error;
    QByteArray body;
    qsizetype consumed;
    qint64 chunks;
};

Outcome run(const uint8_t *data, size_t size, const uint8_t *cuts, size_t cutCount,
            qsizetype maxLine, qsizetype maxTrailer)
{
    ChunkedDecoder decoder(maxLine, maxTrailer);
    QByteArray body;
    size_t at = 0;
    qsizetype consumed = 0;
    size_t cut = 0;
    while (at < size && decoder.status() == ChunkedDecoder::Status::InProgress) {
        const size_t n = cut < cutCount ? std::min(size - at, size_t(cuts[cut++]) + 1) : size - at;
        QByteArrayView piece(reinterpret_cast<const char *>(data) + at, qsizetype(n));
        // As the proxy does: call again with the rest until all is taken or it stops.
        while (!piece.isEmpty() && decoder.status() == ChunkedDecoder::Status::InProgress) {
            QByteArrayView chunk;
            const qsizetype took = decoder.feed(piece, &chunk);
            if (took < 0 || took > piece.size())
                std::abort();
            if (!chunk.isEmpty()
                && (chunk.data() < piece.data()
                    || chunk.data() + chunk.size() > piece.data() + took))
                std::abort(); // a data view must lie inside the bytes it consumed
            body.append(chunk);
            consumed += took;
            piece = piece.sliced(took);
            if (took == 0 && decoder.status() == ChunkedDecoder::Status::InProgress)
                std::abort(); // no progress and no verdict: the proxy would spin
        }
        at += n;
    }
    if (decoder.decodedBytes() != body.size())
        std::abort();
    if (decoder.hasError() && decoder.errorMessage().isEmpty())
        std::abort();
    return {decoder.status(), decoder.errorMessage(), body, consumed, decoder.chunks()};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    // Small bounds from the first bytes so that the bound paths are reached; the third says how
    // many bytes at the end of the input are slice lengths rather than the body.
    const qsizetype maxLine = 4 + data[0];
    const qsizetype maxTrailer = 4 + data[1] * 4;
    const size_t cutCount = std::min<size_t>(data[2] % 65, size - 3);
    const uint8_t *body = data + 3;
    const size_t bodySize = size - 3 - cutCount;
    const uint8_t *cuts = body + bodySize;

    const Outcome whole = run(body, bodySize, nullptr, 0, maxLine, maxTrailer);
    const Outcome sliced = run(body, bodySize, cuts, cutCount, maxLine, maxTrailer);
    if (whole.status != sliced.status || whole.error != sliced.error || whole.body != sliced.body
        || whole.consumed != sliced.consumed || whole.chunks != sliced.chunks) {
        std::fprintf(stderr,
                     "whole: status %d error '%s' consumed %lld chunks %lld body %lld bytes\n"
                     "sliced: status %d error '%s' consumed %lld chunks %lld body %lld bytes\n",
                     int(whole.status), whole.error.constData(), qlonglong(whole.consumed),
                     qlonglong(whole.chunks), qlonglong(whole.body.size()), int(sliced.status),
                     sliced.error.constData(), qlonglong(sliced.consumed), qlonglong(sliced.chunks),
                     qlonglong(sliced.body.size()));
        std::abort();
    }
    return 0;
}
