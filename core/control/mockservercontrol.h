// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "controltarget.h"

class MockServer;

// The control API's view of a MockServer: its clients, counters and live settings. Faults and
// scenarios go to the server's fault engine (ControlTarget), which lists every fault in force,
// those of a scenario included.
class MockServerControl : public ControlTarget
{
public:
    explicit MockServerControl(MockServer *server);

    QString kind() const override { return QStringLiteral("serve"); }
    QJsonArray clients() const override;
    QJsonObject stats() const override;
    int changeSettings(const QJsonObject &settings, QJsonObject *result, QString *error) override;

private:
    MockServer *m_server;
};
