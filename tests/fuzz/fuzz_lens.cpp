// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// Any bytes through the event-stream parser into every lens (auto, each lens by name, the
// OpenAI family) with the request the input picks: nothing crashes, the memory bounds hold
// (kept text, blocks, one problem per code), and the stream read whole and in slices chosen by
// the input gives the same facts, the same changes and the same answer text.
#include "lens/lenscontext.h"
#include "lens/lensregistry.h"
#include "lens/lensstream.h"
#include "sse/sseparser.h"
#include "sse/utf8.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

constexpr size_t kCuts = 32;

class Collector : public SseParser::Handler
{
public:
    QList<SseEvent> events;
    void event(const SseEvent &e) override { events.append(e); }
    void comment(QByteArrayView) override { }
    void retry(qint64) override { }
};

QList<SseEvent> parse(const char *data, size_t size, const uint8_t *cuts, size_t cutCount)
{
    Collector collector;
    SseParser parser(&collector);
    size_t at = 0;
    for (size_t i = 0; i < cutCount && at < size; ++i) {
        const size_t n = std::min(size - at, size_t(cuts[i]) + 1);
        parser.feed(QByteArrayView(data + at, qsizetype(n)));
        at += n;
    }
    if (at < size)
        parser.feed(QByteArrayView(data + at, qsizetype(size - at)));
    parser.finish();
    return collector.events;
}

struct Outcome
{
    LensFacts facts;
    std::string trace;
};

void note(Outcome &outcome, const LensStream::Update &update)
{
    for (const LensChange &c : update.changes) {
        outcome.trace += LensChange::whatName(c.what).toStdString() + ' ' + std::to_string(c.block)
            + ' ' + std::to_string(int(c.problem)) + '\n';
    }
    if (!update.answer.isEmpty())
        outcome.trace += "answer " + update.answer.toStdString() + '\n';
}

Outcome read(const QByteArray &choice, const LensContext &context, const QList<SseEvent> &events,
             LensStream::End end)
{
    Outcome outcome;
    LensStream stream(choice);
    note(outcome, stream.begin(context));
    for (qsizetype i = 0; i < events.size(); ++i)
        note(outcome, stream.event(events.at(i), context.requestStartNs + (i + 1) * 1000));
    note(outcome, stream.finish(end, QStringLiteral("the fuzzer ended it")));
    outcome.facts = stream.facts();
    return outcome;
}

void fail(const char *what, const QByteArray &choice)
{
    std::fprintf(stderr, "lens %s: %s\n", choice.constData(), what);
    std::abort();
}

void checkBounds(const LensFacts &f, const QByteArray &choice)
{
    if (f.keptBytes > LensFacts::kMaxKeptBytes || f.blocks.size() > LensFacts::kMaxBlocks
        || f.problems.size() > LensProblem::kCodes)
        fail("a memory bound does not hold", choice);
    qint64 kept = 0;
    for (const LensBlock &b : f.blocks) {
        kept += b.text.size();
        if (b.text.size() > b.bytes || b.chars > b.bytes || !Utf8::isValid(b.text))
            fail("a block keeps more than it received, or invalid UTF-8", choice);
    }
    if (kept != f.keptBytes)
        fail("keptBytes is not the blocks' text", choice);
    for (const LensProblem &p : f.problems) {
        if (p.message.isEmpty() || p.count < 1)
            fail("a problem without a message", choice);
    }
    if (!f.lens.isEmpty() && !f.ended)
        fail("a lens that read the stream did not end with it", choice);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    static const char *const urls[] = {
        "https://api.openai.com/v1/chat/completions",
        "https://api.openai.com/v1/responses",
        "https://api.anthropic.com/v1/messages",
        "https://generativelanguage.googleapis.com/v1beta/models/m:streamGenerateContent?alt=sse",
        "http://127.0.0.1:8080/events",
    };
    LensContext context;
    context.method = "POST";
    context.url = urls[data[0] % 5];
    context.requestStartNs = 1000000;
    context.firstByteNs = (data[0] & 0x80) ? 1500000 : 0;
    const LensStream::End end = (data[1] & 1) ? LensStream::End::Stopped : LensStream::End::Closed;
    const size_t cutCount = size > 2 + kCuts ? kCuts : 0;
    const uint8_t *cuts = data + 2;
    const char *stream = reinterpret_cast<const char *>(data + 2 + cutCount);
    const size_t streamSize = size - 2 - cutCount;

    const QList<SseEvent> whole = parse(stream, streamSize, nullptr, 0);
    const QList<SseEvent> sliced = parse(stream, streamSize, cuts, cutCount);
    // Every choice `watch --lens` takes: auto, each registered lens (the family openai too),
    // none.
    static const QList<QByteArray> choices = LensRegistry::choices();
    for (const QByteArray &choice : choices) {
        const Outcome a = read(choice, context, whole, end);
        const Outcome b = read(choice, context, sliced, end);
        checkBounds(a.facts, choice);
        if (!(a.facts == b.facts) || a.trace != b.trace) {
            std::fprintf(stderr, "--- whole:\n%s--- sliced:\n%s", a.trace.c_str(), b.trace.c_str());
            fail("whole and sliced differ", choice);
        }
        if (choice == "none" && !a.facts.lens.isEmpty())
            fail("--lens none read the stream", choice);
    }
    return 0;
}
