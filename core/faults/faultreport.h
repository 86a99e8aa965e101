// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "fault.h"

#include <QMetaType>
#include <QString>

// A fault acted out by whoever runs a FaultController (the tap proxy): on one client, or on the
// whole (client 0: a shaping rule set or ended, response faults armed, the port closed or opened
// again). The same fields as the mock server's MockFaultInfo, so both log alike.
struct FaultReport
{
    int id = 0;
    Fault::Kind kind = Fault::Kind::Fin;
    QString spec; // the fault as written
    int client = 0;
    QString detail; // what happened, e.g. "dropped event id 51", "answered 503"
};

Q_DECLARE_METATYPE(FaultReport)
