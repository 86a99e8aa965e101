// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "fault.h"
#include "faultreport.h"
#include "faultscheduler.h"
#include "scenario.h"
#include "scenariorunner.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <optional>

class TrafficShaper;

// The fault engine of ssemon: one for the mock server and one for the tap proxy, each of which
// drives it through the Host interface. It decides; its host acts on sockets. It keeps a
// FaultScheduler and a ScenarioRunner on one clock and one timer, the shaping rules in force,
// the response faults armed for the next connections, the drop-mode rotation and the port a
// refuse fault holds closed. Every act is reported by faultFired(), every scenario step by
// scenarioStepRun(); faultRetired() says that a fault left the list faults() returns.
class FaultController : public QObject
{
    Q_OBJECT
public:
    class Host
    {
    public:
        virtual ~Host() = default;
        // Whether the fault can be acted out here; false with the reason.
        virtual bool canActOut(const Fault &fault, QString *error) const
        {
            Q_UNUSED(fault)
            Q_UNUSED(error)
            return true;
        }
        // A connection- or event-scope fault fired: act on `client`, or on every targeted
        // client when 0. `onEvent`: an event fired it and is about to be sent (a close waits
        // for it); with client 0, an event that every stream gets.
        virtual void actOn(int id, const Fault &fault, int client, bool onEvent) = 0;
        // The shaping rules changed: reconfigure the targeted clients' shapers (configure()).
        virtual void shapingChanged(const Fault &fault) = 0;
        // The refuse fault: stop listening and return the port that was closed, 0 when not
        // listening. Connections already accepted stay.
        virtual quint16 closePort() = 0;
        // Listen again on `port`; false while it cannot be had yet (retried shortly).
        virtual bool reopenPort(quint16 port) = 0;
        // A scenario `set` step; returns an error when a setting does not apply here.
        virtual QString applySettings(const Scenario::Step &step) = 0;
        // A fault was scheduled (before it fires): lets the host prepare its streams.
        virtual void faultAdded(const Fault &fault) { Q_UNUSED(fault) }
    };

    // A fault as listed by faults(): scheduled, shaping, or armed for the next connections.
    struct Entry
    {
        enum class State { Scheduled, Shaping, Armed };
        int id = 0;
        Fault fault;
        State state = State::Scheduled;
        int fired = 0; // reports so far
        bool fromScenario = false; // applied by a scenario step, not by hand
        static QString stateName(State state);
    };

    // The response faults for one connection, taken when its request arrives.
    struct ResponsePlan
    {
        std::optional<Fault> answer; // status or redirect: answered at once
        int answerId = 0;
        std::optional<QByteArray> contentType; // empty: no Content-Type at all
        bool gzip = false;
        qint64 slowHeadersMs = 0;
    };

    explicit FaultController(Host *host, QObject *parent = nullptr);

    // Returns the fault's id (> 0), or 0 with the reason. A `now` fault fires before it returns.
    int apply(const Fault &fault, QString *error = nullptr);
    // Whether the host can act the fault out; false with the reason.
    bool canApply(const Fault &fault, QString *error = nullptr) const
    {
        return m_host->canActOut(fault, error);
    }
    bool remove(int id);
    void clear();
    void setSeed(quint32 seed) { m_scheduler.setSeed(seed); }
    QList<Entry> faults() const;
    // Whether any fault was ever applied or a scenario run: the owner may change how it
    // handles streams from then on (the proxy re-frames to act per event).
    bool isEngaged() const { return m_engaged; }
    // Whether a fault that acts on single events (or between them) is scheduled, or may come
    // from the scenario running: streams should be cut into events from now on.
    bool needsEventUnits() const;
    // Per-event faults, injections between events, paused heartbeats, and anything fired by
    // an event count (it acts right after that event).
    static bool actsOnEvents(const Fault &fault);

    void runScenario(const Scenario &scenario);
    void stopScenario();
    bool isScenarioRunning() const { return m_runner.isRunning(); }
    const Scenario &scenario() const { return m_runner.scenario(); }
    int stepsRun() const { return m_stepsRun; }

    // An event is about to go to `client` (0: an event every stream gets, which counts once):
    // event-triggered faults fire on it (eventPassed) and scenario `after` steps become due,
    // to run once it is sent: call eventSent() after the event has been written.
    void eventPassed(int client);
    // eventPassed() in two halves, for a host that batches events: count the event and learn
    // what fires on it, then act (fireOnEvent) once the events before it have been written.
    QList<FaultScheduler::Firing> countEvent(int client);
    void fireOnEvent(const QList<FaultScheduler::Firing> &firings, int client);
    // Scenario steps wait for eventSent().
    bool hasStepsAfterEvent() const { return !m_stepsAfterEvent.isEmpty(); }
    void eventSent();
    bool countsEvents() const { return m_scheduler.hasEventTriggers() || m_runner.countsEvents(); }

    // The shaping rules in force for `client`, set on its shaper.
    void configure(TrafficShaper &shaper, int client) const;
    bool hasShaping() const { return !m_shaping.isEmpty(); }
    bool hasArmedResponses() const { return !m_armed.isEmpty(); }
    ResponsePlan takeResponseFaults(int client);
    // drop with connection modes: the mode this firing uses (they are cycled through).
    Fault::DropMode nextDropMode(int id, const Fault &fault);

    // The port a refuse fault holds closed (0: none); stopping the host ends that.
    quint16 refusedPort() const { return m_refusedPort; }
    void cancelRefuse();

    void report(int id, const Fault &fault, int client, const QString &detail,
                FaultReport::State state = FaultReport::State::Acted);
    qint64 nowMs() const { return m_clock.elapsed(); }
    qint64 faultsFired() const { return m_fired; }

Q_SIGNALS:
    void faultFired(const FaultReport &report);
    // The fault is no longer listed by faults(): it fired for the last time, its shaping
    // ended, its armed responses were used up, or it was removed or cleared.
    void faultRetired(int id);
    // A fault was applied (by hand or by a scenario step) and is listed.
    void faultApplied(int id);
    void scenarioStepRun(const QString &label, const QString &text, const QString &error);
    void scenarioFinished(const QString &name);

private:
    struct Shaping
    {
        int id;
        Fault fault;
        qint64 untilMs; // -1: until removed
    };
    struct Armed
    {
        int id;
        Fault fault;
        int remaining; // 0: until removed
    };
    void schedule();
    void runDue();
    void runSteps(const QList<int> &steps);
    void fire(const FaultScheduler::Firing &firing, int client, bool onEvent);
    void endShaping(qsizetype index, const QString &detail);
    void refuse(int id, const Fault &fault);
    void reopen();
    void retire(int id);
    bool isListed(int id) const;

    Host *m_host;
    FaultScheduler m_scheduler;
    ScenarioRunner m_runner;
    QElapsedTimer m_clock;
    QTimer m_timer;
    QList<Shaping> m_shaping;
    QList<Armed> m_armed;
    QHash<int, int> m_dropRotation;
    QHash<int, int> m_reports; // per listed fault
    QSet<int> m_fromScenario;
    QList<int> m_stepsAfterEvent;
    bool m_engaged = false;
    bool m_inScenarioStep = false;
    int m_stepsRun = 0;
    qint64 m_fired = 0;
    QTimer m_refuseTimer;
    quint16 m_refusedPort = 0;
    int m_refuseId = 0;
    Fault m_refuseFault;
};
