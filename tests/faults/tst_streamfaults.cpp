// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// StreamFaults, one stream's fault state on either host, without a socket: the pacing that the
// engine's shaping rules and stalls impose, blackhole, paused heartbeats and the gzip body.
#include "faultfixture.h"
#include "faults/faultcontroller.h"
#include "faults/faultspec.h"
#include "faults/streamfaults.h"
#include "http/inflater.h"

#include <QTest>

namespace {

using TestFaults::fault;

using TestFaults::QuietHost;

struct Wire
{
    QByteArray bytes;
    int writes = 0;
    StreamFaults::Sink sink()
    {
        return [this](const QByteArray &chunk) {
            bytes += chunk;
            ++writes;
        };
    }
};

// A host that writes down what a stream's fault asked of it, one line a call.
class RecordingHost : public StreamFaults::Host
{
public:
    QStringList calls;
    bool eventsUnderstood = true;

    void report(int id, const Fault &, const QString &detail, FaultReport::State state) override
    {
        calls.append(
            QStringLiteral("report %1 %2 %3").arg(id).arg(FaultReport::stateName(state), detail));
    }
    void closeNow(Fault::DropMode mode, const QString &what) override
    {
        calls.append(
            QStringLiteral("close now %1 %2")
                .arg(mode == Fault::DropMode::Fin ? QStringLiteral("fin") : QStringLiteral("rst"),
                     what));
    }
    void closeAfterEvent(Fault::DropMode mode) override
    {
        calls.append(
            QStringLiteral("close after event %1")
                .arg(mode == Fault::DropMode::Fin ? QStringLiteral("fin") : QStringLiteral("rst")));
    }
    void inject(int id, const Fault &, const QByteArray &bytes) override
    {
        calls.append(QStringLiteral("inject %1 %2").arg(id).arg(QString::fromLatin1(bytes)));
    }
    void blackhole() override { calls.append(QStringLiteral("blackhole")); }
    bool canActOnEvents(int id, const Fault &) override
    {
        if (!eventsUnderstood)
            calls.append(QStringLiteral("refused %1").arg(id));
        return eventsUnderstood;
    }
    void eventsEngaged() override { calls.append(QStringLiteral("engaged")); }
};

} // namespace

class TestStreamFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void idleStreamIsNotPaced();
    void shapingRulesPaceTheWrites();
    void stallHoldsThenReleases();
    void blackholeDropsAndSilences();
    void heartbeatPause();
    void gzipBody();
    void detachedShaperKeepsTheTail();
    void tailPacedOutThenDone();
    void actsThroughItsHost_data();
    void actsThroughItsHost();
    void dropModesRotate();
    void hostThatCannotActOnEvents();
};

void TestStreamFaults::idleStreamIsNotPaced()
{
    Wire wire;
    StreamFaults stream(wire.sink());
    QVERIFY(!stream.isPacing());
    QVERIFY(!stream.isBlackholed());
    QVERIFY(!stream.heartbeatsPaused());
    QVERIFY(!stream.isCompressing());
    QVERIFY(stream.events().isEmpty());
    QCOMPARE(stream.pendingBytes(), 0);
}

void TestStreamFaults::shapingRulesPaceTheWrites()
{
    QuietHost host;
    FaultController engine(&host);
    engine.apply(fault(QStringLiteral("slice bytes=4 delay=1ms clients=2")));
    Wire wire;
    StreamFaults other(wire.sink());
    other.configure(engine, 1); // not targeted
    QVERIFY(!other.isPacing());
    StreamFaults stream(wire.sink());
    int pumped = 0;
    stream.setPumped([&pumped] { ++pumped; });
    stream.configure(engine, 2);
    QVERIFY(stream.isPacing());
    stream.enqueue(QByteArrayLiteral("data: 0123456789\n\n"));
    QVERIFY(wire.bytes.size() <= 4); // the first slice at once at most
    QTRY_COMPARE(wire.bytes, QByteArray("data: 0123456789\n\n"));
    QVERIFY(wire.writes >= 5); // 18 bytes in pieces of 4
    QVERIFY(pumped > 0);
    engine.clear();
    stream.configure(engine, 2);
    QVERIFY(!stream.isPacing()); // nothing queued, no rule left
}

void TestStreamFaults::stallHoldsThenReleases()
{
    Wire wire;
    StreamFaults stream(wire.sink());
    stream.stall(30);
    QVERIFY(stream.isStalled());
    QVERIFY(stream.isPacing());
    stream.enqueue(QByteArrayLiteral(":ping\n"));
    QCOMPARE(stream.pendingBytes(), 6);
    QVERIFY(wire.bytes.isEmpty());
    QTRY_COMPARE(wire.bytes, QByteArray(":ping\n"));
    QVERIFY(!stream.isStalled());
    QVERIFY(stream.nowMs() >= 30);
}

void TestStreamFaults::blackholeDropsAndSilences()
{
    Wire wire;
    StreamFaults stream(wire.sink());
    stream.stall(60000);
    stream.enqueue(QByteArrayLiteral("data: held\n\n"));
    QCOMPARE(stream.blackhole(), 12);
    QVERIFY(stream.isBlackholed());
    QCOMPARE(stream.pendingBytes(), 0);
    stream.enqueue(QByteArrayLiteral("data: later\n\n"));
    QCOMPARE(stream.pendingBytes(), 0);
    stream.pump();
    QVERIFY(wire.bytes.isEmpty());
}

void TestStreamFaults::heartbeatPause()
{
    Wire wire;
    StreamFaults stream(wire.sink());
    stream.pauseHeartbeats(20);
    QVERIFY(stream.heartbeatsPaused());
    QTRY_VERIFY(!stream.heartbeatsPaused());
}

void TestStreamFaults::gzipBody()
{
    Wire wire;
    StreamFaults stream(wire.sink());
    QCOMPARE(stream.compress("data: plain\n\n"), QByteArray("data: plain\n\n"));
    stream.startGzip();
    if (!stream.isCompressing())
        QSKIP("built without zlib");
    QByteArray body = stream.compress("data: 1\n\n");
    body += stream.compress("data: 2\n\n");
    body += stream.finishGzip();
    QVERIFY(!stream.isCompressing());
    QVERIFY(stream.finishGzip().isEmpty());
    Inflater inflater(Inflater::Format::Gzip);
    QByteArray decoded;
    QCOMPARE(inflater.inflate(body, 1024, &decoded), body.size());
    QCOMPARE(decoded, QByteArray("data: 1\n\ndata: 2\n\n"));
    QVERIFY(inflater.isComplete());
}

void TestStreamFaults::detachedShaperKeepsTheTail()
{
    Wire wire;
    StreamFaults stream(wire.sink());
    stream.stall(60000);
    stream.enqueue(QByteArrayLiteral("data: tail\n\n"));
    const std::shared_ptr<TrafficShaper> shaper = stream.detachShaper();
    QCOMPARE(shaper->pendingBytes(), 12);
    QCOMPARE(stream.pendingBytes(), 0);
    QVERIFY(!stream.isPacing());
    QCOMPARE(shaper->takeAll(), QByteArray("data: tail\n\n"));
    QVERIFY(wire.bytes.isEmpty()); // the stream paces nothing more
}

void TestStreamFaults::tailPacedOutThenDone()
{
    QuietHost quiet;
    FaultController engine(&quiet);
    engine.apply(fault(QStringLiteral("slice bytes=4 delay=5ms")));
    Wire early;
    StreamFaults stream(early.sink());
    stream.configure(engine, 1);
    stream.enqueue(QByteArrayLiteral("data: the tail\n\n")); // 16 bytes, 4 slices
    // The first slice went out at once; the rest is the tail.
    QCOMPARE(early.bytes, QByteArray("data"));
    QObject context;
    Wire wire;
    int done = 0;
    qsizetype atDone = -1;
    StreamFaults::paceOut(stream.detachShaper(), stream.clock(), &context, wire.sink(), [&] {
        ++done;
        atDone = wire.bytes.size();
    });
    QVERIFY(wire.bytes.size() < 12); // not all at once
    QTRY_COMPARE(done, 1);
    QCOMPARE(wire.bytes, QByteArray(": the tail\n\n"));
    QCOMPARE(wire.writes, 3); // in its slices
    QCOMPARE(atDone, 12); // done once every byte went to the sink
    QCOMPARE(early.bytes, QByteArray("data")); // the stream itself paces nothing more

    // Nothing held: done at once. The timer is the context's: it goes with it.
    int none = 0;
    StreamFaults::paceOut(std::make_shared<TrafficShaper>(), stream.clock(), &context, wire.sink(),
                          [&] { ++none; });
    QCOMPARE(none, 1);
}

void TestStreamFaults::actsThroughItsHost_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("onEvent");
    QTest::addColumn<QStringList>("calls");
    QTest::addColumn<bool>("waitsForEvent");
    QTest::newRow("fin") << QStringLiteral("fin") << false
                         << QStringList {QStringLiteral("report 7 acted closed (FIN)"),
                                         QStringLiteral("close now fin fin")}
                         << false;
    QTest::newRow("rst on an event") << QStringLiteral("rst") << true
                                     << QStringList {QStringLiteral("report 7 acted reset (RST)"),
                                                     QStringLiteral("close after event rst")}
                                     << false;
    QTest::newRow("blackhole")
        << QStringLiteral("blackhole") << false
        << QStringList {QStringLiteral("blackhole"),
                        QStringLiteral("report 7 acted blackholed: nothing sent or read")}
        << false;
    QTest::newRow("stall") << QStringLiteral("stall for=40ms") << false
                           << QStringList {QStringLiteral("report 7 acted stalled for 40 ms")}
                           << false;
    QTest::newRow("heartbeat pause")
        << QStringLiteral("heartbeat-pause for=5s") << false
        << QStringList {QStringLiteral("report 7 acted heartbeats paused for 5000 ms"),
                        QStringLiteral("engaged")}
        << false;
    QTest::newRow("retry") << QStringLiteral("retry ms=250") << false
                           << QStringList {QStringLiteral("inject 7 retry: 250\n\n")} << false;
    QTest::newRow("drop") << QStringLiteral("drop") << false
                          << QStringList {QStringLiteral("engaged")} << true;
    QTest::newRow("duplicate") << QStringLiteral("duplicate") << false
                               << QStringList {QStringLiteral("engaged")} << true;
    QTest::newRow("truncate") << QStringLiteral("truncate") << true
                              << QStringList {QStringLiteral("engaged")} << true;
}

void TestStreamFaults::actsThroughItsHost()
{
    QFETCH(QString, spec);
    QFETCH(bool, onEvent);
    QFETCH(QStringList, calls);
    QFETCH(bool, waitsForEvent);
    QuietHost quiet;
    FaultController engine(&quiet);
    Wire wire;
    StreamFaults stream(wire.sink());
    RecordingHost host;
    const Fault parsed = fault(spec);
    stream.act(7, parsed, onEvent, engine, host);
    QCOMPARE(host.calls, calls);
    QCOMPARE(!stream.events().isEmpty(), waitsForEvent);
    QCOMPARE(stream.isStalled(), parsed.kind == Fault::Kind::Stall);
    QCOMPARE(stream.heartbeatsPaused(), parsed.kind == Fault::Kind::HeartbeatPause);
    QVERIFY(wire.bytes.isEmpty()); // a stream's bytes are the host's to send
}

void TestStreamFaults::dropModesRotate()
{
    QuietHost quiet;
    FaultController engine(&quiet);
    const Fault drop = fault(QStringLiteral("drop mode=fin,truncate,rst"));
    const int id = engine.apply(drop);
    Wire wire;
    StreamFaults stream(wire.sink());
    RecordingHost host;
    stream.act(id, drop, false, engine, host);
    stream.act(id, drop, false, engine, host);
    QVERIFY(!stream.events().isEmpty()); // the truncate waits for the next event
    stream.act(id, drop, true, engine, host);
    const QString n = QString::number(id);
    QCOMPARE(host.calls,
             (QStringList {QStringLiteral("report %1 acted closed (FIN)").arg(n),
                           QStringLiteral("close now fin drop"), QStringLiteral("engaged"),
                           QStringLiteral("report %1 acted reset (RST)").arg(n),
                           QStringLiteral("close after event rst")}));
}

void TestStreamFaults::hostThatCannotActOnEvents()
{
    QuietHost quiet;
    FaultController engine(&quiet);
    Wire wire;
    StreamFaults stream(wire.sink());
    RecordingHost host;
    host.eventsUnderstood = false;
    stream.act(3, fault(QStringLiteral("duplicate")), false, engine, host);
    stream.act(4, fault(QStringLiteral("heartbeat-pause for=1s")), false, engine, host);
    stream.act(5, fault(QStringLiteral("garbage kind=nul")), false, engine, host);
    // Nothing waits, nothing is paused or injected: each was refused by the host.
    QCOMPARE(host.calls,
             (QStringList {QStringLiteral("refused 3"), QStringLiteral("refused 4"),
                           QStringLiteral("refused 5")}));
    QVERIFY(stream.events().isEmpty());
    QVERIFY(!stream.heartbeatsPaused());
    // Connection faults need no understanding of the events.
    stream.act(6, fault(QStringLiteral("fin")), false, engine, host);
    QCOMPARE(host.calls.size(), 5);
}

QTEST_GUILESS_MAIN(TestStreamFaults)
#include "tst_streamfaults.moc"
