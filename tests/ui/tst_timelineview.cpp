// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// TimelineView: follows new entries unless scrolled back, and a request's row names its
// attempt and connection when activated (rows without a request do not).
#include "log/timelinemodel.h"
#include "timelineview.h"

#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

class TestTimelineView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsUnlessScrolledBack();
    void requestRowActivates();
};

void TestTimelineView::followsUnlessScrolledBack()
{
    TimelineModel model;
    TimelineView view(&model);
    view.resize(700, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (int i = 0; i < 60; ++i)
        model.appendFault(monotonicNowNs(), QStringLiteral("drop"),
                          QStringLiteral("fault %1").arg(i));
    QScrollBar *bar = view.verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum()); // following the newest

    bar->setValue(0); // scrolled back to read: new entries do not pull the view away
    for (int i = 0; i < 5; ++i)
        model.appendFault(monotonicNowNs(), QStringLiteral("drop"),
                          QStringLiteral("later %1").arg(i));
    QVERIFY(!QTest::qWaitFor([bar] { return bar->value() != 0; }, 100));

    bar->setValue(bar->maximum()); // back at the end: following again
    model.appendFault(monotonicNowNs(), QStringLiteral("drop"), QStringLiteral("last"));
    QTRY_COMPARE(bar->value(), bar->maximum());
    QCOMPARE(model.index(model.rowCount() - 1, TimelineModel::DetailColumn).data().toString(),
             QStringLiteral("last"));
}

void TestTimelineView::requestRowActivates()
{
    TimelineModel model;
    TimelineView view(&model);
    QSignalSpy activated(&view, &TimelineView::attemptActivated);
    model.appendFault(monotonicNowNs(), QStringLiteral("drop"), QStringLiteral("no request"));
    auto attempt = std::make_shared<AttemptInfo>();
    attempt->status = 200;
    ClientRecord open;
    open.kind = ClientRecord::Kind::State;
    open.state = ClientState::Open;
    open.conn = 3;
    open.monotonicNs = monotonicNowNs();
    open.attempt = attempt;
    model.append({open});
    QCOMPARE(model.rowCount(), 2);

    Q_EMIT view.activated(model.index(0, TimelineModel::DetailColumn));
    QCOMPARE(activated.size(), 0); // a fault's row has no request
    Q_EMIT view.activated(model.index(1, TimelineModel::DetailColumn));
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.at(0).at(0).value<AttemptPointer>(), AttemptPointer(attempt));
    QCOMPARE(activated.at(0).at(1).toInt(), 3);
}

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
