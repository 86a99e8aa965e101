// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The doctor against real misconfigurations: Debian's nginx (nginx-light, installed by
// scripts/dev.sh) in front of the embedded mock server, started here with a configuration of
// its own in a temporary directory: proxy buffering on, gzip on, a short proxy_read_timeout,
// and nginx's defaults as the control that finds nothing.
#include "doctor/doctor.h"
#include "doctor/doctorhtml.h"
#include "server/mockserver.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#if defined(Q_OS_LINUX)
#include <csignal>
#include <sys/prctl.h>
#endif

Q_DECLARE_METATYPE(DoctorReport)

namespace {

constexpr int kWaitMs = 10000;

QString describe(const DoctorReport &report)
{
    return QString::fromUtf8(report.toText());
}

} // namespace

class TestDoctorNginx : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void defaultsFindNothing();
    void proxyBuffering();
    void gzip();
    void shortReadTimeout();
    void bufferedEventsTellByTheirTimestamps();
    void noContentAfterTheLastEvent();

private:
    // Starts nginx proxying to the mock server with `location` directives added; false (and
    // `error`) when it did not come up.
    bool startNginx(const QString &location, QString *error);
    void stopNginx();
    bool startMock(const MockServerOptions &options);
    // The mock (events every 50 ms with `payload`, heartbeats every heartbeatMs) behind nginx
    // that buffers whatever the application says.
    bool startBuffering(qint64 heartbeatMs, const QByteArray &payload);
    DoctorReport diagnose(qint64 budgetMs);

    QString m_nginx;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    std::unique_ptr<MockServer> m_mock;
    quint16 m_port = 0;
};

void TestDoctorNginx::initTestCase()
{
    qRegisterMetaType<DoctorReport>();
    m_nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"));
    if (m_nginx.isEmpty()) {
        m_nginx = QStandardPaths::findExecutable(
            QStringLiteral("nginx"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    }
    if (m_nginx.isEmpty())
        QSKIP("nginx is missing: scripts/dev.sh installs Debian's nginx-light");
}

void TestDoctorNginx::cleanup()
{
    stopNginx();
    m_mock.reset();
}

bool TestDoctorNginx::startMock(const MockServerOptions &options)
{
    MockServerOptions o = options;
    o.port = 0;
    o.threads = 0;
    m_mock = std::make_unique<MockServer>();
    m_mock->setOptions(o);
    QString error;
    if (!m_mock->start(&error)) {
        qWarning("mock server: %s", qPrintable(error));
        return false;
    }
    return true;
}

bool TestDoctorNginx::startBuffering(qint64 heartbeatMs, const QByteArray &payload)
{
    MockServerOptions o;
    o.heartbeatMs = heartbeatMs;
    o.eventMs = 50;
    o.payloadTemplate = payload;
    QString error;
    if (!startMock(o))
        return false;
    if (!startNginx(QStringLiteral("proxy_buffering on; proxy_ignore_headers X-Accel-Buffering;"),
                    &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return true;
}

bool TestDoctorNginx::startNginx(const QString &location, QString *error)
{
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid()) {
        *error = QStringLiteral("no temporary directory");
        return false;
    }
    // nginx cannot listen on port 0 and say which it got: a port is taken from the kernel,
    // freed and handed over; a lost race (nginx exits) is retried on another.
    for (int attempt = 0; attempt < 5; ++attempt) {
        {
            QTcpServer probe;
            probe.listen(QHostAddress::LocalHost, 0);
            m_port = probe.serverPort();
        }
        const QString dir = m_dir->path();
        QFile conf(m_dir->filePath(QStringLiteral("nginx.conf")));
        if (!conf.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            *error = conf.errorString();
            return false;
        }
        // No `user`: without a master process nginx switches to no other user. Temporary
        // files in the test's directory, so that it needs nothing of /var.
        conf.write(QStringLiteral("worker_processes 1;\n"
                                  "events { worker_connections 64; }\n"
                                  "http {\n"
                                  "  access_log off;\n"
                                  "  client_body_temp_path %1/body;\n"
                                  "  proxy_temp_path %1/proxy;\n"
                                  "  fastcgi_temp_path %1/fastcgi;\n"
                                  "  uwsgi_temp_path %1/uwsgi;\n"
                                  "  scgi_temp_path %1/scgi;\n"
                                  "  server {\n"
                                  "    listen 127.0.0.1:%2;\n"
                                  "    location / {\n"
                                  "      proxy_pass http://127.0.0.1:%3;\n"
                                  "      %4\n"
                                  "    }\n"
                                  "  }\n"
                                  "}\n")
                       .arg(dir)
                       .arg(m_port)
                       .arg(m_mock->url().port())
                       .arg(location)
                       .toUtf8());
        conf.close();
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
#if defined(Q_OS_LINUX)
        // nginx goes with the test, even when the test is killed.
        m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
        m_process->start(
            m_nginx,
            {QStringLiteral("-p"), dir, QStringLiteral("-e"), QStringLiteral("stderr"),
             QStringLiteral("-c"), conf.fileName(), QStringLiteral("-g"),
             QStringLiteral("daemon off; master_process off; pid %1/nginx.pid;").arg(dir)});
        if (!m_process->waitForStarted(kWaitMs)) {
            *error = QStringLiteral("nginx did not start: ") + m_process->errorString();
            return false;
        }
        const bool ready = QTest::qWaitFor(
            [this] {
                if (m_process->state() != QProcess::Running)
                    return true;
                QTcpSocket probe;
                probe.connectToHost(QHostAddress::LocalHost, m_port);
                return probe.waitForConnected(200);
            },
            kWaitMs);
        if (ready && m_process->state() == QProcess::Running)
            return true;
        stopNginx();
    }
    *error = QStringLiteral("nginx did not come up on a free port in five tries");
    return false;
}

void TestDoctorNginx::stopNginx()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5000))
            m_process->kill();
        m_process->waitForFinished(5000);
    }
    m_process.reset();
}

DoctorReport TestDoctorNginx::diagnose(qint64 budgetMs)
{
    DoctorOptions options;
    options.request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(m_port));
    options.request.proxyMode = SseClientOptions::ProxyMode::None;
    options.budgetMs = budgetMs;
    options.resumeMs = budgetMs / 3;
    options.silenceWarnMs = 5000;
    Doctor doctor;
    doctor.setOptions(options);
    QSignalSpy finished(&doctor, &Doctor::finished);
    doctor.start();
    if (!finished.wait(int(budgetMs + 5000))) {
        qWarning("the doctor did not finish within its budget");
        return DoctorReport();
    }
    return finished.first().first().value<DoctorReport>();
}

// nginx with its defaults in front of a server that says X-Accel-Buffering: no, sends
// heartbeats and replays: nothing to find (and the probes below can tell the difference).
void TestDoctorNginx::defaultsFindNothing()
{
    MockServerOptions o;
    o.heartbeatMs = 100;
    o.eventMs = 100;
    QVERIFY(startMock(o));
    QString error;
    QVERIFY2(startNginx(QString(), &error), qPrintable(error));
    const DoctorReport report = diagnose(3000);
    QVERIFY2(report.findings.isEmpty(), qPrintable(describe(report)));
    QVERIFY2(report.toText().contains("intermediaries: nginx (Server: nginx"),
             qPrintable(describe(report)));
}

void TestDoctorNginx::proxyBuffering()
{
    // ~350-byte events every 50 ms: nginx's 4 KiB buffers fill about every 0.6 s.
    QVERIFY(startBuffering(100, "{\"n\":{{n}},\"pad\":\"" + QByteArray(320, 'x') + "\"}"));
    const DoctorReport report = diagnose(4000);
    const DoctorFinding *f = report.finding(QStringLiteral("buffering.proxy"));
    QVERIFY2(f, qPrintable(describe(report)));
    QCOMPARE(f->severity, DoctorFinding::Severity::Error);
    QVERIFY2(f->title.contains(QStringLiteral("(nginx proxy buffering)")), qPrintable(f->title));
    QVERIFY(f->title.contains(QStringLiteral("of silence")));
    QVERIFY(f->fix.contains(QStringLiteral("X-Accel-Buffering: no")));
    QVERIFY(f->fix.contains(QStringLiteral("proxy_buffering off")));
    QVERIFY(f->evidence.join(QLatin1Char('\n')).contains(QStringLiteral("Server: nginx")));
}

void TestDoctorNginx::gzip()
{
    MockServerOptions o;
    o.heartbeatMs = 100;
    o.eventMs = 100;
    QVERIFY(startMock(o));
    QString error;
    QVERIFY2(startNginx(QStringLiteral("gzip on; gzip_types text/event-stream; "
                                       "gzip_min_length 0;"),
                        &error),
             qPrintable(error));
    const DoctorReport report = diagnose(3000);
    const DoctorFinding *f = report.finding(QStringLiteral("headers.compression"));
    QVERIFY2(f, qPrintable(describe(report)));
    QVERIFY(f->evidence.contains(QStringLiteral("Content-Encoding: gzip")));
    QVERIFY(f->fix.contains(QStringLiteral("gzip_types")));
}

void TestDoctorNginx::shortReadTimeout()
{
    // The server sends its head and then nothing (no heartbeats, no events): nginx gives up
    // reading it after 2 s and cuts the client's stream.
    MockServerOptions o;
    o.heartbeatMs = 0;
    o.eventMs = 0;
    QVERIFY(startMock(o));
    QString error;
    QVERIFY2(startNginx(QStringLiteral("proxy_read_timeout 2s;"), &error), qPrintable(error));
    const DoctorReport report = diagnose(8000);
    const DoctorFinding *f = report.finding(QStringLiteral("idle.timeout"));
    QVERIFY2(f, qPrintable(describe(report)));
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("after ([0-9.]+) s of silence")).match(f->title);
    QVERIFY2(m.hasMatch(), qPrintable(f->title));
    const double seconds = m.captured(1).toDouble();
    QVERIFY2(seconds >= 1.9 && seconds <= 2.6, qPrintable(f->title));
    QVERIFY(f->fix.contains(QStringLiteral("proxy_read_timeout")));
    QVERIFY(f->evidence.join(QLatin1Char('\n')).contains(QStringLiteral("no heartbeat")));
}

void TestDoctorNginx::bufferedEventsTellByTheirTimestamps()
{
    // No heartbeats at all: only the "t" each event carries (the mock's unix ms) shows that
    // nginx held events written 50 ms apart and let them go together.
    QVERIFY(
        startBuffering(0, "{\"n\":{{n}},\"t\":{{t}},\"pad\":\"" + QByteArray(320, 'x') + "\"}"));
    const DoctorReport report = diagnose(4000);
    const DoctorFinding *f = report.finding(QStringLiteral("buffering.proxy"));
    QVERIFY2(f, qPrintable(describe(report)));
    const QString evidence = f->evidence.join(QLatin1Char('\n'));
    QVERIFY2(evidence.contains(QStringLiteral("the events' timestamps (\"t\" in their data) in "
                                              "that burst span")),
             qPrintable(evidence));
    QVERIFY(f->fix.contains(QStringLiteral("proxy_buffering off")));
}

void TestDoctorNginx::noContentAfterTheLastEvent()
{
    // The server ends each stream after 5 events; nginx answers every reconnect (a request
    // with Last-Event-ID) with 204, as a server whose streams cannot be resumed should.
    MockServerOptions o;
    o.heartbeatMs = 100;
    o.eventMs = 50;
    o.eventsPerStream = 5;
    QVERIFY(startMock(o));
    QString error;
    QVERIFY2(startNginx(QStringLiteral("if ($http_last_event_id) { return 204; }"), &error),
             qPrintable(error));
    const DoctorReport report = diagnose(6000);
    QVERIFY2(report.measured(QStringLiteral("end")), qPrintable(describe(report)));
    QVERIFY2(report.toText().contains("after the last event: 204 No Content: EventSource stops"),
             qPrintable(describe(report)));
    QVERIFY2(report.toText().contains("reconnect: 204: the server told the client to stop"),
             qPrintable(describe(report)));
    QVERIFY(!report.hasFinding(QStringLiteral("end.restart")));
    QVERIFY(!report.hasFinding(QStringLiteral("end.loop")));
    QVERIFY(!report.hasFinding(QStringLiteral("resume.failed")));
    QCOMPARE(report.endedBy, QStringLiteral("all probes done"));
    // The report's plot has the reconnect after the end, answered 204.
    const DoctorTimeline::Stream *after = report.timeline.stream(QStringLiteral("after-end"));
    QVERIFY(after);
    QCOMPARE(after->status, 204);
    QVERIFY(!after->lastEventId.isEmpty());
    QVERIFY(DoctorHtml::reconnectPlot(report.timeline).contains(QStringLiteral(">end: HTTP 204<")));
}

QTEST_GUILESS_MAIN(TestDoctorNginx)
#include "tst_doctornginx.moc"
