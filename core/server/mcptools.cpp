// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mcptools.h"

#include "mcprpc.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace {

QJsonObject textContent(const QString &text)
{
    return {{QLatin1String("type"), QLatin1String("text")}, {QLatin1String("text"), text}};
}

// A tool's answer: its text, and whether the tool failed (isError, which a model reads, as
// opposed to a JSON-RPC error, which the client does).
McpTools::Outcome toolResult(const QString &text, bool isError = false)
{
    McpTools::Outcome outcome;
    outcome.result = {{QLatin1String("content"), QJsonArray {textContent(text)}},
                      {QLatin1String("isError"), isError}};
    return outcome;
}

McpTools::Outcome rpcError(int code, const QByteArray &message)
{
    McpTools::Outcome outcome;
    outcome.errorCode = code;
    outcome.errorMessage = message;
    return outcome;
}

QJsonObject property(const char *type, const char *description)
{
    return {{QLatin1String("type"), QLatin1String(type)},
            {QLatin1String("description"), QLatin1String(description)}};
}

QJsonObject tool(const char *name, const char *description, const QJsonObject &properties,
                 const QStringList &required)
{
    return {{QLatin1String("name"), QLatin1String(name)},
            {QLatin1String("description"), QLatin1String(description)},
            {QLatin1String("inputSchema"),
             QJsonObject {{QLatin1String("type"), QLatin1String("object")},
                          {QLatin1String("properties"), properties},
                          {QLatin1String("required"), QJsonArray::fromStringList(required)}}}};
}

// An integer argument within [low, high]; false with what is wrong.
bool integerArgument(const QJsonObject &arguments, const char *name, qint64 low, qint64 high,
                     qint64 fallback, qint64 *value, QString *why)
{
    const QJsonValue v = arguments.value(QLatin1String(name));
    if (v.isUndefined()) {
        if (fallback < low) {
            *why = QStringLiteral("missing argument \"%1\"").arg(QLatin1String(name));
            return false;
        }
        *value = fallback;
        return true;
    }
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || d != std::floor(d) || d < double(low) || d > double(high)) {
        *why = QStringLiteral("argument \"%1\" must be an integer from %2 to %3")
                   .arg(QLatin1String(name))
                   .arg(low)
                   .arg(high);
        return false;
    }
    *value = qint64(d);
    return true;
}

constexpr QLatin1String GreetingUri("ssemon://greeting");
constexpr QLatin1String SessionUri("ssemon://session");

} // namespace

QJsonObject McpTools::toolsList()
{
    const QJsonArray tools {
        tool("echo", "Returns its text unchanged.",
             {{QLatin1String("text"), property("string", "The text to return")}},
             {QStringLiteral("text")}),
        tool("add", "Adds two numbers.",
             {{QLatin1String("a"), property("number", "The first addend")},
              {QLatin1String("b"), property("number", "The second addend")}},
             {QStringLiteral("a"), QStringLiteral("b")}),
        tool("slow_count",
             "Counts from 1 to n, one step every interval_ms; each step is a "
             "notifications/progress when the call has a progressToken.",
             {{QLatin1String("n"), property("integer", "How far to count (1 to 100)")},
              {QLatin1String("interval_ms"),
               property("integer", "Milliseconds between steps (0 to 10000, default 100)")}},
             {QStringLiteral("n")}),
    };
    return {{QLatin1String("tools"), tools}};
}

QJsonObject McpTools::resourcesList()
{
    const QJsonArray resources {
        QJsonObject {{QLatin1String("uri"), GreetingUri},
                     {QLatin1String("name"), QLatin1String("greeting")},
                     {QLatin1String("description"), QLatin1String("A fixed text")},
                     {QLatin1String("mimeType"), QLatin1String("text/plain")}},
        QJsonObject {{QLatin1String("uri"), SessionUri},
                     {QLatin1String("name"), QLatin1String("session")},
                     {QLatin1String("description"),
                      QLatin1String("This session: its id, protocol version and client")},
                     {QLatin1String("mimeType"), QLatin1String("application/json")}},
    };
    return {{QLatin1String("resources"), resources}};
}

QJsonObject McpTools::promptsList()
{
    const QJsonArray arguments {
        QJsonObject {{QLatin1String("name"), QLatin1String("text")},
                     {QLatin1String("description"), QLatin1String("The text to summarize")},
                     {QLatin1String("required"), true}}};
    const QJsonArray prompts {
        QJsonObject {{QLatin1String("name"), QLatin1String("summarize")},
                     {QLatin1String("description"), QLatin1String("Asks for a short summary")},
                     {QLatin1String("arguments"), arguments}}};
    return {{QLatin1String("prompts"), prompts}};
}

McpTools::Outcome McpTools::call(const QByteArray &method, const QJsonObject &params,
                                 const Session &session)
{
    Outcome outcome;
    if (method == "ping")
        return outcome; // {}
    if (method == "tools/list") {
        outcome.result = toolsList();
        return outcome;
    }
    if (method == "tools/call")
        return callTool(params);
    if (method == "resources/list") {
        outcome.result = resourcesList();
        return outcome;
    }
    if (method == "resources/read")
        return readResource(params, session);
    if (method == "prompts/list") {
        outcome.result = promptsList();
        return outcome;
    }
    if (method == "prompts/get")
        return getPrompt(params);
    return rpcError(McpRpc::MethodNotFound, "Method not found: " + method);
}

McpTools::Outcome McpTools::callTool(const QJsonObject &params)
{
    const QJsonValue name = params.value(QLatin1String("name"));
    if (!name.isString())
        return rpcError(McpRpc::InvalidParams, "Invalid params: tools/call needs a \"name\"");
    const QJsonValue argumentsValue = params.value(QLatin1String("arguments"));
    if (!argumentsValue.isUndefined() && !argumentsValue.isObject())
        return rpcError(McpRpc::InvalidParams, "Invalid params: \"arguments\" must be an object");
    const QJsonObject arguments = argumentsValue.toObject();
    const QString tool = name.toString();
    // Bad arguments are the tool's failure (isError), which the model can read and correct.
    if (tool == QLatin1String("echo")) {
        const QJsonValue text = arguments.value(QLatin1String("text"));
        if (!text.isString())
            return toolResult(QStringLiteral("echo: argument \"text\" must be a string"), true);
        return toolResult(text.toString());
    }
    if (tool == QLatin1String("add")) {
        const QJsonValue a = arguments.value(QLatin1String("a"));
        const QJsonValue b = arguments.value(QLatin1String("b"));
        if (!a.isDouble() || !b.isDouble())
            return toolResult(QStringLiteral("add: arguments \"a\" and \"b\" must be numbers"),
                              true);
        const double sum = a.toDouble() + b.toDouble();
        // Integers print as integers ("5", not "5.0"); others with the digits they need.
        return toolResult(QString::number(sum, 'g', 17));
    }
    if (tool == QLatin1String("slow_count")) {
        qint64 n = 0;
        qint64 interval = 0;
        QString why;
        if (!integerArgument(arguments, "n", 1, MaxCount, 0, &n, &why)
            || !integerArgument(arguments, "interval_ms", 0, MaxIntervalMs, 100, &interval, &why))
            return toolResult(QStringLiteral("slow_count: ") + why, true);
        Outcome outcome = toolResult(QStringLiteral("counted to %1").arg(n));
        const QJsonValue meta = params.value(QLatin1String("_meta"));
        const QJsonValue token = meta.toObject().value(QLatin1String("progressToken"));
        const bool progress = token.isString() || token.isDouble();
        for (qint64 i = 1; i <= n; ++i) {
            if (!progress) {
                outcome.finalDelayMs += int(interval);
                continue;
            }
            const QJsonObject step {{QLatin1String("progressToken"), token},
                                    {QLatin1String("progress"), i},
                                    {QLatin1String("total"), n},
                                    {QLatin1String("message"), QStringLiteral("step %1").arg(i)}};
            outcome.steps.append(
                {McpRpc::notification("notifications/progress", step), int(interval)});
        }
        return outcome;
    }
    return rpcError(McpRpc::InvalidParams, "Unknown tool: " + tool.toUtf8());
}

McpTools::Outcome McpTools::readResource(const QJsonObject &params, const Session &session)
{
    const QJsonValue uri = params.value(QLatin1String("uri"));
    if (!uri.isString())
        return rpcError(McpRpc::InvalidParams, "Invalid params: resources/read needs a \"uri\"");
    QString mimeType = QStringLiteral("text/plain");
    QString text;
    if (uri.toString() == GreetingUri) {
        text = QStringLiteral("Hello from the ssemon mock MCP server.");
    } else if (uri.toString() == SessionUri) {
        mimeType = QStringLiteral("application/json");
        text = QString::fromUtf8(
            QJsonDocument(
                QJsonObject {{QLatin1String("sessionId"), QString::fromLatin1(session.id)},
                             {QLatin1String("protocolVersion"),
                              QString::fromLatin1(session.protocolVersion)},
                             {QLatin1String("client"), QString::fromUtf8(session.clientName)}})
                .toJson(QJsonDocument::Compact));
    } else {
        return rpcError(McpRpc::ResourceNotFound, "Resource not found: " + uri.toString().toUtf8());
    }
    Outcome outcome;
    outcome.result = {{QLatin1String("contents"),
                       QJsonArray {QJsonObject {{QLatin1String("uri"), uri},
                                                {QLatin1String("mimeType"), mimeType},
                                                {QLatin1String("text"), text}}}}};
    return outcome;
}

McpTools::Outcome McpTools::getPrompt(const QJsonObject &params)
{
    const QJsonValue name = params.value(QLatin1String("name"));
    if (!name.isString())
        return rpcError(McpRpc::InvalidParams, "Invalid params: prompts/get needs a \"name\"");
    if (name.toString() != QLatin1String("summarize"))
        return rpcError(McpRpc::InvalidParams, "Unknown prompt: " + name.toString().toUtf8());
    const QJsonValue text =
        params.value(QLatin1String("arguments")).toObject().value(QLatin1String("text"));
    if (!text.isString()) {
        return rpcError(McpRpc::InvalidParams,
                        "Invalid params: prompt \"summarize\" needs the argument \"text\"");
    }
    const QJsonObject message {
        {QLatin1String("role"), QLatin1String("user")},
        {QLatin1String("content"),
         textContent(QStringLiteral("Summarize in one sentence:\n\n") + text.toString())}};
    Outcome outcome;
    outcome.result = {{QLatin1String("description"), QLatin1String("Asks for a short summary")},
                      {QLatin1String("messages"), QJsonArray {message}}};
    return outcome;
}
