// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "clientrecord.h"
#include "sseclientoptions.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QStringList>

#include <deque>
#include <memory>

class SseClient;
class SseClientThread;

// Drives one MCP session over Streamable HTTP, a request at a time or several at once: each
// JSON-RPC request is a POST through its own SseClient (so the transport, TLS, proxy and auth
// options of the request it was given apply), accepting an event stream or one application/json
// document (the client's MCP lens reads either as events). Responses are paired with their
// requests by id; the progress and log notifications a request's stream carries are kept with
// it; every request has a latency and, past the timeout, a named "no response".
//
// Session rules (what no single stream can tell): initialize, then notifications/initialized,
// then requests carry Mcp-Session-Id (when the server gave one: a server may be stateless, which
// is a note, not a failure) and MCP-Protocol-Version. A 404 to a request that carried the session
// id means the session is gone: it is said, a new session is initialized once, and the request
// is sent again in it (a second 404 in a row is only reported). end() sends DELETE.
//
// Bounded: at most kMaxCalls requests are kept (the oldest finished ones go first), at most
// kMaxNotifications notifications per request (counted past that), kMaxNotes notes.
class McpSession : public QObject
{
    Q_OBJECT
public:
    enum class State {
        None, // never initialized
        Initializing,
        Ready, // initialized: requests go in the session
        Gone, // the server said 404 for the session
        Ended, // DELETE answered, or the initialize failed
    };
    static QString stateName(State state); // "not initialized", "initializing", ...

    struct Call
    {
        enum class Status {
            Waiting,
            Result, // a JSON-RPC result (or a 2xx answer to a notification or DELETE)
            Error, // a JSON-RPC error response
            NoAnswer, // the timeout passed, or the stream ended without the response
            Failed, // the request failed at the transport (status, network, content type)
        };
        int seq = 0; // this session object's count, from 1: what signals name
        int id = -1; // the JSON-RPC id; -1: a notification or the DELETE
        QByteArray method; // "tools/call", "notifications/initialized", "DELETE"
        QJsonObject params;
        Status status = Status::Waiting;
        QJsonValue result;
        qint64 errorCode = 0;
        QString errorMessage;
        QString problem; // Failed, NoAnswer: in words
        int httpStatus = 0;
        bool jsonAnswer = false; // answered as application/json (else an event stream)
        qint64 startNs = 0;
        qint64 latencyMs = -1; // request sent to response read
        // notifications/progress of this request: the latest values (NaN total: unknown)
        double progress = -1;
        double total = -1;
        QString progressMessage;
        QList<QJsonObject> notifications; // as received on this request's stream, bounded
        qint64 droppedNotifications = 0;
        bool retry = false; // sent again after a 404 and a new initialize

        QString statusText() const; // "waiting", "result in 12 ms", "error -32602: ..."
        // The result's text content blocks joined (a tool's content, a resource's contents, a
        // prompt's messages), else the result as indented JSON.
        QString resultText() const;
    };

    static constexpr int kMaxCalls = 500;
    static constexpr int kMaxNotifications = 1000;
    static constexpr int kMaxNotes = 100;
    static constexpr int kMaxListed = 1000; // tools, resources or prompts kept per list
    static constexpr qint64 kDefaultTimeoutMs = 30000;

    // The clients run on `thread` (null: SseClientThread::shared(), as the GUI tabs' do).
    explicit McpSession(std::shared_ptr<SseClientThread> thread = {}, QObject *parent = nullptr);
    ~McpSession() override;

    // The request the session's POSTs are made from: URL, headers (auth among them), TLS, proxy,
    // transport. Its method, body, Accept, Content-Type, Last-Event-ID and MCP headers are the
    // session's own. Takes effect for the next request.
    void setRequest(const SseClientOptions &options);
    SseClientOptions request() const { return m_base; }
    void setTimeoutMs(qint64 ms) { m_timeoutMs = ms; }
    qint64 timeoutMs() const { return m_timeoutMs; }

    State state() const { return m_state; }
    QByteArray sessionId() const { return m_sessionId; }
    QByteArray protocolVersion() const { return m_protocolVersion; }
    QJsonObject serverInfo() const { return m_serverInfo; }
    QJsonObject capabilities() const { return m_capabilities; }
    QString instructions() const { return m_instructions; }
    // `request` made in the session: Mcp-Session-Id and MCP-Protocol-Version set (the user's
    // own of those replaced); a request other than a GET also gets the Accept (and, with a
    // body, the Content-Type) MCP asks for unless it has its own. The rest as it was.
    SseClientOptions inSession(const SseClientOptions &request) const;
    // `request` made the session's GET stream: method GET, no body, then inSession().
    SseClientOptions listenRequest(const SseClientOptions &request) const;
    // Continues a session opened elsewhere (a tab's own initialize): requests carry its id.
    void adopt(const QByteArray &sessionId, const QByteArray &protocolVersion);

    QJsonArray tools() const { return m_tools; }
    QJsonArray resources() const { return m_resources; }
    QJsonArray prompts() const { return m_prompts; }

    const std::deque<Call> &calls() const { return m_calls; }
    const Call *call(int seq) const; // null: no longer kept
    QStringList notes() const { return m_notes; }

    // Each returns the request's seq (0 when not sent: then noteAdded says why).
    int initialize();
    int listTools();
    int listResources();
    int listPrompts();
    int callTool(const QString &name, const QJsonObject &arguments);
    int readResource(const QString &uri);
    int getPrompt(const QString &name, const QJsonObject &arguments);
    int ping();
    int request(const QByteArray &method, const QJsonObject &params);
    int end(); // DELETE the session

    // Stops every request in flight (they become NoAnswer "cancelled").
    void cancelAll();

    // "a": {"type":"number"} required → "a": 0; strings "", booleans false, arrays [], objects {}.
    static QJsonObject argumentsTemplate(const QJsonObject &inputSchema);
    static QString durationText(qint64 ms); // "30 s", "0.25 s", "12 ms"

Q_SIGNALS:
    void stateChanged(McpSession::State state);
    void callAdded(int seq);
    void callChanged(int seq); // status, progress or notifications
    void callFinished(int seq);
    void listed(const QByteArray &method); // tools/list, resources/list or prompts/list
    void noteAdded(const QString &note);

private:
    struct Flight;
    int send(const QByteArray &method, const QJsonObject &params, bool notification,
             bool retry = false);
    void onBatch(int seq, const ClientBatch &batch);
    void onMessage(Call &call, const QJsonObject &object);
    void finish(Call &call, Call::Status status, const QString &problem = {});
    void afterResult(const Call &call);
    void timeout(int seq);
    void setState(State state);
    void note(const QString &text);
    Call *find(int seq);
    void trim();
    SseClientOptions optionsFor(const QByteArray &method, const QByteArray &body) const;

    std::shared_ptr<SseClientThread> m_thread;
    SseClientOptions m_base;
    qint64 m_timeoutMs = kDefaultTimeoutMs;
    State m_state = State::None;
    QByteArray m_sessionId;
    QByteArray m_protocolVersion;
    QJsonObject m_serverInfo;
    QJsonObject m_capabilities;
    QString m_instructions;
    QJsonArray m_tools;
    QJsonArray m_resources;
    QJsonArray m_prompts;
    std::deque<Call> m_calls;
    std::deque<std::unique_ptr<Flight>> m_flights; // requests in flight
    QStringList m_notes;
    int m_nextSeq = 1;
    int m_nextId = 1;
    // A request that met a 404: sent again once the new session is initialized.
    struct Pending
    {
        QByteArray method;
        QJsonObject params;
    };
    QList<Pending> m_afterInitialize;
    bool m_reinitializing = false;
};

Q_DECLARE_METATYPE(McpSession::State)
