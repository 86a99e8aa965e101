// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The OpenAI Chat Completions lens on streams written as the API documents them: data-only
// chat.completion.chunk objects, tool-call arguments in pieces, the include_usage chunk and
// data: [DONE]; each problem provoked and named; every stream also read in every slicing.
#include "lensfixture.h"

#include <QTest>

using namespace LensFixture;

namespace {

const QByteArray kUrl = "https://api.openai.com/v1/chat/completions";

// One chunk with the given choices (JSON array members, without brackets).
QByteArray chunk(const QByteArray &choices, const QByteArray &extra = QByteArray())
{
    return frame("{\"id\":\"chatcmpl-9x\",\"object\":\"chat.completion.chunk\",\"created\":"
                 "1733000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":"
                 "\"fp_44709d6fcb\",\"choices\":["
                 + choices + "]" + extra + "}");
}

QByteArray delta(const QByteArray &delta, const QByteArray &finish = "null", int index = 0)
{
    return chunk("{\"index\":" + QByteArray::number(index) + ",\"delta\":" + delta
                 + ",\"logprobs\":null,\"finish_reason\":" + finish + "}");
}

QByteArray content(const QByteArray &text)
{
    return delta("{\"content\":\"" + text + "\"}");
}

QByteArray toolPiece(const QByteArray &arguments)
{
    return delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"" + arguments
                 + "\"}}]}");
}

const QByteArray kRole = delta("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}");
const QByteArray kToolStart =
    delta("{\"tool_calls\":[{\"index\":0,\"id\":\"call_Wx1\",\"type\":\"function\",\"function\":"
          "{\"name\":\"get_weather\",\"arguments\":\"\"}}]}");
const QByteArray kUsage = chunk("",
                                ",\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":12,"
                                "\"total_tokens\":32,\"completion_tokens_details\":"
                                "{\"reasoning_tokens\":0}}");
const QByteArray kDone = frame("[DONE]");

// Text, then a tool call whose arguments come in three pieces, its finish, usage, [DONE].
QByteArray toolStream()
{
    return kRole + content("The weather") + content(" in Paris:") + kToolStart
        + toolPiece("{\\\"lo") + toolPiece("cation\\\":\\\"Pa") + toolPiece("ris\\\"}")
        + delta("{}", "\"tool_calls\"") + kUsage + kDone;
}

} // namespace

class TestOpenAiChatLens : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void textToolCallUsage();
    void plainAnswerTimings();
    void reasoningKeptApart();
    void twoChoices();
    void truncatedBeforeDone();
    void stoppedByClientIsNoProblem();
    void chunkNotJson();
    void errorInStream();
    void deltaAfterFinishAndDone();
    void invalidToolArguments();
};

void TestOpenAiChatLens::textToolCallUsage()
{
    const Run r = runEverySlicing("auto", context(kUrl), toolStream());
    QCOMPARE(r.facts.lens, QByteArray("openai"));
    QCOMPARE(r.facts.recognisedBy, QByteArray("url"));
    QCOMPARE(r.facts.model, QByteArray("gpt-4o-mini-2024-07-18"));
    QCOMPARE(r.facts.answer(), QByteArray("The weather in Paris:"));
    QCOMPARE(r.answer, QByteArray("The weather in Paris:"));
    QCOMPARE(r.facts.toolCalls(), 1);
    const LensBlock &tool = r.facts.blocks.at(1);
    QCOMPARE(tool.kind, LensBlock::Kind::ToolCall);
    QCOMPARE(tool.id, QByteArray("call_Wx1"));
    QCOMPARE(tool.name, QByteArray("get_weather"));
    QCOMPARE(tool.text, QByteArray("{\"location\":\"Paris\"}"));
    QCOMPARE(tool.json, LensBlock::Json::Valid);
    QCOMPARE(r.facts.finishReason, QByteArray("tool_calls"));
    QCOMPARE(r.facts.usage.inputTokens, 20);
    QCOMPARE(r.facts.usage.outputTokens, 12);
    QCOMPARE(r.facts.usage.totalTokens, 32);
    QCOMPARE(r.facts.usage.reasoningTokens, 0);
    QVERIFY(r.facts.terminal);
    QVERIFY(r.facts.problems.isEmpty());
    // Recognised at the head; the first token with event 2 (not the role-only chunk); the tool
    // call with its finish_reason (event 8); finish at [DONE] (event 10); the end.
    QCOMPARE(
        r.trace,
        QStringList({QStringLiteral("begin: recognised ||"),
                     QStringLiteral("event 2: first_token |The weather|"),
                     QStringLiteral("event 3:  | in Paris:|"),
                     QStringLiteral("event 8: tool_call:1 ||"),
                     QStringLiteral("event 10: finish ||"), QStringLiteral("finish: end ||")}));
}

void TestOpenAiChatLens::plainAnswerTimings()
{
    const QByteArray bytes = kRole + content("Hel") + content("lo") + content(", wor")
        + content("ld") + delta("{}", "\"stop\"") + kDone;
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(r.facts.answer(), QByteArray("Hello, world"));
    QCOMPARE(r.facts.chars(LensBlock::Kind::Text), 12);
    QCOMPARE(r.facts.firstByteNs, kFirstByteNs);
    QCOMPARE(r.facts.firstEventNs, 1 * kEventSpacingNs);
    // The role-only chunk is a control frame: the first token is event 2.
    QCOMPARE(r.facts.firstTokenNs, 2 * kEventSpacingNs);
    QCOMPARE(r.facts.lastTokenNs, 5 * kEventSpacingNs);
    QCOMPARE(r.facts.gaps.count(), 3);
    QCOMPARE(r.facts.gaps.percentileNs(0.5), kEventSpacingNs);
    QCOMPARE(r.facts.gaps.percentileNs(0.99), kEventSpacingNs);
    // No usage: tokens/s is an estimate, 12 characters / 4 over 30 ms.
    bool estimated = false;
    QCOMPARE(r.facts.tokensPerSecond(&estimated), 100.0);
    QVERIFY(estimated);
    QCOMPARE(r.facts.finishReason, QByteArray("stop"));
    QVERIFY(r.facts.problems.isEmpty());
}

void TestOpenAiChatLens::reasoningKeptApart()
{
    const QByteArray bytes = kRole + delta("{\"reasoning_content\":\"Think\"}")
        + delta("{\"reasoning_content\":\"ing.\"}") + content("Answer") + delta("{}", "\"stop\"")
        + kDone;
    const Run r =
        runEverySlicing("auto", context("http://127.0.0.1:8000/v1/chat/completions"), bytes);
    QCOMPARE(r.facts.answer(), QByteArray("Answer"));
    QCOMPARE(r.answer, QByteArray("Answer"));
    QCOMPARE(r.facts.chars(LensBlock::Kind::Reasoning), 9);
    // Reasoning is content: the first token is the first reasoning piece.
    QCOMPARE(r.facts.firstTokenNs, 2 * kEventSpacingNs);
}

void TestOpenAiChatLens::twoChoices()
{
    const QByteArray bytes = delta("{\"content\":\"A\"}", "null", 0)
        + delta("{\"content\":\"B\"}", "null", 1) + delta("{\"content\":\"a\"}", "null", 0)
        + delta("{}", "\"stop\"", 1) + delta("{}", "\"length\"", 0) + kDone;
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(r.facts.answer(0), QByteArray("Aa"));
    QCOMPARE(r.facts.answer(1), QByteArray("B"));
    QCOMPARE(r.answer, QByteArray("Aa")); // --text shows the first choice
    QCOMPARE(r.facts.finishReason, QByteArray("length"));
}

void TestOpenAiChatLens::truncatedBeforeDone()
{
    const QByteArray bytes = kRole + content("Half an ans");
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(r.facts.lens, QByteArray("openai"));
    QVERIFY(!r.facts.terminal);
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("truncated")}));
    QVERIFY(r.facts.problems.first().message.contains(QLatin1String("data: [DONE]")));
    QCOMPARE(r.trace.last(), QStringLiteral("finish: problem:truncated,end ||"));
}

void TestOpenAiChatLens::stoppedByClientIsNoProblem()
{
    const Run r =
        runEverySlicing("auto", context(kUrl), kRole + content("Hi"), LensStream::End::Stopped);
    QVERIFY(!r.facts.terminal);
    QVERIFY(r.facts.problems.isEmpty());
    QCOMPARE(r.facts.endReason, QStringLiteral("stopped by the client"));
}

void TestOpenAiChatLens::chunkNotJson()
{
    const QByteArray bytes = content("A") + frame("{\"choices\": [") + frame("oops") + content("B")
        + delta("{}", "\"stop\"") + kDone;
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(r.facts.answer(), QByteArray("AB"));
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("not_json")}));
    QCOMPARE(r.facts.problems.first().count, 2);
    QVERIFY(r.facts.problems.first().message.startsWith(QLatin1String("event 2:")));
}

void TestOpenAiChatLens::errorInStream()
{
    // A mid-stream error object; the server then ends the stream without [DONE].
    const QByteArray bytes = content("Par")
        + frame("{\"error\":{\"message\":\"The server had an error while processing your "
                "request.\",\"type\":\"server_error\",\"code\":null}}");
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("error_event")}));
    QVERIFY(r.facts.problems.first().message.contains(QLatin1String("server_error")));
    QVERIFY(r.facts.errorSeen);
}

void TestOpenAiChatLens::deltaAfterFinishAndDone()
{
    const QByteArray bytes =
        content("Done") + delta("{}", "\"stop\"") + content(" more") + kDone + content(" late");
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("after_end")}));
    QCOMPARE(r.facts.problems.first().count, 3); // after finish, after [DONE] (twice: event
                                                 // and choice)
    // Nothing is hidden: what arrived is in the text.
    QCOMPARE(r.facts.answer(), QByteArray("Done more late"));
    QVERIFY(r.facts.terminal);
}

void TestOpenAiChatLens::invalidToolArguments()
{
    const QByteArray bytes = kToolStart + toolPiece("{\\\"location\\\": \\\"Par")
        + delta("{}", "\"tool_calls\"") + kDone;
    const Run r =
        runEverySlicing("openai", context("http://localhost:11434/v1/chat/completions"), bytes);
    QCOMPARE(r.facts.toolCalls(), 1);
    QCOMPARE(r.facts.blocks.first().json, LensBlock::Json::Invalid);
    QVERIFY(!r.facts.blocks.first().jsonError.isEmpty());
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("invalid_tool_json")}));
    QVERIFY(r.facts.problems.first().message.contains(QLatin1String("get_weather")));
}

QTEST_GUILESS_MAIN(TestOpenAiChatLens)
#include "tst_openaichatlens.moc"
