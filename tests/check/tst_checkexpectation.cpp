// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "check/checkexpectation.h"

#include <QTest>

#include <memory>

// CheckExpectation on records made here: the verdicts that need a stream no server gives on
// demand (a resume whose ids are of a series, or whose series changes).
class TestCheckExpectation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resume_data();
    void resume();
    void resumeKnowsWhatCameLate();
};

namespace {

ClientRecord eventOn(int conn, qint64 ns, const QByteArray &id)
{
    ClientRecord record;
    record.kind = ClientRecord::Kind::Event;
    record.conn = conn;
    record.monotonicNs = ns;
    record.event.id = id;
    record.event.data = "x";
    return record;
}

ClientRecord opened(int conn, qint64 ns, const QByteArray &lastEventId)
{
    ClientRecord record;
    record.kind = ClientRecord::Kind::State;
    record.state = ClientState::Open;
    record.conn = conn;
    record.monotonicNs = ns;
    auto attempt = std::make_shared<AttemptInfo>();
    if (!lastEventId.isNull())
        attempt->requestHeaders.append({QByteArrayLiteral("Last-Event-ID"), lastEventId});
    record.attempt = attempt;
    return record;
}

} // namespace

void TestCheckExpectation::resume_data()
{
    QTest::addColumn<QByteArrayList>("before"); // ids on connection 1
    QTest::addColumn<QByteArray>("sent"); // Last-Event-ID of connection 2 (null: none)
    QTest::addColumn<QByteArray>("first"); // the first id on connection 2
    QTest::addColumn<bool>("passed");
    QTest::addColumn<QString>("message");
    const QByteArrayList numbers = {"1", "2", "3"};
    const QByteArrayList series = {"s1/1", "s1/2", "s1/3"};
    QTest::newRow("numbers") << numbers << QByteArray("3") << QByteArray("4") << true << QString();
    QTest::newRow("series") << series << QByteArray("s1/3") << QByteArray("s1/4") << true
                            << QString();
    QTest::newRow("series gap")
        << series << QByteArray("s1/3") << QByteArray("s1/6") << false
        << QStringLiteral("gap: after id s1/3 the resumed stream began with id s1/6 (2 lost)");
    QTest::newRow("series repeat")
        << series << QByteArray("s1/3") << QByteArray("s1/2") << false
        << QStringLiteral("repeat: after id s1/3 the resumed stream began with id s1/2");
    QTest::newRow("another series")
        << series << QByteArray("s1/3") << QByteArray("s2/1") << false
        << QStringLiteral("the resumed stream began with id \"s2/1\", of another series than "
                          "the last id received, \"s1/3\"");
    QTest::newRow("no counter") << QByteArrayList {"a", "b"} << QByteArray("b") << QByteArray("c")
                                << false
                                << QStringLiteral("ids \"b\" and then \"c\" do not end in a "
                                                  "counter: a gap or a repeat cannot be told");
    QTest::newRow("wrong header")
        << numbers << QByteArray("2") << QByteArray("3") << false
        << QStringLiteral("connection 2 sent Last-Event-ID \"2\", not \"3\", the last id "
                          "received");
    QTest::newRow("no header")
        << numbers << QByteArray() << QByteArray("1") << false
        << QStringLiteral("connection 2 sent no Last-Event-ID (the last id received was \"3\")");
}

void TestCheckExpectation::resume()
{
    QFETCH(QByteArrayList, before);
    QFETCH(QByteArray, sent);
    QFETCH(QByteArray, first);
    QFETCH(bool, passed);
    QFETCH(QString, message);
    Expectation expectation;
    expectation.kind = Expectation::Kind::Resume;
    CheckExpectation check;
    QStringList missing;
    QVERIFY(check.prepare(expectation, {}, &missing));
    qint64 ns = 1000;
    check.begin(ns, ClientState::Connecting, 0, {});
    check.feed(opened(1, ++ns, QByteArray()));
    for (const QByteArray &id : std::as_const(before))
        check.feed(eventOn(1, ++ns, id));
    QVERIFY(!check.isDecided());
    check.feed(opened(2, ++ns, sent));
    check.feed(eventOn(2, ++ns, first));
    check.finish(++ns);
    QVERIFY(check.isDecided());
    QCOMPARE(check.status(), passed ? CheckResult::Status::Passed : CheckResult::Status::Failed);
    QCOMPARE(check.message(), message);
}

void TestCheckExpectation::resumeKnowsWhatCameLate()
{
    // The window opened with the stream at id 32; id 33, stamped before it, was delivered after
    // it opened. The reconnect's Last-Event-ID 33 is then right, and 34 follows it.
    Expectation expectation;
    expectation.kind = Expectation::Kind::Resume;
    CheckExpectation check;
    QStringList missing;
    QVERIFY(check.prepare(expectation, {}, &missing));
    SseClientStats stats;
    stats.lastEventId = "32";
    check.begin(1000, ClientState::Open, 1, stats);
    check.feedEarlier(eventOn(1, 999, "33"));
    check.feed(opened(2, 1001, "33"));
    check.feed(eventOn(2, 1002, "34"));
    QVERIFY(check.isDecided());
    QVERIFY2(check.status() == CheckResult::Status::Passed, qPrintable(check.message()));
}

QTEST_GUILESS_MAIN(TestCheckExpectation)
#include "tst_checkexpectation.moc"
