// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "gapstats.h"

#include <QByteArray>
#include <QList>
#include <QString>

// What a lens has learnt about one response stream (an LLM answer): plain values, copied into
// the records that report them. Times are ns since the request started (-1: not yet, or not
// known).

// A piece of the answer as the provider structures it: a choice's text (OpenAI chat), a
// content block (Anthropic), an output item's content part (OpenAI Responses), a candidate's
// text (Gemini); reasoning kept apart from the answer; a tool call with its arguments.
struct LensBlock
{
    enum class Kind { Text, Reasoning, ToolCall };
    enum class Json { Unchecked, Valid, Invalid }; // tool calls: the arguments once complete

    Kind kind = Kind::Text;
    int choice = 0; // OpenAI chat choice, Gemini candidate; 0 elsewhere
    int index = 0; // content block, output item, tool call index
    int part = 0; // content part of an output item (Responses); 0 elsewhere
    QByteArray id; // tool call id
    QByteArray name; // tool name
    QByteArray text; // the text or the arguments, kept up to LensFacts::kMaxKeptBytes in all
    qint64 bytes = 0; // received in all (kept or not)
    qint64 chars = 0; // Unicode characters received in all
    bool capped = false; // `text` stops short of what was received (the memory cap)
    bool complete = false; // tool calls: the provider said the arguments are whole
    Json json = Json::Unchecked;
    QString jsonError; // why the arguments are not JSON (or could not be checked)

    friend bool operator==(const LensBlock &a, const LensBlock &b)
    {
        return a.kind == b.kind && a.choice == b.choice && a.index == b.index && a.part == b.part
            && a.id == b.id && a.name == b.name && a.text == b.text && a.bytes == b.bytes
            && a.chars == b.chars && a.capped == b.capped && a.complete == b.complete
            && a.json == b.json && a.jsonError == b.jsonError;
    }
};

// A problem of the stream, named in words. One entry per code: the first occurrence's message
// and how many times it happened.
struct LensProblem
{
    enum class Code {
        Truncated, // the stream ended before its terminal event
        SequenceGap, // sequence numbers skipped
        SequenceOrder, // a sequence number repeated or went back
        ErrorEvent, // the provider reported an error in the stream
        NotJson, // an event's data is not JSON where JSON was due
        AfterEnd, // a delta after its block, choice or the stream had ended
        InvalidToolJson, // tool-call arguments that are not JSON
        Unexpected, // an event the protocol does not allow there
        TextCapped, // the assembled text reached the memory cap (the rest is counted only)
        TooManyBlocks, // more blocks than kept (the rest is ignored)
    };
    static constexpr int kCodes = int(Code::TooManyBlocks) + 1;
    static QByteArray codeName(Code code); // "truncated", "sequence_gap", ... as in the records

    Code code = Code::Unexpected;
    QString message;
    qint64 count = 0;

    friend bool operator==(const LensProblem &a, const LensProblem &b)
    {
        return a.code == b.code && a.message == b.message && a.count == b.count;
    }
};

// Token counts as the provider reported them, under one set of names; -1: not reported.
struct LensUsage
{
    qint64 inputTokens = -1;
    qint64 outputTokens = -1;
    qint64 totalTokens = -1;
    qint64 reasoningTokens = -1;

    bool isEmpty() const
    {
        return inputTokens < 0 && outputTokens < 0 && totalTokens < 0 && reasoningTokens < 0;
    }
    friend bool operator==(const LensUsage &a, const LensUsage &b)
    {
        return a.inputTokens == b.inputTokens && a.outputTokens == b.outputTokens
            && a.totalTokens == b.totalTokens && a.reasoningTokens == b.reasoningTokens;
    }
};

struct LensFacts
{
    // Memory bounds: a hostile endless stream cannot grow the facts past these.
    static constexpr qint64 kMaxKeptBytes = qint64(4) * 1024 * 1024; // text kept, all blocks
    static constexpr int kMaxBlocks = 256;
    // Characters per token of the estimate used when the provider reports no usage.
    static constexpr int kCharsPerTokenEstimate = 4;

    QByteArray lens; // "openai", "openai-responses", "anthropic", "gemini"; empty: none
    QByteArray recognisedBy; // "chosen", "url", "headers", "events"
    QByteArray model;
    QByteArray responseId;
    QList<LensBlock> blocks; // in the order they began
    qint64 keptBytes = 0; // of all blocks' text

    qint64 events = 0; // events of the stream
    qint64 contentEvents = 0; // of them, those that added text, reasoning or tool arguments
    qint64 firstByteNs = -1;
    qint64 firstEventNs = -1;
    qint64 firstTokenNs = -1; // the first event that added content (not a control frame)
    qint64 lastTokenNs = -1;
    GapStats gaps; // between consecutive content events

    QByteArray finishReason; // of the first choice or candidate
    LensUsage usage;
    qint64 lastSequence = -1; // the last sequence_number seen (Responses)
    bool terminal = false; // the protocol's terminal event arrived
    bool errorSeen = false; // the provider reported an error in the stream
    bool ended = false; // the stream is over
    QString endReason; // how it ended, when it did
    QList<LensProblem> problems; // at most one per code

    // Characters received in blocks of `kind` (all choices).
    qint64 chars(LensBlock::Kind kind) const;
    int toolCalls() const;
    bool capped() const; // some text was not kept
    // The kept answer text of `choice`, blocks in order.
    QByteArray answer(int choice = 0) const;
    const LensProblem *problem(LensProblem::Code code) const;
    // Output tokens per second from the first to the last content token: from the provider's
    // usage when it reported output tokens, otherwise estimated from the characters received
    // (*estimated set). NaN when there is no such span.
    double tokensPerSecond(bool *estimated) const;

    friend bool operator==(const LensFacts &a, const LensFacts &b);
    friend bool operator!=(const LensFacts &a, const LensFacts &b) { return !(a == b); }
};

// One thing a lens learnt that is worth a record: the stream recognised, its first content
// token, a tool call complete, its terminal event (finish), a problem (the first of its code),
// the stream's end. Deltas are not changes: they would flood.
struct LensChange
{
    enum class What { Recognised, FirstToken, ToolCall, Finish, Problem, End };
    static QByteArray whatName(What what); // "recognised", "first_token", ... as in the records

    What what = What::Recognised;
    int block = -1; // ToolCall: index in LensFacts::blocks
    LensProblem::Code problem = LensProblem::Code::Unexpected; // Problem

    friend bool operator==(const LensChange &a, const LensChange &b)
    {
        return a.what == b.what && a.block == b.block && a.problem == b.problem;
    }
};

// What a record carries when a lens learnt something with it: the changes, and the facts as of
// them (for the end summary, and for a view that shows them).
struct LensReport
{
    QList<LensChange> changes;
    LensFacts facts;
};
