// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <algorithm>
#include <cstring>
#include <utility>

// A growable byte buffer for the parser's hot path: appends are inline memcpy into storage
// that is only ever grown, so a buffer reused from event to event stops allocating once it
// has reached the stream's sizes. The storage is a QByteArray so that take() can hand it to
// an owner without copying.
class ByteBuffer
{
public:
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    const char *constData() const { return m_bytes.constData(); }
    QByteArrayView view() const { return QByteArrayView(m_bytes.constData(), m_size); }

    // Room for n more bytes at the end; write there, then commit() what was written.
    char *room(qsizetype n)
    {
        if (m_bytes.size() - m_size < n)
            grow(n);
        return m_bytes.data() + m_size;
    }
    qsizetype capacityLeft() const { return m_bytes.size() - m_size; }
    void commit(qsizetype n) { m_size += n; }

    void append(const char *p, qsizetype n)
    {
        if (n > 0) {
            std::memcpy(room(n), p, size_t(n));
            m_size += n;
        }
    }
    void append(QByteArrayView bytes) { append(bytes.data(), bytes.size()); }
    void append(char c) { *room(1) = c, ++m_size; }
    void assign(QByteArrayView bytes)
    {
        m_size = 0;
        append(bytes);
    }
    void clear() { m_size = 0; }
    // Frees the storage (after an error, so that a huge line does not stay allocated).
    void release()
    {
        m_bytes = QByteArray();
        m_size = 0;
    }
    // The contents as an owned QByteArray, without copying. The buffer gets fresh storage of
    // the same size, so a stream of large events does not regrow it from nothing each time.
    QByteArray take()
    {
        QByteArray out = std::exchange(
            m_bytes, QByteArray(std::max(m_bytes.size(), qsizetype(64)), Qt::Uninitialized));
        out.resize(m_size);
        m_size = 0;
        return out;
    }

    friend bool operator==(const ByteBuffer &a, const ByteBuffer &b)
    {
        return a.view() == b.view();
    }
    friend bool operator!=(const ByteBuffer &a, const ByteBuffer &b) { return !(a == b); }

private:
    void grow(qsizetype n)
    {
        m_bytes.resize(std::max({m_size + n, 2 * m_bytes.size(), qsizetype(64)}));
    }

    QByteArray m_bytes; // size() is the storage in use or not; m_size is the contents
    qsizetype m_size = 0;
};
