// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockworker.h"

#include "util/tsan.h"

#include <QThread>

#include <chrono>
#include <deque>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace {

// The epoll data of the command wake-up; connections use their client number (never reused),
// so an event for a connection closed earlier in the same batch finds nothing.
constexpr quint64 WakeKey = ~quint64(0);
// Bytes read per readiness event and connection, so that one flooding peer cannot starve the
// others on the same thread.
constexpr qsizetype ReadChunkBytes = 16 * 1024;
constexpr int ReadsPerEvent = 4;
constexpr int MaxEvents = 256;

qint64 steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace

struct MockWorker::Connection
{
    int client = 0;
    int fd = -1;
    std::shared_ptr<Link> link;
    ReadMode mode = ReadMode::Forward;
    // Bytes the kernel did not take yet; only ever non-empty for a peer slower than us.
    QByteArray out;
    qsizetype outOffset = 0;
    qint64 cap = 0;
    qint64 budget = 0;
    qint64 forwarded = 0;
    quint32 interest = 0;
    int lingerMs = 0;
    bool notifyDrain = false;
    bool eof = false; // the peer shut its side
    bool slow = false; // over the cap: reported, writes dropped until the server closes it
    bool closing = false; // graceful close under way
    bool shutDown = false; // our FIN sent

    qint64 unsent() const { return out.size() - outOffset; }
};

#ifdef Q_OS_LINUX

MockWorker::MockWorker(int index, std::function<void()> wake)
    : m_index(index)
    , m_wake(std::move(wake))
{ }

MockWorker::~MockWorker()
{
    if (m_thread) {
        post(Command(Command::Kind::Quit));
        m_thread->wait();
        // What the thread did happens before what follows (QThread::wait() orders it in
        // uninstrumented Qt; see util/tsan.h).
        Tsan::acquire(this);
        delete m_thread;
    }
    for (auto &entry : m_connections)
        ::close(entry.second->fd);
    // Descriptors handed over but never adopted (the thread stopped first).
    for (const Command &command : m_commands) {
        if (command.kind == Command::Kind::Adopt)
            ::close(command.fd);
    }
    if (m_epoll >= 0)
        ::close(m_epoll);
    if (m_eventFd >= 0)
        ::close(m_eventFd);
}

bool MockWorker::isSupported()
{
    return true;
}

bool MockWorker::start(QString *errorMessage)
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    m_eventFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_epoll < 0 || m_eventFd < 0) {
        if (errorMessage)
            *errorMessage = QStringLiteral("cannot start I/O thread %1: %2")
                                .arg(m_index)
                                .arg(QString::fromLocal8Bit(::strerror(errno)));
        return false;
    }
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.u64 = WakeKey;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_eventFd, &event);
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("ssemon-io-%1").arg(m_index));
    m_thread->start();
    return true;
}

void MockWorker::post(Command &&command)
{
    bool wasEmpty;
    {
        std::lock_guard<std::mutex> lock(m_commandMutex);
        wasEmpty = m_commands.empty();
        m_commands.push_back(std::move(command));
    }
    if (wasEmpty) {
        const quint64 one = 1;
        [[maybe_unused]] const ssize_t written = ::write(m_eventFd, &one, sizeof one);
    }
}

void MockWorker::adopt(int client, int fd, const std::shared_ptr<Link> &link, qint64 writeCap,
                       qint64 forwardBudget)
{
    Command command(Command::Kind::Adopt);
    command.client = client;
    command.fd = fd;
    command.link = link;
    command.cap = writeCap;
    command.budget = forwardBudget;
    post(std::move(command));
}

void MockWorker::write(int client, const QByteArray &bytes)
{
    Command command(Command::Kind::Write);
    command.client = client;
    command.bytes = bytes;
    post(std::move(command));
}

void MockWorker::setReadMode(int client, ReadMode mode)
{
    Command command(Command::Kind::Mode);
    command.client = client;
    command.value = int(mode);
    post(std::move(command));
}

void MockWorker::setNotifyDrain(int client, bool notify)
{
    Command command(Command::Kind::Drain);
    command.client = client;
    command.value = notify ? 1 : 0;
    post(std::move(command));
}

void MockWorker::close(int client, Close how, int lingerMs)
{
    Command command(Command::Kind::Close);
    command.client = client;
    command.value = int(how);
    command.budget = lingerMs;
    post(std::move(command));
}

void MockWorker::closeAll()
{
    post(Command(Command::Kind::CloseAll));
}

std::vector<MockWorker::Report> MockWorker::takeReports()
{
    std::lock_guard<std::mutex> lock(m_reportMutex);
    return std::exchange(m_reports, {});
}

void MockWorker::report(Report &&report)
{
    m_pendingReports.push_back(std::move(report));
}

void MockWorker::run()
{
    epoll_event events[MaxEvents];
    std::vector<Command> commands;
    bool quit = false;
    while (!quit) {
        const qint64 deadline = nextDeadlineMs();
        const int timeout = deadline < 0
            ? -1
            : int(qBound(qint64(0), deadline - steadyMs(), qint64(60 * 60 * 1000)));
        const int count = ::epoll_wait(m_epoll, events, MaxEvents, timeout);
        for (int i = 0; i < count; ++i) {
            if (events[i].data.u64 != WakeKey) {
                handleEvent(int(events[i].data.u64), events[i].events);
                continue;
            }
            quint64 value = 0;
            [[maybe_unused]] const ssize_t got = ::read(m_eventFd, &value, sizeof value);
            {
                std::lock_guard<std::mutex> lock(m_commandMutex);
                commands.swap(m_commands);
            }
            for (Command &command : commands) {
                if (command.kind == Command::Kind::Quit)
                    quit = true;
                else
                    execute(command);
            }
            commands.clear();
        }
        expireLingering();
        if (!m_pendingReports.empty()) {
            bool wasEmpty;
            {
                std::lock_guard<std::mutex> lock(m_reportMutex);
                wasEmpty = m_reports.empty();
                if (wasEmpty) {
                    m_reports.swap(m_pendingReports);
                } else {
                    for (Report &r : m_pendingReports)
                        m_reports.push_back(std::move(r));
                    m_pendingReports.clear();
                }
            }
            if (wasEmpty)
                m_wake();
        }
    }
    Tsan::release(this); // for the destructor's acquire after wait()
}

void MockWorker::execute(Command &command)
{
    if (command.kind == Command::Kind::Adopt) {
        auto c = std::make_unique<Connection>();
        c->client = command.client;
        c->fd = command.fd;
        c->link = std::move(command.link);
        c->cap = command.cap;
        c->budget = command.budget;
        const int flags = ::fcntl(c->fd, F_GETFL);
        ::fcntl(c->fd, F_SETFL, flags | O_NONBLOCK);
        const int one = 1;
        // Heartbeats are small writes that must leave at once.
        ::setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        Connection *raw = c.get();
        m_connections.emplace(c->client, std::move(c));
        m_connectionCount.store(int(m_connections.size()), std::memory_order_relaxed);
        epoll_event event {};
        event.events = EPOLLIN | EPOLLRDHUP;
        event.data.u64 = quint64(raw->client);
        raw->interest = event.events;
        if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, raw->fd, &event) != 0)
            lost(raw, errno);
        return;
    }
    if (command.kind == Command::Kind::CloseAll) {
        while (!m_connections.empty())
            drop(m_connections.begin()->second.get(), false);
        return;
    }
    const auto it = m_connections.find(command.client);
    if (it == m_connections.end())
        return;
    Connection *c = it->second.get();
    switch (command.kind) {
    case Command::Kind::Write: {
        const QByteArray &bytes = command.bytes;
        if (c->slow || c->shutDown || bytes.isEmpty()) {
            c->link->queued.fetch_sub(bytes.size(), std::memory_order_relaxed);
            return;
        }
        qsizetype written = 0;
        if (c->unsent() == 0) {
            const ssize_t n =
                ::send(c->fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                c->link->queued.fetch_sub(bytes.size(), std::memory_order_relaxed);
                lost(c, errno);
                return;
            }
            written = n > 0 ? qsizetype(n) : 0;
            c->link->queued.fetch_sub(written, std::memory_order_relaxed);
        }
        if (written < bytes.size()) {
            if (c->out.isEmpty() && written == 0)
                c->out = bytes; // shared, not copied
            else
                c->out.append(bytes.constData() + written, bytes.size() - written);
            if (c->unsent() > c->cap) {
                // Qt never caps a socket's write buffer; we do, and tell the server once.
                c->slow = true;
                c->link->queued.fetch_sub(c->unsent(), std::memory_order_relaxed);
                c->out = QByteArray();
                c->outOffset = 0;
                report({c->client, Report::Kind::Slow, {}, 0});
            }
        } else if (c->notifyDrain) {
            report({c->client, Report::Kind::Drained, {}, 0});
        }
        updateInterest(c);
        break;
    }
    case Command::Kind::Mode:
        if (!c->closing)
            c->mode = ReadMode(command.value);
        updateInterest(c);
        break;
    case Command::Kind::Drain:
        c->notifyDrain = command.value != 0;
        break;
    case Command::Kind::Close:
        switch (Close(command.value)) {
        case Close::Abort:
            drop(c, false);
            break;
        case Close::Reset:
            // What was written before the reset is handed to the kernel first.
            flushOut(c);
            if (m_connections.count(command.client))
                drop(c, true);
            break;
        case Close::Graceful:
            c->closing = true;
            c->notifyDrain = false;
            c->mode = ReadMode::Discard;
            c->lingerMs = int(command.budget);
            if (c->unsent() == 0)
                finishClosing(c);
            else
                updateInterest(c);
            break;
        }
        break;
    default:
        break;
    }
}

void MockWorker::handleEvent(int client, quint32 events)
{
    const auto it = m_connections.find(client);
    if (it == m_connections.end())
        return;
    Connection *c = it->second.get();
    if (events & EPOLLERR) {
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &length);
        lost(c, error != 0 ? error : ECONNRESET);
        return;
    }
    if (events & EPOLLOUT) {
        flushOut(c);
        if (!m_connections.count(client))
            return;
    }
    if ((events & (EPOLLIN | EPOLLHUP)) && c->mode != ReadMode::Pause && !c->eof) {
        readFrom(c);
        if (!m_connections.count(client))
            return;
    } else if ((events & EPOLLRDHUP) && c->mode == ReadMode::Pause && !c->eof) {
        // A blackhole reads nothing, but still learns that the peer went away.
        c->eof = true;
        report({c->client, Report::Kind::Eof, {}, 0});
        updateInterest(c);
    }
    if (events & EPOLLHUP)
        lost(c, 0); // both directions are shut: nothing more can be sent
}

void MockWorker::readFrom(Connection *c)
{
    char buffer[ReadChunkBytes];
    for (int i = 0; i < ReadsPerEvent; ++i) {
        const ssize_t n = ::recv(c->fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n > 0) {
            if (c->mode != ReadMode::Forward)
                continue;
            report({c->client, Report::Kind::Received, QByteArray(buffer, qsizetype(n)), 0});
            c->forwarded += n;
            if (c->forwarded >= c->budget) {
                // The server has had more than any request it accepts; it answers or closes.
                c->mode = ReadMode::Pause;
                updateInterest(c);
                return;
            }
            continue;
        }
        if (n == 0) {
            c->eof = true;
            if (c->closing) {
                // The peer read our last bytes and closed: done.
                drop(c, false);
                return;
            }
            // Maybe a half-close (shutdown(SHUT_WR)): the peer may still read; the server
            // decides.
            report({c->client, Report::Kind::Eof, {}, 0});
            updateInterest(c);
            return;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            lost(c, errno);
        return;
    }
}

void MockWorker::flushOut(Connection *c)
{
    while (c->unsent() > 0) {
        const ssize_t n = ::send(c->fd, c->out.constData() + c->outOffset, size_t(c->unsent()),
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            c->outOffset += n;
            c->link->queued.fetch_sub(n, std::memory_order_relaxed);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            lost(c, errno);
            return;
        }
        break;
    }
    if (c->unsent() == 0) {
        c->out = QByteArray(); // a drained buffer keeps no memory
        c->outOffset = 0;
        if (c->closing) {
            finishClosing(c);
            return;
        }
        if (c->notifyDrain)
            report({c->client, Report::Kind::Drained, {}, 0});
    }
    updateInterest(c);
}

void MockWorker::updateInterest(Connection *c)
{
    quint32 wanted = 0;
    if (!c->eof)
        wanted |= c->mode == ReadMode::Pause ? quint32(EPOLLRDHUP) : quint32(EPOLLIN | EPOLLRDHUP);
    if (c->unsent() > 0)
        wanted |= EPOLLOUT;
    if (wanted == c->interest)
        return;
    epoll_event event {};
    event.events = wanted;
    event.data.u64 = quint64(c->client);
    c->interest = wanted;
    ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, c->fd, &event);
}

void MockWorker::finishClosing(Connection *c)
{
    if (!c->shutDown) {
        // FIN, then read and discard what the peer still sends so that the kernel does not
        // answer it with a reset that would destroy our response on the peer's side.
        ::shutdown(c->fd, SHUT_WR);
        c->shutDown = true;
        m_lingering.push_back({steadyMs() + c->lingerMs, c->client});
    }
    if (c->eof) {
        drop(c, false);
        return;
    }
    updateInterest(c);
}

void MockWorker::drop(Connection *c, bool reset)
{
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, c->fd, nullptr);
    if (reset) {
        // A zero linger time makes close() send RST and drop what is queued.
        const linger option {1, 0};
        ::setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &option, sizeof option);
    }
    ::close(c->fd);
    c->link->queued.fetch_sub(c->unsent(), std::memory_order_relaxed);
    m_connections.erase(c->client);
    m_connectionCount.store(int(m_connections.size()), std::memory_order_relaxed);
}

void MockWorker::lost(Connection *c, int error)
{
    // The server already let go of a closing connection: nobody to tell.
    if (!c->closing)
        report({c->client, Report::Kind::Closed, {}, error});
    drop(c, false);
}

qint64 MockWorker::nextDeadlineMs() const
{
    return m_lingering.empty() ? -1 : m_lingering.front().first;
}

void MockWorker::expireLingering()
{
    const qint64 now = steadyMs();
    // Deadlines are appended in order (one linger time for all), so the due ones are in front.
    while (!m_lingering.empty() && m_lingering.front().first <= now) {
        const int client = m_lingering.front().second;
        m_lingering.pop_front();
        const auto it = m_connections.find(client);
        if (it != m_connections.end() && it->second->shutDown)
            drop(it->second.get(), false);
    }
}

#else // not Linux: the server keeps its sockets on its own thread

MockWorker::MockWorker(int index, std::function<void()> wake)
    : m_index(index)
    , m_wake(std::move(wake))
{ }
MockWorker::~MockWorker() = default;
bool MockWorker::isSupported()
{
    return false;
}
bool MockWorker::start(QString *errorMessage)
{
    if (errorMessage)
        *errorMessage = QStringLiteral("I/O threads need Linux (epoll)");
    return false;
}
void MockWorker::adopt(int, int, const std::shared_ptr<Link> &, qint64, qint64) { }
void MockWorker::write(int, const QByteArray &) { }
void MockWorker::setReadMode(int, ReadMode) { }
void MockWorker::setNotifyDrain(int, bool) { }
void MockWorker::close(int, Close, int) { }
void MockWorker::closeAll() { }
std::vector<MockWorker::Report> MockWorker::takeReports()
{
    return {};
}

#endif
