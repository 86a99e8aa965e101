// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

struct DoctorReport;
struct DoctorTimeline;

// A DoctorReport as one self-contained HTML5 page (`ssemon-cli doctor --html FILE`): the verdict,
// the findings most severe first, plots of the timeline as inline SVG drawn here, the measured
// facts and the coverage. Inline CSS (light and dark, printable), no script, no reference to
// anything outside the page; every string that came from the server or the user is escaped.
// Its size is bounded whatever the stream: the timeline is capped, long strings are cut.
class DoctorHtml
{
public:
    static constexpr qsizetype kMaxTextChars = 4000; // one evidence line, fact, note or fix

    // The page, UTF-8.
    static QByteArray page(const DoctorReport &report);

    // The plots, each an <svg> element, or a <p class="empty"> saying why there is nothing
    // to plot. The marks are grouped by kind (<g class="ev">, "hb", "cm", "rp"), one element
    // a point.
    // Arrivals over time: each frame a mark, the frames of one network read stacked at its time.
    static QString arrivalsPlot(const DoctorTimeline &timeline);
    // Heartbeats' stamp latency over time, or the silence before each frame without stamps.
    static QString latencyPlot(const DoctorTimeline &timeline);
    // The end of the main stream, the reconnect with Last-Event-ID and what it replayed.
    static QString reconnectPlot(const DoctorTimeline &timeline);

    // Text for HTML (element content or a double-quoted attribute): & < > " escaped, control
    // characters other than tab and newline shown as U+FFFD, cut at maxChars (saying so).
    static QString escaped(const QString &text, qsizetype maxChars = kMaxTextChars);
    // "850 ms", "12.3 s", "95 s"
    static QString duration(qint64 us);
};
