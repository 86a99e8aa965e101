// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "utf8.h"

#include <QByteArray>
#include <QString>

// One dispatched event. Strings are kept as UTF-8 bytes that are guaranteed valid (the parser
// replaces invalid sequences with U+FFFD), which halves memory for the usual ASCII payloads and
// spares a conversion on the hot path; use the *String() accessors where a QString is wanted.
struct SseEvent
{
    QByteArray type; // "message" unless the block had a non-empty `event` field
    QByteArray data; // data lines joined with LF, without the trailing LF
    QByteArray id; // the last event ID at dispatch (WHATWG: it sticks to later events)
    bool idInBlock = false; // the block that produced this event had its own `id` field

    QString typeString() const { return Utf8::toString(type); }
    QString dataString() const { return Utf8::toString(data); }
    QString idString() const { return Utf8::toString(id); }

    friend bool operator==(const SseEvent &a, const SseEvent &b)
    {
        return a.type == b.type && a.data == b.data && a.id == b.id && a.idInBlock == b.idInBlock;
    }
    friend bool operator!=(const SseEvent &a, const SseEvent &b) { return !(a == b); }
};
