// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>

// What the MCP preset offers once a session is open, socket-free: its tools (echo, add,
// slow_count), resources and prompts, and the answer to each of their methods. A call's
// answer is a result or a JSON-RPC error, and for slow_count the progress notifications that
// come before it, each after its own delay.
class McpTools
{
public:
    // A notification sent before the answer, `delayMs` after the one before it.
    struct Step
    {
        QByteArray notification;
        int delayMs = 0;
    };
    struct Outcome
    {
        QJsonObject result;
        int errorCode = 0; // 0: `result`; else a JSON-RPC error code with errorMessage
        QByteArray errorMessage;
        QList<Step> steps;
        int finalDelayMs = 0; // before the answer, after the last step
    };
    // What a method call can read about its session.
    struct Session
    {
        QByteArray id;
        QByteArray protocolVersion;
        QByteArray clientName;
    };

    static constexpr int MaxCount = 100; // slow_count's n
    static constexpr int MaxIntervalMs = 10000; // slow_count's interval_ms

    // Answers one request (any method but initialize, which opens the session). `method` not
    // one of ours: MethodNotFound.
    static Outcome call(const QByteArray &method, const QJsonObject &params,
                        const Session &session);
    // The names of the tools, resources and prompts, as tools/list and the others list them.
    static QJsonObject toolsList();
    static QJsonObject resourcesList();
    static QJsonObject promptsList();

private:
    static Outcome callTool(const QJsonObject &params);
    static Outcome readResource(const QJsonObject &params, const Session &session);
    static Outcome getPrompt(const QJsonObject &params);
};
