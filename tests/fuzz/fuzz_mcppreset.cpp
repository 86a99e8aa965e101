// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// Any bytes as a POST body to the mock server's mcp preset (McpRpc's reader, then McpPreset's
// dispatch), in a session and without one, asking for either answer form: nothing crashes, a
// refusal is a JSON-RPC error with a status the transport names, an answer is JSON, a stream's
// events carry their stream's ids, and the reader's bounds hold.
#include "http/httprequestreader.h"
#include "server/mcppreset.h"
#include "server/mcprpc.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void fail(const char *what)
{
    std::fprintf(stderr, "McpPreset: %s\n", what);
    std::abort();
}

HttpRequestReader head(const QByteArray &headers)
{
    HttpRequestReader reader;
    const QByteArray bytes =
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + headers
        + "\r\n";
    reader.feed(bytes);
    if (!reader.isComplete())
        fail("the request head did not read");
    return reader;
}

void check(const McpPreset::Reply &reply)
{
    static const QList<int> statuses = {200, 202, 400, 404, 406, 409, 415};
    if (!statuses.contains(reply.status))
        fail("a status the transport does not name");
    if (reply.kind == McpPreset::Reply::Kind::Answer) {
        if (reply.status == 202 ? !reply.body.isEmpty() : reply.body.isEmpty())
            fail("202 with a body, or another answer without one");
        QJsonParseError error;
        if (!reply.body.isEmpty()) {
            QJsonDocument::fromJson(reply.body, &error);
            if (error.error != QJsonParseError::NoError)
                fail("an answer that is not JSON");
        }
        return;
    }
    for (const ProviderPreset::Frame &frame : reply.frames) {
        if (!frame.bytes.startsWith("id: s") || !frame.bytes.endsWith("\n\n"))
            fail("a stream event without its stream's id");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    for (bool batch : {false, true}) {
        const McpRpc::Body read = McpRpc::read(body, batch);
        if ((read.errorCode != 0) == !read.messages.isEmpty())
            fail("messages and an error, or neither");
        if (read.errorCode != 0 && read.errorMessage.isEmpty())
            fail("an error without a message");
        if (read.messages.size() > McpRpc::MaxBatch || (read.batch && !batch))
            fail("past the batch bound, or a batch where none is allowed");
    }

    static MockServerOptions options;
    static McpPreset preset(&options);
    static QByteArray session;
    if (session.isEmpty() || preset.sessionCount() >= McpSessions::MaxSessions) {
        const McpPreset::Reply opened =
            preset.handle(head("Accept: application/json\r\n"), McpPreset::initializeRequest(), 1);
        session = opened.headers.mid(16).trimmed();
        if (session.size() != 32)
            fail("initialize without a session id");
    }
    for (const QByteArray &accept :
         {QByteArray("application/json"), QByteArray("application/json, text/event-stream")}) {
        check(preset.handle(head("Accept: " + accept + "\r\n"), body, 2));
        const McpPreset::Reply reply = preset.handle(
            head("Accept: " + accept + "\r\nMcp-Session-Id: " + session + "\r\n"), body, 3);
        check(reply);
        if (preset.sessionCount() > McpSessions::MaxSessions)
            fail("past the session bound");
    }
    return 0;
}
