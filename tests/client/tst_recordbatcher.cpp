// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "client/recordbatcher.h"

#include <QCoreApplication>
#include <QTest>

// RecordBatcher on its own: records into batches of at most kMaxRecords, one batch per flush,
// the stats each batch carries, the in-flight window that stops reading, and the deferred
// flush that turns a burst of reads into one batch. No sockets, no threads.
class TestRecordBatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appendStamps();
    void flushHandsOverOneBatch();
    void emptyFlushSendsNothing();
    void batchIsBounded();
    void statsAskedOncePerBatch();
    void clearDropsPending();
    void flushCountsInFlightWithoutSink();
    void windowStopsReading();
    void scheduledFlushCoalesces();
    void scheduledFlushWithNothingPending();
};

namespace {

struct Received
{
    QList<quint64> generations;
    QList<ClientBatch> batches;
};

void collect(RecordBatcher &batcher, Received &received)
{
    batcher.setSink([&received](quint64 generation, ClientBatch &&batch) {
        received.generations.append(generation);
        received.batches.append(std::move(batch));
    });
}

} // namespace

void TestRecordBatcher::appendStamps()
{
    RecordBatcher batcher;
    const qint64 before = monotonicNowNs();
    ClientRecord &record = batcher.append(ClientRecord::Kind::Comment, 3);
    const qint64 after = monotonicNowNs();
    QCOMPARE(record.kind, ClientRecord::Kind::Comment);
    QCOMPARE(record.conn, 3);
    QVERIFY(record.monotonicNs >= before);
    QVERIFY(record.monotonicNs <= after);
    QCOMPARE(batcher.size(), 1);
}

void TestRecordBatcher::flushHandsOverOneBatch()
{
    RecordBatcher batcher;
    Received received;
    collect(batcher, received);
    batcher.setGeneration(7);
    for (int i = 1; i <= 3; ++i)
        batcher.append(ClientRecord::Kind::Event, 1).seq = i;
    batcher.append(ClientRecord::Kind::State, 2).state = ClientState::Reconnecting;
    QVERIFY(received.batches.isEmpty()); // nothing leaves before a flush
    batcher.flush();
    QCOMPARE(received.batches.size(), 1);
    QCOMPARE(received.generations, QList<quint64>({7}));
    const QList<ClientRecord> &records = received.batches.first().records;
    QCOMPARE(records.size(), 4);
    QCOMPARE(records.at(0).seq, 1);
    QCOMPARE(records.at(2).seq, 3);
    QCOMPARE(records.at(3).kind, ClientRecord::Kind::State);
    QCOMPARE(records.at(3).conn, 2);
    QVERIFY(batcher.isEmpty());
    QCOMPARE(batcher.backlog().inFlight.load(), 1);
}

void TestRecordBatcher::emptyFlushSendsNothing()
{
    RecordBatcher batcher;
    Received received;
    collect(batcher, received);
    batcher.flush();
    batcher.append(ClientRecord::Kind::Event, 1);
    batcher.flush();
    batcher.flush();
    QCOMPARE(received.batches.size(), 1);
    QCOMPARE(batcher.backlog().inFlight.load(), 1);
}

void TestRecordBatcher::batchIsBounded()
{
    RecordBatcher batcher;
    Received received;
    collect(batcher, received);
    const qsizetype max = RecordBatcher::kMaxRecords;
    QCOMPARE(max, qsizetype(4096));
    for (qsizetype i = 0; i < max; ++i)
        batcher.append(ClientRecord::Kind::Event, 1).seq = i + 1;
    QVERIFY(received.batches.isEmpty()); // full, not over
    batcher.append(ClientRecord::Kind::Event, 1).seq = max + 1;
    QCOMPARE(received.batches.size(), 1);
    QCOMPARE(received.batches.at(0).records.size(), max);
    QCOMPARE(received.batches.at(0).records.last().seq, max);
    QCOMPARE(batcher.size(), 1);

    // A long burst: every batch but the last is exactly full, nothing lost or reordered.
    for (qsizetype i = max + 2; i <= 3 * max + 10; ++i)
        batcher.append(ClientRecord::Kind::Event, 1).seq = i;
    batcher.flush();
    qint64 expected = 1;
    for (int b = 0; b < received.batches.size(); ++b) {
        const QList<ClientRecord> &records = received.batches.at(b).records;
        QVERIFY(records.size() <= max);
        if (b + 1 < received.batches.size())
            QCOMPARE(records.size(), max);
        for (const ClientRecord &record : records)
            QCOMPARE(record.seq, expected++);
    }
    QCOMPARE(expected, 3 * max + 11);
    QCOMPARE(batcher.backlog().inFlight.load(), received.batches.size());
}

void TestRecordBatcher::statsAskedOncePerBatch()
{
    RecordBatcher batcher;
    Received received;
    collect(batcher, received);
    SseClientStats stats;
    int asked = 0;
    batcher.setStatsSource([&]() -> const SseClientStats & {
        ++asked;
        stats.events = asked * 10;
        return stats;
    });
    batcher.flush(); // nothing to send: not asked
    QCOMPARE(asked, 0);
    batcher.append(ClientRecord::Kind::Event, 1);
    batcher.append(ClientRecord::Kind::Event, 1);
    batcher.flush();
    QCOMPARE(asked, 1);
    QCOMPARE(received.batches.at(0).stats.events, 10);
    stats.events = 99; // the batch holds a copy as of its flush
    QCOMPARE(received.batches.at(0).stats.events, 10);
    batcher.append(ClientRecord::Kind::Event, 1);
    batcher.flush();
    QCOMPARE(asked, 2);
    QCOMPARE(received.batches.at(1).stats.events, 20);
}

void TestRecordBatcher::clearDropsPending()
{
    RecordBatcher batcher;
    Received received;
    collect(batcher, received);
    batcher.append(ClientRecord::Kind::Event, 1);
    batcher.append(ClientRecord::Kind::Event, 1);
    batcher.clear();
    QVERIFY(batcher.isEmpty());
    batcher.flush();
    QVERIFY(received.batches.isEmpty());
    QCOMPARE(batcher.backlog().inFlight.load(), 0);
}

void TestRecordBatcher::flushCountsInFlightWithoutSink()
{
    // The credit is taken whether or not anyone listens (the facade always sets a sink).
    RecordBatcher batcher;
    auto backlog = std::make_shared<SseDeliveryBacklog>();
    batcher.setBacklog(backlog);
    batcher.append(ClientRecord::Kind::Event, 1);
    batcher.flush();
    QCOMPARE(backlog->inFlight.load(), 1);
}

void TestRecordBatcher::windowStopsReading()
{
    RecordBatcher batcher;
    auto backlog = std::make_shared<SseDeliveryBacklog>();
    batcher.setBacklog(backlog);
    Received received;
    collect(batcher, received);
    QCOMPARE(RecordBatcher::kMaxInFlight, 16);
    for (int i = 0; i < RecordBatcher::kMaxInFlight; ++i) {
        QVERIFY2(batcher.admitRead(), qPrintable(QString::number(i)));
        QVERIFY(!backlog->paused.load());
        batcher.append(ClientRecord::Kind::Event, 1);
        batcher.flush();
    }
    QCOMPARE(backlog->inFlight.load(), 16);
    // The window is full: no more reading, and the consumer is told to resume us.
    QVERIFY(!batcher.admitRead());
    QVERIFY(backlog->paused.load());
    QVERIFY(!batcher.admitRead());

    // The consumer releases a batch and clears `paused` (SseClient::releaseBatch()).
    backlog->inFlight.fetch_sub(1);
    QVERIFY(backlog->paused.exchange(false));
    QVERIFY(batcher.admitRead());
    QVERIFY(!backlog->paused.load());
}

void TestRecordBatcher::scheduledFlushCoalesces()
{
    QObject context;
    RecordBatcher batcher;
    Received received;
    collect(batcher, received);
    batcher.append(ClientRecord::Kind::Event, 1);
    batcher.scheduleFlush(&context);
    batcher.append(ClientRecord::Kind::Event, 1);
    batcher.scheduleFlush(&context); // already scheduled: no second flush
    QVERIFY(received.batches.isEmpty());
    QCoreApplication::sendPostedEvents(&context);
    QCOMPARE(received.batches.size(), 1);
    QCOMPARE(received.batches.at(0).records.size(), 2);

    // Once it has run, the next read schedules again.
    batcher.append(ClientRecord::Kind::Comment, 1);
    batcher.scheduleFlush(&context);
    QCoreApplication::sendPostedEvents(&context);
    QCOMPARE(received.batches.size(), 2);
    QCOMPARE(received.batches.at(1).records.at(0).kind, ClientRecord::Kind::Comment);
    QCOMPARE(batcher.backlog().inFlight.load(), 2);
}

void TestRecordBatcher::scheduledFlushWithNothingPending()
{
    QObject context;
    RecordBatcher batcher;
    Received received;
    collect(batcher, received);
    batcher.scheduleFlush(&context); // nothing pending: nothing scheduled
    batcher.append(ClientRecord::Kind::Event, 1);
    QCoreApplication::sendPostedEvents(&context);
    QVERIFY(received.batches.isEmpty());
    QCOMPARE(batcher.size(), 1);

    // A flush between scheduling and the queued call leaves it nothing to send.
    batcher.scheduleFlush(&context);
    batcher.flush();
    QCoreApplication::sendPostedEvents(&context);
    QCOMPARE(received.batches.size(), 1);
    QCOMPARE(batcher.backlog().inFlight.load(), 1);
}

QTEST_GUILESS_MAIN(TestRecordBatcher)
#include "tst_recordbatcher.moc"
