// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "lenscontext.h"
#include "lensfacts.h"
#include "lensregistry.h"
#include "sse/jsonpointer.h"
#include "sse/sseevent.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

class Lens;
class LensState;

// One response stream read through a lens: it picks the lens (the choice, or recognition from
// the request, the headers and the first events), drives it event by event, and keeps what
// every lens shares: the timings (first byte, first event, first content token, the gaps
// between content tokens) and the end (a stream over before its terminal event is truncated).
// Pure and incremental: the same events at the same times give the same facts and changes,
// whether they come one at a time or all at once, however the bytes were cut into reads.
//
// Auto recognition looks at no more than kRecogniseEvents events. The generic facts (LensGeneric:
// event types, sizes, retry fields, the latency field) are kept while a lens reads the stream;
// of a stream no lens knows, only when a latency field is set: otherwise such a stream costs
// nothing after those events (a plain stream's throughput is the client's alone).
class LensStream
{
public:
    enum class End {
        Closed, // the server ended the stream, or it failed: truncated without its terminal event
        Stopped, // the client stopped reading (a limit, the user): not a problem of the stream
    };
    // What one call learnt.
    struct Update
    {
        QList<LensChange> changes;
        QByteArray answer; // the answer text (first choice) that arrived with the event
        bool isEmpty() const { return changes.isEmpty() && answer.isEmpty(); }
    };
    static constexpr int kRecogniseEvents = 16;

    // `choice`: "auto", "none", a lens's name or a family's (LensRegistry::choices()).
    explicit LensStream(const QByteArray &choice = QByteArrayLiteral("auto"));
    ~LensStream();
    LensStream(LensStream &&) noexcept;
    LensStream &operator=(LensStream &&) noexcept;

    QByteArray choice() const { return m_choice; }
    void setChoice(const QByteArray &choice) { m_choice = choice; }
    // A JSON Pointer to a timestamp in every event's data (LensGeneric::latency); the root (the
    // default): none. Values: a number of seconds since the Unix epoch (a fraction allowed),
    // or of milliseconds when it is 10^11 or more; a string holding such a number, or an
    // ISO 8601 date and time with its offset (2026-01-02T03:04:05.678Z).
    void setLatencyField(const JsonPointer &pointer) { m_latencyField = pointer; }
    // An application/json answer to this request is read as one event (the choice and the
    // request say the protocol allows it: MCP's Streamable HTTP).
    bool readsJsonAnswer(const LensContext &context) const;

    // A response stream begins (its head arrived): the facts start afresh.
    Update begin(const LensContext &context);
    // An event of the stream, arrived at `arrivalNs` (the clock of LensContext's times).
    Update event(const SseEvent &event, qint64 arrivalNs);
    // A `retry:` field of the stream.
    void retry(qint64 milliseconds);
    // The stream is over; `reason` says how (a network error, "closed by the server"). Once.
    Update finish(End end, const QString &reason = QString());

    // A lens reads this stream (recognised, or chosen).
    bool isReading() const { return m_lens != nullptr; }
    const LensFacts &facts() const { return m_facts; }

private:
    // Generic: no lens reads the stream, the generic facts are kept.
    enum class Mode { Off, Pending, Reading, Generic, Ended };
    void start(const LensRegistry::Entry *entry, const QByteArray &by, Update *update);
    void generic(const SseEvent &event, qint64 at, LensState &state);
    void latency(const SseEvent &event, qint64 at, LensState &state);

    QByteArray m_choice;
    JsonPointer m_latencyField;
    LensContext m_context;
    Mode m_mode = Mode::Off;
    std::unique_ptr<Lens> m_lens;
    LensFacts m_facts;
    qint64 m_startNs = 0;
    // Pending: the lenses still possible, how many more events may decide, and the lens taken
    // when none does (null: no lens).
    QList<const LensRegistry::Entry *> m_candidates;
    int m_pendingLeft = 0;
    const LensRegistry::Entry *m_fallback = nullptr;
    QByteArray m_fallbackBy;
};
