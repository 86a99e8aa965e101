// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "sseencoder.h"

namespace {

// Calls `line(view)` for each line of `text` split at CR, LF or CRLF (at least one line).
template<typename F>
void forEachLine(QByteArrayView text, F line)
{
    qsizetype start = 0;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = text[i];
        if (c == '\n' || c == '\r') {
            line(text.sliced(start, i - start));
            if (c == '\r' && i + 1 < n && text[i + 1] == '\n')
                ++i;
            start = i + 1;
        }
    }
    line(text.sliced(start));
}

void appendSingleLine(QByteArray &out, QByteArrayView value)
{
    const qsizetype at = out.size();
    out.append(value);
    for (qsizetype i = at; i < out.size(); ++i) {
        if (out[i] == '\n' || out[i] == '\r')
            out[i] = ' ';
    }
}

} // namespace

namespace SseEncoder {

void appendEvent(QByteArray &out, const Event &event)
{
    out.reserve(out.size() + event.data.size() + event.type.size() + event.id.size() + 32);
    if (event.hasId) {
        out.append(event.id.isEmpty() ? QByteArrayView("id") : QByteArrayView("id: "));
        appendSingleLine(out, event.id);
        out.append('\n');
    }
    if (!event.type.isEmpty()) {
        out.append("event: ");
        appendSingleLine(out, event.type);
        out.append('\n');
    }
    if (event.retryMs >= 0)
        appendRetry(out, event.retryMs);
    forEachLine(event.data, [&out](QByteArrayView line) {
        out.append("data: ");
        out.append(line);
        out.append('\n');
    });
    out.append('\n');
}

QByteArray event(const Event &event)
{
    QByteArray out;
    appendEvent(out, event);
    return out;
}

void appendComment(QByteArray &out, QByteArrayView text)
{
    forEachLine(text, [&out](QByteArrayView line) {
        out.append(": ");
        out.append(line);
        out.append('\n');
    });
}

void appendRetry(QByteArray &out, qint64 milliseconds)
{
    out.append("retry: ");
    out.append(QByteArray::number(milliseconds));
    out.append('\n');
}

} // namespace SseEncoder
