// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// Parser throughput on four workloads, next to a memchr line-splitting loop over the same bytes
// (the speed limit of any line-based parser), then the whole `ssemon-cli parse --quiet FILE`
// process on workload (a).
//
//   bench_parser [--mib N] [--runs N]
#include "sse/sseparser.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryFile>

#include <cstdio>
#include <cstring>

namespace {

class Counter : public SseParser::Handler
{
public:
    // Counts through the zero-copy view, as `ssemon-cli parse --quiet` does; consumers that keep
    // events pay for SseEventView::take() on top (one allocation for the data).
    qint64 events = 0;
    qint64 comments = 0;
    qint64 dataBytes = 0;
    void eventView(const SseEventView &e) override
    {
        ++events;
        dataBytes += e.data.size();
    }
    void comment(QByteArrayView) override { ++comments; }
    void retry(qint64) override { }
};

struct Workload
{
    const char *name;
    QByteArray bytes;
    qint64 events = 0;
};

QByteArray jsonEvent(qint64 n, bool crlf)
{
    const char *eol = crlf ? "\r\n" : "\n";
    QByteArray e;
    e += "id: " + QByteArray::number(n) + eol;
    e += QByteArray("event: update") + eol;
    e += "data: {\"n\":" + QByteArray::number(n) + ",\"user\":\"alice\",\"op\":\"set\",\"v\":"
        + QByteArray::number(n % 997) + "}" + eol + eol;
    return e;
}

Workload makeSmall(qint64 targetBytes, bool crlf)
{
    Workload w {crlf ? "(d) CRLF 100-byte JSON events" : "(a) 100-byte JSON events, id+type", {}};
    w.bytes.reserve(targetBytes + 256);
    while (w.bytes.size() < targetBytes)
        w.bytes += jsonEvent(++w.events, crlf);
    return w;
}

Workload makeLarge(qint64 targetBytes)
{
    Workload w {"(b) 64 KiB events", {}};
    const QByteArray payload(64 * 1024, 'x');
    w.bytes.reserve(targetBytes + 70000);
    while (w.bytes.size() < targetBytes) {
        w.bytes += "data: " + payload + "\n\n";
        ++w.events;
    }
    return w;
}

Workload makeHeartbeats(qint64 targetBytes)
{
    Workload w {"(c) comment-heavy heartbeat stream", {}};
    w.bytes.reserve(targetBytes + 256);
    qint64 n = 0;
    while (w.bytes.size() < targetBytes) {
        w.bytes += ":ping 17321800" + QByteArray::number(10000000 + n++) + ".123\n";
        if (n % 20 == 0) {
            w.bytes += "data: tick\n\n";
            ++w.events;
        }
    }
    return w;
}

double parseSeconds(const Workload &w, qint64 *events)
{
    Counter counter;
    SseParser parser(&counter);
    QElapsedTimer timer;
    timer.start();
    // 64 KiB slices, as a socket would deliver them.
    const qsizetype slice = 64 * 1024;
    for (qsizetype at = 0; at < w.bytes.size(); at += slice)
        parser.feed(QByteArrayView(w.bytes).sliced(at, std::min(slice, w.bytes.size() - at)));
    parser.finish();
    const double s = timer.nsecsElapsed() / 1e9;
    *events = counter.events;
    return s;
}

double memchrSeconds(const Workload &w, qint64 *lines)
{
    QElapsedTimer timer;
    timer.start();
    const char *p = w.bytes.constData();
    const char *end = p + w.bytes.size();
    qint64 count = 0;
    while (p < end) {
        const void *nl = std::memchr(p, '\n', size_t(end - p));
        if (!nl)
            break;
        ++count;
        p = static_cast<const char *>(nl) + 1;
    }
    // The count must exist before the clock is read, or the compiler may move the loop past it.
    volatile qint64 sink = count;
    const double s = timer.nsecsElapsed() / 1e9;
    *lines = sink;
    return s;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    qint64 mib = 256;
    int runs = 5;
    QString only = QStringLiteral("abcd");
    bool withCli = true;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString next = i + 1 < args.size() ? args[i + 1] : QString();
        if (args[i] == QStringLiteral("--mib"))
            mib = next.toLongLong();
        else if (args[i] == QStringLiteral("--runs"))
            runs = next.toInt();
        else if (args[i] == QStringLiteral("--only"))
            only = next; // e.g. "a" or "bd"
        else if (args[i] == QStringLiteral("--no-cli"))
            withCli = false;
    }
    const qint64 target = mib * 1024 * 1024;
    std::printf("workload size %lld MiB, best of %d runs, 64 KiB slices\n\n", mib, runs);
    std::printf("%-38s %10s %14s %12s %10s\n", "workload", "MB/s", "events/s", "memchr MB/s",
                "ratio");

    Workload small;
    for (int kind = 0; kind < 4; ++kind) {
        if (!only.contains(QLatin1Char(char('a' + kind))))
            continue;
        Workload w = kind == 0 ? makeSmall(target, false)
            : kind == 1        ? makeLarge(target)
            : kind == 2        ? makeHeartbeats(target)
                               : makeSmall(target, true);
        double best = 1e30, bestMemchr = 1e30;
        qint64 events = 0, lines = 0;
        for (int r = 0; r < runs; ++r) {
            best = std::min(best, parseSeconds(w, &events));
            bestMemchr = std::min(bestMemchr, memchrSeconds(w, &lines));
        }
        if (events != w.events) {
            std::fprintf(stderr, "%s: parsed %lld events, expected %lld\n", w.name, events,
                         w.events);
            return 1;
        }
        const double mb = w.bytes.size() / 1e6;
        std::printf("%-38s %10.0f %14.0f %12.0f %9.0f%%\n", w.name, mb / best, events / best,
                    mb / bestMemchr, 100.0 * bestMemchr / best);
        if (kind == 0)
            small = std::move(w);
    }

    if (!withCli || small.bytes.isEmpty())
        return 0;
    // The whole process, from outside: `ssemon-cli parse --quiet FILE` on workload (a).
    QTemporaryFile file;
    if (!file.open() || file.write(small.bytes) != small.bytes.size()) {
        std::fprintf(stderr, "cannot write the temporary file\n");
        return 1;
    }
    file.flush();
    double best = 1e30;
    QByteArray endRecord;
    for (int r = 0; r < runs; ++r) {
        QProcess process;
        QElapsedTimer timer;
        timer.start();
        process.start(QStringLiteral(SSEMON_CLI_PATH),
                      {QStringLiteral("parse"), QStringLiteral("--quiet"), QStringLiteral("--json"),
                       file.fileName()});
        process.waitForFinished(-1);
        best = std::min(best, timer.nsecsElapsed() / 1e9);
        endRecord = process.readAllStandardOutput().trimmed();
    }
    const QByteArray expected = "\"events\":" + QByteArray::number(small.events) + ',';
    if (!endRecord.contains(expected)) {
        std::fprintf(stderr, "ssemon-cli parse reported %s, expected %lld events\n",
                     endRecord.constData(), small.events);
        return 1;
    }
    std::printf("\nssemon-cli parse --quiet (whole process, %.0f MB file): %.3f s, %.0f MB/s, "
                "%.0f events/s\n",
                small.bytes.size() / 1e6, best, small.bytes.size() / 1e6 / best,
                small.events / best);
    return 0;
}
