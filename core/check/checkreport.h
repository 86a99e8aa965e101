// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "checkfile.h"
#include "checkresult.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

// What a check run reports: a JUnit XML file (the common schema CI servers read: testsuites,
// one testsuite per stream, one testcase per expectation, failure/error/skipped with a
// message and the evidence as text), NDJSON records (one `expectation` per result, a `check`
// summary last) and a text form for terminals.
class CheckReport
{
public:
    struct Totals
    {
        int passed = 0;
        int failed = 0;
        int errors = 0;
        int skipped = 0;
        int tests() const { return passed + failed + errors + skipped; }
    };
    static Totals totals(const QList<CheckResult> &results);
    // 0 all passed (skipped ones aside), 1 an expectation failed, 2 one could not be checked
    // (errors win over failures: the run is not a verdict).
    static int exitCode(const Totals &totals);

    // `startedUtc`: when the run started (CheckRunner::startedUtc()), for the suites'
    // timestamps; invalid: none are written.
    static QByteArray junitXml(const CheckFile &file, const QList<CheckResult> &results,
                               qint64 elapsedMs, const QDateTime &startedUtc);
    static QByteArray jsonRecord(const CheckFile &file, const CheckResult &result);
    static QByteArray jsonSummary(const CheckFile &file, const QList<CheckResult> &results,
                                  qint64 elapsedMs);
    // "PASS  step 1 (name) [main] event type=tick  12 ms", then the message and evidence
    // indented when it did not pass.
    static QByteArray textResult(const CheckResult &result, bool color);
    // "check smoke: 5 passed, 1 failed, 0 errors, 0 skipped in 2.31 s"
    static QByteArray textSummary(const CheckFile &file, const QList<CheckResult> &results,
                                  qint64 elapsedMs);
};
