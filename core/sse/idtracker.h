// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>

#include <map>

// Counts lost and duplicated events for streams whose ids are decimal integers that grow by
// one. An id above the next expected one opens a gap (lost); an id that fills a gap reduces
// the loss (a reordered event, not a duplicate); any other id at or below the highest seen is a
// duplicate. Non-numeric ids are ignored. The gap list is bounded: past maxGaps the oldest gaps
// are forgotten (they stay counted as lost).
class IdTracker
{
public:
    explicit IdTracker(int maxGaps = 4096)
        : m_maxGaps(maxGaps)
    { }

    void observe(QByteArrayView id);
    void reset();

    qint64 lost() const { return m_lost; }
    qint64 duplicates() const { return m_duplicates; }
    qint64 highest() const { return m_highest; }
    bool seenNumeric() const { return m_seen; }

    // Parses a non-negative decimal integer without sign or spaces; false otherwise.
    static bool parseId(QByteArrayView id, qint64 *value);
    // An id that ends in a counter ("41", "s1/41", "evt-41"): the text before its trailing
    // decimal digits (empty for a plain number) and their value; false when it has none.
    static bool splitCounter(QByteArrayView id, QByteArrayView *prefix, qint64 *value);

private:
    std::map<qint64, qint64> m_gaps; // first missing id -> last missing id
    int m_maxGaps;
    qint64 m_highest = 0;
    qint64 m_lost = 0;
    qint64 m_duplicates = 0;
    bool m_seen = false;
};
