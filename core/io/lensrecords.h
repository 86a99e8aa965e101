// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "lens/lensfacts.h"
#include "util/jsonwriter.h"

#include <QByteArray>
#include <QList>
#include <QPair>

// The parts of the lens records that are not one provider's answer: the MCP exchange
// (LensMcp, LensRpc) and the generic facts of any stream (LensGeneric), as JSON members and as
// the lines of the human summary. RecordFormatter places them; they live here to keep it short.
namespace LensRecords {

// `"mcp":{...}`: transport, stream, session, protocol version, server, counts, the rpcs.
QByteArray mcpJson(const LensMcp &mcp);
// `"generic":{...}`: events, types, sizes, retry fields, the latency field's figures.
QByteArray genericJson(const LensGeneric &generic);
// The members of an `rpc` lens record: id, method, state, latency, error or summary, text.
void appendRpcMembers(JsonWriter::Members &json, const LensFacts &facts, int rpc);
// The text of an `rpc` change: "tools/call id 2: result in 12.000 ms {...}".
QByteArray rpcText(const LensFacts &facts, int rpc);
// What a recognised MCP stream adds to its recognition's text and record.
QByteArray recognisedText(const LensMcp &mcp);
void appendRecognisedMembers(JsonWriter::Members &json, const LensMcp &mcp);
// Lines of the human summary (label, text): the MCP lines when the lens is mcp, then the
// stream's generic lines.
QList<QPair<const char *, QByteArray>> summaryLines(const LensFacts &facts);

} // namespace LensRecords
