// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "faults/fault.h"
#include "faults/faultcontroller.h"
#include "faults/scenario.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// What the runtime control API (ControlServer) drives: the mock server or the tap proxy,
// through adapters (MockServerControl, TapProxyControl), so that both share one HTTP server.
// Faults and scenarios go to the host's fault engine, the same on both, so `/faults` and
// `/scenario` answer alike on `serve` and `proxy`. Everything runs in the owner's thread;
// nothing blocks.
class ControlTarget
{
public:
    // The host's fault engine; a target without one implements the fault methods itself.
    explicit ControlTarget(FaultController *faults = nullptr)
        : m_faults(faults)
    { }
    virtual ~ControlTarget() = default;

    // "serve" or "proxy", as reported by GET /.
    virtual QString kind() const = 0;
    virtual QJsonArray clients() const = 0;
    virtual QJsonObject stats() const = 0;
    // PUT /settings: applies all or nothing. Returns the HTTP status (200 with the settings now
    // in force in *result; 400 or 404 with the reason in *error).
    virtual int changeSettings(const QJsonObject &settings, QJsonObject *result,
                               QString *error) = 0;

    // Every fault scheduled, shaping or armed, those of a scenario included, oldest first.
    virtual QJsonArray faults() const;
    // Returns the fault's id (> 0), or 0 with the reason it cannot be acted out here.
    virtual int addFault(const Fault &fault, QString *error);
    virtual bool removeFault(int id);
    virtual void clearFaults();
    // Checks every fault step can be acted out, then runs the scenario (replacing one running).
    virtual bool runScenario(const Scenario &scenario, QString *error);
    // False when none was running.
    virtual bool stopScenario();
    virtual QJsonObject scenario() const;

    // A fault as the control API lists it.
    static QJsonObject faultToJson(const FaultController::Entry &entry);

private:
    FaultController *m_faults;
};
