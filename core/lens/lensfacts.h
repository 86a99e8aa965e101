// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "gapstats.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

// What a lens has learnt about one response stream (an LLM answer): plain values, copied into
// the records that report them. Times are ns since the request started (-1: not yet, or not
// known).

// A piece of the answer as the provider structures it: a choice's text (OpenAI chat), a
// content block (Anthropic), an output item's content part (OpenAI Responses), a candidate's
// text (Gemini), a tools/call result's text content (MCP: `index` is the rpc's in
// LensMcp::rpcs); reasoning kept apart from the answer; a tool call with its arguments.
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
        // MCP
        NoResponse, // the stream ended with requests of the POST unanswered (no id to resume)
        UnknownResponse, // a response for an id the POST did not ask (or on a plain GET stream)
        SessionHeader, // Mcp-Session-Id missing on an initialize response, or inconsistent
        InvalidMessage, // JSON that is no JSON-RPC 2.0 message (or a request body that is none)
        RpcError, // a JSON-RPC error response
        ResumeReplay, // a resume replays another stream's events, or ones already received
        TooManyRpcs, // more requests and responses than kept (the rest is counted only)
        // Any stream (LensGeneric)
        ClockSkew, // --latency-field: a timestamp later than the arrival (clocks disagree)
        LatencyField, // --latency-field: an event without a readable timestamp there
    };
    static constexpr int kCodes = int(Code::LatencyField) + 1;
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

// Counts by name in bounded memory: the first kMaxNames distinct names have a count each (in
// the order first seen), any further name is counted in `other`. Names are cut to kMaxNameBytes.
struct LensCounts
{
    static constexpr int kMaxNames = 16;
    static constexpr int kMaxNameBytes = 64;

    QList<QPair<QByteArray, qint64>> names;
    qint64 other = 0;

    void add(QByteArrayView name);
    qint64 count(QByteArrayView name) const; // -1: not among `names`
    qint64 total() const;
    bool isEmpty() const { return names.isEmpty() && other == 0; }
    friend bool operator==(const LensCounts &a, const LensCounts &b)
    {
        return a.names == b.names && a.other == b.other;
    }
};

// What any stream shows, whatever its protocol and whether a lens recognised it (filled with
// every lens choice but "none"): event types, data sizes, `retry:` fields and, with a latency
// field (`watch --latency-field`), each event's latency from the timestamp its data carries.
struct LensGeneric
{
    qint64 events = 0;
    LensCounts types; // events by type ("message" when the block named none)
    GapStats sizes {1}; // bytes of data per event (GapStats over byte counts: min, mean, p99, max)
    qint64 retries = 0; // `retry:` fields received
    qint64 retryMs = -1; // the last one's value; -1: none
    // --latency-field: arrival (wall clock) minus the timestamp the pointer finds in the data.
    QString latencyField; // the JSON Pointer; empty: not asked
    GapStats latency; // latencies >= 0, ns
    qint64 latencyNegative = 0; // timestamps later than the arrival (clock skew)
    qint64 latencyMostNegativeNs = 0; // the largest skew seen (a negative latency), 0: none
    qint64 latencyMissing = 0; // events without a readable timestamp at the pointer

    friend bool operator==(const LensGeneric &a, const LensGeneric &b)
    {
        return a.events == b.events && a.types == b.types && a.sizes == b.sizes
            && a.retries == b.retries && a.retryMs == b.retryMs && a.latencyField == b.latencyField
            && a.latency == b.latency && a.latencyNegative == b.latencyNegative
            && a.latencyMostNegativeNs == b.latencyMostNegativeNs
            && a.latencyMissing == b.latencyMissing;
    }
};

// MCP: one JSON-RPC request of the POST (or a response to one made elsewhere, on a legacy or a
// resumed stream) and what answered it.
struct LensRpc
{
    enum class State { Pending, Result, Error };
    static QByteArray stateName(State state); // "pending", "result", "error"

    QByteArray id; // as JSON text: 7, or "a-7" with its quotes
    QByteArray method; // of the request; empty when the request was not seen on this stream
    // What the request names: the tool of tools/call, the prompt of prompts/get, the resource
    // of resources/read (its uri); empty otherwise. Cut to 256 bytes.
    QByteArray target;
    State state = State::Pending;
    qint64 event = 0; // the number of the event that answered (from 1); 0: pending
    qint64 atNs = -1; // when the answer arrived, since the request started
    qint64 latencyNs = -1; // request start to answer; -1: pending, or the request not seen
    qint64 errorCode = 0; // State::Error
    QString errorMessage; // State::Error
    QByteArray summary; // the result (or the error's data), summarised by McpMessage::summarise
    bool toolError = false; // tools/call: the result says isError (the tool failed)
    int textBlock = -1; // tools/call: the result's text content in LensFacts::blocks; -1: none

    friend bool operator==(const LensRpc &a, const LensRpc &b)
    {
        return a.id == b.id && a.method == b.method && a.target == b.target && a.state == b.state
            && a.event == b.event && a.atNs == b.atNs && a.latencyNs == b.latencyNs
            && a.errorCode == b.errorCode && a.errorMessage == b.errorMessage
            && a.summary == b.summary && a.toolError == b.toolError && a.textBlock == b.textBlock;
    }
};

// MCP (lens "mcp"): the session and the JSON-RPC exchange one stream carried. Texts are cut to
// 256 bytes; rpcs to kMaxRpcs (further ones counted only).
struct LensMcp
{
    static constexpr int kMaxRpcs = 256;

    QByteArray transport; // "streamable-http", "http+sse" (the legacy transport)
    // "post" (the answer to a POST), "get" (a listening stream), "resume" (a GET with
    // Last-Event-ID), "legacy" (HTTP+SSE's GET stream)
    QByteArray stream;
    QByteArray sessionId; // Mcp-Session-Id of the response, else of the request
    // The initialize result's protocolVersion; before one, the MCP-Protocol-Version request
    // header or the version the initialize request asked for.
    QByteArray protocolVersion;
    QByteArray serverName; // the initialize result's serverInfo
    QByteArray serverVersion;
    QByteArray capabilities; // the initialize result's capabilities, names joined by ','
    QByteArray endpoint; // HTTP+SSE: the URL the endpoint event gave for the client's POSTs
    QByteArray resumeFrom; // the Last-Event-ID a resume sent
    QByteArray lastEventId; // the last id an event carried: where a resume would start
    QList<LensRpc> rpcs; // requests of the POST in order, then responses to unseen requests
    qint64 requests = 0; // requests the POST carried
    qint64 responses = 0; // responses in the stream (errors included)
    qint64 errors = 0; // of them, JSON-RPC errors
    qint64 messages = 0; // JSON-RPC messages in the stream (a batch's members each)
    qint64 primingEvents = 0; // events with an id and empty data
    LensCounts notifications; // server notifications by method (notifications/progress, ...)
    LensCounts serverRequests; // server requests by method (sampling/createMessage, ...)

    int pending() const; // rpcs not answered
    friend bool operator==(const LensMcp &a, const LensMcp &b);
};

struct LensFacts
{
    // Memory bounds: a hostile endless stream cannot grow the facts past these.
    static constexpr qint64 kMaxKeptBytes = qint64(4) * 1024 * 1024; // text kept, all blocks
    static constexpr int kMaxBlocks = 256;
    // Characters per token of the estimate used when the provider reports no usage.
    static constexpr int kCharsPerTokenEstimate = 4;

    QByteArray lens; // "openai", "openai-responses", "anthropic", "gemini", "mcp"; empty: none
    // "chosen", "url", "headers" (the request's or response's headers; for MCP also a JSON-RPC
    // request body), "events"
    QByteArray recognisedBy;
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

    LensMcp mcp; // lens "mcp" only
    // Any stream. When no lens read it (`lens` empty), the facts are only these, `events`,
    // `firstByteNs`, `firstEventNs`, the end and the latency field's problems; such a stream
    // still reports its End change (when it had an event).
    LensGeneric generic;

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
// an MCP response (Rpc, at most LensMcp::kMaxRpcs), the stream's end. Deltas are not changes:
// they would flood.
struct LensChange
{
    enum class What { Recognised, FirstToken, ToolCall, Finish, Problem, End, Rpc };
    static QByteArray whatName(What what); // "recognised", "first_token", ... as in the records

    What what = What::Recognised;
    int block = -1; // ToolCall: index in LensFacts::blocks; Rpc: index in LensMcp::rpcs
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
