// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "log/timelinemodel.h"
#include "logtestdata.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace LogTestData;

class TestTimelineModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void statesRetriesAndErrors();
    void bounded();
    void inTimeOrderWithFaults();
};

void TestTimelineModel::statesRetriesAndErrors()
{
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    ClientRecord reconnecting = state(ClientState::Reconnecting);
    reconnecting.delayMs = 1500;
    reconnecting.reason = QStringLiteral("stream ended");
    ClientRecord retry;
    retry.kind = ClientRecord::Kind::Retry;
    retry.retryMs = 250;
    ClientRecord failed = state(ClientState::Failed);
    failed.httpStatus = 503;
    failed.reason = QStringLiteral("HTTP 503 Service Unavailable");
    ClientRecord error;
    error.kind = ClientRecord::Kind::Error;
    error.message = QStringLiteral("line exceeds the cap");

    model.append({state(ClientState::Connecting), sseEvent(1, "x"), retry, reconnecting, ping(),
                  failed, error});
    QCOMPARE(inserted.size(), 1); // one insertion per batch
    QCOMPARE(model.rowCount(), 5); // events and pings are not the timeline's
    auto text = [&model](int row, int column) {
        return model.index(row, column).data().toString();
    };
    QCOMPARE(text(0, TimelineModel::WhatColumn), QStringLiteral("connecting"));
    QCOMPARE(text(1, TimelineModel::WhatColumn), QStringLiteral("retry"));
    QVERIFY(text(1, TimelineModel::DetailColumn).contains(QStringLiteral("250 ms")));
    QCOMPARE(text(2, TimelineModel::DetailColumn),
             QStringLiteral("stream ended, next attempt in 1500 ms"));
    // The status is said once even when the reason names it.
    QCOMPARE(text(3, TimelineModel::DetailColumn), QStringLiteral("HTTP 503 Service Unavailable"));
    QCOMPARE(model.index(3, 0).data(TimelineModel::StateRole).toInt(), int(ClientState::Failed));
    QCOMPARE(model.index(4, 0).data(TimelineModel::KindRole).toString(), QStringLiteral("error"));
    QVERIFY(text(0, TimelineModel::TimeColumn).contains(QLatin1Char(':')));

    model.append({sseEvent(2, "y")});
    QCOMPARE(inserted.size(), 1); // nothing to add, nothing said
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestTimelineModel::bounded()
{
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(3);
    model.append({state(ClientState::Connecting), state(ClientState::Open)});
    model.append({state(ClientState::Reconnecting), state(ClientState::Connecting)});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, TimelineModel::WhatColumn).data().toString(), QStringLiteral("open"));
    model.append({state(ClientState::Open), state(ClientState::Closed), state(ClientState::Idle),
                  state(ClientState::Failed)});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(2, TimelineModel::WhatColumn).data().toString(), QStringLiteral("failed"));
}

void TestTimelineModel::inTimeOrderWithFaults()
{
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ClientRecord connecting = state(ClientState::Connecting);
    connecting.monotonicNs = 1000;
    model.append({connecting});
    // A fault noted at once, at 5000; the client's records of 3000 and 4000 reach the GUI later.
    model.appendFault(5000, QStringLiteral("rst"), QStringLiteral("connection reset"));
    ClientRecord open = state(ClientState::Open);
    open.monotonicNs = 3000;
    ClientRecord reconnecting = state(ClientState::Reconnecting);
    reconnecting.monotonicNs = 4000;
    reconnecting.reason = QStringLiteral("a reason long enough to be cut off in a narrow column");
    ClientRecord later = state(ClientState::Open);
    later.monotonicNs = 6000;
    model.append({open, reconnecting, later});
    QCOMPARE(model.rowCount(), 5);
    QList<qint64> times;
    for (int row = 0; row < model.rowCount(); ++row)
        times.append(model.index(row, 0).data(TimelineModel::MonotonicNsRole).toLongLong());
    QCOMPARE(times, (QList<qint64> {1000, 3000, 4000, 5000, 6000}));
    QCOMPARE(model.index(3, TimelineModel::WhatColumn).data().toString(),
             QStringLiteral("fault rst"));
    // The tooltip holds the whole text.
    QCOMPARE(model.index(2, TimelineModel::DetailColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("reconnecting: a reason long enough to be cut off in a narrow column"));
}

QTEST_GUILESS_MAIN(TestTimelineModel)
#include "tst_timelinemodel.moc"
