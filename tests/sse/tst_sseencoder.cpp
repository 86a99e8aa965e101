// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "sse/sseencoder.h"
#include "sse/sseparser.h"

#include <QTest>

namespace {

struct Collect : SseParser::Handler
{
    QList<SseEvent> events;
    QList<QByteArray> comments;
    QList<qint64> retries;
    void event(const SseEvent &e) override { events << e; }
    void comment(QByteArrayView text) override { comments << text.toByteArray(); }
    void retry(qint64 ms) override { retries << ms; }
};

} // namespace

class TestSseEncoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void exactBytes();
    void comments();
    void lineBreaksInTypeAndId();
};

void TestSseEncoder::roundTrip_data()
{
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<bool>("hasId");
    QTest::newRow("plain") << QByteArray() << QByteArray("hello") << QByteArray() << false;
    QTest::newRow("empty data") << QByteArray() << QByteArray("") << QByteArray() << false;
    QTest::newRow("leading space kept")
        << QByteArray("t") << QByteArray("  x") << QByteArray("1") << true;
    QTest::newRow("multi-line") << QByteArray() << QByteArray("a\nb\n\nc") << QByteArray() << false;
    QTest::newRow("trailing newline") << QByteArray() << QByteArray("a\n") << QByteArray() << false;
    QTest::newRow("utf-8") << QByteArray("ü") << QByteArray("€ 😀") << QByteArray("é") << true;
    QTest::newRow("colon in data")
        << QByteArray() << QByteArray(": not a comment") << QByteArray() << false;
    QTest::newRow("empty id resets") << QByteArray() << QByteArray("x") << QByteArray() << true;
}

void TestSseEncoder::roundTrip()
{
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, id);
    QFETCH(bool, hasId);
    SseEncoder::Event e;
    e.type = type;
    e.data = data;
    e.id = id;
    e.hasId = hasId;
    Collect c;
    SseParser parser(&c);
    parser.setLastEventId("previous");
    parser.feed(SseEncoder::event(e));
    QCOMPARE(c.events.size(), 1);
    QCOMPARE(c.events[0].type, type.isEmpty() ? QByteArray("message") : type);
    QCOMPARE(c.events[0].data, data);
    QCOMPARE(c.events[0].id, hasId ? id : QByteArray("previous"));
}

void TestSseEncoder::exactBytes()
{
    SseEncoder::Event e;
    e.type = "update";
    e.data = "a\r\nb\rc";
    e.id = "7";
    e.hasId = true;
    e.retryMs = 1500;
    QCOMPARE(SseEncoder::event(e),
             QByteArray("id: 7\nevent: update\nretry: 1500\ndata: a\ndata: b\ndata: c\n\n"));
}

void TestSseEncoder::comments()
{
    QByteArray out;
    SseEncoder::appendComment(out, "ping 1\nsecond");
    SseEncoder::appendRetry(out, 0);
    QCOMPARE(out, QByteArray(": ping 1\n: second\nretry: 0\n"));
    Collect c;
    SseParser parser(&c);
    parser.feed(out);
    QCOMPARE(c.comments, (QList<QByteArray> {"ping 1", "second"}));
    QCOMPARE(c.retries, QList<qint64> {0});
}

void TestSseEncoder::lineBreaksInTypeAndId()
{
    SseEncoder::Event e;
    e.type = "a\nb";
    e.data = "x";
    e.id = "1\r2";
    e.hasId = true;
    Collect c;
    SseParser parser(&c);
    parser.feed(SseEncoder::event(e));
    QCOMPARE(c.events.size(), 1);
    QCOMPARE(c.events[0].type, QByteArray("a b"));
    QCOMPARE(c.events[0].id, QByteArray("1 2"));
}

QTEST_GUILESS_MAIN(TestSseEncoder)
#include "tst_sseencoder.moc"
