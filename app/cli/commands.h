// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

// The subcommands of ssemon-cli. Each takes its arguments with the command name first and
// returns the process exit status (ExitCode in cliargs.h; the README's "ssemon-cli" section
// says when each is returned).
int runParse(const QStringList &arguments);
int runWatch(const QStringList &arguments);
int runServe(const QStringList &arguments);
int runProxy(const QStringList &arguments);
int runCheck(const QStringList &arguments);
int runDoctor(const QStringList &arguments);
