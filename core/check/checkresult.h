// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "checkfile.h"

#include <QString>
#include <QStringList>

// The outcome of one expectation (one JUnit test case, one NDJSON `expectation` record).
struct CheckResult
{
    enum class Status {
        Passed,
        Failed, // the expectation did not hold
        Error, // it could not be checked: the stream failed, a trigger failed
        Skipped, // it needs a value an earlier, failed step did not capture
    };
    static QString statusName(Status status); // "passed", "failed", "error", "skipped"

    QString stream;
    int step = 0; // index into CheckFile::steps
    int index = 0; // index into the step's expectations; -1: the step's trigger
    QString stepLabel; // "step 2 (resume after a drop)"
    QString expectation; // Expectation::describe() with its references resolved
    CheckLocation where;
    Status status = Status::Passed;
    QString message; // why it failed, in one line; empty when it passed
    // What was seen around the failure, one line each, at most kMaxEvidence lines: the window,
    // the stream's last records before the decision, and what the expectation saw instead.
    QStringList evidence;
    qint64 windowStartMs = 0; // since the run started
    qint64 windowMs = 0; // the window's length (the step's `within`)
    qint64 elapsedMs = 0; // from the window's start to the decision

    static constexpr int kMaxEvidence = 16;
};
