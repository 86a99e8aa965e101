// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "recordbatcher.h"

#include <QMetaObject>
#include <QObject>

void RecordBatcher::flush()
{
    if (m_records.isEmpty())
        return;
    ClientBatch batch;
    if (m_statsSource)
        batch.stats = m_statsSource();
    batch.records = std::move(m_records);
    m_records = QList<ClientRecord>();
    m_backlog->inFlight.fetch_add(1);
    if (m_sink)
        m_sink(m_generation, std::move(batch));
}

void RecordBatcher::scheduleFlush(QObject *context)
{
    if (m_flushScheduled || m_records.isEmpty())
        return;
    m_flushScheduled = true;
    QMetaObject::invokeMethod(
        context,
        [this] {
            m_flushScheduled = false;
            flush();
        },
        Qt::QueuedConnection);
}
