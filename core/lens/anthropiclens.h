// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "lens.h"
#include "lensfacts.h"

#include <QHash>

struct LensContext;

// Anthropic Messages: named events whose JSON repeats the name in `type`: `message_start`
// (model, input usage), per content block `content_block_start` / `_delta` / `_stop` (text
// deltas, `input_json_delta` pieces of a tool's input, `thinking_delta` reasoning),
// `message_delta` (stop_reason, cumulative usage), `message_stop` (terminal), `ping`
// (keep-alive) and `error` mid-stream.
class AnthropicLens : public Lens
{
public:
    QByteArray name() const override { return QByteArrayLiteral("anthropic"); }
    QByteArray terminalName() const override { return QByteArrayLiteral("message_stop"); }
    void event(const LensEvent &event, LensState &state) override;
    void finish(LensState &state) override;

    static bool matchesUrl(const LensContext &context);
    static bool matchesHeaders(const LensContext &context);
    static bool matchesEvent(const LensEvent &event);

private:
    struct Block
    {
        LensBlock::Kind kind = LensBlock::Kind::Text;
        int block = -1; // in LensFacts::blocks (-1: past the cap)
        bool stopped = false;
        QByteArray startInput; // a tool's input as content_block_start gave it
    };
    void start(const QJsonObject &json, const LensEvent &event, LensState &state);
    void delta(const QJsonObject &json, const LensEvent &event, LensState &state);
    void stop(const QJsonObject &json, const LensEvent &event, LensState &state);

    QHash<int, Block> m_blocks; // by content block index, at most LensFacts::kMaxBlocks
};
