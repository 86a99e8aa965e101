// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "sse/sseparser.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

// Exit statuses of the CLI contract (DESIGN.md).
enum ExitCode { ExitOk = 0, ExitFailed = 2, ExitUsage = 64, ExitInterrupted = 130 };

// Reading option values with range checks. A bad value is a usage error: the functions print
// "ssemon-cli <command>: <message>" to stderr and report false, and the caller exits 64.
class CliArgs
{
public:
    CliArgs(QCommandLineParser &parser, QString command);

    // Parses `arguments` (argv-like, the command name first). False after printing the error.
    bool parse(const QStringList &arguments);
    bool usageError(const QString &message) const;
    // Prints the help on stdout, its usage line naming the command (not argv[0]).
    void printHelp() const;

    bool integer(const QCommandLineOption &option, qint64 min, qint64 max, qint64 *value) const;
    // Seconds as a decimal (e.g. 0.5), returned in milliseconds.
    bool seconds(const QCommandLineOption &option, qint64 *milliseconds) const;

    // --max-line-bytes and --max-event-bytes, shared by the commands that parse streams.
    void addLimitOptions();
    bool readLimits(SseParserLimits *limits) const;

    QCommandLineParser &parser() const { return m_parser; }

private:
    QCommandLineParser &m_parser;
    QString m_command;
    QCommandLineOption m_maxLine {QStringLiteral("max-line-bytes"),
                                  QStringLiteral("Line size cap (default 64 MiB)."),
                                  QStringLiteral("N")};
    QCommandLineOption m_maxEvent {QStringLiteral("max-event-bytes"),
                                   QStringLiteral("Event data size cap (default 64 MiB)."),
                                   QStringLiteral("N")};
};
