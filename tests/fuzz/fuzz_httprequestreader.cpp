// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The mock server's request-head reader, fed whole and in slices: no crash, no read past the
// input, the bound on the head honoured, and the same verdict whatever the slicing.
#include "http/httprequestreader.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

struct Verdict
{
    HttpRequestReader::Status status;
    int errorStatus;
    qsizetype consumed;
    QByteArray method;
    QByteArray target;
    qsizetype headers;
};

Verdict run(const uint8_t *data, size_t size, size_t slice, qsizetype bound)
{
    HttpRequestReader reader(bound);
    size_t at = 0;
    qsizetype consumed = 0;
    while (at < size && reader.status() == HttpRequestReader::Status::Incomplete) {
        const size_t n = std::min(slice, size - at);
        const qsizetype took =
            reader.feed(QByteArrayView(reinterpret_cast<const char *>(data) + at, qsizetype(n)));
        if (took < 0 || size_t(took) > n)
            std::abort();
        consumed += took;
        at += n;
        if (size_t(took) < n && reader.status() == HttpRequestReader::Status::Incomplete)
            std::abort(); // it may only leave bytes once the head is complete or failed
    }
    if (reader.headBytes() > bound)
        std::abort();
    (void)reader.path();
    (void)reader.header("last-event-id");
    return {reader.status(), reader.errorStatus(), consumed,
            reader.method(), reader.target(),      reader.headers().size()};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype bound = 64 + qsizetype(data[0]) * 16;
    const Verdict whole = run(data + 1, size - 1, size, bound);
    const Verdict sliced = run(data + 1, size - 1, 1 + data[0] % 7, bound);
    if (whole.status != sliced.status || whole.errorStatus != sliced.errorStatus
        || whole.method != sliced.method || whole.target != sliced.target
        || whole.headers != sliced.headers) {
        std::fprintf(stderr,
                     "whole: status %d error %d method '%s' target '%s' headers %lld\n"
                     "sliced: status %d error %d method '%s' target '%s' headers %lld\n",
                     int(whole.status), whole.errorStatus, whole.method.constData(),
                     whole.target.constData(), qlonglong(whole.headers), int(sliced.status),
                     sliced.errorStatus, sliced.method.constData(), sliced.target.constData(),
                     qlonglong(sliced.headers));
        std::abort();
    }
    if (whole.status == HttpRequestReader::Status::Complete && whole.consumed != sliced.consumed)
        std::abort();
    return 0;
}
