// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"

#include <QWidget>

#include <deque>

class QTimer;

// Heartbeat latency and interval (top) and events per second (bottom) over the last minutes,
// drawn with QPainter, with reconnects and failures marked as vertical lines (a legend names
// them) and heartbeat lines broken across outages. Hovering shows the values under the cursor.
// Bounded: points older than the window are let go.
class MetricsPlot : public QWidget
{
    Q_OBJECT
public:
    explicit MetricsPlot(QWidget *parent = nullptr);

    int windowSeconds() const { return m_windowSeconds; }
    void setWindowSeconds(int seconds);
    // A finished recording (an opened session's records), in place of what was shown: its
    // heartbeats, state changes and events per second on an axis of its own, which ends at
    // its last record ("end", not "now") and spans all of it; clear() goes back to the live,
    // scrolling axis.
    void showRecording(const QList<ClientRecord> &records);
    bool isFinished() const { return m_endNs > 0; }

    // What the plot shows, for tests and the hover text.
    qsizetype heartbeatCount() const { return qsizetype(m_heartbeats.size()); }
    qsizetype rateCount() const { return qsizetype(m_rates.size()); }
    qsizetype markerCount() const { return qsizetype(m_markers.size()); }
    qsizetype faultMarkerCount() const;
    QString hoverText() const { return m_hoverText; }
    // The marker kinds the legend lists now: those in the window ("open", "reconnecting",
    // "failed", "closed", "fault"), in that order.
    QStringList markerLegend() const;

    // Indexes i of `sampleNs` (ascending) where the line must not join sample i-1 to i: an
    // outage (a time in `outageNs`, ascending) falls between them.
    static QList<qsizetype> breaksAcrossOutages(const QList<qint64> &sampleNs,
                                                const QList<qint64> &outageNs);

    QSize sizeHint() const override { return {600, 200}; }
    QSize minimumSizeHint() const override { return {200, 90}; }

public Q_SLOTS:
    // The Ping and State records of a batch (the rest is ignored).
    void addRecords(const QList<ClientRecord> &records);
    void addRate(qint64 monotonicNs, double eventsPerSecond);
    // A fault the embedded mock server acted out on this stream's server, marked on the time
    // axis with its description (shown on hover).
    void addFault(qint64 monotonicNs, const QString &text);
    void clear();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    struct Sample
    {
        qint64 ns;
        double a; // latency ms, or events/s
        double b; // interval ms
    };
    struct Marker
    {
        qint64 ns;
        ClientState state;
        QString fault; // set for a fault marker (state unused)
    };

    void prune();
    void showFinished(qint64 startNs, qint64 endNs); // the axis of showRecording()
    void updateHover();
    qint64 nowNs() const;
    int leftMargin() const;
    // A marker kind's colour ("open" takes the latency line's colour, as it is drawn beside).
    static QColor markerColor(const QString &kind, const QColor &openColor);

    std::deque<Sample> m_heartbeats;
    std::deque<Sample> m_rates;
    std::deque<Marker> m_markers;
    int m_windowSeconds = 60;
    int m_liveWindowSeconds = 60; // the window before showFinished()
    qint64 m_endNs = 0; // showFinished(): the fixed end of the axis
    QTimer *m_scroll = nullptr;
    bool m_hovering = false;
    QPoint m_hoverPos;
    QString m_hoverText;
};
