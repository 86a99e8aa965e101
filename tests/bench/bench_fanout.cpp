// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// Fan-out at scale: `ssemon-cli serve` as a child process, and a bounded load generator (one
// thread, epoll, non-blocking sockets, loopback only) that opens N SSE connections, holds them
// for S seconds with heartbeats every second and reports: clients connected, heartbeat lag
// p50 / p99 / max (arrival time minus the `:ping <unix-ms>` stamp the server writes just
// before each write), the server's CPU (utime + stime over the hold), its peak RSS (VmHWM) and
// RSS per client ((peak - baseline before any client) / clients).
//
//   bench_fanout [--clients N] [--seconds S] [--threads T] [--heartbeat-ms MS]
#include <QByteArray>
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QStringList>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

double unixMsNow()
{
    using namespace std::chrono;
    return double(duration_cast<microseconds>(system_clock::now().time_since_epoch()).count())
        / 1000.0;
}

double steadyS()
{
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// A field of /proc/PID/status in KiB ("VmRSS", "VmHWM").
long statusKib(qint64 pid, const char *field)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(field) && line.size() > qsizetype(std::strlen(field))
            && line.at(qsizetype(std::strlen(field))) == ':')
            return line.mid(qsizetype(std::strlen(field)) + 1)
                .trimmed()
                .split(' ')
                .value(0)
                .toLong();
    }
    return -1;
}

// utime + stime of a process, in seconds.
double cpuSeconds(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of the whole line: 12 and 13 here (state is the first after the name).
    const double ticks = double(::sysconf(_SC_CLK_TCK));
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / ticks;
}

struct Connection
{
    int fd = -1;
    bool connected = false; // TCP
    bool open = false; // 200 and head read
    bool closed = false;
    std::string pending; // a partial line
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int clients = 10000;
    int seconds = 30;
    int threads = -1;
    int heartbeatMs = 1000;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QStringLiteral("--clients"))
            clients = args[i + 1].toInt();
        else if (args[i] == QStringLiteral("--seconds"))
            seconds = args[i + 1].toInt();
        else if (args[i] == QStringLiteral("--threads"))
            threads = args[i + 1].toInt();
        else if (args[i] == QStringLiteral("--heartbeat-ms"))
            heartbeatMs = args[i + 1].toInt();
    }
    clients = std::clamp(clients, 1, 100000);
    seconds = std::clamp(seconds, 1, 600);

    // Both processes need a descriptor per connection (the child inherits the limit).
    rlimit limit {};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < rlim_t(clients + 100)) {
        std::fprintf(stderr, "RLIMIT_NOFILE %llu is too low for %d clients\n",
                     static_cast<unsigned long long>(limit.rlim_cur), clients);
        return 1;
    }

    QProcess serve;
    QStringList serveArgs {QStringLiteral("serve"),       QStringLiteral("--port"),
                           QStringLiteral("0"),           QStringLiteral("--heartbeat-ms"),
                           QString::number(heartbeatMs),  QStringLiteral("--event-ms"),
                           QStringLiteral("0"),           QStringLiteral("--max-clients"),
                           QString::number(clients + 100)};
    if (threads >= 0)
        serveArgs << QStringLiteral("--threads") << QString::number(threads);
    // Its log (a line per connection) is read and dropped: a full pipe would stall the server.
    serve.setStandardErrorFile(QProcess::nullDevice());
    serve.start(QStringLiteral(SSEMON_CLI_PATH), serveArgs);
    if (!serve.waitForStarted(10000)) {
        std::fprintf(stderr, "cannot start %s\n", SSEMON_CLI_PATH);
        return 1;
    }
    auto stopServer = [&serve] {
        if (serve.state() == QProcess::NotRunning)
            return;
        serve.terminate();
        if (!serve.waitForFinished(10000)) {
            serve.kill();
            serve.waitForFinished(5000);
        }
    };
    QByteArray first;
    while (!first.contains('\n') && serve.waitForReadyRead(10000))
        first += serve.readLine();
    const qsizetype colon = first.lastIndexOf(':');
    const quint16 port = quint16(first.mid(colon + 1).split('/').value(0).toUInt());
    if (!first.startsWith("listening ") || port == 0) {
        std::fprintf(stderr, "unexpected first line from serve: %s\n", first.constData());
        stopServer();
        return 1;
    }
    const qint64 pid = serve.processId();
    const long baselineKib = statusKib(pid, "VmRSS");

    const int epoll = ::epoll_create1(EPOLL_CLOEXEC);
    std::vector<Connection> conns(static_cast<size_t>(clients));
    const QByteArray request = "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Accept: text/event-stream\r\n\r\n";
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    std::vector<float> lags;
    lags.reserve(size_t(clients) * size_t(seconds * 1000 / std::max(1, heartbeatMs) + 2));
    int started = 0;
    int connecting = 0; // started, not open yet
    int openCount = 0;
    int closedCount = 0;
    int failed = 0;
    constexpr int MaxConnecting = 256; // stays well under the server's listen backlog
    bool measuring = false;
    double holdStart = 0;
    double cpuStart = 0;
    const double deadline = steadyS() + 120 + seconds; // connecting is bounded too
    epoll_event events[512];
    char buffer[16384];

    auto closeConn = [&](int i, bool failure) {
        Connection &c = conns[size_t(i)];
        if (c.fd < 0)
            return;
        ::epoll_ctl(epoll, EPOLL_CTL_DEL, c.fd, nullptr);
        ::close(c.fd);
        c.fd = -1;
        if (!c.open)
            --connecting;
        if (failure) {
            if (c.open)
                ++closedCount;
            else
                ++failed;
        }
        c.closed = true;
    };

    while (steadyS() < deadline) {
        // Keep a bounded number of connections in progress.
        while (started < clients && connecting < MaxConnecting) {
            Connection &c = conns[size_t(started)];
            c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (c.fd < 0) {
                std::fprintf(stderr, "socket: %s\n", std::strerror(errno));
                ++failed;
                ++started;
                continue;
            }
            const int rc = ::connect(c.fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
            if (rc != 0 && errno != EINPROGRESS) {
                ::close(c.fd);
                c.fd = -1;
                ++failed;
                ++started;
                continue;
            }
            epoll_event event {};
            event.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP;
            event.data.u32 = quint32(started);
            ::epoll_ctl(epoll, EPOLL_CTL_ADD, c.fd, &event);
            ++connecting;
            ++started;
        }
        if (!measuring && started == clients && connecting == 0) {
            measuring = true;
            holdStart = steadyS();
            cpuStart = cpuSeconds(pid);
            std::fprintf(stderr, "%d connected, holding for %d s\n", openCount, seconds);
        }
        if (measuring && steadyS() - holdStart >= seconds)
            break;

        if (serve.waitForReadyRead(0))
            serve.readAllStandardOutput();
        const int count = ::epoll_wait(epoll, events, 512, 50);
        const double arrival = unixMsNow();
        for (int e = 0; e < count; ++e) {
            const int i = int(events[e].data.u32);
            Connection &c = conns[size_t(i)];
            if (c.fd < 0)
                continue;
            if ((events[e].events & EPOLLOUT) && !c.connected) {
                int error = 0;
                socklen_t length = sizeof error;
                ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length);
                if (error != 0) {
                    closeConn(i, true);
                    continue;
                }
                c.connected = true;
                ::send(c.fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL);
                epoll_event event {};
                event.events = EPOLLIN | EPOLLRDHUP;
                event.data.u32 = quint32(i);
                ::epoll_ctl(epoll, EPOLL_CTL_MOD, c.fd, &event);
            }
            if (!(events[e].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
                continue;
            for (;;) {
                const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
                if (n <= 0) {
                    if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
                        closeConn(i, true);
                    break;
                }
                c.pending.append(buffer, size_t(n));
                if (!c.open) {
                    const size_t end = c.pending.find("\r\n\r\n");
                    if (end == std::string::npos) {
                        if (c.pending.size() > 8192)
                            closeConn(i, true);
                        continue;
                    }
                    if (c.pending.compare(0, 12, "HTTP/1.1 200") != 0) {
                        closeConn(i, true);
                        break;
                    }
                    c.open = true;
                    --connecting;
                    ++openCount;
                    c.pending.erase(0, end + 4);
                }
                size_t at = 0;
                for (;;) {
                    const size_t eol = c.pending.find('\n', at);
                    if (eol == std::string::npos)
                        break;
                    if (measuring && c.pending.compare(at, 6, ":ping ") == 0) {
                        const double stamp = std::strtod(c.pending.c_str() + at + 6, nullptr);
                        lags.push_back(float(arrival - stamp));
                    }
                    at = eol + 1;
                }
                c.pending.erase(0, at);
            }
        }
    }

    const double holdSeconds = measuring ? steadyS() - holdStart : 0;
    const double cpu = measuring ? cpuSeconds(pid) - cpuStart : 0;
    const long rssKib = statusKib(pid, "VmRSS");
    const long peakKib = statusKib(pid, "VmHWM");
    for (int i = 0; i < clients; ++i)
        closeConn(i, false);
    ::close(epoll);
    stopServer();

    std::sort(lags.begin(), lags.end());
    auto pct = [&](double p) {
        return lags.empty()
            ? 0.0
            : double(lags[std::min(lags.size() - 1, size_t(p * double(lags.size())))]);
    };
    const int held = openCount - closedCount;
    std::printf("clients: %d asked, %d connected, %d failed, %d dropped during the hold\n", clients,
                openCount, failed, closedCount);
    std::printf("heartbeats every %d ms for %.1f s: %zu received, lag p50 %.3f ms, p99 %.3f ms, "
                "max %.3f ms\n",
                heartbeatMs, holdSeconds, lags.size(), pct(0.50), pct(0.99),
                lags.empty() ? 0.0 : double(lags.back()));
    std::printf("server CPU: %.2f s over %.1f s (%.1f%% of one core)\n", cpu, holdSeconds,
                holdSeconds > 0 ? 100.0 * cpu / holdSeconds : 0.0);
    std::printf("server RSS: baseline %ld KiB, now %ld KiB, peak %ld KiB; per client %.2f KiB "
                "(peak - baseline) / %d\n",
                baselineKib, rssKib, peakKib,
                held > 0 ? double(peakKib - baselineKib) / double(held) : 0.0, held);
    return held == clients ? 0 : 1;
}
