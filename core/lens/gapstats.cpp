// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "gapstats.h"

#include <algorithm>
#include <cmath>

namespace {

constexpr double kFineRatio = 1.04;

} // namespace

const std::array<double, GapStats::kBuckets - 1> &GapStats::bucketBoundsMs()
{
    static const std::array<double, kBuckets - 1> bounds = {1,   2,   5,    10,   20,   50,   100,
                                                            200, 500, 1000, 2000, 5000, 10000};
    return bounds;
}

int GapStats::bucketOf(qint64 gapNs)
{
    const auto &bounds = bucketBoundsMs();
    const auto at = std::lower_bound(bounds.cbegin(), bounds.cend(), double(gapNs) / 1e6);
    return int(at - bounds.cbegin());
}

int GapStats::fineBin(qint64 ns) const
{
    if (double(ns) <= m_fineBase)
        return 0;
    const int bin = int(std::ceil(std::log(double(ns) / m_fineBase) / std::log(kFineRatio)));
    return std::clamp(bin, 0, kFineBins - 1);
}

qint64 GapStats::fineValue(int bin) const
{
    // The geometric middle of the bin: within 2% of anything in it.
    if (bin == 0)
        return qint64(m_fineBase);
    return qint64(m_fineBase * std::pow(kFineRatio, double(bin) - 0.5));
}

void GapStats::add(qint64 gapNs)
{
    gapNs = std::max<qint64>(0, gapNs);
    if (m_count == 0 || gapNs < m_minNs)
        m_minNs = gapNs;
    if (m_count == 0 || gapNs > m_maxNs)
        m_maxNs = gapNs;
    ++m_count;
    m_sum += double(gapNs);
    // A value like the last one (a stream's sizes often are) reuses its bins: no search, no log.
    const bool same = gapNs == m_lastValue;
    if (!same) {
        m_lastBucket = bucketOf(gapNs);
        m_lastValue = gapNs;
        m_lastFine = -1;
    }
    ++m_buckets[size_t(m_lastBucket)];
    if (m_count <= kExactGaps) {
        m_exact.push_back(gapNs);
        return;
    }
    if (m_fine.empty()) {
        // Past the exact window: from now on the fine histogram answers, so it holds every gap.
        m_fine.assign(kFineBins, 0);
        for (qint64 kept : m_exact)
            ++m_fine[size_t(fineBin(kept))];
        m_exact.clear();
        m_exact.shrink_to_fit();
    }
    if (m_lastFine < 0)
        m_lastFine = fineBin(gapNs);
    ++m_fine[size_t(m_lastFine)];
}

qint64 GapStats::percentileNs(double fraction) const
{
    if (m_count == 0)
        return -1;
    fraction = std::clamp(fraction, 0.0, 1.0);
    // Nearest rank: the smallest gap with at least `fraction` of the gaps at or below it.
    const qint64 rank = std::max<qint64>(1, qint64(std::ceil(fraction * double(m_count))));
    if (m_fine.empty()) {
        std::vector<qint64> sorted = m_exact;
        std::nth_element(sorted.begin(), sorted.begin() + (rank - 1), sorted.end());
        return sorted[size_t(rank - 1)];
    }
    qint64 seen = 0;
    for (int bin = 0; bin < kFineBins; ++bin) {
        seen += m_fine[size_t(bin)];
        if (seen >= rank)
            return std::clamp(fineValue(bin), m_minNs, m_maxNs);
    }
    return m_maxNs;
}

GapStats::State GapStats::state() const
{
    State s;
    s.fineBase = m_fineBase;
    s.sum = m_sum;
    s.count = m_count;
    s.minNs = minNs();
    s.maxNs = maxNs();
    s.exact = m_exact;
    for (int bin = 0; bin < int(m_fine.size()); ++bin) {
        if (m_fine[size_t(bin)] > 0)
            s.fine.emplace_back(bin, m_fine[size_t(bin)]);
    }
    s.buckets = m_buckets;
    return s;
}

bool GapStats::fromState(const State &s, GapStats *out, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (s.count < 0)
        return fail(QStringLiteral("a negative gap count"));
    if (s.count > 0 && (s.minNs < 0 || s.maxNs < s.minNs))
        return fail(QStringLiteral("the shortest gap is longer than the longest"));
    qint64 inBuckets = 0;
    for (qint64 n : s.buckets) {
        if (n < 0 || n > s.count)
            return fail(QStringLiteral("a bucket count out of range"));
        inBuckets += n;
    }
    if (inBuckets != s.count)
        return fail(QStringLiteral("the buckets do not add up to the gap count"));
    if (!(s.fineBase >= 1.0 && s.fineBase <= 1e9) || !(s.sum >= 0.0 && s.sum <= 9.3e36))
        return fail(QStringLiteral("a fine base or a sum out of range"));
    GapStats g(s.fineBase);
    g.m_sum = s.sum;
    g.m_count = s.count;
    g.m_minNs = s.count > 0 ? s.minNs : 0;
    g.m_maxNs = s.count > 0 ? s.maxNs : 0;
    g.m_buckets = s.buckets;
    if (s.count <= kExactGaps) {
        if (qint64(s.exact.size()) != s.count || !s.fine.empty())
            return fail(QStringLiteral("%1 gaps, but %2 kept").arg(s.count).arg(s.exact.size()));
        for (qint64 gap : s.exact) {
            if (gap < s.minNs || gap > s.maxNs)
                return fail(QStringLiteral("a gap outside the shortest and longest"));
        }
        g.m_exact = s.exact;
    } else {
        if (!s.exact.empty())
            return fail(QStringLiteral("gaps kept past the exact window"));
        g.m_fine.assign(kFineBins, 0);
        qint64 inFine = 0;
        for (const auto &[bin, n] : s.fine) {
            if (bin < 0 || bin >= kFineBins || n <= 0 || n > s.count)
                return fail(QStringLiteral("a histogram bin out of range"));
            g.m_fine[size_t(bin)] += n;
            inFine += n;
            if (inFine > s.count)
                break;
        }
        if (inFine != s.count)
            return fail(QStringLiteral("the histogram does not add up to the gap count"));
    }
    *out = std::move(g);
    return true;
}
