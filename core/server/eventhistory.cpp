// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "eventhistory.h"

#include <utility>

EventHistory::EventHistory(int capacity)
{
    setCapacity(capacity);
}

void EventHistory::setCapacity(int capacity)
{
    capacity = qMax(0, capacity);
    if (capacity == m_capacity)
        return;
    QList<Entry> ring;
    ring.reserve(capacity);
    for (int i = qMax(0, m_size - capacity); i < m_size; ++i)
        ring.append(at(i));
    m_size = int(ring.size());
    ring.resize(capacity);
    m_ring = std::move(ring);
    m_capacity = capacity;
    m_head = 0;
}

void EventHistory::clear()
{
    m_ring = QList<Entry>(m_capacity);
    m_head = 0;
    m_size = 0;
}

void EventHistory::append(Entry entry)
{
    if (m_capacity == 0)
        return;
    if (m_size < m_capacity) {
        m_ring[(m_head + m_size) % m_capacity] = std::move(entry);
        ++m_size;
    } else {
        m_ring[m_head] = std::move(entry);
        m_head = (m_head + 1) % m_capacity;
    }
}

int EventHistory::indexAfter(qint64 number) const
{
    // Numbers increase along the ring: binary search.
    int low = 0;
    int high = m_size;
    while (low < high) {
        const int mid = low + (high - low) / 2;
        if (at(mid).number <= number)
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}
