// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// Heartbeat latency on loopback with the embedded mock server: the one-way latency the client
// reports for `:ping <unix-ms>` comments, p50 / p99 / max.
//
//   bench_latency [--pings N] [--interval-ms N] [--transport auto|qnam|wire]
//
// --transport is the client's (default wire, the only transport before QNAM, so that figures
// stay comparable with earlier runs).
#include "client/sseclient.h"
#include "server/mockserver.h"

#include <QCoreApplication>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace {

const char usage[] =
    "usage: bench_latency [--pings N] [--interval-ms N] [--transport auto|qnam|wire]\n"
    "  --pings N        heartbeats to measure (default 2000)\n"
    "  --interval-ms N  the server's heartbeat interval (default 5)\n"
    "  --transport T    the client's transport: auto, qnam or wire (default wire, the only\n"
    "                   transport before QNAM, so that figures stay comparable with earlier\n"
    "                   runs; auto is QNAM for this GET)\n";

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int pings = 2000;
    int intervalMs = 5;
    SseClientOptions::Transport transport = SseClientOptions::Transport::Wire;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const bool hasValue = i + 1 < args.size();
        if (args[i] == QStringLiteral("--help") || args[i] == QStringLiteral("-h")) {
            std::printf("%s", usage);
            return 0;
        } else if (args[i] == QStringLiteral("--pings") && hasValue) {
            pings = args[i + 1].toInt();
        } else if (args[i] == QStringLiteral("--interval-ms") && hasValue) {
            intervalMs = args[i + 1].toInt();
        } else if (args[i] == QStringLiteral("--transport")) {
            if (!hasValue) {
                std::fprintf(stderr,
                             "bench_latency: --transport needs a name: auto, qnam or wire\n");
                return 64;
            }
            if (!SseClientOptions::parseTransport(args[i + 1], &transport)) {
                std::fprintf(stderr,
                             "bench_latency: --transport \"%s\" is not auto, qnam or wire\n",
                             qPrintable(args[i + 1]));
                return 64;
            }
        }
    }
    const QString transportName = SseClientOptions::transportName(transport);
    std::printf("bench_latency: %d heartbeats every %d ms, transport %s\n", pings, intervalMs,
                qPrintable(transportName));
    std::fflush(stdout);

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
    SseClient client;
    SseClientOptions options;
    options.url = server.url();
    options.transport = transport;
    client.setOptions(options);
    std::vector<double> latencies;
    latencies.reserve(size_t(pings));
    QByteArray used = "none opened"; // the transport and protocol of the first open
    bool opened = false;
    QObject::connect(&client, &SseClient::recordsReady, &app, [&](const ClientBatch &batch) {
        for (const ClientRecord &r : batch.records) {
            if (r.kind == ClientRecord::Kind::Ping && std::isfinite(r.latencyMs)) {
                latencies.push_back(r.latencyMs);
            } else if (!opened && r.kind == ClientRecord::Kind::State
                       && r.state == ClientState::Open && r.attempt) {
                used = r.attempt->transport + ' ' + r.attempt->protocol;
                opened = true;
            }
        }
        if (int(latencies.size()) >= pings) {
            client.close();
            QCoreApplication::quit();
        }
    });
    QTimer::singleShot(std::max(60000, pings * intervalMs * 4), &app, [] {
        std::fprintf(stderr, "timed out\n");
        QCoreApplication::exit(1);
    });
    client.open();
    if (QCoreApplication::exec() != 0)
        return 1;
    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double p) {
        return latencies[std::min(latencies.size() - 1, size_t(p * double(latencies.size())))];
    };
    std::printf("%zu heartbeats every %d ms: one-way latency p50 %.3f ms, p99 %.3f ms, max %.3f "
                "ms; transport %s (%s)\n",
                latencies.size(), intervalMs, pct(0.50), pct(0.99), latencies.back(),
                qPrintable(transportName), used.constData());
    return 0;
}
