// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "providerpreset.h"

// OpenAI Chat Completions (`POST /v1/chat/completions`, also `/chat/completions`): data-only
// `chat.completion.chunk` events (the role first, a content delta per token, the finish
// reason, with stream_options.include_usage a last chunk with no choices and the usage), then
// `data: [DONE]`; a `chat.completion` object when not streamed.
class OpenAiChatPreset : public ProviderPreset
{
public:
    QByteArray name() const override { return QByteArrayLiteral("openai-chat"); }
    QByteArray primaryPath() const override { return QByteArrayLiteral("/v1/chat/completions"); }
    bool matchesPath(QByteArrayView target, Request *request) const override;
    bool read(const QJsonObject &body, Request *request, Error *error) const override;
    QByteArray errorBody(int status, const QByteArray &message) const override;
    QByteArray headers(const Request &request) const override;
    QList<Frame> stream(const Request &request, const Answer &answer) const override;
    QByteArray whole(const Request &request, const Answer &answer) const override;
    QByteArray errorEvent(const QByteArray &replaced) const override;

    // The OpenAI error object for a status (shared with the Responses preset).
    static QByteArray openAiError(int status, const QByteArray &message);
    // The messages' text (`content` strings or text parts): the prompt is the last user's.
    static void readMessages(const QJsonArray &messages, Request *request);

protected:
    QByteArray defaultModel() const override { return QByteArrayLiteral("gpt-4o-mini"); }
};
