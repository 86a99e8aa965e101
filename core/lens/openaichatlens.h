// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "lens.h"

#include <QSet>

struct LensContext;

// OpenAI Chat Completions, and the servers that speak it (vLLM, llama.cpp, Ollama's OpenAI
// endpoint, gateways): data-only events, each a `chat.completion.chunk` JSON object, ended by
// `data: [DONE]`. Per choice: `delta.content` (the answer), `delta.reasoning_content` or
// `delta.reasoning` (reasoning, as several servers send it), `delta.tool_calls` whose
// `function.arguments` are assembled across chunks by index, `finish_reason`; the usage chunk
// of `stream_options.include_usage` (empty `choices`, `usage`); an `error` object mid-stream.
class OpenAiChatLens : public Lens
{
public:
    QByteArray name() const override { return QByteArrayLiteral("openai"); }
    QByteArray terminalName() const override { return QByteArrayLiteral("data: [DONE]"); }
    void event(const LensEvent &event, LensState &state) override;
    void finish(LensState &state) override;

    static bool matchesUrl(const LensContext &context);
    static bool matchesHeaders(const LensContext &context);
    static bool matchesEvent(const LensEvent &event);

private:
    void choice(const QJsonObject &choice, int position, const LensEvent &event, LensState &state);

    QSet<int> m_finished; // choices that gave their finish_reason (bounded: see choice())
};
