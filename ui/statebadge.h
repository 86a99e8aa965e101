// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"

#include <QLabel>

class QTimer;

// The connection state at a glance: a coloured pill saying CONNECTING, OPEN, RECONNECTING IN
// N s (counting down), CLOSED or FAILED, with the reason and HTTP status as its tooltip. An
// open stream that has gone quiet for longer than it should says SILENT N s, in amber.
class StateBadge : public QLabel
{
    Q_OBJECT
public:
    explicit StateBadge(QWidget *parent = nullptr);

    ClientState state() const { return m_state; }
    // delayMs: the wait before the next attempt, for Reconnecting.
    // attempt: the request behind an Open state; its protocol shows on the badge ("OPEN ·
    // HTTP/2") and its transport in the tooltip.
    void setState(ClientState state, const QString &reason = QString(), int httpStatus = 0,
                  qint64 delayMs = -1, const AttemptInfo *attempt = nullptr);
    QString protocolText() const { return m_protocol; } // "HTTP/2", "HTTP/1.1" or empty

    // "HTTP/2" for "h2", "HTTP/1.1" for "http/1.1".
    static QString protocolName(const QByteArray &protocol);

    // While Open: nothing has arrived for `silentMs` (0: it is flowing), longer than `basis`
    // (e.g. "heartbeats came every 1.0 s") says it should be. A new state ends it.
    void setSilence(qint64 silentMs, const QString &basis = QString());
    qint64 silenceMs() const { return m_silentMs; }

    // The reason with the HTTP status, once.
    static QString describe(const QString &reason, int httpStatus);

Q_SIGNALS:
    void clicked(); // the request behind the state is worth inspecting

protected:
    void mousePressEvent(QMouseEvent *event) override;

private:
    void updateText();
    void updateStyle();

    ClientState m_state = ClientState::Idle;
    qint64 m_reconnectAtMs = 0;
    qint64 m_silentMs = 0;
    QString m_reasonTip;
    QString m_protocol; // while Open
    QTimer *m_countdown = nullptr;
};
