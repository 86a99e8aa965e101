// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// ProxyReframer without sockets: the units it cuts an event stream into, whatever the slicing;
// the events it counts for the triggers (heartbeats excluded); ids re-encoded, heartbeats held
// back, injections between units, chunks of its own, and a switch in the middle of a stream
// waiting for a unit boundary.
#include "faults/fault.h"
#include "faults/faultbytes.h"
#include "faults/streamfaults.h"
#include "http/chunkeddecoder.h"
#include "proxy/proxyreframer.h"
#include "sse/sseparser.h"

#include <QRandomGenerator>
#include <QTest>

namespace {

class Recorder : public ProxyReframer::Host
{
public:
    bool isStreaming() const override { return streaming; }
    void writeToClient(QByteArrayView bytes) override { writes.append(bytes.toByteArray()); }
    void closeForFault(Fault::DropMode mode, const QString &what) override
    {
        closes.append(what);
        Q_UNUSED(mode)
        streaming = false;
    }
    void reportFault(int id, const Fault &fault, const QString &detail) override
    {
        Q_UNUSED(id)
        Q_UNUSED(fault)
        reports.append(detail);
    }
    void eventPassed() override { ++passed; }
    void eventSent() override { ++sent; }
    void eventSeen(const SseEventView &view) override { ids.append(view.id.toByteArray()); }
    void commentSeen(QByteArrayView text) override { comments.append(text.toByteArray()); }

    QByteArray all() const { return writes.join(); }

    bool streaming = true;
    QList<QByteArray> writes;
    QStringList closes;
    QStringList reports;
    QList<QByteArray> ids;
    QList<QByteArray> comments;
    int passed = 0;
    int sent = 0;
};

// A re-framing stream with its recorder.
struct Rig
{
    explicit Rig(bool chunked = false, SseParser::Limits limits = {})
        : faults([](const QByteArray &) {})
        , reframer(&host, faults, rules, limits)
    {
        reframer.startBody(true, chunked);
    }
    Recorder host;
    StreamFaults faults;
    HeartbeatRules rules;
    ProxyReframer reframer;
};

enum class Slicing { Whole, ByteByByte, Random };

void feed(ProxyReframer &reframer, const QByteArray &bytes, Slicing slicing, quint32 seed = 1)
{
    QRandomGenerator random(seed);
    qsizetype at = 0;
    while (at < bytes.size()) {
        qsizetype n = bytes.size() - at;
        if (slicing == Slicing::ByteByByte)
            n = 1;
        else if (slicing == Slicing::Random)
            n = qMin<qsizetype>(n, 1 + random.bounded(7));
        reframer.beginRead();
        reframer.feed(QByteArrayView(bytes).sliced(at, n));
        reframer.endRead();
        at += n;
    }
}

// Units with LF and lone-CR line ends (a CR LF split across reads is covered by crlfStream(), a
// comment split across reads by commentSplitAcrossReads()).
const QList<QByteArray> Units = {
    ": hello\n",
    "data: a\nid: 1\n\n",
    ":ping 1700000000000\n",
    "event: ping\ndata: 1\n\n",
    "retry: 10\n\n",
    "\n",
    "data: b\rdata: c\rid: 2\r\r",
    "event: tick\ndata: {\"n\":3}\nid: 3\n\n",
};

} // namespace

class TestProxyReframer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unitsWhateverTheSlicing_data();
    void unitsWhateverTheSlicing();
    void commentSplitAcrossReads();
    void crlfStream();
    void countsOnlyWhileSegmenting();
    void idsRewritten();
    void idsReset();
    void heartbeatsHeldBack();
    void injectionBetweenUnits();
    void chunksOfItsOwn();
    void switchWaitsForABoundary();
    void capStopsObservationNotBytes();
};

void TestProxyReframer::unitsWhateverTheSlicing_data()
{
    QTest::addColumn<int>("slicing");
    QTest::newRow("whole") << int(Slicing::Whole);
    QTest::newRow("byte by byte") << int(Slicing::ByteByByte);
    QTest::newRow("random") << int(Slicing::Random);
}

void TestProxyReframer::unitsWhateverTheSlicing()
{
    QFETCH(int, slicing);
    Rig rig;
    rig.reframer.segmentFromStart(true);
    // Comments are left out when sliced (see commentSplitAcrossReads()); whole, they are units.
    QList<QByteArray> units = Units;
    if (Slicing(slicing) != Slicing::Whole)
        units = {Units[1], Units[3], Units[4], Units[5], Units[6], Units[7]};
    feed(rig.reframer, units.join(), Slicing(slicing), 7);
    QCOMPARE(rig.host.writes, units);
    // Two heartbeats (`:ping`, `event: ping`) are not events for the triggers.
    QCOMPARE(rig.host.passed, 3);
    QCOMPARE(rig.host.sent, 3);
    QCOMPARE(rig.reframer.events(), 4);
    QCOMPARE(rig.host.ids, (QList<QByteArray> {"1", "1", "2", "3"}));
    QCOMPARE(rig.reframer.lastEventId(), QByteArray("3"));
}

void TestProxyReframer::commentSplitAcrossReads()
{
    // Whole, a comment is a unit of its own (what heartbeat-pause drops, where an injection may
    // go).
    Rig whole;
    whole.reframer.segmentFromStart(true);
    feed(whole.reframer, ":ping 1\ndata: a\n\n", Slicing::Whole);
    QCOMPARE(whole.host.writes, (QList<QByteArray> {":ping 1\n", "data: a\n\n"}));

    // Split across reads, it is still a unit of its own (its first pieces pending do not make
    // it the middle of a unit).
    Rig split;
    split.reframer.segmentFromStart(true);
    feed(split.reframer, ":ping 1\ndata: a\n\n", Slicing::ByteByByte);
    QCOMPARE(split.host.all(), QByteArray(":ping 1\ndata: a\n\n"));
    QCOMPARE(split.host.writes, whole.host.writes);
}

void TestProxyReframer::crlfStream()
{
    // A CR LF may be split between two reads: the LF is sent after the unit the CR ended, so
    // the units differ with the slicing, but never the bytes, the events or their ids.
    QByteArray stream;
    for (const QByteArray &unit : Units)
        stream += QByteArray(unit).replace('\r', '\n').replace("\n", "\r\n");
    QList<QByteArray> ids;
    for (Slicing slicing : {Slicing::Whole, Slicing::ByteByByte, Slicing::Random}) {
        Rig rig;
        rig.reframer.segmentFromStart(true);
        feed(rig.reframer, stream, slicing, 3);
        QCOMPARE(rig.host.all(), stream);
        QCOMPARE(rig.host.passed, 3);
        if (ids.isEmpty())
            ids = rig.host.ids;
        QCOMPARE(rig.host.ids, ids);
    }
    QCOMPARE(ids.size(), 4);
}

void TestProxyReframer::countsOnlyWhileSegmenting()
{
    // Observing only: events are seen, nothing is written, triggers are not counted.
    Rig rig;
    feed(rig.reframer, Units.join(), Slicing::ByteByByte);
    QCOMPARE(rig.reframer.events(), 4);
    QCOMPARE(rig.host.passed, 0);
    QVERIFY(rig.host.writes.isEmpty());
    QVERIFY(!rig.reframer.isReframed());

    // Segmenting without re-framing counts and writes nothing: the raw bytes go out elsewhere.
    Rig counting;
    counting.reframer.segmentFromStart(false);
    feed(counting.reframer, Units.join(), Slicing::Random);
    QCOMPARE(counting.host.passed, 3);
    QVERIFY(counting.host.writes.isEmpty());
}

void TestProxyReframer::idsRewritten()
{
    Rig rig;
    rig.reframer.segmentFromStart(true);
    Fault ids;
    ids.kind = Fault::Kind::Ids;
    ids.idsMode = Fault::IdsMode::Rewrite;
    ids.value = "x9";
    rig.faults.events().add(1, ids);
    feed(rig.reframer, "data: a\nid: 1\n\nevent: tick\ndata: b\nid: 2\n\n", Slicing::ByteByByte);
    QCOMPARE(rig.host.reports, QStringList {QStringLiteral("sent event id 1 with id x9")});
    // What the client gets: the first event with its id rewritten, type and data kept.
    struct Parsed : SseParser::Handler
    {
        void event(const SseEvent &event) override { events.append(event); }
        void comment(QByteArrayView) override { }
        void retry(qint64) override { }
        QList<SseEvent> events;
    } parsed;
    SseParser parser(&parsed);
    QVERIFY(parser.feed(rig.host.all()));
    QCOMPARE(parsed.events.size(), 2);
    QCOMPARE(parsed.events[0].id, QByteArray("x9"));
    QCOMPARE(parsed.events[0].data, QByteArray("a"));
    QCOMPARE(parsed.events[1].id, QByteArray("2"));
    QCOMPARE(parsed.events[1].type, QByteArray("tick"));
    QCOMPARE(rig.host.writes[1], QByteArray("event: tick\ndata: b\nid: 2\n\n"));
}

void TestProxyReframer::idsReset()
{
    Rig rig;
    rig.reframer.segmentFromStart(true);
    Fault ids;
    ids.kind = Fault::Kind::Ids;
    ids.idsMode = Fault::IdsMode::Reset;
    rig.faults.events().add(1, ids);
    feed(rig.reframer, "event: tick\ndata: a\nid: 7\n\n", Slicing::Whole);
    QCOMPARE(rig.host.writes.size(), 1);
    const QByteArray &sent = rig.host.writes[0];
    QVERIFY2(sent.contains("id\n") || sent.contains("id:\n") || sent.contains("id: \n"), sent);
    QVERIFY(sent.contains("event: tick\n"));
    QVERIFY(!sent.contains("7"));
}

void TestProxyReframer::heartbeatsHeldBack()
{
    Rig rig;
    rig.reframer.segmentFromStart(true);
    rig.faults.pauseHeartbeats(3600 * 1000);
    feed(rig.reframer, Units.join(), Slicing::Whole);
    QList<QByteArray> expected = Units;
    expected.removeAt(3); // event: ping
    expected.removeAt(2); // :ping
    QCOMPARE(rig.host.writes, expected);
    QCOMPARE(rig.reframer.heartbeatsDropped(), 2);
    QCOMPARE(rig.host.passed, 3);
}

void TestProxyReframer::injectionBetweenUnits()
{
    Rig rig;
    rig.reframer.segmentFromStart(true);
    Fault retry;
    retry.kind = Fault::Kind::Retry;
    retry.ms = 1500;
    // In the middle of a unit: the retry waits for its end.
    feed(rig.reframer, "data: a\n", Slicing::Whole);
    rig.reframer.inject(4, retry, FaultBytes::retry(retry.ms));
    rig.reframer.requestReframe(false, true);
    QVERIFY(rig.host.writes.isEmpty());
    feed(rig.reframer, "\ndata: b\n\n", Slicing::ByteByByte);
    // Flushed when the unit in progress completes, ahead of it: nothing of it was sent yet.
    QCOMPARE(rig.host.writes,
             (QList<QByteArray> {FaultBytes::retry(1500), "data: a\n\n", "data: b\n\n"}));
    QCOMPARE(rig.host.reports, QStringList {QStringLiteral("sent retry: 1500")});

    // Between two reads at a boundary it goes out at once.
    rig.reframer.inject(5, retry, FaultBytes::retry(retry.ms));
    rig.reframer.requestReframe(false, true);
    QCOMPARE(rig.host.writes.size(), 4);
    QCOMPARE(rig.host.writes.last(), FaultBytes::retry(1500));
}

void TestProxyReframer::chunksOfItsOwn()
{
    Rig rig(true);
    rig.reframer.segmentFromStart(true);
    feed(rig.reframer, Units.join(), Slicing::Whole);
    rig.reframer.endReframed(true);
    QCOMPARE(rig.host.writes.size(), Units.size() + 1);
    QCOMPARE(rig.host.writes.first(), QByteArray("8\r\n: hello\n\r\n"));
    QCOMPARE(rig.host.writes.last(), QByteArray("0\r\n\r\n"));
    ChunkedDecoder decoder;
    QByteArray decoded;
    const QByteArray all = rig.host.all();
    QByteArrayView rest(all);
    while (!rest.isEmpty() && !decoder.isDone() && !decoder.hasError()) {
        QByteArrayView piece;
        rest = rest.sliced(decoder.feed(rest, &piece));
        decoded += piece.toByteArray();
    }
    QVERIFY(decoder.isDone());
    QCOMPARE(decoded, Units.join());

    // Cut short: the unfinished unit goes out as it came, without a last chunk.
    Rig cut(true);
    cut.reframer.segmentFromStart(true);
    feed(cut.reframer, "data: a\n\ndata: b", Slicing::Whole);
    cut.reframer.endReframed(false);
    QCOMPARE(cut.host.writes, (QList<QByteArray> {"9\r\ndata: a\n\n\r\n", "7\r\ndata: b\r\n"}));
}

void TestProxyReframer::switchWaitsForABoundary()
{
    Rig rig;
    // Observed only, until a fault asks for units in the middle of an event.
    feed(rig.reframer, "data: a\n\ndata: b\n", Slicing::Whole);
    rig.reframer.requestReframe(false, true);
    QVERIFY(rig.reframer.isSegmenting());
    QVERIFY(!rig.reframer.isReframed());
    QVERIFY(!rig.reframer.wantsSwitch());
    // The event that was in progress is only counted; the switch comes after it.
    rig.reframer.beginRead();
    rig.reframer.feed("data: c\n\n");
    QVERIFY(rig.reframer.wantsSwitch());
    rig.reframer.switchToReframed();
    rig.reframer.feed("data: d\n\n");
    rig.reframer.endRead();
    QCOMPARE(rig.host.passed, 2);
    QCOMPARE(rig.host.writes, (QList<QByteArray> {"data: d\n\n"}));
    QCOMPARE(rig.reframer.events(), 3);
}

void TestProxyReframer::capStopsObservationNotBytes()
{
    SseParser::Limits limits;
    limits.maxLineBytes = 16;
    Rig rig(false, limits);
    rig.reframer.segmentFromStart(true);
    const QByteArray stream = "data: a\n\ndata: " + QByteArray(40, 'x') + "\n\ndata: b\n\n";
    feed(rig.reframer, stream, Slicing::ByteByByte);
    QVERIFY(!rig.reframer.isObserving());
    QVERIFY(!rig.reframer.observationError().isEmpty());
    QCOMPARE(rig.host.all(), stream);
    QCOMPARE(rig.host.writes.first(), QByteArray("data: a\n\n"));
    QCOMPARE(rig.host.passed, 1);
}

QTEST_GUILESS_MAIN(TestProxyReframer)
#include "tst_proxyreframer.moc"
