// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "lensfacts.h"

#include <algorithm>
#include <cmath>

QByteArray LensProblem::codeName(Code code)
{
    switch (code) {
    case Code::Truncated:
        return QByteArrayLiteral("truncated");
    case Code::SequenceGap:
        return QByteArrayLiteral("sequence_gap");
    case Code::SequenceOrder:
        return QByteArrayLiteral("sequence_order");
    case Code::ErrorEvent:
        return QByteArrayLiteral("error_event");
    case Code::NotJson:
        return QByteArrayLiteral("not_json");
    case Code::AfterEnd:
        return QByteArrayLiteral("after_end");
    case Code::InvalidToolJson:
        return QByteArrayLiteral("invalid_tool_json");
    case Code::Unexpected:
        return QByteArrayLiteral("unexpected_event");
    case Code::TextCapped:
        return QByteArrayLiteral("text_capped");
    case Code::TooManyBlocks:
        return QByteArrayLiteral("too_many_blocks");
    case Code::NoResponse:
        return QByteArrayLiteral("no_response");
    case Code::UnknownResponse:
        return QByteArrayLiteral("unknown_response_id");
    case Code::SessionHeader:
        return QByteArrayLiteral("session_header");
    case Code::InvalidMessage:
        return QByteArrayLiteral("invalid_jsonrpc");
    case Code::RpcError:
        return QByteArrayLiteral("rpc_error");
    case Code::ResumeReplay:
        return QByteArrayLiteral("resume_replay");
    case Code::TooManyRpcs:
        return QByteArrayLiteral("too_many_rpcs");
    case Code::ClockSkew:
        return QByteArrayLiteral("clock_skew");
    case Code::LatencyField:
        return QByteArrayLiteral("latency_field");
    }
    return QByteArrayLiteral("unexpected_event");
}

QByteArray LensChange::whatName(What what)
{
    switch (what) {
    case What::Recognised:
        return QByteArrayLiteral("recognised");
    case What::FirstToken:
        return QByteArrayLiteral("first_token");
    case What::ToolCall:
        return QByteArrayLiteral("tool_call");
    case What::Finish:
        return QByteArrayLiteral("finish");
    case What::Problem:
        return QByteArrayLiteral("problem");
    case What::End:
        return QByteArrayLiteral("end");
    case What::Rpc:
        return QByteArrayLiteral("rpc");
    }
    return QByteArrayLiteral("end");
}

void LensCounts::add(QByteArrayView name)
{
    name = name.first(std::min<qsizetype>(name.size(), kMaxNameBytes));
    for (auto &entry : names) {
        if (entry.first == name) {
            ++entry.second;
            return;
        }
    }
    if (names.size() < kMaxNames)
        names.append(qMakePair(name.toByteArray(), qint64(1)));
    else
        ++other;
}

qint64 LensCounts::count(QByteArrayView name) const
{
    for (const auto &entry : names) {
        if (entry.first == name)
            return entry.second;
    }
    return -1;
}

qint64 LensCounts::total() const
{
    qint64 n = other;
    for (const auto &entry : names)
        n += entry.second;
    return n;
}

QByteArray LensRpc::stateName(State state)
{
    switch (state) {
    case State::Pending:
        return QByteArrayLiteral("pending");
    case State::Result:
        return QByteArrayLiteral("result");
    case State::Error:
        break;
    }
    return QByteArrayLiteral("error");
}

int LensMcp::pending() const
{
    int n = 0;
    for (const LensRpc &rpc : rpcs) {
        if (rpc.state == LensRpc::State::Pending)
            ++n;
    }
    return n;
}

bool operator==(const LensMcp &a, const LensMcp &b)
{
    return a.transport == b.transport && a.stream == b.stream && a.sessionId == b.sessionId
        && a.protocolVersion == b.protocolVersion && a.serverName == b.serverName
        && a.serverVersion == b.serverVersion && a.capabilities == b.capabilities
        && a.endpoint == b.endpoint && a.resumeFrom == b.resumeFrom
        && a.lastEventId == b.lastEventId && a.rpcs == b.rpcs && a.requests == b.requests
        && a.responses == b.responses && a.errors == b.errors && a.messages == b.messages
        && a.primingEvents == b.primingEvents && a.notifications == b.notifications
        && a.serverRequests == b.serverRequests;
}

qint64 LensFacts::chars(LensBlock::Kind kind) const
{
    qint64 n = 0;
    for (const LensBlock &block : blocks) {
        if (block.kind == kind)
            n += block.chars;
    }
    return n;
}

int LensFacts::toolCalls() const
{
    int n = 0;
    for (const LensBlock &block : blocks) {
        if (block.kind == LensBlock::Kind::ToolCall)
            ++n;
    }
    return n;
}

bool LensFacts::capped() const
{
    for (const LensBlock &block : blocks) {
        if (block.capped)
            return true;
    }
    return false;
}

QByteArray LensFacts::answer(int choice) const
{
    QByteArray text;
    for (const LensBlock &block : blocks) {
        if (block.kind == LensBlock::Kind::Text && block.choice == choice)
            text += block.text;
    }
    return text;
}

const LensProblem *LensFacts::problem(LensProblem::Code code) const
{
    for (const LensProblem &p : problems) {
        if (p.code == code)
            return &p;
    }
    return nullptr;
}

double LensFacts::tokensPerSecond(bool *estimated) const
{
    *estimated = usage.outputTokens < 0;
    const qint64 spanNs = lastTokenNs - firstTokenNs;
    if (firstTokenNs < 0 || spanNs <= 0)
        return std::nan("");
    double tokens = double(usage.outputTokens);
    if (*estimated) {
        const qint64 received = chars(LensBlock::Kind::Text) + chars(LensBlock::Kind::Reasoning)
            + chars(LensBlock::Kind::ToolCall);
        tokens = double(received) / kCharsPerTokenEstimate;
    }
    return tokens / (double(spanNs) / 1e9);
}

bool operator==(const LensFacts &a, const LensFacts &b)
{
    return a.lens == b.lens && a.recognisedBy == b.recognisedBy && a.model == b.model
        && a.responseId == b.responseId && a.blocks == b.blocks && a.keptBytes == b.keptBytes
        && a.events == b.events && a.contentEvents == b.contentEvents
        && a.firstByteNs == b.firstByteNs && a.firstEventNs == b.firstEventNs
        && a.firstTokenNs == b.firstTokenNs && a.lastTokenNs == b.lastTokenNs && a.gaps == b.gaps
        && a.finishReason == b.finishReason && a.usage == b.usage
        && a.lastSequence == b.lastSequence && a.terminal == b.terminal
        && a.errorSeen == b.errorSeen && a.ended == b.ended && a.endReason == b.endReason
        && a.problems == b.problems && a.mcp == b.mcp && a.generic == b.generic;
}
