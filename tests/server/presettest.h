// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// What the preset suites share (tst_mockpresets, tst_mockpresetfaults): the provider's request
// for each preset, a raw client that sends it, and the project's lens reading what came back.
#pragma once

#include "lensfixture.h"
#include "providerfixtures.h"
#include "rawsseclient.h"
#include "server/mockserver.h"
#include "server/providerpreset.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace PresetTest {

struct Case
{
    QByteArray preset;
    QByteArray target; // where the provider's SDK posts a streamed request
    QByteArray lens; // the lens that must recognise the stream
    int leading = 0; // events before the first token
    int trailing = 0; // events after the last token (OpenAI Chat: with include_usage)
};

inline const QList<Case> &cases()
{
    static const QList<Case> list = {
        {"openai-chat", "/v1/chat/completions", "openai", 1, 3},
        {"openai-responses", "/v1/responses", "openai-responses", 4, 4},
        {"anthropic", "/v1/messages", "anthropic", 3, 3},
        {"gemini", "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", "gemini", 0, 0},
    };
    return list;
}

inline Case caseOf(const QByteArray &preset)
{
    for (const Case &c : cases()) {
        if (c.preset == preset)
            return c;
    }
    qFatal("no preset case %s", preset.constData());
}

// The request body the provider's documentation shows for a streamed (or whole) answer to
// ProviderFixtures::kPrompt; `maxTokens` >= 0 adds the provider's output cap.
inline QByteArray body(const QByteArray &preset, bool stream = true, qint64 maxTokens = -1)
{
    const QByteArray prompt = '"' + ProviderFixtures::kPrompt + '"';
    const QByteArray streamJson = stream ? "true" : "false";
    const QByteArray max = QByteArray::number(maxTokens);
    if (preset == "openai-chat") {
        return "{\"model\":\"gpt-4o-mini\",\"stream\":" + streamJson
            + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "")
            + (maxTokens >= 0 ? ",\"max_completion_tokens\":" + max : QByteArray())
            + ",\"messages\":[{\"role\":\"user\",\"content\":" + prompt + "}]}";
    }
    if (preset == "openai-responses") {
        return "{\"model\":\"gpt-4.1-mini\",\"stream\":" + streamJson
            + (maxTokens >= 0 ? ",\"max_output_tokens\":" + max : QByteArray())
            + ",\"input\":" + prompt + '}';
    }
    if (preset == "anthropic") {
        return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":"
            + (maxTokens >= 0 ? max : QByteArray("1024")) + ",\"stream\":" + streamJson
            + ",\"messages\":[{\"role\":\"user\",\"content\":" + prompt + "}]}";
    }
    return "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":" + prompt + "}]}]"
        + (maxTokens >= 0 ? ",\"generationConfig\":{\"maxOutputTokens\":" + max + '}'
                          : QByteArray())
        + '}';
}

// Gemini says whether it streams by its path; the others by the body.
inline QByteArray target(const QByteArray &preset, bool stream = true)
{
    if (preset == "gemini" && !stream)
        return "/v1beta/models/gemini-2.5-flash:generateContent";
    return caseOf(preset).target;
}

inline QByteArray post(const QByteArray &target, const QByteArray &body,
                       const QByteArray &method = "POST")
{
    return method + ' ' + target
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          "Accept: text/event-stream\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// A server with the preset, answering at once (no pacing) unless the test says otherwise.
inline MockServerOptions options(const QByteArray &preset, int threads = 0)
{
    MockServerOptions o;
    o.host = QHostAddress(QHostAddress::LocalHost);
    o.port = 0;
    o.preset = preset;
    o.presetText = ProviderFixtures::text();
    o.tokenRate = 0;
    o.threads = threads;
    return o;
}

inline bool start(MockServer &server, const MockServerOptions &options)
{
    server.setOptions(options);
    QString error;
    if (!server.start(&error)) {
        qWarning() << error;
        return false;
    }
    return true;
}

// The stream's events as the project's lens reads them, recognised by itself ("auto").
inline LensFixture::Run lensRun(const QByteArray &preset, const RawSseClient &client)
{
    LensContext context = LensFixture::context("http://127.0.0.1" + caseOf(preset).target);
    context.requestBody = body(preset);
    return LensFixture::run("auto", context, client.body());
}

inline QJsonObject json(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

// The expected answer when event `n` (from 1) of the stream is a token sent twice.
inline QByteArray withTokenTwice(const Case &c, int n)
{
    QList<QByteArray> tokens = ProviderFixtures::tokens();
    const int index = n - c.leading - 1;
    tokens.insert(index, tokens.at(index));
    return tokens.join();
}

} // namespace PresetTest
