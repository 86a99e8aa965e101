// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

// One plain answer per provider, written from the provider's documentation (not made by the
// mock server): the lens suites read them (tst_lensstream::providerFixtures), and the mock
// server's preset suite (tests/server/tst_mockpresets) configures a preset with a fixture's
// text and request and requires the lens to read the preset's stream to the same facts, so
// the fixtures are the presets' expected output.

#include "lensfixture.h"

#include <QByteArray>
#include <QList>

namespace ProviderFixtures {

// The answer, cut into the word-ish tokens one delta each, as the documented examples do.
inline const QList<QByteArray> &tokens()
{
    static const QList<QByteArray> list = {"Hello", ",",     " world",   "!",
                                           " The",  " mock", " streams", "."};
    return list;
}
inline QByteArray text()
{
    return tokens().join();
}
// The request: one user message of 6 tokens ("Say", " hello", " from", " the", " mock", ".").
inline const QByteArray kPrompt = "Say hello from the mock.";
constexpr qint64 kInputTokens = 6;

struct Fixture
{
    QByteArray preset; // the mock server preset that must produce the same facts
    QByteArray lens;
    QByteArray url; // what the lens recognises it by
    QByteArray model;
    QByteArray finishReason;
    QByteArray stream;
};

inline QByteArray openAiChat()
{
    using LensFixture::frame;
    const QByteArray head =
        "{\"id\":\"chatcmpl-fx1\",\"object\":\"chat.completion.chunk\",\"created\":1733000000,"
        "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_fx\",\"choices\":[";
    const auto delta = [&head](const QByteArray &change, const QByteArray &finish) {
        return frame(head + "{\"index\":0,\"delta\":" + change
                     + ",\"logprobs\":null,\"finish_reason\":" + finish + "}],\"usage\":null}");
    };
    QByteArray out = delta("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null");
    for (const QByteArray &token : tokens())
        out += delta("{\"content\":\"" + token + "\"}", "null");
    out += delta("{}", "\"stop\"");
    out += frame(head
                 + "],\"usage\":{\"prompt_tokens\":6,\"completion_tokens\":8,\"total_tokens\":14,"
                   "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
    return out + frame("[DONE]");
}

inline QByteArray openAiResponses()
{
    using LensFixture::frame;
    int sequence = 0;
    const auto event = [&sequence](const QByteArray &type, const QByteArray &members) {
        return frame("{\"type\":\"" + type + "\",\"sequence_number\":"
                         + QByteArray::number(sequence++) + ',' + members + '}',
                     type);
    };
    const QByteArray item = "\"item_id\":\"msg_fx\",\"output_index\":0,\"content_index\":0";
    const QByteArray part =
        "{\"type\":\"output_text\",\"annotations\":[],\"text\":\"" + text() + "\"}";
    const QByteArray done = "{\"id\":\"msg_fx\",\"type\":\"message\",\"status\":\"completed\","
                            "\"role\":\"assistant\",\"content\":["
        + part + "]}";
    const QByteArray response = "\"response\":{\"id\":\"resp_fx\",\"object\":\"response\","
                                "\"created_at\":1733000000,\"model\":\"gpt-4.1-mini\",";
    QByteArray out = event("response.created",
                           response + "\"status\":\"in_progress\",\"output\":[],\"usage\":null}");
    out += event("response.in_progress",
                 response + "\"status\":\"in_progress\",\"output\":[],\"usage\":null}");
    out += event("response.output_item.added",
                 "\"output_index\":0,\"item\":{\"id\":\"msg_fx\",\"type\":\"message\","
                 "\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}");
    out += event("response.content_part.added",
                 item + ",\"part\":{\"type\":\"output_text\",\"annotations\":[],\"text\":\"\"}");
    for (const QByteArray &token : tokens())
        out += event("response.output_text.delta", item + ",\"delta\":\"" + token + '"');
    out += event("response.output_text.done", item + ",\"text\":\"" + text() + '"');
    out += event("response.content_part.done", item + ",\"part\":" + part);
    out += event("response.output_item.done", "\"output_index\":0,\"item\":" + done);
    out += event("response.completed",
                 response + "\"status\":\"completed\",\"output\":[" + done
                     + "],\"usage\":{\"input_tokens\":6,\"output_tokens\":8,\"total_tokens\":14,"
                       "\"output_tokens_details\":{\"reasoning_tokens\":0}}}");
    return out;
}

inline QByteArray anthropic()
{
    using LensFixture::frame;
    using LensFixture::typed;
    QByteArray out =
        typed("message_start",
              "\"message\":{\"id\":\"msg_fx\",\"type\":\"message\",\"role\":\"assistant\","
              "\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,"
              "\"stop_sequence\":null,\"usage\":{\"input_tokens\":6,\"output_tokens\":1}}");
    out += typed("content_block_start",
                 "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}");
    out += frame("{\"type\": \"ping\"}", "ping");
    for (const QByteArray &token : tokens()) {
        out += typed("content_block_delta",
                     "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + token + "\"}");
    }
    out += typed("content_block_stop", "\"index\":0");
    out += typed("message_delta",
                 "\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                 "\"usage\":{\"output_tokens\":8}");
    return out + typed("message_stop");
}

inline QByteArray gemini()
{
    using LensFixture::frame;
    QByteArray out;
    const QList<QByteArray> &list = tokens();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const bool last = i == list.size() - 1;
        out += frame(
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + list.at(i)
            + "\"}],\"role\":\"model\"}" + (last ? ",\"finishReason\":\"STOP\"" : "")
            + ",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":6,"
            + (last ? "\"candidatesTokenCount\":8,\"totalTokenCount\":14" : "\"totalTokenCount\":6")
            + "},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"fx\"}");
    }
    return out;
}

inline QList<Fixture> all()
{
    return {
        {"openai-chat", "openai", "http://127.0.0.1/v1/chat/completions", "gpt-4o-mini", "stop",
         openAiChat()},
        {"openai-responses", "openai-responses", "http://127.0.0.1/v1/responses", "gpt-4.1-mini",
         "completed", openAiResponses()},
        {"anthropic", "anthropic", "http://127.0.0.1/v1/messages", "claude-sonnet-4-5", "end_turn",
         anthropic()},
        {"gemini", "gemini",
         "http://127.0.0.1/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
         "gemini-2.5-flash", "STOP", gemini()},
    };
}

} // namespace ProviderFixtures
