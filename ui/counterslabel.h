// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"

#include <QLabel>

// A tab's counters in two rows, what flows and then how the connection fares: events, rate,
// heartbeats, latency, bytes, last id; connections, reconnects, uptime, downtime, lost,
// duplicates, retry. The captions are a tone between text and window in either palette.
class CountersLabel : public QLabel
{
    Q_OBJECT
public:
    explicit CountersLabel(QWidget *parent = nullptr);

    void showStats(const SseClientStats &stats, double eventsPerSecond);
};
