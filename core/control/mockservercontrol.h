// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "controltarget.h"

#include <QMap>
#include <QObject>

class MockServer;
struct MockFaultInfo;

// The control API's view of a MockServer. The server does not list its faults, so this keeps
// the ones added through it (by --fault and POST /faults): a fault that fires once leaves the
// list when it has fired, a shaping one when it ends, a response one when its connections are
// used up. Faults a scenario applies run inside the server and are not listed.
class MockServerControl : public QObject, public ControlTarget
{
    Q_OBJECT
public:
    explicit MockServerControl(MockServer *server, QObject *parent = nullptr);

    QString kind() const override { return QStringLiteral("serve"); }
    QJsonArray clients() const override;
    QJsonObject stats() const override;
    QJsonArray faults() const override;
    int addFault(const Fault &fault, QString *error) override;
    bool removeFault(int id) override;
    void clearFaults() override;
    bool runScenario(const Scenario &scenario, QString *error) override;
    bool stopScenario() override;
    QJsonObject scenario() const override;
    int changeSettings(const QJsonObject &settings, QJsonObject *result, QString *error) override;

private:
    void faultFired(const MockFaultInfo &info);

    struct Tracked
    {
        Fault fault;
        int fired = 0;
    };
    MockServer *m_server;
    QMap<int, Tracked> m_faults;
    QString m_scenarioName;
    int m_scenarioSteps = 0;
    int m_stepsRun = 0;
};
