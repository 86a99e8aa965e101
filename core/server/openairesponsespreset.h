// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "providerpreset.h"

// OpenAI Responses (`POST /v1/responses`, also `/responses`): named events whose JSON repeats
// the name in "type" and carries a sequence_number from 0: response.created,
// response.in_progress, the message item and its output_text part added, a
// response.output_text.delta per token, the text, part and item done, then
// response.completed (response.incomplete when max_output_tokens cut the answer) with the
// usage; a `response` object when not streamed.
class OpenAiResponsesPreset : public ProviderPreset
{
public:
    QByteArray name() const override { return QByteArrayLiteral("openai-responses"); }
    QByteArray primaryPath() const override { return QByteArrayLiteral("/v1/responses"); }
    bool matchesPath(QByteArrayView target, Request *request) const override;
    bool read(const QJsonObject &body, Request *request, Error *error) const override;
    QByteArray errorBody(int status, const QByteArray &message) const override;
    QByteArray headers(const Request &request) const override;
    QList<Frame> stream(const Request &request, const Answer &answer) const override;
    QByteArray whole(const Request &request, const Answer &answer) const override;
    QByteArray errorEvent(const QByteArray &replaced) const override;

protected:
    QByteArray defaultModel() const override { return QByteArrayLiteral("gpt-4.1-mini"); }
};
