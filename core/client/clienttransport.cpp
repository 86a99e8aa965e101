// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "clienttransport.h"

QString ClientTransport::kindName(Kind kind)
{
    return kind == Kind::Qnam ? QStringLiteral("qnam") : QStringLiteral("wire");
}

void ClientTransport::scheduleReadyRead()
{
    if (m_readyReadScheduled)
        return;
    m_readyReadScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_readyReadScheduled = false;
            if (!m_aborted && !m_finished && bytesAvailable() > 0)
                emit readyRead();
        },
        Qt::QueuedConnection);
}

void ClientTransport::scheduleFinish()
{
    if (m_finishScheduled || m_finished)
        return;
    m_finishScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_aborted)
                return;
            m_finished = true;
            finishing();
            emit finished();
        },
        Qt::QueuedConnection);
}

bool ClientTransport::decodeBody(QByteArray raw, QByteArray *out)
{
    if (m_decoder.decode(std::move(raw), kMaxReadBytes, out))
        return true;
    if (m_error.isEmpty())
        m_error = m_decoder.errorString();
    m_undecodable = true;
    return false;
}
