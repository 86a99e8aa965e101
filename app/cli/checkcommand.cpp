// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "cliargs.h"
#include "commands.h"
#include "output.h"
#include "signalwatcher.h"

#include "check/checkreader.h"
#include "check/checkreport.h"
#include "check/checkrunner.h"

#include <QCoreApplication>
#include <QSaveFile>

#include <unistd.h>

int runCheck(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs a check file (YAML or JSON) against one or more streams and reports one result "
        "per expectation: PASS/FAIL lines and a summary line, or NDJSON records with --json, "
        "and a JUnit XML report with --junit. The file is checked whole before anything "
        "starts. Exit status: 0 all passed, 1 an expectation failed, 2 a stream or trigger "
        "could not be checked, 64 usage error or malformed check file, 130 interrupted. The "
        "format is documented in resources/check/README.md and schema.json."));
    parser.addHelpOption();
    const QCommandLineOption junit(QStringLiteral("junit"),
                                   QStringLiteral("Write a JUnit XML report to this file."),
                                   QStringLiteral("file"));
    const QCommandLineOption json(
        QStringLiteral("json"),
        QStringLiteral("Print NDJSON records: one \"expectation\" per result as it is decided, "
                       "a \"check\" summary last (the summary line goes to standard error)."));
    const QCommandLineOption var(
        QStringLiteral("var"),
        QStringLiteral("Give {{NAME}} a value, over the file's vars (repeatable)."),
        QStringLiteral("NAME=VALUE"));
    const QCommandLineOption validate(
        QStringLiteral("validate"),
        QStringLiteral("Only read and check the file; exit 0 when it is well-formed."));
    parser.addOptions({junit, json, var, validate});
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("The check file (.yaml, .yml or .json)."));
    CliArgs args(parser, QStringLiteral("check"));
    if (!args.parse(arguments))
        return ExitUsage;
    if (parser.isSet(QStringLiteral("help"))) {
        args.printHelp();
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        args.usageError(QStringLiteral("takes one check file, got %1").arg(positional.size()));
        return ExitUsage;
    }
    QHash<QString, QString> vars;
    for (const QString &item : parser.values(var)) {
        const qsizetype equals = item.indexOf(u'=');
        if (equals <= 0) {
            args.usageError(QStringLiteral("--var \"%1\" is not NAME=VALUE").arg(item));
            return ExitUsage;
        }
        vars.insert(item.left(equals), item.mid(equals + 1));
    }

    CheckFile file;
    QString error;
    if (!CheckReader::readFile(positional.first(), vars, &file, &error)) {
        Output::writeAll(STDERR_FILENO, QByteArray("ssemon-cli check: " + error.toUtf8() + '\n'));
        return ExitUsage;
    }
    if (parser.isSet(validate)) {
        Output::writeAll(STDOUT_FILENO,
                         QStringLiteral("%1: %2 streams, %3 steps: well-formed\n")
                             .arg(file.path)
                             .arg(file.streams.size())
                             .arg(file.steps.size())
                             .toUtf8());
        return ExitOk;
    }
    // The report file is opened before anything starts: a path that cannot be written is a
    // usage error, not a lost report after a long run.
    QSaveFile report;
    if (parser.isSet(junit) && !args.openOutputFile(junit, &report))
        return ExitUsage;

    const bool asJson = parser.isSet(json);
    const bool color = !asJson && Output::wantsColor(STDOUT_FILENO);
    CheckRunner runner(file);
    QObject::connect(&runner, &CheckRunner::resultReady, &runner, [&](const CheckResult &result) {
        Output::writeAll(STDOUT_FILENO,
                         asJson ? CheckReport::jsonRecord(file, result)
                                : CheckReport::textResult(result, color));
    });
    bool interrupted = false;
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &runner,
                     [&runner, &interrupted] {
                         interrupted = true;
                         runner.abort(QStringLiteral("interrupted"));
                     });
    QObject::connect(&runner, &CheckRunner::finished, &runner, [] { QCoreApplication::exit(0); });
    runner.start();
    QCoreApplication::exec();

    const QList<CheckResult> results = runner.results();
    const qint64 elapsed = runner.elapsedMs();
    const QByteArray summary = CheckReport::textSummary(file, results, elapsed);
    if (asJson) {
        Output::writeAll(STDOUT_FILENO, CheckReport::jsonSummary(file, results, elapsed));
        Output::writeAll(STDERR_FILENO, summary);
    } else {
        Output::writeAll(STDOUT_FILENO, summary);
    }
    if (report.isOpen()
        && !args.commitOutputFile(
            &report, CheckReport::junitXml(file, results, elapsed, runner.startedUtc())))
        return ExitFailed;
    if (interrupted)
        return ExitInterrupted;
    return CheckReport::exitCode(CheckReport::totals(results));
}
