// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QtGlobal>

#include <array>
#include <utility>
#include <vector>

// The gaps between a stream's content tokens, in bounded memory whatever the stream's length:
// the first kExactGaps gaps are kept as they are (percentiles exact), every gap goes into a fine
// logarithmic histogram (bins 4% wide: percentiles past kExactGaps gaps are within 2% of the
// truth) and into a coarse 1-2-5 histogram for plotting. Deterministic: the same gaps in the
// same order give the same figures.
//
// It holds any non-negative quantity as well (the generic lens's data sizes in bytes): the
// "ns" in the names is then that quantity's unit, and `fineBase` the value up to which the
// fine histogram's first bin reaches (1000: 1 µs for times; 1 for byte counts).
class GapStats
{
public:
    explicit GapStats(double fineBase = 1000.0)
        : m_fineBase(fineBase)
    { }

    static constexpr int kExactGaps = 4096;
    // Upper bounds of the plotted buckets in ms: 1, 2, 5, ... 10000, then one for anything
    // longer.
    static constexpr int kBuckets = 14;
    static const std::array<double, kBuckets - 1> &bucketBoundsMs();
    // The plotted bucket a gap falls in (0 .. kBuckets - 1).
    static int bucketOf(qint64 gapNs);

    void add(qint64 gapNs);

    qint64 count() const { return m_count; }
    qint64 minNs() const { return m_count > 0 ? m_minNs : -1; }
    qint64 maxNs() const { return m_count > 0 ? m_maxNs : -1; }
    double mean() const { return m_count > 0 ? m_sum / double(m_count) : -1.0; }
    // The gap that `fraction` (0..1) of the gaps do not exceed (nearest rank); -1 without gaps.
    qint64 percentileNs(double fraction) const;
    bool exact() const { return m_count <= kExactGaps; }
    const std::array<qint64, kBuckets> &buckets() const { return m_buckets; }

    // Everything the figures come from, to save and restore them (a session file).
    struct State
    {
        double fineBase = 1000.0;
        double sum = 0;
        qint64 count = 0;
        qint64 minNs = 0;
        qint64 maxNs = 0;
        std::vector<qint64> exact; // count <= kExactGaps: every gap, in order
        std::vector<std::pair<int, qint64>> fine; // count > kExactGaps: the bins in use, gaps
        std::array<qint64, kBuckets> buckets {};
    };
    State state() const;
    // The stats `state` describes; false with the reason when it is not one GapStats can be in
    // (counts that disagree, a gap out of range), `out` untouched.
    static bool fromState(const State &state, GapStats *out, QString *error);

    friend bool operator==(const GapStats &a, const GapStats &b)
    {
        return a.m_fineBase == b.m_fineBase && a.m_count == b.m_count && a.m_sum == b.m_sum
            && a.m_minNs == b.m_minNs && a.m_maxNs == b.m_maxNs && a.m_exact == b.m_exact
            && a.m_fine == b.m_fine && a.m_buckets == b.m_buckets;
    }
    friend bool operator!=(const GapStats &a, const GapStats &b) { return !(a == b); }

private:
    static constexpr int kFineBins = 560; // 1 µs * 1.04^560 is past 3 hours
    int fineBin(qint64 ns) const;
    qint64 fineValue(int bin) const;

    double m_fineBase = 1000.0; // bin 0 holds everything up to it
    qint64 m_count = 0;
    double m_sum = 0; // a double: an endless stream cannot overflow it
    qint64 m_minNs = 0;
    qint64 m_maxNs = 0;
    std::vector<qint64> m_exact;
    std::vector<qint64> m_fine; // allocated at the first gap past kExactGaps
    std::array<qint64, kBuckets> m_buckets {};
    // The last value added and its bins (a cache: not part of the figures).
    qint64 m_lastValue = -1;
    int m_lastBucket = 0;
    int m_lastFine = -1;
};
