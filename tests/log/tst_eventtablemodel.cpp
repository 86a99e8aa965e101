// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "log/eventlog.h"
#include "log/eventtablemodel.h"
#include "logtestdata.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace LogTestData;

class TestEventTableModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowsPerBatch();
    void columnsShowTheEntry();
    void evictionRemovesTopRows();
    void filterByTextTypeAndKinds();
    void filterAppliesToNewBatchesAndEviction();
    void invalidRegexFiltersNothing();
    void pauseKeepsCapturing();
    void pausedEvictionPastShownRows();
    void clearResets();
    void batchLargerThanCapacity();
    void filterMillionRowsFast();
    void fieldColumnShowsAJsonField();
    void filterByField_data();
    void filterByField();
    void invalidFieldConditionFiltersNothing();
    void sortByField();
    void sortByIdNumbersFirst();
    void sortedViewHoldsArrivals();
    void sortedViewOutlivesEviction();
    void sortFollowsFilterAndField();

private:
    struct Fixture
    {
        EventLog log;
        EventTableModel model {&log};
        QAbstractItemModelTester tester {&model,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest};
    };
};

void TestEventTableModel::rowsPerBatch()
{
    Fixture f;
    QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
    f.log.append(events(1, 100));
    f.log.append(events(101, 50));
    QCOMPARE(f.model.rowCount(), 150);
    QCOMPARE(inserted.size(), 2); // one insertion per batch
    QCOMPARE(inserted.at(1).at(1).toInt(), 100);
    QCOMPARE(inserted.at(1).at(2).toInt(), 149);
    QCOMPARE(f.model.columnCount(), int(EventTableModel::ColumnCount));
}

void TestEventTableModel::columnsShowTheEntry()
{
    Fixture f;
    ClientRecord second = sseEvent(2, "line1\nline2", "update", "id-2", 2);
    second.monotonicNs = 1000000 + 12500000; // 12.5 ms after the first
    f.log.append({sseEvent(1, "{\"a\":1}", "message", "id-1"), second, comment("ping 5"), ping()});
    auto cell = [&f](int row, int column, int role = Qt::DisplayRole) {
        return f.model.data(f.model.index(row, column), role);
    };
    QCOMPARE(cell(0, EventTableModel::NumberColumn).toLongLong(), 1);
    QCOMPARE(cell(1, EventTableModel::TypeColumn).toString(), QStringLiteral("update"));
    QCOMPARE(cell(1, EventTableModel::IdColumn).toString(), QStringLiteral("id-2"));
    QCOMPARE(cell(1, EventTableModel::ConnColumn).toInt(), 2);
    QCOMPARE(cell(1, EventTableModel::DeltaColumn).toString(), QStringLiteral("12.5 ms"));
    QVERIFY(cell(0, EventTableModel::DeltaColumn).toString().isEmpty()); // nothing before
    QCOMPARE(cell(1, EventTableModel::SizeColumn).toString(), QStringLiteral("11 B"));
    // One line per row, the whole text in DataRole.
    QCOMPARE(cell(1, EventTableModel::DataColumn).toString(),
             QStringLiteral("line1") + QChar(0x21B5) + QStringLiteral("line2"));
    QCOMPARE(cell(1, 0, EventTableModel::DataRole).toString(), QStringLiteral("line1\nline2"));
    QCOMPARE(cell(1, 0, EventTableModel::RawDataRole).toByteArray(), QByteArray("line1\nline2"));
    QCOMPARE(cell(1, 0, EventTableModel::SeqRole).toLongLong(), 2);
    QCOMPARE(cell(0, 0, EventTableModel::KindRole).toInt(), int(EventTableModel::EventRow));
    QCOMPARE(cell(2, 0, EventTableModel::KindRole).toInt(), int(EventTableModel::HeartbeatRow));
    QCOMPARE(cell(2, EventTableModel::TypeColumn).toString(), QStringLiteral("comment"));
    QCOMPARE(cell(2, EventTableModel::DataColumn).toString(), QStringLiteral("ping 5"));
    QVERIFY(cell(0, EventTableModel::TimeColumn).toString().contains(QLatin1Char(':')));

    // A long payload is cut for the table, with an ellipsis, never mid-character.
    const QByteArray longData = QByteArray(1000, 'x') + "\xc3\xa9";
    f.log.append({sseEvent(3, longData)});
    const QString preview = cell(3, EventTableModel::DataColumn).toString();
    QCOMPARE(preview.size(), EventTableModel::previewChars() + 1);
    QVERIFY(preview.endsWith(QChar(0x2026)));
    QCOMPARE(cell(3, 0, EventTableModel::DataRole).toString().size(), 1001);
}

void TestEventTableModel::evictionRemovesTopRows()
{
    Fixture f;
    f.log.setCapacity(100);
    f.log.append(events(1, 80));
    QSignalSpy removed(&f.model, &QAbstractItemModel::rowsRemoved);
    f.log.append(events(81, 40));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 19);
    QCOMPARE(f.model.rowCount(), 100);
    QCOMPARE(f.model.data(f.model.index(0, 0), EventTableModel::SeqRole).toLongLong(), 21);
    QCOMPARE(f.model.data(f.model.index(99, 0), EventTableModel::SeqRole).toLongLong(), 120);
    QCOMPARE(f.log.dropped(), 20);
}

void TestEventTableModel::filterByTextTypeAndKinds()
{
    Fixture f;
    f.log.append({sseEvent(1, "alpha"), sseEvent(2, "Beta", "update"), comment("note"),
                  comment("ping 1"), ping(), sseEvent(3, "gamma beta", "update")});
    QCOMPARE(f.model.rowCount(), 5);

    EventFilter filter;
    filter.setText(QStringLiteral("BETA"));
    f.model.setFilter(filter);
    QCOMPARE(f.model.matchCount(), 2);
    QCOMPARE(f.model.data(f.model.index(1, 0), EventTableModel::SeqRole).toLongLong(), 3);
    QCOMPARE(f.model.rowForLogIndex(4), 1);
    QCOMPARE(f.model.rowForLogIndex(0), -1);

    filter = EventFilter();
    filter.setShowComments(false);
    filter.setShowHeartbeats(false);
    f.model.setFilter(filter);
    QCOMPARE(f.model.matchCount(), 3);

    filter = EventFilter();
    filter.setType(QStringLiteral("update"));
    filter.setText(QStringLiteral("^gam"), true);
    f.model.setFilter(filter);
    QCOMPARE(f.model.matchCount(), 1);

    f.model.setFilter(EventFilter());
    QCOMPARE(f.model.rowCount(), 5);
}

void TestEventTableModel::filterAppliesToNewBatchesAndEviction()
{
    Fixture f;
    f.log.setCapacity(50);
    EventFilter filter;
    filter.setText(QStringLiteral("\"n\":1")); // 1, 10..19, 100..
    f.model.setFilter(filter);
    QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
    f.log.append(events(1, 30));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(f.model.rowCount(), 11);
    f.log.append(events(31, 5)); // no match: no insertion
    QCOMPARE(inserted.size(), 1);
    f.log.append(events(36, 20)); // 1..5 evicted: 1 leaves the view
    QCOMPARE(f.model.rowCount(), 10);
    QCOMPARE(f.model.data(f.model.index(0, 0), EventTableModel::SeqRole).toLongLong(), 10);
    f.log.append(events(56, 5)); // 6..10 evicted: 10 leaves
    QCOMPARE(f.model.rowCount(), 9);
    QCOMPARE(f.model.data(f.model.index(0, 0), EventTableModel::SeqRole).toLongLong(), 11);
}

void TestEventTableModel::invalidRegexFiltersNothing()
{
    Fixture f;
    f.log.append(events(1, 10));
    EventFilter filter;
    filter.setText(QStringLiteral("[oops"), true);
    f.model.setFilter(filter);
    QVERIFY(!f.model.filter().isValid());
    QCOMPARE(f.model.rowCount(), 10);
}

void TestEventTableModel::pauseKeepsCapturing()
{
    Fixture f;
    f.log.append(events(1, 10));
    f.model.setPaused(true);
    f.log.append(events(11, 10));
    QCOMPARE(f.model.rowCount(), 10);
    QCOMPARE(f.log.size(), 20);
    QCOMPARE(f.model.pendingCount(), 10);
    // Refiltering while paused keeps the view where it was.
    EventFilter filter;
    filter.setText(QStringLiteral("\"n\":1"));
    f.model.setFilter(filter);
    QCOMPARE(f.model.rowCount(), 2); // 1 and 10
    f.model.setPaused(false);
    QCOMPARE(f.model.rowCount(), 11); // and 11..19
    QCOMPARE(f.model.pendingCount(), 0);
}

void TestEventTableModel::pausedEvictionPastShownRows()
{
    Fixture f;
    f.log.setCapacity(10);
    f.log.append(events(1, 5));
    f.model.setPaused(true);
    f.log.append(events(6, 30)); // everything shown goes, and more
    QCOMPARE(f.model.rowCount(), 0);
    QCOMPARE(f.model.pendingCount(), 10);
    f.model.setPaused(false);
    QCOMPARE(f.model.rowCount(), 10);
    QCOMPARE(f.model.data(f.model.index(0, 0), EventTableModel::SeqRole).toLongLong(), 26);
}

void TestEventTableModel::clearResets()
{
    Fixture f;
    f.log.append(events(1, 10));
    QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);
    f.log.clear();
    QCOMPARE(reset.size(), 1);
    QCOMPARE(f.model.rowCount(), 0);
    f.log.append(events(11, 3));
    QCOMPARE(f.model.rowCount(), 3);
    QCOMPARE(f.model.data(f.model.index(0, EventTableModel::NumberColumn)).toLongLong(), 11);
}

void TestEventTableModel::batchLargerThanCapacity()
{
    Fixture f;
    f.log.setCapacity(8);
    f.log.append(events(1, 5));
    f.log.append(events(6, 20));
    QCOMPARE(f.model.rowCount(), 8);
    QCOMPARE(f.model.data(f.model.index(0, 0), EventTableModel::SeqRole).toLongLong(), 18);
}

void TestEventTableModel::filterMillionRowsFast()
{
    EventLog log;
    EventTableModel model(&log);
    for (int n = 1; n <= 1000000; n += 4096)
        log.append(events(n, std::min(4096, 1000000 - n + 1)));
    QCOMPARE(model.rowCount(), 1000000);
    EventFilter filter;
    filter.setText(QStringLiteral("\"N\":99999")); // 99999 and 999990..999999
    QElapsedTimer timer;
    timer.start();
    model.setFilter(filter);
    qInfo("refiltering 1M rows by text: %lld ms (speed is measured by bench_gui)", timer.elapsed());
    QCOMPARE(model.rowCount(), 11);
    model.setFilter(EventFilter());
    QCOMPARE(model.rowCount(), 1000000);
}

namespace {

JsonPointer pointer(const char *text)
{
    JsonPointer parsed;
    if (!JsonPointer::parse(QString::fromUtf8(text), &parsed))
        qFatal("bad pointer %s", text);
    return parsed;
}

QStringList column(const EventTableModel &model, int column)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values << model.data(model.index(row, column)).toString();
    return values;
}

} // namespace

void TestEventTableModel::fieldColumnShowsAJsonField()
{
    Fixture f;
    f.log.append({sseEvent(1, "{\"n\":5,\"s\":\"a\\nb\"}"), sseEvent(2, "{\"n\":\"x\"}"),
                  sseEvent(3, "not json"), comment("{\"n\":9}"), sseEvent(4, "{\"n\":[1, 2]}")});
    QCOMPARE(f.model.headerData(EventTableModel::FieldColumn, Qt::Horizontal).toString(),
             QStringLiteral("Field"));
    QVERIFY(column(f.model, EventTableModel::FieldColumn).join(QString()).isEmpty());

    QSignalSpy header(&f.model, &QAbstractItemModel::headerDataChanged);
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    f.model.setFieldPointer(pointer("/n"));
    QCOMPARE(header.size(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(f.model.headerData(EventTableModel::FieldColumn, Qt::Horizontal).toString(),
             QStringLiteral("/n"));
    // A comment's text is not an event's data: no field, even when it reads as JSON.
    QCOMPARE(column(f.model, EventTableModel::FieldColumn),
             (QStringList {"5", "x", "", "", "[1, 2]"}));
    const auto alignment = [&f](int row) {
        return f.model.data(f.model.index(row, EventTableModel::FieldColumn), Qt::TextAlignmentRole)
            .value<Qt::Alignment>();
    };
    QVERIFY(alignment(0) & Qt::AlignRight); // a number
    QVERIFY(alignment(1) & Qt::AlignLeft);

    f.model.setFieldPointer(pointer("/s"));
    QCOMPARE(f.model.data(f.model.index(0, EventTableModel::FieldColumn)).toString(),
             QStringLiteral("a\u21B5b")); // decoded, one line
    f.model.clearField();
    QVERIFY(!f.model.hasField());
    QCOMPARE(f.model.data(f.model.index(0, EventTableModel::FieldColumn)).toString(), QString());
}

void TestEventTableModel::filterByField_data()
{
    QTest::addColumn<QString>("condition");
    QTest::addColumn<QStringList>("ids");
    // Data: n = 1, 2, 3, "3", "abc", true, null, missing; and a comment.
    QTest::newRow("greater") << QStringLiteral(">1.5") << QStringList {"2", "3"};
    QTest::newRow("at most") << QStringLiteral("<= 2") << QStringList {"1", "2"};
    QTest::newRow("equal number") << QStringLiteral("=3") << QStringList {"3", "3s"};
    QTest::newRow("equal text") << QStringLiteral("=abc") << QStringList {"abc"};
    QTest::newRow("equal literal") << QStringLiteral("=true") << QStringList {"true"};
    QTest::newRow("not equal") << QStringLiteral("!=3")
                               << QStringList {"1", "2", "abc", "true", "null"};
    QTest::newRow("any") << QStringLiteral("*")
                         << QStringList {"1", "2", "3", "3s", "abc", "true", "null"};
    QTest::newRow("none") << QStringLiteral("!*") << QStringList {"none", "comment"};
    QTest::newRow("substring") << QStringLiteral("AB") << QStringList {"abc"};
    QTest::newRow("empty") << QString() << QStringList {"1",    "2",    "3",    "3s",     "abc",
                                                        "true", "null", "none", "comment"};
}

void TestEventTableModel::filterByField()
{
    QFETCH(QString, condition);
    QFETCH(QStringList, ids);
    Fixture f;
    f.log.append(
        {sseEvent(1, "{\"n\":1}", "message", "1"), sseEvent(2, "{\"n\":2}", "message", "2"),
         sseEvent(3, "{\"n\":3}", "message", "3"), sseEvent(4, "{\"n\":\"3\"}", "message", "3s"),
         sseEvent(5, "{\"n\":\"abc\"}", "message", "abc"),
         sseEvent(6, "{\"n\":true}", "message", "true"),
         sseEvent(7, "{\"n\":null}", "message", "null"),
         sseEvent(8, "{\"m\":1}", "message", "none")});
    ClientRecord c = comment("x");
    f.log.append({c});
    EventFilter filter;
    filter.setField(pointer("/n"), condition);
    QVERIFY2(filter.isValid(), qPrintable(filter.fieldError()));
    f.model.setFilter(filter);
    QStringList shown;
    for (int row = 0; row < f.model.rowCount(); ++row) {
        const QString id = f.model.data(f.model.index(row, EventTableModel::IdColumn)).toString();
        shown << (id.isEmpty() ? QStringLiteral("comment") : id);
    }
    QCOMPARE(shown, ids);
}

void TestEventTableModel::invalidFieldConditionFiltersNothing()
{
    Fixture f;
    f.log.append(events(1, 5));
    EventFilter filter;
    filter.setField(pointer("/n"), QStringLiteral(">abc"));
    QVERIFY(!filter.isValid());
    QVERIFY(filter.isRegexValid());
    QVERIFY2(filter.fieldError().contains(QStringLiteral("\"abc\" is not")),
             qPrintable(filter.fieldError()));
    QVERIFY(!filter.isActive());
    f.model.setFilter(filter);
    QCOMPARE(f.model.rowCount(), 5);
    filter.setField(pointer("/n"), QStringLiteral("* 3"));
    QVERIFY(!filter.fieldError().isEmpty());
    filter.setField(pointer("/n"), QStringLiteral(">=4"));
    QVERIFY(filter.isValid());
    f.model.setFilter(filter);
    QCOMPARE(f.model.rowCount(), 2);
}

void TestEventTableModel::sortByField()
{
    Fixture f;
    f.log.append(
        {sseEvent(1, "{\"n\":10}", "message", "a"), sseEvent(2, "{\"n\":\"b\"}", "message", "b"),
         sseEvent(3, "{}", "message", "c"), sseEvent(4, "{\"n\":-2.5}", "message", "d"),
         sseEvent(5, "{\"n\":\"a\"}", "message", "e"), sseEvent(6, "{\"n\":10}", "message", "f"),
         sseEvent(7, "{\"n\":null}", "message", "g")});
    f.model.setFieldPointer(pointer("/n"));
    f.model.sort(EventTableModel::FieldColumn, Qt::AscendingOrder);
    QVERIFY(f.model.isSorted());
    QCOMPARE(f.model.sortColumn(), int(EventTableModel::FieldColumn));
    // Numbers, then text, then other values; no value last; equal keys in arrival order.
    QCOMPARE(column(f.model, EventTableModel::IdColumn),
             (QStringList {"d", "a", "f", "e", "b", "g", "c"}));
    f.model.sort(EventTableModel::FieldColumn, Qt::DescendingOrder);
    QCOMPARE(column(f.model, EventTableModel::IdColumn),
             (QStringList {"g", "b", "e", "a", "f", "d", "c"}));
    // The # column keeps each row's own number, and Δ its own gap.
    QCOMPARE(column(f.model, EventTableModel::NumberColumn).first(), QStringLiteral("7"));
    QCOMPARE(f.model.data(f.model.index(0, 0), EventTableModel::LogIndexRole).toLongLong(), 6);
    QCOMPARE(column(f.model, EventTableModel::DeltaColumn).first(), QStringLiteral("1.000 ms"));
    QCOMPARE(f.model.rowForLogIndex(1), 1);
    QCOMPARE(f.model.logIndexes(), (QList<qint64> {6, 1, 4, 0, 5, 3, 2}));

    f.model.sort(EventTableModel::NumberColumn, Qt::DescendingOrder);
    QCOMPARE(column(f.model, EventTableModel::IdColumn),
             (QStringList {"g", "f", "e", "d", "c", "b", "a"}));
    f.model.sort(EventTableModel::NumberColumn, Qt::AscendingOrder);
    QVERIFY(!f.model.isSorted());
    QCOMPARE(column(f.model, EventTableModel::IdColumn),
             (QStringList {"a", "b", "c", "d", "e", "f", "g"}));
}

void TestEventTableModel::sortByIdNumbersFirst()
{
    Fixture f;
    f.log.append({sseEvent(1, "x", "message", "10"), sseEvent(2, "x", "message", "9"),
                  sseEvent(3, "x", "message", ""), sseEvent(4, "x", "message", "b7"),
                  sseEvent(5, "x", "message", "100")});
    f.model.sort(EventTableModel::IdColumn, Qt::AscendingOrder);
    QCOMPARE(column(f.model, EventTableModel::IdColumn),
             (QStringList {"9", "10", "100", "b7", ""}));
    f.model.sort(EventTableModel::SizeColumn, Qt::DescendingOrder);
    QCOMPARE(f.model.rowCount(), 5);
    f.model.sort(EventTableModel::TypeColumn, Qt::AscendingOrder);
    QCOMPARE(f.model.rowCount(), 5);
}

void TestEventTableModel::sortedViewHoldsArrivals()
{
    Fixture f;
    f.log.append(events(1, 5));
    f.model.sort(EventTableModel::IdColumn, Qt::DescendingOrder);
    QSignalSpy inserted(&f.model, &QAbstractItemModel::rowsInserted);
    QSignalSpy counts(&f.model, &EventTableModel::countsChanged);
    f.log.append(events(6, 3));
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(f.model.rowCount(), 5);
    QCOMPARE(f.model.heldCount(), 3);
    QVERIFY(counts.size() > 0);
    f.model.resort();
    QCOMPARE(f.model.heldCount(), 0);
    QCOMPARE(column(f.model, EventTableModel::IdColumn),
             (QStringList {"8", "7", "6", "5", "4", "3", "2", "1"}));
    f.log.append(events(9, 2));
    f.model.sort(EventTableModel::NumberColumn, Qt::AscendingOrder);
    QCOMPARE(f.model.rowCount(), 10);
    QCOMPARE(f.model.heldCount(), 0);
    f.log.append(events(11, 1)); // arrival order takes new rows again
    QCOMPARE(f.model.rowCount(), 11);
}

void TestEventTableModel::sortedViewOutlivesEviction()
{
    Fixture f;
    f.log.setCapacity(10);
    f.log.append(events(1, 10));
    f.model.setFieldPointer(pointer("/n"));
    f.model.sort(EventTableModel::FieldColumn, Qt::DescendingOrder);
    f.log.append(events(11, 25)); // every entry shown leaves the log
    QCOMPARE(f.model.rowCount(), 10);
    QCOMPARE(f.model.data(f.model.index(0, EventTableModel::DataColumn)).toString(),
             QStringLiteral("{\"n\":10}"));
    QCOMPARE(f.model.data(f.model.index(9, EventTableModel::FieldColumn)).toString(),
             QStringLiteral("1"));
    QVERIFY(f.model.logIndexes().isEmpty()); // nothing left to export from the log
    f.model.resort();
    QCOMPARE(f.model.data(f.model.index(0, EventTableModel::FieldColumn)).toString(),
             QStringLiteral("35"));
    f.model.sort(EventTableModel::NumberColumn, Qt::AscendingOrder);
    QCOMPARE(f.model.rowCount(), 10);
    QCOMPARE(f.model.data(f.model.index(0, 0), EventTableModel::SeqRole).toLongLong(), 26);
}

void TestEventTableModel::sortFollowsFilterAndField()
{
    Fixture f;
    f.log.append(events(1, 20));
    f.model.setFieldPointer(pointer("/n"));
    f.model.sort(EventTableModel::FieldColumn, Qt::DescendingOrder);
    EventFilter filter;
    filter.setField(pointer("/n"), QStringLiteral("<4"));
    f.model.setFilter(filter);
    QCOMPARE(column(f.model, EventTableModel::FieldColumn), (QStringList {"3", "2", "1"}));
    f.model.setFieldPointer(pointer("/none")); // sorted by a field no row has: arrival order
    QCOMPARE(column(f.model, EventTableModel::IdColumn), (QStringList {"1", "2", "3"}));
    f.model.clearField();
    QVERIFY(!f.model.isSorted());
    QCOMPARE(f.model.rowCount(), 3);

    // A million rows sorted by a field: measured, not asserted (bench_gui measures speed).
    EventLog big;
    EventTableModel model(&big);
    for (int n = 1; n <= 1000000; n += 4096)
        big.append(events(n, std::min(4096, 1000000 - n + 1)));
    model.setFieldPointer(pointer("/n"));
    QElapsedTimer timer;
    timer.start();
    model.sort(EventTableModel::FieldColumn, Qt::DescendingOrder);
    qInfo("sorting 1M rows by a JSON field: %lld ms", timer.elapsed());
    QCOMPARE(model.data(model.index(0, EventTableModel::FieldColumn)).toString(),
             QStringLiteral("1000000"));
}

QTEST_GUILESS_MAIN(TestEventTableModel)
#include "tst_eventtablemodel.moc"
