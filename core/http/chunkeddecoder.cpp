// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "chunkeddecoder.h"

#include <algorithm>
#include <limits>

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// A size past this would overflow the byte counts (qint64) that follow it.
constexpr quint64 MaxChunkSize = quint64(std::numeric_limits<qint64>::max());

} // namespace

ChunkedDecoder::ChunkedDecoder(qsizetype maxLineBytes, qsizetype maxTrailerBytes)
    : m_maxLineBytes(maxLineBytes)
    , m_maxTrailerBytes(maxTrailerBytes)
{ }

void ChunkedDecoder::reset()
{
    m_status = Status::InProgress;
    m_state = State::Size;
    m_errorMessage.clear();
    m_size = 0;
    m_remaining = 0;
    m_lineBytes = 0;
    m_trailerBytes = 0;
    m_digits = 0;
    m_trailerLineEmpty = true;
    m_decodedBytes = 0;
    m_chunks = 0;
}

void ChunkedDecoder::fail(const char *message)
{
    m_status = Status::Error;
    m_state = State::Finished;
    m_errorMessage = message;
}

void ChunkedDecoder::startChunk()
{
    ++m_chunks;
    m_lineBytes = 0;
    m_digits = 0;
    if (m_size == 0) {
        m_state = State::TrailerLineStart;
    } else {
        m_remaining = m_size;
        m_state = State::Data;
    }
    m_size = 0;
}

qsizetype ChunkedDecoder::feed(QByteArrayView bytes, QByteArrayView *data)
{
    *data = QByteArrayView();
    const char *p = bytes.data();
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n && m_status == Status::InProgress) {
        const char c = p[i];
        switch (m_state) {
        case State::Size: {
            const int value = hexValue(c);
            if (value < 0) {
                if (m_digits == 0) {
                    fail("malformed chunked body: chunk size is not a hexadecimal number");
                    return i;
                }
                m_state = State::Extension;
                continue; // the same byte starts the rest of the line
            }
            if (m_size > (MaxChunkSize - quint64(value)) / 16) {
                fail("malformed chunked body: chunk size too large");
                return i;
            }
            m_size = m_size * 16 + quint64(value);
            ++m_digits;
            break;
        }
        case State::Extension:
            // RFC 9112 7.1.1: extensions are ignored, but only after BWS and a `;`.
            if (c == '\r') {
                m_state = State::SizeLf;
                ++i;
                continue;
            }
            if (c == '\n') {
                ++i; // a bare LF ends the line as well
                startChunk();
                continue;
            }
            if (c == ';') {
                m_digits = -1; // from here on anything up to the line end is an extension
            } else if (m_digits > 0 && c != ' ' && c != '\t') {
                fail("malformed chunked body: unexpected character after the chunk size");
                return i;
            }
            break;
        case State::SizeLf:
            if (c != '\n') {
                fail("malformed chunked body: CR without LF in a chunk-size line");
                return i;
            }
            ++i;
            startChunk();
            continue;
        case State::Data: {
            const qsizetype take = qsizetype(std::min<quint64>(m_remaining, quint64(n - i)));
            *data = bytes.sliced(i, take);
            i += take;
            m_remaining -= quint64(take);
            m_decodedBytes += take;
            if (m_remaining == 0)
                m_state = State::DataCr;
            return i;
        }
        case State::DataCr:
            if (c == '\r') {
                m_state = State::DataLf;
            } else if (c == '\n') {
                m_state = State::Size;
            } else {
                fail("malformed chunked body: chunk data not followed by CRLF (wrong chunk size?)");
                return i;
            }
            ++i;
            continue;
        case State::DataLf:
            if (c != '\n') {
                fail("malformed chunked body: CR without LF after chunk data");
                return i;
            }
            m_state = State::Size;
            ++i;
            continue;
        case State::TrailerLineStart:
        case State::TrailerLine:
            if (++m_trailerBytes > m_maxTrailerBytes) {
                fail("malformed chunked body: trailer section too large");
                return i;
            }
            if (c == '\r') {
                m_trailerLineEmpty = m_state == State::TrailerLineStart;
                m_state = State::TrailerLf;
            } else if (c == '\n') {
                if (m_state == State::TrailerLineStart) {
                    m_status = Status::Done;
                    m_state = State::Finished;
                    return i + 1;
                }
                m_state = State::TrailerLineStart;
            } else {
                m_state = State::TrailerLine;
            }
            ++i;
            continue;
        case State::TrailerLf:
            if (c != '\n') {
                fail("malformed chunked body: CR without LF in the trailer section");
                return i;
            }
            ++i;
            if (m_trailerLineEmpty) {
                m_status = Status::Done;
                m_state = State::Finished;
                return i;
            }
            m_state = State::TrailerLineStart;
            continue;
        case State::Finished:
            return i;
        }
        // Size and Extension bytes: the line is bounded.
        if (++m_lineBytes > m_maxLineBytes) {
            fail("malformed chunked body: chunk-size line too long");
            return i;
        }
        ++i;
    }
    return i;
}
