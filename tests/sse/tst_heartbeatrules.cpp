// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// What counts as a heartbeat, for the client and the tap proxy alike.
#include "sse/heartbeatrules.h"

#include <QTest>

class TestHeartbeatRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void events_data();
    void events();
    void comments_data();
    void comments();
    void decisiveBytesDecide();
};

void TestHeartbeatRules::events_data()
{
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("heartbeat");
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("named ping with time")
        << QByteArray("ping") << QByteArray("ping 17") << true << QByteArray(" 17");
    QTest::newRow("named ping, bare time")
        << QByteArray("ping") << QByteArray("17") << true << QByteArray("17");
    QTest::newRow("data ping") << QByteArray("message") << QByteArray("ping") << true
                               << QByteArray();
    QTest::newRow("data ping with time")
        << QByteArray("message") << QByteArray("ping 17") << true << QByteArray(" 17");
    QTest::newRow("data pingpong")
        << QByteArray("message") << QByteArray("pingpong") << false << QByteArray();
    QTest::newRow("other type, ping data")
        << QByteArray("tick") << QByteArray("ping 1") << false << QByteArray();
    QTest::newRow("plain message")
        << QByteArray("message") << QByteArray("{\"n\":1}") << false << QByteArray();
}

void TestHeartbeatRules::events()
{
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, data);
    QFETCH(bool, heartbeat);
    QFETCH(QByteArray, payload);
    const HeartbeatRules rules;
    QByteArrayView rest;
    QCOMPARE(rules.matchEvent(type, data, &rest), heartbeat);
    if (heartbeat)
        QCOMPARE(rest.toByteArray(), payload);
    HeartbeatRules off;
    off.eventType.clear();
    off.dataPing = false;
    QVERIFY(!off.matchEvent(type, data));
}

void TestHeartbeatRules::comments_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("heartbeat");
    QTest::newRow("ping with time") << QByteArray("ping 1732180000000.5") << true;
    QTest::newRow("ping") << QByteArray("ping") << true;
    QTest::newRow("keepalive") << QByteArray("keepalive") << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestHeartbeatRules::comments()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, heartbeat);
    HeartbeatRules rules;
    QByteArrayView rest;
    QCOMPARE(rules.matchComment(text, &rest), heartbeat);
    if (heartbeat)
        QCOMPARE(rest.toByteArray(), text.mid(4));
    rules.commentPrefix = "keep";
    QCOMPARE(rules.matchComment(text), text.startsWith("keep"));
    rules.comment = false;
    QVERIFY(!rules.matchComment(text));
}

// The proxy keeps only the start of an event's data: that must decide as the whole does.
void TestHeartbeatRules::decisiveBytesDecide()
{
    const HeartbeatRules rules;
    const QList<QByteArray> datas = {"ping", "ping 1", "pingpong", "ping\n2", "pin", "x"};
    for (const QByteArray &data : datas) {
        const QByteArray start = data.first(qMin(HeartbeatRules::DecisiveDataBytes, data.size()));
        QCOMPARE(rules.matchEvent("message", start), rules.matchEvent("message", data));
    }
}

QTEST_GUILESS_MAIN(TestHeartbeatRules)
#include "tst_heartbeatrules.moc"
