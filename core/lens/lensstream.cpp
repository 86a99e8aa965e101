// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "lensstream.h"

#include "lens.h"
#include "lenscontext.h"
#include "lensstate.h"

#include <QDateTime>

#include <cmath>

namespace {

// A timestamp as LensStream::setLatencyField() describes it, in ms since the Unix epoch; NaN
// when it is none. Only a time with its offset: a local time would depend on the machine.
double epochMs(const JsonPointer::Value &value)
{
    double n = std::nan("");
    if (value.type == JsonPointer::Value::Type::Number) {
        n = value.number();
    } else if (value.type == JsonPointer::Value::Type::String) {
        const QString text = value.text().trimmed();
        bool ok = false;
        n = text.toDouble(&ok);
        if (!ok) {
            const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
            if (!time.isValid() || time.timeSpec() == Qt::LocalTime)
                return std::nan("");
            n = double(time.toMSecsSinceEpoch()) / 1000.0;
        }
    }
    if (!std::isfinite(n) || n < 0)
        return std::nan("");
    const double ms = n >= 1e11 ? n : n * 1000.0;
    // Past 2255 a time in ns no longer fits the clock's 64 bits: no time of this stream.
    return ms <= 9e12 ? ms : std::nan("");
}

} // namespace

LensStream::LensStream(const QByteArray &choice)
    : m_choice(choice)
{ }

LensStream::~LensStream() = default;
LensStream::LensStream(LensStream &&) noexcept = default;
LensStream &LensStream::operator=(LensStream &&) noexcept = default;

void LensStream::start(const LensRegistry::Entry *entry, const QByteArray &by, Update *update)
{
    m_lens = entry->create();
    m_mode = Mode::Reading;
    m_facts.lens = entry->name;
    m_facts.recognisedBy = by;
    m_candidates.clear();
    update->changes.append({LensChange::What::Recognised, -1, LensProblem::Code::Unexpected});
    LensState state(m_facts, update->changes, update->answer);
    m_lens->begin(m_context, state);
}

bool LensStream::readsJsonAnswer(const LensContext &context) const
{
    if (m_choice == "none")
        return false;
    if (m_choice != "auto") {
        for (const LensRegistry::Entry *e : LensRegistry::family(m_choice)) {
            if (e->answersAsJson)
                return true;
        }
        return false;
    }
    for (const LensRegistry::Entry &e : LensRegistry::entries()) {
        if (e.answersAsJson && e.answersAsJson(context))
            return true;
    }
    return false;
}

void LensStream::generic(const SseEvent &event, qint64 at, LensState &state)
{
    LensGeneric &g = m_facts.generic;
    ++g.events;
    g.types.add(event.type);
    g.sizes.add(event.data.size());
    if (!m_latencyField.isRoot())
        latency(event, at, state);
}

void LensStream::latency(const SseEvent &event, qint64 at, LensState &state)
{
    LensGeneric &g = m_facts.generic;
    const double sentMs = epochMs(m_latencyField.find(event.data));
    if (std::isnan(sentMs) || m_context.wallClockNs <= 0) {
        ++g.latencyMissing;
        state.problem(LensProblem::Code::LatencyField,
                      QStringLiteral("event %1: no timestamp at %2 (a number of seconds or ms "
                                     "since the epoch, or an ISO 8601 time with its offset)")
                          .arg(m_facts.generic.events)
                          .arg(m_latencyField.toString()));
        return;
    }
    const qint64 latency = m_context.wallClockNs + at - qint64(sentMs * 1e6);
    if (latency >= 0) {
        g.latency.add(latency);
        return;
    }
    ++g.latencyNegative;
    g.latencyMostNegativeNs = std::min(g.latencyMostNegativeNs, latency);
    state.problem(LensProblem::Code::ClockSkew,
                  QStringLiteral("event %1: its timestamp is %2 ms after it arrived: the "
                                 "server's clock is ahead of this one (not counted as a latency)")
                      .arg(m_facts.generic.events)
                      .arg(double(-latency) / 1e6, 0, 'f', 3));
}

void LensStream::retry(qint64 milliseconds)
{
    if (m_mode == Mode::Off || m_mode == Mode::Ended)
        return;
    ++m_facts.generic.retries;
    m_facts.generic.retryMs = milliseconds;
}

LensStream::Update LensStream::begin(const LensContext &context)
{
    Update update;
    m_facts = LensFacts();
    m_lens.reset();
    m_mode = Mode::Off;
    m_candidates.clear();
    m_fallback = nullptr;
    m_fallbackBy.clear();
    m_context = context;
    m_startNs = context.requestStartNs;
    if (context.firstByteNs > 0 && context.requestStartNs > 0)
        m_facts.firstByteNs = context.firstByteNs - context.requestStartNs;

    if (m_choice == "none")
        return update;
    m_facts.generic.latencyField = m_latencyField.toString();
    m_mode = Mode::Generic; // until a lens reads it
    QList<const LensRegistry::Entry *> candidates;
    if (m_choice == "auto") {
        for (const LensRegistry::Entry &e : LensRegistry::entries())
            candidates.append(&e);
    } else {
        candidates = LensRegistry::family(m_choice);
        if (candidates.size() <= 1) {
            // A lens chosen by name reads the stream whatever it looks like.
            if (const LensRegistry::Entry *e = LensRegistry::find(m_choice))
                start(e, QByteArrayLiteral("chosen"), &update);
            return update;
        }
    }
    const bool family = m_choice != "auto";
    for (const LensRegistry::Entry *e : std::as_const(candidates)) {
        if (e->matchesUrl(context)) {
            start(e, QByteArrayLiteral("url"), &update);
            return update;
        }
    }
    QList<const LensRegistry::Entry *> byHeaders;
    for (const LensRegistry::Entry *e : std::as_const(candidates)) {
        if (e->matchesHeaders(context))
            byHeaders.append(e);
    }
    if (byHeaders.size() == 1 && !family) {
        start(byHeaders.first(), QByteArrayLiteral("headers"), &update);
        return update;
    }
    // The events decide. Headers naming one provider with several lenses leave it to the first
    // event among them; so does a family chosen by hand.
    m_mode = Mode::Pending;
    if (family) {
        m_candidates = candidates;
        m_fallback = candidates.first();
        m_fallbackBy = QByteArrayLiteral("chosen");
        m_pendingLeft = 1;
    } else if (!byHeaders.isEmpty()
               && std::all_of(byHeaders.cbegin(), byHeaders.cend(),
                              [&](const LensRegistry::Entry *e) {
                                  return e->family == byHeaders.first()->family;
                              })) {
        m_candidates = byHeaders;
        m_fallback = byHeaders.first();
        m_fallbackBy = QByteArrayLiteral("headers");
        m_pendingLeft = 1;
    } else {
        m_candidates = candidates;
        m_pendingLeft = kRecogniseEvents;
    }
    return update;
}

LensStream::Update LensStream::event(const SseEvent &event, qint64 arrivalNs)
{
    Update update;
    if (m_mode == Mode::Off || m_mode == Mode::Ended)
        return update;
    const qint64 at = arrivalNs - m_startNs;
    ++m_facts.events;
    if (m_facts.firstEventNs < 0)
        m_facts.firstEventNs = at;
    {
        LensState state(m_facts, update.changes, update.answer);
        generic(event, at, state);
    }
    if (m_mode == Mode::Generic)
        return update;
    LensEvent read = LensEvent::read(event, m_facts.events);
    read.atNs = at;

    if (m_mode == Mode::Pending) {
        const LensRegistry::Entry *found = nullptr;
        for (const LensRegistry::Entry *e : std::as_const(m_candidates)) {
            if (e->matchesEvent(read)) {
                found = e;
                break;
            }
        }
        if (found) {
            start(found, QByteArrayLiteral("events"), &update);
        } else if (--m_pendingLeft > 0) {
            return update;
        } else if (m_fallback) {
            start(m_fallback, m_fallbackBy, &update);
        } else {
            // No lens knows this stream: only the generic facts are kept from here on, and only
            // when a latency field asks for them; otherwise it costs nothing more, and the facts
            // are those of `--lens none` (what was counted so far is dropped with the lens).
            m_candidates.clear();
            if (m_latencyField.isRoot()) {
                m_mode = Mode::Off;
                const qint64 firstByteNs = m_facts.firstByteNs;
                m_facts = LensFacts();
                m_facts.firstByteNs = firstByteNs;
            } else {
                m_mode = Mode::Generic;
            }
            return update;
        }
    }
    if (m_mode != Mode::Reading)
        return update;

    const qsizetype before = update.changes.size();
    LensState state(m_facts, update.changes, update.answer);
    m_lens->event(read, state);
    if (state.contentAdded()) {
        ++m_facts.contentEvents;
        if (m_facts.firstTokenNs < 0) {
            m_facts.firstTokenNs = at;
            update.changes.insert(
                before, {LensChange::What::FirstToken, -1, LensProblem::Code::Unexpected});
        } else {
            m_facts.gaps.add(at - m_facts.lastTokenNs);
        }
        m_facts.lastTokenNs = at;
    }
    return update;
}

LensStream::Update LensStream::finish(End end, const QString &reason)
{
    Update update;
    if (m_mode == Mode::Pending || m_mode == Mode::Generic) {
        // No lens read it: the generic facts end with it, if it had any event.
        m_mode = Mode::Ended;
        m_candidates.clear();
        m_facts.ended = true;
        m_facts.endReason = !reason.isEmpty() ? reason
            : end == End::Stopped             ? QStringLiteral("stopped by the client")
                                              : QStringLiteral("the server ended the stream");
        if (m_facts.generic.events > 0)
            update.changes.append({LensChange::What::End, -1, LensProblem::Code::Unexpected});
        return update;
    }
    if (m_mode != Mode::Reading)
        return update;
    LensState state(m_facts, update.changes, update.answer);
    state.setStopped(end == End::Stopped);
    m_lens->finish(state);
    m_facts.ended = true;
    if (end == End::Stopped) {
        m_facts.endReason = reason.isEmpty() ? QStringLiteral("stopped by the client") : reason;
    } else {
        m_facts.endReason =
            reason.isEmpty() ? QStringLiteral("the server ended the stream") : reason;
        // A stream that reported an error has said why it ends early.
        if (!m_facts.terminal && !m_facts.errorSeen && m_lens->expectsTerminal()) {
            state.problem(LensProblem::Code::Truncated,
                          QStringLiteral("the stream ended before its terminal event (%1): %2")
                              .arg(QString::fromUtf8(m_lens->terminalName()), m_facts.endReason));
        }
    }
    update.changes.append({LensChange::What::End, -1, LensProblem::Code::Unexpected});
    m_mode = Mode::Ended;
    return update;
}
