// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The OpenAI Responses lens on streams written as the API documents them: named response.*
// events numbered by sequence_number, text and function-call argument deltas, one terminal
// event with the usage; gaps, errors and truncation named; every stream read in every slicing.
#include "lensfixture.h"

#include <QTest>

using namespace LensFixture;

namespace {

const QByteArray kUrl = "https://api.openai.com/v1/responses";

// Events numbered as they are appended (sequence_number from 0); skip() leaves a number out.
class Stream
{
public:
    Stream &add(const QByteArray &type, const QByteArray &members = QByteArray())
    {
        QByteArray all = "\"sequence_number\":" + QByteArray::number(m_next++);
        if (!members.isEmpty())
            all += ',' + members;
        m_bytes += typed(type, all);
        return *this;
    }
    Stream &skip()
    {
        ++m_next;
        return *this;
    }
    Stream &raw(const QByteArray &bytes)
    {
        m_bytes += bytes;
        return *this;
    }
    QByteArray bytes() const { return m_bytes; }

private:
    QByteArray m_bytes;
    int m_next = 0;
};

const QByteArray kResponse =
    "\"response\":{\"id\":\"resp_67c\",\"object\":\"response\",\"status\":\"in_progress\","
    "\"model\":\"gpt-4.1-2025-04-14\",\"output\":[]}";

Stream &start(Stream &s)
{
    return s.add("response.created", kResponse)
        .add("response.in_progress", kResponse)
        .add("response.output_item.added",
             "\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":"
             "\"in_progress\",\"role\":\"assistant\",\"content\":[]}")
        .add("response.content_part.added",
             "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":"
             "\"output_text\",\"text\":\"\",\"annotations\":[]}");
}

QByteArray textDelta(const QByteArray &text)
{
    return "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + text
        + "\"";
}

// The response object of a terminal event.
QByteArray completed(const QByteArray &status = "completed", const QByteArray &extra = "")
{
    return "\"response\":{\"id\":\"resp_67c\",\"object\":\"response\",\"status\":\"" + status
        + "\",\"model\":\"gpt-4.1-2025-04-14\"" + extra
        + ",\"usage\":{\"input_tokens\":30,\"input_tokens_details\":{\"cached_tokens\":0},"
          "\"output_tokens\":15,\"output_tokens_details\":{\"reasoning_tokens\":4},"
          "\"total_tokens\":45}}";
}

QByteArray fullStream()
{
    Stream s;
    start(s)
        .add("response.output_text.delta", textDelta("Hi"))
        .add("response.output_text.delta", textDelta(" there"))
        .add("response.output_text.done",
             "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"text\":\"Hi "
             "there\"")
        .add("response.content_part.done", "\"item_id\":\"msg_1\",\"output_index\":0")
        .add("response.output_item.done",
             "\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\"}")
        .add("response.output_item.added",
             "\"output_index\":1,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":"
             "\"in_progress\",\"arguments\":\"\",\"call_id\":\"call_9\",\"name\":\"get_time\"}")
        .add("response.function_call_arguments.delta",
             "\"item_id\":\"fc_1\",\"output_index\":1,\"delta\":\"{\\\"tz\\\":\"")
        .add("response.function_call_arguments.delta",
             "\"item_id\":\"fc_1\",\"output_index\":1,\"delta\":\"\\\"UTC\\\"}\"")
        .add("response.function_call_arguments.done",
             "\"item_id\":\"fc_1\",\"output_index\":1,\"arguments\":\"{\\\"tz\\\":\\\"UTC\\\"}\"")
        .add("response.output_item.done",
             "\"output_index\":1,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\","
             "\"call_id\":\"call_9\",\"name\":\"get_time\",\"arguments\":\"{\\\"tz\\\":"
             "\\\"UTC\\\"}\"}")
        .add("response.completed", completed());
    return s.bytes();
}

} // namespace

class TestOpenAiResponsesLens : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void textFunctionCallUsage();
    void reasoningSummaryApart();
    void sequenceGap();
    void sequenceOutOfOrder();
    void incomplete();
    void failed();
    void errorEvent();
    void truncated();
    void eventAfterCompleted();
    void dataNotJson();
    void doneDiffersFromDeltas();
};

void TestOpenAiResponsesLens::textFunctionCallUsage()
{
    const Run r = runEverySlicing("auto", context(kUrl), fullStream());
    QCOMPARE(r.facts.lens, QByteArray("openai-responses"));
    QCOMPARE(r.facts.recognisedBy, QByteArray("url"));
    QCOMPARE(r.facts.model, QByteArray("gpt-4.1-2025-04-14"));
    QCOMPARE(r.facts.responseId, QByteArray("resp_67c"));
    QCOMPARE(r.facts.answer(), QByteArray("Hi there"));
    QCOMPARE(r.answer, QByteArray("Hi there"));
    QCOMPARE(r.facts.toolCalls(), 1);
    const LensBlock &tool = r.facts.blocks.at(1);
    QCOMPARE(tool.name, QByteArray("get_time"));
    QCOMPARE(tool.id, QByteArray("call_9"));
    QCOMPARE(tool.text, QByteArray("{\"tz\":\"UTC\"}"));
    QCOMPARE(tool.json, LensBlock::Json::Valid);
    QCOMPARE(r.facts.finishReason, QByteArray("completed"));
    QCOMPARE(r.facts.usage.inputTokens, 30);
    QCOMPARE(r.facts.usage.outputTokens, 15);
    QCOMPARE(r.facts.usage.totalTokens, 45);
    QCOMPARE(r.facts.usage.reasoningTokens, 4);
    QVERIFY(r.facts.terminal);
    QVERIFY(r.facts.problems.isEmpty());
    // The first token is the first text delta (event 5), not response.created.
    QCOMPARE(r.facts.firstTokenNs, 5 * kEventSpacingNs);
    bool estimated = true;
    // 15 output tokens between the first (50 ms) and the last content token (120 ms).
    QCOMPARE(qRound(r.facts.tokensPerSecond(&estimated)), 214);
    QVERIFY(!estimated);
}

void TestOpenAiResponsesLens::reasoningSummaryApart()
{
    Stream s;
    s.add("response.created", kResponse)
        .add("response.output_item.added",
             "\"output_index\":0,\"item\":{\"id\":\"rs_1\",\"type\":\"reasoning\"}")
        .add("response.reasoning_summary_text.delta",
             "\"item_id\":\"rs_1\",\"output_index\":0,\"summary_index\":0,\"delta\":\"Plan\"")
        .add("response.output_text.delta",
             "\"item_id\":\"msg_1\",\"output_index\":1,\"content_index\":0,\"delta\":\"Go\"")
        .add("response.completed", completed());
    const Run r = runEverySlicing("openai", context("http://127.0.0.1/v2/generate"), s.bytes());
    // Chosen as the OpenAI family, the first event tells Responses from Chat Completions.
    QCOMPARE(r.facts.lens, QByteArray("openai-responses"));
    QCOMPARE(r.facts.recognisedBy, QByteArray("events"));
    QCOMPARE(r.facts.chars(LensBlock::Kind::Reasoning), 4);
    QCOMPARE(r.facts.answer(), QByteArray("Go"));
}

void TestOpenAiResponsesLens::sequenceGap()
{
    Stream s;
    start(s)
        .add("response.output_text.delta", textDelta("A"))
        .skip()
        .skip()
        .add("response.output_text.delta", textDelta("C"))
        .add("response.completed", completed());
    const Run r = runEverySlicing("auto", context(kUrl), s.bytes());
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("sequence_gap")}));
    QVERIFY(r.facts.problems.first().message.contains(QLatin1String("from 4 to 7")));
    QVERIFY(r.facts.problems.first().message.contains(QLatin1String("2 event(s) missing")));
}

void TestOpenAiResponsesLens::sequenceOutOfOrder()
{
    Stream s;
    start(s).add("response.output_text.delta", textDelta("A"));
    // The same event again, as a replay would send it.
    QByteArray bytes = s.bytes();
    bytes += typed("response.output_text.delta", "\"sequence_number\":4," + textDelta("A"));
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QVERIFY(problemCodes(r.facts).contains(QStringLiteral("sequence_order")));
    QCOMPARE(r.facts.answer(), QByteArray("AA")); // nothing hidden
}

void TestOpenAiResponsesLens::incomplete()
{
    Stream s;
    start(s)
        .add("response.output_text.delta", textDelta("Long"))
        .add("response.incomplete",
             completed("incomplete", ",\"incomplete_details\":{\"reason\":\"max_output_tokens\"}"));
    const Run r = runEverySlicing("auto", context(kUrl), s.bytes());
    QVERIFY(r.facts.terminal);
    QCOMPARE(r.facts.finishReason, QByteArray("max_output_tokens"));
    QVERIFY(r.facts.problems.isEmpty());
}

void TestOpenAiResponsesLens::failed()
{
    Stream s;
    start(s).add("response.failed",
                 completed("failed",
                           ",\"error\":{\"code\":\"server_error\",\"message\":\"The model "
                           "failed.\"}"));
    const Run r = runEverySlicing("auto", context(kUrl), s.bytes());
    QVERIFY(r.facts.terminal);
    QCOMPARE(r.facts.finishReason, QByteArray("failed"));
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("error_event")}));
    QVERIFY(r.facts.problems.first().message.contains(QLatin1String("server_error: The model")));
}

void TestOpenAiResponsesLens::errorEvent()
{
    Stream s;
    start(s).add("response.output_text.delta", textDelta("A"));
    s.add("error", "\"code\":\"rate_limit_exceeded\",\"message\":\"Slow down\",\"param\":null");
    const Run r = runEverySlicing("auto", context(kUrl), s.bytes());
    // The stream said why it ends early: no truncation on top of the error.
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("error_event")}));
    QVERIFY(r.facts.problems.first().message.contains(QLatin1String("rate_limit_exceeded")));
}

void TestOpenAiResponsesLens::truncated()
{
    Stream s;
    start(s).add("response.output_text.delta", textDelta("Cut"));
    const Run r = runEverySlicing("auto", context(kUrl), s.bytes());
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("truncated")}));
    QVERIFY(r.facts.problems.first().message.contains(QLatin1String("response.completed")));
}

void TestOpenAiResponsesLens::eventAfterCompleted()
{
    Stream s;
    start(s)
        .add("response.output_text.delta", textDelta("A"))
        .add("response.completed", completed())
        .add("response.output_text.delta", textDelta("B"));
    const Run r = runEverySlicing("auto", context(kUrl), s.bytes());
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("after_end")}));
}

void TestOpenAiResponsesLens::dataNotJson()
{
    Stream s;
    start(s).raw(frame("not json at all", "response.output_text.delta"));
    s.add("response.completed", completed());
    const Run r = runEverySlicing("auto", context(kUrl), s.bytes());
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("not_json")}));
    QVERIFY(r.facts.problems.first().message.contains(QLatin1String("not json at all")));
}

void TestOpenAiResponsesLens::doneDiffersFromDeltas()
{
    Stream s;
    s.add("response.output_item.added",
          "\"output_index\":0,\"item\":{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":"
          "\"f\"}")
        .add("response.function_call_arguments.delta", "\"output_index\":0,\"delta\":\"{}\"")
        .add("response.function_call_arguments.done",
             "\"output_index\":0,\"arguments\":\"{\\\"a\\\":1}\"")
        .add("response.completed", completed());
    const Run r = runEverySlicing("auto", context(kUrl), s.bytes());
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("unexpected_event")}));
    QVERIFY(r.facts.problems.first().message.contains(QLatin1String("differ")));
}

QTEST_GUILESS_MAIN(TestOpenAiResponsesLens)
#include "tst_openairesponseslens.moc"
