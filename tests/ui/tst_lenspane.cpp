// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The lens pane: the facts of an OpenAI chat stream read by the real lens (header, timings,
// gaps, usage, problems in words), the answer appended as it grows without laying the text out
// afresh, tool calls with their JSON verdict, and the gap chart's buckets.
#include "gaphistogram.h"
#include "lens/lenscontext.h"
#include "lens/lensstream.h"
#include "lenspane.h"

#include <QLabel>
#include <QTest>
#include <QTextEdit>

namespace {

constexpr qint64 kMs = 1000 * 1000;

SseEvent event(const QByteArray &data)
{
    SseEvent e;
    e.type = QByteArrayLiteral("message");
    e.data = data;
    return e;
}

QByteArray chunk(const QByteArray &delta, const QByteArray &finish = "null")
{
    return R"({"id":"c1","object":"chat.completion.chunk","model":"gpt-test","choices":[)"
           R"({"index":0,"delta":)"
        + delta + R"(,"finish_reason":)" + finish + "}]}";
}

// Drives the real OpenAI chat lens and keeps the report after every call.
struct Stream
{
    LensStream lens {QByteArrayLiteral("auto")};
    qint64 now = 0;

    Stream()
    {
        LensContext c;
        c.method = "POST";
        c.url = "http://127.0.0.1/v1/chat/completions";
        c.status = 200;
        c.requestStartNs = 0;
        c.firstByteNs = 40 * kMs;
        lens.begin(c);
    }
    std::shared_ptr<const LensReport> feed(const QByteArray &data, qint64 afterMs = 20)
    {
        now += afterMs * kMs;
        const LensStream::Update u = lens.event(event(data), now);
        return std::make_shared<const LensReport>(LensReport {u.changes, lens.facts()});
    }
    std::shared_ptr<const LensReport> end()
    {
        const LensStream::Update u = lens.finish(LensStream::End::Closed, "closed by the server");
        return std::make_shared<const LensReport>(LensReport {u.changes, lens.facts()});
    }
};

} // namespace

class TestLensPane : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsTheFactsAndTheAnswer();
    void appendsWhatGrowsWithoutRebuilding();
    void toolCallsSayWhetherTheirArgumentsAreJson();
    void truncatedStreamIsNamed();
    void clearForgetsTheStream();
    void shortPaneFoldsTheFigures();
    void histogramBuckets();
    void mcpExchangeListed();
};

void TestLensPane::showsTheFactsAndTheAnswer()
{
    LensPane pane;
    pane.resize(500, 400);
    Stream s;
    pane.setReport(s.feed(chunk(R"({"role":"assistant","content":""})")));
    QVERIFY(pane.headerLabel()->text().contains("OpenAI Chat Completions"));
    QVERIFY(pane.headerLabel()->text().contains("gpt-test"));
    QVERIFY(pane.headerLabel()->text().contains("recognised from the URL"));
    QVERIFY(pane.headerLabel()->text().contains("waiting for the first token"));
    pane.setReport(s.feed(chunk(R"({"content":"Hello"})")));
    pane.setReport(s.feed(chunk(R"({"content":", world"})"), 30));
    QVERIFY(pane.headerLabel()->text().contains("streaming"));
    pane.setReport(s.feed(chunk("{}", R"("stop")")));
    pane.setReport(
        s.feed(R"({"id":"c1","object":"chat.completion.chunk","choices":[],)"
               R"("usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}})"));
    pane.setReport(s.feed("[DONE]"));
    pane.setReport(s.end());

    QVERIFY2(pane.headerLabel()->text().contains("finished: stop"),
             qPrintable(pane.headerLabel()->text()));
    const QString facts = pane.factsLabel()->text();
    QVERIFY2(facts.contains("40 ms"), qPrintable(facts)); // first byte
    QVERIFY(facts.contains("in 7 · out 3 · total 10"));
    QVERIFY(facts.contains("stop"));
    // Gaps between the two content tokens: 30 ms.
    QVERIFY(facts.contains("30 ms / 30 ms / 30 ms"));
    QVERIFY(!facts.contains("(est.)")); // usage reported output tokens
    QVERIFY(pane.problemsLabel()->isHidden());
    const QString text = pane.textView()->toPlainText();
    QVERIFY2(text.contains("Answer\nHello, world"), qPrintable(text));
    QCOMPARE(pane.histogram()->gaps().count(), 1);
}

void TestLensPane::appendsWhatGrowsWithoutRebuilding()
{
    LensPane pane;
    Stream s;
    pane.setReport(s.feed(chunk(R"({"content":"one"})")));
    const int rebuilds = pane.textRebuilds();
    for (int i = 0; i < 50; ++i)
        pane.setReport(s.feed(chunk(R"({"content":" more"})")));
    QCOMPARE(pane.textRebuilds(), rebuilds);
    QCOMPARE(pane.textView()->toPlainText(),
             QString("Answer\none" + QString(" more").repeated(50)));
    // The same facts again change nothing.
    pane.setReport(std::make_shared<const LensReport>(*pane.report()));
    QCOMPARE(pane.textRebuilds(), rebuilds);
}

void TestLensPane::toolCallsSayWhetherTheirArgumentsAreJson()
{
    LensPane pane;
    Stream s;
    pane.setReport(
        s.feed(chunk(R"({"tool_calls":[{"index":0,"id":"call_1","type":"function","function":)"
                     R"({"name":"get_weather","arguments":"{\"city\":"}}]})")));
    QVERIFY(pane.textView()->toPlainText().contains("Tool call get_weather (call_1)"));
    QVERIFY(pane.textView()->toPlainText().contains("arguments arriving"));
    pane.setReport(
        s.feed(chunk(R"({"tool_calls":[{"index":0,"function":{"arguments":"\"Oslo\"}"}}]})")));
    pane.setReport(s.feed(chunk("{}", R"("tool_calls")")));
    pane.setReport(s.feed("[DONE]"));
    const QString text = pane.textView()->toPlainText();
    QVERIFY2(text.contains("arguments are JSON"), qPrintable(text));
    QVERIFY(text.contains(R"({"city":"Oslo"})"));
}

void TestLensPane::truncatedStreamIsNamed()
{
    LensPane pane;
    Stream s;
    pane.setReport(s.feed(chunk(R"({"content":"cut sh"})")));
    pane.setReport(s.end());
    QVERIFY(pane.headerLabel()->text().contains("truncated"));
    QVERIFY(!pane.problemsLabel()->isHidden());
    QVERIFY2(pane.problemsLabel()->text().contains("Truncated"),
             qPrintable(pane.problemsLabel()->text()));
    QVERIFY(pane.headerLabel()->toolTip().contains("closed by the server"));
}

void TestLensPane::clearForgetsTheStream()
{
    LensPane pane;
    Stream s;
    pane.setReport(s.feed(chunk(R"({"content":"x"})")));
    QVERIFY(pane.hasFacts());
    pane.clear();
    QVERIFY(!pane.hasFacts());
    QVERIFY(pane.textView()->toPlainText().isEmpty());
    QVERIFY(pane.factsLabel()->isHidden());
    QVERIFY(pane.problemsLabel()->isHidden());
}

void TestLensPane::shortPaneFoldsTheFigures()
{
    // As in the window: inside a parent that sets its size (a top-level would be held at its
    // layout's minimum).
    QWidget window;
    window.resize(500, 600);
    LensPane pane(&window);
    pane.setGeometry(0, 0, 500, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(pane.minimumSizeHint().height() < 150);
    Stream s;
    pane.setReport(s.feed(chunk(R"({"content":"a"})")));
    pane.setReport(s.feed(chunk(R"({"content":"b"})"), 25));
    QVERIFY(!pane.isCompact());
    QVERIFY(pane.histogram()->isVisible());
    QVERIFY(pane.factsLabel()->text().contains("First byte"));
    pane.setGeometry(0, 0, 500, 150);
    QTRY_VERIFY(pane.isCompact());
    QVERIFY(!pane.histogram()->isVisible());
    const QString line = pane.factsLabel()->text();
    QVERIFY2(line.contains("first token") && line.contains("gap p50 25 ms"), qPrintable(line));
    QVERIFY(pane.factsLabel()->toolTip().contains("First byte")); // the whole table on hover
    pane.setGeometry(0, 0, 500, 600);
    QTRY_VERIFY(!pane.isCompact());
    QVERIFY(pane.histogram()->isVisible());
}

void TestLensPane::histogramBuckets()
{
    QCOMPARE(GapStats::bucketOf(0), 0);
    QCOMPARE(GapStats::bucketOf(1 * kMs), 0); // up to 1 ms
    QCOMPARE(GapStats::bucketOf(1 * kMs + 1), 1);
    QCOMPARE(GapStats::bucketOf(30 * kMs), 5); // 20 < 30 <= 50
    QCOMPARE(GapStats::bucketOf(60000 * kMs), GapStats::kBuckets - 1);
    QCOMPARE(GapHistogram::bucketLabel(0), QString("1"));
    QCOMPARE(GapHistogram::bucketLabel(9), QString("1s"));
    QCOMPARE(GapHistogram::bucketLabel(GapStats::kBuckets - 1), QString(">10s"));
    GapHistogram plot;
    plot.resize(300, 60);
    GapStats gaps;
    gaps.add(3 * kMs);
    plot.setGaps(gaps);
    const QImage image = plot.grab().toImage();
    QVERIFY(!image.isNull());
}

void TestLensPane::mcpExchangeListed()
{
    // A POST with two requests answered on its stream: one result, one JSON-RPC error; the
    // pane names the server and session and lists each request with what answered it.
    LensStream lens;
    LensContext c;
    c.method = "POST";
    c.url = "http://127.0.0.1/mcp";
    c.requestHeaders = {{"Accept", "application/json, text/event-stream"},
                        {"MCP-Protocol-Version", "2025-06-18"}};
    c.requestBody = R"([{"jsonrpc":"2.0","id":1,"method":"tools/list"},)"
                    R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"nope"}}])";
    c.status = 200;
    c.responseHeaders = {{"Content-Type", "text/event-stream"}, {"Mcp-Session-Id", "s-42"}};
    lens.begin(c);
    SseEvent first = ::event(R"({"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"echo"}]}})");
    lens.event(first, 30 * kMs);
    LensPane pane;
    pane.setReport(std::make_shared<const LensReport>(LensReport {{}, lens.facts()}));
    QVERIFY2(pane.headerLabel()->text().contains("waiting for 1 answer"),
             qPrintable(pane.headerLabel()->text()));
    QVERIFY(pane.headerLabel()->text().contains("session s-42"));
    QString text = pane.textView()->toPlainText();
    QVERIFY2(text.contains("tools/list  id 1  result in 30 ms"), qPrintable(text));
    QVERIFY(text.contains("tools/call nope  id 2  waiting"));
    lens.event(
        ::event(R"({"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"Unknown tool"}})"),
        45 * kMs);
    lens.finish(LensStream::End::Closed, "closed by the server");
    pane.setReport(std::make_shared<const LensReport>(LensReport {{}, lens.facts()}));
    text = pane.textView()->toPlainText();
    QVERIFY2(text.contains("tools/call nope  id 2  error -32602: Unknown tool in 45 ms"),
             qPrintable(text));
    QVERIFY(pane.headerLabel()->text().contains("ended"));
    QVERIFY(pane.factsLabel()->text().contains("2 (2 answered, 1 errors, 0 pending)"));
    QVERIFY(!pane.problemsLabel()->isHidden()); // the JSON-RPC error is named
}

QTEST_MAIN(TestLensPane)
#include "tst_lenspane.moc"
