// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "fault.h"

#include <QList>
#include <QString>
#include <QStringView>

// The one-line fault vocabulary shared by `--fault`, scenario steps and (later) the proxy and
// the GUI: `kind key=value ...`, e.g. `drop every=50`, `stall for=5s clients=1,3`,
// `status code=503 count=3 retry-after=2`. Triggers: `now` (default), `at=T`, `after=N`,
// `every=N` (events), `every=T` (time), `probability=P`; targets: `clients=1,3` (default all).
// Durations take a unit: `250ms`, `5s`, `1.5s`, `2m`.
class FaultSpec
{
public:
    struct Entry
    {
        QString name;
        QString synopsis; // the parameters
        QString summary;
        QString example;
    };

    // False with a message naming the kind and the parameter at fault.
    static bool parse(QStringView text, Fault *fault, QString *error);
    // Parses a duration with its unit; false when there is none or the number is not one.
    static bool parseDuration(QStringView text, qint64 *ms);

    // Every fault kind, in catalogue order.
    static QList<Entry> catalogue();
    // The catalogue as text for --help and --list-faults: one fault per paragraph, then the
    // triggers and targets.
    static QString catalogueText();
};
