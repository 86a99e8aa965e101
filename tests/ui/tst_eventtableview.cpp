// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// EventTableView: rows of one fixed height whatever their data, columns sized for what they
// hold, and following the tail: the newest row comes into view as rows arrive, not while
// following is off, and at once when it is turned on again.
#include "eventtableview.h"
#include "log/eventlog.h"
#include "log/eventtablemodel.h"
#include "logtestdata.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QTest>

using namespace LogTestData;

class TestEventTableView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void layout();
    void followsTheTail();
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

QTEST_MAIN(TestEventTableView)
#include "tst_eventtableview.moc"
