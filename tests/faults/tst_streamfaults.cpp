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

QTEST_GUILESS_MAIN(TestStreamFaults)
#include "tst_streamfaults.moc"
