// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "rawframecapture.h"

#include "clientrecord.h"

#include <algorithm>

void RawFrameCapture::reset()
{
    m_read = QByteArrayView();
    m_readStart = 0;
    m_carry.clear();
    m_carryStart = 0;
}

void RawFrameCapture::capture(ClientRecord &record, qint64 start, qint64 end) const
{
    if (start < 0 || end <= start)
        return;
    record.rawSize = end - start;
    const qint64 want = std::min(end - start, m_limit);
    QByteArray &out = record.raw;
    out.reserve(want);
    qint64 at = start;
    if (at < m_readStart) {
        const qint64 offset = at - m_carryStart;
        if (offset < 0 || offset >= m_carry.size())
            return; // past what was kept of a frame over the limit
        const qint64 n = std::min<qint64>(want, m_carry.size() - offset);
        out.append(m_carry.constData() + offset, n);
        at += n;
        if (out.size() == want || at < m_readStart)
            return; // complete, or the carry stopped at the limit: the rest is not kept
    }
    const qint64 offset = at - m_readStart;
    const qint64 n = std::min<qint64>(want - out.size(), m_read.size() - offset);
    if (n > 0)
        out.append(m_read.data() + offset, n);
}

void RawFrameCapture::endRead(qint64 keepFrom)
{
    // Only the block being read can still become a frame: everything before it is let go, and
    // of a block longer than the limit only the first `limit` bytes are ever shown.
    const qint64 readEnd = m_readStart + m_read.size();
    if (keepFrom >= readEnd) {
        m_carry.clear();
        m_carryStart = readEnd;
    } else if (keepFrom >= m_readStart) {
        const QByteArrayView tail = m_read.sliced(keepFrom - m_readStart);
        m_carry.truncate(0);
        m_carry.append(tail.first(std::min<qint64>(tail.size(), m_limit)));
        m_carryStart = keepFrom;
    } else if (m_carryStart + m_carry.size() == m_readStart) {
        // The block began in an earlier read and goes on: extend what is kept, up to the limit.
        const qint64 room = m_limit - m_carry.size();
        if (room > 0)
            m_carry.append(m_read.first(std::min<qint64>(room, m_read.size())));
    }
    m_read = QByteArrayView();
}
