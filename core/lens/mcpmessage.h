// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

// One JSON-RPC 2.0 message as MCP sends them (a request, a notification, a response or an error
// response), decoded from JSON that may be anything. Pure and bounded: a batch gives at most
// kMaxBatch messages (the rest counted), every text kept is cut (method, ids, error message,
// the summaries), and the params and result stay in the parsed document (implicitly shared, not
// copied) for a reader that wants a member of them.
struct McpMessage
{
    enum class Kind {
        Request, // method and id: the other side owes a response
        Notification, // method, no id
        Response, // id and result
        ErrorResponse, // id (null when the request could not be read) and error
        Invalid, // JSON, but no JSON-RPC 2.0 message: `invalid` says why
    };
    static constexpr int kMaxBatch = 256;
    static constexpr int kMaxText = 256; // method, id, error message (characters)
    static constexpr int kMaxSummary = 160; // bytes of a summary

    Kind kind = Kind::Invalid;
    // The id as JSON text: a number as its digits (7), a string with its quotes ("a-7"), so that
    // 7 and "7", which JSON-RPC tells apart, differ here too. Empty: none (or null).
    QByteArray id;
    QByteArray method;
    QJsonValue params; // Request and Notification (undefined when absent)
    QJsonValue result; // Response
    qint64 errorCode = 0; // ErrorResponse
    QString errorMessage; // ErrorResponse
    QJsonValue errorData; // ErrorResponse (undefined when absent)
    QString invalid; // Invalid: why, in words

    bool isRequest() const { return kind == Kind::Request; }
    bool isResponse() const { return kind == Kind::Response || kind == Kind::ErrorResponse; }
    static QByteArray kindName(Kind kind); // "request", "notification", "response", ...

    // One message from a parsed JSON object.
    static McpMessage fromObject(const QJsonObject &object);

    struct Decoded
    {
        QList<McpMessage> messages; // at most kMaxBatch
        bool batch = false; // the text was a JSON array
        qint64 dropped = 0; // batch members past kMaxBatch, counted only
        QString error; // the text is no JSON object or array: why (messages empty)
    };
    // A message or a batch (a JSON array of messages, as MCP 2025-03-26 allows) from JSON text.
    static Decoded decode(QByteArrayView json);

    // A JSON value in at most kMaxSummary bytes: an object as its members with their values cut
    // short ({"content":[2],"isError":false}), an array as its length ([3]), a string cut.
    static QByteArray summarise(const QJsonValue &value);
};
