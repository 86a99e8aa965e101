// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The mock server's side of the mcp preset: McpPreset decides (socket-free), the server acts
// out its Reply on the connection, and ticks the sessions' GET streams.
#include "mockserver_p.h"

#include <climits>

void MockServer::Private::serveMcp(MockClient *client)
{
    client->requestTimer().stop();
    const McpPreset::Reply reply =
        mcp->handle(client->reader(), client->takeBody(), client->number());
    // A deleted or evicted session's GET stream ends with it.
    for (int number : reply.endStreams) {
        if (MockClient *listener = connections->find(number); listener && listener != client)
            finish(listener, QStringLiteral("MCP session ended"), true);
    }
    if (client->isFinished())
        return;
    switch (reply.kind) {
    case McpPreset::Reply::Kind::Answer:
        answer(client, reply.status, reply.body, reply.headers,
               reply.status == 200 ? QStringLiteral("answered")
                                   : MockResponder::answeredReason(reply.status),
               true);
        return;
    case McpPreset::Reply::Kind::Stream:
    case McpPreset::Reply::Kind::Listen:
        break;
    }
    // An error-event fault answers the request it replaces with a JSON-RPC error.
    client->streamFaults().events().setErrorEvent(&McpPreset::errorEvent);
    startStream(client, reply.headers, reply.frames, reply.preamble,
                reply.kind == McpPreset::Reply::Kind::Listen);
}

void MockServer::Private::tickMcp()
{
    if (!mcp)
        return;
    const QList<McpPreset::Notice> notices = mcp->tick();
    for (const McpPreset::Notice &notice : notices) {
        MockClient *client = connections->find(notice.listener);
        if (client && client->isStreaming())
            streams.sendOwnEvent(client, notice.bytes, notice.number);
    }
}

void MockServer::Private::restartMcpTimer()
{
    mcpTimer.stop();
    if (mcp && listener->isListening() && options().eventMs > 0)
        mcpTimer.start(int(qBound(qint64(1), options().eventMs, qint64(INT_MAX))));
}
