// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mcpmessage.h"

#include "lensjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <climits>
#include <cmath>

namespace {

// A string for a summary: quoted, at most `chars` characters of it.
QByteArray shortString(const QString &text, int chars)
{
    if (text.size() <= chars)
        return LensJson::compact(QJsonValue(text));
    return LensJson::compact(QJsonValue(text.left(chars) + QStringLiteral("...")));
}

QByteArray shortValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return value.toObject().isEmpty() ? QByteArrayLiteral("{}") : QByteArrayLiteral("{..}");
    case QJsonValue::Array:
        return '[' + QByteArray::number(value.toArray().size()) + ']';
    case QJsonValue::String:
        return shortString(value.toString(), 40);
    case QJsonValue::Undefined:
        return QByteArray();
    case QJsonValue::Null:
    case QJsonValue::Bool:
    case QJsonValue::Double:
        break;
    }
    return LensJson::compact(value);
}

// Cut at a UTF-8 character boundary.
QByteArray cut(const QByteArray &text, qsizetype bytes)
{
    if (text.size() <= bytes)
        return text;
    qsizetype at = bytes - 3;
    while (at > 0 && (uchar(text.at(at)) & 0xC0) == 0x80)
        --at;
    return text.left(at) + "...";
}

// JSON-RPC: an id is a string or a number (MCP: a whole number). False for anything else.
bool readId(const QJsonValue &value, QByteArray *id)
{
    if (value.isString()) {
        *id = LensJson::compact(QJsonValue(value.toString().left(McpMessage::kMaxText)));
        return true;
    }
    if (!value.isDouble())
        return false;
    const double d = value.toDouble();
    if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 9007199254740992.0)
        return false;
    *id = QByteArray::number(qint64(d));
    return true;
}

McpMessage invalidMessage(const QString &why)
{
    McpMessage m;
    m.kind = McpMessage::Kind::Invalid;
    m.invalid = why;
    return m;
}

} // namespace

QByteArray McpMessage::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Request:
        return QByteArrayLiteral("request");
    case Kind::Notification:
        return QByteArrayLiteral("notification");
    case Kind::Response:
        return QByteArrayLiteral("response");
    case Kind::ErrorResponse:
        return QByteArrayLiteral("error");
    case Kind::Invalid:
        break;
    }
    return QByteArrayLiteral("invalid");
}

McpMessage McpMessage::fromObject(const QJsonObject &object)
{
    if (object.value(QLatin1String("jsonrpc")).toString() != QLatin1String("2.0"))
        return invalidMessage(QStringLiteral("no \"jsonrpc\":\"2.0\" member"));
    McpMessage m;
    const QJsonValue id = object.value(QLatin1String("id"));
    const QJsonValue method = object.value(QLatin1String("method"));
    if (!method.isUndefined()) {
        if (!method.isString())
            return invalidMessage(QStringLiteral("a method that is not a string"));
        m.method = method.toString().left(kMaxText).toUtf8();
        m.params = object.value(QLatin1String("params"));
        if (id.isUndefined()) {
            m.kind = Kind::Notification;
            return m;
        }
        // MCP: a request's id is a string or an integer, never null.
        if (!readId(id, &m.id))
            return invalidMessage(
                QStringLiteral("request \"%1\" with an id that is neither a string "
                               "nor a whole number")
                    .arg(QString::fromUtf8(m.method)));
        m.kind = Kind::Request;
        return m;
    }
    const bool hasResult = object.contains(QLatin1String("result"));
    const bool hasError = object.contains(QLatin1String("error"));
    if (hasResult && hasError)
        return invalidMessage(QStringLiteral("a response with both a result and an error"));
    if (!hasResult && !hasError)
        return invalidMessage(QStringLiteral("neither a method nor a result or an error"));
    if (hasResult) {
        if (!readId(id, &m.id))
            return invalidMessage(
                QStringLiteral("a result whose id is neither a string nor a whole "
                               "number"));
        m.kind = Kind::Response;
        m.result = object.value(QLatin1String("result"));
        return m;
    }
    // JSON-RPC: an error's id is null when the request's id could not be read.
    if (!id.isNull() && !readId(id, &m.id))
        return invalidMessage(
            QStringLiteral("an error whose id is neither a string, a whole number "
                           "nor null"));
    const QJsonObject error = object.value(QLatin1String("error")).toObject();
    const qint64 code = LensJson::integer(error, QLatin1String("code"), LLONG_MIN);
    const QJsonValue message = error.value(QLatin1String("message"));
    if (code == LLONG_MIN || !message.isString())
        return invalidMessage(QStringLiteral("an error without a whole-number code and a message"));
    m.kind = Kind::ErrorResponse;
    m.errorCode = code;
    m.errorMessage = message.toString().left(kMaxText);
    m.errorData = error.value(QLatin1String("data"));
    return m;
}

McpMessage::Decoded McpMessage::decode(QByteArrayView json)
{
    Decoded decoded;
    QJsonParseError error;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromRawData(json.data(), json.size()), &error);
    if (error.error != QJsonParseError::NoError) {
        decoded.error =
            QStringLiteral("not JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset);
        return decoded;
    }
    if (document.isObject()) {
        decoded.messages.append(fromObject(document.object()));
        return decoded;
    }
    if (!document.isArray()) {
        decoded.error = QStringLiteral("JSON that is neither an object nor an array");
        return decoded;
    }
    decoded.batch = true;
    const QJsonArray members = document.array();
    if (members.isEmpty()) {
        // JSON-RPC: an empty batch is an invalid request.
        decoded.messages.append(invalidMessage(QStringLiteral("an empty batch")));
        return decoded;
    }
    for (const QJsonValue &member : members) {
        if (decoded.messages.size() >= kMaxBatch) {
            ++decoded.dropped;
            continue;
        }
        decoded.messages.append(
            member.isObject() ? fromObject(member.toObject())
                              : invalidMessage(QStringLiteral("a batch member that is no object")));
    }
    return decoded;
}

QByteArray McpMessage::summarise(const QJsonValue &value)
{
    if (!value.isObject())
        return cut(shortValue(value), kMaxSummary);
    const QJsonObject object = value.toObject();
    QByteArray out = "{";
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (out.size() > kMaxSummary) {
            out.append(",...");
            break;
        }
        if (out.size() > 1)
            out.append(',');
        out.append(shortString(it.key(), 40));
        out.append(':');
        out.append(shortValue(it.value()));
    }
    out.append('}');
    return cut(out, kMaxSummary);
}
