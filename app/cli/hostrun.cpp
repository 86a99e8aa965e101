// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "hostrun.h"

#include "cliargs.h"
#include "output.h"
#include "signalwatcher.h"

#include "control/controlserver.h"
#include "faults/faultcontroller.h"

#include <QCoreApplication>

#include <unistd.h>

namespace HostRun {

namespace {

void fail(const QString &command, const QString &error)
{
    Output::writeAll(STDERR_FILENO,
                     QByteArray("ssemon-cli " + command.toUtf8() + ": " + error.toUtf8() + '\n'));
}

} // namespace

bool startControl(const QString &command, ControlServer &control,
                  const ControlServerOptions &options, bool enabled)
{
    if (!enabled)
        return true;
    control.setOptions(options);
    QString error;
    if (control.start(&error))
        return true;
    fail(command, error);
    return false;
}

bool actOutFaults(const QString &command, FaultController &engine, const QList<Fault> &faults,
                  const Scenario *scenario, qint64 seed)
{
    if (seed >= 0)
        engine.setSeed(quint32(seed));
    for (const Fault &fault : faults) {
        QString error;
        if (engine.apply(fault, &error) == 0) {
            fail(command, error);
            return false;
        }
    }
    if (scenario)
        engine.runScenario(*scenario);
    return true;
}

int exec(QObject *context, const std::function<void()> &stop)
{
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, context, [stop] {
        stop();
        QCoreApplication::exit(ExitOk);
    });
    return QCoreApplication::exec();
}

} // namespace HostRun
