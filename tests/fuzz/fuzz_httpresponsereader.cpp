// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The tap proxy's upstream response-head reader, fed whole and in slices chosen by the input:
// no crash, no read past the input, the bound on the head honoured, and the same verdict (status,
// message, fields, framing, bytes taken) whatever the slicing, since TCP may cut the head
// anywhere.
#include "http/httpresponsereader.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

struct Verdict
{
    HttpResponseReader::Status status;
    QByteArray error;
    qsizetype consumed;
    QByteArray statusLine;
    int code;
    QByteArray fields; // every field line, joined
    qint64 contentLength;
    bool chunked;
    bool transferEncoding;
    QByteArray transferCodings;

    bool operator==(const Verdict &o) const
    {
        return status == o.status && error == o.error && consumed == o.consumed
            && statusLine == o.statusLine && code == o.code && fields == o.fields
            && contentLength == o.contentLength && chunked == o.chunked
            && transferEncoding == o.transferEncoding && transferCodings == o.transferCodings;
    }
};

Verdict run(const uint8_t *data, size_t size, const uint8_t *cuts, size_t cutCount, qsizetype bound)
{
    HttpResponseReader reader(bound);
    size_t at = 0;
    qsizetype consumed = 0;
    size_t cut = 0;
    while (at < size && reader.status() == HttpResponseReader::Status::Incomplete) {
        const size_t n = cut < cutCount ? std::min(size - at, size_t(cuts[cut++]) + 1) : size - at;
        const qsizetype took =
            reader.feed(QByteArrayView(reinterpret_cast<const char *>(data) + at, qsizetype(n)));
        if (took < 0 || size_t(took) > n)
            std::abort();
        // It may only leave bytes once the head is complete or failed.
        if (size_t(took) < n && reader.status() == HttpResponseReader::Status::Incomplete)
            std::abort();
        consumed += took;
        at += n;
    }
    if (reader.headBytes() > bound)
        std::abort();
    if (reader.hasError() && reader.errorMessage().isEmpty())
        std::abort(); // an error always says what is wrong
    QByteArray fields;
    for (const HttpResponseReader::Field &field : reader.fields()) {
        if (field.colon <= 0 || field.colon >= field.line.size())
            std::abort();
        (void)field.value();
        fields += field.line + '\n';
    }
    // The codings list and the framing agree: chunked is its last element, and a list comes
    // only with the field.
    const QByteArray codings = reader.transferCodings();
    if (reader.isChunked() != (codings == "chunked" || codings.endsWith(", chunked")))
        std::abort();
    if (!codings.isEmpty() && !reader.hasTransferEncoding())
        std::abort();
    (void)reader.reasonPhrase();
    (void)reader.header("content-type");
    (void)reader.hasHeader("location");
    return {reader.status(),
            reader.errorMessage(),
            consumed,
            reader.statusLine(),
            reader.statusCode(),
            fields,
            reader.contentLength(),
            reader.isChunked(),
            reader.hasTransferEncoding(),
            codings};
}

void print(const char *what, const Verdict &v)
{
    std::fprintf(stderr,
                 "%s: status %d error '%s' consumed %lld code %d length %lld chunked %d\n"
                 "fields:\n%s\n",
                 what, int(v.status), v.error.constData(), qlonglong(v.consumed), v.code,
                 qlonglong(v.contentLength), int(v.chunked), v.fields.constData());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    // The first byte chooses a small bound (so that the bound is reached), the second how many
    // bytes at the end of the input are slice lengths rather than the head.
    const qsizetype bound = 32 + qsizetype(data[0]) * 32;
    const size_t cutCount = std::min<size_t>(data[1] % 65, size - 2);
    const uint8_t *head = data + 2;
    const size_t headSize = size - 2 - cutCount;
    const uint8_t *cuts = head + headSize;

    const Verdict whole = run(head, headSize, nullptr, 0, bound);
    const Verdict sliced = run(head, headSize, cuts, cutCount, bound);
    if (!(whole == sliced)) {
        print("whole", whole);
        print("sliced", sliced);
        std::abort();
    }
    return 0;
}
