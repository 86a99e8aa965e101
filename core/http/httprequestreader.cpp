// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "httprequestreader.h"

#include <algorithm>

#include <cstring>
#include <limits>

namespace {

// RFC 9110 tchar: the characters of methods and field names.
bool isTokenChar(uchar c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != 0 && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(uchar(c)))
            return false;
    }
    return true;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

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

// Digits only, no sign, no overflow.
bool parseLength(QByteArrayView text, qint64 *value)
{
    if (text.isEmpty())
        return false;
    qint64 result = 0;
    for (char c : text) {
        if (!isDigit(c))
            return false;
        if (result > (std::numeric_limits<qint64>::max() - (c - '0')) / 10)
            return false;
        result = result * 10 + (c - '0');
    }
    *value = result;
    return true;
}

} // namespace

HttpRequestReader::HttpRequestReader(qsizetype maxHeadBytes)
    : m_maxHeadBytes(maxHeadBytes)
{ }

void HttpRequestReader::reset()
{
    *this = HttpRequestReader(m_maxHeadBytes);
}

qsizetype HttpRequestReader::feed(QByteArrayView bytes)
{
    qsizetype consumed = 0;
    while (m_status == Status::Incomplete && consumed < bytes.size()) {
        const QByteArrayView rest = bytes.sliced(consumed);
        const void *lf = std::memchr(rest.data(), '\n', size_t(rest.size()));
        const qsizetype take = lf ? static_cast<const char *>(lf) - rest.data() + 1 : rest.size();
        // Not HTTP at all (TLS on a plain port, binary noise) often never sends a line end:
        // answer it at the first byte that cannot start a request line. Only the bytes within
        // the bound are looked at, so that the verdict does not depend on the slicing.
        const qsizetype allowed = std::min(take, m_maxHeadBytes - m_headBytes);
        if (!m_hasRequestLine && !scanMethod(rest.first(allowed))) {
            fail(400, "malformed request line");
            break;
        }
        // Bound what is held before looking for more: a peer that never sends a line end gets
        // its 431 as soon as it has sent too much.
        if (m_headBytes + take > m_maxHeadBytes) {
            consumed += m_maxHeadBytes - m_headBytes;
            m_headBytes = m_maxHeadBytes;
            fail(431, "request header section larger than the server accepts");
            break;
        }
        m_headBytes += take;
        consumed += take;
        if (!lf) {
            m_line.append(rest);
            break;
        }
        QByteArrayView line = rest.first(take - 1);
        if (!m_line.isEmpty()) {
            m_line.append(line);
            line = m_line;
        }
        // RFC 9112: CRLF ends a line; a bare LF is accepted as well.
        if (line.endsWith('\r'))
            line.chop(1);
        processLine(line);
        m_line.clear();
    }
    return consumed;
}

bool HttpRequestReader::scanMethod(QByteArrayView bytes)
{
    for (char c : bytes) {
        switch (m_methodScan) {
        case MethodScan::BeforeMethod:
            if (c == '\r' || c == '\n')
                continue; // empty lines before the request line
            if (!isTokenChar(uchar(c)))
                return false;
            m_methodScan = MethodScan::InMethod;
            break;
        case MethodScan::InMethod:
            if (c == ' ' || c == '\r' || c == '\n') {
                m_methodScan = MethodScan::Done; // the rest waits for the line end
                return true;
            }
            if (!isTokenChar(uchar(c)))
                return false;
            break;
        case MethodScan::Done:
            return true;
        }
    }
    return true;
}

void HttpRequestReader::processLine(QByteArrayView line)
{
    if (!m_hasRequestLine) {
        // RFC 9112 2.2: empty lines before the request line are ignored (the bound still
        // counts them).
        if (line.isEmpty())
            return;
        if (parseRequestLine(line))
            m_hasRequestLine = true;
        return;
    }
    if (line.isEmpty()) {
        completeHead();
        return;
    }
    parseHeaderLine(line);
}

bool HttpRequestReader::parseRequestLine(QByteArrayView line)
{
    // request-line = method SP request-target SP HTTP-version, single spaces.
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype lastSpace = line.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace == firstSpace) {
        fail(400, "malformed request line");
        return false;
    }
    const QByteArrayView method = line.first(firstSpace);
    const QByteArrayView target = line.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(lastSpace + 1);
    if (!isToken(method) || target.isEmpty()) {
        fail(400, "malformed request line");
        return false;
    }
    for (char c : target) {
        // No spaces (a second space would mean a malformed line), no controls, no DEL.
        if (uchar(c) <= 0x20 || uchar(c) == 0x7F) {
            fail(400, "malformed request target");
            return false;
        }
    }
    if (version.size() != 8 || !version.startsWith("HTTP/") || !isDigit(version[5])
        || version[6] != '.' || !isDigit(version[7])) {
        fail(400, "malformed HTTP version");
        return false;
    }
    m_versionMajor = version[5] - '0';
    m_versionMinor = version[7] - '0';
    m_method = method.toByteArray();
    m_target = target.toByteArray();
    if (m_versionMajor != 1) {
        fail(400, "unsupported HTTP version (this server speaks HTTP/1.1)");
        return false;
    }
    return true;
}

bool HttpRequestReader::parseHeaderLine(QByteArrayView line)
{
    // RFC 9112 5.2: obsolete line folding is rejected.
    if (isWhitespace(line.front())) {
        fail(400, "obsolete line folding in a header field");
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    // A name must be a token: this also rejects whitespace before the colon (RFC 9112 5.1).
    if (colon <= 0 || !isToken(line.first(colon))) {
        fail(400, "malformed header field");
        return false;
    }
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    for (char c : value) {
        // Field values: visible characters, obs-text, SP and HTAB; a NUL or a stray CR is an
        // error (RFC 9110 5.5).
        const uchar u = uchar(c);
        if ((u < 0x20 && u != '\t') || u == 0x7F) {
            fail(400, "invalid character in a header field value");
            return false;
        }
    }
    m_headers.append({line.first(colon).toByteArray(), value.toByteArray()});
    return true;
}

void HttpRequestReader::completeHead()
{
    for (const auto &field : std::as_const(m_headers)) {
        if (field.first.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            m_hasTransferEncoding = true;
        } else if (field.first.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            // RFC 9110 8.6: a list of identical values is the same as one value.
            for (const QByteArray &item : field.second.split(',')) {
                qint64 length = 0;
                if (!parseLength(trimmed(item), &length)
                    || (m_contentLength >= 0 && length != m_contentLength)) {
                    fail(400, "invalid Content-Length");
                    return;
                }
                m_contentLength = length;
            }
        }
    }
    m_status = Status::Complete;
}

void HttpRequestReader::fail(int status, const char *message)
{
    m_status = Status::Error;
    m_errorStatus = status;
    m_errorMessage = QByteArray(message);
    m_line.clear();
}

QByteArray HttpRequestReader::path() const
{
    QByteArrayView path = m_target;
    // Absolute form: skip "scheme://authority".
    const qsizetype scheme = path.indexOf("://");
    if (!path.startsWith('/') && scheme > 0) {
        const qsizetype slash = path.indexOf('/', scheme + 3);
        path = slash < 0 ? QByteArrayView("/") : path.sliced(slash);
    }
    const qsizetype query = path.indexOf('?');
    if (query >= 0)
        path = path.first(query);
    const qsizetype fragment = path.indexOf('#');
    if (fragment >= 0)
        path = path.first(fragment);
    return path.toByteArray();
}

bool HttpRequestReader::hasHeader(QByteArrayView name) const
{
    for (const auto &field : m_headers) {
        if (QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray HttpRequestReader::header(QByteArrayView name) const
{
    for (const auto &field : m_headers) {
        if (QByteArrayView(field.first).compare(name, Qt::CaseInsensitive) == 0)
            return field.second;
    }
    return {};
}
