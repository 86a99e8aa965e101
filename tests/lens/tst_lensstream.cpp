// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// What LensStream does for every lens: recognition (URL, headers, event shapes, by hand, none),
// the choices the command line takes, and memory bounds that hold on a hostile endless stream.
#include "lens/lens.h"
#include "lens/lensregistry.h"
#include "lensfixture.h"
#include "providerfixtures.h"

#include <QTest>

using namespace LensFixture;

namespace {

const QByteArray kChatChunk = frame("{\"object\":\"chat.completion.chunk\",\"model\":\"m\","
                                    "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}");
const QByteArray kAnthropicStart =
    typed("message_start", "\"message\":{\"model\":\"claude\",\"usage\":{\"input_tokens\":1}}");
const QByteArray kResponsesCreated =
    typed("response.created", "\"sequence_number\":0,\"response\":{\"model\":\"gpt\"}");
const QByteArray kGeminiFrame =
    frame("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]},\"index\":0}]}");

QByteArray chatDelta(const QByteArray &text)
{
    return frame("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}");
}

} // namespace

class TestLensStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void recognisedFromUrl_data();
    void recognisedFromUrl();
    void recognisedFromHeaders_data();
    void recognisedFromHeaders();
    void recognisedFromEvents_data();
    void recognisedFromEvents();
    void unknownStreamGivesUp();
    void noneReadsNothing();
    void chosenLensReadsAnything();
    void choices();
    void textCappedOnEndlessStream();
    void blocksBounded();
    void problemsBounded();
    void gapsBounded();
    void providerFixtures_data();
    void providerFixtures();
};

void TestLensStream::recognisedFromUrl_data()
{
    QTest::addColumn<QByteArray>("url");
    QTest::addColumn<QByteArray>("lens");
    QTest::newRow("chat") << QByteArray("https://api.openai.com/v1/chat/completions")
                          << QByteArray("openai");
    QTest::newRow("vllm") << QByteArray("http://10.0.0.5:8000/v1/chat/completions")
                          << QByteArray("openai");
    QTest::newRow("responses") << QByteArray("https://api.openai.com/v1/responses")
                               << QByteArray("openai-responses");
    QTest::newRow("responses by id")
        << QByteArray("https://api.openai.com/v1/responses/resp_1?stream=true")
        << QByteArray("openai-responses");
    QTest::newRow("anthropic") << QByteArray("https://api.anthropic.com/v1/messages")
                               << QByteArray("anthropic");
    QTest::newRow("gemini") << QByteArray("https://generativelanguage.googleapis.com/v1beta/models/"
                                          "gemini-2.0-flash:streamGenerateContent?alt=sse")
                            << QByteArray("gemini");
}

void TestLensStream::recognisedFromUrl()
{
    QFETCH(QByteArray, url);
    QFETCH(QByteArray, lens);
    LensStream stream;
    const LensStream::Update update = stream.begin(context(url));
    QVERIFY(stream.isReading());
    QCOMPARE(stream.facts().lens, lens);
    QCOMPARE(stream.facts().recognisedBy, QByteArray("url"));
    QCOMPARE(update.changes.size(), 1);
    QCOMPARE(update.changes.first().what, LensChange::What::Recognised);
}

void TestLensStream::recognisedFromHeaders_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("response");
    QTest::addColumn<QByteArray>("events");
    QTest::addColumn<QByteArray>("lens");
    QTest::addColumn<QByteArray>("by");
    QTest::newRow("anthropic-version")
        << QByteArray("anthropic-version") << QByteArray("2023-06-01") << false << QByteArray()
        << QByteArray("anthropic") << QByteArray("headers");
    QTest::newRow("x-goog-api-key")
        << QByteArray("x-goog-api-key") << QByteArray("k") << false << QByteArray()
        << QByteArray("gemini") << QByteArray("headers");
    // OpenAI's headers name the provider; its first event tells which of its two APIs.
    QTest::newRow("openai-version, chat events")
        << QByteArray("openai-version") << QByteArray("2020-10-01") << true << kChatChunk
        << QByteArray("openai") << QByteArray("events");
    QTest::newRow("openai-version, responses events")
        << QByteArray("openai-version") << QByteArray("2020-10-01") << true << kResponsesCreated
        << QByteArray("openai-responses") << QByteArray("events");
    QTest::newRow("openai-version, other events")
        << QByteArray("openai-processing-ms") << QByteArray("20") << true << frame("{\"hello\":1}")
        << QByteArray("openai") << QByteArray("headers");
}

void TestLensStream::recognisedFromHeaders()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(bool, response);
    QFETCH(QByteArray, events);
    QFETCH(QByteArray, lens);
    QFETCH(QByteArray, by);
    const QList<QPair<QByteArray, QByteArray>> headers = {qMakePair(name, value)};
    const LensContext c = response ? context("http://127.0.0.1:1/stream", {}, headers)
                                   : context("http://127.0.0.1:1/stream", headers);
    const Run r = feed("auto", c, parse(events));
    QCOMPARE(r.facts.lens, lens);
    QCOMPARE(r.facts.recognisedBy, by);
}

void TestLensStream::recognisedFromEvents_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("lens");
    QTest::addColumn<QString>("firstChange");
    // A comment-free preamble (a plain message) first: recognition looks further than one event.
    const QByteArray preamble = frame("connected");
    QTest::newRow("chat") << preamble + kChatChunk << QByteArray("openai")
                          << QStringLiteral("event 2: recognised,first_token |x|");
    QTest::newRow("responses") << preamble + kResponsesCreated << QByteArray("openai-responses")
                               << QStringLiteral("event 2: recognised ||");
    QTest::newRow("anthropic") << preamble + kAnthropicStart << QByteArray("anthropic")
                               << QStringLiteral("event 2: recognised ||");
    QTest::newRow("gemini") << preamble + kGeminiFrame << QByteArray("gemini")
                            << QStringLiteral("event 2: recognised,first_token |x|");
}

void TestLensStream::recognisedFromEvents()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, lens);
    QFETCH(QString, firstChange);
    const Run r = runEverySlicing("auto", context("http://127.0.0.1:1/events"), bytes);
    QCOMPARE(r.facts.lens, lens);
    QCOMPARE(r.facts.recognisedBy, QByteArray("events"));
    QCOMPARE(r.trace.first(), firstChange);
    // The first event, before recognition, still counts for the timings.
    QCOMPARE(r.facts.firstEventNs, kEventSpacingNs);
    QCOMPARE(r.facts.events, 2);
}

void TestLensStream::unknownStreamGivesUp()
{
    QByteArray bytes;
    for (int i = 0; i < LensStream::kRecogniseEvents; ++i)
        bytes += frame("{\"n\":" + QByteArray::number(i) + '}');
    // Past the events recognition looks at, an LLM-looking event no longer turns a lens on.
    bytes += kChatChunk;
    const Run r = feed("auto", context("http://127.0.0.1:1/events"), parse(bytes));
    QVERIFY(r.facts.lens.isEmpty());
    // Nothing at all: without a latency field its generic facts are dropped too.
    QVERIFY(r.trace.isEmpty());
    QVERIFY(r.answer.isEmpty());
    QVERIFY(r.facts.blocks.isEmpty());
    QCOMPARE(r.facts.generic.events, 0);
}

void TestLensStream::noneReadsNothing()
{
    const Run r =
        feed("none", context("https://api.openai.com/v1/chat/completions"), parse(kChatChunk));
    QVERIFY(r.facts.lens.isEmpty());
    QVERIFY(r.trace.isEmpty());
}

void TestLensStream::chosenLensReadsAnything()
{
    // Chosen by hand, a lens reads a stream that is not its protocol, and says so.
    const Run r = runEverySlicing("anthropic", context("http://127.0.0.1:1/events"),
                                  frame("plain text") + frame("more"));
    QCOMPARE(r.facts.lens, QByteArray("anthropic"));
    QCOMPARE(r.facts.recognisedBy, QByteArray("chosen"));
    QCOMPARE(problemCodes(r.facts),
             QStringList({QStringLiteral("not_json"), QStringLiteral("truncated")}));
}

void TestLensStream::choices()
{
    QCOMPARE(LensRegistry::choices(),
             QList<QByteArray>(
                 {"auto", "openai", "openai-responses", "anthropic", "gemini", "mcp", "none"}));
    QVERIFY(LensRegistry::isChoice("gemini"));
    QVERIFY(LensRegistry::isChoice("mcp"));
    QVERIFY(!LensRegistry::isChoice("mcp-legacy"));
    QVERIFY(!LensRegistry::isChoice(""));
    for (const LensRegistry::Entry &e : LensRegistry::entries())
        QCOMPARE(e.create()->name(), e.name);
}

void TestLensStream::textCappedOnEndlessStream()
{
    // 12 MiB of answer in 8 KiB pieces, fed event by event: the kept text stops at the cap
    // (on a character boundary), everything is still counted, and the problem is named once.
    LensStream stream("openai");
    stream.begin(context("http://127.0.0.1:1/v1/chat/completions"));
    const QByteArray piece = QByteArray(8191, 'a') + "\xc3\xa9"; // ends in a 2-byte character
    const SseEvent event = parse(chatDelta(piece)).first();
    const int events = 12 * 128;
    qint64 answerBytes = 0;
    for (int i = 0; i < events; ++i) {
        const LensStream::Update update = stream.event(event, kStartNs + i * 1000);
        answerBytes += update.answer.size();
        QVERIFY(stream.facts().keptBytes <= LensFacts::kMaxKeptBytes);
    }
    const LensFacts &f = stream.facts();
    QCOMPARE(f.blocks.size(), 1);
    QVERIFY(f.blocks.first().capped);
    QVERIFY(f.capped());
    QCOMPARE(f.blocks.first().bytes, qint64(events) * piece.size());
    QCOMPARE(f.blocks.first().chars, qint64(events) * 8192);
    QVERIFY(f.blocks.first().text.size() <= LensFacts::kMaxKeptBytes);
    QVERIFY(f.blocks.first().text.size() > LensFacts::kMaxKeptBytes - 4);
    QVERIFY(f.blocks.first().text.isValidUtf8());
    // --text still gets every piece: it prints them and keeps none.
    QCOMPARE(answerBytes, qint64(events) * piece.size());
    QCOMPARE(problemCodes(f), QStringList({QStringLiteral("text_capped")}));
}

void TestLensStream::blocksBounded()
{
    LensStream stream("openai");
    stream.begin(context("http://127.0.0.1:1/v1/chat/completions"));
    for (int i = 0; i < 2000; ++i) {
        const QByteArray bytes = frame(
            "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":"
            + QByteArray::number(i) + ",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}");
        stream.event(parse(bytes).first(), kStartNs + i);
    }
    QCOMPARE(stream.facts().blocks.size(), LensFacts::kMaxBlocks);
    QCOMPARE(problemCodes(stream.facts()), QStringList({QStringLiteral("too_many_blocks")}));
    QCOMPARE(stream.facts().problems.first().count, 2000 - LensFacts::kMaxBlocks);
}

void TestLensStream::problemsBounded()
{
    LensStream stream("anthropic");
    stream.begin(context("http://127.0.0.1:1/v1/messages"));
    const SseEvent garbage = parse(frame("garbage")).first();
    const SseEvent orphan = parse(typed("content_block_stop", "\"index\":7")).first();
    for (int i = 0; i < 5000; ++i) {
        stream.event(garbage, kStartNs + 2 * i);
        stream.event(orphan, kStartNs + 2 * i + 1);
    }
    QCOMPARE(problemCodes(stream.facts()),
             QStringList({QStringLiteral("not_json"), QStringLiteral("unexpected_event")}));
    QCOMPARE(stream.facts().problems.at(0).count, 5000);
    QCOMPARE(stream.facts().problems.at(1).count, 5000);
    QVERIFY(stream.facts().problems.at(0).message.startsWith(QLatin1String("event 1:")));
}

void TestLensStream::gapsBounded()
{
    LensStream stream("openai");
    stream.begin(context("http://127.0.0.1:1/v1/chat/completions"));
    const SseEvent event = parse(chatDelta("t")).first();
    // 100,000 content tokens: three gaps in four of 10 ms, the fourth of 30 ms, one in 200 of
    // 1 s.
    qint64 at = kStartNs;
    for (int i = 0; i < 100000; ++i) {
        at += i % 200 == 199 ? 1000 * 1000 * 1000 : (i % 4 == 3 ? 30 : 10) * 1000 * 1000;
        stream.event(event, at);
    }
    const GapStats &gaps = stream.facts().gaps;
    QCOMPARE(gaps.count(), 99999);
    QVERIFY(!gaps.exact());
    // Past the exact window the percentiles come from the histogram, within 2%.
    const qint64 p50 = gaps.percentileNs(0.5);
    QVERIFY2(p50 >= 9800 * 1000 && p50 <= 10200 * 1000, qPrintable(QString::number(p50)));
    const qint64 p99 = gaps.percentileNs(0.99);
    QVERIFY2(p99 >= 29400 * 1000 && p99 <= 30600 * 1000, qPrintable(QString::number(p99)));
    QCOMPARE(gaps.maxNs(), 1000 * 1000 * 1000);
}

void TestLensStream::providerFixtures_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < ProviderFixtures::all().size(); ++i)
        QTest::newRow(ProviderFixtures::all().at(i).preset.constData()) << i;
}

// The plain answers the mock server's presets are held to (tst_mockpresets) read cleanly:
// recognised by URL and by events alone, the text, the finish, the usage, no problem.
void TestLensStream::providerFixtures()
{
    QFETCH(int, index);
    const ProviderFixtures::Fixture fixture = ProviderFixtures::all().at(index);
    for (const QByteArray &url : {fixture.url, QByteArray("http://127.0.0.1/elsewhere")}) {
        const Run r = runEverySlicing("auto", context(url), fixture.stream);
        QVERIFY2(r.facts.problems.isEmpty(), qPrintable(describe(r.facts)));
        QCOMPARE(r.facts.lens, fixture.lens);
        QCOMPARE(r.facts.recognisedBy, QByteArray(url == fixture.url ? "url" : "events"));
        QCOMPARE(r.facts.answer(), ProviderFixtures::text());
        QCOMPARE(r.answer, ProviderFixtures::text());
        QCOMPARE(r.facts.model, fixture.model);
        QCOMPARE(r.facts.finishReason, fixture.finishReason);
        QVERIFY(r.facts.terminal);
        QCOMPARE(r.facts.contentEvents, qint64(ProviderFixtures::tokens().size()));
        QCOMPARE(r.facts.usage.inputTokens, ProviderFixtures::kInputTokens);
        QCOMPARE(r.facts.usage.outputTokens, qint64(ProviderFixtures::tokens().size()));
        // Anthropic reports no total.
        QCOMPARE(r.facts.usage.totalTokens,
                 fixture.preset == "anthropic"
                     ? -1
                     : ProviderFixtures::kInputTokens + ProviderFixtures::tokens().size());
    }
}

QTEST_GUILESS_MAIN(TestLensStream)
#include "tst_lensstream.moc"
