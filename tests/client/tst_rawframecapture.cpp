// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "client/clientrecord.h"
#include "client/rawframecapture.h"
#include "sse/sseparser.h"

#include <QTest>

// RawFrameCapture on its own, driven by a real SseParser as the worker drives it: every frame
// comes out byte for byte whatever the reads' slicing, a frame over the limit keeps only its
// first `limit` bytes (its full size still reported), and what is kept between reads stays
// within the limit.
class TestRawFrameCapture : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void framesWhole();
    void framesInAnySlicing_data();
    void framesInAnySlicing();
    void limitTruncates_data();
    void limitTruncates();
    void keptBytesStayBounded();
    void resetForgetsEarlierStream();
    void noFrameNoBytes();
};

namespace {

struct Frame
{
    bool comment = false;
    QByteArray raw;
    qint64 rawSize = 0;
    qint64 start = -1; // the stream offsets the parser gave
    qint64 end = -1;
};

// The worker's part: beginRead(), feed, endRead(); a capture per event and comment.
class Capturer : public SseParser::Handler
{
public:
    explicit Capturer(qint64 limit)
        : m_parser(this)
    {
        capture.setLimit(limit);
    }

    void read(QByteArrayView bytes)
    {
        capture.beginRead(bytes, m_parser.streamOffset());
        m_parser.feed(bytes);
        capture.endRead(m_parser.frameStart());
        maxKept = std::max<qint64>(maxKept, capture.keptBytes());
    }
    void restart()
    {
        m_parser.restart();
        capture.reset();
    }

    void eventView(const SseEventView &view) override
    {
        ClientRecord record;
        capture.capture(record, view.frameStart, view.frameEnd);
        frames.append({false, record.raw, record.rawSize, view.frameStart, view.frameEnd});
    }
    void comment(QByteArrayView) override
    {
        ClientRecord record;
        capture.capture(record, m_parser.lineStart(), m_parser.lineEnd());
        frames.append({true, record.raw, record.rawSize, m_parser.lineStart(), m_parser.lineEnd()});
    }
    void retry(qint64) override { }

    RawFrameCapture capture;
    QList<Frame> frames;
    qint64 maxKept = 0;

private:
    SseParser m_parser;
};

const QByteArray kStream = QByteArrayLiteral(": hello\r\n"
                                             "event: tick\n"
                                             "id: 1\n"
                                             "data: one\n"
                                             "\n"
                                             "data: two\r\n"
                                             ": inside\r\n"
                                             "data: lines\r\n"
                                             "\r\n"
                                             "retry: 10\n"
                                             "data: three\n\n");

// The frames of kStream: comments alone, events from after the previous blank line (a comment
// and a retry line inside them included) through their blank line.
QList<Frame> expectedFrames()
{
    return {
        {true, ": hello\r\n", 9},
        {false, ": hello\r\nevent: tick\nid: 1\ndata: one\n\n", 38},
        {true, ": inside\r\n", 10},
        {false, "data: two\r\n: inside\r\ndata: lines\r\n\r\n", 36},
        {false, "retry: 10\ndata: three\n\n", 23},
    };
}

void compareFrames(const QList<Frame> &actual, const QList<Frame> &expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (int i = 0; i < actual.size(); ++i) {
        QCOMPARE(actual.at(i).comment, expected.at(i).comment);
        QCOMPARE(actual.at(i).raw, expected.at(i).raw);
        QCOMPARE(actual.at(i).rawSize, expected.at(i).rawSize);
    }
}

} // namespace

void TestRawFrameCapture::framesWhole()
{
    Capturer c(1024);
    c.read(kStream);
    compareFrames(c.frames, expectedFrames());
    QCOMPARE(c.capture.keptBytes(), 0); // the stream ended on a frame boundary
}

void TestRawFrameCapture::framesInAnySlicing_data()
{
    QTest::addColumn<int>("sliceBytes");
    for (int n : {1, 2, 3, 5, 7, 11, 16, 64})
        QTest::addRow("%d-byte reads", n) << n;
}

void TestRawFrameCapture::framesInAnySlicing()
{
    QFETCH(int, sliceBytes);
    Capturer c(1024);
    for (qsizetype at = 0; at < kStream.size(); at += sliceBytes)
        c.read(QByteArrayView(kStream).sliced(
            at, std::min<qsizetype>(sliceBytes, kStream.size() - at)));
    // The bytes at the offsets the parser gave, whatever reads they came in (a CR ending a
    // read is dispatched at once, so its LF may fall outside a frame: the offsets say so).
    QCOMPARE(c.frames.size(), expectedFrames().size());
    for (const Frame &frame : c.frames) {
        QVERIFY(frame.end > frame.start);
        QCOMPARE(frame.rawSize, frame.end - frame.start);
        QCOMPARE(frame.raw, kStream.mid(frame.start, frame.end - frame.start));
    }

    // Every split into two reads gives exactly the frames of the whole read, except where the
    // split falls between a CR and its LF.
    for (qsizetype split = 1; split < kStream.size(); ++split) {
        if (kStream.at(split - 1) == '\r')
            continue;
        Capturer two(1024);
        two.read(QByteArrayView(kStream).first(split));
        two.read(QByteArrayView(kStream).sliced(split));
        compareFrames(two.frames, expectedFrames());
    }
}

void TestRawFrameCapture::limitTruncates_data()
{
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<int>("sliceBytes");
    for (qint64 limit : {qint64(0), qint64(1), qint64(5), qint64(12), qint64(13), qint64(100)}) {
        for (int n : {1, 4, 1000})
            QTest::addRow("limit %lld, %d-byte reads", limit, n) << limit << n;
    }
}

void TestRawFrameCapture::limitTruncates()
{
    QFETCH(qint64, limit);
    QFETCH(int, sliceBytes);
    const QByteArray first = "data: hello\n\n"; // 13 bytes
    const QByteArray second = ": a comment line\n"; // 17 bytes
    const QByteArray third = "id: 2\ndata: a longer event\n\n"; // 28 bytes
    const QByteArray stream = first + second + third;
    Capturer c(limit);
    for (qsizetype at = 0; at < stream.size(); at += sliceBytes)
        c.read(
            QByteArrayView(stream).sliced(at, std::min<qsizetype>(sliceBytes, stream.size() - at)));
    QCOMPARE(c.frames.size(), 3);
    QCOMPARE(c.frames.at(0).rawSize, first.size());
    QCOMPARE(c.frames.at(0).raw, first.first(std::min<qint64>(limit, first.size())));
    QCOMPARE(c.frames.at(1).rawSize, second.size());
    QCOMPARE(c.frames.at(1).raw, second.first(std::min<qint64>(limit, second.size())));
    // The event's frame starts after the first event's blank line: the comment is inside it.
    const QByteArray frame = second + third;
    QCOMPARE(c.frames.at(2).rawSize, frame.size());
    QCOMPARE(c.frames.at(2).raw, frame.first(std::min<qint64>(limit, frame.size())));
    QVERIFY(c.maxKept <= limit);
}

void TestRawFrameCapture::keptBytesStayBounded()
{
    // A 1 MiB event in 4 KiB reads with a 100-byte limit: never more than 100 bytes kept.
    const qint64 limit = 100;
    QByteArray frame = "data: ";
    frame += QByteArray(1024 * 1024, 'x');
    frame += "\n\n";
    Capturer c(limit);
    for (qsizetype at = 0; at < frame.size(); at += 4096) {
        c.read(QByteArrayView(frame).sliced(at, std::min<qsizetype>(4096, frame.size() - at)));
        QVERIFY(c.capture.keptBytes() <= limit);
    }
    QCOMPARE(c.frames.size(), 1);
    QCOMPARE(c.frames.at(0).rawSize, frame.size());
    QCOMPARE(c.frames.at(0).raw, frame.first(limit));
    QCOMPARE(c.capture.keptBytes(), 0);
    QCOMPARE(c.capture.keptFrom(), frame.size());
}

void TestRawFrameCapture::resetForgetsEarlierStream()
{
    Capturer c(1024);
    c.read("data: unfinished");
    QCOMPARE(c.capture.keptBytes(), qsizetype(16));
    c.restart(); // a new connection: its offsets start again at 0
    QCOMPARE(c.capture.keptBytes(), 0);
    QCOMPARE(c.capture.keptFrom(), 0);
    c.read("data: new\n");
    c.read("\n");
    QCOMPARE(c.frames.size(), 1);
    QCOMPARE(c.frames.at(0).raw, QByteArray("data: new\n\n"));
}

void TestRawFrameCapture::noFrameNoBytes()
{
    RawFrameCapture capture;
    capture.beginRead("data: x\n\n", 0);
    ClientRecord record;
    capture.capture(record, -1, -1);
    capture.capture(record, 4, 4);
    capture.capture(record, 5, 3);
    QCOMPARE(record.rawSize, 0);
    QVERIFY(record.raw.isEmpty());
    capture.setLimit(-5);
    QCOMPARE(capture.limit(), 0);
    capture.capture(record, 0, 9);
    QCOMPARE(record.rawSize, 9);
    QVERIFY(record.raw.isEmpty());
    capture.endRead(9);
}

QTEST_GUILESS_MAIN(TestRawFrameCapture)
#include "tst_rawframecapture.moc"
