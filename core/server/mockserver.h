// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "faults/fault.h"
#include "faults/faultcontroller.h"
#include "faults/faultreport.h"
#include "faults/scenario.h"
#include "mockrecords.h"
#include "mockserveroptions.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

// The embedded mock SSE server: a small HTTP/1.1 server on QTcpServer that streams heartbeats
// and events to many clients, replays history after Last-Event-ID and answers what it cannot
// serve with proper HTTP errors.
class MockServer : public QObject
{
    Q_OBJECT
public:
    explicit MockServer(QObject *parent = nullptr);
    ~MockServer() override;

    MockServerOptions options() const { return m_options; }
    // Before start(); while running, only the settings below change.
    void setOptions(const MockServerOptions &options);
    void setHeartbeat(qint64 intervalMs, MockServerOptions::HeartbeatForm form);
    void setEventInterval(qint64 intervalMs);
    void setPayloadTemplate(const QByteArray &payloadTemplate);
    // A preset's answer (its text, tokens a second, jitter in ms), for the requests from now on.
    void setPresetAnswer(const QByteArray &text, double tokenRate, qint64 tokenJitterMs);

    // Binds and listens; false with a message (address in use, permission, ...). With port 0
    // (any), a restart takes the port it had before where that port is still free.
    bool start(QString *errorMessage = nullptr);
    void stop(); // closes every client and the listening socket
    bool isListening() const;
    QHostAddress address() const;
    quint16 port() const;
    QUrl url() const; // http://host:port/path

    // Counters, like the event numbers and the replay history, run on across stop() and
    // start(), so that clients of a restarted server resume where they were.
    MockServerStats stats() const;
    QList<MockClientInfo> clients() const;

    // The fault catalogue, acted out through the fault engine (FaultController) as on the tap
    // proxy. A fault fires by its trigger and acts on the targeted clients; each act is
    // reported by faultFired(). Returns the fault's id (> 0), or 0 with a message when the
    // server cannot act it out. A `now` fault fires before this returns.
    int applyFault(const Fault &fault, QString *errorMessage = nullptr);
    // Whether applyFault() can act the fault out (gzip needs a build with zlib).
    static bool canApply(const Fault &fault, QString *errorMessage = nullptr);
    // Forgets a fault: it fires no more, and its shaping or armed responses end. False when
    // no such fault is listed.
    bool removeFault(int id);
    // Forgets every fault. Stalls, heartbeat pauses, blackholes and a closed port already under
    // way run their course.
    void clearFaults();
    // Seeds the random source of `probability=` triggers, for reproducible runs.
    void setFaultSeed(quint32 seed);
    // The faults scheduled, shaping or armed, by hand or by a scenario.
    QList<FaultController::Entry> faults() const;
    const FaultController &faultController() const;
    FaultController *faultEngine();

    // Runs a scenario's timeline from now (its times and event counts start here), replacing
    // one already running. Faults its steps applied stay after it ends, until cleared.
    void runScenario(const Scenario &scenario);
    void stopScenario();
    bool isScenarioRunning() const;

Q_SIGNALS:
    // Every request, when its answer is decided (errors included, also a 408 on a connection
    // that never completed its request).
    void requestLogged(const MockRequestInfo &info);
    // Once per accepted connection, when the server lets go of it: streams and connections
    // answered with an error alike ("answered 404 Not Found", "request timeout", ...).
    // Not emitted from the destructor (call stop() first to hear about everyone).
    void clientDisconnected(const MockDisconnectInfo &info);
    void clientCountChanged(int clients); // connected SSE streams
    // Accepting stopped on an error (out of file descriptors, typically): once per episode,
    // with the reason. Connected clients are still served; accepting is retried shortly until
    // it works again, which acceptResumed() tells.
    void acceptPaused(const QString &message);
    void acceptResumed();
    void faultFired(const FaultReport &report);
    // A scenario step ran (`label` like "step 3", `text` like "fault rst"); a step whose fault
    // the server cannot act out reports why in `error`.
    void scenarioStepRun(const QString &label, const QString &text, const QString &error);
    void scenarioFinished(const QString &name);

private:
    class Private;
    friend class Private;
    MockServerOptions m_options;
    MockServerStats m_stats;
    Private *d = nullptr;
};
