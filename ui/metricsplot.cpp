// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "metricsplot.h"

#include "theme.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

constexpr int kRight = 10;
constexpr int kTop = 4;
constexpr int kGap = 6;

// 1, 2, 5 × 10^n at or above `value`: axis maxima that read well.
double niceCeiling(double value)
{
    if (!(value > 0))
        return 1.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        if (value <= step * magnitude)
            return step * magnitude;
    }
    return 10.0 * magnitude;
}

QString valueText(double value)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    return QString::number(value, 'f', value < 10 ? 2 : value < 100 ? 1 : 0);
}

bool isDark(const QWidget *w)
{
    return w->palette().color(QPalette::Base).lightnessF() < 0.5;
}

} // namespace

MetricsPlot::MetricsPlot(QWidget *parent)
    : QWidget(parent)
    , m_scroll(new QTimer(this))
{
    setObjectName(QStringLiteral("metricsPlot"));
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    // Time moves even when nothing arrives: the plot scrolls twice a second.
    m_scroll->setInterval(500);
    connect(m_scroll, &QTimer::timeout, this, [this] {
        prune();
        updateHover();
        update();
    });
    m_scroll->start();
}

void MetricsPlot::setWindowSeconds(int seconds)
{
    m_windowSeconds = std::max(10, seconds);
    update();
}

qint64 MetricsPlot::nowNs() const
{
    return m_endNs > 0 ? m_endNs : monotonicNowNs();
}

void MetricsPlot::showRecording(const QList<ClientRecord> &records)
{
    clear();
    if (records.isEmpty())
        return;
    const auto [first, last] = std::minmax_element(
        records.cbegin(), records.cend(),
        [](const ClientRecord &a, const ClientRecord &b) { return a.monotonicNs < b.monotonicNs; });
    const qint64 start = first->monotonicNs;
    const qint64 end = last->monotonicNs;
    showFinished(start, end);
    addRecords(records);
    // Events per second from the events, in buckets of a second, or longer for a long
    // recording: at most 20,000 of them however far apart a file's times are (in double: a
    // hostile file's span need not fit in 64 bits).
    const double span = double(end) - double(start);
    const double bucket = std::max(1e9, span / 20000);
    std::vector<qint64> counts(size_t(span / bucket) + 1, 0);
    for (const ClientRecord &record : records) {
        if (record.kind == ClientRecord::Kind::Event)
            ++counts[size_t((double(record.monotonicNs) - double(start)) / bucket)];
    }
    for (size_t i = 0; i < counts.size(); ++i) {
        const double at = std::min(double(start) + double(i + 1) * bucket, double(end));
        m_rates.push_back({qint64(at), double(counts[i]) * 1e9 / bucket, 0});
    }
}

void MetricsPlot::showFinished(qint64 startNs, qint64 endNs)
{
    // The whole recording in view, on its own axis: it ends at the recording's end and stays.
    if (m_endNs == 0)
        m_liveWindowSeconds = m_windowSeconds;
    m_endNs = std::max<qint64>(endNs, 1);
    const double seconds = std::ceil((double(endNs) - double(startNs)) / 1e9);
    m_windowSeconds = int(std::clamp(seconds + 1, 10.0, 24.0 * 3600));
    update();
}

void MetricsPlot::addRecords(const QList<ClientRecord> &records)
{
    for (const ClientRecord &r : records) {
        if (r.kind == ClientRecord::Kind::Ping) {
            m_heartbeats.push_back({r.monotonicNs, r.latencyMs, r.intervalMs});
        } else if (r.kind == ClientRecord::Kind::State
                   && (r.state == ClientState::Reconnecting || r.state == ClientState::Failed
                       || r.state == ClientState::Open || r.state == ClientState::Closed)) {
            m_markers.push_back({r.monotonicNs, r.state, QString()});
        }
    }
}

qsizetype MetricsPlot::faultMarkerCount() const
{
    return std::count_if(m_markers.begin(), m_markers.end(),
                         [](const Marker &m) { return !m.fault.isEmpty(); });
}

void MetricsPlot::addFault(qint64 monotonicNs, const QString &text)
{
    m_markers.push_back({monotonicNs, ClientState::Idle, text});
    update();
}

void MetricsPlot::addRate(qint64 monotonicNs, double eventsPerSecond)
{
    m_rates.push_back({monotonicNs, eventsPerSecond, 0});
}

void MetricsPlot::clear()
{
    if (m_endNs > 0) {
        m_endNs = 0; // live again
        m_windowSeconds = m_liveWindowSeconds;
    }
    m_heartbeats.clear();
    m_rates.clear();
    m_markers.clear();
    update();
}

void MetricsPlot::prune()
{
    // Keep a little more than the window so the left edge does not flicker.
    const qint64 oldest = nowNs() - qint64(m_windowSeconds + 5) * 1000000000;
    auto drop = [oldest](auto &series) {
        while (!series.empty() && series.front().ns < oldest)
            series.pop_front();
    };
    drop(m_heartbeats);
    drop(m_rates);
    drop(m_markers);
}

QList<qsizetype> MetricsPlot::breaksAcrossOutages(const QList<qint64> &sampleNs,
                                                  const QList<qint64> &outageNs)
{
    QList<qsizetype> breaks;
    qsizetype outage = 0;
    for (qsizetype i = 0; i < sampleNs.size(); ++i) {
        // Outages at or before this sample; one after the previous sample breaks the line.
        bool between = false;
        while (outage < outageNs.size() && outageNs.at(outage) <= sampleNs.at(i)) {
            between = between || (i > 0 && outageNs.at(outage) > sampleNs.at(i - 1));
            ++outage;
        }
        if (between)
            breaks.append(i);
    }
    return breaks;
}

QStringList MetricsPlot::markerLegend() const
{
    const qint64 oldest = nowNs() - qint64(m_windowSeconds) * 1000000000;
    QStringList present;
    for (const Marker &m : m_markers) {
        if (m.ns < oldest)
            continue;
        const QString name = m.fault.isEmpty() ? clientStateName(m.state) : QStringLiteral("fault");
        if (!present.contains(name))
            present.append(name);
    }
    QStringList ordered;
    for (const char *name : {"open", "reconnecting", "failed", "closed", "fault"}) {
        if (present.contains(QLatin1String(name)))
            ordered.append(QLatin1String(name));
    }
    return ordered;
}

QColor MetricsPlot::markerColor(const QString &kind, const QColor &openColor)
{
    if (kind == QStringLiteral("fault"))
        return QColor(0x9d, 0x4e, 0xdd);
    if (kind == QStringLiteral("reconnecting"))
        return Theme::warningColor();
    if (kind == QStringLiteral("failed"))
        return Theme::errorColor();
    if (kind == QStringLiteral("open"))
        return openColor;
    return QColor(0x6b, 0x72, 0x80); // closed
}

int MetricsPlot::leftMargin() const
{
    return fontMetrics().horizontalAdvance(QStringLiteral("0000.0 ms")) + 8;
}

void MetricsPlot::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    p.setRenderHint(QPainter::Antialiasing);
    const bool dark = isDark(this);
    const QColor axis = palette().color(QPalette::PlaceholderText);
    const QColor latencyColor = dark ? QColor(0x4a, 0xde, 0x80) : QColor(0x16, 0xa3, 0x4a);
    const QColor intervalColor = dark ? QColor(0x60, 0xa5, 0xfa) : QColor(0x25, 0x63, 0xeb);
    const QColor rateColor = dark ? QColor(0xfb, 0x92, 0x3c) : QColor(0xea, 0x58, 0x0c);
    const QFontMetrics fm(font());
    p.setFont(font());

    const int left = leftMargin();
    const int plotWidth = width() - left - kRight;
    const int bottomMargin = fm.height() + 4;
    const int paneHeight = (height() - kTop - bottomMargin - 2 * kGap) / 3;
    if (plotWidth < 20 || paneHeight < 16)
        return;
    const qint64 now = nowNs();
    const double windowNs = double(m_windowSeconds) * 1e9;
    auto xFor = [&](qint64 ns) {
        return left + plotWidth - double(now - ns) / windowNs * plotWidth;
    };

    // One pane per quantity, each on its own scale: a 0.2 ms latency and a 1000 ms interval
    // would flatten each other on one axis.
    struct Pane
    {
        const std::deque<Sample> *series;
        bool second;
        QString title;
        QString unit;
        QColor color;
    };
    const Pane panes[] = {
        {&m_heartbeats, false, QStringLiteral("heartbeat latency"), QStringLiteral(" ms"),
         latencyColor},
        {&m_heartbeats, true, QStringLiteral("heartbeat interval"), QStringLiteral(" ms"),
         intervalColor},
        {&m_rates, false, QStringLiteral("events/s"), QStringLiteral("/s"), rateColor},
    };
    QList<qint64> outages; // when the stream went down, ascending
    for (const Marker &m : m_markers) {
        if (m.fault.isEmpty() && m.state != ClientState::Open)
            outages.append(m.ns);
    }
    std::sort(outages.begin(), outages.end());
    // Heartbeat lines (latency and interval, one series) break where the stream was down: a
    // line through an outage would draw values that were never measured.
    QList<qint64> heartbeatTimes;
    heartbeatTimes.reserve(qsizetype(m_heartbeats.size()));
    for (const Sample &s : m_heartbeats)
        heartbeatTimes.append(s.ns);
    const QList<qsizetype> heartbeatBreaks = breaksAcrossOutages(heartbeatTimes, outages);
    QRect last;
    for (int i = 0; i < 3; ++i) {
        const Pane &pane = panes[i];
        const QRect r(left, kTop + i * (paneHeight + kGap), plotWidth, paneHeight);
        last = r;
        double max = 0;
        for (const Sample &s : *pane.series) {
            const double v = pane.second ? s.b : s.a;
            if (xFor(s.ns) >= r.left() && std::isfinite(v))
                max = std::max(max, v);
        }
        max = niceCeiling(max * 1.05);

        p.setPen(QPen(axis, 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(0, 0, -1, -1));
        p.setPen(QPen(axis, 1, Qt::DotLine));
        for (int q = 1; q < 4; ++q) {
            const int x = r.left() + r.width() * q / 4;
            p.drawLine(x, r.top(), x, r.bottom());
        }
        p.setPen(axis);
        p.drawText(QRect(0, r.top(), left - 4, fm.height()), Qt::AlignRight,
                   valueText(max) + pane.unit);
        if (paneHeight >= 2 * fm.height()) {
            p.drawText(QRect(0, r.bottom() - fm.height(), left - 4, fm.height()), Qt::AlignRight,
                       QStringLiteral("0"));
        }

        static const QList<qsizetype> none;
        const QList<qsizetype> &breaks = pane.series == &m_heartbeats ? heartbeatBreaks : none;
        QPainterPath path;
        bool started = false;
        qsizetype index = -1;
        qsizetype nextBreak = 0;
        for (const Sample &s : *pane.series) {
            ++index;
            if (nextBreak < breaks.size() && breaks.at(nextBreak) == index) {
                ++nextBreak;
                started = false;
            }
            const double v = pane.second ? s.b : s.a;
            const double x = xFor(s.ns);
            if (x < r.left() - 50 || !std::isfinite(v)) {
                started = false;
                continue;
            }
            const double y = r.bottom() - std::min(v / max, 1.0) * (r.height() - 3) - 1;
            if (started)
                path.lineTo(x, y);
            else
                path.moveTo(x, y);
            started = true;
        }
        p.save();
        p.setClipRect(r);
        p.setPen(QPen(pane.color, 1.6));
        p.drawPath(path);
        p.restore();

        // Legend in the pane's corner.
        const int lx = r.left() + 6;
        p.fillRect(lx, r.top() + 3 + fm.height() / 2 - 2, 12, 4, pane.color);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(lx + 16, r.top() + 2 + fm.ascent(), pane.title);
    }

    // Time axis under the last pane.
    p.setPen(axis);
    for (int q = 0; q <= 4; ++q) {
        const int x = last.left() + last.width() * q / 4;
        const int secondsAgo = m_windowSeconds * (4 - q) / 4;
        const QString label = secondsAgo == 0
            ? (m_endNs > 0 ? QStringLiteral("end") : QStringLiteral("now"))
            : QStringLiteral("−%1 s").arg(secondsAgo);
        const int w = fm.horizontalAdvance(label);
        p.drawText(std::clamp(x - w / 2, last.left(), last.right() - w),
                   last.bottom() + fm.ascent() + 3, label);
    }

    // Reconnects and failures across every pane.
    for (const Marker &m : m_markers) {
        const double x = xFor(m.ns);
        if (x < left)
            continue;
        if (!m.fault.isEmpty()) {
            // Faults are solid purple, apart from the dashed state changes they cause.
            p.setPen(QPen(markerColor(QStringLiteral("fault"), latencyColor), 2));
            p.drawLine(QPointF(x, kTop), QPointF(x, last.bottom()));
            continue;
        }
        p.setPen(QPen(markerColor(clientStateName(m.state), latencyColor), 1.5, Qt::DashLine));
        p.drawLine(QPointF(x, kTop), QPointF(x, last.bottom()));
    }

    // What the vertical lines mean, for the kinds in view, after the first pane's title (the
    // right end is where the newest values are drawn).
    const QStringList legend = markerLegend();
    if (!legend.isEmpty()) {
        int x = left + 6 + 16 + fm.horizontalAdvance(panes[0].title) + 24;
        const int y = kTop + 2 + fm.ascent();
        for (const QString &name : legend) {
            const bool fault = name == QStringLiteral("fault");
            p.setPen(QPen(markerColor(name, latencyColor), fault ? 2 : 1.5,
                          fault ? Qt::SolidLine : Qt::DashLine));
            p.drawLine(QPointF(x, y - fm.ascent() + 1), QPointF(x, y + 1));
            p.setPen(palette().color(QPalette::Text));
            p.drawText(x + 5, y, name);
            x += 5 + fm.horizontalAdvance(name) + 14;
        }
    }

    // Hover: a cursor line and the values under it.
    if (m_hovering && !m_hoverText.isEmpty() && m_hoverPos.x() >= left
        && m_hoverPos.x() <= left + plotWidth) {
        p.setPen(QPen(palette().color(QPalette::Text), 1, Qt::DotLine));
        p.drawLine(m_hoverPos.x(), kTop, m_hoverPos.x(), last.bottom());
        const QRect textRect =
            fm.boundingRect(QRect(0, 0, 600, 200), 0, m_hoverText).adjusted(-6, -4, 6, 4);
        QRect box(m_hoverPos + QPoint(12, 4), textRect.size());
        if (box.right() > width())
            box.moveRight(m_hoverPos.x() - 12);
        if (box.bottom() > height())
            box.moveBottom(height() - 2);
        if (box.top() < 0)
            box.moveTop(0);
        p.setPen(axis);
        p.setBrush(palette().color(QPalette::ToolTipBase));
        p.drawRoundedRect(box, 4, 4);
        p.setPen(palette().color(QPalette::ToolTipText));
        p.drawText(box.adjusted(6, 4, -6, -4), 0, m_hoverText);
    }
}

void MetricsPlot::updateHover()
{
    m_hoverText.clear();
    if (!m_hovering)
        return;
    const int left = leftMargin();
    const int plotWidth = width() - left - kRight;
    if (plotWidth <= 0 || m_hoverPos.x() < left || m_hoverPos.x() > left + plotWidth)
        return;
    const qint64 now = nowNs();
    const double fraction = double(left + plotWidth - m_hoverPos.x()) / plotWidth;
    const qint64 at = now - qint64(fraction * m_windowSeconds * 1e9);
    auto nearest = [at](const auto &series) -> const Sample * {
        const Sample *best = nullptr;
        for (const Sample &s : series) {
            if (!best || std::llabs(s.ns - at) < std::llabs(best->ns - at))
                best = &s;
        }
        return best;
    };
    QStringList lines {
        (m_endNs > 0 ? QStringLiteral("%1 s before the end") : QStringLiteral("%1 s ago"))
            .arg(double(now - at) / 1e9, 0, 'f', 1)};
    // Values within a few pixels' worth of time of the cursor (and a second), or none.
    const qint64 reach = qint64(double(m_windowSeconds) * 1e9 / plotWidth * 8) + 1000000000;
    const Sample *h = nearest(m_heartbeats);
    if (h && std::llabs(h->ns - at) <= reach) {
        lines << QStringLiteral("latency %1 ms").arg(valueText(h->a))
              << QStringLiteral("interval %1 ms").arg(valueText(h->b));
    }
    const Sample *r = nearest(m_rates);
    if (r && std::llabs(r->ns - at) <= reach)
        lines << QStringLiteral("events/s %1").arg(valueText(r->a));
    for (const Marker &m : m_markers) {
        if (std::llabs(m.ns - at) < qint64(m_windowSeconds) * 1000000000 / 100)
            lines << (m.fault.isEmpty() ? clientStateName(m.state)
                                        : QStringLiteral("fault: ") + m.fault);
    }
    m_hoverText = lines.join(QLatin1Char('\n'));
}

void MetricsPlot::mouseMoveEvent(QMouseEvent *event)
{
    m_hovering = true;
    m_hoverPos = event->position().toPoint();
    updateHover();
    update();
}

void MetricsPlot::leaveEvent(QEvent *event)
{
    m_hovering = false;
    m_hoverText.clear();
    update();
    QWidget::leaveEvent(event);
}
