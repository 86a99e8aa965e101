// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "mockserveroptions.h"
#include "util/crossthread.h"

#include <QObject>
#include <QString>

#include <memory>
#include <unordered_map>
#include <vector>

class MockClient;
class MockWorker;
class QTcpSocket;

// The mock server's connections, from an accepted descriptor to their deletion: each is given
// to an I/O thread (round robin) or kept on this thread as a QTcpSocket, numbered, timed while
// its request is read, and read; what it reads and what becomes of its socket is told to the
// Handler (the server), which decides what to answer and when a connection is finished.
class MockConnections
{
public:
    class Handler
    {
    public:
        virtual ~Handler() = default;
        // The request's head is complete (or in error); `leftoverBytes` came after it.
        virtual void headRead(MockClient *client, qint64 leftoverBytes) = 0;
        // The request's body has been read (thrown away, or kept where the client keepsBody()).
        virtual void bodyRead(MockClient *client) = 0;
        // The peer shut its side down (EOF); it may still read.
        virtual void peerShutDown(MockClient *client) = 0;
        // The connection is gone (closed, reset, an error), `reason` in words.
        virtual void peerGone(MockClient *client, const QString &reason) = 0;
        // An I/O thread dropped it: it did not read and its write buffer passed the cap.
        virtual void slowReader(MockClient *client) = 0;
        // An I/O thread's write buffer for it drained (burst streams are refilled).
        virtual void drained(MockClient *client) = 0;
        // Its request was not complete within requestTimeoutMs.
        virtual void requestTimedOut(MockClient *client) = 0;
    };

    // Bytes read from a socket at once; what a client sends after its request is thrown away.
    static constexpr qint64 ReadChunkBytes = 64 * 1024;
    // How long a politely closed connection may take to read our last bytes and close its side.
    static constexpr int LingerMs = 2000;

    MockConnections(const MockServerOptions *options, Handler *handler);
    ~MockConnections();
    MockConnections(const MockConnections &) = delete;
    MockConnections &operator=(const MockConnections &) = delete;

    // Starts the I/O threads the options ask for (none where unsupported or with threads = 0),
    // unless they run already; false with the reason.
    bool startWorkers(QString *errorMessage);
    bool hasWorkers() const { return !m_workers.empty(); }
    // A connection the listener accepted: to an I/O thread, or on this thread as a socket made
    // a child of socketParent (so that lingering sockets end with it).
    void accept(qintptr descriptor, QObject *socketParent);

    MockClient *find(int number) const; // a connection not yet released; null if none
    bool isEmpty() const { return m_connections.empty(); }
    // Every connection not yet released, oldest first.
    std::vector<MockClient *> all() const;

    // Lets go of a finished connection: politely (its queued bytes flushed, then FIN and
    // linger) or at once. It is deleted from the event loop, since the caller may still hold
    // it. Returns the bytes that were queued and will never be sent.
    qint64 release(MockClient *client, bool graceful);
    // Aborts the connections that were released politely and still linger.
    void abortLingering();

private:
    void adoptSocket(QTcpSocket *socket);
    void adoptDescriptor(qintptr descriptor);
    void drainReports(size_t index);
    void received(MockClient *client, const QByteArray &bytes);
    void readFromSocket(MockClient *client);
    void socketDisconnected(MockClient *client);
    void peerLost(MockClient *client, int error);
    void add(std::unique_ptr<MockClient> owned, QObject *timerContext);

    const MockServerOptions *m_options;
    Handler *m_handler;
    // Reports of the I/O threads are handled here (declared before the workers: it outlives
    // them, and they post to it until they are joined).
    CrossThread::Inbox m_inbox;
    std::vector<std::unique_ptr<MockWorker>> m_workers; // empty: sockets on this thread
    size_t m_nextWorker = 0;
    int m_lastNumber = 0;
    std::unordered_map<int, std::unique_ptr<MockClient>> m_connections; // by number
    // Released connections, deleted from the event loop.
    std::vector<std::unique_ptr<MockClient>> m_released;
    QObject m_tails; // timers pacing out the shaped tails of closing connections
};
