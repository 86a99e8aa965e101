// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "gaphistogram.h"

#include "theme.h"

#include <QPainter>

#include <algorithm>

namespace {

constexpr int kBarGap = 2;
constexpr int kTop = 4;

} // namespace

GapHistogram::GapHistogram(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("gapHistogram"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(QStringLiteral("Gaps between content tokens, by length (ms unless marked); the "
                              "p50 and p99 bars are outlined"));
}

void GapHistogram::setGaps(const GapStats &gaps)
{
    if (gaps == m_gaps)
        return;
    m_gaps = gaps;
    update();
}

QString GapHistogram::bucketLabel(int bucket)
{
    const auto &bounds = GapStats::bucketBoundsMs();
    if (bucket >= int(bounds.size()))
        return QStringLiteral(">%1s").arg(bounds.back() / 1000);
    const double ms = bounds[size_t(bucket)];
    if (ms >= 1000)
        return QStringLiteral("%1s").arg(ms / 1000);
    return QString::number(ms);
}

QSize GapHistogram::sizeHint() const
{
    return {GapStats::kBuckets * 26, fontMetrics().height() * 3 + 6};
}

QSize GapHistogram::minimumSizeHint() const
{
    return {GapStats::kBuckets * 12, fontMetrics().height() * 2 + 6};
}

void GapHistogram::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const QFontMetrics fm(font());
    const int labelHeight = fm.height();
    const int plotHeight = height() - kTop - labelHeight - 2;
    const int slot = width() / GapStats::kBuckets;
    if (slot < 4 || plotHeight < 8)
        return;
    const bool dark = Theme::isDark(palette());
    const QColor bar = dark ? QColor(0x60, 0xa5, 0xfa) : QColor(0x25, 0x63, 0xeb);
    const QColor axis = palette().color(QPalette::PlaceholderText);
    const auto &buckets = m_gaps.buckets();
    const qint64 most = *std::max_element(buckets.cbegin(), buckets.cend());
    const int p50 = m_gaps.count() > 0 ? GapStats::bucketOf(m_gaps.percentileNs(0.50)) : -1;
    const int p99 = m_gaps.count() > 0 ? GapStats::bucketOf(m_gaps.percentileNs(0.99)) : -1;

    p.setPen(axis);
    const int baseline = kTop + plotHeight;
    p.drawLine(0, baseline, width(), baseline);
    // Labels on every other bucket when they would crowd each other.
    const int labelEvery = fm.horizontalAdvance(QStringLiteral(">10s ")) > slot ? 2 : 1;
    for (int i = 0; i < GapStats::kBuckets; ++i) {
        const QRect slotRect(i * slot, kTop, slot, plotHeight);
        if (most > 0 && buckets[size_t(i)] > 0) {
            const int h =
                std::max(1, int(double(plotHeight) * double(buckets[size_t(i)]) / double(most)));
            const QRect barRect(slotRect.left() + kBarGap / 2, baseline - h, slot - kBarGap, h);
            p.fillRect(barRect, bar);
            if (i == p50 || i == p99) {
                p.setPen(QPen(palette().color(QPalette::Text), 1));
                p.drawRect(barRect.adjusted(0, 0, -1, -1));
            }
        }
        if (i % labelEvery == 0) {
            p.setPen(axis);
            p.drawText(QRect(slotRect.left(), baseline + 1, slot * labelEvery, labelHeight),
                       Qt::AlignLeft | Qt::AlignTop, bucketLabel(i));
        }
    }
    if (m_gaps.count() == 0) {
        p.setPen(axis);
        p.drawText(QRect(0, kTop, width(), plotHeight), Qt::AlignCenter,
                   QStringLiteral("no gaps yet"));
    }
}
