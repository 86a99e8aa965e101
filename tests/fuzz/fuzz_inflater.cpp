// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The client's gzip/deflate decoder on bytes a server chose: no call gives more than it was
// allowed, and fed whole or in slices with small output allowances it gives the same bytes and
// the same verdict, and agrees on whether the stream was complete.
#include "http/inflater.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

constexpr qsizetype kMaxTotal = 256 * 1024; // a bomb is cut here, the same way both times

struct Result
{
    QByteArray out;
    bool failed = false;
    bool complete = false;
};

Result run(Inflater::Format format, QByteArrayView input, qsizetype slice, qsizetype allowance)
{
    Inflater inflater(format);
    Result result;
    QByteArray pending;
    qsizetype at = 0;
    while (result.out.size() < kMaxTotal) {
        if (at < input.size()) {
            const qsizetype n = std::min(slice, input.size() - at);
            pending.append(input.sliced(at, n));
            at += n;
        }
        const qsizetype room = std::min(allowance, kMaxTotal - result.out.size());
        const qsizetype before = result.out.size();
        const qsizetype taken = inflater.inflate(pending, room, &result.out);
        if (taken < 0) {
            if (inflater.errorString().isEmpty())
                std::abort();
            result.failed = true;
            break;
        }
        if (taken > pending.size() || result.out.size() - before > room)
            std::abort();
        pending.remove(0, taken);
        if (taken == 0 && result.out.size() == before && at >= input.size())
            break; // needs input that will not come
    }
    result.complete = inflater.isComplete();
    result.out.truncate(kMaxTotal);
    return result;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || !Inflater::isAvailable())
        return 0;
    const Inflater::Format format =
        (data[0] & 1) ? Inflater::Format::Gzip : Inflater::Format::Deflate;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const Result whole = run(format, input, input.size() + 1, kMaxTotal);
    const Result sliced = run(format, input, 1 + (data[0] >> 1) % 13, 64 + (data[0] >> 4) * 97);
    // Output before an error may differ in how much was produced; after a clean run, not.
    if (whole.failed != sliced.failed) {
        std::fprintf(stderr, "whole: failed %d, %lld bytes; sliced: failed %d, %lld bytes\n",
                     int(whole.failed), qlonglong(whole.out.size()), int(sliced.failed),
                     qlonglong(sliced.out.size()));
        std::abort();
    }
    if (!whole.failed && whole.out != sliced.out) {
        std::fprintf(stderr, "whole: %lld bytes; sliced: %lld bytes\n", qlonglong(whole.out.size()),
                     qlonglong(sliced.out.size()));
        std::abort();
    }
    // Cut short or not: the same answer once all the input was offered (a run stopped by the
    // output cut may not have seen its end).
    if (!whole.failed && whole.out.size() < kMaxTotal && whole.complete != sliced.complete) {
        std::fprintf(stderr, "whole: complete %d; sliced: complete %d\n", int(whole.complete),
                     int(sliced.complete));
        std::abort();
    }
    if (whole.failed && !whole.out.startsWith(sliced.out) && !sliced.out.startsWith(whole.out))
        std::abort();
    return 0;
}
