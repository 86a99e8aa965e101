// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// MockEventSource, the mock server's stream generation without sockets: events encoded as the
// options say (type, ids, payload per client), periodic events numbered and kept for replay,
// the replay after a Last-Event-ID (bounded by the history and the per-stream limit), and
// heartbeats in each form, parsed back by the client's own SSE parser.
#include "server/mockeventsource.h"
#include "sse/sseparser.h"

#include <QTest>

class TestMockEventSource : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void encodesByTheOptions();
    void periodicEventsShareBytes();
    void periodicEventsPerClient();
    void replaysAfterAnId();
    void replayKeepsEachEventsTemplate();
    void heartbeats_data();
    void heartbeats();
};

namespace {

struct Parsed : SseParser::Handler
{
    QList<SseEvent> events;
    QList<QByteArray> comments;
    void event(const SseEvent &event) override { events.append(event); }
    void comment(QByteArrayView text) override { comments.append(text.toByteArray()); }
    void retry(qint64) override { }
};

Parsed parse(const QByteArray &bytes)
{
    Parsed parsed;
    SseParser parser(&parsed);
    parser.feed(bytes);
    return parsed;
}

} // namespace

void TestMockEventSource::encodesByTheOptions()
{
    MockServerOptions options;
    options.payloadTemplate = "n={{n}} c={{client}}";
    options.eventType = "tick";
    MockEventSource source(&options);
    QByteArray out;
    source.appendEvent(out, source.payload(), 7, 1732180000000, 3);
    QCOMPARE(out, QByteArray("id: 7\nevent: tick\ndata: n=7 c=3\n\n"));
    options.ids = false;
    options.eventType.clear();
    out.clear();
    source.appendEvent(out, source.payload(), 8, 1732180000000, 3);
    QCOMPARE(out, QByteArray("data: n=8 c=3\n\n"));
    // A payload of several lines becomes several data lines.
    source.setPayloadTemplate("a\nb");
    out.clear();
    source.appendEvent(out, source.payload(), 9, 0, 1);
    const Parsed parsed = parse(out);
    QCOMPARE(parsed.events.size(), 1);
    QCOMPARE(parsed.events.at(0).data, QByteArray("a\nb"));
}

void TestMockEventSource::periodicEventsShareBytes()
{
    MockServerOptions options;
    MockEventSource source(&options);
    const MockEventSource::Periodic first = source.nextPeriodic();
    const MockEventSource::Periodic second = source.nextPeriodic();
    QCOMPARE(first.number, 1);
    QCOMPARE(second.number, 2);
    QVERIFY(second.unixMs >= first.unixMs);
    QVERIFY(!first.shared.isEmpty());
    QCOMPARE(source.bytesFor(first, 1), first.shared);
    QCOMPARE(source.bytesFor(first, 2), first.shared);
    const Parsed parsed = parse(second.shared);
    QCOMPARE(parsed.events.size(), 1);
    QCOMPARE(parsed.events.at(0).id, QByteArray("2"));
    QCOMPARE(parsed.events.at(0).data,
             QByteArray(R"({"n":2,"t":)") + QByteArray::number(second.unixMs) + '}');
    QCOMPARE(source.history().size(), 2);
}

void TestMockEventSource::periodicEventsPerClient()
{
    MockServerOptions options;
    options.payloadTemplate = "for {{client}}";
    MockEventSource source(&options);
    const MockEventSource::Periodic event = source.nextPeriodic();
    QVERIFY(event.shared.isEmpty());
    QCOMPARE(source.bytesFor(event, 4), QByteArray("id: 1\ndata: for 4\n\n"));
    QCOMPARE(source.bytesFor(event, 5), QByteArray("id: 1\ndata: for 5\n\n"));
}

void TestMockEventSource::replaysAfterAnId()
{
    MockServerOptions options;
    options.history = 5;
    MockEventSource source(&options);
    for (int i = 0; i < 8; ++i)
        source.nextPeriodic(); // 1..8; 4..8 kept
    QByteArray out;
    qint64 last = 0;
    QCOMPARE(source.appendReplay(out, 5, 0, 1, &last), 3);
    QCOMPARE(last, 8);
    Parsed parsed = parse(out);
    QCOMPARE(parsed.events.size(), 3);
    QCOMPARE(parsed.events.at(0).id, QByteArray("6"));
    QCOMPARE(parsed.events.at(2).id, QByteArray("8"));

    // Older than the history reaches: from the oldest kept; with a limit, that many.
    out.clear();
    QCOMPARE(source.appendReplay(out, 1, 2, 1, &last), 2);
    QCOMPARE(last, 5);
    parsed = parse(out);
    QCOMPARE(parsed.events.at(0).id, QByteArray("4"));

    // Up to date, or ahead of the server: nothing.
    out.clear();
    last = -1;
    QCOMPARE(source.appendReplay(out, 8, 0, 1, &last), 0);
    QCOMPARE(source.appendReplay(out, 100, 0, 1, &last), 0);
    QVERIFY(out.isEmpty());
    QCOMPARE(last, -1);

    // The history shrunk to nothing: no replay.
    source.setHistoryCapacity(0);
    QCOMPARE(source.appendReplay(out, 0, 0, 1, nullptr), 0);
}

void TestMockEventSource::replayKeepsEachEventsTemplate()
{
    MockServerOptions options;
    options.payloadTemplate = "old {{client}}";
    MockEventSource source(&options);
    source.nextPeriodic();
    source.setPayloadTemplate("new {{n}}");
    source.nextPeriodic();
    QByteArray out;
    QCOMPARE(source.appendReplay(out, 0, 0, 9, nullptr), 2);
    QCOMPARE(out, QByteArray("id: 1\ndata: old 9\n\nid: 2\ndata: new 2\n\n"));
}

void TestMockEventSource::heartbeats_data()
{
    QTest::addColumn<int>("form");
    QTest::newRow("comment") << int(MockServerOptions::HeartbeatForm::Comment);
    QTest::newRow("event") << int(MockServerOptions::HeartbeatForm::Event);
    QTest::newRow("data") << int(MockServerOptions::HeartbeatForm::Data);
}

void TestMockEventSource::heartbeats()
{
    QFETCH(int, form);
    const qint64 before = MockEventSource::unixMs();
    const QByteArray bytes = MockEventSource::heartbeat(MockServerOptions::HeartbeatForm(form));
    const qint64 after = MockEventSource::unixMs();
    const Parsed parsed = parse(bytes);
    QByteArray stamp;
    switch (MockServerOptions::HeartbeatForm(form)) {
    case MockServerOptions::HeartbeatForm::Comment:
        QVERIFY(bytes.startsWith(":ping ")); // no space after the colon
        QCOMPARE(parsed.comments.size(), 1);
        QVERIFY(parsed.comments.at(0).startsWith("ping "));
        stamp = parsed.comments.at(0).mid(5);
        break;
    case MockServerOptions::HeartbeatForm::Event:
        QCOMPARE(parsed.events.size(), 1);
        QCOMPARE(parsed.events.at(0).type, QByteArray("ping"));
        stamp = parsed.events.at(0).data;
        break;
    case MockServerOptions::HeartbeatForm::Data:
        QCOMPARE(parsed.events.size(), 1);
        QVERIFY(parsed.events.at(0).type.isEmpty() || parsed.events.at(0).type == "message");
        QVERIFY(parsed.events.at(0).data.startsWith("ping "));
        stamp = parsed.events.at(0).data.mid(5);
        break;
    }
    // Unix ms with a three-digit microsecond fraction.
    const qsizetype dot = stamp.indexOf('.');
    QCOMPARE(stamp.size() - dot, 4);
    const qint64 ms = stamp.left(dot).toLongLong();
    QVERIFY(ms >= before && ms <= after);
}

QTEST_GUILESS_MAIN(TestMockEventSource)
#include "tst_mockeventsource.moc"
