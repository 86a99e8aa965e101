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

QTEST_GUILESS_MAIN(TestEventTableModel)
#include "tst_eventtablemodel.moc"
