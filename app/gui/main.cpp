// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "client/sseclient.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <QUrl>

#include <cstdio>

namespace {

// --smoke-test: the installed program opens its window, connects to the embedded mock server
// and exits 0 at the first event (1 when none comes), so a package check needs no display.
int runSmokeTest(MainWindow &window)
{
    constexpr int timeoutMs = 10000;
    QObject::connect(window.client(), &SseClient::recordsReady, &window,
                     [](const ClientBatch &batch) {
                         for (const ClientRecord &r : batch.records) {
                             if (r.kind == ClientRecord::Kind::Event) {
                                 std::fprintf(stdout,
                                              "ssemon: smoke test passed (first event "
                                              "received)\n");
                                 QApplication::exit(0);
                                 return;
                             }
                         }
                     });
    QTimer::singleShot(timeoutMs, &window, [] {
        std::fprintf(stderr, "ssemon: smoke test failed: no event within 10 s\n");
        QApplication::exit(1);
    });
    QString error;
    if (!window.startEmbedded(&error)) {
        std::fprintf(stderr, "ssemon: smoke test failed: %s\n", qPrintable(error));
        return 1;
    }
    return QApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ssemon"));
    QApplication::setOrganizationName(QStringLiteral("ssemon"));
    QApplication::setApplicationVersion(
        QStringLiteral(SSEMON_VERSION " (commit " SSEMON_GIT_COMMIT ")"));
    QApplication::setDesktopFileName(QStringLiteral("org.ssemon.SseMonitor"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Monitor for Server-Sent Events streams."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption smokeTest(
        QStringLiteral("smoke-test"),
        QStringLiteral("Open the window, connect to the embedded mock server, exit 0 at the first "
                       "event (1 if none arrives within 10 s)."));
    parser.addOption(smokeTest);
    parser.addPositionalArgument(QStringLiteral("URL"),
                                 QStringLiteral("Stream to open (default: the embedded mock "
                                                "server)."),
                                 QStringLiteral("[URL]"));
    parser.process(app);

    MainWindow window;
    window.show();
    if (parser.isSet(smokeTest))
        return runSmokeTest(window);
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        window.startEmbedded();
    else
        window.openUrl(QUrl::fromUserInput(positional.constFirst()));
    return QApplication::exec();
}
