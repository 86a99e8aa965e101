// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "heartbeatrules.h"

bool HeartbeatRules::matchEvent(QByteArrayView type, QByteArrayView data,
                                QByteArrayView *payload) const
{
    QByteArrayView rest;
    if (!eventType.isEmpty() && type == QByteArrayView(eventType)) {
        rest = data.startsWith("ping") ? data.sliced(4) : data;
    } else if (dataPing && type == "message" && (data == "ping" || data.startsWith("ping "))) {
        rest = data.sliced(4);
    } else {
        return false;
    }
    if (payload)
        *payload = rest;
    return true;
}

bool HeartbeatRules::matchComment(QByteArrayView text, QByteArrayView *payload) const
{
    if (!comment || !text.startsWith(commentPrefix))
        return false;
    if (payload)
        *payload = text.sliced(commentPrefix.size());
    return true;
}
