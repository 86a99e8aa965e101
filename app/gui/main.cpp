// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "checkpane.h"
#include "client/sseclient.h"
#include "connectiontab.h"
#include "mockserverpanel.h"
#include "theme.h"
#include "util/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QTabWidget>
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
        QStringLiteral("%1 (commit %2)")
            .arg(QLatin1String(Version::number()), QLatin1String(Version::commit())));
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
    const QCommandLineOption paletteOption(
        QStringLiteral("palette"),
        QStringLiteral("Colours: system (follow the desktop), light or dark. Overrides the View "
                       "menu's choice for this run."),
        QStringLiteral("MODE"));
    parser.addOption(paletteOption);
    const QCommandLineOption checkOption(
        QStringLiteral("check"),
        QStringLiteral("Open this check file (YAML or JSON, as ssemon-cli check reads it) in the "
                       "tab's Checks pane; Run ticks its expectations on the tab's stream."),
        QStringLiteral("FILE"));
    parser.addOption(checkOption);
    // Stages the mock server panel with faults applied, for screenshots and demos.
    QCommandLineOption demoFault(QStringLiteral("demo-fault"),
                                 QStringLiteral("Apply SPEC on the embedded server once the "
                                                "stream is open (repeatable)."),
                                 QStringLiteral("SPEC"));
    demoFault.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(demoFault);
    parser.addPositionalArgument(QStringLiteral("URL"),
                                 QStringLiteral("Stream to open (default: the embedded mock "
                                                "server)."),
                                 QStringLiteral("[URL]"));
    parser.process(app);

    Theme::Mode mode = Theme::savedMode();
    if (parser.isSet(paletteOption) && !Theme::parseMode(parser.value(paletteOption), &mode)) {
        std::fprintf(stderr, "ssemon: --palette takes system, light or dark, not \"%s\"\n",
                     qPrintable(parser.value(paletteOption)));
        return 64;
    }
    Theme::apply(mode);

    MainWindow window;
    window.show();
    if (parser.isSet(smokeTest))
        return runSmokeTest(window);
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        window.startEmbedded();
        const QStringList faults = parser.values(demoFault);
        if (!faults.isEmpty()) {
            window.serverPanel()->pages()->setCurrentIndex(MockServerPanel::FaultsPage);
            window.serverDock()->show();
            // Once the stream is open and has something to lose.
            QTimer::singleShot(1500, &window, [&window, faults] {
                for (const QString &spec : faults) {
                    QString error;
                    if (window.serverPanel()->applyFaultSpec(spec, &error) <= 0)
                        std::fprintf(stderr, "ssemon: --demo-fault: %s\n", qPrintable(error));
                }
            });
        }
    } else
        window.openUrl(QUrl::fromUserInput(positional.constFirst()));
    if (parser.isSet(checkOption)) {
        // Opened, not run: a file that cannot be read shows its error there.
        if (ConnectionTab *tab = window.currentTab()) {
            tab->showChecks();
            tab->checkPane()->openFile(parser.value(checkOption));
        }
    }
    return QApplication::exec();
}
