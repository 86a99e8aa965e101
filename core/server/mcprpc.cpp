// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mcprpc.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// One message of a body; false with the reason it is not a JSON-RPC 2.0 message.
bool readMessage(const QJsonValue &value, McpRpc::Message *message, QByteArray *why)
{
    if (!value.isObject()) {
        *why = "a JSON-RPC message is a JSON object";
        return false;
    }
    const QJsonObject object = value.toObject();
    if (object.value(QLatin1String("jsonrpc")) != QLatin1String("2.0")) {
        *why = "\"jsonrpc\" must be \"2.0\"";
        return false;
    }
    const QJsonValue id = object.value(QLatin1String("id"));
    const bool hasId = !id.isUndefined();
    // MCP: an id is a string or an integer, never null.
    if (hasId && !id.isString() && !id.isDouble()) {
        *why = "\"id\" must be a string or a number";
        return false;
    }
    const QJsonValue method = object.value(QLatin1String("method"));
    const bool isResponse =
        object.contains(QLatin1String("result")) || object.contains(QLatin1String("error"));
    if (method.isUndefined()) {
        if (!isResponse || !hasId) {
            *why = "a message needs a \"method\" (request, notification) or an \"id\" with a "
                   "\"result\" or an \"error\" (response)";
            return false;
        }
        message->kind = McpRpc::Message::Kind::Response;
        message->id = id;
        return true;
    }
    if (!method.isString() || method.toString().isEmpty()) {
        *why = "\"method\" must be a non-empty string";
        return false;
    }
    const QJsonValue params = object.value(QLatin1String("params"));
    if (!params.isUndefined() && !params.isObject()) {
        *why = "\"params\" must be an object";
        return false;
    }
    message->kind = hasId ? McpRpc::Message::Kind::Request : McpRpc::Message::Kind::Notification;
    message->id = id;
    message->method = method.toString().toUtf8();
    message->params = params.toObject();
    return true;
}

} // namespace

namespace McpRpc {

bool Body::hasRequests() const
{
    for (const Message &message : messages) {
        if (message.kind == Message::Kind::Request)
            return true;
    }
    return false;
}

Body read(QByteArrayView body, bool allowBatch)
{
    Body out;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        out.errorCode = ParseError;
        out.errorMessage = body.trimmed().isEmpty()
            ? QByteArray("Parse error: the body is empty (expected a JSON-RPC message)")
            : "Parse error: " + parseError.errorString().toUtf8() + " at byte "
                + QByteArray::number(parseError.offset);
        return out;
    }
    QByteArray why;
    if (document.isArray()) {
        const QJsonArray array = document.array();
        if (!allowBatch) {
            out.errorCode = InvalidRequest;
            out.errorMessage = "Invalid Request: JSON-RPC batches are not supported in this "
                               "protocol revision (only 2025-03-26 has them)";
            return out;
        }
        if (array.isEmpty() || array.size() > MaxBatch) {
            out.errorCode = InvalidRequest;
            out.errorMessage = "Invalid Request: a batch holds 1 to " + QByteArray::number(MaxBatch)
                + " messages, this one " + QByteArray::number(array.size());
            return out;
        }
        out.batch = true;
        for (qsizetype i = 0; i < array.size(); ++i) {
            Message message;
            if (!readMessage(array.at(i), &message, &why)) {
                out.messages.clear();
                out.errorCode = InvalidRequest;
                out.errorMessage =
                    "Invalid Request: batch entry " + QByteArray::number(i) + ": " + why;
                return out;
            }
            out.messages.append(message);
        }
        return out;
    }
    Message message;
    if (!readMessage(document.isObject() ? QJsonValue(document.object()) : QJsonValue(), &message,
                     &why)) {
        out.errorCode = InvalidRequest;
        out.errorMessage = "Invalid Request: " + why;
        return out;
    }
    out.messages.append(message);
    return out;
}

QByteArray result(const QJsonValue &id, const QJsonObject &result)
{
    return compact({{QLatin1String("jsonrpc"), QLatin1String("2.0")},
                    {QLatin1String("id"), id},
                    {QLatin1String("result"), result}});
}

QByteArray error(const QJsonValue &id, int code, const QByteArray &message)
{
    const QJsonObject error {{QLatin1String("code"), code},
                             {QLatin1String("message"), QString::fromUtf8(message)}};
    return compact({{QLatin1String("jsonrpc"), QLatin1String("2.0")},
                    {QLatin1String("id"), id.isUndefined() ? QJsonValue(QJsonValue::Null) : id},
                    {QLatin1String("error"), error}});
}

QByteArray notification(QByteArrayView method, const QJsonObject &params)
{
    return compact({{QLatin1String("jsonrpc"), QLatin1String("2.0")},
                    {QLatin1String("method"), QString::fromUtf8(method)},
                    {QLatin1String("params"), params}});
}

} // namespace McpRpc
