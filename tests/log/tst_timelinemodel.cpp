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

QTEST_GUILESS_MAIN(TestTimelineModel)
#include "tst_timelinemodel.moc"
