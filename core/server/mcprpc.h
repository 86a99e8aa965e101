// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>

// JSON-RPC 2.0 as the MCP preset reads and writes it, socket-free: a POST body read into its
// messages (one, or a batch where the protocol revision allows it), each a request, a
// notification or a response, and the bytes of what the server answers. Bad input is a
// JSON-RPC error with the code the specification gives it, never an exception or a crash.
namespace McpRpc {

enum Code {
    ParseError = -32700,
    InvalidRequest = -32600,
    MethodNotFound = -32601,
    InvalidParams = -32602,
    InternalError = -32603,
    ServerError = -32000, // the transport's own errors (session, version, headers)
    ResourceNotFound = -32002, // MCP: resources/read of an unknown URI
};

struct Message
{
    enum class Kind { Request, Notification, Response };
    Kind kind = Kind::Request;
    QJsonValue id; // a string or a number (requests and responses)
    QByteArray method; // requests and notifications
    QJsonObject params; // absent params read as {}
};

struct Body
{
    QList<Message> messages;
    bool batch = false; // the body was an array
    int errorCode = 0; // 0: read; else ParseError or InvalidRequest, with errorMessage
    QByteArray errorMessage;
    bool hasRequests() const;
};

// A batch holds at most this many messages (the body's size is bounded by the server).
constexpr int MaxBatch = 100;

// Reads a POST body. A batch is read when `allowBatch`; otherwise an array is InvalidRequest.
Body read(QByteArrayView body, bool allowBatch);

// The wire form of what the server sends, compact JSON.
QByteArray result(const QJsonValue &id, const QJsonObject &result);
QByteArray error(const QJsonValue &id, int code, const QByteArray &message);
QByteArray notification(QByteArrayView method, const QJsonObject &params);

} // namespace McpRpc
