// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "fault.h"

#include <QMetaType>
#include <QString>

// A fault acted out by the fault engine (FaultController) on behalf of the mock server or the
// tap proxy: on one client, or on the whole (client 0: a shaping rule set or ended, response
// faults armed, the port closed or opened again).
struct FaultReport
{
    // What the report says of the fault's life.
    enum class State {
        Acted, // it did something to a stream or to the listening port
        Armed, // a response fault waits for the next connections
        On, // a shaping rule is in force
        Ended, // a shaping rule ended, or a closed port opened again
        NotApplied, // it fired but could not act here; `detail` says why
    };

    int id = 0;
    Fault::Kind kind = Fault::Kind::Fin;
    QString spec; // the fault as written
    int client = 0;
    QString detail; // what happened, e.g. "dropped event id 51", "answered 503"
    State state = State::Acted;

    // "acted", "armed", "on", "ended", "not-applied": the `state` of a fault record.
    static QString stateName(State state);
};

Q_DECLARE_METATYPE(FaultReport)
