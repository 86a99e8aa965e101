// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// Any bytes through the event-stream parser into every lens (auto, each lens by name, the
// OpenAI family) with the request the input picks (an LLM API's, an MCP POST, an MCP resume, a
// legacy MCP stream, a plain one; with or without a latency field): nothing crashes, the memory
// bounds hold (kept text, blocks, one problem per code, MCP's rpcs and counts, the generic
// facts), and the stream read whole and in slices chosen by the input gives the same facts, the
// same changes and the same answer text.
#include "lens/lenscontext.h"
#include "lens/lensregistry.h"
#include "lens/lensstream.h"
#include "lens/mcpmessage.h"
#include "sse/jsonpointer.h"
#include "sse/sseparser.h"
#include "sse/utf8.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

constexpr size_t kCuts = 32;
// A `retry:` field travels among the events as a pseudo-event of this type.
const QByteArray kRetry = QByteArrayLiteral("\x01retry");

class Collector : public SseParser::Handler
{
public:
    QList<SseEvent> events;
    void event(const SseEvent &e) override { events.append(e); }
    void comment(QByteArrayView) override { }
    void retry(qint64 ms) override
    {
        SseEvent marker;
        marker.type = kRetry;
        marker.data = QByteArray::number(ms);
        events.append(marker);
    }
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
             LensStream::End end, const JsonPointer &latencyField)
{
    Outcome outcome;
    LensStream stream(choice);
    stream.setLatencyField(latencyField);
    note(outcome, stream.begin(context));
    qint64 n = 0;
    for (const SseEvent &event : events) {
        if (event.type == kRetry) {
            stream.retry(event.data.toLongLong());
            continue;
        }
        ++n;
        note(outcome, stream.event(event, context.requestStartNs + n * 1000));
    }
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
    const LensMcp &m = f.mcp;
    if (m.rpcs.size() > LensMcp::kMaxRpcs)
        fail("more rpcs than kMaxRpcs", choice);
    for (const LensRpc &rpc : m.rpcs) {
        if (rpc.summary.size() > McpMessage::kMaxSummary || rpc.textBlock >= f.blocks.size())
            fail("an rpc past its bounds", choice);
    }
    for (const LensCounts *counts : {&m.notifications, &m.serverRequests, &f.generic.types}) {
        if (counts->names.size() > LensCounts::kMaxNames)
            fail("more names counted than kMaxNames", choice);
        for (const auto &name : counts->names) {
            if (name.first.size() > LensCounts::kMaxNameBytes || name.second < 1)
                fail("a counted name past its bound", choice);
        }
    }
    for (const QByteArray *text : {&m.sessionId, &m.endpoint, &m.lastEventId, &m.resumeFrom,
                                   &m.serverName, &m.protocolVersion, &m.capabilities}) {
        if (text->size() > 256)
            fail("an MCP text past 256 bytes", choice);
    }
    if (m.responses > m.messages || m.errors > m.responses)
        fail("more responses than messages, or errors than responses", choice);
    const LensGeneric &g = f.generic;
    if (choice == "none" ? g.events != 0 : g.events != f.events)
        fail("the generic facts did not count every event", choice);
    if (g.latency.count() + g.latencyNegative + g.latencyMissing
        != (g.latencyField.isEmpty() ? 0 : g.events))
        fail("a latency-field event neither counted nor named", choice);
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
        "http://127.0.0.1:3000/mcp", // a POST of an initialize, a tools/call and a notification
        "http://127.0.0.1:8000/sse", // a GET: the legacy HTTP+SSE transport
        "http://127.0.0.1:3000/mcp?resume", // a GET resuming from s0/3
    };
    LensContext context;
    const int pick = data[0] % 8;
    context.method = pick >= 6 ? "GET" : "POST";
    context.url = urls[pick];
    context.requestStartNs = 1000000;
    context.firstByteNs = (data[0] & 0x80) ? 1500000 : 0;
    context.wallClockNs = qint64(1767225600) * 1000 * 1000 * 1000;
    if (pick == 5) {
        context.requestHeaders = {{"Accept", "application/json, text/event-stream"},
                                  {"Mcp-Session-Id", "s-1"}};
        context.responseHeaders = {{"Mcp-Session-Id", (data[0] & 0x40) ? "s-1" : "s-2"}};
        context.requestBody =
            R"([{"jsonrpc":"2.0","id":0,"method":"initialize","params":{}},)"
            R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"t"}},)"
            R"({"jsonrpc":"2.0","method":"notifications/initialized"}])";
    } else if (pick == 7) {
        context.requestHeaders = {{"Last-Event-ID", "s0/3"}};
    }
    const LensStream::End end = (data[1] & 1) ? LensStream::End::Stopped : LensStream::End::Closed;
    JsonPointer latencyField;
    if (data[1] & 2)
        JsonPointer::parse(QStringLiteral("/ts"), &latencyField);
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
        const Outcome a = read(choice, context, whole, end, latencyField);
        const Outcome b = read(choice, context, sliced, end, latencyField);
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
