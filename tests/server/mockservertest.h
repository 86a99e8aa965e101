// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// What the mock server's tests share (tst_mockserver, tst_mockserver_requests).
#pragma once

#include "server/mockserver.h"

#include <QDateTime>
#include <QHostAddress>
#include <QTest>

Q_DECLARE_METATYPE(MockRequestInfo)
Q_DECLARE_METATYPE(MockDisconnectInfo)
Q_DECLARE_METATYPE(MockServerOptions::HeartbeatForm)

namespace MockServerTest {

inline constexpr int WaitMs = 5000;

// Nothing on a schedule unless the test asks for it.
inline MockServerOptions quietOptions()
{
    MockServerOptions options;
    options.heartbeatMs = 0;
    options.eventMs = 0;
    return options;
}

inline QList<qint64> idsOf(const QList<SseEvent> &events)
{
    QList<qint64> ids;
    for (const SseEvent &event : events)
        ids.append(event.id.toLongLong());
    return ids;
}

inline bool consecutive(const QList<qint64> &ids, qint64 first)
{
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (ids.at(i) != first + i)
            return false;
    }
    return true;
}

inline QString describe(const QList<qint64> &ids)
{
    QStringList parts;
    for (qint64 id : ids.first(qMin<qsizetype>(ids.size(), 30)))
        parts.append(QString::number(id));
    return parts.join(u',');
}

inline double nowUnixMs()
{
    return double(QDateTime::currentMSecsSinceEpoch());
}

// Starts the server on loopback, on a free port.
inline bool start(MockServer &server, MockServerOptions options)
{
    options.host = QHostAddress(QHostAddress::LocalHost);
    options.port = 0;
    server.setOptions(options);
    QString error;
    if (!server.start(&error)) {
        qWarning() << error;
        return false;
    }
    return server.port() != 0;
}

} // namespace MockServerTest
