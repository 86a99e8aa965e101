// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The proof of recovery: the real SseClient against the mock server through a mix of FIN, RST,
// truncation, stalls past the client's idle timeout and 503 answers, for a few seconds. The
// server's replay and the client's Last-Event-ID together must lose nothing and repeat
// nothing.
#include "client/sseclient.h"
#include "faultfixture.h"
#include "faults/faultspec.h"
#include "server/mockserver.h"

#include <QEventLoop>
#include <QTest>
#include <QTimer>

namespace {

using TestFaults::fault;

} // namespace

class TestSoak : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clientRecoversFromEveryFault();
};

void TestSoak::clientRecoversFromEveryFault()
{
    qRegisterMetaType<FaultReport>();
    MockServer server;
    MockServerOptions options;
    options.eventMs = 2;
    options.heartbeatMs = 10;
    options.retryMs = 5;
    options.history = 5000;
    server.setOptions(options);
    QVERIFY(server.start());
    server.setFaultSeed(42);
    QHash<QString, int> acts; // what the faults did, by kind and detail
    connect(&server, &MockServer::faultFired, this, [&acts](const FaultReport &info) {
        QString what = Fault::kindName(info.kind);
        if (info.detail.contains(QStringLiteral("(RST)")))
            what += QStringLiteral(" rst");
        else if (info.detail.contains(QStringLiteral("(FIN)")))
            what += QStringLiteral(" fin");
        else if (info.detail.startsWith(QStringLiteral("answered")))
            what += QStringLiteral(" answered");
        ++acts[what];
    });
    for (const char *spec : {"drop every=41 mode=fin,rst,truncate", "stall for=150ms every=450ms",
                             "status code=503 retry-after=0 every=350ms", "rst probability=0.002"})
        QVERIFY(server.applyFault(fault(QLatin1String(spec))) > 0);

    SseClient client;
    SseClientOptions clientOptions;
    clientOptions.url = server.url();
    clientOptions.retryMs = 5;
    clientOptions.jitterMin = 1.0;
    clientOptions.backoffCapMs = 50;
    clientOptions.backoffResetMs = 20;
    clientOptions.resilient = true; // 503 is retried, as real SDKs do
    clientOptions.idleTimeoutMs = 80; // a stall of 150 ms is a dead connection
    clientOptions.proxyMode = SseClientOptions::ProxyMode::None;
    client.setOptions(clientOptions);
    SseClientStats stats;
    QList<qint64> ids;
    bool ended = false;
    connect(&client, &SseClient::recordsReady, this, [&](const ClientBatch &batch) {
        stats = batch.stats;
        for (const ClientRecord &record : batch.records) {
            if (record.kind == ClientRecord::Kind::Event && !record.heartbeat)
                ids.append(record.event.id.toLongLong());
        }
    });
    connect(&client, &SseClient::finished, this, [&ended] { ended = true; });
    client.open();
    // About three seconds of events at 2 ms, whatever the faults cost. The server lives in
    // this thread: a real event loop, not QTest::qWaitFor's 10 ms naps, keeps its timers on time.
    QEventLoop loop;
    QTimer check;
    connect(&check, &QTimer::timeout, &loop, [&] {
        if (ids.size() >= 1500 || ended)
            loop.quit();
    });
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    check.start(5);
    loop.exec();
    QVERIFY(ids.size() >= 1500);
    QVERIFY(!ended);
    client.close();

    QCOMPARE(stats.lost, 0);
    QCOMPARE(stats.duplicates, 0);
    for (qsizetype i = 1; i < ids.size(); ++i)
        QCOMPARE(ids.at(i), ids.at(i - 1) + 1);
    // Every kind of trouble happened, more than once.
    const QStringList expected = {QStringLiteral("drop fin"), QStringLiteral("drop rst"),
                                  QStringLiteral("truncate fin"), QStringLiteral("stall"),
                                  QStringLiteral("status answered")};
    for (const QString &kind : expected)
        QVERIFY2(acts.value(kind) >= 2,
                 qPrintable(kind + QStringLiteral(": ") + QString::number(acts.value(kind))));
    QVERIFY(stats.connections >= 15);
    qInfo("%lld events over %d connections, %d reconnects; faults: %s", qint64(ids.size()),
          stats.connections, stats.reconnects, qPrintable([&acts] {
              QStringList parts;
              for (auto it = acts.cbegin(); it != acts.cend(); ++it)
                  parts.append(it.key() + u'=' + QString::number(it.value()));
              parts.sort();
              return parts.join(u' ');
          }()));
}

QTEST_GUILESS_MAIN(TestSoak)
#include "tst_soak.moc"
