// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// Any bytes through the MCP lens's JSON-RPC decoder (McpMessage): nothing crashes, a refusal
// says why, the bounds hold (batch members, kept texts, summaries), every message is of one
// kind with the members that kind has, and decoding is deterministic.
#include "lens/mcpmessage.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void fail(const char *what)
{
    std::fprintf(stderr, "McpMessage: %s\n", what);
    std::abort();
}

bool sameMessage(const McpMessage &a, const McpMessage &b)
{
    return a.kind == b.kind && a.id == b.id && a.method == b.method && a.errorCode == b.errorCode
        && a.errorMessage == b.errorMessage && a.invalid == b.invalid
        && McpMessage::summarise(a.result) == McpMessage::summarise(b.result);
}

void check(const McpMessage &m)
{
    // An id is JSON text of a string of at most kMaxText characters (escaped: up to 6 bytes
    // each, with its quotes) or of a whole number.
    if (m.id.size() > McpMessage::kMaxText * 6 + 2 || m.method.size() > McpMessage::kMaxText * 4
        || m.errorMessage.size() > McpMessage::kMaxText)
        fail("a kept text past its bound");
    for (const QJsonValue &v : {m.params, m.result, m.errorData}) {
        if (McpMessage::summarise(v).size() > McpMessage::kMaxSummary)
            fail("a summary past kMaxSummary");
    }
    switch (m.kind) {
    case McpMessage::Kind::Request:
        if (m.id.isEmpty() || !m.invalid.isEmpty())
            fail("a request without an id");
        break;
    case McpMessage::Kind::Notification:
        if (!m.id.isEmpty() || !m.invalid.isEmpty())
            fail("a notification with an id");
        break;
    case McpMessage::Kind::Response:
        if (m.id.isEmpty() || !m.method.isEmpty() || !m.invalid.isEmpty())
            fail("a response without an id, or with a method");
        break;
    case McpMessage::Kind::ErrorResponse:
        if (!m.method.isEmpty() || !m.invalid.isEmpty())
            fail("an error response with a method");
        break;
    case McpMessage::Kind::Invalid:
        if (m.invalid.isEmpty())
            fail("an invalid message without a reason");
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView json(reinterpret_cast<const char *>(data), qsizetype(size));
    const McpMessage::Decoded a = McpMessage::decode(json);
    const McpMessage::Decoded b = McpMessage::decode(json);
    if (a.error.isEmpty() == a.messages.isEmpty())
        fail("neither messages nor a reason (or both)");
    if (a.messages.size() > McpMessage::kMaxBatch || a.dropped < 0
        || (a.dropped > 0 && a.messages.size() != McpMessage::kMaxBatch))
        fail("the batch bound does not hold");
    if (!a.batch && a.messages.size() > 1)
        fail("several messages without a batch");
    if (a.messages.size() != b.messages.size() || a.error != b.error || a.dropped != b.dropped)
        fail("two decodings differ");
    for (qsizetype i = 0; i < a.messages.size(); ++i) {
        check(a.messages.at(i));
        if (!sameMessage(a.messages.at(i), b.messages.at(i)))
            fail("two decodings of a message differ");
    }
    return 0;
}
