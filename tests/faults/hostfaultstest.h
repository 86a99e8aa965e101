// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// What the fault suite on both hosts shares (tst_hostfaults_stream, tst_hostfaults_response).
#pragma once

#include "faulthost.h"
#include "faults/scenarioreader.h"
#include "rawsseclient.h"

#include <QTest>

namespace HostFaultsTest {

using End = RawSseClient::End;
using Kind = FaultHost::Kind;

// Nothing on a schedule unless the test asks for it.
inline MockServerOptions quietOptions()
{
    MockServerOptions options;
    options.heartbeatMs = 0;
    options.eventMs = 0;
    return options;
}

inline QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> list;
    for (qint64 i = first; i <= last; ++i)
        list.append(i);
    return list;
}

inline QList<QByteArray> ids(std::initializer_list<const char *> list)
{
    QList<QByteArray> out;
    for (const char *id : list)
        out.append(id);
    return out;
}

inline bool consecutive(const QList<qint64> &list)
{
    return list == range(list.value(0), list.value(0) + list.size() - 1);
}

// One row per host for a test without data of its own.
inline void hostRows()
{
    QTest::addColumn<Kind>("kind");
    for (const Kind kind : FaultHost::kinds())
        QTest::newRow(FaultHost::name(kind)) << kind;
}

inline Scenario scenario(const QByteArray &steps)
{
    Scenario s;
    QString error;
    if (!ScenarioReader::read(R"({"name": "t", "description": "", "steps": )" + steps + "}",
                              QStringLiteral("t.json"), &s, &error))
        qFatal("%s", qPrintable(error));
    return s;
}

} // namespace HostFaultsTest
