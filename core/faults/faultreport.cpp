// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "faultreport.h"

QString FaultReport::stateName(State state)
{
    switch (state) {
    case State::Acted:
        return QStringLiteral("acted");
    case State::Armed:
        return QStringLiteral("armed");
    case State::On:
        return QStringLiteral("on");
    case State::Ended:
        return QStringLiteral("ended");
    case State::NotApplied:
        return QStringLiteral("not-applied");
    }
    return {};
}
