// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "lensrecords.h"

using namespace JsonWriter;

namespace {

// Time in ns (-1: not known) as ms, or null.
void millisOrNull(Members &json, QByteArrayView key, qint64 ns)
{
    if (ns >= 0)
        json.millis(key, ns / 1000);
    else
        json.raw(key, "null");
}

QByteArray millisText(qint64 ns)
{
    QByteArray out;
    appendMillis(out, ns / 1000);
    return out + " ms";
}

QByteArray countsJson(const LensCounts &counts)
{
    QByteArray out = "{";
    for (const auto &entry : counts.names) {
        if (out.size() > 1)
            out.append(',');
        appendString(out, entry.first);
        out.append(':');
        appendInt(out, entry.second);
    }
    if (counts.other > 0) {
        // A name no stream uses for itself: the counts past LensCounts::kMaxNames.
        out.append(out.size() > 1 ? ",\"(other)\":" : "\"(other)\":");
        appendInt(out, counts.other);
    }
    out.append('}');
    return out;
}

QByteArray countsText(const LensCounts &counts)
{
    QByteArray out;
    for (const auto &entry : counts.names) {
        if (!out.isEmpty())
            out.append(", ");
        out.append(entry.first + ' ');
        appendInt(out, entry.second);
    }
    if (counts.other > 0) {
        out.append(out.isEmpty() ? "other " : ", other ");
        appendInt(out, counts.other);
    }
    return out.isEmpty() ? QByteArrayLiteral("none") : out;
}

// The answered requests' latencies (those whose request this stream saw).
GapStats rpcLatencies(const LensMcp &mcp)
{
    GapStats stats;
    for (const LensRpc &rpc : mcp.rpcs) {
        if (rpc.latencyNs >= 0)
            stats.add(rpc.latencyNs);
    }
    return stats;
}

QByteArray sizeText(const GapStats &sizes)
{
    QByteArray out;
    appendInt(out, sizes.minNs());
    out.append("..");
    appendInt(out, sizes.maxNs());
    out.append(" bytes, avg ");
    appendDouble(out, sizes.mean());
    out.append(", p99 ");
    appendInt(out, sizes.percentileNs(0.99));
    return out;
}

} // namespace

QByteArray LensRecords::mcpJson(const LensMcp &m)
{
    QByteArray out = "{\"transport\":";
    appendString(out, m.transport);
    Members json(out);
    json.string("stream", m.stream)
        .stringOrNull("session_id", m.sessionId, !m.sessionId.isEmpty())
        .stringOrNull("protocol_version", m.protocolVersion, !m.protocolVersion.isEmpty())
        .stringOrNull("server_name", m.serverName, !m.serverName.isEmpty())
        .stringOrNull("server_version", m.serverVersion, !m.serverVersion.isEmpty())
        .stringOrNull("capabilities", m.capabilities, !m.capabilities.isEmpty())
        .stringOrNull("endpoint", m.endpoint, !m.endpoint.isEmpty())
        .stringOrNull("resume_from", m.resumeFrom, !m.resumeFrom.isEmpty())
        .stringOrNull("last_event_id", m.lastEventId, !m.lastEventId.isEmpty())
        .integer("requests", m.requests)
        .integer("responses", m.responses)
        .integer("errors", m.errors)
        .integer("pending", m.pending())
        .integer("messages", m.messages)
        .integer("priming_events", m.primingEvents)
        .raw("notifications", countsJson(m.notifications))
        .raw("server_requests", countsJson(m.serverRequests));
    const GapStats latencies = rpcLatencies(m);
    millisOrNull(json, "latency_p50_ms", latencies.percentileNs(0.5));
    millisOrNull(json, "latency_max_ms", latencies.maxNs());
    QByteArray rpcs = "[";
    for (const LensRpc &rpc : m.rpcs) {
        if (rpcs.size() > 1)
            rpcs.append(',');
        rpcs.append("{\"id\":");
        appendString(rpcs, rpc.id);
        Members r(rpcs);
        r.stringOrNull("method", rpc.method, !rpc.method.isEmpty())
            .string("state", LensRpc::stateName(rpc.state));
        millisOrNull(r, "latency_ms", rpc.latencyNs);
        if (rpc.state == LensRpc::State::Error)
            r.integer("error_code", rpc.errorCode);
        rpcs.append('}');
    }
    rpcs.append(']');
    json.raw("rpcs", rpcs);
    out.append('}');
    return out;
}

QByteArray LensRecords::genericJson(const LensGeneric &g)
{
    QByteArray out = "{\"events\":";
    appendInt(out, g.events);
    Members json(out);
    json.raw("types", countsJson(g.types))
        .integer("size_min", g.sizes.minNs())
        .number("size_avg", g.sizes.mean())
        .integer("size_p99", g.sizes.percentileNs(0.99))
        .integer("size_max", g.sizes.maxNs())
        .integer("retries", g.retries);
    if (g.retryMs >= 0)
        json.integer("retry_ms", g.retryMs);
    else
        json.raw("retry_ms", "null");
    if (g.latencyField.isEmpty()) {
        json.raw("latency", "null");
    } else {
        QByteArray latency = "{\"field\":";
        appendText(latency, g.latencyField);
        Members l(latency);
        l.integer("count", g.latency.count());
        millisOrNull(l, "p50_ms", g.latency.percentileNs(0.5));
        millisOrNull(l, "p99_ms", g.latency.percentileNs(0.99));
        millisOrNull(l, "max_ms", g.latency.maxNs());
        l.integer("negative", g.latencyNegative);
        if (g.latencyNegative > 0)
            l.millis("most_negative_ms", g.latencyMostNegativeNs / 1000);
        else
            l.raw("most_negative_ms", "null");
        l.integer("missing", g.latencyMissing);
        latency.append('}');
        json.raw("latency", latency);
    }
    out.append('}');
    return out;
}

void LensRecords::appendRpcMembers(Members &json, const LensFacts &facts, int index)
{
    if (index < 0 || index >= facts.mcp.rpcs.size())
        return;
    const LensRpc &rpc = facts.mcp.rpcs.at(index);
    json.string("id", rpc.id).stringOrNull("method", rpc.method, !rpc.method.isEmpty());
    if (!rpc.target.isEmpty()) // the tool, prompt or resource the request named
        json.string("target", rpc.target);
    json.string("state", LensRpc::stateName(rpc.state));
    millisOrNull(json, "latency_ms", rpc.latencyNs);
    json.integer("event", rpc.event);
    if (rpc.state == LensRpc::State::Error)
        json.integer("error_code", rpc.errorCode).text("error_message", rpc.errorMessage);
    json.string("summary", rpc.summary);
    if (rpc.method == "tools/call")
        json.raw("tool_error", rpc.toolError ? "true" : "false");
    if (rpc.textBlock >= 0 && rpc.textBlock < facts.blocks.size())
        json.string("text", facts.blocks.at(rpc.textBlock).text);
}

QByteArray LensRecords::rpcText(const LensFacts &facts, int index)
{
    if (index < 0 || index >= facts.mcp.rpcs.size())
        return QByteArray();
    const LensRpc &rpc = facts.mcp.rpcs.at(index);
    QByteArray out = (rpc.method.isEmpty() ? QByteArrayLiteral("(request not seen)") : rpc.method)
        + (rpc.target.isEmpty() ? QByteArray() : ' ' + rpc.target) + " id " + rpc.id + ": ";
    if (rpc.state == LensRpc::State::Error) {
        out.append("error ");
        appendInt(out, rpc.errorCode);
        out.append(' ' + rpc.errorMessage.toUtf8());
    } else {
        out.append(rpc.toolError ? "result (the tool failed)" : "result");
    }
    if (rpc.latencyNs >= 0)
        out.append(" in " + millisText(rpc.latencyNs));
    if (!rpc.summary.isEmpty() && rpc.summary != "{}")
        out.append("  " + rpc.summary);
    return out;
}

QByteArray LensRecords::recognisedText(const LensMcp &m)
{
    QByteArray out = ", " + m.transport + ' ' + m.stream;
    if (!m.sessionId.isEmpty())
        out.append(", session " + m.sessionId);
    if (!m.protocolVersion.isEmpty())
        out.append(", protocol " + m.protocolVersion);
    return out;
}

void LensRecords::appendRecognisedMembers(Members &json, const LensMcp &m)
{
    json.string("transport", m.transport)
        .string("stream", m.stream)
        .stringOrNull("session_id", m.sessionId, !m.sessionId.isEmpty())
        .stringOrNull("protocol_version", m.protocolVersion, !m.protocolVersion.isEmpty());
}

QList<QPair<const char *, QByteArray>> LensRecords::summaryLines(const LensFacts &f)
{
    QList<QPair<const char *, QByteArray>> lines;
    if (f.lens == "mcp") {
        const LensMcp &m = f.mcp;
        QByteArray session = m.transport + ' ' + m.stream + ", session "
            + (m.sessionId.isEmpty() ? QByteArrayLiteral("(none)") : m.sessionId) + ", protocol "
            + (m.protocolVersion.isEmpty() ? QByteArrayLiteral("(not said)") : m.protocolVersion);
        if (!m.serverName.isEmpty())
            session.append(", server " + m.serverName + ' ' + m.serverVersion);
        if (!m.endpoint.isEmpty())
            session.append(", endpoint " + m.endpoint);
        if (!m.resumeFrom.isEmpty())
            session.append(", resumed from " + m.resumeFrom);
        lines.append({"mcp", session});
        QByteArray rpcs;
        appendInt(rpcs, m.requests);
        rpcs.append(" requests, ");
        appendInt(rpcs, m.responses);
        rpcs.append(" responses (");
        appendInt(rpcs, m.errors);
        rpcs.append(" errors), ");
        appendInt(rpcs, m.pending());
        rpcs.append(" pending");
        const GapStats latencies = rpcLatencies(m);
        if (latencies.count() > 0)
            rpcs.append(", latency p50 " + millisText(latencies.percentileNs(0.5)) + " max "
                        + millisText(latencies.maxNs()));
        if (m.pending() > 0 && !m.lastEventId.isEmpty())
            rpcs.append(", resumable from event id " + m.lastEventId);
        lines.append({"rpcs", rpcs});
        constexpr int kShown = 20; // the records have every one
        for (int i = 0; i < m.rpcs.size() && i < kShown; ++i)
            lines.append({"rpc", rpcText(f, i)});
        if (m.rpcs.size() > kShown) {
            QByteArray more;
            appendInt(more, m.rpcs.size() - kShown);
            lines.append({"rpc", more + " more (in the records)"});
        }
        QByteArray server = "notifications " + countsText(m.notifications) + "; requests "
            + countsText(m.serverRequests) + "; priming events ";
        appendInt(server, m.primingEvents);
        lines.append({"server", server});
    }
    const LensGeneric &g = f.generic;
    if (g.events == 0 && g.retries == 0)
        return lines;
    QByteArray stream;
    appendInt(stream, g.events);
    stream.append(" events (" + countsText(g.types) + ")");
    if (g.sizes.count() > 0)
        stream.append(", data " + sizeText(g.sizes));
    if (g.retryMs >= 0) {
        stream.append(", retry ");
        appendInt(stream, g.retryMs);
        stream.append(" ms");
    }
    lines.append({"stream", stream});
    if (!g.latencyField.isEmpty()) {
        QByteArray latency = g.latencyField.toUtf8() + ": ";
        appendInt(latency, g.latency.count());
        latency.append(" events");
        if (g.latency.count() > 0)
            latency.append(", p50 " + millisText(g.latency.percentileNs(0.5)) + " p99 "
                           + millisText(g.latency.percentileNs(0.99)) + " max "
                           + millisText(g.latency.maxNs()));
        if (g.latencyNegative > 0) {
            latency.append(", ");
            appendInt(latency, g.latencyNegative);
            latency.append(" ahead of this clock (up to " + millisText(-g.latencyMostNegativeNs)
                           + ')');
        }
        if (g.latencyMissing > 0) {
            latency.append(", ");
            appendInt(latency, g.latencyMissing);
            latency.append(" without a timestamp");
        }
        lines.append({"latency", latency});
    }
    return lines;
}
