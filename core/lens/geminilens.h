// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "lens.h"

#include <QHash>

struct LensContext;

// Google Gemini `streamGenerateContent?alt=sse`: data-only events, each a whole
// GenerateContentResponse carrying the next piece: per candidate `content.parts[]` (`text`,
// reasoning when `thought` is true, `functionCall` given whole), `finishReason` once it is done,
// `usageMetadata` (last one wins), `promptFeedback.blockReason` when the prompt was refused. No
// end marker: the stream is complete once every candidate has its finishReason.
class GeminiLens : public Lens
{
public:
    QByteArray name() const override { return QByteArrayLiteral("gemini"); }
    QByteArray terminalName() const override
    {
        return QByteArrayLiteral("a finishReason for every candidate");
    }
    void event(const LensEvent &event, LensState &state) override;

    static bool matchesUrl(const LensContext &context);
    static bool matchesHeaders(const LensContext &context);
    static bool matchesEvent(const LensEvent &event);

private:
    struct Candidate
    {
        bool finished = false;
        int tools = 0; // function calls so far (each its own tool call)
    };
    QHash<int, Candidate> m_candidates; // at most LensFacts::kMaxBlocks
};
