// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "sseparser.h"

#include "linescanner.h"
#include "utf8.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

namespace {

const QByteArray &messageType()
{
    static const QByteArray type = QByteArrayLiteral("message");
    return type;
}

// Field names are case-sensitive byte strings (WHATWG).
template<qsizetype N>
bool isField(QByteArrayView field, const char (&name)[N])
{
    return field.size() == N - 1 && std::memcmp(field.data(), name, N - 1) == 0;
}

void sanitize(ByteBuffer &buffer)
{
    if (!Utf8::isValid(buffer.view()))
        buffer.assign(Utf8::sanitized(buffer.view()));
}

constexpr char kBom[3] = {'\xEF', '\xBB', '\xBF'};

QString formatBytes(qsizetype bytes)
{
    if (bytes % (1024 * 1024) == 0)
        return QString::number(bytes / (1024 * 1024)) + QStringLiteral(" MiB");
    if (bytes % 1024 == 0)
        return QString::number(bytes / 1024) + QStringLiteral(" KiB");
    return QString::number(bytes) + QStringLiteral(" bytes");
}

} // namespace

SseParser::SseParser(Handler *handler, Limits limits)
    : m_handler(handler)
    , m_limits(limits)
{ }

void SseParser::setLastEventId(const QByteArray &id)
{
    m_lastEventId.assign(Utf8::isValid(id) ? id : Utf8::sanitized(id));
    m_idBuffer.assign(m_lastEventId.view());
    m_sharedIdStale = true;
}

QByteArray SseParser::lastEventId() const
{
    return m_lastEventId.view().toByteArray();
}

SseEvent SseEventView::take() const
{
    return parser->takeEvent();
}

SseEvent SseParser::takeEvent()
{
    Q_ASSERT(m_dispatching);
    SseEvent event;
    // The data buffer is handed over whole; the next event allocates its own.
    event.data = m_data.take();
    if (m_type.isEmpty()) {
        event.type = messageType();
    } else {
        if (m_sharedType != m_type.view())
            m_sharedType = m_type.view().toByteArray();
        event.type = m_sharedType;
    }
    if (m_sharedIdStale) {
        m_sharedId = m_lastEventId.view().toByteArray();
        m_sharedIdStale = false;
    }
    event.id = m_sharedId;
    event.idInBlock = m_idInBlock;
    return event;
}

QString SseParser::errorString() const
{
    switch (m_error) {
    case Error::None:
        return {};
    case Error::LineTooLong:
        return QStringLiteral("a line exceeded the line size cap of %1 (max line bytes)")
            .arg(formatBytes(m_limits.maxLineBytes));
    case Error::EventTooLarge:
        return QStringLiteral("an event's data exceeded the event size cap of %1 (max event bytes)")
            .arg(formatBytes(m_limits.maxEventBytes));
    }
    return {};
}

void SseParser::fail(Error error)
{
    m_error = error;
    m_line.release();
    m_data.release();
    m_hasData = false;
    m_streamingData = false;
}

bool SseParser::feed(QByteArrayView bytes)
{
    if (m_error != Error::None)
        return false;
    const char *p = bytes.data();
    const char *end = p + bytes.size();
    const qint64 base = m_offset;
    m_offset += bytes.size();

    // WHATWG: one leading U+FEFF is stripped, even when it arrives over several slices.
    while (!m_bomDone && p < end) {
        if (*p == kBom[m_bomBytes]) {
            m_bom[m_bomBytes++] = *p++;
            if (m_bomBytes == 3) {
                m_bomDone = true;
                m_bomBytes = 0;
                // The BOM belongs to the stream, not to the first frame.
                m_frameStart = m_lineStart = 3;
            }
        } else {
            m_bomDone = true;
            const int held = m_bomBytes;
            m_bomBytes = 0;
            if (held)
                process(m_bom, m_bom + held, 0); // a BOM prefix is only ever at offset 0
        }
    }
    if (p < end)
        process(p, end, base + (p - bytes.data()));
    return m_error == Error::None;
}

void SseParser::process(const char *p, const char *end, qint64 offset)
{
    m_sliceBegin = p;
    m_sliceOffset = offset;
    if (m_skipLeadingLf && p < end) {
        // WHATWG: CR followed by LF is one line end, even across slices.
        m_skipLeadingLf = false;
        if (*p == '\n') {
            ++p;
            // The LF of a CRLF whose CR was dispatched with the previous slice.
            if (m_frameStart == offset)
                ++m_frameStart;
            if (m_lineStart == offset)
                ++m_lineStart;
        }
    }
    while (p < end && m_error == Error::None) {
        const char *eol;
        if (m_streamingData) {
            eol = streamData(p, end);
            if (eol == end || m_error != Error::None)
                return;
            m_streamingData = false;
        } else if (m_line.isEmpty() && end - p > 5 && std::memcmp(p, "data:", 5) == 0) {
            // The hot path: a data line is copied once, straight into the data buffer.
            // Five bytes plus one more are needed to know whether a space follows the colon.
            if (m_hasData)
                m_data.append('\n');
            m_hasData = true;
            const qsizetype prefix = p[5] == ' ' ? 6 : 5;
            m_streamLineBytes = prefix;
            m_streamingData = true;
            p += prefix;
            continue;
        } else {
            unsigned high = 0;
            eol = LineScanner::findLineEnd(p, end, high);
            const qsizetype size = eol - p;
            if (m_line.size() + size > m_limits.maxLineBytes) {
                fail(Error::LineTooLong);
                return;
            }
            if (eol == end) {
                m_line.append(p, size);
                m_lineHigh |= high;
                return;
            }
            const char *next = lineEndAfter(eol, end);
            m_lineEnd = offsetOf(next);
            if (m_line.isEmpty()) {
                processLine(p, size, high == 0);
            } else {
                m_line.append(p, size);
                processLine(m_line.constData(), m_line.size(), (m_lineHigh | high) == 0);
                m_line.clear(); // keeps the storage for the next long line
                m_lineHigh = 0;
            }
            p = next;
            m_lineStart = m_lineEnd;
            continue;
        }
        p = lineEndAfter(eol, end);
        m_lineStart = m_lineEnd = offsetOf(p);
    }
}

const char *SseParser::lineEndAfter(const char *eol, const char *end)
{
    const char *next = eol + 1;
    if (*eol == '\r') {
        if (next < end) {
            if (*next == '\n')
                ++next;
        } else {
            m_skipLeadingLf = true;
        }
    }
    return next;
}

const char *SseParser::streamData(const char *p, const char *end)
{
    // Copy and scan in one pass into the buffer's spare room, growing it geometrically when
    // the line is longer than the room: each byte is read once and written once.
    const char *eol = end;
    while (p < end) {
        qsizetype room = m_data.capacityLeft();
        if (room <= 0) {
            m_data.room(std::min<qsizetype>(end - p, 256));
            room = m_data.capacityLeft();
        }
        const char *limit = p + std::min<qsizetype>(room, end - p);
        eol = LineScanner::copyToLineEnd(p, limit, m_data.room(limit - p), m_dataHigh);
        const qsizetype copied = eol - p;
        m_data.commit(copied);
        m_streamLineBytes += copied;
        if (m_streamLineBytes > m_limits.maxLineBytes) {
            fail(Error::LineTooLong);
            return end;
        }
        if (eol < limit) {
            // The event cap applies to complete lines, as for lines that were not streamed: a
            // partial line at the end of the stream is discarded, not an error.
            if (m_data.size() > m_limits.maxEventBytes) {
                fail(Error::EventTooLarge);
                return end;
            }
            return eol;
        }
        p = limit;
        eol = end;
    }
    return eol;
}

void SseParser::processLine(const char *line, qsizetype size, bool ascii)
{
    if (size == 0) {
        dispatch();
        return;
    }
    if (line[0] == ':') {
        // ssemon: comments are surfaced, with one leading space removed as for field values.
        qsizetype start = 1;
        if (size > 1 && line[1] == ' ')
            start = 2;
        const QByteArrayView text(line + start, size - start);
        if (ascii || Utf8::isValid(text))
            m_handler->comment(text);
        else
            m_handler->comment(Utf8::sanitized(text));
        return;
    }
    const auto *colon = static_cast<const char *>(std::memchr(line, ':', size));
    if (!colon) {
        // WHATWG: no colon, the whole line is the field name and the value is empty.
        processField(QByteArrayView(line, size), QByteArrayView(), ascii);
        return;
    }
    const qsizetype nameSize = colon - line;
    const char *value = colon + 1;
    qsizetype valueSize = size - nameSize - 1;
    if (valueSize > 0 && *value == ' ') {
        ++value;
        --valueSize;
    }
    processField(QByteArrayView(line, nameSize), QByteArrayView(value, valueSize), ascii);
}

void SseParser::processField(QByteArrayView field, QByteArrayView value, bool ascii)
{
    const unsigned high = ascii ? 0u : 1u;
    if (isField(field, "data")) {
        if (!m_hasData) {
            m_data.assign(value);
            m_hasData = true;
        } else {
            // WHATWG appends value + LF and strips one LF at dispatch; prepending the LF to
            // every line after the first gives the same bytes without the strip.
            if (m_data.size() + 1 + value.size() > m_limits.maxEventBytes) {
                fail(Error::EventTooLarge);
                return;
            }
            m_data.append('\n');
            m_data.append(value);
        }
        m_dataHigh |= high;
        if (m_data.size() > m_limits.maxEventBytes)
            fail(Error::EventTooLarge);
    } else if (isField(field, "event")) {
        m_type.assign(value);
        m_typeHigh = high;
    } else if (isField(field, "id")) {
        // WHATWG: an id containing U+0000 is ignored entirely.
        if (!value.isEmpty() && std::memchr(value.data(), '\0', size_t(value.size())))
            return;
        m_idInBlock = true;
        m_idBuffer.assign(value);
        m_idHigh = high;
    } else if (isField(field, "retry")) {
        // WHATWG: only ASCII digits; anything else (sign, space, empty) is ignored.
        if (value.isEmpty())
            return;
        qint64 ms = 0;
        constexpr qint64 maxValue = std::numeric_limits<qint64>::max();
        for (const char c : value) {
            if (c < '0' || c > '9')
                return;
            const int digit = c - '0';
            ms = ms > (maxValue - digit) / 10 ? maxValue : ms * 10 + digit;
        }
        m_handler->retry(ms);
    }
    // WHATWG: any other field name is ignored (names are case-sensitive).
}

void SseParser::dispatch()
{
    // Whatever happens below, the next block starts after this blank line.
    const qint64 frameStart = std::exchange(m_frameStart, m_lineEnd);
    // WHATWG: the last event ID is committed even when no event is dispatched.
    if (m_idHigh) {
        sanitize(m_idBuffer);
        m_idHigh = 0;
    }
    if (m_lastEventId != m_idBuffer) {
        m_lastEventId.assign(m_idBuffer.view());
        m_sharedIdStale = true;
    }
    if (!m_hasData) {
        clearEvent();
        return;
    }
    if (m_dataHigh)
        sanitize(m_data);
    if (m_typeHigh)
        sanitize(m_type);
    SseEventView view;
    view.type = m_type.isEmpty() ? QByteArrayView(messageType()) : m_type.view();
    view.data = m_data.view();
    view.id = m_lastEventId.view();
    view.idInBlock = m_idInBlock;
    view.frameStart = frameStart;
    view.frameEnd = m_lineEnd;
    view.parser = this;
    m_dispatching = true;
    m_handler->eventView(view);
    m_dispatching = false;
    clearEvent();
}

void SseParser::clearEvent()
{
    m_data.clear();
    m_type.clear();
    m_hasData = false;
    m_idInBlock = false;
    m_dataHigh = m_typeHigh = 0;
}

void SseParser::finish()
{
    // WHATWG: at end of stream a partial line and an undispatched event are discarded; the
    // uncommitted id goes with them.
    m_line.clear();
    clearEvent();
    m_frameStart = m_lineStart = m_lineEnd = m_offset;
    m_idBuffer.assign(m_lastEventId.view());
    m_skipLeadingLf = false;
    m_streamingData = false;
    m_streamLineBytes = 0;
    m_lineHigh = m_idHigh = 0;
}

void SseParser::restart()
{
    finish();
    m_offset = m_frameStart = m_lineStart = m_lineEnd = 0;
    m_line.release();
    m_data.release();
    m_error = Error::None;
    m_bomDone = false;
    m_bomBytes = 0;
}
