// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

// ThreadSanitizer annotations, empty in every other build. They tell TSan about an ordering
// between threads that it cannot see itself: a hand-over through code that is not instrumented
// (Debian's Qt is not built with TSan, so its QMutex and QWaitCondition are invisible to it).
// A release on an address in one thread, then an acquire on the same address in another, makes
// everything before the release happen before everything after the acquire.

#if defined(__SANITIZE_THREAD__)
#define SSEMON_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SSEMON_TSAN 1
#endif
#endif

#ifdef SSEMON_TSAN
extern "C" void __tsan_acquire(void *addr);
extern "C" void __tsan_release(void *addr);
#endif

namespace Tsan {

inline void release(const void *address)
{
#ifdef SSEMON_TSAN
    __tsan_release(const_cast<void *>(address));
#else
    (void)address;
#endif
}

inline void acquire(const void *address)
{
#ifdef SSEMON_TSAN
    __tsan_acquire(const_cast<void *>(address));
#else
    (void)address;
#endif
}

} // namespace Tsan
