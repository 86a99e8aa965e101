// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "fault.h"

QString Fault::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Fin:
        return QStringLiteral("fin");
    case Kind::Rst:
        return QStringLiteral("rst");
    case Kind::Blackhole:
        return QStringLiteral("blackhole");
    case Kind::Stall:
        return QStringLiteral("stall");
    case Kind::HeartbeatPause:
        return QStringLiteral("heartbeat-pause");
    case Kind::Latency:
        return QStringLiteral("latency");
    case Kind::Bandwidth:
        return QStringLiteral("bandwidth");
    case Kind::Slice:
        return QStringLiteral("slice");
    case Kind::Truncate:
        return QStringLiteral("truncate");
    case Kind::Drop:
        return QStringLiteral("drop");
    case Kind::Duplicate:
        return QStringLiteral("duplicate");
    case Kind::Reorder:
        return QStringLiteral("reorder");
    case Kind::Ids:
        return QStringLiteral("ids");
    case Kind::ErrorEvent:
        return QStringLiteral("error-event");
    case Kind::NotJson:
        return QStringLiteral("not-json");
    case Kind::Retry:
        return QStringLiteral("retry");
    case Kind::Garbage:
        return QStringLiteral("garbage");
    case Kind::Status:
        return QStringLiteral("status");
    case Kind::ContentType:
        return QStringLiteral("content-type");
    case Kind::Redirect:
        return QStringLiteral("redirect");
    case Kind::SlowHeaders:
        return QStringLiteral("slow-headers");
    case Kind::Gzip:
        return QStringLiteral("gzip");
    case Kind::Refuse:
        return QStringLiteral("refuse");
    }
    return {};
}

Fault::Scope Fault::scopeOf(Kind kind)
{
    switch (kind) {
    case Kind::Fin:
    case Kind::Rst:
    case Kind::Blackhole:
    case Kind::Stall:
    case Kind::HeartbeatPause:
    case Kind::Retry:
    case Kind::Garbage:
        return Scope::Connection;
    case Kind::Truncate:
    case Kind::Drop:
    case Kind::Duplicate:
    case Kind::Reorder:
    case Kind::Ids:
    case Kind::ErrorEvent:
    case Kind::NotJson:
        return Scope::Event;
    case Kind::Latency:
    case Kind::Bandwidth:
    case Kind::Slice:
        return Scope::Shaping;
    case Kind::Status:
    case Kind::ContentType:
    case Kind::Redirect:
    case Kind::SlowHeaders:
    case Kind::Gzip:
        return Scope::Response;
    case Kind::Refuse:
        return Scope::Server;
    }
    return Scope::Connection;
}
