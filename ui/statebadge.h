// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"

#include <QLabel>

class QTimer;

// The connection state at a glance: a coloured pill saying CONNECTING, OPEN, RECONNECTING IN
// N s (counting down), CLOSED or FAILED, with the reason and HTTP status as its tooltip.
class StateBadge : public QLabel
{
    Q_OBJECT
public:
    explicit StateBadge(QWidget *parent = nullptr);

    ClientState state() const { return m_state; }
    // delayMs: the wait before the next attempt, for Reconnecting.
    void setState(ClientState state, const QString &reason = QString(), int httpStatus = 0,
                  qint64 delayMs = -1);

    // The reason with the HTTP status, once.
    static QString describe(const QString &reason, int httpStatus);

private:
    void updateText();

    ClientState m_state = ClientState::Idle;
    qint64 m_reconnectAtMs = 0;
    QTimer *m_countdown = nullptr;
};
