// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The mock server's provider presets seen from a raw client on loopback: each stream's shape
// as the provider documents it, read by the project's own lens to the fixture's facts; whole
// answers, the output cap, pacing, the answer's template, and the provider's errors. The
// faults on preset streams are tst_mockpresetfaults.
#include "presettest.h"

#include <QJsonArray>
#include <QTest>

using namespace PresetTest;

class TestMockPresets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void streamShape_data();
    void streamShape();
    void sameFactsAsLensFixture_data();
    void sameFactsAsLensFixture();
    void bodyInPieces_data();
    void bodyInPieces();
    void wholeAnswer_data();
    void wholeAnswer();
    void geminiArrayWithoutAltSse();
    void maxTokensCutsTheAnswer_data();
    void maxTokensCutsTheAnswer();
    void requestErrors_data();
    void requestErrors();
    void tokenRatePacesTokens();
    void answerTemplate();
    void urlIsTheEndpoint();
    void unknownPresetDoesNotStart();
};

void TestMockPresets::streamShape_data()
{
    QTest::addColumn<QByteArray>("preset");
    QTest::addColumn<int>("threads");
    for (const Case &c : cases()) {
        QTest::newRow(QByteArray(c.preset + "/socket").constData()) << c.preset << 0;
        QTest::newRow(QByteArray(c.preset + "/io-thread").constData()) << c.preset << 1;
    }
}

// The stream as the provider documents it, event by event, then read by the lens.
void TestMockPresets::streamShape()
{
    QFETCH(QByteArray, preset);
    QFETCH(int, threads);
    MockServer server;
    QVERIFY(start(server, options(preset, threads)));
    RawSseClient client;
    QVERIFY(client.open(server.port(), post(caseOf(preset).target, body(preset))));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.end(), RawSseClient::End::Fin);
    QCOMPARE(client.status(), 200);
    QVERIFY(client.header("Content-Type").startsWith("text/event-stream"));

    const QList<SseEvent> &events = client.events();
    const int tokens = int(ProviderFixtures::tokens().size());
    const Case c = caseOf(preset);
    QCOMPARE(events.size(), c.leading + tokens + c.trailing);
    QList<QJsonObject> objects;
    for (const SseEvent &event : events) {
        if (event.data == "[DONE]")
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(event.data, &error);
        QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(),
                 event.data.constData());
        objects.append(document.object());
    }
    if (preset == "openai-chat") {
        QVERIFY(client.header("x-request-id").startsWith("req_"));
        QCOMPARE(events.last().data, QByteArray("[DONE]"));
        for (const QJsonObject &chunk : objects) {
            QCOMPARE(chunk.value(u"object").toString(), QStringLiteral("chat.completion.chunk"));
            QCOMPARE(chunk.value(u"id").toString(), objects.first().value(u"id").toString());
        }
        const QJsonObject first = objects.first().value(u"choices")[0].toObject();
        QCOMPARE(first.value(u"delta")[u"role"].toString(), QStringLiteral("assistant"));
        const QJsonObject finish = objects.at(objects.size() - 2).value(u"choices")[0].toObject();
        QCOMPARE(finish.value(u"finish_reason").toString(), QStringLiteral("stop"));
        const QJsonObject usage = objects.last();
        QVERIFY(usage.value(u"choices").toArray().isEmpty());
        QCOMPARE(usage.value(u"usage")[u"completion_tokens"].toInt(), tokens);
    } else if (preset == "openai-responses") {
        QVERIFY(client.header("x-request-id").startsWith("req_"));
        for (int i = 0; i < objects.size(); ++i) {
            QCOMPARE(objects.at(i).value(u"sequence_number").toInt(-1), i);
            QCOMPARE(objects.at(i).value(u"type").toString().toUtf8(), events.at(i).type);
        }
        QCOMPARE(events.first().type, QByteArray("response.created"));
        QCOMPARE(events.at(4).type, QByteArray("response.output_text.delta"));
        QCOMPARE(events.last().type, QByteArray("response.completed"));
        const QJsonObject response = objects.last().value(u"response").toObject();
        QCOMPARE(response.value(u"status").toString(), QStringLiteral("completed"));
        QCOMPARE(response.value(u"usage")[u"output_tokens"].toInt(), tokens);
        QCOMPARE(response.value(u"output")[0][u"content"][0][u"text"].toString().toUtf8(),
                 ProviderFixtures::text());
    } else if (preset == "anthropic") {
        QVERIFY(client.header("request-id").startsWith("req_"));
        QList<QByteArray> types;
        for (int i = 0; i < events.size(); ++i) {
            types.append(events.at(i).type);
            QCOMPARE(objects.at(i).value(u"type").toString().toUtf8(), events.at(i).type);
        }
        QCOMPARE(types.mid(0, 3),
                 QList<QByteArray>({"message_start", "content_block_start", "ping"}));
        QCOMPARE(types.mid(types.size() - 3),
                 QList<QByteArray>({"content_block_stop", "message_delta", "message_stop"}));
        QCOMPARE(objects.at(events.size() - 2).value(u"usage")[u"output_tokens"].toInt(), tokens);
    } else {
        for (int i = 0; i < objects.size(); ++i) {
            QVERIFY(events.at(i).type.isEmpty() || events.at(i).type == "message");
            const QJsonObject candidate = objects.at(i).value(u"candidates")[0].toObject();
            QCOMPARE(candidate.value(u"content")[u"parts"][0][u"text"].toString().toUtf8(),
                     ProviderFixtures::tokens().at(i));
            QCOMPARE(candidate.contains(u"finishReason"), i == objects.size() - 1);
        }
        QCOMPARE(objects.last().value(u"usageMetadata")[u"candidatesTokenCount"].toInt(), tokens);
    }

    const LensFixture::Run r = lensRun(preset, client);
    QVERIFY2(r.facts.problems.isEmpty(), qPrintable(LensFixture::describe(r.facts)));
    QCOMPARE(r.facts.lens, c.lens);
    QCOMPARE(r.facts.answer(), ProviderFixtures::text());
    QVERIFY(r.facts.terminal);
}

void TestMockPresets::sameFactsAsLensFixture_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < ProviderFixtures::all().size(); ++i)
        QTest::newRow(ProviderFixtures::all().at(i).preset.constData()) << i;
}

// A preset given a lens fixture's text and request is read by the lens to the fixture's facts:
// the fixtures of the lens suites are the presets' expected output.
void TestMockPresets::sameFactsAsLensFixture()
{
    QFETCH(int, index);
    const ProviderFixtures::Fixture fixture = ProviderFixtures::all().at(index);
    MockServer server;
    QVERIFY(start(server, options(fixture.preset)));
    RawSseClient client;
    QVERIFY(client.open(server.port(), post(caseOf(fixture.preset).target, body(fixture.preset))));
    QVERIFY(client.waitForEnd());

    const LensFacts mock = lensRun(fixture.preset, client).facts;
    const LensFacts expected =
        LensFixture::run("auto", LensFixture::context(fixture.url), fixture.stream).facts;
    const QString both = LensFixture::describe(mock) + QStringLiteral("\n--- fixture:\n")
        + LensFixture::describe(expected);
    QVERIFY2(mock.lens == expected.lens, qPrintable(both));
    QVERIFY2(mock.answer() == expected.answer(), qPrintable(both));
    QVERIFY2(mock.model == expected.model, qPrintable(both));
    QVERIFY2(mock.finishReason == expected.finishReason, qPrintable(both));
    QVERIFY2(mock.usage == expected.usage, qPrintable(both));
    QVERIFY2(mock.terminal && expected.terminal, qPrintable(both));
    QVERIFY2(mock.contentEvents == expected.contentEvents, qPrintable(both));
    QVERIFY2(mock.events == expected.events, qPrintable(both));
    QVERIFY2(mock.blocks.size() == expected.blocks.size(), qPrintable(both));
    QVERIFY2(mock.problems.isEmpty() && expected.problems.isEmpty(), qPrintable(both));
}

void TestMockPresets::bodyInPieces_data()
{
    QTest::addColumn<int>("threads");
    QTest::newRow("socket") << 0;
    QTest::newRow("io-thread") << 1;
}

// The body read in several pieces after the head is the whole body: the answer is the one
// for its prompt ({{prompt}}), not a 400.
void TestMockPresets::bodyInPieces()
{
    QFETCH(int, threads);
    MockServerOptions o = options("anthropic", threads);
    o.presetText = "You said: {{prompt}}";
    MockServer server;
    QVERIFY(start(server, o));
    const QByteArray request = post(caseOf("anthropic").target, body("anthropic"));
    const qsizetype headEnd = request.indexOf("\r\n\r\n") + 4;
    RawSseClient client;
    QVERIFY(client.open(server.port(), request.first(headEnd)));
    QVERIFY(client.staysSilent(50)); // waiting for the body
    QVERIFY(client.send(request.sliced(headEnd, 10)));
    QVERIFY(client.staysSilent(50));
    QVERIFY(client.send(request.sliced(headEnd + 10)));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.status(), 200);
    const LensFixture::Run r = lensRun("anthropic", client);
    QCOMPARE(r.facts.answer(), "You said: " + ProviderFixtures::kPrompt);
}

void TestMockPresets::wholeAnswer_data()
{
    QTest::addColumn<QByteArray>("preset");
    for (const Case &c : cases())
        QTest::newRow(c.preset.constData()) << c.preset;
}

// `stream: false` (Gemini: :generateContent) gets the provider's whole JSON answer.
void TestMockPresets::wholeAnswer()
{
    QFETCH(QByteArray, preset);
    MockServer server;
    QVERIFY(start(server, options(preset)));
    RawSseClient client;
    QVERIFY(client.open(server.port(), post(target(preset, false), body(preset, false))));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(client.header("Content-Length").toLongLong(), client.body().size());
    QVERIFY(client.events().isEmpty());
    const QJsonObject answer = json(client.body());
    const QByteArray text = ProviderFixtures::text();
    const int tokens = int(ProviderFixtures::tokens().size());
    if (preset == "openai-chat") {
        QCOMPARE(answer.value(u"object").toString(), QStringLiteral("chat.completion"));
        QCOMPARE(answer.value(u"choices")[0][u"message"][u"content"].toString().toUtf8(), text);
        QCOMPARE(answer.value(u"usage")[u"prompt_tokens"].toInt(),
                 int(ProviderFixtures::kInputTokens));
        QCOMPARE(answer.value(u"usage")[u"completion_tokens"].toInt(), tokens);
    } else if (preset == "openai-responses") {
        QCOMPARE(answer.value(u"object").toString(), QStringLiteral("response"));
        QCOMPARE(answer.value(u"status").toString(), QStringLiteral("completed"));
        QCOMPARE(answer.value(u"output")[0][u"content"][0][u"text"].toString().toUtf8(), text);
        QCOMPARE(answer.value(u"usage")[u"output_tokens"].toInt(), tokens);
    } else if (preset == "anthropic") {
        QCOMPARE(answer.value(u"type").toString(), QStringLiteral("message"));
        QCOMPARE(answer.value(u"content")[0][u"text"].toString().toUtf8(), text);
        QCOMPARE(answer.value(u"stop_reason").toString(), QStringLiteral("end_turn"));
        QCOMPARE(answer.value(u"usage")[u"output_tokens"].toInt(), tokens);
    } else {
        const QJsonObject candidate = answer.value(u"candidates")[0].toObject();
        QCOMPARE(candidate.value(u"content")[u"parts"][0][u"text"].toString().toUtf8(), text);
        QCOMPARE(candidate.value(u"finishReason").toString(), QStringLiteral("STOP"));
        QCOMPARE(answer.value(u"usageMetadata")[u"candidatesTokenCount"].toInt(), tokens);
    }
}

// streamGenerateContent without alt=sse: the chunks as one JSON array, as Gemini sends them.
void TestMockPresets::geminiArrayWithoutAltSse()
{
    MockServer server;
    QVERIFY(start(server, options("gemini")));
    RawSseClient client;
    QVERIFY(
        client.open(server.port(),
                    post("/v1beta/models/gemini-2.5-flash:streamGenerateContent", body("gemini"))));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.status(), 200);
    const QJsonArray chunks = QJsonDocument::fromJson(client.body()).array();
    QCOMPARE(chunks.size(), ProviderFixtures::tokens().size());
    QByteArray text;
    for (const QJsonValue &chunk : chunks)
        text += chunk[u"candidates"][0][u"content"][u"parts"][0][u"text"].toString().toUtf8();
    QCOMPARE(text, ProviderFixtures::text());
}

void TestMockPresets::maxTokensCutsTheAnswer_data()
{
    QTest::addColumn<QByteArray>("preset");
    QTest::addColumn<QByteArray>("finish");
    QTest::newRow("openai-chat") << QByteArray("openai-chat") << QByteArray("length");
    QTest::newRow("openai-responses")
        << QByteArray("openai-responses") << QByteArray("max_output_tokens");
    QTest::newRow("anthropic") << QByteArray("anthropic") << QByteArray("max_tokens");
    QTest::newRow("gemini") << QByteArray("gemini") << QByteArray("MAX_TOKENS");
}

// The request's output cap stops the answer where a model would, said in the provider's words.
void TestMockPresets::maxTokensCutsTheAnswer()
{
    QFETCH(QByteArray, preset);
    QFETCH(QByteArray, finish);
    MockServer server;
    QVERIFY(start(server, options(preset)));
    RawSseClient client;
    QVERIFY(client.open(server.port(), post(caseOf(preset).target, body(preset, true, 3))));
    QVERIFY(client.waitForEnd());
    const LensFixture::Run r = lensRun(preset, client);
    QVERIFY2(r.facts.problems.isEmpty(), qPrintable(LensFixture::describe(r.facts)));
    QCOMPARE(r.facts.answer(), ProviderFixtures::tokens().mid(0, 3).join());
    QCOMPARE(r.facts.finishReason, finish);
    QCOMPARE(r.facts.usage.outputTokens, 3);
    QVERIFY(r.facts.terminal);
}

void TestMockPresets::requestErrors_data()
{
    QTest::addColumn<QByteArray>("preset");
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("says");
    for (const Case &c : cases()) {
        const QByteArray name = c.preset + '/';
        QTest::newRow(QByteArray(name + "not JSON").constData())
            << c.preset << post(c.target, "{\"model\": ") << 400 << QByteArray("not valid JSON");
        QTest::newRow(QByteArray(name + "not an object").constData())
            << c.preset << post(c.target, "[1, 2]") << 400 << QByteArray("JSON object");
        QTest::newRow(QByteArray(name + "empty body").constData())
            << c.preset << post(c.target, {}) << 400 << QByteArray("empty");
        QTest::newRow(QByteArray(name + "GET").constData())
            << c.preset << post(c.target, {}, "GET") << 405 << QByteArray("use POST");
        QTest::newRow(QByteArray(name + "unknown path").constData())
            << c.preset << post("/v1/elsewhere", body(c.preset)) << 404
            << QByteArray("no such endpoint");
        QTest::newRow(QByteArray(name + "too large").constData())
            << c.preset << post(c.target, QByteArray(5000, ' ') + body(c.preset)) << 413
            << QByteArray("larger than 4096");
    }
    QTest::newRow("openai-chat/no messages")
        << QByteArray("openai-chat") << post("/v1/chat/completions", "{\"model\":\"m\"}") << 400
        << QByteArray("'messages'");
    QTest::newRow("openai-chat/stream not a boolean")
        << QByteArray("openai-chat")
        << post("/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                "\"stream\":\"yes\"}")
        << 400 << QByteArray("'stream'");
    QTest::newRow("openai-responses/no input")
        << QByteArray("openai-responses") << post("/v1/responses", "{}") << 400
        << QByteArray("'input'");
    QTest::newRow("anthropic/no max_tokens")
        << QByteArray("anthropic")
        << post("/v1/messages",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                "\"content\":\"x\"}]}")
        << 400 << QByteArray("max_tokens: Field required");
    QTest::newRow("gemini/no contents")
        << QByteArray("gemini") << post(caseOf("gemini").target, "{}") << 400
        << QByteArray("contents");
    QTest::newRow("gemini/unknown method")
        << QByteArray("gemini") << post("/v1beta/models/g:countTokens", body("gemini")) << 404
        << QByteArray("no such endpoint");
}

// What cannot be answered gets the provider's JSON error with a status an SDK acts on.
void TestMockPresets::requestErrors()
{
    QFETCH(QByteArray, preset);
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QByteArray, says);
    MockServerOptions o = options(preset);
    o.maxRequestBodyBytes = 4096;
    MockServer server;
    QVERIFY(start(server, o));
    RawSseClient client;
    QVERIFY(client.open(server.port(), request));
    QVERIFY(client.waitForEnd());
    QCOMPARE(client.status(), status);
    QCOMPARE(client.header("Content-Type"), QByteArray("application/json"));
    if (status == 405)
        QCOMPARE(client.header("Allow"), QByteArray("POST, OPTIONS"));
    const QJsonObject error = json(client.body());
    QString message;
    if (preset == "anthropic") {
        QCOMPARE(error.value(u"type").toString(), QStringLiteral("error"));
        QVERIFY(!error.value(u"error")[u"type"].toString().isEmpty());
        message = error.value(u"error")[u"message"].toString();
    } else if (preset == "gemini") {
        QCOMPARE(error.value(u"error")[u"code"].toInt(), status);
        QVERIFY(!error.value(u"error")[u"status"].toString().isEmpty());
        message = error.value(u"error")[u"message"].toString();
    } else {
        QVERIFY(!error.value(u"error")[u"type"].toString().isEmpty());
        message = error.value(u"error")[u"message"].toString();
    }
    QVERIFY2(message.contains(QString::fromUtf8(says)), qPrintable(message));
    QCOMPARE(server.stats().errorsAnswered, 1);
}

// Tokens leave at the token rate: 8 tokens at 40 a second take 8 gaps of 25 ms.
void TestMockPresets::tokenRatePacesTokens()
{
    MockServerOptions o = options("openai-chat");
    o.tokenRate = 40;
    MockServer server;
    QVERIFY(start(server, o));
    RawSseClient client;
    QVERIFY(client.open(server.port(), post("/v1/chat/completions", body("openai-chat"))));
    QVERIFY(client.waitForHead());
    QVERIFY(client.waitForEnd());
    QVERIFY2(client.lastByteMs() - client.headMs() >= 180,
             qPrintable(QString::number(client.lastByteMs() - client.headMs())));
    const LensFixture::Run r = lensRun("openai-chat", client);
    QCOMPARE(r.facts.answer(), ProviderFixtures::text());
}

// The answer is a template: the request's model, its prompt, the client's number.
void TestMockPresets::answerTemplate()
{
    MockServerOptions o = options("openai-responses");
    o.presetText = "{{model}} heard \"{{prompt}}\" from client {{client}}.";
    MockServer server;
    QVERIFY(start(server, o));
    RawSseClient client;
    QVERIFY(client.open(server.port(), post("/v1/responses", body("openai-responses"))));
    QVERIFY(client.waitForEnd());
    const LensFixture::Run r = lensRun("openai-responses", client);
    QVERIFY2(r.facts.problems.isEmpty(), qPrintable(LensFixture::describe(r.facts)));
    QCOMPARE(r.facts.answer(),
             "gpt-4.1-mini heard \"" + ProviderFixtures::kPrompt + "\" from client 1.");
}

void TestMockPresets::urlIsTheEndpoint()
{
    for (const Case &c : cases()) {
        MockServer server;
        QVERIFY(start(server, options(c.preset)));
        const QUrl url = server.url();
        QCOMPARE(url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority), c.target);
    }
}

void TestMockPresets::unknownPresetDoesNotStart()
{
    MockServer server;
    server.setOptions(options("openai-chats"));
    QString error;
    QVERIFY(!server.start(&error));
    QVERIFY2(error.contains(QStringLiteral("unknown preset \"openai-chats\"")), qPrintable(error));
    QVERIFY(error.contains(QStringLiteral("openai-responses")));
    QVERIFY(!server.isListening());
}

QTEST_GUILESS_MAIN(TestMockPresets)
#include "tst_mockpresets.moc"
