// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockresponder.h"

#include "mcppreset.h"
#include "providerpreset.h"

#include "http/httprequestreader.h"
#include "http/httpstatus.h"
#include "util/version.h"

#include <QDateTime>
#include <QLocale>

namespace {

constexpr QByteArrayView AllowedMethods = "GET, POST, HEAD, OPTIONS";

// RFC 9110 IMF-fixdate, in English whatever the locale.
QByteArray httpDate()
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(),
                  QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
        .toLatin1();
}

MockResponder::Decision answerWith(int status, const QByteArray &message,
                                   const QByteArray &headers = {})
{
    MockResponder::Decision decision;
    decision.kind = MockResponder::Decision::Kind::Answer;
    decision.status = status;
    decision.message = message;
    decision.headers = headers;
    return decision;
}

} // namespace

MockResponder::MockResponder(const MockServerOptions *options)
    : m_options(options)
{ }

MockResponder::Decision MockResponder::decide(const HttpRequestReader &request, int streams,
                                              const ProviderPreset *preset,
                                              const McpPreset *mcp) const
{
    if (request.hasError())
        return answerWith(request.errorStatus(), request.errorMessage());
    if (mcp)
        return decideMcp(request, streams, *mcp);
    if (preset)
        return decidePreset(request, streams, *preset);
    const QByteArray method = request.method();
    if (request.path() != m_options->path)
        return answerWith(404, "not found: the event stream is at " + m_options->path);
    const QByteArray allow = "Allow: " + AllowedMethods.toByteArray() + "\r\n";
    if (method != "GET" && method != "POST" && method != "HEAD" && method != "OPTIONS")
        return answerWith(405, "method not allowed: the event stream answers GET and POST", allow);
    if (method == "OPTIONS") {
        QByteArray headers = allow;
        if (m_options->cors) {
            headers += "Access-Control-Allow-Methods: " + AllowedMethods.toByteArray()
                + "\r\nAccess-Control-Allow-Headers: Last-Event-ID, Content-Type, "
                  "Authorization, Cache-Control\r\n"
                  "Access-Control-Max-Age: 600\r\n";
        }
        return answerWith(204, {}, headers);
    }
    QByteArray refusal;
    if (const int status = bodyRefusal(request, &refusal))
        return answerWith(status, refusal);
    const qint64 bodyBytes = qMax<qint64>(0, request.contentLength());
    Decision decision;
    if (method == "HEAD") {
        // The stream's head and no body: what a GET would get, without holding a stream.
        decision.kind = Decision::Kind::Head;
        return decision;
    }
    if (streams >= m_options->maxClients) {
        return answerWith(503, tooManyClients(), retryAfter());
    }
    decision.bodyBytes = bodyBytes;
    return decision;
}

QByteArray MockResponder::tooManyClients() const
{
    return "too many clients (" + QByteArray::number(m_options->maxClients) + "): try again later";
}

QByteArray MockResponder::retryAfter()
{
    return "Retry-After: " + QByteArray::number(RetryAfterSeconds) + "\r\n";
}

int MockResponder::bodyRefusal(const HttpRequestReader &request, QByteArray *message) const
{
    if (request.hasTransferEncoding()) {
        *message = "chunked (Transfer-Encoding) request bodies are not supported: send a "
                   "Content-Length";
        return 411;
    }
    if (request.contentLength() > m_options->maxRequestBodyBytes) {
        *message = "request body larger than " + QByteArray::number(m_options->maxRequestBodyBytes)
            + " bytes";
        return 413;
    }
    return 0;
}

MockResponder::Decision MockResponder::decidePreset(const HttpRequestReader &request, int streams,
                                                    const ProviderPreset &preset) const
{
    const auto error = [&preset](int status, const QByteArray &message,
                                 const QByteArray &headers = {}) {
        Decision decision = answerWith(status, preset.errorBody(status, message), headers);
        decision.json = true;
        return decision;
    };
    const QByteArray method = request.method();
    ProviderPreset::Request scratch;
    if (!preset.matchesPath(request.target(), &scratch)) {
        return error(404,
                     "no such endpoint: " + request.target() + " (the " + preset.name()
                         + " preset answers POST " + preset.primaryPath() + ')');
    }
    const QByteArray allow = "Allow: POST, OPTIONS\r\n";
    if (method == "OPTIONS") {
        QByteArray headers = allow;
        if (m_options->cors) {
            headers += "Access-Control-Allow-Methods: POST, OPTIONS\r\n"
                       "Access-Control-Allow-Headers: Content-Type, Authorization, x-api-key, "
                       "anthropic-version, x-goog-api-key\r\n"
                       "Access-Control-Max-Age: 600\r\n";
        }
        return answerWith(204, {}, headers);
    }
    if (method != "POST")
        return error(405, "method " + method + " not allowed: use POST", allow);
    QByteArray refusal;
    if (const int status = bodyRefusal(request, &refusal))
        return error(status, refusal);
    const qint64 bodyBytes = qMax<qint64>(0, request.contentLength());
    if (streams >= m_options->maxClients) {
        return error(503, tooManyClients(), retryAfter());
    }
    Decision decision;
    decision.bodyBytes = bodyBytes;
    return decision;
}

MockResponder::Decision MockResponder::decideMcp(const HttpRequestReader &request, int streams,
                                                 const McpPreset &mcp) const
{
    const auto error = [](int status, const QByteArray &message, const QByteArray &headers = {}) {
        Decision decision = answerWith(status, McpPreset::errorBody(status, message), headers);
        decision.json = true;
        return decision;
    };
    const QByteArray method = request.method();
    if (!mcp.matchesPath(request.path())) {
        return error(
            404, "Not Found: " + request.target() + " (the MCP endpoint is " + mcp.path() + ')');
    }
    const QByteArray allow = "Allow: GET, POST, DELETE, OPTIONS\r\n";
    if (method == "OPTIONS") {
        QByteArray headers = allow;
        if (m_options->cors) {
            headers += "Access-Control-Allow-Methods: GET, POST, DELETE, OPTIONS\r\n"
                       "Access-Control-Allow-Headers: Content-Type, Accept, Authorization, "
                       "Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID\r\n"
                       "Access-Control-Expose-Headers: Mcp-Session-Id\r\n"
                       "Access-Control-Max-Age: 600\r\n";
        }
        return answerWith(204, {}, headers);
    }
    if (method != "POST" && method != "GET" && method != "DELETE")
        return error(405, "Method Not Allowed: " + method + " (use POST, GET or DELETE)", allow);
    QByteArray refusal;
    if (const int status = bodyRefusal(request, &refusal))
        return error(status, refusal);
    const qint64 bodyBytes = qMax<qint64>(0, request.contentLength());
    // Every answer but a DELETE's may be a stream (the preset says which).
    if (method != "DELETE" && streams >= m_options->maxClients) {
        return error(503, tooManyClients(), retryAfter());
    }
    Decision decision;
    decision.bodyBytes = bodyBytes;
    return decision;
}

QByteArray MockResponder::emptyAnswer(int status, const QByteArray &extraHeaders) const
{
    return HttpStatus::statusLine(status) + commonHeaders() + extraHeaders
        + (status == 204 ? QByteArray() : QByteArrayLiteral("Content-Length: 0\r\n"))
        + "Connection: close\r\n\r\n";
}

QByteArray MockResponder::jsonAnswer(int status, const QByteArray &body,
                                     const QByteArray &extraHeaders, bool headRequest) const
{
    QByteArray out = HttpStatus::statusLine(status) + commonHeaders() + extraHeaders
        + "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n";
    if (!headRequest)
        out += body;
    return out;
}

QByteArray MockResponder::answer(int status, const QByteArray &message,
                                 const QByteArray &extraHeaders, bool headRequest) const
{
    return HttpStatus::textResponse(status, commonHeaders() + extraHeaders, message + '\n',
                                    headRequest);
}

QByteArray MockResponder::streamHead(const std::optional<QByteArray> &contentType, bool gzip,
                                     const QByteArray &extraHeaders) const
{
    QByteArray head = HttpStatus::statusLine(200);
    if (!contentType)
        head += "Content-Type: text/event-stream; charset=utf-8\r\n";
    else if (!contentType->isEmpty())
        head += "Content-Type: " + *contentType + "\r\n";
    if (gzip)
        head += "Content-Encoding: gzip\r\n";
    return head
        + "Cache-Control: no-cache\r\n"
          // The body ends when the connection does: no Content-Length, no chunking.
          "Connection: close\r\n"
          // Asks nginx-like reverse proxies not to hold events back.
          "X-Accel-Buffering: no\r\n"
        + extraHeaders + commonHeaders() + "\r\n";
}

QString MockResponder::answeredReason(int status)
{
    return QStringLiteral("answered %1 %2")
        .arg(status)
        .arg(QString::fromLatin1(HttpStatus::reasonPhrase(status)));
}

QByteArray MockResponder::commonHeaders() const
{
    QByteArray headers =
        QByteArray("Server: ssemon/") + Version::number() + "\r\nDate: " + httpDate() + "\r\n";
    if (m_options->cors)
        headers += "Access-Control-Allow-Origin: *\r\n";
    return headers;
}
