// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "faults/fault.h"
#include "faults/scenario.h"

#include <QList>
#include <QString>

#include <functional>

class ControlServer;
class FaultController;
class QObject;
struct ControlServerOptions;

// What `serve` and `proxy` do alike once their host listens: start the control API when asked,
// act out the command line's faults and scenario, and run until SIGINT or SIGTERM. A failure is
// printed as "ssemon-cli COMMAND: why" on standard error.
namespace HostRun {

// --control: the control API on `options`; false after printing why it could not listen.
bool startControl(const QString &command, ControlServer &control,
                  const ControlServerOptions &options, bool enabled);
// The faults (probability triggers seeded with `seed` when it is not negative), then the
// scenario when there is one, on the host's engine; timed triggers count from now. False after
// printing why a fault was refused.
bool actOutFaults(const QString &command, FaultController &engine, const QList<Fault> &faults,
                  const Scenario *scenario, qint64 seed);
// The event loop until a termination signal, then `stop()` and exit 0.
int exec(QObject *context, const std::function<void()> &stop);

} // namespace HostRun
