// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The desktop UI under load (run offscreen): cold start to first event, events/s into an open
// tab from a burst server in another thread with the GUI thread's longest stall, and a
// million retained events (resident memory, refiltering by text).
//
//   QT_QPA_PLATFORM=offscreen bench_gui [--seconds N]
#include "connectiontab.h"
#include "mainwindow.h"

#include "client/sseclient.h"
#include "log/eventfilter.h"
#include "log/eventlog.h"
#include "log/eventtablemodel.h"
#include "server/mockserver.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <QTimer>

#include <cstdio>

namespace {

qint64 residentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

// Runs the event loop until `done` holds or `ms` pass; false on timeout.
template<typename F>
bool spin(F done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
    QElapsedTimer cold;
    cold.start();
    QApplication app(argc, argv);
    int seconds = 10;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QStringLiteral("--seconds"))
            seconds = args[i + 1].toInt();
    }

    // 1. Cold start: the window with its embedded server, to the first event in the tab.
    {
        MainWindow window;
        window.show();
        window.startEmbedded();
        ConnectionTab *tab = window.currentTab();
        if (!spin([tab] { return tab->client()->stats().events > 0; }, 10000)) {
            std::fprintf(stderr, "no event within 10 s\n");
            return 1;
        }
        std::printf("cold start to first event: %lld ms (process start to first event row)\n",
                    cold.elapsed());
    }

    // 2. A million retained events (measured before the burst grows the heap): memory, and
    // refiltering by text.
    {
        const qint64 rssBefore = residentBytes();
        EventLog log;
        EventTableModel model(&log);
        qint64 n = 0;
        while (n < 1000000) {
            QList<ClientRecord> batch;
            for (int i = 0; i < 4096 && n < 1000000; ++i) {
                ClientRecord r;
                r.kind = ClientRecord::Kind::Event;
                r.seq = ++n;
                r.conn = 1;
                r.event.type = QByteArrayLiteral("update");
                r.event.id = QByteArray::number(n);
                r.event.data = R"({"n":)" + QByteArray::number(n)
                    + R"(,"user":"alice","op":"set","path":"/a/b/c"})";
                batch.append(r);
            }
            log.append(batch);
        }
        const qint64 rss = residentBytes() - rssBefore;
        EventFilter filter;
        filter.setText(QStringLiteral("\"n\":99999,"));
        QElapsedTimer t;
        t.start();
        model.setFilter(filter);
        const qint64 filterMs = t.elapsed();
        std::printf("1,000,000 events retained: %.0f MB resident for the log and model; "
                    "text filter over them: %lld ms (%d match)\n",
                    double(rss) / 1e6, filterMs, model.rowCount());
    }
    // 3. Burst into an open tab; the server runs in its own thread, as a remote one would.
    QThread serverThread;
    QObject anchor;
    anchor.moveToThread(&serverThread);
    serverThread.start();
    MockServer *server = nullptr;
    QUrl url;
    QMetaObject::invokeMethod(
        &anchor,
        [&] {
            server = new MockServer;
            MockServerOptions o;
            o.burst = true;
            o.heartbeatMs = 0;
            server->setOptions(o);
            server->start();
            url = server->url();
        },
        Qt::BlockingQueuedConnection);
    {
        MainWindow window;
        window.show();
        window.setLogCapacity(EventLog::DefaultCapacity);
        window.openUrl(url);
        ConnectionTab *tab = window.currentTab();
        spin([tab] { return tab->client()->stats().events > 0; }, 10000);
        QElapsedTimer clock;
        clock.start();
        qint64 last = 0, worst = 0;
        QTimer tick;
        tick.setTimerType(Qt::PreciseTimer);
        QObject::connect(&tick, &QTimer::timeout, &tick, [&] {
            const qint64 now = clock.elapsed();
            worst = std::max(worst, now - last);
            last = now;
        });
        tick.start(5);
        const qint64 before = tab->client()->stats().events;
        spin([&] { return clock.elapsed() >= seconds * 1000; }, seconds * 1000 + 5000);
        tick.stop();
        const qint64 received = tab->client()->stats().events - before;
        std::printf("burst into an open tab for %d s: %.0f events/s, longest GUI-thread stall "
                    "%lld ms, rows shown %d of %lld kept (%lld dropped past the cap)\n",
                    seconds, double(received) / seconds, worst, tab->model()->rowCount(),
                    qlonglong(tab->log()->size()), qlonglong(tab->log()->dropped()));
        tab->client()->close();
    }
    QMetaObject::invokeMethod(
        &anchor, [&] { delete server; }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();

    return 0;
}
