// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "statebadge.h"

#include "theme.h"

#include <QDateTime>
#include <QMouseEvent>
#include <QTimer>

#include <algorithm>
#include <cmath>

StateBadge::StateBadge(QWidget *parent)
    : QLabel(parent)
    , m_countdown(new QTimer(this))
{
    setObjectName(QStringLiteral("stateBadge"));
    setAlignment(Qt::AlignCenter);
    setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("RECONNECTING IN 00 s")) + 28);
    m_countdown->setInterval(200);
    connect(m_countdown, &QTimer::timeout, this, &StateBadge::updateText);
    setState(ClientState::Idle);
}

void StateBadge::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        Q_EMIT clicked();
    QLabel::mousePressEvent(event);
}

QString StateBadge::protocolName(const QByteArray &protocol)
{
    if (protocol == "h2")
        return QStringLiteral("HTTP/2");
    return QString::fromLatin1(protocol).toUpper();
}

void StateBadge::setState(ClientState state, const QString &reason, int httpStatus, qint64 delayMs,
                          const AttemptInfo *attempt)
{
    m_state = state;
    m_silentMs = 0;
    m_reasonTip = describe(reason, httpStatus);
    m_protocol.clear();
    if (state == ClientState::Open && attempt && !attempt->protocol.isEmpty()) {
        m_protocol = protocolName(attempt->protocol);
        const QString transport = attempt->transport == "qnam"
            ? QStringLiteral("the QNAM transport (Qt's network stack)")
            : QStringLiteral("the wire transport (ssemon's own HTTP/1.1 reader)");
        m_reasonTip += (m_reasonTip.isEmpty() ? QString() : QStringLiteral("\n"))
            + QStringLiteral("%1 over %2").arg(m_protocol, transport);
    }
    if (attempt)
        m_reasonTip += QStringLiteral("\nClick to inspect the request and its response");
    setCursor(attempt ? Qt::PointingHandCursor : Qt::ArrowCursor);
    setToolTip(m_reasonTip);
    updateStyle();
    if (state == ClientState::Reconnecting && delayMs >= 0) {
        m_reconnectAtMs = QDateTime::currentMSecsSinceEpoch() + delayMs;
        m_countdown->start();
    } else {
        m_countdown->stop();
    }
    updateText();
}

void StateBadge::setSilence(qint64 silentMs, const QString &basis)
{
    if (m_state != ClientState::Open)
        silentMs = 0;
    const bool changed = (silentMs > 0) != (m_silentMs > 0);
    m_silentMs = std::max<qint64>(0, silentMs);
    if (m_silentMs > 0) {
        QString tip =
            QStringLiteral("Open, but nothing has arrived for %1 s").arg(m_silentMs / 1000);
        if (!basis.isEmpty())
            tip += QStringLiteral(" (%1)").arg(basis);
        setToolTip(tip + QStringLiteral(": the server, or something between, has stalled"));
    } else if (changed) {
        setToolTip(m_reasonTip);
    }
    if (changed)
        updateStyle();
    updateText();
}

void StateBadge::updateStyle()
{
    const QColor colour = m_silentMs > 0 ? Theme::warningColor() : Theme::stateColor(m_state);
    setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; border-radius: 9px; "
                                 "padding: 3px 12px; font-weight: bold; }")
                      .arg(colour.name()));
}

QString StateBadge::describe(const QString &reason, int httpStatus)
{
    const QString status = QStringLiteral("HTTP %1").arg(httpStatus);
    // The client's reasons often name the status already ("HTTP 404 Not Found").
    if (httpStatus <= 0 || reason.contains(status))
        return reason;
    return reason.isEmpty() ? status : status + QStringLiteral(" — ") + reason;
}

void StateBadge::updateText()
{
    if (m_state == ClientState::Idle) {
        setText(QStringLiteral("IDLE"));
        return;
    }
    if (m_state == ClientState::Reconnecting && m_countdown->isActive()) {
        const qint64 left = m_reconnectAtMs - QDateTime::currentMSecsSinceEpoch();
        if (left > 0) {
            setText(QStringLiteral("RECONNECTING IN %1 s").arg(std::ceil(double(left) / 1000.0)));
            return;
        }
        m_countdown->stop();
    }
    if (m_silentMs > 0) {
        const qint64 seconds = m_silentMs / 1000;
        setText(seconds < 100 ? QStringLiteral("SILENT %1 s").arg(seconds)
                              : QStringLiteral("SILENT %1 min").arg(seconds / 60));
        return;
    }
    QString text = clientStateName(m_state).toUpper();
    if (!m_protocol.isEmpty())
        text += QStringLiteral(" · ") + m_protocol;
    setText(text);
}
