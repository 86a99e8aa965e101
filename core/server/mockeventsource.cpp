// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockeventsource.h"

#include "sse/sseencoder.h"

#include <charconv>
#include <chrono>

namespace {

qint64 unixMicros()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

QByteArrayView formatUnixMsWithMicros(char (&buffer)[40])
{
    const qint64 micros = unixMicros();
    char *end = std::to_chars(buffer, buffer + 32, micros / 1000).ptr;
    const int fraction = int(micros % 1000);
    *end++ = '.';
    *end++ = char('0' + fraction / 100);
    *end++ = char('0' + fraction / 10 % 10);
    *end++ = char('0' + fraction % 10);
    return QByteArrayView(buffer, end - buffer);
}

} // namespace

MockEventSource::MockEventSource(const MockServerOptions *options)
    : m_options(options)
    , m_payload(std::make_shared<PayloadTemplate>(options->payloadTemplate))
    , m_history(options->history)
{ }

void MockEventSource::setPayloadTemplate(const QByteArray &payloadTemplate)
{
    m_payload = std::make_shared<PayloadTemplate>(payloadTemplate);
}

void MockEventSource::appendEvent(QByteArray &out, const PayloadTemplate &payload, qint64 number,
                                  qint64 unixMs, int client)
{
    m_scratch.resize(0); // keeps the capacity
    payload.expand(m_scratch, {number, unixMs, client, number});
    char id[24];
    const char *idEnd = std::to_chars(id, id + sizeof id, number).ptr;
    SseEncoder::Event event;
    event.type = m_options->eventType;
    event.data = m_scratch;
    event.id = QByteArrayView(id, idEnd - id);
    event.hasId = m_options->ids;
    SseEncoder::appendEvent(out, event);
}

MockEventSource::Periodic MockEventSource::nextPeriodic()
{
    Periodic event;
    event.number = ++m_lastNumber;
    event.unixMs = unixMs();
    event.payload = m_payload;
    // The same bytes go to every client unless the payload names the client.
    if (!m_payload->usesClient())
        appendEvent(event.shared, *m_payload, event.number, event.unixMs, 0);
    m_history.append({event.number, event.unixMs, event.shared, event.payload});
    return event;
}

QByteArray MockEventSource::bytesFor(const Periodic &event, int client)
{
    if (!event.shared.isEmpty())
        return event.shared;
    QByteArray bytes;
    appendEvent(bytes, *event.payload, event.number, event.unixMs, client);
    return bytes;
}

qint64 MockEventSource::appendReplay(QByteArray &out, qint64 afterId, qint64 limit, int client,
                                     qint64 *lastNumber)
{
    qint64 events = 0;
    for (int i = m_history.indexAfter(afterId); i < m_history.size(); ++i) {
        if (limit > 0 && events >= limit)
            break;
        const EventHistory::Entry &entry = m_history.at(i);
        if (entry.encoded.isEmpty())
            appendEvent(out, *entry.payload, entry.number, entry.unixMs, client);
        else
            out += entry.encoded;
        if (lastNumber)
            *lastNumber = entry.number;
        ++events;
    }
    return events;
}

QByteArray MockEventSource::heartbeat(MockServerOptions::HeartbeatForm form)
{
    char buffer[40];
    const QByteArrayView stamp = formatUnixMsWithMicros(buffer);
    QByteArray bytes;
    switch (form) {
    case MockServerOptions::HeartbeatForm::Comment:
        // `:ping <unix-ms>`, the documented wire form (no space after the colon).
        bytes = ":ping " + stamp.toByteArray() + '\n';
        break;
    case MockServerOptions::HeartbeatForm::Event: {
        SseEncoder::Event event;
        event.type = "ping";
        event.data = stamp;
        SseEncoder::appendEvent(bytes, event);
        break;
    }
    case MockServerOptions::HeartbeatForm::Data: {
        const QByteArray data = "ping " + stamp.toByteArray();
        SseEncoder::Event event;
        event.data = data;
        SseEncoder::appendEvent(bytes, event);
        break;
    }
    }
    return bytes;
}

qint64 MockEventSource::unixMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
