// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "log/eventfilter.h"
#include "log/eventlog.h"
#include "logtestdata.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace LogTestData;

class TestEventLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keepsEventsAndCommentsOnly();
    void entryViews();
    void rawFrameKept();
    void notesKeepTheirPlace();
    void heartbeatCommentMarkedByPing();
    void heartbeatCommentMarkedAcrossBatches();
    void capacityEvictsOldestOncePerBatch();
    void batchLargerThanCapacity();
    void shrinkingCapacityEvicts();
    void clearKeepsIndexesGoing();
    void asciiCaseInsensitiveSearch_data();
    void asciiCaseInsensitiveSearch();
    void filterMatches();
    void millionEntriesFitAndFilterFast();
};

// Rows are the events, the comments and the state changes, in arrival order; pings, retries,
// errors and timings are notes only.
void TestEventLog::keepsEventsAndCommentsOnly()
{
    EventLog log;
    QSignalSpy appended(&log, &EventLog::appended);
    ClientRecord closed = state(ClientState::Reconnecting);
    closed.httpStatus = 503;
    closed.delayMs = 2000;
    closed.reason = QStringLiteral("server busy");
    ClientRecord retry;
    retry.kind = ClientRecord::Kind::Retry;
    retry.retryMs = 10;
    log.append({state(ClientState::Open), sseEvent(1, "a"), comment("hi"), ping(), retry, closed});
    QCOMPARE(log.size(), 4);
    QCOMPARE(appended.size(), 1); // one signal per batch
    QCOMPARE(appended.at(0).at(0).toLongLong(), 0);
    QCOMPARE(appended.at(0).at(1).toLongLong(), 4);
    QCOMPARE(log.at(0).kind, LogEntry::Kind::Connection);
    QCOMPARE(log.at(0).type(), QByteArrayView("open"));
    QCOMPARE(log.at(1).kind, LogEntry::Kind::Event);
    QCOMPARE(log.at(2).kind, LogEntry::Kind::Comment);
    QVERIFY(log.at(2).isHeartbeat()); // the ping still finds its comment
    QCOMPARE(log.at(3).kind, LogEntry::Kind::Connection);
    QCOMPARE(log.at(3).type(), QByteArrayView("reconnecting"));
    QCOMPARE(log.at(3).data(), QByteArrayView("HTTP 503, server busy, next attempt in 2000 ms"));
    QVERIFY(log.at(3).id().isEmpty());
    log.append(QList<ClientRecord> {retry});
    QCOMPARE(appended.size(), 1); // nothing to add, nothing said
}

void TestEventLog::entryViews()
{
    EventLog log;
    log.append({sseEvent(7, "line1\nline2", "update", "id-7", 3)});
    const LogEntry &e = log.at(0);
    QCOMPARE(e.id(), QByteArrayView("id-7"));
    QCOMPARE(e.type(), QByteArrayView("update"));
    QCOMPARE(e.data(), QByteArrayView("line1\nline2"));
    QCOMPARE(e.seq, 7);
    QCOMPARE(e.conn, 3);
    QVERIFY(e.flags & LogEntry::IdInBlock);
    QVERIFY(!e.isHeartbeat());
    // Empty id and type do not confuse the offsets.
    log.append({sseEvent(8, "x", QByteArray(), QByteArray())});
    QCOMPARE(log.at(1).data(), QByteArrayView("x"));
    QVERIFY(log.at(1).id().isEmpty());
}

void TestEventLog::rawFrameKept()
{
    EventLog log;
    ClientRecord event = sseEvent(1, "x", "update", "9");
    event.raw = "id: 9\r\nevent: update\r\ndata: x\r\n\r\n";
    event.rawSize = event.raw.size();
    ClientRecord note = comment("hi");
    note.raw = ": hi\n";
    note.rawSize = 5;
    ClientRecord truncated = sseEvent(2, "y");
    truncated.raw = "data:";
    truncated.rawSize = 9;
    log.append({event, note, truncated, sseEvent(3, "z")});
    // The raw bytes ride along without changing what the entry says.
    QCOMPARE(log.at(0).data(), QByteArrayView("x"));
    QCOMPARE(log.at(0).type(), QByteArrayView("update"));
    QCOMPARE(log.at(0).raw(), QByteArrayView(event.raw));
    QCOMPARE(log.at(0).frameSize, event.raw.size());
    QCOMPARE(log.at(1).data(), QByteArrayView("hi"));
    QCOMPARE(log.at(1).raw(), QByteArrayView(": hi\n"));
    QCOMPARE(log.at(2).raw(), QByteArrayView("data:"));
    QCOMPARE(log.at(2).frameSize, 9);
    QVERIFY(!log.at(3).hasRaw());
    QVERIFY(log.at(3).raw().isEmpty());
    QCOMPARE(log.at(3).data(), QByteArrayView("z"));
}

void TestEventLog::notesKeepTheirPlace()
{
    EventLog log;
    ClientBatch batch;
    batch.records = {state(ClientState::Open), sseEvent(1, "a"), comment("ping"), ping(),
                     state(ClientState::Reconnecting)};
    batch.stats.lost = 4;
    log.append(batch);
    QCOMPARE(log.size(), 4); // the states are rows too
    QCOMPARE(qsizetype(log.notes().size()), 3);
    QCOMPARE(log.notes().at(0).position, 0); // before the event (at its own row)
    QCOMPARE(log.notes().at(1).position, 3); // the ping, after its comment
    QCOMPARE(log.notes().at(1).record.kind, ClientRecord::Kind::Ping);
    QCOMPARE(log.notes().at(2).position, 3);
    QVERIFY(log.hasStats());
    QCOMPARE(log.stats().lost, 4);
    log.clear();
    QVERIFY(log.notes().empty());
    QVERIFY(!log.hasStats());
}

void TestEventLog::heartbeatCommentMarkedByPing()
{
    EventLog log;
    ClientRecord hbEvent = sseEvent(2, "ping 123", "ping");
    hbEvent.heartbeat = true;
    log.append({comment("ping 1732180000000"), ping(), comment("just a comment"), hbEvent, ping()});
    QCOMPARE(log.size(), 3);
    QVERIFY(log.at(0).isHeartbeat());
    QVERIFY(!log.at(1).isHeartbeat());
    QVERIFY(log.at(2).isHeartbeat());
}

void TestEventLog::heartbeatCommentMarkedAcrossBatches()
{
    EventLog log;
    log.append({comment("ping 1")});
    log.append({ping()});
    QVERIFY(log.at(0).isHeartbeat());
}

void TestEventLog::capacityEvictsOldestOncePerBatch()
{
    EventLog log;
    log.setCapacity(10);
    QSignalSpy aboutToEvict(&log, &EventLog::aboutToEvict);
    QSignalSpy appended(&log, &EventLog::appended);
    log.append(events(1, 8));
    QCOMPARE(aboutToEvict.size(), 0);
    log.append(events(9, 5)); // 13 > 10: the 3 oldest go, in one step, before the append
    QCOMPARE(aboutToEvict.size(), 1);
    QCOMPARE(aboutToEvict.at(0).at(0).toLongLong(), 3);
    QCOMPARE(log.size(), 10);
    QCOMPARE(log.dropped(), 3);
    QCOMPARE(log.firstIndex(), 3);
    QCOMPARE(log.endIndex(), 13);
    QCOMPARE(log.at(3).seq, 4); // absolute indexes do not move
    QCOMPARE(log.at(12).seq, 13);
    QVERIFY(!log.contains(2));
}

void TestEventLog::batchLargerThanCapacity()
{
    EventLog log;
    log.setCapacity(4);
    log.append(events(1, 2));
    log.append(events(3, 10)); // only the last 4 of these stay
    QCOMPARE(log.size(), 4);
    QCOMPARE(log.dropped(), 8);
    QCOMPARE(log.firstIndex(), 8);
    QCOMPARE(log.at(8).seq, 9);
    QCOMPARE(log.at(11).seq, 12);
}

void TestEventLog::shrinkingCapacityEvicts()
{
    EventLog log;
    log.append(events(1, 100));
    QSignalSpy dropped(&log, &EventLog::droppedChanged);
    log.setCapacity(30);
    QCOMPARE(log.size(), 30);
    QCOMPARE(log.dropped(), 70);
    QCOMPARE(dropped.size(), 1);
    QCOMPARE(log.at(log.firstIndex()).seq, 71);
    log.setCapacity(0); // at least one stays
    QCOMPARE(log.capacity(), 1);
    QCOMPARE(log.size(), 1);
}

void TestEventLog::clearKeepsIndexesGoing()
{
    EventLog log;
    log.setCapacity(5);
    log.append(events(1, 7));
    QCOMPARE(log.dropped(), 2);
    log.clear();
    QCOMPARE(log.size(), 0);
    QCOMPARE(log.dropped(), 0);
    QCOMPARE(log.firstIndex(), 7);
    log.append(events(8, 1));
    QCOMPARE(log.at(7).seq, 8);
}

void TestEventLog::asciiCaseInsensitiveSearch_data()
{
    QTest::addColumn<QByteArray>("haystack");
    QTest::addColumn<QByteArray>("needle");
    QTest::addColumn<bool>("found");
    QTest::newRow("empty needle") << QByteArray("abc") << QByteArray() << true;
    QTest::newRow("exact") << QByteArray("abc") << QByteArray("abc") << true;
    QTest::newRow("upper hay") << QByteArray("xxHELLOxx") << QByteArray("hello") << true;
    QTest::newRow("at end") << QByteArray("xxhellO") << QByteArray("hello") << true;
    QTest::newRow("partial at end") << QByteArray("xxhell") << QByteArray("hello") << false;
    QTest::newRow("longer needle") << QByteArray("ab") << QByteArray("abc") << false;
    QTest::newRow("false start") << QByteArray("hhhelp hello") << QByteArray("hello") << true;
    QTest::newRow("digits") << QByteArray("{\"n\":42}") << QByteArray("\"n\":4") << true;
    QTest::newRow("utf8 bytes") << QByteArray("caf\xc3\xa9 latte") << QByteArray("latte") << true;
    QTest::newRow("no") << QByteArray("abcdef") << QByteArray("xyz") << false;
}

void TestEventLog::asciiCaseInsensitiveSearch()
{
    QFETCH(QByteArray, haystack);
    QFETCH(QByteArray, needle);
    QFETCH(bool, found);
    QCOMPARE(EventFilter::containsAsciiCaseInsensitive(haystack, needle), found);
}

void TestEventLog::filterMatches()
{
    const LogEntry ev =
        EventLog::makeEntry(sseEvent(1, "Grüße {\"Level\":\"WARN\"}", "alert", "a-17"));
    const LogEntry plainComment = EventLog::makeEntry(comment("keep-alive"));
    LogEntry hb = EventLog::makeEntry(comment("ping 1"));
    hb.flags |= LogEntry::Heartbeat;

    EventFilter f;
    QVERIFY(!f.isActive());
    QVERIFY(f.matches(ev) && f.matches(plainComment) && f.matches(hb));

    f.setText(QStringLiteral("warn"));
    QVERIFY(f.isActive());
    QVERIFY(f.matches(ev));
    QVERIFY(!f.matches(plainComment));
    f.setText(QStringLiteral("GRÜßE")); // not ASCII: compared as text, case-insensitively
    QVERIFY(f.matches(ev));

    f.setText(QStringLiteral("level\":\"(warn|error)"), true);
    QVERIFY(f.isValid());
    QVERIFY(f.matches(ev));
    f.setText(QStringLiteral("(unclosed"), true);
    QVERIFY(!f.isValid());
    QVERIFY(!f.errorString().isEmpty());
    QVERIFY(!f.isActive()); // an invalid expression filters nothing
    QVERIFY(f.matches(plainComment));

    f = EventFilter();
    f.setType(QStringLiteral("ALE"));
    QVERIFY(f.matches(ev));
    QVERIFY(!f.matches(plainComment));
    f.setType(QStringLiteral("comment"));
    QVERIFY(!f.matches(ev));
    QVERIFY(f.matches(plainComment));

    f = EventFilter();
    f.setId(QStringLiteral("17"));
    QVERIFY(f.matches(ev));
    f.setId(QStringLiteral("A-17")); // ids are compared as they are
    QVERIFY(!f.matches(ev));

    f = EventFilter();
    f.setShowComments(false);
    QVERIFY(f.matches(ev));
    QVERIFY(!f.matches(plainComment));
    QVERIFY(f.matches(hb)); // heartbeats have their own switch
    f.setShowComments(true);
    f.setShowHeartbeats(false);
    QVERIFY(f.matches(plainComment));
    QVERIFY(!f.matches(hb));
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

static qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.value(1).toLongLong() * 4096;
}

void TestEventLog::millionEntriesFitAndFilterFast()
{
    const qint64 before = residentBytes();
    EventLog log;
    constexpr int total = 1000000;
    constexpr int batch = 4096;
    for (int n = 1; n <= total; n += batch) {
        QList<ClientRecord> records;
        records.reserve(batch);
        for (int i = n; i < n + batch && i <= total; ++i) {
            records.append(sseEvent(i,
                                    "{\"n\":" + QByteArray::number(i)
                                        + ",\"t\":1732180000000,\"client\":1,\"msg\":\"hello\"}",
                                    "message", QByteArray::number(i)));
        }
        log.append(records);
    }
    QCOMPARE(log.size(), total);
    const qint64 after = residentBytes();
    // Sanitizers pad and quarantine every allocation: the budget is for real builds.
    if (before > 0 && after > 0 && !kSanitized) {
        qInfo("1M entries: %.1f MB resident", double(after - before) / 1e6);
        QVERIFY2(after - before < 500LL * 1000 * 1000, "a million entries need under 500 MB");
    }

    EventFilter f;
    f.setText(QStringLiteral("\"N\":99999")); // 99999 and 999990..999999
    QElapsedTimer timer;
    timer.start();
    int matched = 0;
    for (qint64 i = log.firstIndex(); i < log.endIndex(); ++i)
        matched += f.matches(log.at(i)) ? 1 : 0;
    qInfo("text filter over 1M entries: %lld ms (speed is measured by bench_gui)", timer.elapsed());
    QCOMPARE(matched, 11);
}

QTEST_GUILESS_MAIN(TestEventLog)
#include "tst_eventlog.moc"
