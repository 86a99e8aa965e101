// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

class QThread;
class QnamPool;
namespace CrossThread {
class Inbox;
}

// The thread SseClient workers run in. A client makes one of its own by default; clients given
// the same one (shared()) run their workers there together and share its QnamPool, so their
// HTTP/2 streams to one origin share one connection, as a browser's tabs do. The thread ends
// when the last client holding it is gone.
class SseClientThread
{
public:
    SseClientThread();
    // Quits and joins the thread; the pool goes in it.
    ~SseClientThread();
    SseClientThread(const SseClientThread &) = delete;
    SseClientThread &operator=(const SseClientThread &) = delete;

    // The thread every caller shares while one of them holds it (the GUI's tabs).
    static std::shared_ptr<SseClientThread> shared();

    QThread *thread() const { return m_thread; }
    QnamPool *pool() const { return m_pool; } // lives in thread()
    CrossThread::Inbox *inbox() const { return m_inbox; } // runs what is posted in thread()

private:
    QThread *m_thread = nullptr;
    QnamPool *m_pool = nullptr;
    CrossThread::Inbox *m_inbox = nullptr;
};
