// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "sseclientthread.h"

#include "qnampool.h"
#include "util/crossthread.h"

#include <QMutex>
#include <QThread>

SseClientThread::SseClientThread()
{
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("SseClient"));
    m_pool = new QnamPool;
    m_inbox = new CrossThread::Inbox;
    m_pool->moveToThread(m_thread);
    m_inbox->moveToThread(m_thread);
    // Documented QThread pattern: deleted in their own thread once its event loop has stopped
    // (QThread::finished runs deferred deletes before the thread ends).
    QObject::connect(m_thread, &QThread::finished, m_pool, &QObject::deleteLater);
    QObject::connect(m_thread, &QThread::finished, m_inbox, &QObject::deleteLater);
    m_thread->start();
}

SseClientThread::~SseClientThread()
{
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

std::shared_ptr<SseClientThread> SseClientThread::shared()
{
    static QMutex mutex;
    static std::weak_ptr<SseClientThread> current;
    const QMutexLocker lock(&mutex);
    std::shared_ptr<SseClientThread> thread = current.lock();
    if (!thread) {
        thread = std::make_shared<SseClientThread>();
        current = thread;
    }
    return thread;
}
