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
    if (f.lens.isEmpty())
        return fail(QStringLiteral("no \"lens\" named"));
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
        f.problems.append(std::move(p));
    }
    *out = std::move(f);
    return true;
}

} // namespace LensFactsJson
