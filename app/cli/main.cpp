// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "cliargs.h"
#include "commands.h"
#include "output.h"

#include "util/version.h"

#include <QCoreApplication>

#include <unistd.h>

namespace {

QByteArray versionText()
{
    return QByteArray("ssemon-cli ") + Version::number() + " (commit " + Version::commit() + ")\n";
}

QByteArray usageText()
{
    return QByteArrayLiteral(
        "Usage: ssemon-cli <command> [options]\n"
        "\n"
        "Monitor and test Server-Sent Events streams.\n"
        "\n"
        "Commands:\n"
        "  parse [FILE]        parse raw text/event-stream bytes (FILE or stdin) into records\n"
        "  watch [URL]         connect and print records as they happen (no URL: embedded "
        "mock server)\n"
        "  serve               run the mock SSE server in the foreground\n"
        "  proxy               run the tap proxy in front of an upstream server\n"
        "  check FILE          run a check file's stream expectations (CI: JUnit, NDJSON)\n"
        "  doctor URL          diagnose an endpoint: buffering, timeouts, resume, heartbeats\n"
        "\n"
        "Options:\n"
        "  -h, --help          show this help; `ssemon-cli <command> --help` for a command\n"
        "  -v, --version       show the version\n"
        "\n"
        "Records are NDJSON with --json (one object per line: event, comment, retry, state,\n"
        "ping, error, end), aligned text otherwise. Exit status: 0 ok, 2 connection failed,\n"
        "64 usage error; check: 1 when an expectation failed; doctor: 1 when a warning or an\n"
        "error was found.\n");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ssemon-cli"));
    QCoreApplication::setApplicationVersion(QLatin1String(Version::number()));

    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2) {
        Output::writeAll(STDERR_FILENO, usageText());
        return ExitUsage;
    }
    const QString command = arguments.at(1);
    QStringList rest = arguments.mid(1);
    rest[0] = QStringLiteral("ssemon-cli ") + command;
    if (command == QStringLiteral("parse"))
        return runParse(rest);
    if (command == QStringLiteral("watch"))
        return runWatch(rest);
    if (command == QStringLiteral("serve"))
        return runServe(rest);
    if (command == QStringLiteral("proxy"))
        return runProxy(rest);
    if (command == QStringLiteral("check"))
        return runCheck(rest);
    if (command == QStringLiteral("doctor"))
        return runDoctor(rest);
    if (command == QStringLiteral("--help") || command == QStringLiteral("-h")
        || command == QStringLiteral("help")) {
        Output::writeAll(STDOUT_FILENO, usageText());
        return ExitOk;
    }
    if (command == QStringLiteral("--version") || command == QStringLiteral("-v")) {
        Output::writeAll(STDOUT_FILENO, versionText());
        return ExitOk;
    }
    Output::writeAll(
        STDERR_FILENO,
        QByteArray("ssemon-cli: unknown command \"" + command.toUtf8() + "\"\n\n" + usageText()));
    return ExitUsage;
}
