// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>

struct ClientRecord;

// The bytes of each event and comment as received (SseClientOptions::captureRawFrames), for
// the GUI's raw view. Frames are given as stream offsets, as SseParser counts them (since its
// restart()); a frame may begin in an earlier read, so the block being read is kept across
// reads, and of a frame longer than the limit only its first `limit` bytes are ever kept.
//
// Per read: beginRead() with the bytes and the offset of their first byte, capture() for each
// frame the parser hands out while it reads them, then endRead() with the parser's
// frameStart(), which lets go of everything before it.
class RawFrameCapture
{
public:
    // The most bytes kept of one frame (a negative limit counts as 0).
    void setLimit(qint64 limit) { m_limit = limit < 0 ? 0 : limit; }
    qint64 limit() const { return m_limit; }
    // A new stream (the parser restarted): nothing of the previous one is kept.
    void reset();

    void beginRead(QByteArrayView bytes, qint64 streamOffset)
    {
        m_read = bytes;
        m_readStart = streamOffset;
    }
    // The read is parsed: keep what of it a later frame may still need, the stream from
    // `keepFrom` on, up to the limit.
    void endRead(qint64 keepFrom);

    // The frame [start, end) into `record`: rawSize its full size, raw at most `limit` bytes of
    // it. Nothing when the range is empty or negative (no frame).
    void capture(ClientRecord &record, qint64 start, qint64 end) const;

    // What is kept of earlier reads (at most `limit` bytes), and its stream offset.
    qsizetype keptBytes() const { return m_carry.size(); }
    qint64 keptFrom() const { return m_carryStart; }

private:
    qint64 m_limit = qint64(1024) * 1024;
    QByteArrayView m_read; // the read being parsed, valid between beginRead() and endRead()
    qint64 m_readStart = 0;
    QByteArray m_carry; // from the start of the block being read, up to the limit
    qint64 m_carryStart = 0;
};
