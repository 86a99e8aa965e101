// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "faults/faultspec.h"

#include <QTest>

Q_DECLARE_METATYPE(Fault::Kind)
Q_DECLARE_METATYPE(Fault::Trigger::Kind)
Q_DECLARE_METATYPE(Fault::Scope)

class TestFaultSpec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyKindParses_data();
    void everyKindParses();
    void triggers_data();
    void triggers();
    void parameters();
    void badInput_data();
    void badInput();
    void durations_data();
    void durations();
    void catalogueExamplesParse();
};

void TestFaultSpec::everyKindParses_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<Fault::Kind>("kind");
    QTest::addColumn<Fault::Scope>("scope");
    using K = Fault::Kind;
    using S = Fault::Scope;
    QTest::newRow("fin") << "fin" << K::Fin << S::Connection;
    QTest::newRow("rst") << "rst after=100" << K::Rst << S::Connection;
    QTest::newRow("blackhole") << "blackhole" << K::Blackhole << S::Connection;
    QTest::newRow("stall") << "stall for=5s" << K::Stall << S::Connection;
    QTest::newRow("heartbeat-pause")
        << "heartbeat-pause for=30s" << K::HeartbeatPause << S::Connection;
    QTest::newRow("latency") << "latency ms=200" << K::Latency << S::Shaping;
    QTest::newRow("bandwidth") << "bandwidth bps=2000" << K::Bandwidth << S::Shaping;
    QTest::newRow("slice") << "slice bytes=3 delay=10ms" << K::Slice << S::Shaping;
    QTest::newRow("truncate") << "truncate" << K::Truncate << S::Event;
    QTest::newRow("drop") << "drop every=50" << K::Drop << S::Event;
    QTest::newRow("duplicate") << "duplicate" << K::Duplicate << S::Event;
    QTest::newRow("error-event") << "error-event" << K::ErrorEvent << S::Event;
    QTest::newRow("not-json") << "not-json" << K::NotJson << S::Event;
    QTest::newRow("reorder") << "reorder" << K::Reorder << S::Event;
    QTest::newRow("ids") << "ids mode=reset" << K::Ids << S::Event;
    QTest::newRow("retry") << "retry ms=1" << K::Retry << S::Connection;
    QTest::newRow("garbage") << "garbage kind=nul" << K::Garbage << S::Connection;
    QTest::newRow("status") << "status code=503 count=3 retry-after=2" << K::Status << S::Response;
    QTest::newRow("content-type") << "content-type value=text/html" << K::ContentType
                                  << S::Response;
    QTest::newRow("redirect") << "redirect to=/elsewhere code=302" << K::Redirect << S::Response;
    QTest::newRow("slow-headers") << "slow-headers delay=2s" << K::SlowHeaders << S::Response;
    QTest::newRow("gzip") << "gzip" << K::Gzip << S::Response;
    QTest::newRow("refuse") << "refuse for=5s" << K::Refuse << S::Server;
}

void TestFaultSpec::everyKindParses()
{
    QFETCH(QString, spec);
    QFETCH(Fault::Kind, kind);
    QFETCH(Fault::Scope, scope);
    Fault fault;
    QString error;
    QVERIFY2(FaultSpec::parse(spec, &fault, &error), qPrintable(error));
    QCOMPARE(fault.kind, kind);
    QCOMPARE(fault.scope(), scope);
    QCOMPARE(fault.spec, spec);
    QCOMPARE(fault.name(), spec.section(u' ', 0, 0));
    // Extra spaces change nothing.
    const QString spaced = QStringLiteral("  ") + spec.replace(u' ', QStringLiteral("   "));
    Fault again;
    QVERIFY(FaultSpec::parse(spaced, &again, &error));
    QCOMPARE(again.kind, kind);
}

void TestFaultSpec::triggers_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<Fault::Trigger::Kind>("trigger");
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<qint64>("count");
    QTest::addColumn<double>("probability");
    using T = Fault::Trigger::Kind;
    QTest::newRow("default") << "rst" << T::Now << 0LL << 0LL << 0.0;
    QTest::newRow("now") << "rst now" << T::Now << 0LL << 0LL << 0.0;
    QTest::newRow("at") << "rst at=1.5s" << T::At << 1500LL << 0LL << 0.0;
    QTest::newRow("after") << "rst after=100" << T::After << 0LL << 100LL << 0.0;
    QTest::newRow("every events") << "drop every=50" << T::EveryEvents << 0LL << 50LL << 0.0;
    QTest::newRow("every time") << "fin every=250ms" << T::EveryTime << 250LL << 0LL << 0.0;
    QTest::newRow("every minutes") << "fin every=2m" << T::EveryTime << 120000LL << 0LL << 0.0;
    QTest::newRow("probability") << "duplicate probability=0.1" << T::Probability << 0LL << 0LL
                                 << 0.1;
    QTest::newRow("probability 1")
        << "duplicate probability=1" << T::Probability << 0LL << 0LL << 1.0;
}

void TestFaultSpec::triggers()
{
    QFETCH(QString, spec);
    QFETCH(Fault::Trigger::Kind, trigger);
    QFETCH(qint64, ms);
    QFETCH(qint64, count);
    QFETCH(double, probability);
    Fault fault;
    QString error;
    QVERIFY2(FaultSpec::parse(spec, &fault, &error), qPrintable(error));
    QCOMPARE(fault.trigger.kind, trigger);
    QCOMPARE(fault.trigger.ms, ms);
    QCOMPARE(fault.trigger.count, count);
    QCOMPARE(fault.trigger.probability, probability);
}

void TestFaultSpec::parameters()
{
    Fault f;
    QString error;
    QVERIFY(FaultSpec::parse(u"status code=429 count=3 retry-after=2 clients=1,3", &f, &error));
    QCOMPARE(f.code, 429);
    QCOMPARE(f.count, 3);
    QCOMPARE(f.retryAfterSeconds, 2);
    QCOMPARE(f.clients, (QList<int> {1, 3}));
    QVERIFY(f.targets(1) && f.targets(3) && !f.targets(2));

    QVERIFY(FaultSpec::parse(u"status code=500", &f, &error));
    QCOMPARE(f.count, 1);
    QCOMPARE(f.retryAfterSeconds, -1);
    QVERIFY(f.clients.isEmpty());
    QVERIFY(f.targets(42));

    QVERIFY(FaultSpec::parse(u"slice bytes=3", &f, &error));
    QCOMPARE(f.bytes, 3);
    QCOMPARE(f.delayMs, 10); // the default
    QVERIFY(FaultSpec::parse(u"slice bytes=1 delay=0ms for=2s", &f, &error));
    QCOMPARE(f.delayMs, 0);
    QCOMPARE(f.durationMs, 2000);

    QVERIFY(FaultSpec::parse(u"drop every=50 mode=fin,rst,truncate", &f, &error));
    QCOMPARE(f.dropModes,
             (QList<Fault::DropMode> {Fault::DropMode::Fin, Fault::DropMode::Rst,
                                      Fault::DropMode::Truncate}));
    QVERIFY(FaultSpec::parse(u"drop mode=event", &f, &error));
    QVERIFY(f.dropModes.isEmpty());

    QVERIFY(FaultSpec::parse(u"content-type value=none", &f, &error));
    QVERIFY(f.value.isEmpty());
    QVERIFY(FaultSpec::parse(u"content-type value=text/html;charset=utf-8", &f, &error));
    QCOMPARE(f.value, QByteArray("text/html;charset=utf-8"));

    QVERIFY(FaultSpec::parse(u"redirect to=http://127.0.0.1:1/x", &f, &error));
    QCOMPARE(f.code, 302);
    QCOMPARE(f.location, QByteArray("http://127.0.0.1:1/x"));

    QVERIFY(FaultSpec::parse(u"garbage kind=longline bytes=100", &f, &error));
    QCOMPARE(f.garbage, Fault::GarbageKind::LongLine);
    QCOMPARE(f.bytes, 100);

    QVERIFY(FaultSpec::parse(u"ids mode=rewrite value=abc", &f, &error));
    QCOMPARE(f.idsMode, Fault::IdsMode::Rewrite);
    QCOMPARE(f.value, QByteArray("abc"));

    QVERIFY(FaultSpec::parse(u"gzip count=0", &f, &error));
    QCOMPARE(f.count, 0);
    QVERIFY(FaultSpec::parse(u"latency ms=200 for=1m", &f, &error));
    QCOMPARE(f.ms, 200);
    QCOMPARE(f.durationMs, 60000);
}

void TestFaultSpec::badInput_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << "   "
                           << "empty fault";
    QTest::newRow("unknown kind") << "explode"
                                  << "unknown fault \"explode\" (known: fin, rst";
    QTest::newRow("not key=value") << "rst soon"
                                   << "rst: \"soon\" is not key=value";
    QTest::newRow("unknown key") << "stall for=1s evry=5"
                                 << "stall: unknown parameter \"evry\" (known: for)";
    QTest::newRow("key on bare kind") << "rst ms=5"
                                      << "rst: unknown parameter \"ms\" (it takes only a trigger";
    QTest::newRow("missing value") << "stall for="
                                   << "stall: for= needs a value";
    QTest::newRow("missing required") << "stall"
                                      << "stall: for= is required (stall for=T)";
    QTest::newRow("duration without unit") << "stall for=5"
                                           << "stall: for=5 is not a duration: add a unit";
    QTest::newRow("zero duration") << "refuse for=0s"
                                   << "refuse: for= must be longer than 0";
    QTest::newRow("two triggers") << "rst after=5 every=10"
                                  << "rst: \"every\" is a second trigger";
    QTest::newRow("now and at") << "rst now at=1s"
                                << "rst: \"at\" is a second trigger";
    QTest::newRow("twice") << "latency ms=1 ms=2"
                           << "latency: \"ms\" given twice";
    QTest::newRow("bad every") << "drop every=often"
                               << "drop: every=often is neither";
    QTest::newRow("every zero") << "drop every=0"
                                << "drop: every=0 is neither";
    QTest::newRow("bad after") << "rst after=-1"
                               << "rst: after=-1 is not a number of events";
    QTest::newRow("bad at") << "rst at=soon"
                            << "rst: at=soon is not a duration";
    QTest::newRow("probability 0") << "drop probability=0"
                                   << "drop: probability=0 is not";
    QTest::newRow("probability 2") << "drop probability=2"
                                   << "drop: probability=2 is not";
    QTest::newRow("bad clients") << "rst clients=1,x"
                                 << "rst: clients=1,x: \"x\" is not a client number";
    QTest::newRow("clients 0") << "rst clients=0"
                               << "rst: clients=0: \"0\" is not a client";
    QTest::newRow("refuse clients") << "refuse for=1s clients=1"
                                    << "refuse: closes the port for everyone";
    QTest::newRow("status 200") << "status code=200"
                                << "status: code=200: use 204";
    QTest::newRow("status 999") << "status code=999"
                                << "status: code=999 is not an HTTP status";
    QTest::newRow("retry-after 204") << "status code=204 retry-after=1"
                                     << "status: retry-after= goes with";
    QTest::newRow("redirect 200") << "redirect to=/x code=200"
                                  << "redirect: code=200 is not a redirect";
    QTest::newRow("redirect no to") << "redirect"
                                    << "redirect: to= is required";
    QTest::newRow("drop mode") << "drop mode=fin,smoke"
                               << "drop: mode=fin,smoke: \"smoke\" is not one of";
    QTest::newRow("drop mixed") << "drop mode=event,fin"
                                << "drop: mode=event drops one event";
    QTest::newRow("ids mode") << "ids mode=shuffle"
                              << "ids: mode=shuffle: use reset or rewrite";
    QTest::newRow("ids value") << "ids mode=reset value=1"
                               << "ids: value= goes with mode=rewrite";
    QTest::newRow("garbage kind") << "garbage kind=smoke"
                                  << "garbage: kind=smoke: use utf8";
    QTest::newRow("garbage bytes") << "garbage kind=nul bytes=5"
                                   << "garbage: bytes= applies to kind=longline only";
    QTest::newRow("bandwidth 0") << "bandwidth bps=0"
                                 << "bandwidth: bps=0 is not a positive";
    QTest::newRow("slice 0") << "slice bytes=0"
                             << "slice: bytes=0 is not a positive";
    QTest::newRow("count") << "status code=503 count=-1"
                           << "status: count=-1 is not a number";
    QTest::newRow("content-type control") << "content-type value=a\x01"
                                          << "content-type: value= cannot contain control";
}

void TestFaultSpec::badInput()
{
    QFETCH(QString, spec);
    QFETCH(QString, message);
    Fault fault;
    fault.kind = Fault::Kind::Gzip;
    QString error;
    QVERIFY(!FaultSpec::parse(spec, &fault, &error));
    QVERIFY2(error.startsWith(message), qPrintable(error));
    QCOMPARE(fault.kind, Fault::Kind::Gzip); // left alone on failure
}

void TestFaultSpec::durations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms"); // -1: rejected
    QTest::newRow("ms") << "250ms" << 250LL;
    QTest::newRow("s") << "5s" << 5000LL;
    QTest::newRow("fraction") << "1.5s" << 1500LL;
    QTest::newRow("m") << "2m" << 120000LL;
    QTest::newRow("zero") << "0ms" << 0LL;
    QTest::newRow("no unit") << "5" << -1LL;
    QTest::newRow("hours") << "1h" << -1LL;
    QTest::newRow("negative") << "-1s" << -1LL;
    QTest::newRow("space") << "1 s" << -1LL;
    QTest::newRow("too long") << "100000m" << -1LL;
}

void TestFaultSpec::durations()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    qint64 value = -1;
    QCOMPARE(FaultSpec::parseDuration(text, &value), ms >= 0);
    if (ms >= 0)
        QCOMPARE(value, ms);
}

void TestFaultSpec::catalogueExamplesParse()
{
    const QList<FaultSpec::Entry> entries = FaultSpec::catalogue();
    QCOMPARE(entries.size(), 23); // every Fault::Kind
    QSet<Fault::Kind> kinds;
    for (const FaultSpec::Entry &entry : entries) {
        Fault fault;
        QString error;
        QVERIFY2(FaultSpec::parse(entry.example, &fault, &error),
                 qPrintable(entry.example + QStringLiteral(": ") + error));
        QCOMPARE(fault.name(), entry.name);
        kinds.insert(fault.kind);
        QVERIFY(FaultSpec::catalogueText().contains(entry.example));
    }
    QCOMPARE(kinds.size(), entries.size());
}

QTEST_GUILESS_MAIN(TestFaultSpec)
#include "tst_faultspec.moc"
