// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "lensfactsjson.h"

#include <QJsonArray>

#include <array>
#include <cmath>

namespace {

constexpr std::array<const char *, 3> kBlockKinds = {"text", "reasoning", "tool_call"};
constexpr std::array<const char *, 3> kJsonVerdicts = {"unchecked", "valid", "invalid"};

template<size_t N>
int indexOf(const std::array<const char *, N> &names, const QString &name)
{
    for (size_t i = 0; i < N; ++i) {
        if (name == QLatin1String(names[i]))
            return int(i);
    }
    return -1;
}

QString utf8(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes);
}

QJsonArray integers(const std::vector<qint64> &values)
{
    QJsonArray out;
    for (qint64 v : values)
        out.append(v);
    return out;
}

QJsonObject gapsJson(const GapStats &gaps)
{
    const GapStats::State s = gaps.state();
    QJsonObject o;
    o.insert(QStringLiteral("fine_base"), s.fineBase);
    o.insert(QStringLiteral("sum"), s.sum);
    o.insert(QStringLiteral("count"), s.count);
    o.insert(QStringLiteral("min_ns"), s.minNs);
    o.insert(QStringLiteral("max_ns"), s.maxNs);
    o.insert(QStringLiteral("exact_ns"), integers(s.exact));
    QJsonArray fine;
    for (const auto &[bin, n] : s.fine)
        fine.append(QJsonArray {bin, n});
    o.insert(QStringLiteral("fine"), fine);
    QJsonArray buckets;
    for (qint64 n : s.buckets)
        buckets.append(n);
    o.insert(QStringLiteral("buckets"), buckets);
    return o;
}

// A whole number within 2^53 (what a JSON double holds exactly); `fallback` when absent.
bool integer(const QJsonObject &o, const char *key, qint64 fallback, qint64 *out)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull()) {
        *out = fallback;
        return true;
    }
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    // The range first: converting a double out of qint64's range is undefined.
    if (!(d <= 9007199254740992.0 && d >= -9007199254740992.0) || d != std::trunc(d))
        return false;
    *out = qint64(d);
    return true;
}

bool gapsFromJson(const QJsonObject &o, GapStats *gaps, QString *error)
{
    GapStats::State s;
    s.fineBase = o.value(QStringLiteral("fine_base")).toDouble(1000.0);
    s.sum = o.value(QStringLiteral("sum")).toDouble(0.0);
    if (!integer(o, "count", 0, &s.count) || !integer(o, "min_ns", 0, &s.minNs)
        || !integer(o, "max_ns", 0, &s.maxNs)) {
        *error = QStringLiteral("gaps: count, min_ns and max_ns must be whole numbers");
        return false;
    }
    const QJsonArray exact = o.value(QStringLiteral("exact_ns")).toArray();
    if (exact.size() > GapStats::kExactGaps) {
        *error = QStringLiteral("gaps: more than %1 kept").arg(GapStats::kExactGaps);
        return false;
    }
    for (const QJsonValue &v : exact)
        s.exact.push_back(v.toInteger(-1));
    const QJsonArray fine = o.value(QStringLiteral("fine")).toArray();
    for (const QJsonValue &v : fine) {
        const QJsonArray pair = v.toArray();
        if (pair.size() != 2 || s.fine.size() >= 1024) {
            *error = QStringLiteral("gaps: a histogram bin must be a [bin, count] pair");
            return false;
        }
        const qint64 bin = pair.at(0).toInteger(-1);
        s.fine.emplace_back(bin >= 0 && bin <= 1 << 20 ? int(bin) : -1, pair.at(1).toInteger(-1));
    }
    const QJsonArray buckets = o.value(QStringLiteral("buckets")).toArray();
    if (buckets.size() != GapStats::kBuckets) {
        *error = QStringLiteral("gaps: %1 buckets expected").arg(GapStats::kBuckets);
        return false;
    }
    for (int i = 0; i < GapStats::kBuckets; ++i)
        s.buckets[size_t(i)] = buckets.at(i).toInteger(-1);
    QString why;
    if (!GapStats::fromState(s, gaps, &why)) {
        *error = QStringLiteral("gaps: ") + why;
        return false;
    }
    return true;
}

QJsonObject countsJson(const LensCounts &counts)
{
    QJsonArray names;
    for (const auto &[name, n] : counts.names)
        names.append(QJsonArray {utf8(name), n});
    return {{QStringLiteral("names"), names}, {QStringLiteral("other"), counts.other}};
}

bool countsFromJson(const QJsonObject &o, LensCounts *counts)
{
    const QJsonArray names = o.value(QStringLiteral("names")).toArray();
    if (names.size() > LensCounts::kMaxNames || !integer(o, "other", 0, &counts->other)
        || counts->other < 0)
        return false;
    for (const QJsonValue &v : names) {
        const QJsonArray pair = v.toArray();
        const QByteArray name = pair.at(0).toString().toUtf8();
        const qint64 n = pair.at(1).toInteger(-1);
        if (pair.size() != 2 || name.size() > LensCounts::kMaxNameBytes || n < 1
            || counts->count(name) >= 0)
            return false;
        counts->names.append(qMakePair(name, n));
    }
    return true;
}

QJsonObject genericJson(const LensGeneric &g)
{
    QJsonObject o;
    o.insert(QStringLiteral("events"), g.events);
    o.insert(QStringLiteral("types"), countsJson(g.types));
    o.insert(QStringLiteral("sizes"), gapsJson(g.sizes));
    o.insert(QStringLiteral("retries"), g.retries);
    o.insert(QStringLiteral("retry_ms"), g.retryMs);
    o.insert(QStringLiteral("latency_field"), g.latencyField);
    o.insert(QStringLiteral("latency"), gapsJson(g.latency));
    o.insert(QStringLiteral("latency_negative"), g.latencyNegative);
    o.insert(QStringLiteral("latency_most_negative_ns"), g.latencyMostNegativeNs);
    o.insert(QStringLiteral("latency_missing"), g.latencyMissing);
    return o;
}

bool genericFromJson(const QJsonObject &o, LensGeneric *g, QString *error)
{
    if (!integer(o, "events", 0, &g->events) || !integer(o, "retries", 0, &g->retries)
        || !integer(o, "retry_ms", -1, &g->retryMs)
        || !integer(o, "latency_negative", 0, &g->latencyNegative)
        || !integer(o, "latency_most_negative_ns", 0, &g->latencyMostNegativeNs)
        || !integer(o, "latency_missing", 0, &g->latencyMissing)) {
        *error = QStringLiteral("generic: counts must be whole numbers");
        return false;
    }
    if (!countsFromJson(o.value(QStringLiteral("types")).toObject(), &g->types)) {
        *error = QStringLiteral("generic: event types must be distinct [name, count] pairs");
        return false;
    }
    g->latencyField = o.value(QStringLiteral("latency_field")).toString();
    return gapsFromJson(o.value(QStringLiteral("sizes")).toObject(), &g->sizes, error)
        && gapsFromJson(o.value(QStringLiteral("latency")).toObject(), &g->latency, error);
}

QJsonObject mcpJson(const LensMcp &m)
{
    QJsonObject o;
    o.insert(QStringLiteral("transport"), utf8(m.transport));
    o.insert(QStringLiteral("stream"), utf8(m.stream));
    o.insert(QStringLiteral("session_id"), utf8(m.sessionId));
    o.insert(QStringLiteral("protocol_version"), utf8(m.protocolVersion));
    o.insert(QStringLiteral("server_name"), utf8(m.serverName));
    o.insert(QStringLiteral("server_version"), utf8(m.serverVersion));
    o.insert(QStringLiteral("capabilities"), utf8(m.capabilities));
    o.insert(QStringLiteral("endpoint"), utf8(m.endpoint));
    o.insert(QStringLiteral("resume_from"), utf8(m.resumeFrom));
    o.insert(QStringLiteral("last_event_id"), utf8(m.lastEventId));
    QJsonArray rpcs;
    for (const LensRpc &r : m.rpcs) {
        QJsonObject rpc;
        rpc.insert(QStringLiteral("id"), utf8(r.id));
        rpc.insert(QStringLiteral("method"), utf8(r.method));
        if (!r.target.isEmpty())
            rpc.insert(QStringLiteral("target"), utf8(r.target));
        rpc.insert(QStringLiteral("state"), QString::fromLatin1(LensRpc::stateName(r.state)));
        rpc.insert(QStringLiteral("event"), r.event);
        rpc.insert(QStringLiteral("at_ns"), r.atNs);
        rpc.insert(QStringLiteral("latency_ns"), r.latencyNs);
        rpc.insert(QStringLiteral("error_code"), r.errorCode);
        rpc.insert(QStringLiteral("error_message"), r.errorMessage);
        rpc.insert(QStringLiteral("summary"), utf8(r.summary));
        rpc.insert(QStringLiteral("tool_error"), r.toolError);
        rpc.insert(QStringLiteral("text_block"), r.textBlock);
        rpcs.append(rpc);
    }
    o.insert(QStringLiteral("rpcs"), rpcs);
    o.insert(QStringLiteral("requests"), m.requests);
    o.insert(QStringLiteral("responses"), m.responses);
    o.insert(QStringLiteral("errors"), m.errors);
    o.insert(QStringLiteral("messages"), m.messages);
    o.insert(QStringLiteral("priming_events"), m.primingEvents);
    o.insert(QStringLiteral("notifications"), countsJson(m.notifications));
    o.insert(QStringLiteral("server_requests"), countsJson(m.serverRequests));
    return o;
}

bool mcpFromJson(const QJsonObject &o, int blocks, LensMcp *m, QString *error)
{
    const auto bytes = [&o](const char *key) {
        return o.value(QLatin1String(key)).toString().toUtf8();
    };
    m->transport = bytes("transport");
    m->stream = bytes("stream");
    m->sessionId = bytes("session_id");
    m->protocolVersion = bytes("protocol_version");
    m->serverName = bytes("server_name");
    m->serverVersion = bytes("server_version");
    m->capabilities = bytes("capabilities");
    m->endpoint = bytes("endpoint");
    m->resumeFrom = bytes("resume_from");
    m->lastEventId = bytes("last_event_id");
    const QJsonArray rpcs = o.value(QStringLiteral("rpcs")).toArray();
    if (rpcs.size() > LensMcp::kMaxRpcs) {
        *error = QStringLiteral("mcp: more than %1 requests").arg(LensMcp::kMaxRpcs);
        return false;
    }
    for (const QJsonValue &v : rpcs) {
        const QJsonObject ro = v.toObject();
        LensRpc r;
        const QString stateName = ro.value(QStringLiteral("state")).toString();
        int state = -1;
        for (int i = 0; i <= int(LensRpc::State::Error) && state < 0; ++i) {
            if (stateName == QLatin1String(LensRpc::stateName(LensRpc::State(i))))
                state = i;
        }
        qint64 textBlock = -1;
        if (state < 0 || !integer(ro, "event", 0, &r.event) || !integer(ro, "at_ns", -1, &r.atNs)
            || !integer(ro, "latency_ns", -1, &r.latencyNs)
            || !integer(ro, "error_code", 0, &r.errorCode)
            || !integer(ro, "text_block", -1, &textBlock) || textBlock < -1
            || textBlock >= blocks) {
            *error = QStringLiteral("mcp: a request with an unknown state or numbers out of "
                                    "range");
            return false;
        }
        r.state = LensRpc::State(state);
        r.textBlock = int(textBlock);
        r.id = ro.value(QStringLiteral("id")).toString().toUtf8();
        r.method = ro.value(QStringLiteral("method")).toString().toUtf8();
        r.target = ro.value(QStringLiteral("target")).toString().toUtf8(); // absent: none
        r.errorMessage = ro.value(QStringLiteral("error_message")).toString();
        r.summary = ro.value(QStringLiteral("summary")).toString().toUtf8();
        r.toolError = ro.value(QStringLiteral("tool_error")).toBool();
        m->rpcs.append(std::move(r));
    }
    if (!integer(o, "requests", 0, &m->requests) || !integer(o, "responses", 0, &m->responses)
        || !integer(o, "errors", 0, &m->errors) || !integer(o, "messages", 0, &m->messages)
        || !integer(o, "priming_events", 0, &m->primingEvents)) {
        *error = QStringLiteral("mcp: counts must be whole numbers");
        return false;
    }
    if (!countsFromJson(o.value(QStringLiteral("notifications")).toObject(), &m->notifications)
        || !countsFromJson(o.value(QStringLiteral("server_requests")).toObject(),
                           &m->serverRequests)) {
        *error = QStringLiteral("mcp: methods must be distinct [name, count] pairs");
        return false;
    }
    return true;
}

} // namespace

namespace LensFactsJson {

QJsonObject toJson(const LensFacts &f)
{
    QJsonObject o;
    o.insert(QStringLiteral("lens"), utf8(f.lens));
    o.insert(QStringLiteral("recognised_by"), utf8(f.recognisedBy));
    o.insert(QStringLiteral("model"), utf8(f.model));
    o.insert(QStringLiteral("response_id"), utf8(f.responseId));
    QJsonArray blocks;
    for (const LensBlock &b : f.blocks) {
        QJsonObject block;
        block.insert(QStringLiteral("kind"), QLatin1String(kBlockKinds[size_t(b.kind)]));
        block.insert(QStringLiteral("choice"), b.choice);
        block.insert(QStringLiteral("index"), b.index);
        block.insert(QStringLiteral("part"), b.part);
        block.insert(QStringLiteral("id"), utf8(b.id));
        block.insert(QStringLiteral("name"), utf8(b.name));
        block.insert(QStringLiteral("text"), utf8(b.text));
        block.insert(QStringLiteral("bytes"), b.bytes);
        block.insert(QStringLiteral("chars"), b.chars);
        block.insert(QStringLiteral("capped"), b.capped);
        block.insert(QStringLiteral("complete"), b.complete);
        block.insert(QStringLiteral("json"), QLatin1String(kJsonVerdicts[size_t(b.json)]));
        block.insert(QStringLiteral("json_error"), b.jsonError);
        blocks.append(block);
    }
    o.insert(QStringLiteral("blocks"), blocks);
    o.insert(QStringLiteral("events"), f.events);
    o.insert(QStringLiteral("content_events"), f.contentEvents);
    o.insert(QStringLiteral("first_byte_ns"), f.firstByteNs);
    o.insert(QStringLiteral("first_event_ns"), f.firstEventNs);
    o.insert(QStringLiteral("first_token_ns"), f.firstTokenNs);
    o.insert(QStringLiteral("last_token_ns"), f.lastTokenNs);
    o.insert(QStringLiteral("gaps"), gapsJson(f.gaps));
    o.insert(QStringLiteral("finish_reason"), utf8(f.finishReason));
    QJsonObject usage;
    usage.insert(QStringLiteral("input_tokens"), f.usage.inputTokens);
    usage.insert(QStringLiteral("output_tokens"), f.usage.outputTokens);
    usage.insert(QStringLiteral("total_tokens"), f.usage.totalTokens);
    usage.insert(QStringLiteral("reasoning_tokens"), f.usage.reasoningTokens);
    o.insert(QStringLiteral("usage"), usage);
    o.insert(QStringLiteral("last_sequence"), f.lastSequence);
    o.insert(QStringLiteral("terminal"), f.terminal);
    o.insert(QStringLiteral("error_seen"), f.errorSeen);
    o.insert(QStringLiteral("ended"), f.ended);
    o.insert(QStringLiteral("end_reason"), f.endReason);
    QJsonArray problems;
    for (const LensProblem &p : f.problems) {
        QJsonObject problem;
        problem.insert(QStringLiteral("code"), QString::fromLatin1(LensProblem::codeName(p.code)));
        problem.insert(QStringLiteral("message"), p.message);
        problem.insert(QStringLiteral("count"), p.count);
        problems.append(problem);
    }
    o.insert(QStringLiteral("problems"), problems);
    if (f.lens == "mcp")
        o.insert(QStringLiteral("mcp"), mcpJson(f.mcp));
    o.insert(QStringLiteral("generic"), genericJson(f.generic));
    return o;
}

bool fromJson(const QJsonObject &o, LensFacts *out, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    const auto bytes = [&o](const char *key) {
        return o.value(QLatin1String(key)).toString().toUtf8();
    };
    LensFacts f;
    f.lens = bytes("lens");
    f.recognisedBy = bytes("recognised_by");
    f.model = bytes("model");
    f.responseId = bytes("response_id");

    const QJsonArray blocks = o.value(QStringLiteral("blocks")).toArray();
    if (blocks.size() > LensFacts::kMaxBlocks)
        return fail(QStringLiteral("more than %1 blocks").arg(LensFacts::kMaxBlocks));
    for (const QJsonValue &v : blocks) {
        const QJsonObject bo = v.toObject();
        LensBlock b;
        const int kind = indexOf(kBlockKinds, bo.value(QStringLiteral("kind")).toString());
        const int json = indexOf(kJsonVerdicts, bo.value(QStringLiteral("json")).toString());
        if (kind < 0 || json < 0)
            return fail(QStringLiteral("a block of an unknown kind or JSON verdict"));
        b.kind = LensBlock::Kind(kind);
        b.json = LensBlock::Json(json);
        b.choice = bo.value(QStringLiteral("choice")).toInt();
        b.index = bo.value(QStringLiteral("index")).toInt();
        b.part = bo.value(QStringLiteral("part")).toInt();
        b.id = bo.value(QStringLiteral("id")).toString().toUtf8();
        b.name = bo.value(QStringLiteral("name")).toString().toUtf8();
        b.text = bo.value(QStringLiteral("text")).toString().toUtf8();
        if (!integer(bo, "bytes", 0, &b.bytes) || !integer(bo, "chars", 0, &b.chars)
            || b.bytes < b.text.size() || b.chars < 0)
            return fail(QStringLiteral("a block's bytes and chars must be whole numbers, at least "
                                       "its text"));
        b.capped = bo.value(QStringLiteral("capped")).toBool();
        b.complete = bo.value(QStringLiteral("complete")).toBool();
        b.jsonError = bo.value(QStringLiteral("json_error")).toString();
        f.keptBytes += b.text.size();
        if (f.keptBytes > LensFacts::kMaxKeptBytes)
            return fail(QStringLiteral("more text than a lens keeps"));
        f.blocks.append(std::move(b));
    }
    if (!integer(o, "events", 0, &f.events) || !integer(o, "content_events", 0, &f.contentEvents)
        || !integer(o, "first_byte_ns", -1, &f.firstByteNs)
        || !integer(o, "first_event_ns", -1, &f.firstEventNs)
        || !integer(o, "first_token_ns", -1, &f.firstTokenNs)
        || !integer(o, "last_token_ns", -1, &f.lastTokenNs)
        || !integer(o, "last_sequence", -1, &f.lastSequence))
        return fail(QStringLiteral("counts and times must be whole numbers"));
    QString why;
    if (!gapsFromJson(o.value(QStringLiteral("gaps")).toObject(), &f.gaps, &why))
        return fail(why);
    f.finishReason = bytes("finish_reason");
    const QJsonObject usage = o.value(QStringLiteral("usage")).toObject();
    if (!integer(usage, "input_tokens", -1, &f.usage.inputTokens)
        || !integer(usage, "output_tokens", -1, &f.usage.outputTokens)
        || !integer(usage, "total_tokens", -1, &f.usage.totalTokens)
        || !integer(usage, "reasoning_tokens", -1, &f.usage.reasoningTokens))
        return fail(QStringLiteral("token counts must be whole numbers"));
    f.terminal = o.value(QStringLiteral("terminal")).toBool();
    f.errorSeen = o.value(QStringLiteral("error_seen")).toBool();
    f.ended = o.value(QStringLiteral("ended")).toBool();
    f.endReason = o.value(QStringLiteral("end_reason")).toString();
    const QJsonArray problems = o.value(QStringLiteral("problems")).toArray();
    if (problems.size() > LensProblem::kCodes)
        return fail(QStringLiteral("more problems than there are codes"));
    for (const QJsonValue &v : problems) {
        const QJsonObject po = v.toObject();
        const QString code = po.value(QStringLiteral("code")).toString();
        int found = -1;
        for (int c = 0; c < LensProblem::kCodes && found < 0; ++c) {
            if (code == QLatin1String(LensProblem::codeName(LensProblem::Code(c))))
                found = c;
        }
        if (found < 0)
            return fail(QStringLiteral("an unknown problem \"%1\"").arg(code));
        LensProblem p;
        p.code = LensProblem::Code(found);
        p.message = po.value(QStringLiteral("message")).toString();
        if (!integer(po, "count", 1, &p.count) || p.count < 1)
            return fail(QStringLiteral("a problem's count must be at least 1"));
        if (f.problem(p.code))
            return fail(QStringLiteral("the problem \"%1\" twice").arg(code));
        f.problems.append(std::move(p));
    }
    if (o.contains(QStringLiteral("mcp"))
        && !mcpFromJson(o.value(QStringLiteral("mcp")).toObject(), int(f.blocks.size()), &f.mcp,
                        &why))
        return fail(why);
    if (o.contains(QStringLiteral("generic"))
        && !genericFromJson(o.value(QStringLiteral("generic")).toObject(), &f.generic, &why))
        return fail(why);
    *out = std::move(f);
    return true;
}

} // namespace LensFactsJson
