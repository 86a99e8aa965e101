// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "sseparser.h"

#include "utf8.h"

#include <cstring>
#include <limits>

namespace {

const QByteArray &messageType()
{
    static const QByteArray type = QByteArrayLiteral("message");
    return type;
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

SseParser::SseParser(Handler *handler, Limits limits) : m_handler(handler), m_limits(limits) { }

void SseParser::setLastEventId(const QByteArray &id)
{
    m_lastEventId = id;
    m_idBuffer = id;
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
    m_line.clear();
    m_line.squeeze();
    m_data.clear();
    m_data.squeeze();
    m_hasData = false;
}

bool SseParser::feed(QByteArrayView bytes)
{
    if (m_error != Error::None)
        return false;
    const char *p = bytes.data();
    const char *end = p + bytes.size();

    // WHATWG: one leading U+FEFF is stripped, even when it arrives over several slices.
    while (!m_bomDone && p < end) {
        if (*p == kBom[m_bomBytes]) {
            m_bom[m_bomBytes++] = *p++;
            if (m_bomBytes == 3) {
                m_bomDone = true;
                m_bomBytes = 0;
            }
        } else {
            m_bomDone = true;
            const int held = m_bomBytes;
            m_bomBytes = 0;
            if (held)
                process(m_bom, m_bom + held);
        }
    }
    if (p < end)
        process(p, end);
    return m_error == Error::None;
}

void SseParser::process(const char *p, const char *end)
{
    if (m_skipLeadingLf && p < end) {
        // WHATWG: CR followed by LF is one line end, even across slices.
        m_skipLeadingLf = false;
        if (*p == '\n')
            ++p;
    }
    // Next CR and LF, cached so that neither is searched for twice: linear in the slice.
    const char *nextLf = nullptr;
    const char *nextCr = nullptr;
    while (p < end && m_error == Error::None) {
        if (nextLf < p) {
            nextLf = static_cast<const char *>(std::memchr(p, '\n', end - p));
            if (!nextLf)
                nextLf = end;
        }
        if (nextCr < p) {
            nextCr = static_cast<const char *>(std::memchr(p, '\r', end - p));
            if (!nextCr)
                nextCr = end;
        }
        const char *eol = nextLf < nextCr ? nextLf : nextCr;
        if (eol == end) {
            if (m_line.size() + (end - p) > m_limits.maxLineBytes) {
                fail(Error::LineTooLong);
                return;
            }
            m_line.append(p, end - p);
            return;
        }
        if (m_line.isEmpty()) {
            if (eol - p > m_limits.maxLineBytes) {
                fail(Error::LineTooLong);
                return;
            }
            processLine(p, eol - p);
        } else {
            if (m_line.size() + (eol - p) > m_limits.maxLineBytes) {
                fail(Error::LineTooLong);
                return;
            }
            m_line.append(p, eol - p);
            processLine(m_line.constData(), m_line.size());
            m_line.resize(0); // keeps the capacity for the next long line
        }
        p = eol + 1;
        if (*eol == '\r') {
            if (p < end) {
                if (*p == '\n')
                    ++p;
            } else {
                m_skipLeadingLf = true;
            }
        }
    }
}

void SseParser::processLine(const char *line, qsizetype size)
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
        if (Utf8::isValid(text))
            m_handler->comment(text);
        else
            m_handler->comment(Utf8::sanitized(text));
        return;
    }
    const auto *colon = static_cast<const char *>(std::memchr(line, ':', size));
    if (!colon) {
        // WHATWG: no colon, the whole line is the field name and the value is empty.
        processField(line, size, line + size, 0);
        return;
    }
    const qsizetype nameSize = colon - line;
    const char *value = colon + 1;
    qsizetype valueSize = size - nameSize - 1;
    if (valueSize > 0 && *value == ' ') {
        ++value;
        --valueSize;
    }
    processField(line, nameSize, value, valueSize);
}

void SseParser::processField(const char *name, qsizetype nameSize, const char *value,
                             qsizetype valueSize)
{
    const QByteArrayView field(name, nameSize);
    const QByteArrayView val(value, valueSize);
    if (field == "data") {
        if (!m_hasData) {
            m_data = val.toByteArray();
            m_hasData = true;
        } else {
            // WHATWG appends value + LF and strips one LF at dispatch; prepending the LF to
            // every line after the first gives the same bytes without the strip.
            if (m_data.size() + 1 + valueSize > m_limits.maxEventBytes) {
                fail(Error::EventTooLarge);
                return;
            }
            m_data.reserve(m_data.size() + 1 + valueSize);
            m_data.append('\n');
            m_data.append(val);
        }
        if (m_data.size() > m_limits.maxEventBytes)
            fail(Error::EventTooLarge);
    } else if (field == "event") {
        if (val == m_previousType)
            m_type = m_previousType;
        else
            m_type = val.toByteArray();
    } else if (field == "id") {
        // WHATWG: an id containing U+0000 is ignored entirely.
        if (std::memchr(value, '\0', valueSize))
            return;
        m_idInBlock = true;
        if (val != m_idBuffer)
            m_idBuffer = val.toByteArray();
    } else if (field == "retry") {
        // WHATWG: only ASCII digits; anything else (sign, space, empty) is ignored.
        if (valueSize == 0)
            return;
        qint64 ms = 0;
        constexpr qint64 maxValue = std::numeric_limits<qint64>::max();
        for (qsizetype i = 0; i < valueSize; ++i) {
            const char c = value[i];
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
    // WHATWG: the last event ID is committed even when no event is dispatched.
    if (m_lastEventId != m_idBuffer) {
        Utf8::sanitize(m_idBuffer);
        m_lastEventId = m_idBuffer;
    }
    const bool idInBlock = m_idInBlock;
    m_idInBlock = false;
    if (!m_hasData) {
        m_type.clear();
        return;
    }
    SseEvent event;
    event.data = std::move(m_data);
    Utf8::sanitize(event.data);
    if (m_type.isEmpty()) {
        event.type = messageType();
    } else {
        Utf8::sanitize(m_type);
        event.type = m_type;
        m_previousType = m_type;
    }
    event.id = m_lastEventId;
    event.idInBlock = idInBlock;
    m_data = QByteArray();
    m_type = QByteArray();
    m_hasData = false;
    m_handler->event(event);
}

void SseParser::finish()
{
    // WHATWG: at end of stream a partial line and an undispatched event are discarded; the
    // uncommitted id goes with them.
    m_line.clear();
    m_data.clear();
    m_type.clear();
    m_hasData = false;
    m_idInBlock = false;
    m_idBuffer = m_lastEventId;
    m_skipLeadingLf = false;
}

void SseParser::restart()
{
    finish();
    m_line.squeeze();
    m_data.squeeze();
    m_error = Error::None;
    m_bomDone = false;
    m_bomBytes = 0;
}
