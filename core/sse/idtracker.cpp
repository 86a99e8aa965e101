// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "idtracker.h"

#include <limits>

bool IdTracker::parseId(QByteArrayView id, qint64 *value)
{
    if (id.isEmpty() || id.size() > 18)
        return false;
    qint64 v = 0;
    for (const char c : id) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *value = v;
    return true;
}

bool IdTracker::splitCounter(QByteArrayView id, QByteArrayView *prefix, qint64 *value)
{
    qsizetype digits = 0;
    while (digits < id.size() && id.at(id.size() - 1 - digits) >= '0'
           && id.at(id.size() - 1 - digits) <= '9')
        ++digits;
    if (!parseId(id.last(digits), value))
        return false;
    *prefix = id.first(id.size() - digits);
    return true;
}

void IdTracker::reset()
{
    m_gaps.clear();
    m_highest = 0;
    m_lost = 0;
    m_duplicates = 0;
    m_seen = false;
}

void IdTracker::observe(QByteArrayView id)
{
    qint64 n;
    if (!parseId(id, &n))
        return;
    if (!m_seen) {
        m_seen = true;
        m_highest = n;
        return;
    }
    if (n == m_highest + 1) {
        m_highest = n;
        return;
    }
    if (n > m_highest) {
        m_gaps.emplace(m_highest + 1, n - 1);
        m_lost += n - 1 - m_highest;
        m_highest = n;
        while (int(m_gaps.size()) > m_maxGaps)
            m_gaps.erase(m_gaps.begin());
        return;
    }
    // n <= highest: either it fills a gap (arrived late) or it was seen before.
    auto it = m_gaps.upper_bound(n);
    if (it != m_gaps.begin()) {
        --it;
        const qint64 first = it->first;
        const qint64 last = it->second;
        if (n >= first && n <= last) {
            m_gaps.erase(it);
            if (n > first)
                m_gaps.emplace(first, n - 1);
            if (n < last)
                m_gaps.emplace(n + 1, last);
            --m_lost;
            return;
        }
    }
    ++m_duplicates;
}
