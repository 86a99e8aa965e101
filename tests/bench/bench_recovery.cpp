// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// Recovery under forced drops: the SseClient reads a burst stream from the mock server that
// cuts the connection every N events (FIN, RST and mid-event truncation in turn); the client
// comes back with Last-Event-ID each time. Prints the drops, reconnects, lost and duplicated
// events and the time taken; exits 1 unless lost = duplicates = 0.
//
//   bench_recovery [--events 100000] [--drops 1000] [--modes fin,rst,truncate]
#include "client/sseclient.h"
#include "faults/faultspec.h"
#include "server/mockserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    qint64 events = 100000;
    qint64 drops = 1000;
    QString modes = QStringLiteral("fin,rst,truncate");
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QStringLiteral("--events"))
            events = args[i + 1].toLongLong();
        else if (args[i] == QStringLiteral("--drops"))
            drops = args[i + 1].toLongLong();
        else if (args[i] == QStringLiteral("--modes"))
            modes = args[i + 1];
    }
    // One cut every `every` events sent. A reset can destroy what the client had not read yet
    // (as a real RST does), so with rst among the modes more cuts than `drops` happen before
    // the client has `events`: the run goes on until both counts are reached.
    const qint64 every = qMax<qint64>(1, events / drops);

    MockServer server;
    MockServerOptions serverOptions;
    serverOptions.burst = true;
    serverOptions.heartbeatMs = 0;
    serverOptions.retryMs = 1;
    server.setOptions(serverOptions);
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "server: %s\n", qPrintable(error));
        return 1;
    }
    Fault drop;
    const QString spec = QStringLiteral("drop every=%1 mode=%2").arg(every).arg(modes);
    if (!FaultSpec::parse(spec, &drop, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    server.applyFault(drop);
    qint64 fired = 0;
    QObject::connect(&server, &MockServer::faultFired, &server,
                     [&fired](const FaultReport &) { ++fired; });

    SseClient client;
    SseClientOptions options;
    options.url = server.url();
    options.retryMs = 1;
    options.jitterMin = 1.0;
    options.backoffCapMs = 5;
    options.backoffResetMs = 1; // a cut after a good run is not a repeated failure
    options.proxyMode = SseClientOptions::ProxyMode::None;
    client.setOptions(options);
    SseClientStats stats;
    QElapsedTimer clock;
    QObject::connect(&client, &SseClient::recordsReady, &client, [&](const ClientBatch &batch) {
        stats = batch.stats;
        if (stats.events >= events && fired >= drops)
            app.quit();
    });
    QTimer::singleShot(300000, &app, [] {
        std::fprintf(stderr, "timed out\n");
        QCoreApplication::exit(1);
    });
    clock.start();
    client.open();
    const int status = app.exec();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    client.close();
    const qint64 requests = server.stats().requests;
    server.stop();
    if (status != 0)
        return status;

    std::printf("bench_recovery: %lld events, %lld forced drops (%s, every %lld events sent), "
                "%lld requests served, %d streams opened by the client, %d reconnects\n",
                stats.events, fired, qPrintable(modes), every, requests, stats.connections,
                stats.reconnects);
    std::printf("  lost=%lld duplicates=%lld in %.2f s (%.0f events/s, %.2f ms per drop and "
                "reconnect on average)\n",
                stats.lost, stats.duplicates, seconds, double(stats.events) / seconds,
                1000.0 * seconds / double(qMax<qint64>(1, fired)));
    return stats.lost == 0 && stats.duplicates == 0 ? 0 : 1;
}
