// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "httpresponsereader.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace {

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && isWhitespace(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isWhitespace(text.back()))
        text.chop(1);
    return text;
}

bool isTokenChar(uchar c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != 0 && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool parseLength(QByteArrayView text, qint64 *value)
{
    if (text.isEmpty())
        return false;
    qint64 result = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        if (result > (std::numeric_limits<qint64>::max() - (c - '0')) / 10)
            return false;
        result = result * 10 + (c - '0');
    }
    *value = result;
    return true;
}

} // namespace

QByteArrayView HttpResponseReader::Field::value() const
{
    return trimmed(QByteArrayView(line).sliced(colon + 1));
}

HttpResponseReader::HttpResponseReader(qsizetype maxHeadBytes)
    : m_maxHeadBytes(maxHeadBytes)
{ }

void HttpResponseReader::reset()
{
    m_headBytes = 0;
    m_status = Status::Incomplete;
    m_errorMessage.clear();
    m_line.clear();
    m_statusLine.clear();
    m_statusCode = 0;
    m_fields.clear();
    m_contentLength = -1;
    m_hasTransferEncoding = false;
    m_transferCodings.clear();
}

void HttpResponseReader::fail(const QByteArray &message)
{
    m_status = Status::Error;
    m_errorMessage = message;
}

qsizetype HttpResponseReader::feed(QByteArrayView bytes)
{
    qsizetype consumed = 0;
    while (m_status == Status::Incomplete && consumed < bytes.size()) {
        const QByteArrayView rest = bytes.sliced(consumed);
        const qsizetype room = m_maxHeadBytes - m_headBytes;
        const char *lf = static_cast<const char *>(
            std::memchr(rest.data(), '\n', size_t(std::min(rest.size(), room))));
        if (!lf) {
            const qsizetype take = std::min(rest.size(), room);
            m_line.append(rest.first(take));
            m_headBytes += take;
            consumed += take;
            if (m_headBytes >= m_maxHeadBytes)
                fail("response head larger than " + QByteArray::number(m_maxHeadBytes) + " bytes");
            return consumed;
        }
        const qsizetype take = lf - rest.data() + 1;
        m_headBytes += take;
        consumed += take;
        QByteArrayView line = rest.first(take - 1);
        if (!m_line.isEmpty()) {
            m_line.append(line);
            line = m_line;
        }
        if (line.endsWith('\r'))
            line.chop(1);
        processLine(line);
        m_line.clear();
    }
    return consumed;
}

void HttpResponseReader::processLine(QByteArrayView line)
{
    if (m_statusLine.isNull()) {
        // RFC 9112 4: HTTP-version SP 3DIGIT SP [reason-phrase]; the SP after the code may be
        // missing in the wild when the reason is empty.
        if (line.size() < 12 || !line.startsWith("HTTP/1.") || line.at(8) != ' '
            || (line.size() > 12 && line.at(12) != ' ')) {
            fail("malformed status line \""
                 + line.first(qMin<qsizetype>(80, line.size())).toByteArray() + '"');
            return;
        }
        int code = 0;
        for (int i = 9; i < 12; ++i) {
            const char c = line.at(i);
            if (c < '0' || c > '9') {
                fail("malformed status code in \""
                     + line.first(qMin<qsizetype>(80, line.size())).toByteArray() + '"');
                return;
            }
            code = code * 10 + (c - '0');
        }
        if (code < 100) {
            fail("status code " + QByteArray::number(code) + " out of range");
            return;
        }
        m_statusCode = code;
        m_statusLine = line.toByteArray();
        return;
    }
    if (line.isEmpty()) {
        completeHead();
        return;
    }
    if (isWhitespace(line.front())) {
        fail("obsolete line folding in the response head");
        return;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0) {
        fail("malformed header line \"" + line.first(qMin<qsizetype>(80, line.size())).toByteArray()
             + '"');
        return;
    }
    for (qsizetype i = 0; i < colon; ++i) {
        if (!isTokenChar(uchar(line.at(i)))) {
            fail("malformed header name \"" + line.first(qMin<qsizetype>(80, colon)).toByteArray()
                 + '"');
            return;
        }
    }
    m_fields.append(Field {line.toByteArray(), colon});
}

void HttpResponseReader::completeHead()
{
    for (const Field &field : std::as_const(m_fields)) {
        if (field.name().compare("Content-Length", Qt::CaseInsensitive) == 0) {
            qint64 length = -1;
            if (!parseLength(field.value(), &length)) {
                fail("malformed Content-Length \"" + field.value().toByteArray() + '"');
                return;
            }
            if (m_contentLength >= 0 && m_contentLength != length) {
                fail("conflicting Content-Length fields");
                return;
            }
            m_contentLength = length;
        } else if (field.name().compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            m_hasTransferEncoding = true;
            for (const QByteArrayView coding : field.value().toByteArray().split(',')) {
                const QByteArrayView name = trimmed(coding);
                if (name.isEmpty())
                    continue; // RFC 9110 5.6.1: empty list elements do not count
                if (!m_transferCodings.isEmpty())
                    m_transferCodings += ", ";
                m_transferCodings += name.toByteArray().toLower();
            }
        }
    }
    m_status = Status::Complete;
}

QByteArray HttpResponseReader::reasonPhrase() const
{
    return m_statusLine.size() > 13 ? m_statusLine.mid(13) : QByteArray();
}

bool HttpResponseReader::hasHeader(QByteArrayView name) const
{
    for (const Field &field : m_fields) {
        if (field.name().compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray HttpResponseReader::header(QByteArrayView name) const
{
    for (const Field &field : m_fields) {
        if (field.name().compare(name, Qt::CaseInsensitive) == 0)
            return field.value().toByteArray();
    }
    return QByteArray();
}
