// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The tap proxy on loopback: heartbeat one-way latency direct vs through the proxy (p50 / p99,
// and what the proxy adds), then burst throughput direct vs through the proxy.
//
//   bench_proxy [--pings N] [--interval-ms N] [--events N] [--transport auto|qnam|wire]
//
// --transport is the latency client's (default wire, the only transport before QNAM, so that
// figures stay comparable with earlier runs).
#include "client/sseclient.h"
#include "proxy/tapproxy.h"
#include "server/mockserver.h"
#include "sse/sseparser.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace {

struct Latency
{
    double p50 = 0;
    double p99 = 0;
    double max = 0;
    size_t count = 0;
};

Latency measureLatency(const QUrl &url, int pings, SseClientOptions::Transport transport)
{
    SseClient client;
    SseClientOptions options;
    options.url = url;
    options.transport = transport;
    options.proxyMode = SseClientOptions::ProxyMode::None;
    client.setOptions(options);
    std::vector<double> latencies;
    latencies.reserve(size_t(pings));
    QEventLoop loop;
    QObject::connect(&client, &SseClient::recordsReady, &loop, [&](const ClientBatch &batch) {
        for (const ClientRecord &r : batch.records) {
            if (r.kind == ClientRecord::Kind::Ping && std::isfinite(r.latencyMs))
                latencies.push_back(r.latencyMs);
        }
        if (int(latencies.size()) >= pings)
            loop.quit();
    });
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    client.open();
    loop.exec();
    client.close();
    Latency result;
    if (latencies.empty())
        return result;
    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double p) {
        return latencies[std::min(latencies.size() - 1, size_t(p * double(latencies.size())))];
    };
    result.p50 = pct(0.50);
    result.p99 = pct(0.99);
    result.max = latencies.back();
    result.count = latencies.size();
    return result;
}

class Counter : public SseParser::Handler
{
public:
    void eventView(const SseEventView &) override { ++events; }
    void comment(QByteArrayView) override { }
    void retry(qint64) override { }
    qint64 events = 0;
};

struct Throughput
{
    double seconds = 0;
    qint64 events = 0;
    qint64 bytes = 0;
};

// A raw client that parses what it reads (as a real client does) until the stream ends.
Throughput measureThroughput(quint16 port, qint64 expectedEvents)
{
    QTcpSocket socket;
    Counter counter;
    SseParser parser(&counter);
    Throughput result;
    QByteArray buffer(256 * 1024, Qt::Uninitialized);
    bool inBody = false;
    QByteArray head;
    QEventLoop loop;
    QElapsedTimer timer;
    QObject::connect(&socket, &QIODevice::readyRead, &loop, [&] {
        for (;;) {
            const qint64 n = socket.read(buffer.data(), buffer.size());
            if (n <= 0)
                break;
            result.bytes += n;
            QByteArrayView bytes(buffer.constData(), n);
            if (!inBody) {
                head += bytes.toByteArray();
                const qsizetype end = head.indexOf("\r\n\r\n");
                if (end < 0)
                    continue;
                inBody = true;
                bytes = QByteArrayView(head).sliced(end + 4);
                parser.feed(bytes);
                continue;
            }
            parser.feed(bytes);
        }
        if (counter.events >= expectedEvents)
            loop.quit();
    });
    QObject::connect(&socket, &QAbstractSocket::disconnected, &loop, &QEventLoop::quit);
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    socket.connectToHost(QHostAddress::LocalHost, port);
    socket.write("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");
    timer.start();
    loop.exec();
    result.seconds = double(timer.nsecsElapsed()) / 1e9;
    result.events = counter.events;
    return result;
}

void printThroughput(const char *label, const Throughput &t)
{
    std::printf("%-8s %lld events, %.1f MB in %.3f s: %.0f events/s, %.1f MB/s\n", label,
                static_cast<long long>(t.events), double(t.bytes) / 1e6, t.seconds,
                double(t.events) / t.seconds, double(t.bytes) / 1e6 / t.seconds);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int pings = 2000;
    int intervalMs = 5;
    qint64 events = 500000;
    SseClientOptions::Transport transport = SseClientOptions::Transport::Wire;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QStringLiteral("--pings")) {
            pings = args[i + 1].toInt();
        } else if (args[i] == QStringLiteral("--interval-ms")) {
            intervalMs = args[i + 1].toInt();
        } else if (args[i] == QStringLiteral("--events")) {
            events = args[i + 1].toLongLong();
        } else if (args[i] == QStringLiteral("--transport")
                   && !SseClientOptions::parseTransport(args[i + 1], &transport)) {
            std::fprintf(stderr, "bench_proxy: --transport \"%s\" is not auto, qnam or wire\n",
                         qPrintable(args[i + 1]));
            return 64;
        }
    }

    // Latency: heartbeats `:ping <unix-ms>` from the mock server.
    MockServer server;
    MockServerOptions serverOptions;
    serverOptions.heartbeatMs = intervalMs;
    serverOptions.eventMs = 0;
    server.setOptions(serverOptions);
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "server: %s\n", qPrintable(error));
        return 1;
    }
    TapProxy proxy;
    TapProxyOptions proxyOptions;
    proxyOptions.upstream = server.url();
    proxy.setOptions(proxyOptions);
    if (!proxy.start(&error)) {
        std::fprintf(stderr, "proxy: %s\n", qPrintable(error));
        return 1;
    }
    QUrl proxied = proxy.url();
    proxied.setPath(QStringLiteral("/events"));
    const Latency direct = measureLatency(server.url(), pings, transport);
    const Latency through = measureLatency(proxied, pings, transport);
    if (direct.count == 0 || through.count == 0) {
        std::fprintf(stderr, "no heartbeats measured\n");
        return 1;
    }
    std::printf("heartbeats every %d ms, one-way latency (ms), transport %s:\n", intervalMs,
                qPrintable(SseClientOptions::transportName(transport)));
    std::printf("  direct   n=%zu p50 %.3f p99 %.3f max %.3f\n", direct.count, direct.p50,
                direct.p99, direct.max);
    std::printf("  proxied  n=%zu p50 %.3f p99 %.3f max %.3f\n", through.count, through.p50,
                through.p99, through.max);
    std::printf("  added by the proxy: p50 %.3f ms, p99 %.3f ms (target < 1 ms)\n",
                through.p50 - direct.p50, through.p99 - direct.p99);
    server.stop();

    // Throughput: burst events, as fast as the client reads.
    MockServer burst;
    MockServerOptions burstOptions;
    burstOptions.heartbeatMs = 0;
    burstOptions.burst = true;
    burstOptions.eventsPerStream = events;
    burst.setOptions(burstOptions);
    if (!burst.start(&error)) {
        std::fprintf(stderr, "server: %s\n", qPrintable(error));
        return 1;
    }
    TapProxy burstProxy;
    proxyOptions.upstream = burst.url();
    burstProxy.setOptions(proxyOptions);
    if (!burstProxy.start(&error)) {
        std::fprintf(stderr, "proxy: %s\n", qPrintable(error));
        return 1;
    }
    printThroughput("direct", measureThroughput(burst.port(), events));
    printThroughput("proxied", measureThroughput(burstProxy.port(), events));
    const TapProxyStats stats = burstProxy.stats();
    std::printf("proxy observed %lld events, paused reading %lld times\n",
                static_cast<long long>(stats.events), static_cast<long long>(stats.readPauses));
    return 0;
}
