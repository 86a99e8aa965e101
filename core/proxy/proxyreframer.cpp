// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "proxyreframer.h"

#include "faults/streamfaults.h"
#include "sse/linescanner.h"
#include "sse/sseencoder.h"

#include <utility>

ProxyReframer::ProxyReframer(Host *host, StreamFaults &faults, const HeartbeatRules &heartbeat,
                             SseParser::Limits limits)
    : m_host(host)
    , m_faults(faults)
    , m_heartbeat(heartbeat)
    , m_parser(this, limits)
{ }

void ProxyReframer::startBody(bool eventStream, bool chunked)
{
    m_observing = eventStream;
    m_clientChunked = chunked;
}

void ProxyReframer::segmentFromStart(bool reframe)
{
    m_segmenting = true;
    if (reframe)
        m_reframed = true;
}

void ProxyReframer::segmentFromHere()
{
    m_segmenting = true;
    m_unitBoundaryKnown = false;
}

void ProxyReframer::requestReframe(bool bodyUntouched, bool atChunkBoundary)
{
    if (!m_segmenting) {
        // Faults were engaged after this stream's last read: units start at a blank line,
        // unless nothing of the body has been seen yet.
        m_segmenting = true;
        m_unitBoundaryKnown = m_events == 0 && m_parser.pendingLineBytes() == 0 && bodyUntouched;
    }
    if (m_reframed) {
        if (!m_inRead && atUnitBoundary())
            flushInjections();
        return;
    }
    m_switchWanted = true;
    // Between two reads the switch can happen at once when the stream is at a boundary;
    // inside a read, the reader switches at the next one.
    if (!m_inRead && atUnitBoundary() && atChunkBoundary)
        switchToReframed();
}

void ProxyReframer::switchToReframed()
{
    m_switchWanted = false;
    m_reframed = true;
    flushInjections();
}

void ProxyReframer::inject(int id, const Fault &fault, const QByteArray &bytes)
{
    m_injections.append({id, fault, bytes});
}

bool ProxyReframer::feedParser(QByteArrayView bytes)
{
    if (m_parser.feed(bytes))
        return true;
    // Observation is best effort; the bytes keep flowing to the client.
    m_observing = false;
    m_observationError = m_parser.errorString();
    return false;
}

void ProxyReframer::feed(QByteArrayView decoded)
{
    if (decoded.isEmpty())
        return;
    if (m_segmenting || m_reframed) {
        segment(decoded);
        return;
    }
    if (m_observing)
        feedParser(decoded);
}

void ProxyReframer::finish()
{
    if (m_observing)
        m_parser.finish();
}

void ProxyReframer::segment(QByteArrayView decoded)
{
    if (!m_observing) {
        // Nothing to cut at (not an event stream, or observation stopped at a cap): what was
        // pending and what follows go out as they are.
        if (m_reframed) {
            if (!m_pending.isEmpty())
                emitBody(std::exchange(m_pending, {}));
            m_pendingBytes = 0;
            emitBody(decoded);
        }
        return;
    }
    const char *p = decoded.data();
    const char *const end = p + decoded.size();
    if (m_crPending && p < end) {
        m_crPending = false;
        if (*p == '\n') {
            // The LF of a CRLF split across reads: the parser skips it, and so does a client.
            m_parser.feed(QByteArrayView(p, 1));
            if (m_reframed) {
                if (m_pendingBytes == 0)
                    emitBody(QByteArrayView(p, 1));
                else
                    m_pending.append('\n');
            }
            if (m_pendingBytes > 0)
                ++m_pendingBytes;
            ++p;
        }
    }
    while (p < end && m_host->isStreaming()) {
        const char *eol = LineScanner::findLineEnd(p, end);
        const bool isComment = m_lineBytes == 0 ? (eol > p && *p == ':') : m_lineIsComment;
        if (eol == end) {
            // A partial line: it waits for its end.
            if (m_lineBytes == 0)
                m_lineIsComment = isComment;
            m_lineBytes += end - p;
            feedParser(QByteArrayView(p, end - p));
            if (m_reframed)
                m_pending.append(p, end - p);
            m_pendingBytes += end - p;
            if (!m_observing)
                segment(QByteArrayView());
            return;
        }
        const bool blank = m_lineBytes == 0 && eol == p;
        const char *next = LineScanner::skipLineEnd(eol, end, m_crPending);
        feedLine(QByteArrayView(p, next - p), blank, isComment);
        m_lineBytes = 0;
        m_lineIsComment = false;
        p = next;
        if (!m_observing) {
            // What was pending goes first, then the rest as it came.
            segment(QByteArrayView());
            if (m_reframed && p < end)
                emitBody(QByteArrayView(p, end - p));
            return;
        }
    }
}

void ProxyReframer::feedLine(QByteArrayView line, bool blank, bool isComment)
{
    m_lineEvent = false;
    feedParser(line);
    // Nothing pending before this line but its own first pieces (a line split across reads).
    const bool wasEmpty = m_pendingBytes == m_lineBytes;
    if (m_reframed)
        m_pending.append(line);
    m_pendingBytes += line.size();
    UnitKind kind;
    if (m_lineEvent)
        kind = UnitKind::Event;
    else if (blank && m_unitBoundaryKnown)
        kind = UnitKind::Block;
    else if (isComment && wasEmpty && m_unitBoundaryKnown)
        kind = UnitKind::Comment;
    else
        return;
    // Segmenting started in the middle of the stream: only a dispatch proves that the parser
    // (fed whole reads until then) has just seen a blank line. Never re-framed before that, the
    // first unit is only counted.
    m_unitBoundaryKnown = true;
    const QByteArray bytes = std::exchange(m_pending, {});
    m_pendingBytes = 0;
    processUnit(kind, bytes);
}

void ProxyReframer::processUnit(UnitKind kind, const QByteArray &bytes)
{
    // The client's rules (HeartbeatRules): a comment starting with `ping`, an `event: ping`, a
    // `data: ping ...` message.
    const bool heartbeat = (kind == UnitKind::Comment && m_commentIsHeartbeat)
        || (kind == UnitKind::Event && m_heartbeat.matchEvent(m_unitType, m_unitData));
    const bool event = kind == UnitKind::Event && !heartbeat;
    // Heartbeats are not events for the triggers, as on the mock server.
    if (event)
        m_host->eventPassed();
    if (!m_host->isStreaming() || !m_reframed)
        return;
    flushInjections();
    if (!m_host->isStreaming())
        return;
    if (heartbeat && m_faults.heartbeatsPaused()) {
        ++m_heartbeatsDropped;
        return;
    }
    if (event && !m_faults.events().isEmpty()) {
        const QString label = m_unitId.isEmpty()
            ? QStringLiteral("event %1").arg(m_events)
            : QStringLiteral("event id %1").arg(QString::fromUtf8(m_unitId));
        const EventFaults::Result result = m_faults.events().deliver(
            bytes, label, "x" + m_unitId,
            [this](const QByteArray &id, bool reset) { return rewriteEventId(id, reset); },
            [this](int id, const Fault &fault, const QString &detail) {
                m_host->reportFault(id, fault, detail);
            });
        emitBody(result.bytes);
        if (result.truncated)
            m_host->closeForFault(Fault::DropMode::Fin, QStringLiteral("truncate"));
        else if (result.close != Fault::DropMode::Event)
            m_host->closeForFault(result.close,
                                  result.close == Fault::DropMode::Fin ? QStringLiteral("fin")
                                                                       : QStringLiteral("rst"));
    } else {
        emitBody(bytes);
    }
    if (event && m_host->isStreaming())
        m_host->eventSent();
}

QByteArray ProxyReframer::rewriteEventId(const QByteArray &id, bool reset) const
{
    // Re-encoded from what the event carried: its type, data and the new id.
    SseEncoder::Event event;
    if (m_unitType != "message")
        event.type = m_unitType;
    event.data = m_unitData;
    event.hasId = true;
    event.id = reset ? QByteArrayView() : QByteArrayView(id);
    return SseEncoder::event(event);
}

void ProxyReframer::emitBody(QByteArrayView decoded)
{
    if (decoded.isEmpty() || !m_host->isStreaming())
        return;
    QByteArray compressed;
    if (m_faults.isCompressing()) {
        compressed = m_faults.compress(decoded);
        if (compressed.isEmpty())
            return;
        decoded = compressed;
    }
    if (!m_clientChunked) {
        m_host->writeToClient(decoded);
        return;
    }
    // One chunk of the proxy's own per unit: the client's framing stays valid whatever a
    // fault did to the bytes.
    QByteArray framed = QByteArray::number(decoded.size(), 16) + "\r\n";
    framed.append(decoded.data(), decoded.size());
    framed += "\r\n";
    m_host->writeToClient(framed);
}

void ProxyReframer::flushInjections()
{
    while (!m_injections.isEmpty() && m_host->isStreaming() && m_reframed && atUnitBoundary()) {
        const Injection injection = m_injections.takeFirst();
        const Fault &fault = injection.fault;
        m_host->reportFault(
            injection.id, fault,
            fault.kind == Fault::Kind::Retry
                ? QStringLiteral("sent retry: %1").arg(fault.ms)
                : QStringLiteral("sent %1 bytes of garbage").arg(injection.bytes.size()));
        emitBody(injection.bytes);
        // A line without end only stays one if nothing follows it.
        if (fault.kind == Fault::Kind::Garbage && fault.garbage == Fault::GarbageKind::NoEol)
            m_host->closeForFault(Fault::DropMode::Fin, QStringLiteral("garbage noeol"));
    }
}

void ProxyReframer::endReframed(bool complete)
{
    if (!m_host->isStreaming())
        return;
    // An unfinished unit goes out as it came (the client sees the same cut), and an event a
    // reorder held back is sent rather than lost.
    if (!m_pending.isEmpty())
        emitBody(std::exchange(m_pending, {}));
    m_pendingBytes = 0;
    emitBody(m_faults.events().takeHeld());
    endGzip();
    if (complete && m_clientChunked)
        m_host->writeToClient("0\r\n\r\n");
}

void ProxyReframer::endGzip()
{
    if (!m_faults.isCompressing() || !m_host->isStreaming())
        return;
    QByteArray tail = m_faults.finishGzip();
    if (m_clientChunked && !tail.isEmpty())
        tail = QByteArray::number(tail.size(), 16) + "\r\n" + tail + "\r\n";
    m_host->writeToClient(tail);
}

void ProxyReframer::eventView(const SseEventView &view)
{
    ++m_events;
    if (m_segmenting) {
        m_lineEvent = true;
        m_unitType = view.type.toByteArray();
        m_unitId = view.id.toByteArray();
        // The data only when it may be re-encoded (ids fault); a ping is told by its start.
        m_unitData = m_reframed
            ? view.data.toByteArray()
            : view.data.first(qMin(HeartbeatRules::DecisiveDataBytes, view.data.size()))
                  .toByteArray();
    }
    m_host->eventSeen(view);
}

void ProxyReframer::comment(QByteArrayView text)
{
    if (m_segmenting)
        m_commentIsHeartbeat = m_heartbeat.matchComment(text);
    m_host->commentSeen(text);
}

void ProxyReframer::retry(qint64 milliseconds)
{
    Q_UNUSED(milliseconds)
}
