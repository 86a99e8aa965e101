// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "recordformatter.h"

#include "lensrecords.h"

#include "faults/faultreport.h"
#include "util/jsonwriter.h"

#include <QUrl>

#include <array>
#include <cmath>

namespace {

constexpr const char *kReset = "\x1b[0m";
constexpr const char *kDim = "\x1b[2m";
constexpr const char *kBold = "\x1b[1m";
constexpr const char *kRed = "\x1b[31m";
constexpr const char *kGreen = "\x1b[32m";
constexpr const char *kYellow = "\x1b[33m";
constexpr const char *kCyan = "\x1b[36m";
constexpr const char *kMagenta = "\x1b[35m";

void appendPadded(QByteArray &out, QByteArrayView text, qsizetype width)
{
    out.append(text);
    for (qsizetype i = text.size(); i < width; ++i)
        out.append(' ');
}

// Multi-line text in the human form: continuation lines are indented under the first.
void appendIndented(QByteArray &out, QByteArrayView text)
{
    static constexpr QByteArrayView indent = "\n                              ";
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            out.append(text.sliced(start, i - start));
            out.append(indent);
            start = i + 1;
        }
    }
    out.append(text.sliced(start));
}

const char *stateColor(ClientState state)
{
    switch (state) {
    case ClientState::Open:
        return kGreen;
    case ClientState::Connecting:
    case ClientState::Reconnecting:
        return kYellow;
    case ClientState::Failed:
        return kRed;
    case ClientState::Idle:
    case ClientState::Closed:
        break;
    }
    return kBold;
}

// A lens time (ns since the request started, -1: not known) in ms, or null.
void lensMillis(JsonWriter::Members &json, QByteArrayView key, qint64 ns)
{
    if (ns >= 0)
        json.millis(key, ns / 1000);
    else
        json.raw(key, "null");
}

void appendLensMillisText(QByteArray &out, const char *label, qint64 ns)
{
    if (ns < 0)
        return;
    out.append("  ");
    out.append(label);
    out.append(' ');
    JsonWriter::appendMillis(out, ns / 1000);
    out.append(" ms");
}

// The usage counts a provider reported (-1: not reported), as the JSON and the text name them.
struct UsageField
{
    const char *key;
    const char *label;
    qint64 value;
};

std::array<UsageField, 4> usageFields(const LensUsage &usage)
{
    return {{{"input_tokens", "input", usage.inputTokens},
             {"output_tokens", "output", usage.outputTokens},
             {"total_tokens", "total", usage.totalTokens},
             {"reasoning_tokens", "reasoning", usage.reasoningTokens}}};
}

QByteArray usageJson(const LensUsage &usage)
{
    if (usage.isEmpty())
        return QByteArrayLiteral("null");
    QByteArray out = "{";
    for (const UsageField &field : usageFields(usage)) {
        if (field.value < 0)
            continue;
        if (out.size() > 1)
            out.append(',');
        JsonWriter::appendString(out, field.key);
        out.append(':');
        JsonWriter::appendInt(out, field.value);
    }
    out.append('}');
    return out;
}

QByteArray usageText(const LensUsage &usage)
{
    QByteArray out;
    for (const UsageField &field : usageFields(usage)) {
        if (field.value < 0)
            continue;
        if (!out.isEmpty())
            out.append(", ");
        out.append(field.label);
        out.append(' ');
        JsonWriter::appendInt(out, field.value);
    }
    return out;
}

QByteArrayView jsonVerdict(const LensBlock &block)
{
    switch (block.json) {
    case LensBlock::Json::Valid:
        return "true";
    case LensBlock::Json::Invalid:
        return "false";
    case LensBlock::Json::Unchecked:
        break;
    }
    return "null";
}

QByteArray verdictText(const LensBlock &block)
{
    switch (block.json) {
    case LensBlock::Json::Valid:
        return QByteArrayLiteral("valid JSON");
    case LensBlock::Json::Invalid:
        return "not JSON: " + block.jsonError.toUtf8();
    case LensBlock::Json::Unchecked:
        break;
    }
    return block.jsonError.isEmpty() ? QByteArrayLiteral("not checked")
                                     : "not checked: " + block.jsonError.toUtf8();
}

} // namespace

RecordFormatter::RecordFormatter(Style style, bool color)
    : m_style(style)
    , m_color(color)
{ }

qint64 RecordFormatter::sinceOrigin(qint64 monotonicNs)
{
    const qint64 us = (monotonicNs - m_originNs) / 1000;
    if (us > m_lastUs)
        m_lastUs = us;
    return m_lastUs;
}

JsonWriter::Members RecordFormatter::beginJson(QByteArray &out, QByteArrayView kind)
{
    out.append("{\"kind\":\"");
    out.append(kind);
    out.append('"');
    return JsonWriter::Members(out);
}

void RecordFormatter::beginText(QByteArray &out, qint64 tUs, QByteArrayView label, const char *code)
{
    QByteArray time;
    JsonWriter::appendMillis(time, tUs);
    out.append(color(kDim));
    for (qsizetype i = time.size(); i < 11; ++i)
        out.append(' ');
    out.append(time);
    out.append(" ms ");
    out.append(color(kReset));
    out.append(color(code));
    appendPadded(out, label, 9);
    out.append(color(kReset));
    out.append(' ');
}

void RecordFormatter::appendEvent(QByteArray &out, QByteArrayView type, QByteArrayView data,
                                  QByteArrayView id, qint64 seq, int conn, qint64 tUs)
{
    if (m_style == Style::Json) {
        // One resize for the whole record, then plain writes: this runs once per event.
        const qsizetype old = out.size();
        out.resize(old + JsonWriter::maxStringBytes(type.size() + data.size() + id.size()) + 128);
        char *p = out.data() + old;
        p = JsonWriter::writeRaw(p, "{\"kind\":\"event\",\"type\":");
        p = JsonWriter::writeString(p, type);
        p = JsonWriter::writeRaw(p, ",\"data\":");
        p = JsonWriter::writeString(p, data);
        p = JsonWriter::writeRaw(p, ",\"id\":");
        p = JsonWriter::writeString(p, id);
        p = JsonWriter::writeRaw(p, ",\"seq\":");
        p = JsonWriter::writeInt(p, seq);
        p = JsonWriter::writeRaw(p, ",\"conn\":");
        p = JsonWriter::writeInt(p, conn);
        p = JsonWriter::writeRaw(p, ",\"t_ms\":");
        p = JsonWriter::writeMillis(p, tUs);
        p = JsonWriter::writeRaw(p, "}\n");
        out.resize(p - out.constData());
        return;
    }
    beginText(out, tUs, "event", kCyan);
    QByteArray label = "#" + QByteArray::number(seq);
    appendPadded(out, label, 7);
    out.append(color(kBold));
    appendPadded(out, type, 10);
    out.append(color(kReset));
    if (!id.isEmpty()) {
        out.append(color(kDim));
        out.append("id=");
        out.append(id);
        out.append(color(kReset));
        out.append(' ');
    }
    appendIndented(out, data);
    out.append('\n');
}

void RecordFormatter::appendComment(QByteArray &out, QByteArrayView text, int conn, qint64 tUs)
{
    if (m_style == Style::Json) {
        beginJson(out, "comment").string("text", text).integer("conn", conn).millis("t_ms", tUs);
        out.append("}\n");
        return;
    }
    beginText(out, tUs, "comment", kDim);
    out.append(color(kDim));
    out.append(':');
    out.append(text);
    out.append(color(kReset));
    out.append('\n');
}

void RecordFormatter::appendRetry(QByteArray &out, qint64 ms, int conn, qint64 tUs)
{
    if (m_style == Style::Json) {
        beginJson(out, "retry").integer("ms", ms).integer("conn", conn).millis("t_ms", tUs);
        out.append("}\n");
        return;
    }
    beginText(out, tUs, "retry", kMagenta);
    out.append("reconnection time ");
    JsonWriter::appendInt(out, ms);
    out.append(" ms\n");
}

void RecordFormatter::appendError(QByteArray &out, const QString &message, int conn, qint64 tUs)
{
    if (m_style == Style::Json) {
        JsonWriter::Members json = beginJson(out, "error").text("message", message);
        if (conn > 0)
            json.integer("conn", conn);
        json.millis("t_ms", tUs);
        out.append("}\n");
        return;
    }
    beginText(out, tUs, "error", kRed);
    out.append(color(kRed));
    out.append(message.toUtf8());
    out.append(color(kReset));
    out.append('\n');
}

void RecordFormatter::appendState(QByteArray &out, const ClientRecord &r, qint64 tUs)
{
    const QByteArray name = clientStateName(r.state).toUtf8();
    if (m_style == Style::Json) {
        JsonWriter::Members json = beginJson(out, "state")
                                       .string("state", name)
                                       .integer("conn", r.conn)
                                       .millis("t_ms", tUs);
        if (r.httpStatus > 0)
            json.integer("status", r.httpStatus);
        if (!r.reason.isEmpty())
            json.text("reason", r.reason);
        if (r.delayMs >= 0)
            json.integer("delay_ms", r.delayMs);
        if (r.attempt && !r.attempt->protocol.isEmpty())
            json.string("protocol", r.attempt->protocol).string("transport", r.attempt->transport);
        out.append("}\n");
        return;
    }
    beginText(out, tUs, "state", stateColor(r.state));
    out.append(color(stateColor(r.state)));
    appendPadded(out, name, 13);
    out.append(color(kReset));
    out.append("conn ");
    JsonWriter::appendInt(out, r.conn);
    if (r.httpStatus > 0) {
        out.append("  HTTP ");
        JsonWriter::appendInt(out, r.httpStatus);
    }
    if (r.delayMs >= 0) {
        out.append("  in ");
        JsonWriter::appendInt(out, r.delayMs);
        out.append(" ms");
    }
    if (r.attempt && !r.attempt->protocol.isEmpty()) {
        out.append("  ");
        out.append(r.attempt->protocol);
        out.append(" (");
        out.append(r.attempt->transport);
        out.append(')');
    }
    if (!r.reason.isEmpty()) {
        out.append("  ");
        out.append(r.reason.toUtf8());
    }
    out.append('\n');
}

void RecordFormatter::appendPing(QByteArray &out, const ClientRecord &r, qint64 tUs)
{
    if (m_style == Style::Json) {
        beginJson(out, "ping")
            .number("latency_ms", r.latencyMs)
            .number("interval_ms", r.intervalMs)
            .integer("conn", r.conn)
            .millis("t_ms", tUs);
        out.append("}\n");
        return;
    }
    beginText(out, tUs, "ping", kGreen);
    out.append("latency ");
    if (std::isfinite(r.latencyMs)) {
        JsonWriter::appendDouble(out, r.latencyMs);
        out.append(" ms");
    } else {
        out.append("n/a");
    }
    out.append("  interval ");
    if (std::isfinite(r.intervalMs)) {
        JsonWriter::appendDouble(out, r.intervalMs);
        out.append(" ms");
    } else {
        out.append("n/a");
    }
    out.append('\n');
}

void RecordFormatter::appendTiming(QByteArray &out, const ClientRecord &r, qint64 tUs)
{
    if (!r.attempt)
        return;
    const AttemptInfo &a = *r.attempt;
    const auto phases = a.timing.phases();
    if (m_style == Style::Json) {
        JsonWriter::Members json = beginJson(out, "timing")
                                       .integer("conn", r.conn)
                                       .millis("t_ms", tUs)
                                       .string("transport", a.transport)
                                       .stringOrNull("protocol", a.protocol, !a.protocol.isEmpty());
        for (const AttemptTiming::Phase &phase : phases) {
            if (phase.offsetNs >= 0)
                json.millis(phase.key, phase.offsetNs / 1000);
            else
                json.raw(phase.key, "null");
        }
        out.append("}\n");
        return;
    }
    beginText(out, tUs, "timing", kDim);
    out.append("conn ");
    JsonWriter::appendInt(out, r.conn);
    out.append("  ");
    out.append(a.transport);
    if (!a.protocol.isEmpty()) {
        out.append(' ');
        out.append(a.protocol);
    }
    for (const AttemptTiming::Phase &phase : phases) {
        if (phase.offsetNs < 0)
            continue;
        out.append("  ");
        out.append(phase.label);
        out.append(' ');
        JsonWriter::appendMillis(out, phase.offsetNs / 1000);
    }
    out.append(" ms\n");
}

void RecordFormatter::appendRecord(QByteArray &out, const ClientRecord &r)
{
    const qint64 tUs = sinceOrigin(r.monotonicNs);
    switch (r.kind) {
    case ClientRecord::Kind::Event:
        appendEvent(out, r.event, r.seq, r.conn, tUs);
        break;
    case ClientRecord::Kind::Comment:
        appendComment(out, r.text, r.conn, tUs);
        break;
    case ClientRecord::Kind::Retry:
        appendRetry(out, r.retryMs, r.conn, tUs);
        break;
    case ClientRecord::Kind::State:
        appendState(out, r, tUs);
        break;
    case ClientRecord::Kind::Ping:
        appendPing(out, r, tUs);
        break;
    case ClientRecord::Kind::Error:
        appendError(out, r.message, r.conn, tUs);
        break;
    case ClientRecord::Kind::Timing:
        appendTiming(out, r, tUs);
        break;
    }
    if (r.lens)
        appendLens(out, *r.lens, r.conn, tUs);
}

void RecordFormatter::appendLensSummaryMembers(JsonWriter::Members &json, const LensFacts &f)
{
    json.string("by", f.recognisedBy)
        .stringOrNull("model", f.model, !f.model.isEmpty())
        .raw("complete", f.terminal ? "true" : "false")
        .text("end_reason", f.endReason)
        .integer("text_chars", f.chars(LensBlock::Kind::Text))
        .integer("reasoning_chars", f.chars(LensBlock::Kind::Reasoning))
        .integer("tool_calls", f.toolCalls())
        .raw("capped", f.capped() ? "true" : "false");
    lensMillis(json, "ttfb_ms", f.firstByteNs);
    lensMillis(json, "first_event_ms", f.firstEventNs);
    lensMillis(json, "first_token_ms", f.firstTokenNs);
    json.integer("gaps", f.gaps.count());
    lensMillis(json, "gap_p50_ms", f.gaps.percentileNs(0.50));
    lensMillis(json, "gap_p99_ms", f.gaps.percentileNs(0.99));
    QByteArray histogram = "{\"le_ms\":[";
    for (double bound : GapStats::bucketBoundsMs()) {
        JsonWriter::appendDouble(histogram, bound);
        histogram.append(',');
    }
    histogram.append("null],\"counts\":[");
    const auto &buckets = f.gaps.buckets();
    for (size_t i = 0; i < buckets.size(); ++i) {
        if (i > 0)
            histogram.append(',');
        JsonWriter::appendInt(histogram, buckets[i]);
    }
    histogram.append("]}");
    json.raw("gap_histogram", histogram);
    bool estimated = false;
    const double rate = f.tokensPerSecond(&estimated);
    json.number("tokens_per_s", rate)
        .stringOrNull("tokens_source", estimated ? "estimate" : "usage", std::isfinite(rate))
        .stringOrNull("finish_reason", f.finishReason, !f.finishReason.isEmpty())
        .raw("usage", usageJson(f.usage));
    if (f.lens == "mcp")
        json.raw("mcp", LensRecords::mcpJson(f.mcp));
    json.raw("generic", LensRecords::genericJson(f.generic));
    QByteArray problems = "[";
    for (const LensProblem &p : f.problems) {
        if (problems.size() > 1)
            problems.append(',');
        problems.append("{\"problem\":");
        JsonWriter::appendString(problems, LensProblem::codeName(p.code));
        problems.append(",\"message\":");
        JsonWriter::appendText(problems, p.message);
        problems.append(",\"count\":");
        JsonWriter::appendInt(problems, p.count);
        problems.append('}');
    }
    problems.append(']');
    json.raw("problems", problems);
}

void RecordFormatter::appendLens(QByteArray &out, const LensReport &report, int conn, qint64 tUs)
{
    const LensFacts &f = report.facts;
    for (const LensChange &change : report.changes) {
        // A stream no lens reads has only its generic facts: its problems (the latency field's)
        // are records; its end goes to the `end` record's summary alone.
        if (f.lens.isEmpty() && change.what != LensChange::What::Problem)
            continue;
        if (m_style == Style::Text) {
            appendLensText(out, f, change, tUs);
            continue;
        }
        JsonWriter::Members json = beginJson(out, "lens")
                                       .stringOrNull("lens", f.lens, !f.lens.isEmpty())
                                       .string("what", LensChange::whatName(change.what));
        switch (change.what) {
        case LensChange::What::Recognised:
            json.string("by", f.recognisedBy).stringOrNull("model", f.model, !f.model.isEmpty());
            if (f.lens == "mcp")
                LensRecords::appendRecognisedMembers(json, f.mcp);
            break;
        case LensChange::What::Rpc:
            LensRecords::appendRpcMembers(json, f, change.block);
            break;
        case LensChange::What::FirstToken:
            lensMillis(json, "ttfb_ms", f.firstByteNs);
            lensMillis(json, "first_event_ms", f.firstEventNs);
            lensMillis(json, "first_token_ms", f.firstTokenNs);
            break;
        case LensChange::What::ToolCall: {
            if (change.block < 0 || change.block >= f.blocks.size())
                break;
            const LensBlock &b = f.blocks.at(change.block);
            json.integer("choice", b.choice)
                .integer("index", b.index)
                .string("id", b.id)
                .string("name", b.name)
                .string("arguments", b.text)
                .raw("valid_json", jsonVerdict(b));
            if (!b.jsonError.isEmpty())
                json.text("json_error", b.jsonError);
            if (b.capped)
                json.raw("capped", "true");
            break;
        }
        case LensChange::What::Finish:
            json.stringOrNull("finish_reason", f.finishReason, !f.finishReason.isEmpty())
                .raw("usage", usageJson(f.usage));
            break;
        case LensChange::What::Problem:
            if (const LensProblem *p = f.problem(change.problem)) {
                json.string("problem", LensProblem::codeName(p->code)).text("message", p->message);
            }
            break;
        case LensChange::What::End:
            appendLensSummaryMembers(json, f);
            break;
        }
        json.integer("conn", conn).millis("t_ms", tUs);
        out.append("}\n");
    }
}

void RecordFormatter::appendLensText(QByteArray &out, const LensFacts &f, const LensChange &change,
                                     qint64 tUs)
{
    beginText(out, tUs, "lens", change.what == LensChange::What::Problem ? kRed : kMagenta);
    out.append(color(kBold));
    out.append(f.lens.isEmpty() ? QByteArrayLiteral("(no lens)") : f.lens);
    out.append(color(kReset));
    out.append("  ");
    switch (change.what) {
    case LensChange::What::Recognised:
        out.append("recognised by " + f.recognisedBy);
        if (!f.model.isEmpty())
            out.append(", model " + f.model);
        if (f.lens == "mcp")
            out.append(LensRecords::recognisedText(f.mcp));
        break;
    case LensChange::What::Rpc:
        out.append("rpc " + LensRecords::rpcText(f, change.block));
        break;
    case LensChange::What::FirstToken:
        out.append("first token");
        appendLensMillisText(out, "at", f.firstTokenNs);
        appendLensMillisText(out, "(first byte", f.firstByteNs);
        appendLensMillisText(out, "first event", f.firstEventNs);
        if (f.firstByteNs >= 0 || f.firstEventNs >= 0)
            out.append(')');
        break;
    case LensChange::What::ToolCall: {
        if (change.block < 0 || change.block >= f.blocks.size())
            break;
        const LensBlock &b = f.blocks.at(change.block);
        out.append("tool call " + b.name + ' ' + b.text + "  (" + verdictText(b) + ')');
        break;
    }
    case LensChange::What::Finish:
        out.append("finish "
                   + (f.finishReason.isEmpty() ? QByteArray("(no reason)") : f.finishReason));
        if (!f.usage.isEmpty())
            out.append("  usage " + usageText(f.usage));
        break;
    case LensChange::What::Problem:
        if (const LensProblem *p = f.problem(change.problem)) {
            out.append(color(kRed));
            out.append("problem: " + p->message.toUtf8());
            out.append(color(kReset));
        }
        break;
    case LensChange::What::End:
        out.append("stream ended (" + f.endReason.toUtf8() + "), ");
        out.append(f.terminal ? "complete" : "incomplete");
        break;
    }
    out.append('\n');
}

void RecordFormatter::appendLensSummaryText(QByteArray &out, const LensFacts &f, int conn)
{
    const auto line = [&](const char *label) {
        out.append(color(kMagenta));
        appendPadded(out, label, 11);
        out.append(color(kReset));
    };
    line("lens");
    out.append(color(kBold));
    out.append(f.lens);
    out.append(color(kReset));
    out.append(" (recognised by " + f.recognisedBy);
    if (!f.model.isEmpty())
        out.append(", model " + f.model);
    out.append("), conn ");
    JsonWriter::appendInt(out, conn);
    out.append(", ");
    out.append(f.terminal ? "complete" : "incomplete");
    if (!f.endReason.isEmpty())
        out.append(" (" + f.endReason.toUtf8() + ')');
    out.append('\n');

    line("answer");
    JsonWriter::appendInt(out, f.chars(LensBlock::Kind::Text));
    out.append(" characters, reasoning ");
    JsonWriter::appendInt(out, f.chars(LensBlock::Kind::Reasoning));
    out.append(", tool calls ");
    JsonWriter::appendInt(out, f.toolCalls());
    out.append(", finish ");
    out.append(f.finishReason.isEmpty() ? QByteArray("(none)") : f.finishReason);
    if (f.capped())
        out.append(" (text kept in part: memory cap)");
    out.append('\n');

    line("timing");
    out.append("first byte");
    if (f.firstByteNs >= 0) {
        out.append(' ');
        JsonWriter::appendMillis(out, f.firstByteNs / 1000);
        out.append(" ms");
    } else {
        out.append(" n/a");
    }
    appendLensMillisText(out, "first event", f.firstEventNs);
    appendLensMillisText(out, "first token", f.firstTokenNs);
    out.append('\n');

    line("gaps");
    JsonWriter::appendInt(out, f.gaps.count());
    out.append(" between content tokens");
    appendLensMillisText(out, "p50", f.gaps.percentileNs(0.50));
    appendLensMillisText(out, "p99", f.gaps.percentileNs(0.99));
    out.append('\n');

    line("tokens/s");
    bool estimated = false;
    const double rate = f.tokensPerSecond(&estimated);
    if (std::isfinite(rate)) {
        JsonWriter::appendDouble(out, rate);
        out.append(estimated ? " (estimate: 4 characters a token)" : " (from usage)");
    } else {
        out.append("n/a");
    }
    if (!f.usage.isEmpty())
        out.append("  usage " + usageText(f.usage));
    out.append('\n');

    for (const LensBlock &b : f.blocks) {
        if (b.kind != LensBlock::Kind::ToolCall)
            continue;
        line("tool call");
        out.append(b.name + ' ' + b.text + "  (" + verdictText(b) + ")\n");
    }
    appendLensExtraText(out, f);
    appendLensProblemsText(out, f);
}

void RecordFormatter::appendLensExtraText(QByteArray &out, const LensFacts &f)
{
    for (const auto &entry : LensRecords::summaryLines(f)) {
        out.append(color(kMagenta));
        appendPadded(out, entry.first, 11);
        out.append(color(kReset));
        out.append(entry.second);
        out.append('\n');
    }
}

void RecordFormatter::appendLensProblemsText(QByteArray &out, const LensFacts &f)
{
    for (const LensProblem &p : f.problems) {
        out.append(color(kMagenta));
        appendPadded(out, "problem", 11);
        out.append(color(kReset));
        out.append(color(kRed));
        out.append(p.message.toUtf8());
        out.append(color(kReset));
        if (p.count > 1) {
            out.append(" (");
            JsonWriter::appendInt(out, p.count);
            out.append(" times)");
        }
        out.append('\n');
    }
}

void RecordFormatter::appendEnd(QByteArray &out, const EndSummary &end)
{
    if (m_style == Style::Json) {
        JsonWriter::Members json = beginJson(out, "end").string("last_event_id", end.lastEventId);
        if (end.retryMs >= 0)
            json.integer("retry_ms", end.retryMs);
        else
            json.raw("retry_ms", "null");
        json.integer("events", end.events)
            .integer("reconnects", end.reconnects)
            .integer("lost", end.lost)
            .integer("duplicates", end.duplicates);
        if (end.bytes >= 0)
            json.integer("bytes", end.bytes);
        if (end.lensReported && end.lens && !end.lens->facts.lens.isEmpty()) {
            QByteArray lens = "{\"lens\":";
            JsonWriter::appendString(lens, end.lens->facts.lens);
            JsonWriter::Members summary(lens);
            summary.integer("conn", end.lensConn);
            appendLensSummaryMembers(summary, end.lens->facts);
            lens.append('}');
            json.raw("lens", lens);
        } else if (end.lensReported) {
            json.raw("lens", "null");
            // No lens read the stream: what any stream shows, still.
            if (end.lens)
                json.raw("generic", LensRecords::genericJson(end.lens->facts.generic));
        }
        out.append("}\n");
        return;
    }
    out.append(color(kBold));
    out.append("end");
    out.append(color(kReset));
    out.append("  events ");
    JsonWriter::appendInt(out, end.events);
    out.append("  reconnects ");
    JsonWriter::appendInt(out, end.reconnects);
    out.append("  lost ");
    JsonWriter::appendInt(out, end.lost);
    out.append("  duplicates ");
    JsonWriter::appendInt(out, end.duplicates);
    if (end.bytes >= 0) {
        out.append("  bytes ");
        JsonWriter::appendInt(out, end.bytes);
    }
    out.append("  last id ");
    out.append(end.lastEventId.isEmpty() ? QByteArray("(none)") : end.lastEventId);
    out.append("  retry ");
    if (end.retryMs >= 0) {
        JsonWriter::appendInt(out, end.retryMs);
        out.append(" ms");
    } else {
        out.append("(not sent)");
    }
    out.append('\n');
    if (end.lensReported && end.lens) {
        if (end.lens->facts.lens.isEmpty()) {
            appendLensExtraText(out, end.lens->facts);
            appendLensProblemsText(out, end.lens->facts);
        } else {
            appendLensSummaryText(out, end.lens->facts, end.lensConn);
        }
    }
}

QByteArray RecordFormatter::peerText(const QHostAddress &peer, quint16 port)
{
    return peer.toString().toUtf8() + ':' + QByteArray::number(port);
}

void RecordFormatter::appendListening(QByteArray &out, const QUrl &url)
{
    out.append("listening ");
    out.append(url.toEncoded());
    out.append('\n');
}

void RecordFormatter::appendRequest(QByteArray &out, const MockRequestInfo &info, qint64 tUs)
{
    const QByteArray peer = peerText(info.peer, info.peerPort);
    if (m_style == Style::Json) {
        beginJson(out, "request")
            .integer("client", info.client)
            .string("peer", peer)
            .string("method", info.method)
            .string("path", info.path)
            .stringOrNull("last_event_id", info.lastEventId, info.hasLastEventId)
            .integer("status", info.status)
            .millis("t_ms", tUs);
        out.append("}\n");
        return;
    }
    beginText(out, tUs, "request", info.status == 200 ? kGreen : kYellow);
    out.append("client ");
    JsonWriter::appendInt(out, info.client);
    out.append("  ");
    out.append(peer);
    out.append("  ");
    out.append(info.method);
    out.append(' ');
    out.append(info.path);
    out.append("  -> ");
    JsonWriter::appendInt(out, info.status);
    if (info.hasLastEventId) {
        out.append("  Last-Event-ID: ");
        out.append(info.lastEventId);
    }
    out.append('\n');
}

void RecordFormatter::appendDisconnect(QByteArray &out, const MockDisconnectInfo &info, qint64 tUs)
{
    const QByteArray peer = peerText(info.peer, info.peerPort);
    if (m_style == Style::Json) {
        beginJson(out, "disconnect")
            .integer("client", info.client)
            .string("peer", peer)
            .integer("events", info.eventsSent)
            .integer("heartbeats", info.heartbeatsSent)
            .integer("bytes", info.bytesSent)
            .integer("duration_ms", info.durationMs)
            .text("reason", info.reason)
            .millis("t_ms", tUs);
        out.append("}\n");
        return;
    }
    beginText(out, tUs, "gone", kDim);
    out.append("client ");
    JsonWriter::appendInt(out, info.client);
    out.append("  ");
    out.append(peer);
    out.append("  events ");
    JsonWriter::appendInt(out, info.eventsSent);
    out.append("  heartbeats ");
    JsonWriter::appendInt(out, info.heartbeatsSent);
    out.append("  after ");
    JsonWriter::appendInt(out, info.durationMs);
    out.append(" ms  ");
    out.append(info.reason.toUtf8());
    out.append('\n');
}

void RecordFormatter::appendFault(QByteArray &out, const FaultReport &info, qint64 tUs)
{
    if (m_style == Style::Json) {
        beginJson(out, "fault")
            .text("fault", Fault::kindName(info.kind))
            .text("spec", info.spec)
            .integer("id", info.id)
            .integer("client", info.client)
            .text("detail", info.detail)
            .text("state", FaultReport::stateName(info.state))
            .millis("t_ms", tUs);
        out.append("}\n");
        return;
    }
    beginText(out, tUs, "fault", kMagenta);
    out.append(info.spec.toUtf8());
    if (info.client > 0) {
        out.append("  client ");
        JsonWriter::appendInt(out, info.client);
    }
    out.append("  ");
    out.append(info.detail.toUtf8());
    out.append('\n');
}

void RecordFormatter::appendScenarioStep(QByteArray &out, const QString &scenario,
                                         const QString &step, const QString &action,
                                         const QString &error, qint64 tUs)
{
    if (m_style == Style::Json) {
        JsonWriter::Members json = beginJson(out, "scenario")
                                       .text("name", scenario)
                                       .text("step", step)
                                       .text("action", action);
        if (!error.isEmpty())
            json.text("error", error);
        json.millis("t_ms", tUs);
        out.append("}\n");
        return;
    }
    beginText(out, tUs, "scenario", error.isEmpty() ? kMagenta : kRed);
    out.append(step.toUtf8() + "  " + action.toUtf8());
    if (!error.isEmpty())
        out.append("  error: " + error.toUtf8());
    out.append('\n');
}

void RecordFormatter::appendScenarioFinished(QByteArray &out, const QString &scenario, qint64 tUs)
{
    if (m_style == Style::Json) {
        beginJson(out, "scenario")
            .text("name", scenario)
            .raw("finished", "true")
            .millis("t_ms", tUs);
        out.append("}\n");
        return;
    }
    beginText(out, tUs, "scenario", kMagenta);
    out.append(scenario.toUtf8() + " finished\n");
}

void RecordFormatter::appendAccept(QByteArray &out, const QString &reason, qint64 tUs)
{
    const bool paused = !reason.isEmpty();
    if (m_style == Style::Json) {
        JsonWriter::Members json =
            beginJson(out, "accept").string("state", paused ? "paused" : "resumed");
        if (paused)
            json.text("reason", reason);
        json.millis("t_ms", tUs);
        out.append("}\n");
        return;
    }
    beginText(out, tUs, "accept", paused ? kRed : kGreen);
    out.append(paused ? "paused: " + reason.toUtf8() + '\n' : QByteArray("resumed\n"));
}
