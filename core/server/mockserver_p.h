// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

// MockServer's private part, shared by its sources (mockserver.cpp, the request flow and the
// fault engine's host; mockservermcp.cpp, the mcp preset's side).

#include "faults/faultcontroller.h"
#include "mcppreset.h"
#include "mockclient.h"
#include "mockconnections.h"
#include "mockeventsource.h"
#include "mocklistener.h"
#include "mockresponder.h"
#include "mockserver.h"
#include "mockstreams.h"
#include "providerpreset.h"

#include <QTimer>

#include <memory>
#include <optional>

class MockServer::Private : public FaultController::Host,
                            public MockConnections::Handler,
                            public MockStreams::Host
{
public:
    explicit Private(MockServer *server);
    ~Private();

    MockServerOptions &options() { return q->m_options; }
    MockServerStats &stats() { return q->m_stats; }

    // MockConnections::Handler: what the connections read, the server answers.
    void headRead(MockClient *client, qint64 leftoverBytes) override
    {
        handleRequest(client, leftoverBytes);
    }
    void bodyRead(MockClient *client) override { bodyComplete(client); }
    void peerShutDown(MockClient *client) override;
    void peerGone(MockClient *client, const QString &reason) override
    {
        finish(client, reason, false);
    }
    void slowReader(MockClient *client) override;
    void drained(MockClient *client) override { streams.fillBurst(client); }
    void requestTimedOut(MockClient *client) override;

    void handleRequest(MockClient *client, qint64 leftoverBytes);
    void bodyComplete(MockClient *client);
    // A preset's request, once its body is read: an error, the whole answer, or its stream.
    void servePreset(MockClient *client);
    // The mcp preset's request, once its body is read (mockservermcp.cpp).
    void serveMcp(MockClient *client);
    // The mcp preset's notifications, on every session's GET stream.
    void tickMcp();
    void restartMcpTimer();
    // The stream; with a preset, its header lines and its answer's events (`preamble` right
    // after the head). `stayOpen`: the events are a start (an MCP GET stream), not the answer.
    void startStream(MockClient *client, const QByteArray &presetHeaders = {},
                     std::optional<QList<ProviderPreset::Frame>> presetFrames = std::nullopt,
                     const QByteArray &preamble = {}, bool stayOpen = false);
    // `json`: the message is a JSON body (a preset's), sent with application/json.
    void answer(MockClient *client, int status, const QByteArray &message,
                const QByteArray &extraHeaders = {}, const QString &reason = {}, bool json = false);
    void logRequest(const MockClient *client, int status);

    bool send(MockClient *client, const QByteArray &bytes, qint64 events, qint64 heartbeats)
    {
        return streams.send(client, bytes, events, heartbeats);
    }
    void restartTimers()
    {
        streams.restartHeartbeats(listener->isListening());
        streams.restartEvents(listener->isListening());
        restartMcpTimer();
    }

    // MockStreams::Host
    void finish(MockClient *client, const QString &reason, bool graceful) override;
    void closeForFault(MockClient *client, Fault::DropMode mode, const QString &what) override;
    void finishAll(const QString &reason);

    // FaultController::Host: the fault engine decides, the server acts.
    bool canActOut(const Fault &fault, QString *error) const override;
    // On client `number`'s stream when a burst stream's own event fired the fault, else on
    // every targeted stream. `onEvent`: an event is about to be sent (closes wait for it).
    void actOn(int id, const Fault &fault, int number, bool onEvent) override;
    void shapingChanged(const Fault &fault) override;
    quint16 closePort() override;
    bool reopenPort(quint16 port) override;
    QString applySettings(const Scenario::Step &step) override;

    class ClientActions;
    void actOnClient(int id, const Fault &fault, MockClient *client, bool onEvent);
    void configureShaper(MockClient *client);
    // Response faults armed for the next connections; true when one answered the request.
    bool answerWithFault(MockClient *client);

    MockServer *q;
    MockResponder responder;
    MockListener *listener;
    std::unique_ptr<MockConnections> connections;
    FaultController *faults;
    MockStreams streams;
    MockEventSource &source;
    // The provider preset of the options (null: the plain event stream); shared with the
    // streams it answers, which keep it when the options change under them.
    std::shared_ptr<const ProviderPreset> preset;
    // The mcp preset (null: another or none): its sessions live as long as the server's
    // options name it; its GET streams' notifications tick at the event interval.
    std::unique_ptr<McpPreset> mcp;
    QTimer mcpTimer;
    // Where the server last listened: with port 0 (any) a restart takes that port again, so
    // that clients of a restarted server find it where it was.
    QHostAddress lastHost;
    quint16 lastPort = 0;
};
