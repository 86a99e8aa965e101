// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

class QThread;

// One I/O thread of the mock server: it owns the sockets of the connections handed to it and
// does their reads and writes on its own epoll loop, while the server's thread keeps all the
// logic (requests, events, faults, stats, signals). The two sides talk through command and
// report queues, one wake-up per batch, so that a heartbeat round to thousands of clients is a
// few thread hops, not thousands. A connection costs a few hundred bytes here (no QObject, no
// Qt socket buffers), its bytes are copied only when the kernel does not take them at once, and
// what it may hold unsent is capped.
//
// Linux only (epoll); elsewhere the server keeps its sockets on its own thread.
class MockWorker
{
public:
    // Per connection, shared with the server's thread.
    struct Link
    {
        // Bytes handed to write() that the kernel has not taken yet.
        std::atomic<qint64> queued {0};
    };

    enum class ReadMode {
        Forward, // request bytes go to the server as Received reports (bounded)
        Discard, // a stream: what the peer sends is read and thrown away
        Pause, // a blackhole: nothing is read; the kernel's window closes
    };
    enum class Close {
        Abort, // now: what is unsent is dropped
        Reset, // what the kernel takes at once, then RST
        Graceful, // everything unsent, then FIN; reads discarded until the peer closes or linger
    };

    struct Report
    {
        enum class Kind {
            Received, // bytes (Forward mode)
            Eof, // the peer shut down its side (it may still read: a half-close)
            Closed, // the connection is gone (error: errno, 0 for an orderly close)
            Slow, // more than the cap unsent: the peer does not read
            Drained, // everything written was taken by the kernel (asked for with notifyDrain)
        };
        int client;
        Kind kind;
        QByteArray bytes;
        int error = 0;
    };

    // `wake` is called on the worker's thread when reports become available after none were.
    MockWorker(int index, std::function<void()> wake);
    ~MockWorker(); // closes every connection and joins the thread
    MockWorker(const MockWorker &) = delete;
    MockWorker &operator=(const MockWorker &) = delete;

    static bool isSupported();
    bool start(QString *errorMessage);

    // Thread-safe, from the server's thread; commands run in the order given.
    // `forwardBudget`: bytes forwarded in Forward mode before reading pauses (the server
    // switches the mode or closes long before a well-formed request reaches it).
    void adopt(int client, int fd, const std::shared_ptr<Link> &link, qint64 writeCap,
               qint64 forwardBudget);
    void write(int client, const QByteArray &bytes);
    void setReadMode(int client, ReadMode mode);
    void setNotifyDrain(int client, bool notify);
    void close(int client, Close how, int lingerMs = 0);
    void closeAll(); // every connection, lingering ones included, aborted

    std::vector<Report> takeReports();
    int connectionCount() const { return m_connectionCount.load(std::memory_order_relaxed); }

private:
    struct Command
    {
        enum class Kind { Adopt, Write, Mode, Drain, Close, CloseAll, Quit };
        explicit Command(Kind k)
            : kind(k)
        { }
        Kind kind;
        int client = 0;
        int fd = -1;
        int value = 0;
        qint64 cap = 0;
        qint64 budget = 0;
        QByteArray bytes;
        std::shared_ptr<Link> link;
    };
    struct Connection;

    void post(Command &&command);
    void run();
    void execute(Command &command);
    void handleEvent(int client, quint32 events);
    void readFrom(Connection *c);
    void flushOut(Connection *c);
    void updateInterest(Connection *c);
    void finishClosing(Connection *c);
    void drop(Connection *c, bool reset);
    void lost(Connection *c, int error);
    void report(Report &&report);
    qint64 nextDeadlineMs() const;
    void expireLingering();

    const int m_index;
    std::function<void()> m_wake;
    QThread *m_thread = nullptr;
    int m_epoll = -1;
    int m_eventFd = -1;

    // std::mutex rather than QMutex: ThreadSanitizer sees its ordering (pthread), while a
    // contended QMutex waits inside uninstrumented Qt.
    std::mutex m_commandMutex;
    std::vector<Command> m_commands;
    std::mutex m_reportMutex;
    std::vector<Report> m_reports;
    std::vector<Report> m_pendingReports; // this iteration's, handed over in one go

    // Worker thread only.
    std::unordered_map<int, std::unique_ptr<Connection>> m_connections;
    std::deque<std::pair<qint64, int>> m_lingering; // (close at, client), in deadline order
    std::atomic<int> m_connectionCount {0};
};
