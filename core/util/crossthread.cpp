// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "crossthread.h"

#include "tsan.h"

#include <QCoreApplication>
#include <QThread>

#include <condition_variable>
#include <mutex>

namespace {

// Signalled when the function has run or was dropped; for call().
struct Completion
{
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;

    void finish()
    {
        std::lock_guard<std::mutex> lock(mutex);
        finished = true;
        done.notify_all();
    }
};

QEvent::Type functionEventType()
{
    static const QEvent::Type type = QEvent::Type(QEvent::registerEventType());
    return type;
}

class FunctionEvent : public QEvent
{
public:
    FunctionEvent(std::function<void()> function, Completion *completion)
        : QEvent(functionEventType())
        , m_function(std::move(function))
        , m_completion(completion)
    { }
    ~FunctionEvent() override
    {
        // Delivered or dropped with its receiver: either way a waiting call() may go on.
        // Destroying the function first: what it captured is released before the caller
        // continues, as with a BlockingQueuedConnection.
        m_function = nullptr;
        if (m_completion)
            m_completion->finish();
    }

    void run()
    {
        if (m_function)
            m_function();
    }

private:
    std::function<void()> m_function;
    Completion *m_completion;
};

} // namespace

namespace CrossThread {

void post(QObject *receiver, std::function<void()> function)
{
    auto *event = new FunctionEvent(std::move(function), nullptr);
    // Everything above (the function, what it captured, the event) happens before the
    // receiver's acquire in handle().
    Tsan::release(event);
    QCoreApplication::postEvent(receiver, event);
}

void call(QObject *receiver, std::function<void()> function)
{
    Q_ASSERT(receiver->thread() != QThread::currentThread());
    Completion completion;
    auto *event = new FunctionEvent(std::move(function), &completion);
    Tsan::release(event);
    QCoreApplication::postEvent(receiver, event);
    std::unique_lock<std::mutex> lock(completion.mutex);
    completion.done.wait(lock, [&completion] { return completion.finished; });
}

bool handle(QEvent *event)
{
    // The acquire comes before reading anything of the event, its type included.
    Tsan::acquire(event);
    if (event->type() != functionEventType())
        return false;
    static_cast<FunctionEvent *>(event)->run();
    return true;
}

bool Inbox::event(QEvent *event)
{
    if (handle(event))
        return true;
    return QObject::event(event);
}

} // namespace CrossThread
