// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "lens.h"

#include <QSet>

struct LensContext;

// OpenAI Responses: named `response.*` events whose JSON repeats the name in `type` and counts
// them in `sequence_number`; `response.output_text.delta` (the answer, per output item and
// content part), reasoning text deltas, `response.function_call_arguments.delta` / `.done` for
// function calls (named by `response.output_item.added`), and one terminal event:
// `response.completed`, `response.incomplete` or `response.failed`, carrying the usage. An
// `error` event reports a failure mid-stream.
class OpenAiResponsesLens : public Lens
{
public:
    QByteArray name() const override { return QByteArrayLiteral("openai-responses"); }
    QByteArray terminalName() const override
    {
        return QByteArrayLiteral("response.completed, response.incomplete or response.failed");
    }
    void event(const LensEvent &event, LensState &state) override;
    void finish(LensState &state) override;

    static bool matchesUrl(const LensContext &context);
    static bool matchesHeaders(const LensContext &context);
    static bool matchesEvent(const LensEvent &event);

private:
    void terminal(const QByteArray &type, const LensEvent &event, LensState &state);
    int toolFor(const QJsonObject &json, LensState &state);

    QSet<int> m_doneItems; // output items whose output_item.done arrived (bounded by the cap)
};
