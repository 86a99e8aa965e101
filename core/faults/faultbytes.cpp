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
