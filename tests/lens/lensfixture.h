// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

// Shared by the lens suites: streams written as the providers document them, read through the
// product's parser in any slicing and fed to a LensStream with arrival times that depend only on
// the event's number, so that every slicing must give the same facts and the same changes.

#include "lens/lenscontext.h"
#include "lens/lensstream.h"
#include "sse/sseparser.h"

#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>
#include <QTest>

namespace LensFixture {

// Event n (from 1) arrives at n * kEventSpacingNs after the request started; the first byte at
// kFirstByteNs.
constexpr qint64 kEventSpacingNs = 10 * 1000 * 1000;
constexpr qint64 kStartNs = 1000 * 1000 * 1000;
constexpr qint64 kFirstByteNs = 5 * 1000 * 1000;
// The wall clock at the request's start: 2026-01-01T00:00:00Z.
constexpr qint64 kWallClockNs = qint64(1767225600) * 1000 * 1000 * 1000;
// A `retry:` field travels among the events as a pseudo-event of this type (its data the
// value), so that every slicing keeps its place; feed() hands it to LensStream::retry().
const QByteArray kRetryMarker = QByteArrayLiteral("\x01retry");

// One event in the wire format: `event:` when a type is given, a data line per line of data.
inline QByteArray frame(const QByteArray &data, const QByteArray &type = QByteArray())
{
    QByteArray out;
    if (!type.isEmpty())
        out += "event: " + type + '\n';
    for (const QByteArray &line : data.split('\n'))
        out += "data: " + line + '\n';
    return out + '\n';
}

// A named event whose JSON repeats its name in "type", as Anthropic and OpenAI Responses send
// them; `members` are the JSON object's other members, without braces.
inline QByteArray typed(const QByteArray &type, const QByteArray &members = QByteArray())
{
    const QByteArray json =
        "{\"type\":\"" + type + '"' + (members.isEmpty() ? "" : ",") + members + '}';
    return frame(json, type);
}

inline LensContext context(const QByteArray &url,
                           const QList<QPair<QByteArray, QByteArray>> &requestHeaders = {},
                           const QList<QPair<QByteArray, QByteArray>> &responseHeaders = {})
{
    LensContext c;
    c.method = "POST";
    c.url = url;
    c.requestHeaders = requestHeaders;
    c.requestBody = "{\"stream\":true}";
    c.status = 200;
    c.responseHeaders = responseHeaders;
    c.responseHeaders.append(
        qMakePair(QByteArray("Content-Type"), QByteArray("text/event-stream")));
    c.requestStartNs = kStartNs;
    c.firstByteNs = kStartNs + kFirstByteNs;
    c.wallClockNs = kWallClockNs;
    return c;
}

// Events as the parser dispatches them when fed `bytes` cut at `cuts` (offsets, ascending).
inline QList<SseEvent> parse(const QByteArray &bytes, const QList<qsizetype> &cuts = {})
{
    class Collector : public SseParser::Handler
    {
    public:
        QList<SseEvent> events;
        void event(const SseEvent &e) override { events.append(e); }
        void comment(QByteArrayView) override { }
        void retry(qint64 ms) override
        {
            SseEvent marker;
            marker.type = kRetryMarker;
            marker.data = QByteArray::number(ms);
            events.append(marker);
        }
    };
    Collector collector;
    SseParser parser(&collector);
    qsizetype at = 0;
    for (qsizetype cut : cuts) {
        parser.feed(QByteArrayView(bytes).sliced(at, cut - at));
        at = cut;
    }
    parser.feed(QByteArrayView(bytes).sliced(at));
    parser.finish();
    return collector.events;
}

struct Run
{
    LensFacts facts;
    QStringList trace; // per call that learnt something: the changes and the answer text
    QByteArray answer; // the answer text as it streamed
};

inline QString traceOf(const QString &when, const LensStream::Update &update)
{
    QStringList what;
    for (const LensChange &c : update.changes) {
        QString item = QString::fromLatin1(LensChange::whatName(c.what));
        if (c.what == LensChange::What::Problem)
            item += QLatin1Char(':') + QString::fromLatin1(LensProblem::codeName(c.problem));
        if (c.what == LensChange::What::ToolCall || c.what == LensChange::What::Rpc)
            item += QLatin1Char(':') + QString::number(c.block);
        what.append(item);
    }
    return when + QStringLiteral(": ") + what.join(QLatin1Char(',')) + QStringLiteral(" |")
        + QString::fromUtf8(update.answer) + QLatin1Char('|');
}

// The events through a LensStream: event n at kStartNs + n * kEventSpacingNs, then the end.
inline Run feed(const QByteArray &choice, const LensContext &context, const QList<SseEvent> &events,
                LensStream::End end = LensStream::End::Closed, const QString &reason = QString(),
                const QString &latencyField = QString())
{
    Run run;
    LensStream stream(choice);
    JsonPointer pointer;
    if (!latencyField.isEmpty())
        JsonPointer::parse(latencyField, &pointer);
    stream.setLatencyField(pointer);
    const auto note = [&run](const QString &when, const LensStream::Update &update) {
        run.answer += update.answer;
        if (!update.isEmpty())
            run.trace.append(traceOf(when, update));
    };
    note(QStringLiteral("begin"), stream.begin(context));
    qint64 n = 0;
    for (const SseEvent &event : events) {
        if (event.type == kRetryMarker) {
            stream.retry(event.data.toLongLong());
            continue;
        }
        ++n;
        note(QStringLiteral("event %1").arg(n),
             stream.event(event, kStartNs + n * kEventSpacingNs));
    }
    note(QStringLiteral("finish"), stream.finish(end, reason));
    run.facts = stream.facts();
    return run;
}

inline Run run(const QByteArray &choice, const LensContext &context, const QByteArray &bytes,
               LensStream::End end = LensStream::End::Closed,
               const QString &latencyField = QString())
{
    return feed(choice, context, parse(bytes), end, QString(), latencyField);
}

// What the facts hold, as text: a failed comparison shows what differs.
inline QString describe(const LensFacts &f)
{
    QStringList out;
    out << QStringLiteral("lens=%1 by=%2 model=%3 id=%4")
               .arg(QString::fromUtf8(f.lens), QString::fromUtf8(f.recognisedBy),
                    QString::fromUtf8(f.model), QString::fromUtf8(f.responseId));
    for (const LensBlock &b : f.blocks) {
        out << QStringLiteral("block kind=%1 choice=%2 index=%3 part=%4 id=%5 name=%6 bytes=%7 "
                              "chars=%8 capped=%9 complete=%10 json=%11 %12 text=%13")
                   .arg(int(b.kind))
                   .arg(b.choice)
                   .arg(b.index)
                   .arg(b.part)
                   .arg(QString::fromUtf8(b.id), QString::fromUtf8(b.name))
                   .arg(b.bytes)
                   .arg(b.chars)
                   .arg(b.capped)
                   .arg(b.complete)
                   .arg(int(b.json))
                   .arg(b.jsonError, QString::fromUtf8(b.text.left(200)));
    }
    out << QStringLiteral("events=%1 content=%2 first byte=%3 event=%4 token=%5 last=%6 gaps=%7 "
                          "p50=%8 p99=%9")
               .arg(f.events)
               .arg(f.contentEvents)
               .arg(f.firstByteNs)
               .arg(f.firstEventNs)
               .arg(f.firstTokenNs)
               .arg(f.lastTokenNs)
               .arg(f.gaps.count())
               .arg(f.gaps.percentileNs(0.5))
               .arg(f.gaps.percentileNs(0.99));
    out << QStringLiteral("finish=%1 usage=%2/%3/%4/%5 terminal=%6 error=%7 ended=%8 (%9)")
               .arg(QString::fromUtf8(f.finishReason))
               .arg(f.usage.inputTokens)
               .arg(f.usage.outputTokens)
               .arg(f.usage.totalTokens)
               .arg(f.usage.reasoningTokens)
               .arg(f.terminal)
               .arg(f.errorSeen)
               .arg(f.ended)
               .arg(f.endReason);
    const LensMcp &m = f.mcp;
    out << QStringLiteral("mcp %1 %2 session=%3 version=%4 server=%5/%6 caps=%7 endpoint=%8 "
                          "resume=%9 last=%10 requests=%11 responses=%12 errors=%13 messages=%14 "
                          "priming=%15 notifications=%16 server requests=%17")
               .arg(QString::fromUtf8(m.transport), QString::fromUtf8(m.stream),
                    QString::fromUtf8(m.sessionId), QString::fromUtf8(m.protocolVersion),
                    QString::fromUtf8(m.serverName), QString::fromUtf8(m.serverVersion),
                    QString::fromUtf8(m.capabilities), QString::fromUtf8(m.endpoint),
                    QString::fromUtf8(m.resumeFrom))
               .arg(QString::fromUtf8(m.lastEventId))
               .arg(m.requests)
               .arg(m.responses)
               .arg(m.errors)
               .arg(m.messages)
               .arg(m.primingEvents)
               .arg(m.notifications.total())
               .arg(m.serverRequests.total());
    for (const LensRpc &r : m.rpcs) {
        out << QStringLiteral("rpc %1 %2 %3 event=%4 at=%5 latency=%6 error=%7 %8 %9")
                   .arg(QString::fromUtf8(r.id), QString::fromUtf8(r.method),
                        QString::fromLatin1(LensRpc::stateName(r.state)))
                   .arg(r.event)
                   .arg(r.atNs)
                   .arg(r.latencyNs)
                   .arg(r.errorCode)
                   .arg(r.errorMessage, QString::fromUtf8(r.summary));
    }
    const LensGeneric &g = f.generic;
    out << QStringLiteral("generic events=%1 types=%2 sizes=%3 retries=%4 retry=%5 latency=%6 "
                          "negative=%7 missing=%8")
               .arg(g.events)
               .arg(g.types.total())
               .arg(g.sizes.count())
               .arg(g.retries)
               .arg(g.retryMs)
               .arg(g.latency.count())
               .arg(g.latencyNegative)
               .arg(g.latencyMissing);
    for (const LensProblem &p : f.problems) {
        out << QStringLiteral("problem %1 x%2: %3")
                   .arg(QString::fromLatin1(LensProblem::codeName(p.code)))
                   .arg(p.count)
                   .arg(p.message);
    }
    return out.join(QLatin1Char('\n'));
}

inline QStringList problemCodes(const LensFacts &f)
{
    QStringList codes;
    for (const LensProblem &p : f.problems)
        codes.append(QString::fromLatin1(LensProblem::codeName(p.code)));
    return codes;
}

// The stream read whole, then cut at every byte offset, byte by byte, and in random slices:
// every reading must give the same facts, changes and answer. Returns the whole reading, or a
// run whose lens is "(slicings differ)" (with the difference logged) when one did not agree.
inline Run runEverySlicing(const QByteArray &choice, const LensContext &context,
                           const QByteArray &bytes, LensStream::End end = LensStream::End::Closed,
                           const QString &latencyField = QString())
{
    const Run whole = run(choice, context, bytes, end, latencyField);
    const auto differs = [] {
        Run r;
        r.facts.lens = "(slicings differ)";
        return r;
    };
    const auto same = [&](const Run &other, const QString &how) {
        if (other.facts == whole.facts && other.trace == whole.trace
            && other.answer == whole.answer)
            return true;
        qWarning().noquote() << "differs when" << how << "\n--- whole:\n"
                             << describe(whole.facts) << whole.trace.join(QLatin1Char('\n'))
                             << "\n--- " << how << ":\n"
                             << describe(other.facts) << other.trace.join(QLatin1Char('\n'));
        return false;
    };
    for (qsizetype cut = 1; cut < bytes.size(); ++cut) {
        if (!same(feed(choice, context, parse(bytes, {cut}), end, QString(), latencyField),
                  QStringLiteral("cut at %1").arg(cut)))
            return differs();
    }
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < bytes.size(); ++i)
        everyByte.append(i);
    if (!same(feed(choice, context, parse(bytes, everyByte), end, QString(), latencyField),
              QStringLiteral("byte by byte")))
        return differs();
    QRandomGenerator random(quint32(bytes.size()));
    for (int round = 0; round < 20; ++round) {
        QList<qsizetype> cuts;
        for (qsizetype at = random.bounded(1, 64); at < bytes.size(); at += random.bounded(1, 64))
            cuts.append(at);
        if (!same(feed(choice, context, parse(bytes, cuts), end, QString(), latencyField),
                  QStringLiteral("random slices, round %1").arg(round)))
            return differs();
    }
    return whole;
}

} // namespace LensFixture
