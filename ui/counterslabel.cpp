// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "counterslabel.h"

#include "theme.h"

#include <QLocale>

#include <cmath>

namespace {

QString durationText(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s / 60) % 60);
}

QString bytesText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

// Rich text in a label knows no palette() colours: the name's colour is passed in.
QString counter(const QString &name, const QString &value, const QString &tip,
                const QString &nameColour)
{
    return QStringLiteral("<span title='%3'><span style='color:%4'>%1"
                          "</span>&nbsp;<b>%2</b></span>")
        .arg(name, value.toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("&nbsp;")),
             tip.toHtmlEscaped(), nameColour);
}

} // namespace

CountersLabel::CountersLabel(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("counters"));
    setTextFormat(Qt::RichText);
    setWordWrap(true);
}

void CountersLabel::showStats(const SseClientStats &s, double eventsPerSecond)
{
    const QLocale locale;
    const QString latency = std::isfinite(s.lastLatencyMs)
        ? QString::number(s.lastLatencyMs, 'f', 2) + QStringLiteral(" ms")
        : QStringLiteral("–");
    const QString sep = QStringLiteral(" &nbsp;&nbsp; ");
    const QString caption = Theme::captionColor(palette()).name();
    QStringList parts {
        counter(QStringLiteral("events"), locale.toString(s.events), QString(), caption),
        counter(QStringLiteral("events/s"), QString::number(eventsPerSecond, 'f', 1), QString(),
                caption),
        counter(QStringLiteral("heartbeats"), locale.toString(s.heartbeats), QString(), caption),
        counter(QStringLiteral("latency"), latency,
                QStringLiteral("One-way heartbeat latency (same clock at both ends)"), caption),
        counter(QStringLiteral("received"), bytesText(s.bytes), QString(), caption),
        counter(QStringLiteral("last id"),
                s.lastEventId.isEmpty() ? QStringLiteral("–")
                                        : QString::fromUtf8(s.lastEventId.left(40)),
                QString(), caption),
        counter(QStringLiteral("connections"), locale.toString(s.connections), QString(), caption),
        counter(QStringLiteral("reconnects"), locale.toString(s.reconnects), QString(), caption),
        counter(QStringLiteral("uptime"), durationText(s.uptimeMs), QString(), caption),
        counter(QStringLiteral("downtime"), durationText(s.downtimeMs), QString(), caption),
        counter(QStringLiteral("lost"), locale.toString(s.lost),
                QStringLiteral("Numeric ids skipped"), caption),
        counter(QStringLiteral("duplicates"), locale.toString(s.duplicates),
                QStringLiteral("Numeric ids seen twice"), caption),
        counter(QStringLiteral("retry"), QStringLiteral("%1 ms").arg(s.retryMs),
                QStringLiteral("Current reconnection time"), caption),
    };
    setText(parts.mid(0, 6).join(sep) + QStringLiteral("<br>") + parts.mid(6).join(sep));
}
