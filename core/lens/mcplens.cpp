// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mcplens.h"

#include "lenscontext.h"
#include "lensjson.h"
#include "lensstate.h"
#include "mcpmessage.h"

#include <QJsonArray>

using namespace LensJson;

namespace {

constexpr qsizetype kMaxKept = 256; // an id, a URL, a name: short

QByteArray kept(const QByteArray &text)
{
    return text.left(kMaxKept);
}

bool isJsonRpcBody(const QByteArray &body)
{
    // Cheap first: the recognisers run for every stream.
    if (!body.contains("\"jsonrpc\""))
        return false;
    const McpMessage::Decoded d = McpMessage::decode(body);
    for (const McpMessage &m : d.messages) {
        if (m.kind != McpMessage::Kind::Invalid)
            return true;
    }
    return false;
}

// An event id as `<stream part><separator><number>` ("s1/17", "abc-3", "42"): the stream part
// (empty for a bare number) and the number. False when it does not end in a number.
bool splitEventId(const QByteArray &id, QByteArray *stream, qint64 *number)
{
    qsizetype digits = id.size();
    while (digits > 0 && id.at(digits - 1) >= '0' && id.at(digits - 1) <= '9')
        --digits;
    if (digits == id.size() || id.size() - digits > 18)
        return false;
    *stream = id.left(digits);
    *number = id.mid(digits).toLongLong();
    return true;
}

// The text content of a tools/call result, its items joined by line ends.
QString toolText(const QJsonObject &result)
{
    QStringList texts;
    for (const QJsonValue &item : array(result, QLatin1String("content"))) {
        const QJsonObject o = item.toObject();
        if (string(o, QLatin1String("type")) == QLatin1String("text"))
            texts.append(string(o, QLatin1String("text")));
    }
    return texts.join(QLatin1Char('\n'));
}

QString label(const LensRpc &rpc)
{
    QString text = QStringLiteral("id ") + QString::fromUtf8(rpc.id);
    if (!rpc.method.isEmpty())
        text += QStringLiteral(" (") + QString::fromUtf8(rpc.method) + QLatin1Char(')');
    return text;
}

} // namespace

bool McpLens::matchesUrl(const LensContext &context)
{
    const QByteArray path = context.path();
    return path.endsWith("/mcp") || path.endsWith("/mcp/");
}

bool McpLens::matchesHeaders(const LensContext &context)
{
    return !context.requestHeader("mcp-protocol-version").isEmpty()
        || !context.requestHeader("mcp-session-id").isEmpty()
        || !context.responseHeader("mcp-session-id").isEmpty()
        || isJsonRpcBody(context.requestBody);
}

bool McpLens::matchesEvent(const LensEvent &event)
{
    if (event.event && event.event->type == "endpoint" && event.number == 1)
        return true;
    return event.isJson
        && event.json.value(QLatin1String("jsonrpc")).toString() == QLatin1String("2.0");
}

bool McpLens::answersAsJson(const LensContext &context)
{
    const QByteArray accept = context.requestHeader("accept").toLower();
    return context.method == "POST" && accept.contains("application/json")
        && accept.contains("text/event-stream") && isJsonRpcBody(context.requestBody);
}

void McpLens::begin(const LensContext &context, LensState &state)
{
    LensMcp &mcp = state.mcp();
    mcp.transport = QByteArrayLiteral("streamable-http");
    const QByteArray lastEventId = context.requestHeader("last-event-id");
    if (context.method == "POST") {
        m_stream = Stream::Post;
        mcp.stream = QByteArrayLiteral("post");
    } else if (!lastEventId.isEmpty()) {
        m_stream = Stream::Resume;
        mcp.stream = QByteArrayLiteral("resume");
        mcp.resumeFrom = kept(lastEventId);
    } else {
        m_stream = Stream::Get;
        mcp.stream = QByteArrayLiteral("get");
    }
    mcp.protocolVersion = kept(context.requestHeader("mcp-protocol-version"));

    if (m_stream == Stream::Post) {
        const McpMessage::Decoded body = McpMessage::decode(context.requestBody);
        if (!body.error.isEmpty()) {
            state.problem(LensProblem::Code::InvalidMessage,
                          QStringLiteral("the request body is no JSON-RPC: %1").arg(body.error));
        }
        for (const McpMessage &m : body.messages) {
            if (m.kind == McpMessage::Kind::Invalid) {
                state.problem(LensProblem::Code::InvalidMessage,
                              QStringLiteral("the request body: %1").arg(m.invalid));
                continue;
            }
            if (!m.isRequest())
                continue; // the client's notifications and responses are answered by nothing
            ++mcp.requests;
            if (m_asked.contains(m.id)) {
                state.problem(LensProblem::Code::Unexpected,
                              QStringLiteral("the request body uses id %1 twice")
                                  .arg(QString::fromUtf8(m.id)));
                continue;
            }
            if (m.method == "initialize") {
                m_initialize = true;
                const QString asked = string(m.params.toObject(), QLatin1String("protocolVersion"));
                if (mcp.protocolVersion.isEmpty())
                    mcp.protocolVersion = kept(asked.toUtf8());
            }
            LensRpc rpc;
            rpc.id = m.id;
            rpc.method = m.method;
            const QJsonObject params = m.params.toObject();
            if (m.method == "tools/call" || m.method == "prompts/get")
                rpc.target = kept(string(params, QLatin1String("name")).toUtf8());
            else if (m.method == "resources/read")
                rpc.target = kept(string(params, QLatin1String("uri")).toUtf8());
            const int index = state.addRpc(rpc);
            if (index >= 0) {
                m_asked.insert(m.id, index);
                ++m_pending;
            }
        }
    }
    checkSession(context, state);
}

void McpLens::checkSession(const LensContext &context, LensState &state)
{
    LensMcp &mcp = state.mcp();
    const QByteArray sent = context.requestHeader("mcp-session-id");
    const QByteArray given = context.responseHeader("mcp-session-id");
    mcp.sessionId = kept(given.isEmpty() ? sent : given);
    for (const char c : mcp.sessionId) {
        if (c < 0x21 || c > 0x7E) {
            state.problem(LensProblem::Code::SessionHeader,
                          QStringLiteral("the Mcp-Session-Id holds characters other than visible "
                                         "ASCII, which the specification forbids"));
            break;
        }
    }
    if (m_initialize && given.isEmpty()) {
        state.problem(LensProblem::Code::SessionHeader,
                      QStringLiteral("the initialize response has no Mcp-Session-Id header: the "
                                     "server keeps no session (allowed) or lost the header"));
    } else if (!sent.isEmpty() && !given.isEmpty() && sent != given) {
        state.problem(LensProblem::Code::SessionHeader,
                      QStringLiteral("the response's Mcp-Session-Id %1 is not the request's %2")
                          .arg(QString::fromUtf8(kept(given)), QString::fromUtf8(kept(sent))));
    } else if (!m_initialize && m_stream == Stream::Post && sent.isEmpty() && !given.isEmpty()) {
        state.problem(LensProblem::Code::SessionHeader,
                      QStringLiteral("the request carried no Mcp-Session-Id, yet the server "
                                     "answered in session %1 (after initialize a client must "
                                     "send it)")
                          .arg(QString::fromUtf8(kept(given))));
    }
}

void McpLens::event(const LensEvent &event, LensState &state)
{
    LensMcp &mcp = state.mcp();
    const SseEvent &e = *event.event;
    if (e.idInBlock)
        mcp.lastEventId = kept(e.id);
    if (e.type == "endpoint") {
        // HTTP+SSE (2024-11-05): the first event names where the client posts its messages.
        if (event.number == 1 && m_stream != Stream::Post) {
            m_stream = Stream::Legacy;
            mcp.transport = QByteArrayLiteral("http+sse");
            mcp.stream = QByteArrayLiteral("legacy");
            mcp.endpoint = kept(e.data);
        } else {
            state.problem(LensProblem::Code::Unexpected,
                          QStringLiteral("event %1: an endpoint event, which only opens an "
                                         "HTTP+SSE GET stream")
                              .arg(event.number));
        }
        return;
    }
    if (m_stream == Stream::Resume && e.idInBlock && !m_resumeChecked)
        checkResume(event, state);
    if (e.data.isEmpty()) {
        // Priming (2025-11-25): an id and empty data, so that the client can resume from it.
        if (e.idInBlock)
            ++mcp.primingEvents;
        return;
    }
    if (m_done) {
        state.problem(LensProblem::Code::AfterEnd,
                      QStringLiteral("event %1 after the last response of the POST's stream (the "
                                     "server should close it there)")
                          .arg(event.number));
    }
    if (event.isJson) {
        message(McpMessage::fromObject(event.json), event, state);
    } else {
        const McpMessage::Decoded d = McpMessage::decode(e.data);
        if (!d.error.isEmpty()) {
            state.problem(LensProblem::Code::NotJson,
                          QStringLiteral("event %1: the data is not JSON-RPC (%2): %3")
                              .arg(event.number)
                              .arg(d.error, event.preview()));
            return;
        }
        if (d.dropped > 0) {
            state.problem(LensProblem::Code::TooManyRpcs,
                          QStringLiteral("event %1: a batch of more than %2 messages: the rest is "
                                         "not read")
                              .arg(event.number)
                              .arg(McpMessage::kMaxBatch));
        }
        for (const McpMessage &m : d.messages)
            message(m, event, state);
    }
    if (m_stream == Stream::Post && m_pending == 0 && mcp.requests > 0 && !m_done) {
        m_done = true;
        state.markTerminal();
    }
}

void McpLens::message(const McpMessage &m, const LensEvent &event, LensState &state)
{
    LensMcp &mcp = state.mcp();
    ++mcp.messages;
    switch (m.kind) {
    case McpMessage::Kind::Invalid:
        state.problem(LensProblem::Code::InvalidMessage,
                      QStringLiteral("event %1: not a JSON-RPC 2.0 message: %2")
                          .arg(event.number)
                          .arg(m.invalid));
        return;
    case McpMessage::Kind::Request:
        // sampling/createMessage, elicitation/create, roots/list, ping: the client answers
        // them in a POST of its own, which this stream does not see.
        mcp.serverRequests.add(m.method);
        return;
    case McpMessage::Kind::Notification:
        mcp.notifications.add(m.method);
        return;
    case McpMessage::Kind::Response:
    case McpMessage::Kind::ErrorResponse:
        response(m, event, state);
        return;
    }
}

void McpLens::response(const McpMessage &m, const LensEvent &event, LensState &state)
{
    LensMcp &mcp = state.mcp();
    const bool isError = m.kind == McpMessage::Kind::ErrorResponse;
    ++mcp.responses;
    if (isError)
        ++mcp.errors;
    int index = m_asked.value(m.id, -1);
    if (index < 0) {
        if (m_stream == Stream::Post || m_stream == Stream::Get) {
            state.problem(LensProblem::Code::UnknownResponse,
                          m_stream == Stream::Post
                              ? QStringLiteral("event %1: a response for id %2, which the POST "
                                               "did not ask")
                                    .arg(event.number)
                                    .arg(QString::fromUtf8(m.id))
                              : QStringLiteral("event %1: a response (id %2) on a GET stream, "
                                               "which carries none unless it resumes one")
                                    .arg(event.number)
                                    .arg(QString::fromUtf8(m.id)));
        }
        // A legacy stream or a resume answers requests made elsewhere: kept, method unknown.
        LensRpc rpc;
        rpc.id = m.id;
        index = state.addRpc(rpc);
        if (index < 0)
            return;
    } else if (state.facts().mcp.rpcs.at(index).state != LensRpc::State::Pending) {
        state.problem(LensProblem::Code::Unexpected,
                      QStringLiteral("event %1: a second response for %2")
                          .arg(event.number)
                          .arg(label(state.facts().mcp.rpcs.at(index))));
        return;
    } else {
        --m_pending;
    }
    LensRpc &rpc = mcp.rpcs[index];
    rpc.state = isError ? LensRpc::State::Error : LensRpc::State::Result;
    rpc.event = event.number;
    rpc.atNs = event.atNs;
    if (m_asked.contains(m.id))
        rpc.latencyNs = event.atNs;
    if (isError) {
        rpc.errorCode = m.errorCode;
        rpc.errorMessage = m.errorMessage;
        rpc.summary = McpMessage::summarise(m.errorData);
    } else {
        rpc.summary = McpMessage::summarise(m.result);
        const QJsonObject result = m.result.toObject();
        if (rpc.method == "initialize")
            initialized(result, state);
        if (rpc.method == "tools/call") {
            rpc.toolError = result.value(QLatin1String("isError")).toBool();
            const QString text = toolText(result);
            state.appendText(LensBlock::Kind::Text, 0, index, 0, text);
            state.mcp().rpcs[index].textBlock = state.findBlock(LensBlock::Kind::Text, 0, index);
        }
    }
    state.rpcAnswered(index);
    if (isError) {
        const LensRpc &r = state.facts().mcp.rpcs.at(index);
        state.problem(
            LensProblem::Code::RpcError,
            QStringLiteral("%1: error %2: %3").arg(label(r)).arg(r.errorCode).arg(r.errorMessage));
    }
}

void McpLens::initialized(const QJsonObject &result, LensState &state)
{
    LensMcp &mcp = state.mcp();
    const QString version = string(result, QLatin1String("protocolVersion"));
    if (!version.isEmpty())
        mcp.protocolVersion = kept(version.toUtf8());
    const QJsonObject info = object(result, QLatin1String("serverInfo"));
    mcp.serverName = kept(string(info, QLatin1String("name")).toUtf8());
    mcp.serverVersion = kept(string(info, QLatin1String("version")).toUtf8());
    mcp.capabilities =
        kept(object(result, QLatin1String("capabilities")).keys().join(QLatin1Char(',')).toUtf8());
}

void McpLens::checkResume(const LensEvent &event, LensState &state)
{
    m_resumeChecked = true;
    const QByteArray &from = state.facts().mcp.resumeFrom;
    const QByteArray &first = event.event->id;
    QByteArray fromStream;
    QByteArray firstStream;
    qint64 fromNumber = 0;
    qint64 firstNumber = 0;
    if (first == from) {
        state.problem(LensProblem::Code::ResumeReplay,
                      QStringLiteral("the resume from Last-Event-ID %1 replays that event again")
                          .arg(QString::fromUtf8(from)));
        return;
    }
    // Only ids shaped `<stream><number>` tell their stream; any other id tells nothing.
    if (!splitEventId(from, &fromStream, &fromNumber)
        || !splitEventId(first, &firstStream, &firstNumber))
        return;
    if (fromStream != firstStream) {
        state.problem(LensProblem::Code::ResumeReplay,
                      QStringLiteral("the resume from Last-Event-ID %1 replays event %2, of "
                                     "another stream (a server must replay only the stream "
                                     "that was cut)")
                          .arg(QString::fromUtf8(from), QString::fromUtf8(kept(first))));
    } else if (firstNumber <= fromNumber) {
        state.problem(LensProblem::Code::ResumeReplay,
                      QStringLiteral("the resume from Last-Event-ID %1 replays event %2, which "
                                     "came before it")
                          .arg(QString::fromUtf8(from), QString::fromUtf8(kept(first))));
    }
}

void McpLens::finish(LensState &state)
{
    const LensMcp &mcp = state.facts().mcp;
    if (m_stream != Stream::Post || m_pending <= 0 || state.stopped())
        return;
    QStringList ids;
    for (const LensRpc &rpc : mcp.rpcs) {
        if (rpc.state == LensRpc::State::Pending && ids.size() < 8)
            ids.append(label(rpc));
    }
    if (!mcp.lastEventId.isEmpty()) {
        // Polling (2025-11-25): the server may close a stream before it answers; the answer
        // comes on a GET resuming from the last event id. Not a fault of this stream.
        return;
    }
    state.problem(LensProblem::Code::NoResponse,
                  QStringLiteral("the stream ended with %1 request(s) unanswered and no event "
                                 "id to resume from: %2")
                      .arg(m_pending)
                      .arg(ids.join(QStringLiteral(", "))));
}
