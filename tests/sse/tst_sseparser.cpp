// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "sse/sseparser.h"

#include <QTest>

namespace {

// Records every parser callback as one line of text, so that a whole run compares as a list.
class Recorder : public SseParser::Handler
{
public:
    QStringList calls;
    void event(const SseEvent &e) override
    {
        calls << QStringLiteral("event type=%1 data=%2 id=%3%4")
                     .arg(e.typeString(), e.dataString(), e.idString(),
                          e.idInBlock ? QStringLiteral(" own-id") : QString());
    }
    void comment(QByteArrayView text) override
    {
        calls << QStringLiteral("comment ") + QString::fromUtf8(text);
    }
    void retry(qint64 ms) override { calls << QStringLiteral("retry %1").arg(ms); }
};

struct Run
{
    QStringList calls;
    QByteArray lastEventId;
    bool ok = true;
};

// Feeds `input` in slices: split at `cut` (0: whole) and ends the stream.
Run parse(const QByteArray &input, qsizetype cut = 0, SseParser::Limits limits = {})
{
    Recorder recorder;
    SseParser parser(&recorder, limits);
    Run run;
    if (cut > 0 && cut < input.size()) {
        run.ok = parser.feed(QByteArrayView(input).first(cut));
        run.ok = parser.feed(QByteArrayView(input).sliced(cut)) && run.ok;
    } else {
        run.ok = parser.feed(input);
    }
    parser.finish();
    run.calls = recorder.calls;
    run.lastEventId = parser.lastEventId();
    return run;
}

Run parseByteByByte(const QByteArray &input)
{
    Recorder recorder;
    SseParser parser(&recorder);
    Run run;
    for (char c : input)
        run.ok = parser.feed(QByteArrayView(&c, 1)) && run.ok;
    parser.finish();
    run.calls = recorder.calls;
    run.lastEventId = parser.lastEventId();
    return run;
}

QString ev(const QString &type, const QString &data, const QString &id = QString(),
           bool ownId = false)
{
    return QStringLiteral("event type=%1 data=%2 id=%3%4")
        .arg(type, data, id, ownId ? QStringLiteral(" own-id") : QString());
}

// Records each event's frame and each comment's line as stream offsets.
class RangeRecorder : public SseParser::Handler
{
public:
    explicit RangeRecorder(const SseParser *parser = nullptr)
        : parser(parser)
    { }
    const SseParser *parser;
    QStringList ranges;
    void eventView(const SseEventView &view) override
    {
        ranges << QStringLiteral("event %1 %2").arg(view.frameStart).arg(view.frameEnd);
    }
    void comment(QByteArrayView) override
    {
        ranges << QStringLiteral("comment %1 %2").arg(parser->lineStart()).arg(parser->lineEnd());
    }
    void retry(qint64) override { }
};

QStringList rangesOf(const QByteArray &input, const QList<qsizetype> &cuts)
{
    RangeRecorder recorder;
    SseParser parser(&recorder);
    recorder.parser = &parser;
    qsizetype at = 0;
    for (qsizetype cut : cuts) {
        parser.feed(QByteArrayView(input).sliced(at, cut - at));
        at = cut;
    }
    parser.feed(QByteArrayView(input).sliced(at));
    return recorder.ranges;
}

// A range whose CRLF line end was split by `cut` ends at the CR: the CR is dispatched at once.
QStringList splitAt(const QByteArray &input, const QStringList &whole, qsizetype cut)
{
    QStringList out;
    for (const QString &range : whole) {
        QStringList parts = range.split(QLatin1Char(' '));
        const qsizetype end = parts[2].toLongLong();
        if (cut == end - 1 && end >= 2 && input[end - 2] == '\r' && input[end - 1] == '\n')
            parts[2] = QString::number(end - 1);
        out << parts.join(QLatin1Char(' '));
    }
    return out;
}

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rules_data();
    void rules();
    void lastEventIdSurvivesRestart();
    void initialLastEventId();
    void partialEventDiscardedOnRestart();
    void lineCap();
    void lineCapAcrossSlices();
    void eventCap();
    void eventCapCountsCompleteLinesOnly();
    void restartClearsError();
    void fiveMebibyteLine_data();
    void fiveMebibyteLine();
    void crAtSliceEndThenLf();
    void bomSplitAcrossReads();
    void frameRanges_data();
    void frameRanges();
    void frameRangesAfterRestart();
};

void TestSseParser::rules_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QByteArray>("lastId");

    const QString m = QStringLiteral("message");
    QTest::newRow("simple") << QByteArray("data: hello\n\n") << QStringList {ev(m, "hello")}
                            << QByteArray();
    QTest::newRow("bom stripped once") << QByteArray("\xEF\xBB\xBF"
                                                     "data: a\n\n")
                                       << QStringList {ev(m, "a")} << QByteArray();
    QTest::newRow("second bom is part of the line") << QByteArray("\xEF\xBB\xBF\xEF\xBB\xBF"
                                                                  "data: a\n\ndata: b\n\n")
                                                    << QStringList {ev(m, "b")} << QByteArray();
    QTest::newRow("bom not at start is data")
        << QByteArray("data: \xEF\xBB\xBFx\n\n") << QStringList {ev(m, QStringLiteral("\uFEFFx"))}
        << QByteArray();
    QTest::newRow("crlf") << QByteArray("data: a\r\ndata: b\r\n\r\n") << QStringList {ev(m, "a\nb")}
                          << QByteArray();
    QTest::newRow("lone cr") << QByteArray("data: a\rdata: b\r\r") << QStringList {ev(m, "a\nb")}
                             << QByteArray();
    QTest::newRow("lf then cr is two line ends")
        << QByteArray("data: a\n\rdata: b\n\n") << QStringList {ev(m, "a"), ev(m, "b")}
        << QByteArray();
    QTest::newRow("mixed line ends") << QByteArray("data: 1\rdata: 2\ndata: 3\r\n\r\ndata: x\n\r")
                                     << QStringList {ev(m, "1\n2\n3"), ev(m, "x")} << QByteArray();
    QTest::newRow("comment with space")
        << QByteArray(": hi\n") << QStringList {"comment hi"} << QByteArray();
    QTest::newRow("comment without space")
        << QByteArray(":hi\n") << QStringList {"comment hi"} << QByteArray();
    QTest::newRow("comment keeps second space")
        << QByteArray(":  two\n") << QStringList {"comment  two"} << QByteArray();
    QTest::newRow("empty comment") << QByteArray(":\n") << QStringList {"comment "} << QByteArray();
    QTest::newRow("comment does not dispatch")
        << QByteArray("data: a\n:ping 1\ndata: b\n\n")
        << QStringList {"comment ping 1", ev(m, "a\nb")} << QByteArray();
    QTest::newRow("no colon field name, empty value")
        << QByteArray("data\n\n") << QStringList {ev(m, "")} << QByteArray();
    QTest::newRow("no space after colon")
        << QByteArray("data:x\n\n") << QStringList {ev(m, "x")} << QByteArray();
    QTest::newRow("only one space stripped")
        << QByteArray("data:  x\n\n") << QStringList {ev(m, " x")} << QByteArray();
    QTest::newRow("tab is not stripped")
        << QByteArray("data:\tx\n\n") << QStringList {ev(m, "\tx")} << QByteArray();
    QTest::newRow("colon inside value")
        << QByteArray("data: a:b: c\n\n") << QStringList {ev(m, "a:b: c")} << QByteArray();
    QTest::newRow("multi-line data") << QByteArray("data: a\ndata: b\ndata: c\n\n")
                                     << QStringList {ev(m, "a\nb\nc")} << QByteArray();
    QTest::newRow("empty data line dispatches empty data")
        << QByteArray("data:\n\n") << QStringList {ev(m, "")} << QByteArray();
    QTest::newRow("two empty data lines")
        << QByteArray("data\ndata\n\n") << QStringList {ev(m, "\n")} << QByteArray();
    QTest::newRow("data trailing empty line")
        << QByteArray("data: a\ndata:\n\n") << QStringList {ev(m, "a\n")} << QByteArray();
    QTest::newRow("no data no dispatch")
        << QByteArray("event: x\n\n") << QStringList {} << QByteArray();
    QTest::newRow("type named") << QByteArray("event: update\ndata: 1\n\n")
                                << QStringList {ev("update", "1")} << QByteArray();
    QTest::newRow("type resets after dispatch")
        << QByteArray("event: update\ndata: 1\n\ndata: 2\n\n")
        << QStringList {ev("update", "1"), ev(m, "2")} << QByteArray();
    QTest::newRow("empty type is message")
        << QByteArray("event:\ndata: 1\n\n") << QStringList {ev(m, "1")} << QByteArray();
    QTest::newRow("type without data is dropped with the block")
        << QByteArray("event: a\n\ndata: 1\n\n") << QStringList {ev(m, "1")} << QByteArray();
    QTest::newRow("last type wins") << QByteArray("event: a\nevent: b\ndata: 1\n\n")
                                    << QStringList {ev("b", "1")} << QByteArray();
    QTest::newRow("id") << QByteArray("id: 7\ndata: a\n\n") << QStringList {ev(m, "a", "7", true)}
                        << QByteArray("7");
    QTest::newRow("id sticks to later events")
        << QByteArray("id: 7\ndata: a\n\ndata: b\n\n")
        << QStringList {ev(m, "a", "7", true), ev(m, "b", "7")} << QByteArray("7");
    QTest::newRow("id with NUL ignored")
        << QByteArray("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n", 32)
        << QStringList {ev(m, "a", "1", true), ev(m, "b", "1")} << QByteArray("1");
    QTest::newRow("empty id resets")
        << QByteArray("id: 5\ndata: a\n\nid\ndata: b\n\n")
        << QStringList {ev(m, "a", "5", true), ev(m, "b", "", true)} << QByteArray("");
    QTest::newRow("id: with empty value resets")
        << QByteArray("id: 5\ndata: a\n\nid:\ndata: b\n\n")
        << QStringList {ev(m, "a", "5", true), ev(m, "b", "", true)} << QByteArray("");
    QTest::newRow("id-only block commits")
        << QByteArray("id: 9\n\n") << QStringList {} << QByteArray("9");
    QTest::newRow("id keeps spaces")
        << QByteArray("id:  a b \ndata: x\n\n") << QStringList {ev(m, "x", " a b ", true)}
        << QByteArray(" a b ");
    QTest::newRow("retry") << QByteArray("retry: 3000\n") << QStringList {"retry 3000"}
                           << QByteArray();
    QTest::newRow("retry leading zeros")
        << QByteArray("retry: 03000\n") << QStringList {"retry 3000"} << QByteArray();
    QTest::newRow("retry zero") << QByteArray("retry: 0\n") << QStringList {"retry 0"}
                                << QByteArray();
    QTest::newRow("retry bogus") << QByteArray("retry: 30s\nretry: -1\nretry: 1.5\nretry:  5\n"
                                               "retry\nretry:\nretry: +5\n")
                                 << QStringList {} << QByteArray();
    QTest::newRow("retry saturates")
        << QByteArray("retry: 99999999999999999999999\n")
        << QStringList {QStringLiteral("retry %1").arg(std::numeric_limits<qint64>::max())}
        << QByteArray();
    QTest::newRow("retry applies without dispatch")
        << QByteArray("data: a\nretry: 10\n\n") << QStringList {"retry 10", ev(m, "a")}
        << QByteArray();
    QTest::newRow("unknown fields ignored")
        << QByteArray("foo: bar\ndata: a\nbaz\n\n") << QStringList {ev(m, "a")} << QByteArray();
    QTest::newRow("names are case-sensitive")
        << QByteArray("Data: a\nEVENT: x\nID: 1\nRetry: 5\ndata: b\n\n") << QStringList {ev(m, "b")}
        << QByteArray();
    QTest::newRow("field name with space is unknown")
        << QByteArray("data : a\ndata: b\n\n") << QStringList {ev(m, "b")} << QByteArray();
    QTest::newRow("partial event at EOF discarded")
        << QByteArray("data: a\n\ndata: b\n") << QStringList {ev(m, "a")} << QByteArray();
    QTest::newRow("partial line at EOF discarded")
        << QByteArray("data: a\n\ndata: b") << QStringList {ev(m, "a")} << QByteArray();
    QTest::newRow("partial event's id discarded")
        << QByteArray("id: 1\ndata: a\n\nid: 2\ndata: b\n") << QStringList {ev(m, "a", "1", true)}
        << QByteArray("1");
    QTest::newRow("invalid utf-8 replaced")
        << QByteArray("data: a\xFF"
                      "b\xC3\n\n")
        << QStringList {ev(m, QStringLiteral("a\uFFFDb\uFFFD"))} << QByteArray();
    QTest::newRow("truncated sequence replaced once")
        << QByteArray("data: \xE2\x82x\n\n") << QStringList {ev(m, QStringLiteral("\uFFFDx"))}
        << QByteArray();
    QTest::newRow("surrogate encoding replaced per byte")
        << QByteArray("data: \xED\xA0\x80\n\n")
        << QStringList {ev(m, QStringLiteral("\uFFFD\uFFFD\uFFFD"))} << QByteArray();
    QTest::newRow("multi-byte characters")
        << QByteArray("data: \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\n\n")
        << QStringList {ev(m, QStringLiteral("\u00E9\u20AC") + QString::fromUcs4(U"\U0001F600"))}
        << QByteArray();
    QTest::newRow("invalid utf-8 in comment and id")
        << QByteArray(":\xFF\nid: \xFE\ndata: x\n\n")
        << QStringList {QStringLiteral("comment \uFFFD"),
                        ev(m, "x", QStringLiteral("\uFFFD"), true)}
        << QByteArray("\xEF\xBF\xBD");
    QTest::newRow("invalid utf-8 in type")
        << QByteArray("event: \x80\ndata: x\n\n") << QStringList {ev(QStringLiteral("\uFFFD"), "x")}
        << QByteArray();
    QTest::newRow("NUL in data kept")
        << QByteArray("data: a\0b\n\n", 11) << QStringList {ev(m, QString::fromLatin1("a\0b", 3))}
        << QByteArray();
    QTest::newRow("blank lines only")
        << QByteArray("\n\n\r\n\r\r") << QStringList {} << QByteArray();
    QTest::newRow("empty input") << QByteArray() << QStringList {} << QByteArray();
}

void TestSseParser::rules()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expected);
    QFETCH(QByteArray, lastId);

    const Run whole = parse(input);
    QVERIFY(whole.ok);
    QCOMPARE(whole.calls, expected);
    QCOMPARE(whole.lastEventId, lastId);

    // SSE rule: fed arbitrary slices, the parser makes exactly the same calls.
    for (qsizetype cut = 1; cut < input.size(); ++cut) {
        const Run split = parse(input, cut);
        if (split.calls != expected || split.lastEventId != lastId)
            QFAIL(qPrintable(QStringLiteral("differs when split at byte %1").arg(cut)));
    }
    const Run bytes = parseByteByByte(input);
    QCOMPARE(bytes.calls, expected);
    QCOMPARE(bytes.lastEventId, lastId);
}

void TestSseParser::lastEventIdSurvivesRestart()
{
    Recorder recorder;
    SseParser parser(&recorder);
    parser.feed("id: 41\ndata: a\n\n");
    parser.finish();
    parser.restart();
    parser.feed("data: b\n\n");
    QCOMPARE(recorder.calls.last(), ev(QStringLiteral("message"), "b", "41"));
    QCOMPARE(parser.lastEventId(), QByteArray("41"));
}

void TestSseParser::initialLastEventId()
{
    Recorder recorder;
    SseParser parser(&recorder);
    parser.setLastEventId("100");
    parser.feed("data: x\n\n");
    QCOMPARE(recorder.calls, QStringList {ev(QStringLiteral("message"), "x", "100")});
}

void TestSseParser::partialEventDiscardedOnRestart()
{
    Recorder recorder;
    SseParser parser(&recorder);
    parser.feed("id: 1\ndata: a\n\nid: 2\ndata: par");
    parser.restart(); // the connection dropped mid-event
    QCOMPARE(parser.lastEventId(), QByteArray("1"));
    parser.feed("tial\n\ndata: next\n\n");
    // "tial" alone is the unknown field "tial" on the new stream; only "next" is delivered.
    QCOMPARE(recorder.calls,
             (QStringList {ev(QStringLiteral("message"), "a", "1", true),
                           ev(QStringLiteral("message"), "next", "1")}));
}

void TestSseParser::lineCap()
{
    SseParser::Limits limits;
    limits.maxLineBytes = 16;
    Run run = parse("data: 0123456789\n\n", 0, limits); // 16 bytes: at the cap, allowed
    QVERIFY(run.ok);
    QCOMPARE(run.calls.size(), 1);
    run = parse("data: 01234567890\n\n", 0, limits); // 17 bytes
    QVERIFY(!run.ok);
    QVERIFY(run.calls.isEmpty());

    Recorder recorder;
    SseParser parser(&recorder, limits);
    QVERIFY(!parser.feed("data: 01234567890\n\n"));
    QCOMPARE(parser.error(), SseParser::Error::LineTooLong);
    QVERIFY(parser.errorString().contains(QStringLiteral("line size cap of 16 bytes")));
    QVERIFY(!parser.feed("data: ok\n\n")); // ignored until restart
    QVERIFY(recorder.calls.isEmpty());
}

void TestSseParser::lineCapAcrossSlices()
{
    SseParser::Limits limits;
    limits.maxLineBytes = 1024;
    Recorder recorder;
    SseParser parser(&recorder, limits);
    const QByteArray chunk(100, 'x');
    bool ok = true;
    int fed = 0;
    while (ok && fed < 100) {
        ok = parser.feed(chunk);
        ++fed;
    }
    QVERIFY(!ok);
    QCOMPARE(fed, 11); // the 11th slice takes the partial line past 1024 bytes
    QCOMPARE(parser.error(), SseParser::Error::LineTooLong);
    QCOMPARE(parser.pendingLineBytes(), 0); // the buffer is released, not kept growing
}

void TestSseParser::eventCap()
{
    SseParser::Limits limits;
    limits.maxEventBytes = 10;
    Recorder recorder;
    SseParser parser(&recorder, limits);
    QVERIFY(parser.feed("data: 01234\ndata: 0123\n\n")); // 5 + 1 + 4 = 10 bytes
    QCOMPARE(recorder.calls.size(), 1);
    QVERIFY(!parser.feed("data: 01234\ndata: 01234\n\n"));
    QCOMPARE(parser.error(), SseParser::Error::EventTooLarge);
    QVERIFY(parser.errorString().contains(QStringLiteral("event size cap of 10 bytes")));
    QCOMPARE(recorder.calls.size(), 1);
}

void TestSseParser::eventCapCountsCompleteLinesOnly()
{
    // Found by fuzzing: a data line still open at the end of the stream is discarded, whether
    // it arrived in one read (copied as it came) or byte by byte (held as a partial line).
    SseParser::Limits limits;
    limits.maxEventBytes = 8;
    const QByteArray open = "data: 0123456789abcdef";
    for (const qsizetype cut : {qsizetype(0), qsizetype(1), qsizetype(5), qsizetype(7)}) {
        const Run run = parse(open, cut, limits);
        QVERIFY2(run.ok, qPrintable(QStringLiteral("cut at %1").arg(cut)));
        QVERIFY(run.calls.isEmpty());
    }
    QVERIFY(parseByteByByte(open).ok);
    const Run closed = parse(open + '\n', 0, limits);
    QVERIFY(!closed.ok);
}

void TestSseParser::restartClearsError()
{
    SseParser::Limits limits;
    limits.maxLineBytes = 8;
    Recorder recorder;
    SseParser parser(&recorder, limits);
    QVERIFY(!parser.feed("data: way too long\n"));
    parser.restart();
    QCOMPARE(parser.error(), SseParser::Error::None);
    QVERIFY(parser.feed("data: ok\n\n"));
    QCOMPARE(recorder.calls.size(), 1);
}

void TestSseParser::fiveMebibyteLine_data()
{
    QTest::addColumn<int>("sliceSize");
    QTest::newRow("one read") << 0;
    QTest::newRow("64 KiB reads") << 64 * 1024;
    QTest::newRow("1000-byte reads") << 1000;
    QTest::newRow("7-byte reads") << 7;
}

void TestSseParser::fiveMebibyteLine()
{
    QFETCH(int, sliceSize);
    const qsizetype size = 5 * 1024 * 1024;
    QByteArray input = "id: big\ndata: ";
    input.append(QByteArray(size, 'a'));
    input.append("\n\n");

    struct Capture : SseParser::Handler
    {
        SseEvent last;
        int events = 0;
        void event(const SseEvent &e) override
        {
            last = e;
            ++events;
        }
        void comment(QByteArrayView) override { }
        void retry(qint64) override { }
    } capture;
    SseParser parser(&capture);
    if (sliceSize == 0) {
        QVERIFY(parser.feed(input));
    } else {
        for (qsizetype at = 0; at < input.size(); at += sliceSize)
            QVERIFY(parser.feed(QByteArrayView(input).sliced(at).first(
                std::min<qsizetype>(sliceSize, input.size() - at))));
    }
    QCOMPARE(capture.events, 1);
    QCOMPARE(capture.last.data.size(), size);
    QCOMPARE(capture.last.id, QByteArray("big"));
    QVERIFY(capture.last.data == QByteArray(size, 'a'));
}

void TestSseParser::crAtSliceEndThenLf()
{
    Recorder recorder;
    SseParser parser(&recorder);
    parser.feed("data: a\r");
    parser.feed("\n");
    parser.feed("\r");
    parser.feed("");
    parser.feed("\n");
    // CR|LF is one line end, then CR|LF again is the blank line that dispatches.
    QCOMPARE(recorder.calls, QStringList {ev(QStringLiteral("message"), "a")});
}

void TestSseParser::bomSplitAcrossReads()
{
    Recorder recorder;
    SseParser parser(&recorder);
    parser.feed("\xEF");
    parser.feed("\xBB");
    parser.feed("\xBF"
                "data: x\n\n");
    QCOMPARE(recorder.calls, QStringList {ev(QStringLiteral("message"), "x")});

    // A partial BOM followed by something else is not a BOM: the bytes are kept (as U+FFFD).
    Recorder other;
    SseParser parser2(&other);
    parser2.feed("\xEF\xBB");
    parser2.feed("data: x\n\n");
    QCOMPARE(other.calls, QStringList {}); // the line is "\uFFFDdata: x": an unknown field
}

void TestSseParser::frameRanges_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("ranges");
    QTest::newRow("LF") << QByteArray("data: a\n\n") << QStringList {"event 0 9"};
    QTest::newRow("CRLF") << QByteArray("data: a\r\n\r\n") << QStringList {"event 0 11"};
    QTest::newRow("CR") << QByteArray("data: a\r\r") << QStringList {"event 0 9"};
    QTest::newRow("BOM not in the frame") << QByteArray("\xEF\xBB\xBF"
                                                        "data: a\n\n")
                                          << QStringList {"event 3 12"};
    QTest::newRow("comments inside and between")
        << QByteArray(": hi\nid: 1\ndata: a\n: mid\ndata: b\n\n:ping\n\ndata: c\n\n")
        << QStringList {"comment 0 5", "comment 19 25", "event 0 34", "comment 34 40",
                        "event 41 50"};
    QTest::newRow("an id-only block is a frame of its own")
        << QByteArray("id: 5\n\ndata: x\n\n") << QStringList {"event 7 16"};
    QTest::newRow("mixed line ends, unknown field")
        << QByteArray("event: t\r\nfoo\rdata: y\n\r\n: after\r\ndata: z\r\n\r\n")
        << QStringList {"event 0 24", "comment 24 33", "event 24 44"};
    QTest::newRow("unterminated event has no frame")
        << QByteArray("data: a\n\ndata: b\n") << QStringList {"event 0 9"};
}

void TestSseParser::frameRanges()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, ranges);
    QCOMPARE(rangesOf(input, {}), ranges);
    // The same frames in any slicing (split across reads), except that a CRLF cut between
    // its CR and LF ends the range at the CR.
    for (qsizetype cut = 1; cut < input.size(); ++cut)
        QCOMPARE(rangesOf(input, {cut}), splitAt(input, ranges, cut));
    QList<qsizetype> everyByte;
    for (qsizetype cut = 1; cut < input.size(); ++cut)
        everyByte << cut;
    // Byte by byte, every CRLF is split.
    QStringList byteByByte;
    for (const QString &range : ranges) {
        const qsizetype end = range.section(QLatin1Char(' '), 2).toLongLong();
        byteByByte << splitAt(input, {range}, end - 1);
    }
    QCOMPARE(rangesOf(input, everyByte), byteByByte);
}

void TestSseParser::frameRangesAfterRestart()
{
    // Offsets count from the start of each stream: a reconnect starts again at 0.
    RangeRecorder recorder;
    SseParser parser(&recorder);
    recorder.parser = &parser;
    parser.feed("data: a\n\ndata: partial");
    parser.restart();
    parser.feed(": c\ndata: b\n\n");
    QCOMPARE(recorder.ranges, (QStringList {"event 0 9", "comment 0 4", "event 0 13"}));
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
