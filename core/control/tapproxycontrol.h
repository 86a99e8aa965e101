// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "controltarget.h"

class TapProxy;

// The control API's view of a TapProxy: its connections and counters. Faults and scenarios go
// to the proxy's fault engine (ControlTarget), as on the mock server. A proxy has no heartbeat
// or event settings of its own: PUT /settings is answered 404 with the reason.
class TapProxyControl : public ControlTarget
{
public:
    explicit TapProxyControl(TapProxy *proxy);

    QString kind() const override { return QStringLiteral("proxy"); }
    QJsonArray clients() const override;
    QJsonObject stats() const override;
    int changeSettings(const QJsonObject &settings, QJsonObject *result, QString *error) override;

private:
    TapProxy *m_proxy;
};
