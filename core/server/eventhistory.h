// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "payloadtemplate.h"

#include <QByteArray>
#include <QList>

#include <memory>

// The last N periodic events, oldest first, so that a client reconnecting with Last-Event-ID k
// can be sent every kept event numbered above k before the live ones. A fixed ring: appending
// never reallocates once full.
class EventHistory
{
public:
    struct Entry
    {
        qint64 number = 0; // increasing
        qint64 unixMs = 0; // when it was generated, for {{t}}
        // The encoded event when it is the same for every client; empty when the payload names
        // {{client}}, then it is expanded again per client from the template it was made with.
        QByteArray encoded;
        std::shared_ptr<const PayloadTemplate> payload;
    };

    explicit EventHistory(int capacity = 0);

    int capacity() const { return m_capacity; }
    // Keeps the newest entries that fit.
    void setCapacity(int capacity);
    int size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    void clear();

    void append(Entry entry);
    // i from 0 (the oldest) to size() - 1.
    const Entry &at(int i) const { return m_ring.at((m_head + i) % m_capacity); }
    // The index of the first entry numbered above number; size() when there is none.
    int indexAfter(qint64 number) const;

private:
    QList<Entry> m_ring;
    int m_capacity = 0;
    int m_head = 0; // the oldest entry
    int m_size = 0;
};
