// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "controltarget.h"

class TapProxy;

// The control API's view of a TapProxy: its fault controller lists every fault in force (those
// of a scenario included). A proxy has no heartbeat or event settings of its own: PUT
// /settings is answered 404 with the reason.
class TapProxyControl : public ControlTarget
{
public:
    explicit TapProxyControl(TapProxy *proxy)
        : m_proxy(proxy)
    { }

    QString kind() const override { return QStringLiteral("proxy"); }
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
    TapProxy *m_proxy;
};
