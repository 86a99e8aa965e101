// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// Heartbeat latency on loopback with the embedded mock server: the one-way latency the client
// reports for `:ping <unix-ms>` comments, p50 / p99 / max.
//
//   bench_latency [--pings N] [--interval-ms N]
#include "client/sseclient.h"
#include "server/mockserver.h"

#include <QCoreApplication>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int pings = 2000;
    int intervalMs = 5;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QStringLiteral("--pings"))
            pings = args[i + 1].toInt();
        else if (args[i] == QStringLiteral("--interval-ms"))
            intervalMs = args[i + 1].toInt();
    }

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
    client.setOptions(options);
    std::vector<double> latencies;
    latencies.reserve(size_t(pings));
    QObject::connect(&client, &SseClient::recordsReady, &app, [&](const ClientBatch &batch) {
        for (const ClientRecord &r : batch.records) {
            if (r.kind == ClientRecord::Kind::Ping && std::isfinite(r.latencyMs))
                latencies.push_back(r.latencyMs);
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
                "ms\n",
                latencies.size(), intervalMs, pct(0.50), pct(0.99), latencies.back());
    return 0;
}
