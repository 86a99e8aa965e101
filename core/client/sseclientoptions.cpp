// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "sseclientoptions.h"

QString SseClientOptions::transportName(Transport transport)
{
    switch (transport) {
    case Transport::Auto:
        return QStringLiteral("auto");
    case Transport::Qnam:
        return QStringLiteral("qnam");
    case Transport::Wire:
        return QStringLiteral("wire");
    }
    return QString();
}

bool SseClientOptions::parseTransport(QStringView name, Transport *transport)
{
    for (Transport t : {Transport::Auto, Transport::Qnam, Transport::Wire}) {
        if (name == transportName(t)) {
            *transport = t;
            return true;
        }
    }
    return false;
}
