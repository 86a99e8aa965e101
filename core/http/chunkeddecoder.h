// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Incremental decoder of an HTTP/1.1 chunked body (RFC 9112, 7.1), with no socket and no event
// loop. It copies nothing: each call hands back a view of chunk data inside the bytes it was
// given, so the proxy can observe the decoded body while forwarding the raw bytes unchanged.
// Chunk-size lines (extensions included) and the trailer section are bounded; a size that is not
// hexadecimal, overflows, or a chunk not followed by CRLF is an error with a message.
class ChunkedDecoder
{
public:
    enum class Status { InProgress, Done, Error };

    explicit ChunkedDecoder(qsizetype maxLineBytes = 4096, qsizetype maxTrailerBytes = 16 * 1024);

    // Consumes framing bytes from the front of `bytes` up to and including the next piece of
    // chunk data, which it returns in `*data` (a view into `bytes`, possibly empty). Returns how
    // many bytes it consumed; call again with the rest until everything is consumed or the
    // status is no longer InProgress. Bytes after the last chunk's trailer are left unconsumed.
    qsizetype feed(QByteArrayView bytes, QByteArrayView *data);
    void reset();

    Status status() const { return m_status; }
    bool isDone() const { return m_status == Status::Done; }
    bool hasError() const { return m_status == Status::Error; }
    QByteArray errorMessage() const { return m_errorMessage; }

    // Between two chunks: the next byte starts a chunk-size line (where a proxy may start
    // framing chunks of its own without breaking the client's view of the body).
    bool atChunkBoundary() const
    {
        return m_status == Status::InProgress && m_state == State::Size && m_digits == 0
            && m_lineBytes == 0;
    }
    qint64 decodedBytes() const { return m_decodedBytes; } // chunk data seen so far
    qint64 chunks() const { return m_chunks; } // chunks started, the last (empty) one included

private:
    enum class State : quint8 {
        Size, // hexadecimal digits of the chunk size
        Extension, // after the size: whitespace and extensions up to the line end
        SizeLf, // a CR ended the size line: LF must follow
        Data,
        DataCr, // the CRLF that ends a chunk's data
        DataLf,
        TrailerLineStart, // after the last chunk: trailer fields, then an empty line
        TrailerLine,
        TrailerLf, // a CR ended a trailer line
        Finished
    };

    void fail(const char *message);
    void startChunk();

    qsizetype m_maxLineBytes;
    qsizetype m_maxTrailerBytes;
    Status m_status = Status::InProgress;
    State m_state = State::Size;
    QByteArray m_errorMessage;
    quint64 m_size = 0; // the chunk size being read
    quint64 m_remaining = 0; // data bytes left in the current chunk
    qsizetype m_lineBytes = 0; // of the current size line
    qsizetype m_trailerBytes = 0;
    int m_digits = 0;
    bool m_trailerLineEmpty = true;
    qint64 m_decodedBytes = 0;
    qint64 m_chunks = 0;
};
