// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "fault.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// A scripted run: a named timeline of steps, each at a time or after a number of
// events since the start, that applies a fault, changes a setting or clears the faults.
// ScenarioReader builds it from JSON (repeat blocks are unrolled there); ScenarioRunner says
// which step is due; the mock server (later the proxy) acts the steps out.
struct Scenario
{
    struct Step
    {
        enum class Action { Fault, Set, Clear };

        bool byEvents = false; // `after` N events rather than `at` a time
        qint64 atMs = 0;
        qint64 afterEvents = 0;
        Action action = Action::Fault;
        Fault fault; // Action::Fault; its own trigger counts from when the step runs
        // Action::Set: the settings to change, unset ones left alone.
        std::optional<qint64> heartbeatMs;
        std::optional<QString> heartbeatForm; // comment, event or data
        std::optional<qint64> eventMs;
        std::optional<QByteArray> payload;

        QString label; // where it came from: "step 3", "step 2.1 (repeat 4)"
        QString text; // what it does: "fault rst", "set event-ms=100", "clear"
    };

    QString name;
    QString description;
    QString source; // the file it was read from
    QList<Step> steps; // in file order

    // The status a step answers with that a strict client (and a browser's EventSource)
    // takes as final: a 5xx or a 429. 0: none; a client comes through without retrying them.
    int finalStatusForStrictClients() const
    {
        for (const Step &step : steps) {
            const int code = step.fault.code;
            if (step.action == Step::Action::Fault && step.fault.kind == Fault::Kind::Status
                && (code == 429 || (code >= 500 && code <= 599)))
                return code;
        }
        return 0;
    }
};
