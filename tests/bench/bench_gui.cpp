// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The desktop UI under load (run offscreen): cold start to first event, a million retained
// events with their raw frames (resident memory, refiltering by text), a paced stream at a
// chosen rate into an open tab (the GUI thread's longest stall and 99th percentile of event
// loop gaps, and whether the table shows every event sent), and an unthrottled burst.
//
//   QT_QPA_PLATFORM=offscreen bench_gui [--rate N (100000)] [--seconds N (10)]
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
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

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

QByteArray frame(qint64 n)
{
    return "id: " + QByteArray::number(n) + "\nevent: update\ndata: {\"n\":" + QByteArray::number(n)
        + ",\"user\":\"alice\",\"op\":\"set\",\"path\":\"/a/b/c\"}\n\n";
}

// A server for one client that writes `total` events paced at `rate` per second: every
// millisecond it writes what is due by then, in one write, and then keeps the stream open.
class PacedServer : public QObject
{
public:
    PacedServer(qint64 rate, qint64 total)
        : m_rate(rate)
        , m_total(total)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                if (m_socket) {
                    socket->deleteLater();
                    continue;
                }
                m_socket = socket;
                connect(socket, &QTcpSocket::readyRead, this, [this] {
                    m_request += m_socket->readAll();
                    if (m_started || !m_request.contains("\r\n\r\n"))
                        return;
                    m_started = true;
                    m_socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                    "Cache-Control: no-cache\r\n\r\n");
                    m_clock.start();
                    m_timer.start();
                });
            }
        });
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] { writeDue(); });
    }
    quint16 port() const { return m_server.serverPort(); }
    qint64 sent() const { return m_sent.loadRelaxed(); }
    qint64 sendMs() const { return m_sendMs.loadRelaxed(); }

private:
    void writeDue()
    {
        const qint64 due = std::min(m_total, m_clock.nsecsElapsed() * m_rate / 1000000000);
        QByteArray out;
        qint64 sent = m_sent.loadRelaxed();
        for (; sent < due; ++sent)
            out += frame(sent + 1);
        if (!out.isEmpty())
            m_socket->write(out);
        m_sent.storeRelaxed(sent);
        if (sent == m_total) {
            m_sendMs.storeRelaxed(m_clock.elapsed());
            m_timer.stop();
        }
    }

    QTcpServer m_server;
    QPointer<QTcpSocket> m_socket;
    QByteArray m_request;
    bool m_started = false;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_rate;
    qint64 m_total;
    QAtomicInteger<qint64> m_sent {0};
    QAtomicInteger<qint64> m_sendMs {0};
};

// The GUI thread's event loop lag: a 1 ms timer notes every gap between its runs.
class LoopLag
{
public:
    LoopLag()
    {
        m_tick.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_tick, &QTimer::timeout, &m_tick, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_gaps.push_back(now - m_last);
            m_last = now;
        });
    }
    void start()
    {
        m_gaps.clear();
        m_clock.start();
        m_last = 0;
        m_tick.start(1);
    }
    void stop() { m_tick.stop(); }
    double worstMs() const
    {
        return m_gaps.empty() ? 0 : double(*std::max_element(m_gaps.begin(), m_gaps.end())) / 1e6;
    }
    double percentileMs(double p) const
    {
        if (m_gaps.empty())
            return 0;
        std::vector<qint64> sorted = m_gaps;
        std::sort(sorted.begin(), sorted.end());
        return double(sorted[size_t(p * double(sorted.size() - 1))]) / 1e6;
    }

private:
    QTimer m_tick;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<qint64> m_gaps;
};

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", QByteArrayLiteral("offscreen"));
    QElapsedTimer cold;
    cold.start();
    QApplication app(argc, argv);
    int seconds = 10;
    qint64 rate = 100000;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QStringLiteral("--seconds"))
            seconds = args[i + 1].toInt();
        else if (args[i] == QStringLiteral("--rate"))
            rate = args[i + 1].toLongLong();
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

    // 2. A million retained events with their raw frames, as a tab keeps them (measured
    // before the bursts grow the heap): memory, and refiltering by text.
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
                r.raw = frame(n);
                r.rawSize = r.raw.size();
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
        std::printf("1,000,000 events retained with raw frames: %.0f MB resident for the log and "
                    "model; "
                    "text filter over them: %lld ms (%d match)\n",
                    double(rss) / 1e6, filterMs, model.rowCount());
    }
    // 3. A paced stream into an open tab; the server runs in its own thread, as a remote one
    // would. Every event sent must become a row.
    {
        const qint64 total = rate * seconds;
        QThread pacedThread;
        pacedThread.start();
        PacedServer *paced = nullptr;
        QObject pacedAnchor;
        pacedAnchor.moveToThread(&pacedThread);
        QMetaObject::invokeMethod(
            &pacedAnchor, [&] { paced = new PacedServer(rate, total); },
            Qt::BlockingQueuedConnection);
        MainWindow window;
        window.show();
        window.setLogCapacity(std::max<qint64>(EventLog::DefaultCapacity, total));
        LoopLag lag;
        lag.start();
        QElapsedTimer clock;
        clock.start();
        window.openUrl(QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(paced->port())));
        ConnectionTab *tab = window.currentTab();
        const bool all =
            spin([&] { return tab->model()->rowCount() >= total; }, seconds * 1000 + 30000);
        const qint64 shownMs = clock.elapsed();
        lag.stop();
        std::printf("paced %lld events/s for %d s into an open tab: sent %lld in %lld ms, rows "
                    "shown %d (%s) %lld ms after the start; GUI event loop: longest stall "
                    "%.1f ms, p99 gap %.2f ms, p50 gap %.2f ms; read pauses %lld\n",
                    qlonglong(rate), seconds, qlonglong(paced->sent()), qlonglong(paced->sendMs()),
                    tab->model()->rowCount(),
                    all && tab->model()->rowCount() == total ? "every event shown"
                                                             : "EVENTS MISSING",
                    qlonglong(shownMs), lag.worstMs(), lag.percentileMs(0.99),
                    lag.percentileMs(0.5), qlonglong(tab->client()->stats().readPauses));
        tab->client()->close();
        QMetaObject::invokeMethod(
            &pacedAnchor, [&] { delete paced; }, Qt::BlockingQueuedConnection);
        pacedThread.quit();
        pacedThread.wait();
    }

    // 4. Unthrottled burst into an open tab from the mock server in its own thread.
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
        LoopLag lag;
        lag.start();
        const qint64 before = tab->client()->stats().events;
        spin([&] { return clock.elapsed() >= seconds * 1000; }, seconds * 1000 + 5000);
        lag.stop();
        const qint64 received = tab->client()->stats().events - before;
        std::printf("unthrottled burst into an open tab for %d s: %.0f events/s, longest "
                    "GUI-thread stall %.1f ms, p99 gap %.2f ms, rows shown %d of %lld kept "
                    "(%lld dropped past the cap, %lld waiting)\n",
                    seconds, double(received) / seconds, lag.worstMs(), lag.percentileMs(0.99),
                    tab->model()->rowCount(), qlonglong(tab->log()->size()),
                    qlonglong(tab->log()->dropped()), qlonglong(tab->pendingRecords()));
        tab->client()->close();
    }
    QMetaObject::invokeMethod(
        &anchor, [&] { delete server; }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();

    return 0;
}
