// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "providerpreset.h"

// Anthropic Messages (`POST /v1/messages`): message_start, one text block
// (content_block_start, a ping, a text_delta per token, content_block_stop), message_delta with
// the stop reason and the output tokens, message_stop; a `message` object when not streamed.
// As the API does, it requires model, max_tokens and messages.
class AnthropicPreset : public ProviderPreset
{
public:
    QByteArray name() const override { return QByteArrayLiteral("anthropic"); }
    QByteArray primaryPath() const override { return QByteArrayLiteral("/v1/messages"); }
    bool matchesPath(QByteArrayView target, Request *request) const override;
    bool read(const QJsonObject &body, Request *request, Error *error) const override;
    QByteArray errorBody(int status, const QByteArray &message) const override;
    QByteArray headers(const Request &request) const override;
    QList<Frame> stream(const Request &request, const Answer &answer) const override;
    QByteArray whole(const Request &request, const Answer &answer) const override;
    QByteArray errorEvent(const QByteArray &replaced) const override;

protected:
    QByteArray defaultModel() const override { return QByteArrayLiteral("claude-sonnet-4-5"); }
};
