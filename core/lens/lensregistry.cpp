// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "lensregistry.h"

#include "anthropiclens.h"
#include "geminilens.h"
#include "mcplens.h"
#include "openaichatlens.h"
#include "openairesponseslens.h"

namespace {

template<typename T>
std::unique_ptr<Lens> make()
{
    return std::make_unique<T>();
}

template<typename T>
LensRegistry::Entry entry(const char *family, const QString &description,
                          bool (*answersAsJson)(const LensContext &) = nullptr)
{
    return {T().name(),     QByteArray(family), description,      &make<T>,
            &T::matchesUrl, &T::matchesHeaders, &T::matchesEvent, answersAsJson};
}

} // namespace

const QList<LensRegistry::Entry> &LensRegistry::entries()
{
    static const QList<Entry> all = {
        entry<OpenAiChatLens>("openai",
                              QStringLiteral("OpenAI Chat Completions and the servers that speak "
                                             "it (vLLM, llama.cpp, Ollama); as a choice, also "
                                             "the Responses API when the request or the events "
                                             "say so")),
        entry<OpenAiResponsesLens>("openai", QStringLiteral("OpenAI Responses API")),
        entry<AnthropicLens>("anthropic", QStringLiteral("Anthropic Messages")),
        entry<GeminiLens>("gemini", QStringLiteral("Google Gemini streamGenerateContent")),
        entry<McpLens>("mcp",
                       QStringLiteral("Model Context Protocol: Streamable HTTP (a POST's answer "
                                      "as a stream or as application/json, a GET stream, a "
                                      "resume) and the legacy HTTP+SSE transport"),
                       &McpLens::answersAsJson),
    };
    return all;
}

const LensRegistry::Entry *LensRegistry::find(QByteArrayView name)
{
    for (const Entry &e : entries()) {
        if (e.name == name)
            return &e;
    }
    return nullptr;
}

QList<const LensRegistry::Entry *> LensRegistry::family(QByteArrayView family)
{
    QList<const Entry *> members;
    for (const Entry &e : entries()) {
        if (e.family == family)
            members.append(&e);
    }
    return members;
}

QList<QByteArray> LensRegistry::choices()
{
    QList<QByteArray> names = {QByteArrayLiteral("auto")};
    for (const Entry &e : entries())
        names.append(e.name);
    names.append(QByteArrayLiteral("none"));
    return names;
}

bool LensRegistry::isChoice(QByteArrayView name)
{
    return choices().contains(name);
}
