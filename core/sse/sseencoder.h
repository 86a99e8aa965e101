// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Writes text/event-stream fields so that a conforming parser reads back exactly what was
// given: data containing CR, LF or CRLF becomes one `data:` line per line, a leading space is
// protected by the single space after the colon, and line breaks in names and ids (which the
// format cannot carry) are replaced by spaces.
namespace SseEncoder {

struct Event
{
    QByteArrayView type; // empty: no `event` field (the reader sees "message")
    QByteArrayView data;
    QByteArrayView id; // written only when hasId
    bool hasId = false;
    qint64 retryMs = -1; // written when >= 0
};

void appendEvent(QByteArray &out, const Event &event);
QByteArray event(const Event &event);
// One comment line per line of text: `: text`.
void appendComment(QByteArray &out, QByteArrayView text);
void appendRetry(QByteArray &out, qint64 milliseconds);

} // namespace SseEncoder
