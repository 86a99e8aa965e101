// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// End to end over loopback: `ssemon-cli serve --burst` sends numbered events to one
// `ssemon-cli watch --json` as fast as it reads. Reports the events/s of the whole watch
// process (NDJSON output included) and checks that every id arrived once and in order.
//
//   bench_e2e [--events N] [--transport auto|qnam|wire]
//
// --transport is the watch's (default wire, the only transport before QNAM, so that figures
// stay comparable with earlier runs).
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <cstdio>

namespace {

const char usage[] =
    "usage: bench_e2e [--events N] [--transport auto|qnam|wire]\n"
    "  --events N      events the watch receives (default 5000000)\n"
    "  --transport T   the watch's transport: auto, qnam or wire (default wire, the only\n"
    "                  transport before QNAM, so that figures stay comparable with earlier\n"
    "                  runs; auto is QNAM for this GET)\n";

// The names SseClientOptions::parseTransport takes (this benchmark does not link the client;
// the watch checks the name again).
bool isTransport(const QString &name)
{
    return name == QStringLiteral("auto") || name == QStringLiteral("qnam")
        || name == QStringLiteral("wire");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    qint64 total = 5000000;
    QString transport = QStringLiteral("wire");
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const bool hasValue = i + 1 < args.size();
        if (args[i] == QStringLiteral("--help") || args[i] == QStringLiteral("-h")) {
            std::printf("%s", usage);
            return 0;
        } else if (args[i] == QStringLiteral("--events") && hasValue) {
            total = args[i + 1].toLongLong();
        } else if (args[i] == QStringLiteral("--transport")) {
            if (!hasValue) {
                std::fprintf(stderr, "bench_e2e: --transport needs a name: auto, qnam or wire\n");
                return 64;
            }
            transport = args[i + 1];
            if (!isTransport(transport)) {
                std::fprintf(stderr, "bench_e2e: --transport \"%s\" is not auto, qnam or wire\n",
                             qPrintable(transport));
                return 64;
            }
        }
    }
    std::printf("bench_e2e: %lld events, transport %s\n", total, qPrintable(transport));
    std::fflush(stdout);
    const QString cli = QStringLiteral(SSEMON_CLI_PATH);

    QProcess serve;
    serve.start(cli,
                {QStringLiteral("serve"), QStringLiteral("--burst"),
                 QStringLiteral("--heartbeat-ms"), QStringLiteral("0")});
    if (!serve.waitForStarted() || !serve.waitForReadyRead(10000)) {
        std::fprintf(stderr, "serve did not start\n");
        return 1;
    }
    const QByteArray listening = serve.readLine().trimmed();
    const QString url = QString::fromUtf8(listening.mid(int(sizeof("listening"))));

    QProcess watch;
    QElapsedTimer timer;
    timer.start();
    watch.start(cli,
                {QStringLiteral("watch"), url, QStringLiteral("--json"),
                 QStringLiteral("--max-events"), QString::number(total),
                 QStringLiteral("--transport"), transport});
    if (!watch.waitForStarted()) {
        std::fprintf(stderr, "watch did not start\n");
        return 1;
    }
    qint64 expected = 1;
    qint64 bytes = 0;
    bool ordered = true;
    QByteArray pending;
    QByteArray endRecord;
    QByteArray openRecord; // the first open state: the transport and protocol used
    const QByteArray idKey = "\"id\":\"";
    auto consume = [&] {
        pending += watch.readAllStandardOutput();
        qsizetype start = 0;
        while (true) {
            const qsizetype nl = pending.indexOf('\n', start);
            if (nl < 0)
                break;
            const QByteArrayView line(pending.constData() + start, nl - start);
            bytes += line.size() + 1;
            if (line.startsWith("{\"kind\":\"event\"")) {
                const qsizetype at = line.indexOf(idKey);
                const qsizetype idStart = at + idKey.size();
                const qsizetype idEnd = line.indexOf('"', idStart);
                bool ok = false;
                const qint64 id = line.sliced(idStart, idEnd - idStart).toLongLong(&ok);
                if (!ok || id != expected)
                    ordered = false;
                ++expected;
            } else if (line.startsWith("{\"kind\":\"end\"")) {
                endRecord = line.toByteArray();
            } else if (openRecord.isEmpty() && line.startsWith("{\"kind\":\"state\"")
                       && line.contains("\"state\":\"open\"")) {
                openRecord = line.toByteArray();
            }
            start = nl + 1;
        }
        pending.remove(0, start);
    };
    while (watch.state() != QProcess::NotRunning) {
        watch.waitForReadyRead(1000);
        consume();
    }
    consume();
    const double seconds = timer.nsecsElapsed() / 1e9;
    serve.terminate();
    serve.waitForFinished(5000);

    const qint64 received = expected - 1;
    const QJsonObject open = QJsonDocument::fromJson(openRecord).object();
    QString used = QStringLiteral("none opened");
    if (!open.isEmpty()) {
        used = open.value(QStringLiteral("transport")).toString() + QLatin1Char(' ')
            + open.value(QStringLiteral("protocol")).toString();
    }
    std::printf("events %lld in %.3f s: %.0f events/s, %.1f MB/s of NDJSON; ids %s; exit %d; "
                "transport %s (%s)\n",
                received, seconds, received / seconds, bytes / 1e6 / seconds,
                ordered && received == total ? "1..N once each, in order" : "OUT OF ORDER/MISSING",
                watch.exitCode(), qPrintable(transport), qPrintable(used));
    std::printf("%s\n", endRecord.constData());
    return ordered && received == total && watch.exitCode() == 0 ? 0 : 1;
}
