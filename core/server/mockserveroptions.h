// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QThread>

struct MockServerOptions
{
    enum class HeartbeatForm { Comment, Event, Data };

    QHostAddress host = QHostAddress(QHostAddress::LocalHost); // never leaves loopback unasked
    quint16 port = 0; // 0: any free port
    QByteArray path = QByteArrayLiteral("/events");

    qint64 heartbeatMs = 2000; // 0: no heartbeats
    HeartbeatForm heartbeatForm = HeartbeatForm::Comment; // `:ping <unix-ms>` by default
    qint64 eventMs = 1000; // 0: no periodic events
    bool burst = false; // events as fast as each client reads (ignores eventMs)
    qint64 eventsPerStream = 0; // close each stream after N events; 0: never
    // Placeholders: {{n}} event number, {{t}} unix ms, {{id}} the id, and {{client}}, the number
    // of the client receiving it: the one per-recipient value, so a template that names it
    // gives each client (and each reconnection) different data under the same id. The default
    // names no client: an event id names one event, whoever receives it and however often it
    // is replayed.
    QByteArray payloadTemplate = QByteArrayLiteral(R"({"n":{{n}},"t":{{t}}})");
    QByteArray eventType; // empty: no `event:` field (type "message")
    qint64 retryMs = -1; // >= 0: sent as `retry:` at the start of each stream
    bool ids = true;
    int history = 1000; // events kept to replay after a client's Last-Event-ID; 0: no replay
    bool cors = false; // Access-Control-Allow-Origin: * and preflight answers

    // A provider preset (ProviderPreset::catalogue(): openai-chat, openai-responses,
    // anthropic, gemini): the server answers that API's paths with its streams instead of the
    // event stream above (path, events, payload, ids, replay and heartbeats do not apply).
    // Empty: none.
    QByteArray preset;
    // The answer's text; {{model}}, {{prompt}} (the last user message) and {{client}} are
    // replaced. Cut into word-ish tokens, each a delta of the provider's stream.
    QByteArray presetText = QByteArrayLiteral(
        "Hello! This is the ssemon mock server answering as {{model}}. Each word arrives as a "
        "token, paced like a model that thinks fast.");
    double tokenRate = 20; // tokens a second; 0: the whole answer at once
    qint64 tokenJitterMs = 0; // each gap between tokens varies by up to this, either way

    qsizetype maxClientBufferBytes = qsizetype(1) * 1024 * 1024; // past it the client is dropped
    int maxClients = 10000;
    qsizetype maxRequestHeaderBytes = 16 * 1024; // larger: 431
    qint64 maxRequestBodyBytes = qint64(1) * 1024 * 1024; // a larger POST body: 413 (a preset
                                                          // reads the body; others skip it)
    qint64 requestTimeoutMs = 10000; // a request not complete by then is answered 408

    // I/O threads that hold the client sockets and do their reads and writes (Linux); the
    // logic, events, faults and signals stay on the server's thread. 0: the sockets stay on
    // the server's thread too. -1: defaultThreads().
    int threads = -1;
    static int defaultThreads() { return qBound(1, QThread::idealThreadCount(), 4); }
};
