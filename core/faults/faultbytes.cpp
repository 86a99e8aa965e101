// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "faultbytes.h"

#include "sse/sseencoder.h"

QByteArray FaultBytes::garbage(const Fault &fault)
{
    switch (fault.garbage) {
    case Fault::GarbageKind::Utf8:
        // A lone continuation byte, an overlong form, a surrogate, a truncated sequence.
        return QByteArrayLiteral("data: bad utf-8 \x80 \xC0\xAF \xED\xA0\x80 \xE2\x82\n\n");
    case Fault::GarbageKind::Nul:
        return QByteArrayLiteral("data: nul \0 byte\n\n");
    case Fault::GarbageKind::Binary: {
        QByteArray bytes;
        for (int i = 0; i < 256; ++i)
            bytes.append(char(255 - i));
        return bytes + "\n\n";
    }
    case Fault::GarbageKind::LongLine:
        return "data: " + QByteArray(fault.bytes, 'x') + "\n\n";
    case Fault::GarbageKind::NoEol:
        return QByteArrayLiteral("data: a line without end");
    }
    return {};
}

QByteArray FaultBytes::retry(qint64 ms)
{
    QByteArray bytes;
    SseEncoder::appendRetry(bytes, ms);
    bytes += '\n';
    return bytes;
}

QByteArray FaultBytes::errorEvent()
{
    return QByteArrayLiteral("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":"
                             "\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
}

QByteArray FaultBytes::notJson(const QByteArray &event)
{
    QByteArray out;
    out.reserve(event.size());
    qsizetype at = 0;
    while (at < event.size()) {
        qsizetype end = event.indexOf('\n', at);
        end = end < 0 ? event.size() : end + 1;
        const QByteArrayView line = QByteArrayView(event).sliced(at, end - at);
        if (line.startsWith("data:")) {
            // "data:" and an optional space, then the value, cut to half (at least one byte
            // goes, so that `{}` becomes `{`).
            qsizetype valueAt = 5;
            if (line.size() > 5 && line.at(5) == ' ')
                valueAt = 6;
            QByteArrayView value = line.sliced(valueAt);
            while (value.endsWith('\n') || value.endsWith('\r'))
                value.chop(1);
            const qsizetype keep = value.isEmpty() ? 0 : qMin(value.size() - 1, value.size() / 2);
            out.append(line.first(valueAt));
            out.append(value.first(keep));
            out.append('\n');
        } else {
            out.append(line);
        }
        at = end;
    }
    return out;
}

FaultBytes::Answer FaultBytes::answer(const Fault &fault)
{
    Answer answer;
    answer.status = fault.code;
    if (fault.kind == Fault::Kind::Redirect) {
        answer.headers = "Location: " + fault.location + "\r\n";
        answer.message = "moved to " + fault.location;
        answer.detail = QStringLiteral("redirected (%1) to %2")
                            .arg(fault.code)
                            .arg(QString::fromUtf8(fault.location));
        return answer;
    }
    if (fault.retryAfterSeconds >= 0)
        answer.headers += "Retry-After: " + QByteArray::number(fault.retryAfterSeconds) + "\r\n";
    if (fault.code == 401)
        answer.headers += "WWW-Authenticate: Bearer realm=\"ssemon\"\r\n";
    answer.message = "fault injected by ssemon: " + QByteArray::number(fault.code);
    answer.detail = QStringLiteral("answered %1").arg(fault.code);
    return answer;
}
