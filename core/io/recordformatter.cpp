// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "recordformatter.h"

#include "faults/faultreport.h"
#include "util/jsonwriter.h"

#include <QUrl>

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
