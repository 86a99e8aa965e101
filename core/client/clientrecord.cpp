// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "clientrecord.h"

#include <chrono>

qint64 monotonicNowNs()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

QString clientStateName(ClientState state)
{
    switch (state) {
    case ClientState::Idle:
        return QStringLiteral("idle");
    case ClientState::Connecting:
        return QStringLiteral("connecting");
    case ClientState::Open:
        return QStringLiteral("open");
    case ClientState::Reconnecting:
        return QStringLiteral("reconnecting");
    case ClientState::Closed:
        return QStringLiteral("closed");
    case ClientState::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("unknown");
}
