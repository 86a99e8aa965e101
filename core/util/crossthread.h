// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QEvent>
#include <QObject>

#include <functional>

// Hands work to the thread a QObject lives in, as a posted event, in posting order. It is what
// a queued invokeMethod() or a BlockingQueuedConnection do, with one difference that matters
// for checking ssemon's threads: the function and what it captures are made before the
// hand-over is marked (Tsan::release), and the receiving side marks it (Tsan::acquire) before
// touching any of it, so ThreadSanitizer sees the order that Qt's uninstrumented QMutex keeps.
// Without TSan the marks are empty.
//
// The receiver passes its events to CrossThread::handle() first, in its event() override.
namespace CrossThread {

// Runs `function` in `receiver`'s thread from its event loop. When the receiver is deleted
// first, the function is destroyed without running.
void post(QObject *receiver, std::function<void()> function);

// As post(), then waits until the function has run (or was dropped with its receiver). Never
// call it from the receiver's own thread: that would wait forever, as a
// BlockingQueuedConnection would.
void call(QObject *receiver, std::function<void()> function);

// For the receiver's event(): runs a posted function and returns true; false for any other
// event.
bool handle(QEvent *event);

// A QObject that does nothing but run what is posted to it: an anchor in a thread of its own.
class Inbox : public QObject
{
public:
    using QObject::QObject;

protected:
    bool event(QEvent *event) override;
};

} // namespace CrossThread
