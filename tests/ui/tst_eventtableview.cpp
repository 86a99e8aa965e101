// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// EventTableView: rows of one fixed height whatever their data, columns sized for what they
// hold, and following the tail: the newest row comes into view as rows arrive, not while
// following is off, and at once when it is turned on again. The JSON field column shows when
// set, header clicks sort, the selection survives a sort, and arrival order comes back.
#include "eventtableview.h"
#include "log/eventlog.h"
#include "log/eventtablemodel.h"
#include "logtestdata.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace LogTestData;

class TestEventTableView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void layout();
    void followsTheTail();
    void fieldColumn();
    void headerSortsAndKeepsTheSelection();
    void removingTheSortedFieldGoesBackToArrival();
};

void TestEventTableView::layout()
{
    EventLog log;
    EventTableModel model(&log);
    EventTableView view(&model);
    log.append({sseEvent(1, "one line"), sseEvent(2, "two\nlines")});
    QCOMPARE(view.verticalHeader()->sectionResizeMode(0), QHeaderView::Fixed);
    QCOMPARE(view.rowHeight(0), view.rowHeight(1));
    QVERIFY(view.verticalHeader()->isHidden());
    const int digit = view.fontMetrics().horizontalAdvance(QLatin1Char('0'));
    QCOMPARE(view.columnWidth(EventTableModel::NumberColumn), digit * 8);
    QCOMPARE(view.columnWidth(EventTableModel::TypeColumn), digit * 13);
    QVERIFY(view.horizontalHeader()->stretchLastSection());
    QCOMPARE(view.selectionMode(), QAbstractItemView::SingleSelection);
}

void TestEventTableView::followsTheTail()
{
    EventLog log;
    EventTableModel model(&log);
    EventTableView view(&model);
    view.resize(600, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.followsTail());
    QScrollBar *bar = view.verticalScrollBar();
    log.append(events(1, 200));
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());

    view.setFollowTail(false);
    bar->setValue(0);
    log.append(events(201, 50));
    QVERIFY(!QTest::qWaitFor([bar] { return bar->value() != 0; }, 150));

    view.setFollowTail(true); // at once, without waiting for a new row
    QCOMPARE(bar->value(), bar->maximum());
    log.append(events(251, 50));
    QTRY_COMPARE(bar->value(), bar->maximum());
}

void TestEventTableView::fieldColumn()
{
    EventLog log;
    EventTableModel model(&log);
    EventTableView view(&model);
    log.append(events(1, 3));
    QVERIFY(view.isColumnHidden(EventTableModel::FieldColumn));
    QCOMPARE(view.horizontalHeader()->sortIndicatorSection(), int(EventTableModel::NumberColumn));
    QVERIFY(view.isSortingEnabled());
    QVERIFY(!model.isSorted()); // enabling sorting kept arrival order

    QString error;
    QVERIFY(!view.showField(QStringLiteral("n"), &error));
    QVERIFY2(error.contains(QStringLiteral("starts with /")), qPrintable(error));
    QVERIFY(view.isColumnHidden(EventTableModel::FieldColumn));
    QVERIFY(view.showField(QStringLiteral(" /n "), &error));
    QVERIFY(!view.isColumnHidden(EventTableModel::FieldColumn));
    QCOMPARE(model.headerData(EventTableModel::FieldColumn, Qt::Horizontal).toString(),
             QStringLiteral("/n"));
    QCOMPARE(model.index(2, EventTableModel::FieldColumn).data().toString(), QStringLiteral("3"));
    view.removeField();
    QVERIFY(view.isColumnHidden(EventTableModel::FieldColumn));
}

void TestEventTableView::headerSortsAndKeepsTheSelection()
{
    EventLog log;
    EventTableModel model(&log);
    EventTableView view(&model);
    QSignalSpy lost(&view, &EventTableView::selectionLost);
    log.append(events(1, 20));
    QVERIFY(view.showField(QStringLiteral("/n")));
    view.selectRow(4); // n = 5
    view.horizontalHeader()->setSortIndicator(EventTableModel::FieldColumn, Qt::DescendingOrder);
    QVERIFY(model.isSorted());
    QCOMPARE(model.index(0, EventTableModel::FieldColumn).data().toString(), QStringLiteral("20"));
    QCOMPARE(view.currentIndex().row(), 15);
    QCOMPARE(model.data(view.currentIndex(), EventTableModel::SeqRole).toLongLong(), 5);
    QCOMPARE(lost.size(), 0);

    // A filter that hides the selected row loses it, and says so.
    EventFilter filter;
    JsonPointer n;
    QVERIFY(JsonPointer::parse(u"/n", &n));
    filter.setField(n, QStringLiteral(">10"));
    model.setFilter(filter);
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(lost.size(), 1);
    QVERIFY(!view.currentIndex().isValid());

    view.arrivalOrder();
    QVERIFY(!model.isSorted());
    QCOMPARE(view.horizontalHeader()->sortIndicatorSection(), int(EventTableModel::NumberColumn));
    QCOMPARE(view.horizontalHeader()->sortIndicatorOrder(), Qt::AscendingOrder);
    QCOMPARE(model.index(0, EventTableModel::FieldColumn).data().toString(), QStringLiteral("11"));
}

void TestEventTableView::removingTheSortedFieldGoesBackToArrival()
{
    EventLog log;
    EventTableModel model(&log);
    EventTableView view(&model);
    log.append(events(1, 5));
    QVERIFY(view.showField(QStringLiteral("/n")));
    view.sortByColumn(EventTableModel::FieldColumn, Qt::DescendingOrder);
    QVERIFY(model.isSorted());
    view.removeField();
    QVERIFY(!model.isSorted());
    QCOMPARE(view.horizontalHeader()->sortIndicatorSection(), int(EventTableModel::NumberColumn));
    QCOMPARE(model.index(0, EventTableModel::IdColumn).data().toString(), QStringLiteral("1"));
}

QTEST_MAIN(TestEventTableView)
#include "tst_eventtableview.moc"
