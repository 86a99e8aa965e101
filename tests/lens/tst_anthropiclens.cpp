// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The Anthropic Messages lens on streams written as the API documents them: message_start,
// content blocks (thinking, text, tool_use with input_json_delta pieces), message_delta,
// message_stop, pings and mid-stream errors; every stream read in every slicing.
#include "lensfixture.h"

#include <QTest>

using namespace LensFixture;

namespace {

const QByteArray kUrl = "https://api.anthropic.com/v1/messages";

const QByteArray kStart = typed(
    "message_start",
    "\"message\":{\"id\":\"msg_01XFD\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
    "\"model\":\"claude-sonnet-4-20250514\",\"stop_reason\":null,\"stop_sequence\":null,"
    "\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}");
const QByteArray kPing = frame("{\"type\": \"ping\"}", "ping");
const QByteArray kStop = typed("message_stop");

QByteArray blockStart(int index, const QByteArray &block)
{
    return typed("content_block_start",
                 "\"index\":" + QByteArray::number(index) + ",\"content_block\":" + block);
}

QByteArray blockDelta(int index, const QByteArray &delta)
{
    return typed("content_block_delta",
                 "\"index\":" + QByteArray::number(index) + ",\"delta\":" + delta);
}

QByteArray text(int index, const QByteArray &piece)
{
    return blockDelta(index, "{\"type\":\"text_delta\",\"text\":\"" + piece + "\"}");
}

QByteArray json(int index, const QByteArray &piece)
{
    return blockDelta(index, "{\"type\":\"input_json_delta\",\"partial_json\":\"" + piece + "\"}");
}

QByteArray blockStop(int index)
{
    return typed("content_block_stop", "\"index\":" + QByteArray::number(index));
}

QByteArray messageDelta(const QByteArray &reason, int outputTokens)
{
    return typed("message_delta",
                 "\"delta\":{\"stop_reason\":\"" + reason
                     + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
                     + QByteArray::number(outputTokens) + "}");
}

// Thinking, text, a tool call whose input comes in pieces, the stop reason, message_stop.
QByteArray fullStream()
{
    return kStart + blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\"}") + kPing
        + blockDelta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"The user wants \"}")
        + blockDelta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"the weather.\"}")
        + blockDelta(0, "{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM\"}")
        + blockStop(0) + blockStart(1, "{\"type\":\"text\",\"text\":\"\"}") + text(1, "Checking")
        + text(1, " the weather.") + blockStop(1)
        + blockStart(2,
                     "{\"type\":\"tool_use\",\"id\":\"toolu_01T1x\",\"name\":\"get_weather\","
                     "\"input\":{}}")
        + json(2, "") + json(2, "{\\\"city\\\": \\\"Par") + json(2, "is\\\"}") + blockStop(2)
        + messageDelta("tool_use", 89) + kStop;
}

} // namespace

class TestAnthropicLens : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void thinkingTextTool();
    void toolWithoutInputDeltas();
    void errorEventMidStream();
    void truncatedBeforeMessageStop();
    void deltaAfterBlockStop();
    void eventAfterMessageStop();
    void invalidToolInput();
    void dataNotJson();
    void deltaForUnknownBlock();
};

void TestAnthropicLens::thinkingTextTool()
{
    const Run r = runEverySlicing("auto", context(kUrl), fullStream());
    QCOMPARE(r.facts.lens, QByteArray("anthropic"));
    QCOMPARE(r.facts.recognisedBy, QByteArray("url"));
    QCOMPARE(r.facts.model, QByteArray("claude-sonnet-4-20250514"));
    QCOMPARE(r.facts.responseId, QByteArray("msg_01XFD"));
    QCOMPARE(r.facts.answer(), QByteArray("Checking the weather."));
    QCOMPARE(r.answer, QByteArray("Checking the weather."));
    QCOMPARE(r.facts.chars(LensBlock::Kind::Reasoning), 27);
    QCOMPARE(r.facts.blocks.first().text, QByteArray("The user wants the weather."));
    QCOMPARE(r.facts.toolCalls(), 1);
    const LensBlock &tool = r.facts.blocks.last();
    QCOMPARE(tool.name, QByteArray("get_weather"));
    QCOMPARE(tool.id, QByteArray("toolu_01T1x"));
    QCOMPARE(tool.text, QByteArray("{\"city\": \"Paris\"}"));
    QCOMPARE(tool.json, LensBlock::Json::Valid);
    QCOMPARE(r.facts.finishReason, QByteArray("tool_use"));
    QCOMPARE(r.facts.usage.inputTokens, 25);
    QCOMPARE(r.facts.usage.outputTokens, 89); // message_delta's count is cumulative
    QVERIFY(r.facts.terminal);
    QVERIFY(r.facts.problems.isEmpty());
    // message_start, content_block_start and ping are control frames: the first token is the
    // first thinking delta (event 4).
    QCOMPARE(r.facts.firstTokenNs, 4 * kEventSpacingNs);
    QCOMPARE(r.trace.first(), QStringLiteral("begin: recognised ||"));
    QCOMPARE(r.trace.at(1), QStringLiteral("event 4: first_token ||"));
    QVERIFY(r.trace.contains(QStringLiteral("event 16: tool_call:2 ||")));
    QCOMPARE(r.trace.at(r.trace.size() - 2), QStringLiteral("event 18: finish ||"));
}

void TestAnthropicLens::toolWithoutInputDeltas()
{
    const QByteArray bytes = kStart
        + blockStart(0, "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"now\",\"input\":{}}")
        + blockStop(0) + messageDelta("tool_use", 5) + kStop;
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(r.facts.blocks.first().text, QByteArray("{}"));
    QCOMPARE(r.facts.blocks.first().json, LensBlock::Json::Valid);
    QVERIFY(r.facts.problems.isEmpty());
}

void TestAnthropicLens::errorEventMidStream()
{
    const QByteArray bytes = kStart + blockStart(0, "{\"type\":\"text\",\"text\":\"\"}")
        + text(0, "Hel")
        + typed("error", "\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}");
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("error_event")}));
    QCOMPARE(r.facts.problems.first().message,
             QStringLiteral("error event: overloaded_error: Overloaded"));
}

void TestAnthropicLens::truncatedBeforeMessageStop()
{
    const QByteArray bytes =
        kStart + blockStart(0, "{\"type\":\"text\",\"text\":\"\"}") + text(0, "Half") + kPing;
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("truncated")}));
    QVERIFY(r.facts.problems.first().message.contains(QLatin1String("message_stop")));
}

void TestAnthropicLens::deltaAfterBlockStop()
{
    const QByteArray bytes = kStart + blockStart(0, "{\"type\":\"text\",\"text\":\"\"}")
        + text(0, "A") + blockStop(0) + text(0, "B") + messageDelta("end_turn", 2) + kStop;
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("after_end")}));
    QCOMPARE(r.facts.answer(), QByteArray("AB"));
}

void TestAnthropicLens::eventAfterMessageStop()
{
    const QByteArray bytes = kStart + blockStart(0, "{\"type\":\"text\",\"text\":\"\"}")
        + text(0, "A") + blockStop(0) + messageDelta("end_turn", 2) + kStop + kPing + kStop;
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    // A ping after the end is harmless; a second message_stop is not.
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("after_end")}));
    QCOMPARE(r.facts.problems.first().count, 1);
}

void TestAnthropicLens::invalidToolInput()
{
    const QByteArray bytes = kStart
        + blockStart(0, "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"search\",\"input\":{}}")
        + json(0, "{\\\"q\\\": tru") + blockStop(0) + messageDelta("tool_use", 5) + kStop;
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(r.facts.blocks.first().json, LensBlock::Json::Invalid);
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("invalid_tool_json")}));
    QVERIFY(r.facts.problems.first().message.contains(QLatin1String("search")));
}

void TestAnthropicLens::dataNotJson()
{
    const QByteArray bytes = kStart
        + frame("{\"type\":\"content_block_delta\",", "content_block_delta")
        + messageDelta("end_turn", 1) + kStop;
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("not_json")}));
}

void TestAnthropicLens::deltaForUnknownBlock()
{
    const QByteArray bytes = kStart + text(3, "orphan") + messageDelta("end_turn", 1) + kStop;
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("unexpected_event")}));
    QCOMPARE(r.facts.answer(), QByteArray("orphan"));
}

QTEST_GUILESS_MAIN(TestAnthropicLens)
#include "tst_anthropiclens.moc"
