// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// RecentLogModel, the dock's bounded logs: newest first, stamped with the time of day, capped
// (the oldest go), errors in the error colour, and a well-behaved model throughout.
#include "recentlogmodel.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QTest>
#include <QTreeView>

class TestRecentLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newestFirstAndCapped();
    void errorsAndHeaders();
    void view();
};

void TestRecentLogModel::newestFirstAndCapped()
{
    RecentLogModel model({QStringLiteral("Client"), QStringLiteral("What")}, 3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), 3);
    for (int i = 1; i <= 5; ++i)
        model.prepend({i, QStringLiteral("event %1").arg(i)});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, 1).data().toInt(), 5);
    QCOMPARE(model.index(2, 2).data().toString(), QStringLiteral("event 3"));
    // The first column is the time it was added, HH:mm:ss.zzz.
    QCOMPARE(model.index(0, 0).data().toString().size(), 12);
    QCOMPARE(model.index(0, 0).data().toString().at(2), QLatin1Char(':'));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    model.clear(); // clearing an empty log is a no-op
    QCOMPARE(model.rowCount(), 0);
}

void TestRecentLogModel::errorsAndHeaders()
{
    RecentLogModel model({QStringLiteral("Step"), QStringLiteral("Error")}, 10);
    model.prepend({QStringLiteral("ok")});
    model.prepend({QStringLiteral("bad"), QStringLiteral("port in use")}, true);
    QVERIFY(model.isError(0));
    QVERIFY(!model.isError(1));
    QVERIFY(!model.isError(7));
    QCOMPARE(model.index(0, 1).data(Qt::ForegroundRole).value<QColor>(), QColor(0xdc, 0x26, 0x26));
    QVERIFY(!model.index(1, 1).data(Qt::ForegroundRole).isValid());
    // A row with fewer values than columns: the rest are empty.
    QVERIFY(!model.index(1, 2).data().isValid());
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Time"));
    QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("Error"));
    QVERIFY(!model.headerData(3, Qt::Horizontal).isValid());
    QVERIFY(!model.headerData(0, Qt::Vertical).isValid());
}

void TestRecentLogModel::view()
{
    RecentLogModel model({QStringLiteral("A")}, 5);
    QWidget parent;
    QTreeView *view = createRecentLogView(&model, QStringLiteral("log"), &parent);
    QCOMPARE(view->objectName(), QStringLiteral("log"));
    QCOMPARE(view->model(), &model);
    QCOMPARE(view->editTriggers(), QAbstractItemView::NoEditTriggers);
    QVERIFY(!view->rootIsDecorated());
}

QTEST_MAIN(TestRecentLogModel)
#include "tst_recentlogmodel.moc"
