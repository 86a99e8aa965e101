// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "cliargs.h"
#include "commands.h"
#include "output.h"
#include "signalwatcher.h"

#include "client/requestbuilder.h"
#include "doctor/doctor.h"
#include "doctor/doctorhtml.h"

#include <QCoreApplication>
#include <QSaveFile>

#include <unistd.h>

namespace {

// The exit status of a finished run: 2 when the stream never opened (the request failed, no
// response, another status or type), 1 when a warning or an error was found, 0 otherwise.
int exitCodeOf(const DoctorReport &report)
{
    for (const char *id :
         {"response.failed", "response.no-head", "response.status", "headers.content-type"}) {
        if (report.hasFinding(QString::fromLatin1(id)))
            return ExitFailed;
    }
    if (!report.findings.isEmpty() && report.worst() != DoctorFinding::Severity::Info)
        return ExitExpectationFailed;
    return ExitOk;
}

} // namespace

int runDoctor(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Diagnoses an SSE endpoint: holds its stream for a bounded time (two minutes, --quick "
        "20 s), reconnects with Last-Event-ID, and reports what it measured: response headers, "
        "buffering on the way, heartbeats, idle and lifetime limits, resume. Each finding has "
        "a severity, the evidence and the fix; what could not be measured is listed as such.\n"
        "Exit status: 0 when nothing worse than an info was found; 1 when a warning or an "
        "error was found; 2 when the stream could not be opened (the report says why) or the "
        "--html file could not be written; 64 for a usage error (a --html file that cannot be "
        "created among them); 130 when interrupted (the report covers what ran)."));
    parser.addHelpOption();
    const QCommandLineOption quick(QStringLiteral("quick"),
                                   QStringLiteral("Run for 20 s instead of two minutes."));
    const QCommandLineOption budget(
        QStringLiteral("budget"),
        QStringLiteral("Run for S seconds (1 to 3600; default 120). Idle limits longer than the "
                       "run are not measured."),
        QStringLiteral("S"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the report as one JSON object."));
    const QCommandLineOption html(
        QStringLiteral("html"),
        QStringLiteral("Also write the report as one self-contained HTML page to this file: "
                       "findings, plots of the arrivals, heartbeat latency and the reconnect, "
                       "the measured facts. It loads nothing from anywhere."),
        QStringLiteral("file"));
    parser.addOptions({quick, budget, json, html});
    parser.addPositionalArgument(QStringLiteral("URL"),
                                 QStringLiteral("http:// or https:// URL of the stream."));
    CliArgs args(parser, QStringLiteral("doctor"));
    args.addRequestOptions();
    if (!args.parse(arguments))
        return ExitUsage;
    if (parser.isSet(QStringLiteral("help"))) {
        args.printHelp();
        return ExitOk;
    }

    DoctorOptions options;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        args.usageError(
            positional.isEmpty()
                ? QStringLiteral("needs the URL of the stream to diagnose")
                : QStringLiteral("takes one URL, got %1 arguments").arg(positional.size()));
        return ExitUsage;
    }
    QString error;
    if (!RequestBuilder::parseUrl(positional.first(), &options.request.url, &error)) {
        args.usageError(error);
        return ExitUsage;
    }
    if (!args.readRequestOptions(&options.request))
        return ExitUsage;
    if (parser.isSet(quick) && parser.isSet(budget)) {
        args.usageError(QStringLiteral("--quick and --budget cannot be used together"));
        return ExitUsage;
    }
    if (parser.isSet(quick))
        options.budgetMs = DoctorOptions::kQuickBudgetMs;
    if (parser.isSet(budget)) {
        if (!args.seconds(budget, &options.budgetMs))
            return ExitUsage;
        if (options.budgetMs < 1000 || options.budgetMs > 3600 * 1000) {
            args.usageError(QStringLiteral("--budget takes 1 to 3600 seconds, not \"%1\"")
                                .arg(parser.value(budget)));
            return ExitUsage;
        }
    }

    QSaveFile page;
    if (parser.isSet(html) && !args.openOutputFile(html, &page))
        return ExitUsage;

    Doctor doctor;
    doctor.setOptions(options);
    const bool asJson = parser.isSet(json);
    const bool live = Output::isTerminal(STDERR_FILENO);
    if (live) {
        QObject::connect(&doctor, &Doctor::progress, &doctor, [](const QString &line) {
            // One line, rewritten in place.
            Output::writeAll(STDERR_FILENO,
                             QByteArray("\r\033[Kssemon-cli doctor: " + line.toUtf8()));
        });
    }
    int interrupted = -1;
    QObject::connect(&doctor, &Doctor::finished, &doctor, [&](const DoctorReport &report) {
        if (live)
            Output::writeAll(STDERR_FILENO, QByteArray("\r\033[K"));
        Output::writeAll(STDOUT_FILENO, asJson ? report.toJson() : report.toText());
        if (page.isOpen() && !args.commitOutputFile(&page, DoctorHtml::page(report))) {
            QCoreApplication::exit(ExitFailed);
            return;
        }
        QCoreApplication::exit(interrupted >= 0 ? interrupted : exitCodeOf(report));
    });
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &doctor, [&] {
        interrupted = ExitInterrupted;
        doctor.stop(QStringLiteral("interrupted"));
    });
    doctor.start();
    return QCoreApplication::exec();
}
