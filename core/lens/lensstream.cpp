// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "lensstream.h"

#include "lens.h"
#include "lenscontext.h"
#include "lensstate.h"

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
    m_startNs = context.requestStartNs;
    if (context.firstByteNs > 0 && context.requestStartNs > 0)
        m_facts.firstByteNs = context.firstByteNs - context.requestStartNs;

    if (m_choice == "none")
        return update;
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
    if (m_mode == Mode::Off)
        return update;
    const qint64 at = arrivalNs - m_startNs;
    ++m_facts.events;
    if (m_facts.firstEventNs < 0)
        m_facts.firstEventNs = at;
    const LensEvent read = LensEvent::read(event, m_facts.events);

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
            // No lens knows this stream: it costs nothing from here on.
            m_mode = Mode::Off;
            m_facts = LensFacts();
            m_candidates.clear();
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
    if (m_mode == Mode::Pending) {
        m_mode = Mode::Off;
        m_facts = LensFacts();
    }
    if (m_mode != Mode::Reading)
        return update;
    LensState state(m_facts, update.changes, update.answer);
    m_lens->finish(state);
    m_facts.ended = true;
    if (end == End::Stopped) {
        m_facts.endReason = reason.isEmpty() ? QStringLiteral("stopped by the client") : reason;
    } else {
        m_facts.endReason =
            reason.isEmpty() ? QStringLiteral("the server ended the stream") : reason;
        // A stream that reported an error has said why it ends early.
        if (!m_facts.terminal && !m_facts.errorSeen) {
            state.problem(LensProblem::Code::Truncated,
                          QStringLiteral("the stream ended before its terminal event (%1): %2")
                              .arg(QString::fromUtf8(m_lens->terminalName()), m_facts.endReason));
        }
    }
    update.changes.append({LensChange::What::End, -1, LensProblem::Code::Unexpected});
    m_mode = Mode::Ended;
    return update;
}
