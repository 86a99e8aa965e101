// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The event-stream parser fed the input whole and again in slices chosen by the input itself:
// the two runs must make the same calls and end with the same last event ID and error (the
// parser's promise: fed arbitrary slices, it makes the same calls as when fed the whole stream).
#include "sse/sseparser.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

class Recorder : public SseParser::Handler
{
public:
    std::string log;
    void eventView(const SseEventView &e) override
    {
        log += "E:";
        log.append(e.type.data(), size_t(e.type.size()));
        log += '|';
        log.append(e.data.data(), size_t(e.data.size()));
        log += '|';
        log.append(e.id.data(), size_t(e.id.size()));
        log += e.idInBlock ? "|1\n" : "|0\n";
    }
    void comment(QByteArrayView text) override
    {
        log += "C:";
        log.append(text.data(), size_t(text.size()));
        log += '\n';
    }
    void retry(qint64 ms) override { log += "R:" + std::to_string(ms) + '\n'; }
};

struct Outcome
{
    std::string log;
    QByteArray lastEventId;
    SseParser::Error error;
};

Outcome run(const uint8_t *data, size_t size, const uint8_t *cuts, size_t cutCount,
            SseParser::Limits limits)
{
    Recorder recorder;
    SseParser parser(&recorder, limits);
    size_t at = 0;
    for (size_t i = 0; i < cutCount && at < size; ++i) {
        const size_t n = std::min(size - at, size_t(cuts[i]) + 1);
        parser.feed(QByteArrayView(reinterpret_cast<const char *>(data) + at, qsizetype(n)));
        at += n;
    }
    if (at < size)
        parser.feed(
            QByteArrayView(reinterpret_cast<const char *>(data) + at, qsizetype(size - at)));
    parser.finish();
    return {recorder.log, parser.lastEventId(), parser.error()};
}

// Says what differs before aborting, so that a finding is readable.
void check(const Outcome &a, const Outcome &b, const char *what)
{
    if (a.log == b.log && a.lastEventId == b.lastEventId && a.error == b.error)
        return;
    std::fprintf(
        stderr,
        "whole vs %s differ\n--- whole (error %d, id %s):\n%s\n--- %s (error %d, id %s):\n%s\n",
        what, int(a.error), a.lastEventId.constData(), a.log.c_str(), what, int(b.error),
        b.lastEventId.constData(), b.log.c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    // The first bytes choose small caps (so that the cap paths are reached) and the slicing.
    SseParser::Limits limits;
    limits.maxLineBytes = 16 + data[0] * 4;
    limits.maxEventBytes = 16 + data[1] * 8;
    const size_t cutCount = std::min<size_t>(size / 4, 64);
    const uint8_t *cuts = data + 2;
    const uint8_t *stream = data + 2 + cutCount;
    const size_t streamSize = size - 2 - cutCount;

    const Outcome whole = run(stream, streamSize, nullptr, 0, limits);
    const Outcome sliced = run(stream, streamSize, cuts, cutCount, limits);
    check(whole, sliced, "sliced");
    // Byte by byte too, on short inputs.
    if (streamSize < 256) {
        uint8_t ones[256];
        std::memset(ones, 0, sizeof ones);
        check(whole, run(stream, streamSize, ones, streamSize, limits), "byte by byte");
    }
    return 0;
}
