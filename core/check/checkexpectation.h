// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "checkfile.h"
#include "checkresult.h"

#include "client/clientrecord.h"

#include <QHash>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <limits>

// An EventMatcher with its references resolved and its pointers and pattern compiled.
class CompiledMatcher
{
public:
    // False, naming the missing values in `missing`, when a reference has no value yet.
    bool compile(const EventMatcher &matcher, const QHash<QString, QString> &values,
                 QStringList *missing);
    // True when `event` matches; the captured values are added to `captures` when given.
    bool matches(const SseEvent &event, QHash<QString, QString> *captures = nullptr) const;
    QString describe() const { return m_resolved.describe(); }

private:
    EventMatcher m_resolved;
    QList<QPair<JsonPointer, QString>> m_json;
    QList<QPair<QString, JsonPointer>> m_captures;
    QRegularExpression m_data;
};

// One expectation being checked over its window: records are fed in as they arrive (only those
// stamped inside the window), deadlines are checked when the runner's timer fires, and the
// window's end decides what is still open. Decides once; bounded state (counters, one id).
class CheckExpectation
{
public:
    static constexpr qint64 kNever = std::numeric_limits<qint64>::max();

    // Resolves the references; false with the missing names when a value is not known.
    bool prepare(const Expectation &expectation, const QHash<QString, QString> &values,
                 QStringList *missing);
    QString describe() const; // with the references resolved
    const Expectation &expectation() const { return m_expectation; }

    // The window opens at `startNs` on a stream in `state`, on connection `conn` (0: none
    // yet), with `stats` so far.
    void begin(qint64 startNs, ClientState state, int conn, const SseClientStats &stats);
    void feed(const ClientRecord &record);
    // A record stamped before the window but delivered after it opened: what begin()'s
    // snapshot of the stream could not hold yet (the last id received, for a resume).
    void feedEarlier(const ClientRecord &record);
    void feedStats(const SseClientStats &stats);
    // A deadline of the expectation's own (open within T, the next heartbeat) passed.
    void checkTime(qint64 nowNs);
    qint64 nextDeadlineNs() const; // kNever: none
    // The window ended (or the stream closed, `why` then says so): what is undecided now is.
    void finish(qint64 endNs, const QString &why = QString());
    // It could not be checked: Error, or Skipped when it needs a value that is missing.
    void error(qint64 nowNs, const QString &message,
               CheckResult::Status status = CheckResult::Status::Error);

    bool isDecided() const { return m_decided; }
    CheckResult::Status status() const { return m_status; }
    QString message() const { return m_message; }
    qint64 decidedNs() const { return m_decidedNs; }
    QStringList seen() const; // what the window held, for the evidence
    const QHash<QString, QString> &captures() const { return m_captures; }

private:
    void pass(qint64 ns);
    void failWith(qint64 ns, const QString &message);
    void onEvent(const ClientRecord &record);
    void onResumeRecord(const ClientRecord &record);
    void onLensFacts(const LensFacts &facts, qint64 atNs);

    Expectation m_expectation;
    CompiledMatcher m_matcher;
    QList<CompiledMatcher> m_order;
    qint64 m_startNs = 0;
    bool m_decided = false;
    CheckResult::Status m_status = CheckResult::Status::Passed;
    QString m_message;
    qint64 m_decidedNs = 0;
    QHash<QString, QString> m_captures;

    qint64 m_matched = 0; // Count; Order: items seen
    qint64 m_events = 0; // in the window
    QHash<QByteArray, qint64> m_types; // events by type, at most kMaxTypes
    bool m_open = false;
    ClientState m_state = ClientState::Idle;
    qint64 m_lastBeatNs = 0;
    // Resume: the last event id before the reconnect, the connection it came on, and whether
    // a new connection opened (sending Last-Event-ID) and is awaited to deliver its first event.
    QByteArray m_lastId;
    int m_lastConn = 0;
    bool m_reconnected = false;
    int m_resumedConn = 0;
    QByteArray m_lens; // Lens: the lens that read the stream, as last reported

    static constexpr int kMaxTypes = 16;
};
