// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "scenario.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

// Reads a scenario file (JSON; resources/scenarios/README.md and scenario.schema.json) and
// checks all of it before anything runs: every fault spec, every setting, every time. An error
// names the file, the step and the reason: `flaky.json: step 3: fault "stall for=5": ...`.
//
//   {"name": "...", "description": "...", "steps": [
//       {"at": "5s", "fault": "stall for=2s"},
//       {"after": 100, "fault": "rst"},
//       {"at": "10s", "set": {"event-ms": 50}},
//       {"at": "20s", "repeat": 3, "every": "10s", "steps": [{"at": "0s", "fault": "fin"}]},
//       {"at": "60s", "clear": true}]}
class ScenarioReader
{
public:
    // A path, or `preset:NAME` for a scenario built into the binary. `json`, when given, gets
    // the bytes that were read (to send the scenario on as it was written).
    static bool readFile(const QString &path, Scenario *scenario, QString *error,
                         QByteArray *json = nullptr);
    // `source` names the data in messages.
    static bool read(const QByteArray &json, const QString &source, Scenario *scenario,
                     QString *error);
    // The built-in scenarios, by name (`flaky-wifi`, ...).
    static QStringList presets();
};
