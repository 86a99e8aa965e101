// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "checkexpectation.h"

#include "io/templatevariables.h"
#include "sse/idtracker.h"

#include <cmath>

namespace {

QString resolve(const QString &text, const QHash<QString, QString> &values, QStringList *missing)
{
    const TemplateVariables::Result result = TemplateVariables::resolve(text.toUtf8(), values);
    for (const QString &name : result.missing) {
        if (!missing->contains(name))
            missing->append(name);
    }
    return QString::fromUtf8(result.text);
}

bool sameValue(const JsonPointer::Value &found, const QString &expected)
{
    switch (found.type) {
    case JsonPointer::Value::Type::Missing:
    case JsonPointer::Value::Type::Object:
    case JsonPointer::Value::Type::Array:
        return false;
    case JsonPointer::Value::Type::String:
        return found.text() == expected;
    case JsonPointer::Value::Type::Number: {
        bool ok = false;
        const double number = expected.toDouble(&ok);
        return ok ? number == found.number() : found.text() == expected;
    }
    case JsonPointer::Value::Type::Bool:
    case JsonPointer::Value::Type::Null:
        return found.text() == expected;
    }
    return false;
}

QString millis(qint64 ns)
{
    return QString::number(double(ns) / 1e6, 'f', 1) + QStringLiteral(" ms");
}

} // namespace

bool CompiledMatcher::compile(const EventMatcher &matcher, const QHash<QString, QString> &values,
                              QStringList *missing)
{
    const qsizetype before = missing->size();
    m_resolved = matcher;
    m_resolved.type = resolve(matcher.type, values, missing);
    m_resolved.id = resolve(matcher.id, values, missing);
    m_json.clear();
    for (EventMatcher::JsonField &field : m_resolved.json) {
        field.expected = resolve(field.expected, values, missing);
        JsonPointer pointer;
        JsonPointer::parse(field.pointer, &pointer); // checked by CheckReader
        m_json.append({pointer, field.expected});
    }
    m_captures.clear();
    for (const auto &capture : matcher.captures) {
        JsonPointer pointer;
        JsonPointer::parse(capture.second, &pointer);
        m_captures.append({capture.first, pointer});
    }
    if (!matcher.dataPattern.isEmpty()) {
        // A value inserted into a pattern stands for itself, not for a pattern.
        QHash<QString, QString> escaped;
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            escaped.insert(it.key(), QRegularExpression::escape(it.value()));
        m_resolved.dataPattern = resolve(matcher.dataPattern, escaped, missing);
        m_data.setPattern(m_resolved.dataPattern);
    }
    return missing->size() == before;
}

bool CompiledMatcher::matches(const SseEvent &event, QHash<QString, QString> *captures) const
{
    if (!m_resolved.type.isEmpty() && event.type != m_resolved.type.toUtf8())
        return false;
    if (!m_resolved.id.isEmpty() && event.id != m_resolved.id.toUtf8())
        return false;
    for (const auto &[pointer, expected] : m_json) {
        if (!sameValue(pointer.find(event.data), expected))
            return false;
    }
    if (!m_resolved.dataPattern.isEmpty() && !m_data.match(event.dataString()).hasMatch())
        return false;
    QList<QPair<QString, QString>> captured;
    for (const auto &[name, pointer] : m_captures) {
        const JsonPointer::Value value = pointer.find(event.data);
        if (value.isMissing())
            return false;
        captured.append({name, value.text()});
    }
    if (captures) {
        for (const auto &[name, value] : captured)
            captures->insert(name, value);
    }
    return true;
}

bool CheckExpectation::prepare(const Expectation &expectation,
                               const QHash<QString, QString> &values, QStringList *missing)
{
    m_expectation = expectation;
    bool ok = m_matcher.compile(expectation.matcher, values, missing);
    m_order.clear();
    for (const EventMatcher &item : expectation.order) {
        CompiledMatcher compiled;
        ok = compiled.compile(item, values, missing) && ok;
        m_order.append(compiled);
    }
    return ok;
}

QString CheckExpectation::describe() const
{
    switch (m_expectation.kind) {
    case Expectation::Kind::Event:
        return QStringLiteral("event ") + m_matcher.describe();
    case Expectation::Kind::Count:
        return QStringLiteral("at least %1 events %2")
            .arg(m_expectation.count)
            .arg(m_matcher.describe());
    case Expectation::Kind::None:
        return QStringLiteral("no event ") + m_matcher.describe();
    case Expectation::Kind::Order: {
        QStringList parts;
        for (const CompiledMatcher &m : m_order)
            parts.append(u'(' + m.describe() + u')');
        return QStringLiteral("in order ") + parts.join(QStringLiteral(", "));
    }
    default:
        return m_expectation.describe();
    }
}

void CheckExpectation::begin(qint64 startNs, ClientState state, int conn,
                             const SseClientStats &stats)
{
    m_startNs = startNs;
    m_lastConn = conn;
    m_lastBeatNs = startNs;
    m_state = state;
    m_lastId = stats.lastEventId;
    if (m_expectation.kind == Expectation::Kind::Open && state == ClientState::Open)
        pass(startNs);
    feedStats(stats);
}

void CheckExpectation::feedEarlier(const ClientRecord &record)
{
    if (m_decided || m_expectation.kind != Expectation::Kind::Resume || m_reconnected)
        return;
    if (record.kind == ClientRecord::Kind::Event && !record.heartbeat) {
        m_lastId = record.event.id;
        m_lastConn = record.conn;
    }
}

void CheckExpectation::pass(qint64 ns)
{
    if (m_decided)
        return;
    m_decided = true;
    m_status = CheckResult::Status::Passed;
    m_decidedNs = ns;
}

void CheckExpectation::failWith(qint64 ns, const QString &message)
{
    if (m_decided)
        return;
    m_decided = true;
    m_status = CheckResult::Status::Failed;
    m_message = message;
    m_decidedNs = ns;
}

void CheckExpectation::error(qint64 nowNs, const QString &message, CheckResult::Status status)
{
    if (m_decided)
        return;
    m_decided = true;
    m_status = status;
    m_message = message;
    m_decidedNs = nowNs;
}

void CheckExpectation::feedStats(const SseClientStats &stats)
{
    if (m_decided)
        return;
    const qint64 now = monotonicNowNs();
    if (m_expectation.kind == Expectation::Kind::Lost && stats.lost > m_expectation.count)
        failWith(now,
                 QStringLiteral("%1 events lost (numeric ids skipped) since the stream "
                                "started; at most %2 allowed")
                     .arg(stats.lost)
                     .arg(m_expectation.count));
    if (m_expectation.kind == Expectation::Kind::Duplicates
        && stats.duplicates > m_expectation.count)
        failWith(now,
                 QStringLiteral("%1 events duplicated (numeric ids repeated) since the "
                                "stream started; at most %2 allowed")
                     .arg(stats.duplicates)
                     .arg(m_expectation.count));
}

void CheckExpectation::feed(const ClientRecord &record)
{
    if (record.kind == ClientRecord::Kind::State)
        m_state = record.state;
    if (record.kind == ClientRecord::Kind::Event && !record.heartbeat) {
        ++m_events;
        if (m_types.contains(record.event.type) || m_types.size() < kMaxTypes)
            ++m_types[record.event.type];
    }
    if (m_decided)
        return;
    switch (m_expectation.kind) {
    case Expectation::Kind::Open:
        if (record.kind == ClientRecord::Kind::State && record.state == ClientState::Open) {
            if (record.monotonicNs - m_startNs <= m_expectation.ms * 1000000)
                pass(record.monotonicNs);
            else
                failWith(record.monotonicNs,
                         QStringLiteral("the stream opened after %1, later than %2 ms")
                             .arg(millis(record.monotonicNs - m_startNs))
                             .arg(m_expectation.ms));
        }
        break;
    case Expectation::Kind::Heartbeat:
        if (record.kind == ClientRecord::Kind::Ping) {
            checkTime(record.monotonicNs);
            m_lastBeatNs = record.monotonicNs;
        }
        break;
    case Expectation::Kind::Resume:
        onResumeRecord(record);
        break;
    case Expectation::Kind::Lens:
        if (record.lens)
            onLensFacts(record.lens->facts, record.monotonicNs);
        break;
    default:
        if (record.kind == ClientRecord::Kind::Event && !record.heartbeat)
            onEvent(record);
        break;
    }
}

void CheckExpectation::onEvent(const ClientRecord &record)
{
    const SseEvent &event = record.event;
    switch (m_expectation.kind) {
    case Expectation::Kind::Event:
        if (m_matcher.matches(event, &m_captures))
            pass(record.monotonicNs);
        break;
    case Expectation::Kind::Count:
        if (m_matcher.matches(event) && ++m_matched >= m_expectation.count)
            pass(record.monotonicNs);
        break;
    case Expectation::Kind::None:
        if (m_matcher.matches(event)) {
            failWith(record.monotonicNs,
                     QStringLiteral("event #%1 (type %2, id \"%3\") matched at %4 of the window")
                         .arg(record.seq)
                         .arg(event.typeString(), event.idString(),
                              millis(record.monotonicNs - m_startNs)));
        }
        break;
    case Expectation::Kind::Order: {
        if (m_order.at(m_matched).matches(event)) {
            if (++m_matched == m_order.size())
                pass(record.monotonicNs);
            break;
        }
        for (qsizetype later = m_matched + 1; later < m_order.size(); ++later) {
            if (m_order.at(later).matches(event)) {
                failWith(record.monotonicNs,
                         QStringLiteral("event #%1 matched item %2 (%3) before item %4 (%5) "
                                        "was seen")
                             .arg(record.seq)
                             .arg(later + 1)
                             .arg(m_order.at(later).describe())
                             .arg(m_matched + 1)
                             .arg(m_order.at(m_matched).describe()));
                break;
            }
        }
        break;
    }
    default:
        break;
    }
}

void CheckExpectation::onResumeRecord(const ClientRecord &record)
{
    if (record.kind == ClientRecord::Kind::State && record.state == ClientState::Open
        && m_lastConn > 0 && record.conn > m_lastConn && !m_reconnected) {
        m_reconnected = true;
        m_resumedConn = record.conn;
        QByteArray sent;
        bool hasHeader = false;
        if (record.attempt) {
            for (const auto &[name, value] : record.attempt->requestHeaders) {
                if (name.compare("Last-Event-ID", Qt::CaseInsensitive) == 0) {
                    sent = value;
                    hasHeader = true;
                }
            }
        }
        if (!m_lastId.isEmpty() && (!hasHeader || sent != m_lastId)) {
            failWith(record.monotonicNs,
                     hasHeader ? QStringLiteral("connection %1 sent Last-Event-ID \"%2\", not "
                                                "\"%3\", the last id received")
                                     .arg(record.conn)
                                     .arg(QString::fromUtf8(sent), QString::fromUtf8(m_lastId))
                               : QStringLiteral("connection %1 sent no Last-Event-ID (the last id "
                                                "received was \"%2\")")
                                     .arg(record.conn)
                                     .arg(QString::fromUtf8(m_lastId)));
        }
        return;
    }
    if (record.kind != ClientRecord::Kind::Event || record.heartbeat)
        return;
    if (!m_reconnected || record.conn != m_resumedConn) {
        m_lastId = record.event.id;
        m_lastConn = record.conn;
        return;
    }
    // The first event of the resumed connection: its id's counter follows the last one's, in
    // the same series (the text before the counter, as in "s1/7" then "s1/8").
    qint64 last = 0;
    qint64 next = 0;
    QByteArrayView lastSeries;
    QByteArrayView nextSeries;
    if (!IdTracker::splitCounter(m_lastId, &lastSeries, &last)
        || !IdTracker::splitCounter(record.event.id, &nextSeries, &next)) {
        failWith(record.monotonicNs,
                 QStringLiteral("ids \"%1\" and then \"%2\" do not end in a counter: a gap or a "
                                "repeat cannot be told")
                     .arg(QString::fromUtf8(m_lastId), record.event.idString()));
    } else if (lastSeries != nextSeries) {
        failWith(record.monotonicNs,
                 QStringLiteral("the resumed stream began with id \"%1\", of another series "
                                "than the last id received, \"%2\"")
                     .arg(record.event.idString(), QString::fromUtf8(m_lastId)));
    } else if (next == last + 1) {
        pass(record.monotonicNs);
    } else if (next <= last) {
        failWith(record.monotonicNs,
                 QStringLiteral("repeat: after id %1 the resumed stream began with id %2")
                     .arg(QString::fromUtf8(m_lastId), record.event.idString()));
    } else {
        failWith(record.monotonicNs,
                 QStringLiteral("gap: after id %1 the resumed stream began with id %2 (%3 lost)")
                     .arg(QString::fromUtf8(m_lastId), record.event.idString())
                     .arg(next - last - 1));
    }
}

void CheckExpectation::onLensFacts(const LensFacts &facts, qint64 atNs)
{
    m_lens = facts.lens;
    const QString ending =
        facts.endReason.isEmpty() ? QString() : QStringLiteral(" (") + facts.endReason + u')';
    switch (m_expectation.lensFact) {
    case Expectation::LensFact::FirstToken:
        // LensFacts times run from the request's start.
        if (facts.firstTokenNs >= 0 && facts.firstTokenNs <= m_expectation.ms * 1000000)
            pass(atNs);
        else if (facts.firstTokenNs >= 0)
            failWith(atNs,
                     QStringLiteral("the first token came %1 after the request, later than "
                                    "%2 ms")
                         .arg(millis(facts.firstTokenNs))
                         .arg(m_expectation.ms));
        else if (facts.ended)
            failWith(atNs, QStringLiteral("the response ended without a content token") + ending);
        break;
    case Expectation::LensFact::Terminal:
        if (facts.terminal)
            pass(atNs);
        else if (facts.ended)
            failWith(atNs,
                     QStringLiteral("the response ended without its terminal event") + ending);
        break;
    case Expectation::LensFact::ToolCall: {
        // The first tools/call of the tool that the stream's POST asked.
        const QByteArray tool = m_expectation.text.toUtf8();
        const LensRpc *call = nullptr;
        for (const LensRpc &rpc : facts.mcp.rpcs) {
            if (rpc.method == "tools/call" && rpc.target == tool) {
                call = &rpc;
                break;
            }
        }
        const QString name =
            QStringLiteral("tools/call %1 (id %2)")
                .arg(m_expectation.text, call ? QString::fromUtf8(call->id) : QString());
        if (call && call->state == LensRpc::State::Result && !call->toolError) {
            pass(atNs);
        } else if (call && call->state == LensRpc::State::Result) {
            failWith(atNs,
                     QStringLiteral("%1 was answered, and the tool failed (isError): %2")
                         .arg(name, QString::fromUtf8(call->summary)));
        } else if (call && call->state == LensRpc::State::Error) {
            failWith(atNs,
                     QStringLiteral("%1 was answered with error %2: %3")
                         .arg(name)
                         .arg(call->errorCode)
                         .arg(call->errorMessage));
        } else if (call && facts.ended) {
            failWith(atNs,
                     QStringLiteral("the response ended with %1 unanswered").arg(name) + ending);
        } else if (!call && facts.ended) {
            failWith(atNs,
                     QStringLiteral("the stream's request asked no tools/call of %1 (it asked "
                                    "%2 request(s))")
                             .arg(m_expectation.text)
                             .arg(facts.mcp.requests)
                         + ending);
        }
        break;
    }
    case Expectation::LensFact::FinishReason:
        if (!facts.finishReason.isEmpty()) {
            if (facts.finishReason == m_expectation.text.toUtf8())
                pass(atNs);
            else
                failWith(atNs,
                         QStringLiteral("the finish reason is \"%1\"")
                             .arg(QString::fromUtf8(facts.finishReason)));
        } else if (facts.ended) {
            failWith(atNs, QStringLiteral("the response ended without a finish reason") + ending);
        }
        break;
    }
}

qint64 CheckExpectation::nextDeadlineNs() const
{
    if (m_decided)
        return kNever;
    if (m_expectation.kind == Expectation::Kind::Open)
        return m_startNs + m_expectation.ms * 1000000;
    if (m_expectation.kind == Expectation::Kind::Heartbeat)
        return m_lastBeatNs + m_expectation.ms * 1000000;
    return kNever;
}

void CheckExpectation::checkTime(qint64 nowNs)
{
    if (m_decided)
        return;
    if (m_expectation.kind == Expectation::Kind::Open && nowNs > nextDeadlineNs()) {
        failWith(nowNs,
                 QStringLiteral("the stream was not open %1 ms after the window opened "
                                "(state: %2)")
                     .arg(m_expectation.ms)
                     .arg(clientStateName(m_state)));
    } else if (m_expectation.kind == Expectation::Kind::Heartbeat && nowNs > nextDeadlineNs()) {
        const QString gap = millis(nowNs - m_lastBeatNs);
        failWith(nowNs,
                 m_lastBeatNs == m_startNs
                     ? QStringLiteral("no heartbeat in the first %1 of the window (at most %2 ms "
                                      "between them)")
                           .arg(gap)
                           .arg(m_expectation.ms)
                     : QStringLiteral("no heartbeat for %1 after the one at %2 into the window "
                                      "(at most %3 ms between them)")
                           .arg(gap, millis(m_lastBeatNs - m_startNs))
                           .arg(m_expectation.ms));
    }
}

void CheckExpectation::finish(qint64 endNs, const QString &why)
{
    checkTime(endNs);
    if (m_decided)
        return;
    const QString suffix = why.isEmpty() ? QString() : QStringLiteral(" (") + why + u')';
    const QString window = millis(endNs - m_startNs);
    switch (m_expectation.kind) {
    case Expectation::Kind::None:
    case Expectation::Kind::Heartbeat:
    case Expectation::Kind::Lost:
    case Expectation::Kind::Duplicates:
        pass(endNs);
        break;
    case Expectation::Kind::Event:
        failWith(endNs,
                 QStringLiteral("no event %1 in %2%3").arg(m_matcher.describe(), window, suffix));
        break;
    case Expectation::Kind::Count:
        failWith(endNs,
                 QStringLiteral("%1 of %2 events %3 in %4%5")
                     .arg(m_matched)
                     .arg(m_expectation.count)
                     .arg(m_matcher.describe(), window, suffix));
        break;
    case Expectation::Kind::Order:
        failWith(endNs,
                 QStringLiteral("%1 of %2 in order in %3; item %4 (%5) never came%6")
                     .arg(m_matched)
                     .arg(m_order.size())
                     .arg(window)
                     .arg(m_matched + 1)
                     .arg(m_order.at(m_matched).describe(), suffix));
        break;
    case Expectation::Kind::Open:
        failWith(endNs,
                 QStringLiteral("the stream did not open (state: %1)%2")
                     .arg(clientStateName(m_state), suffix));
        break;
    case Expectation::Kind::Lens:
        failWith(endNs,
                 (m_lens.isEmpty() ? QStringLiteral("no lens read the stream")
                                   : QStringLiteral("not seen by the ") + QString::fromUtf8(m_lens)
                          + QStringLiteral(" lens"))
                     + QStringLiteral(" in ") + window + suffix);
        break;
    case Expectation::Kind::Resume:
        failWith(endNs,
                 m_reconnected ? QStringLiteral("connection %1 delivered no event in %2%3")
                                     .arg(m_resumedConn)
                                     .arg(window, suffix)
                               : QStringLiteral("no reconnect in %1%2").arg(window, suffix));
        break;
    }
}

QStringList CheckExpectation::seen() const
{
    QStringList types;
    for (auto it = m_types.cbegin(); it != m_types.cend(); ++it)
        types.append(QStringLiteral("%1 x%2").arg(QString::fromUtf8(it.key())).arg(it.value()));
    types.sort();
    QString line = QStringLiteral("seen: %1 events").arg(m_events);
    if (!types.isEmpty())
        line += QStringLiteral(" (") + types.join(QStringLiteral(", ")) + u')';
    return {line, QStringLiteral("stream state: ") + clientStateName(m_state)};
}
