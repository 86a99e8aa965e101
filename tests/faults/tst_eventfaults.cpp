// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// EventFaults, what the per-event faults waiting on one stream make of its next events, the
// same on the mock server and the tap proxy: each kind alone and combined, what is reported,
// a reordered event held and given back, and a close waiting for its event.
#include "faultfixture.h"
#include "faults/eventfaults.h"

#include <QTest>

namespace {

using TestFaults::fault;

QByteArray eventBytes(int n)
{
    return "id: " + QByteArray::number(n) + "\ndata: " + QByteArray::number(n) + "\n\n";
}

} // namespace

class TestEventFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eventFaults_data();
    void eventFaults();
    void closeAfterEvent();
    void reportsNameTheEvent_data();
    void reportsNameTheEvent();
    void combined();
    void dropKeepsAHeldEvent();
    void heldEventGivenBackAtTheEnd();
    void truncateKeepsAtLeastOneByte();
};

void TestEventFaults::eventFaults_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QByteArray>("out");
    QTest::addColumn<int>("events");
    QTest::newRow("drop") << "drop" << QByteArray() << 0;
    QTest::newRow("duplicate") << "duplicate" << eventBytes(1) + eventBytes(1) << 2;
    QTest::newRow("ids reset") << "ids mode=reset" << QByteArray("reset") << 1;
    QTest::newRow("ids rewrite") << "ids mode=rewrite value=q" << QByteArray("q") << 1;
    QTest::newRow("ids rewrite default") << "ids mode=rewrite" << QByteArray("x1") << 1;
}

void TestEventFaults::eventFaults()
{
    QFETCH(QString, spec);
    QFETCH(QByteArray, out);
    QFETCH(int, events);
    EventFaults faults;
    faults.add(7, fault(spec));
    QVERIFY(!faults.isEmpty());
    QStringList reports;
    const EventFaults::Result result = faults.deliver(
        eventBytes(1), QStringLiteral("event 1"), "x1",
        [](const QByteArray &id, bool reset) { return reset ? QByteArray("reset") : id; },
        [&](int id, const Fault &, const QString &detail) {
            QCOMPARE(id, 7);
            reports.append(detail);
        });
    QCOMPARE(result.bytes, out);
    QCOMPARE(result.events, events);
    QCOMPARE(reports.size(), 1);
    QVERIFY(faults.isEmpty());
    // The next event is untouched.
    const EventFaults::Result next = faults.deliver(eventBytes(2), QStringLiteral("event 2"), "x2",
                                                    {}, [](int, const Fault &, const QString &) {});
    QCOMPARE(next.bytes, eventBytes(2));
}

void TestEventFaults::closeAfterEvent()
{
    const auto noReport = [](int, const Fault &, const QString &) {
    };
    EventFaults faults;
    faults.add(1, fault(QStringLiteral("reorder")));
    EventFaults::Result held = faults.deliver(eventBytes(1), QString(), {}, {}, noReport);
    QVERIFY(held.bytes.isEmpty());
    QVERIFY(faults.hasHeld());
    faults.setCloseAfterEvent(Fault::DropMode::Rst);
    const EventFaults::Result both = faults.deliver(eventBytes(2), QString(), {}, {}, noReport);
    QCOMPARE(both.bytes, eventBytes(2) + eventBytes(1));
    QCOMPARE(both.events, 2);
    QCOMPARE(both.close, Fault::DropMode::Rst);
    faults.add(2, fault(QStringLiteral("truncate")));
    const EventFaults::Result cut = faults.deliver(eventBytes(3), QString(), {}, {}, noReport);
    QVERIFY(cut.truncated);
    QCOMPARE(cut.bytes, eventBytes(3).first(eventBytes(3).size() / 2));
}

void TestEventFaults::reportsNameTheEvent_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("report");
    QTest::newRow("drop") << "drop"
                          << "dropped event id 9";
    QTest::newRow("truncate") << "truncate"
                              << "truncated event id 9, then closed (FIN)";
    QTest::newRow("duplicate") << "duplicate"
                               << "sent event id 9 twice";
    QTest::newRow("reorder") << "reorder"
                             << "held event id 9 back behind the next one";
    QTest::newRow("ids reset") << "ids mode=reset"
                               << "sent event id 9 with an empty id";
    QTest::newRow("ids rewrite") << "ids mode=rewrite"
                                 << "sent event id 9 with id x9";
}

void TestEventFaults::reportsNameTheEvent()
{
    QFETCH(QString, spec);
    QFETCH(QString, report);
    EventFaults faults;
    faults.add(3, fault(spec));
    QStringList reports;
    faults.deliver(
        eventBytes(9), QStringLiteral("event id 9"), "x9",
        [](const QByteArray &id, bool) { return id; },
        [&](int, const Fault &, const QString &detail) { reports.append(detail); });
    QCOMPARE(reports, QStringList {report});
}

void TestEventFaults::combined()
{
    // Two faults on one event: both act, both report, in the order they were added.
    EventFaults faults;
    faults.add(1, fault(QStringLiteral("duplicate")));
    faults.add(2, fault(QStringLiteral("ids mode=rewrite value=z")));
    QList<int> reported;
    const EventFaults::Result result = faults.deliver(
        eventBytes(4), QStringLiteral("event 4"), "x4",
        [](const QByteArray &id, bool) -> QByteArray { return "id: " + id + "\ndata: 4\n\n"; },
        [&](int id, const Fault &, const QString &) { reported.append(id); });
    const QByteArray rewritten = "id: z\ndata: 4\n\n";
    QCOMPARE(result.bytes, rewritten + rewritten);
    QCOMPARE(result.events, 2);
    QCOMPARE(reported, QList<int>({1, 2}));
    // A drop wins over a duplicate: nothing is sent.
    faults.add(3, fault(QStringLiteral("duplicate")));
    faults.add(4, fault(QStringLiteral("drop")));
    const EventFaults::Result dropped =
        faults.deliver(eventBytes(5), QStringLiteral("event 5"), {}, {},
                       [](int, const Fault &, const QString &) {});
    QVERIFY(dropped.bytes.isEmpty());
    QCOMPARE(dropped.events, 0);
}

void TestEventFaults::dropKeepsAHeldEvent()
{
    const auto noReport = [](int, const Fault &, const QString &) {
    };
    EventFaults faults;
    faults.add(1, fault(QStringLiteral("reorder")));
    QVERIFY(faults.deliver(eventBytes(1), QString(), {}, {}, noReport).bytes.isEmpty());
    faults.add(2, fault(QStringLiteral("drop")));
    QVERIFY(faults.deliver(eventBytes(2), QString(), {}, {}, noReport).bytes.isEmpty());
    QVERIFY(faults.hasHeld()); // still waiting: it goes behind the next event that is sent
    const EventFaults::Result next = faults.deliver(eventBytes(3), QString(), {}, {}, noReport);
    QCOMPARE(next.bytes, eventBytes(3) + eventBytes(1));
    QVERIFY(faults.isEmpty());
}

void TestEventFaults::heldEventGivenBackAtTheEnd()
{
    EventFaults faults;
    faults.add(1, fault(QStringLiteral("reorder")));
    faults.deliver(eventBytes(1), QString(), {}, {}, [](int, const Fault &, const QString &) {});
    QVERIFY(!faults.isEmpty());
    // The stream ends before another event: the held one is sent rather than lost.
    QCOMPARE(faults.takeHeld(), eventBytes(1));
    QVERIFY(!faults.hasHeld());
    QVERIFY(faults.isEmpty());
    QVERIFY(faults.takeHeld().isEmpty());
}

void TestEventFaults::truncateKeepsAtLeastOneByte()
{
    EventFaults faults;
    faults.add(1, fault(QStringLiteral("truncate")));
    const EventFaults::Result cut = faults.deliver(QByteArray("x"), QString(), {}, {},
                                                   [](int, const Fault &, const QString &) {});
    QVERIFY(cut.truncated);
    QCOMPARE(cut.bytes, QByteArray("x"));
    QCOMPARE(cut.events, 0);
}

QTEST_GUILESS_MAIN(TestEventFaults)
#include "tst_eventfaults.moc"
