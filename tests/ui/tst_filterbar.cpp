// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// FilterBar: the condition field for the table's JSON field column (shown only with one,
// marked when invalid), and the row switches folding into a Rows menu on a narrow bar without
// losing what they do.
#include "filterbar.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

class TestFilterBar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fieldCondition();
    void switchesFoldOnANarrowBar();
};

void TestFilterBar::fieldCondition()
{
    FilterBar bar;
    bar.resize(1200, bar.sizeHint().height());
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    QLineEdit *field = bar.fieldCondition();
    QVERIFY(field->isHidden());
    QSignalSpy changed(&bar, &FilterBar::filterChanged);

    JsonPointer n;
    QVERIFY(JsonPointer::parse(u"/n", &n));
    bar.setFieldPointer(true, n);
    QVERIFY(field->isVisible());
    QVERIFY(field->placeholderText().startsWith(QStringLiteral("/n")));
    QTest::keyClicks(field, QStringLiteral(">3"));
    QTRY_VERIFY(changed.size() > 0);
    EventFilter filter = changed.last().first().value<EventFilter>();
    QCOMPARE(filter.fieldPointer().toString(), QStringLiteral("/n"));
    QCOMPARE(filter.fieldCondition(), QStringLiteral(">3"));
    QVERIFY(filter.isActive());
    QVERIFY(field->styleSheet().isEmpty());

    field->setText(QStringLiteral(">x"));
    QTRY_VERIFY(!changed.last().first().value<EventFilter>().isValid());
    QVERIFY(field->styleSheet().contains(QStringLiteral("border")));
    QVERIFY2(field->toolTip().contains(QStringLiteral("is not one")), qPrintable(field->toolTip()));
    bar.setCounts(5, 5, false);
    QVERIFY(bar.findChild<QLabel *>(QStringLiteral("matchCount"))
                ->text()
                .contains(QStringLiteral("invalid condition")));

    // Without the column the condition does not filter, and its field goes.
    const int before = changed.size();
    bar.setFieldPointer(false, JsonPointer());
    QVERIFY(field->isHidden());
    QCOMPARE(changed.size(), before + 1);
    QVERIFY(changed.last().first().value<EventFilter>().isValid());
    QVERIFY(!bar.filter().isActive());
}

void TestFilterBar::switchesFoldOnANarrowBar()
{
    FilterBar bar;
    bar.resize(1400, bar.sizeHint().height());
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    auto *comments = bar.findChild<QCheckBox *>(QStringLiteral("showComments"));
    auto *rows = bar.findChild<QToolButton *>(QStringLiteral("rowSwitches"));
    QVERIFY(comments && rows);
    QVERIFY(!bar.switchesFolded());
    QVERIFY(comments->isVisible());
    QVERIFY(rows->isHidden());

    bar.resize(640, bar.height());
    QTRY_VERIFY(bar.switchesFolded());
    QVERIFY(comments->isHidden());
    QVERIFY(rows->isVisible());
    // The fields keep a width one can type in.
    QVERIFY(bar.textField()->width() >= bar.textField()->fontMetrics().averageCharWidth() * 12);
    QCOMPARE(rows->text(), QStringLiteral("Rows"));

    QSignalSpy changed(&bar, &FilterBar::filterChanged);
    auto *action = rows->menu()->findChild<QAction *>(QStringLiteral("showCommentsAction"));
    QVERIFY(action);
    action->trigger(); // off
    QVERIFY(!comments->isChecked());
    QCOMPARE(changed.size(), 1);
    QVERIFY(!changed.last().first().value<EventFilter>().showComments());
    QCOMPARE(rows->text(), QStringLiteral("Rows*")); // something is hidden

    comments->setChecked(true);
    QVERIFY(action->isChecked());
    bar.resize(1400, bar.height());
    QTRY_VERIFY(!bar.switchesFolded());
    QVERIFY(comments->isVisible());
}

QTEST_MAIN(TestFilterBar)
#include "tst_filterbar.moc"
