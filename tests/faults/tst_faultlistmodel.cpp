// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// FaultListModel, the fault engine's list as a table: rows follow the engine's signals
// (applied, fired, retired), removing and clearing go to the engine, and the model stays
// consistent under QAbstractItemModelTester.
#include "faultfixture.h"
#include "faults/faultcontroller.h"
#include "faults/faultlistmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

namespace {

using TestFaults::fault;

using TestFaults::QuietHost;

QString text(const FaultListModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

} // namespace

class TestFaultListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsTheEngine();
    void removeAndClearReachTheEngine();
    void listsWhatWasThereBefore();
    void boundedByDoneRows();
};

void TestFaultListModel::followsTheEngine()
{
    QuietHost host;
    FaultController engine(&host);
    FaultListModel model(&engine);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), int(FaultListModel::ColumnCount));
    QCOMPARE(model.headerData(FaultListModel::FiredColumn, Qt::Horizontal).toString(),
             QStringLiteral("Fired"));

    const int drop = engine.apply(fault(QStringLiteral("drop every=2")));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.idAt(0), drop);
    QCOMPARE(text(model, 0, FaultListModel::SpecColumn), QStringLiteral("drop every=2"));
    QCOMPARE(text(model, 0, FaultListModel::FiredColumn), QStringLiteral("waiting"));
    QCOMPARE(text(model, 0, FaultListModel::StateColumn), QStringLiteral("scheduled"));
    QCOMPARE(text(model, 0, FaultListModel::OriginColumn), QStringLiteral("by hand"));

    const int latency = engine.apply(fault(QStringLiteral("latency ms=5")));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.idAt(0), latency); // newest first
    QCOMPARE(text(model, 0, FaultListModel::StateColumn), QStringLiteral("shaping"));
    QCOMPARE(text(model, 0, FaultListModel::FiredColumn),
             QStringLiteral("1×, last: on until cleared"));

    const int status = engine.apply(fault(QStringLiteral("status code=503")));
    QCOMPARE(text(model, 0, FaultListModel::StateColumn), QStringLiteral("armed"));
    engine.takeResponseFaults(1);
    QCOMPARE(model.idAt(0), status);
    QCOMPARE(text(model, 0, FaultListModel::StateColumn), QStringLiteral("done"));
    QVERIFY(model.index(0, 0).data(FaultListModel::DoneRole).toBool());

    // A report for a fault counts and shows what it did.
    engine.report(drop, fault(QStringLiteral("drop every=2")), 1,
                  QStringLiteral("dropped event 2"));
    QCOMPARE(text(model, 2, FaultListModel::FiredColumn),
             QStringLiteral("1×, last: dropped event 2"));
    QVERIFY(model.index(2, FaultListModel::SpecColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("dropped event 2")));

    // A `now` fault is listed, acts and is done at once.
    engine.apply(fault(QStringLiteral("fin")));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(text(model, 0, FaultListModel::StateColumn), QStringLiteral("done"));
}

void TestFaultListModel::removeAndClearReachTheEngine()
{
    QuietHost host;
    FaultController engine(&host);
    FaultListModel model(&engine);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int first = engine.apply(fault(QStringLiteral("drop every=2")));
    const int second = engine.apply(fault(QStringLiteral("duplicate every=3")));
    model.remove({first});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.idAt(0), second);
    QCOMPARE(engine.faults().size(), 1);
    QCOMPARE(engine.faults().first().id, second);

    engine.runScenario(TestFaults::oneFaultScenario(QStringLiteral("bandwidth bps=1000")));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(text(model, 0, FaultListModel::OriginColumn), QStringLiteral("scenario"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(engine.faults().isEmpty());
}

void TestFaultListModel::listsWhatWasThereBefore()
{
    QuietHost host;
    FaultController engine(&host);
    const int first = engine.apply(fault(QStringLiteral("drop every=2")));
    const int second = engine.apply(fault(QStringLiteral("slice bytes=4")));
    FaultListModel model(&engine);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.idAt(0), second);
    QCOMPARE(model.idAt(1), first);
    QCOMPARE(text(model, 0, FaultListModel::StateColumn), QStringLiteral("shaping"));
}

void TestFaultListModel::boundedByDoneRows()
{
    QuietHost host;
    FaultController engine(&host);
    FaultListModel model(&engine);
    const int kept = engine.apply(fault(QStringLiteral("drop every=1000")));
    for (int i = 0; i < FaultListModel::MaxRows + 20; ++i)
        engine.apply(fault(QStringLiteral("fin")));
    QCOMPARE(model.rowCount(), FaultListModel::MaxRows);
    // The oldest done rows went; the fault still in force stayed, oldest of all.
    QCOMPARE(model.idAt(model.rowCount() - 1), kept);
}

QTEST_GUILESS_MAIN(TestFaultListModel)
#include "tst_faultlistmodel.moc"
