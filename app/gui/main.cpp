// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QUrl>

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
    parser.addPositionalArgument(QStringLiteral("URL"),
                                 QStringLiteral("Stream to open (default: the embedded mock "
                                                "server)."),
                                 QStringLiteral("[URL]"));
    parser.process(app);

    MainWindow window;
    window.show();
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        window.startEmbedded();
    } else {
        window.openUrl(QUrl::fromUserInput(positional.constFirst()));
    }
    return QApplication::exec();
}
