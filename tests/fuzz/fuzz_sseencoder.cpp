// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The event-stream encoder (the mock server's and the proxy's events) writes the same bytes as
// a plain field-by-field writer given here, keeps what the buffer already held, and the parser
// reads back what was given: the type and id with line breaks as spaces, the data with its line
// breaks as LF, the retry (invalid UTF-8 read back replaced, as the parser does).
#include "sse/sseencoder.h"
#include "sse/sseparser.h"
#include "sse/utf8.h"

#include <QList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

QByteArray singleLine(QByteArrayView value)
{
    QByteArray out = value.toByteArray();
    out.replace('\r', ' ').replace('\n', ' ');
    return out;
}

// The reference: fields appended one by one, data split at CRLF, CR or LF.
QByteArray reference(const SseEncoder::Event &e)
{
    QByteArray out;
    if (e.hasId)
        out += e.id.isEmpty() ? QByteArray("id\n") : "id: " + singleLine(e.id) + '\n';
    if (!e.type.isEmpty())
        out += "event: " + singleLine(e.type) + '\n';
    if (e.retryMs >= 0)
        out += "retry: " + QByteArray::number(e.retryMs) + '\n';
    QByteArray data = e.data.toByteArray();
    data.replace("\r\n", "\n").replace('\r', '\n');
    for (const QByteArray &line : data.split('\n'))
        out += "data: " + line + '\n';
    return out + '\n';
}

class Collector : public SseParser::Handler
{
public:
    void event(const SseEvent &e) override { events.append(e); }
    void comment(QByteArrayView) override { }
    void retry(qint64 ms) override { retries.append(ms); }
    QList<SseEvent> events;
    QList<qint64> retries;
};

[[noreturn]] void fail(const char *what, const QByteArray &got, const QByteArray &expected)
{
    std::fprintf(stderr, "%s\ngot      '%s'\nexpected '%s'\n", what, got.constData(),
                 expected.constData());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    // The first byte chooses the fields; the rest is type, data and id split at NUL (the
    // parser ignores an id with a NUL in it, so none can hold one).
    const uint8_t flags = data[0];
    const QByteArray rest(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const QList<QByteArray> parts = rest.split('\0');
    SseEncoder::Event e;
    e.type = parts.value(0);
    const QByteArray eventData = parts.value(1);
    const QByteArray id = parts.value(2);
    e.data = eventData;
    e.id = id;
    e.hasId = flags & 1;
    if (flags & 2)
        e.retryMs = qint64(flags >> 2) * 997;

    const QByteArray expected = reference(e);
    const QByteArray got = SseEncoder::event(e);
    if (got != expected)
        fail("encoded", got, expected);
    QByteArray appended(": before\n");
    SseEncoder::appendEvent(appended, e);
    if (appended != ": before\n" + expected)
        fail("appended", appended, ": before\n" + expected);

    Collector collector;
    SseParser parser(&collector);
    parser.feed(got);
    parser.finish();
    if (collector.events.size() != 1)
        fail("parsed events", QByteArray::number(collector.events.size()), "1");
    const SseEvent &back = collector.events.first();
    QByteArray lines = eventData;
    lines.replace("\r\n", "\n").replace('\r', '\n');
    lines = Utf8::sanitized(lines);
    if (back.data != lines)
        fail("data read back", back.data, lines);
    const QByteArray type =
        e.type.isEmpty() ? QByteArray("message") : Utf8::sanitized(singleLine(e.type));
    if (back.type != type)
        fail("type read back", back.type, type);
    if (e.hasId && back.id != Utf8::sanitized(singleLine(id)))
        fail("id read back", back.id, Utf8::sanitized(singleLine(id)));
    if (collector.retries != (e.retryMs >= 0 ? QList<qint64> {e.retryMs} : QList<qint64> {}))
        fail("retry read back", QByteArray::number(collector.retries.size()), "");
    return 0;
}
