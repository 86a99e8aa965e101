// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "clientrecord.h"

#include <QStringList>

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

bool parseClientState(const QString &name, ClientState *state)
{
    for (ClientState s : {ClientState::Idle, ClientState::Connecting, ClientState::Open,
                          ClientState::Reconnecting, ClientState::Closed, ClientState::Failed}) {
        if (clientStateName(s) == name) {
            *state = s;
            return true;
        }
    }
    return false;
}

std::array<AttemptTiming::Phase, AttemptTiming::kPhases> AttemptTiming::phases() const
{
    // Whole microseconds: what the NDJSON record keeps, so a reopened session shows the same.
    const auto offset = [this](qint64 ns) {
        return ns > 0 && startNs > 0 ? (ns - startNs) / 1000 * 1000 : -1;
    };
    return {{{"dns_ms", "dns", offset(dnsNs)},
             {"connect_ms", "connect", offset(connectNs)},
             {"tls_ms", "tls", offset(tlsNs)},
             {"sent_ms", "sent", offset(sentNs)},
             {"first_byte_ms", "first byte", offset(firstByteNs)},
             {"head_ms", "head", offset(headNs)},
             {"first_event_ms", "first event", offset(firstEventNs)}}};
}

void AttemptTiming::setOffset(int index, qint64 offsetNs)
{
    qint64 *const fields[kPhases] = {&dnsNs,       &connectNs, &tlsNs,       &sentNs,
                                     &firstByteNs, &headNs,    &firstEventNs};
    if (index >= 0 && index < kPhases)
        *fields[index] = offsetNs >= 0 ? startNs + offsetNs : 0;
}

QString AttemptInfo::timingText() const
{
    QStringList parts;
    for (const AttemptTiming::Phase &phase : timing.phases()) {
        if (phase.offsetNs >= 0) {
            parts << QStringLiteral("%1 %2 ms")
                         .arg(QLatin1String(phase.label))
                         .arg(double(phase.offsetNs) / 1e6, 0, 'f', 2);
        }
    }
    QString head = QString::fromLatin1(transport);
    if (!protocol.isEmpty())
        head += QLatin1Char(' ') + QString::fromLatin1(protocol);
    if (parts.isEmpty())
        return head + QStringLiteral(": no phase reached");
    return head + QStringLiteral(": ") + parts.join(QStringLiteral(", "));
}
