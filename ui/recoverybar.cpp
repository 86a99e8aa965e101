// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "recoverybar.h"

#include "statebadge.h"
#include "theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

RecoveryBar::RecoveryBar(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("recoveryBar"));
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("recoveryMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_retry = new QPushButton(QStringLiteral("Retry now"), this);
    m_retry->setObjectName(QStringLiteral("retryNow"));
    m_retry->setToolTip(QStringLiteral("Connect again and resume: Last-Event-ID, counters and "
                                       "connection numbers go on"));
    m_resilient = new QPushButton(QStringLiteral("Retry 5xx and 429 automatically"), this);
    m_resilient->setObjectName(QStringLiteral("retryResilient"));
    m_resilient->setToolTip(QStringLiteral(
        "Turn on Resilient in the request's reconnect policy (server errors and Too Many "
        "Requests are retried with backoff, honouring Retry-After) and retry now"));
    m_afresh = new QPushButton(QStringLiteral("Start afresh"), this);
    m_afresh->setObjectName(QStringLiteral("retryAfresh"));
    m_afresh->setToolTip(QStringLiteral("Clear the events, the timeline and the plots, and "
                                        "connect with counters, connection numbers and "
                                        "Last-Event-ID restarted"));
    layout->addWidget(m_message, 1);
    layout->addWidget(m_retry);
    layout->addWidget(m_resilient);
    layout->addWidget(m_afresh);
    connect(m_retry, &QPushButton::clicked, this, &RecoveryBar::retryNow);
    connect(m_resilient, &QPushButton::clicked, this, &RecoveryBar::retryResilient);
    connect(m_afresh, &QPushButton::clicked, this, &RecoveryBar::startAfresh);
    hide();
}

void RecoveryBar::showFor(const ClientRecord &state, bool resilient)
{
    const bool failed =
        state.kind == ClientRecord::Kind::State && state.state == ClientState::Failed;
    if (m_refusal && !failed)
        return; // the refusal stays said while the stream that ran before goes on
    if (!failed) {
        hide();
        return;
    }
    m_refusal = false;
    m_retry->show();
    m_afresh->show();
    const int status = state.httpStatus;
    const bool retryable = status == 429 || (status >= 500 && status <= 599);
    m_resilient->setVisible(retryable && !resilient);
    QString text = QStringLiteral("<b>The stream failed:</b> ")
        + StateBadge::describe(state.reason, status).toHtmlEscaped();
    if (retryable && !resilient) {
        text += QStringLiteral("<br>The strict policy treats a server's %1 as final, as a "
                               "browser's EventSource does. A client that should ride out a "
                               "deploy or a rate limit retries it with backoff.")
                    .arg(status);
    }
    m_message->setText(text);
    show();
}

void RecoveryBar::showRefusal(const QString &message)
{
    m_retry->hide();
    m_resilient->hide();
    m_afresh->hide();
    m_message->setText(Theme::errorHtml(message));
    m_refusal = true;
    show();
}

void RecoveryBar::dismissRefusal()
{
    if (m_refusal)
        dismiss();
}

void RecoveryBar::dismiss()
{
    m_refusal = false;
    hide();
}
