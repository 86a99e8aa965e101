// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>

// The header fields the tap proxy does not pass on, in either direction.
namespace ProxyHeaders {

// Fields that describe one connection, not the message (RFC 9110 7.6.1), plus the ones the
// proxy rewrites or answers itself.
inline bool isHopByHop(QByteArrayView name)
{
    static constexpr QByteArrayView names[] = {"Connection", "Keep-Alive", "TE", "Trailer",
                                               "Upgrade"};
    for (QByteArrayView hop : names) {
        if (name.compare(hop, Qt::CaseInsensitive) == 0)
            return true;
    }
    return name.size() >= 6 && name.first(6).compare("Proxy-", Qt::CaseInsensitive) == 0;
}

// True when `name` is listed in a Connection field among `fields` (names, values).
template<typename Fields, typename NameOf, typename ValueOf>
bool namedByConnection(const Fields &fields, QByteArrayView name, NameOf nameOf, ValueOf valueOf)
{
    for (const auto &field : fields) {
        if (nameOf(field).compare("Connection", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &token : valueOf(field).toByteArray().split(',')) {
            if (token.trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

} // namespace ProxyHeaders
