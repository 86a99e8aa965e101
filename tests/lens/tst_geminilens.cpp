// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The Gemini lens on streamGenerateContent?alt=sse streams written as the API documents them:
// whole GenerateContentResponse frames, each with the next piece of text, finishReason and
// usageMetadata at the end; every stream read in every slicing.
#include "lensfixture.h"

#include <QTest>

using namespace LensFixture;

namespace {

const QByteArray kUrl = "https://generativelanguage.googleapis.com/v1beta/models/"
                        "gemini-2.0-flash:streamGenerateContent?alt=sse";

QByteArray response(const QByteArray &parts, const QByteArray &finish = QByteArray(),
                    const QByteArray &usage = "\"promptTokenCount\":8,\"totalTokenCount\":8")
{
    return frame("{\"candidates\":[{\"content\":{\"parts\":[" + parts + "],\"role\":\"model\"}"
                 + (finish.isEmpty() ? QByteArray() : ",\"finishReason\":\"" + finish + '"')
                 + ",\"index\":0}],\"usageMetadata\":{" + usage
                 + "},\"modelVersion\":\"gemini-2.0-flash\",\"responseId\":\"Z3xVaK\"}");
}

QByteArray textPart(const QByteArray &text)
{
    return "{\"text\":\"" + text + "\"}";
}

const QByteArray kFinalUsage =
    "\"promptTokenCount\":8,\"candidatesTokenCount\":7,\"totalTokenCount\":19,"
    "\"thoughtsTokenCount\":4";

} // namespace

class TestGeminiLens : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void textThoughtsUsage();
    void functionCall();
    void truncatedWithoutFinishReason();
    void errorInStream();
    void textAfterFinishReason();
    void usageOnlyFrameAfterFinishIsFine();
    void frameNotJson();
    void promptBlocked();
};

void TestGeminiLens::textThoughtsUsage()
{
    const QByteArray bytes = response("{\"text\":\"Capital of France?\",\"thought\":true}")
        + response(textPart("Paris is")) + response(textPart(" the capital"))
        + response(textPart(" of France."), "STOP", kFinalUsage);
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(r.facts.lens, QByteArray("gemini"));
    QCOMPARE(r.facts.recognisedBy, QByteArray("url"));
    QCOMPARE(r.facts.model, QByteArray("gemini-2.0-flash"));
    QCOMPARE(r.facts.answer(), QByteArray("Paris is the capital of France."));
    QCOMPARE(r.answer, QByteArray("Paris is the capital of France."));
    QCOMPARE(r.facts.chars(LensBlock::Kind::Reasoning), 18);
    QCOMPARE(r.facts.finishReason, QByteArray("STOP"));
    QCOMPARE(r.facts.usage.outputTokens, 7);
    QCOMPARE(r.facts.usage.totalTokens, 19);
    QCOMPARE(r.facts.usage.reasoningTokens, 4);
    QVERIFY(r.facts.terminal);
    QVERIFY(r.facts.problems.isEmpty());
    QCOMPARE(r.facts.gaps.count(), 3);
    QCOMPARE(r.trace.last(), QStringLiteral("finish: end ||"));
    QCOMPARE(r.trace.at(r.trace.size() - 2), QStringLiteral("event 4: finish | of France.|"));
}

void TestGeminiLens::functionCall()
{
    const QByteArray bytes =
        response("{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}}",
                 "STOP", kFinalUsage);
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(r.facts.toolCalls(), 1);
    QCOMPARE(r.facts.blocks.first().name, QByteArray("get_weather"));
    QCOMPARE(r.facts.blocks.first().text, QByteArray("{\"city\":\"Paris\"}"));
    QCOMPARE(r.facts.blocks.first().json, LensBlock::Json::Valid);
    // One frame: its first token, the whole call, and the end of the answer.
    QCOMPARE(r.trace.at(1), QStringLiteral("event 1: first_token,tool_call:0,finish ||"));
}

void TestGeminiLens::truncatedWithoutFinishReason()
{
    const QByteArray bytes = response(textPart("Paris")) + response(textPart(" is"));
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("truncated")}));
    QVERIFY(r.facts.problems.first().message.contains(QLatin1String("finishReason")));
}

void TestGeminiLens::errorInStream()
{
    const QByteArray bytes = response(textPart("Par"))
        + frame("{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":"
                "\"UNAVAILABLE\"}}");
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("error_event")}));
    QVERIFY(r.facts.problems.first().message.contains(QLatin1String("UNAVAILABLE")));
}

void TestGeminiLens::textAfterFinishReason()
{
    const QByteArray bytes = response(textPart("Done."), "STOP") + response(textPart(" Extra"));
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("after_end")}));
    QCOMPARE(r.facts.answer(), QByteArray("Done. Extra"));
}

void TestGeminiLens::usageOnlyFrameAfterFinishIsFine()
{
    const QByteArray bytes = response(textPart("Done."), "STOP")
        + frame("{\"usageMetadata\":{" + kFinalUsage + "},\"modelVersion\":\"gemini-2.0-flash\"}");
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QVERIFY(r.facts.problems.isEmpty());
    QCOMPARE(r.facts.usage.totalTokens, 19);
}

void TestGeminiLens::frameNotJson()
{
    const QByteArray bytes =
        response(textPart("A")) + frame("[{\"candidates\": []}]") + response(textPart("B"), "STOP");
    const Run r = runEverySlicing("gemini", context("http://127.0.0.1:9/stream"), bytes);
    QCOMPARE(r.facts.recognisedBy, QByteArray("chosen"));
    QCOMPARE(problemCodes(r.facts), QStringList({QStringLiteral("not_json")}));
}

void TestGeminiLens::promptBlocked()
{
    const QByteArray bytes = frame("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},"
                                   "\"usageMetadata\":{\"promptTokenCount\":8}}");
    const Run r = runEverySlicing("auto", context(kUrl), bytes);
    QVERIFY(r.facts.terminal);
    QCOMPARE(r.facts.finishReason, QByteArray("SAFETY"));
    QVERIFY(r.facts.problems.isEmpty());
}

QTEST_GUILESS_MAIN(TestGeminiLens)
#include "tst_geminilens.moc"
