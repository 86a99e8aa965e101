// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "providerpreset.h"

// Google Gemini (`POST /v1beta/models/MODEL:streamGenerateContent?alt=sse`, `/v1/` too): each
// event a whole GenerateContentResponse with a candidate holding the token's text; the last
// one carries finishReason and the full usageMetadata, and the stream just ends. Without
// alt=sse the chunks come as one JSON array; `:generateContent` answers one response.
class GeminiPreset : public ProviderPreset
{
public:
    QByteArray name() const override { return QByteArrayLiteral("gemini"); }
    QByteArray primaryPath() const override
    {
        return QByteArrayLiteral("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    }
    bool matchesPath(QByteArrayView target, Request *request) const override;
    bool read(const QJsonObject &body, Request *request, Error *error) const override;
    QByteArray errorBody(int status, const QByteArray &message) const override;
    QByteArray headers(const Request &request) const override;
    QList<Frame> stream(const Request &request, const Answer &answer) const override;
    QByteArray whole(const Request &request, const Answer &answer) const override;
    QByteArray errorEvent(const QByteArray &replaced) const override;

protected:
    QByteArray defaultModel() const override { return QByteArrayLiteral("gemini-2.5-flash"); }
};
