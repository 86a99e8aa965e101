// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "lens/gapstats.h"

#include <QWidget>

// The gaps between an answer's content tokens as a small bar chart: one bar per 1-2-5 bucket of
// GapStats (≤1 ms, ≤2 ms, ... ≤10 s, longer), its height the bucket's share, with the p50 and
// p99 buckets marked. Painted from the palette, so it follows the light and dark themes.
class GapHistogram : public QWidget
{
    Q_OBJECT
public:
    explicit GapHistogram(QWidget *parent = nullptr);

    void setGaps(const GapStats &gaps);
    const GapStats &gaps() const { return m_gaps; }
    // A bucket's label: "1", "2", "5", ... "10s", ">10s".
    static QString bucketLabel(int bucket);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    GapStats m_gaps;
};
