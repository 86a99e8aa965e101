// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "faults/fault.h"
#include "faults/scenario.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// What the runtime control API (ControlServer) drives: the mock server or the tap proxy,
// through adapters (MockServerControl, TapProxyControl), so that both share one HTTP server.
// Everything runs in the owner's thread; nothing blocks.
class ControlTarget
{
public:
    virtual ~ControlTarget() = default;

    // "serve" or "proxy", as reported by GET /.
    virtual QString kind() const = 0;
    virtual QJsonArray clients() const = 0;
    virtual QJsonObject stats() const = 0;
    virtual QJsonArray faults() const = 0;
    // Returns the fault's id (> 0), or 0 with the reason it cannot be acted out here.
    virtual int addFault(const Fault &fault, QString *error) = 0;
    virtual bool removeFault(int id) = 0;
    virtual void clearFaults() = 0;
    // Checks every fault step can be acted out, then runs the scenario (replacing one running).
    virtual bool runScenario(const Scenario &scenario, QString *error) = 0;
    // False when none was running.
    virtual bool stopScenario() = 0;
    virtual QJsonObject scenario() const = 0;
    // PUT /settings: applies all or nothing. Returns the HTTP status (200 with the settings now
    // in force in *result; 400 or 404 with the reason in *error).
    virtual int changeSettings(const QJsonObject &settings, QJsonObject *result,
                               QString *error) = 0;
};

// A fault as the control API lists it.
QJsonObject faultToJson(int id, const Fault &fault, const QString &state);
