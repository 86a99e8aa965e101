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
#include <QTimer>

#include <optional>

class TrafficShaper;

// The fault catalogue's bookkeeping for a component that serves streams (the tap proxy; the
// mock server keeps an equivalent of its own): a FaultScheduler and a ScenarioRunner on one
// clock and one timer, the shaping rules in force, the response faults armed for the next
// connections, the drop-mode rotation. It decides; its Actor acts on sockets. Every act is
// reported by faultFired(), every scenario step by scenarioStepRun().
class FaultController : public QObject
{
    Q_OBJECT
public:
    class Actor
    {
    public:
        virtual ~Actor() = default;
        // Whether the fault can be acted out here; false with the reason.
        virtual bool canActOut(const Fault &fault, QString *error) const
        {
            Q_UNUSED(fault)
            Q_UNUSED(error)
            return true;
        }
        // A connection- or event-scope fault fired: act on `client`, or on every targeted
        // client when 0. `onEvent`: an event of that client fired it and is about to be sent.
        virtual void actOn(int id, const Fault &fault, int client, bool onEvent) = 0;
        // The shaping rules changed: reconfigure the targeted clients' shapers (configure()).
        virtual void shapingChanged(const Fault &fault) = 0;
        // The refuse fault: close the port for fault.durationMs.
        virtual void refuse(int id, const Fault &fault) = 0;
        // A scenario `set` step; returns an error when a setting does not apply here.
        virtual QString applySettings(const Scenario::Step &step) = 0;
        // A fault was scheduled (before it fires): lets the actor prepare its streams.
        virtual void faultAdded(const Fault &fault) { Q_UNUSED(fault) }
    };

    // A fault as listed by faults(): scheduled, shaping, or armed for the next connections.
    struct Entry
    {
        int id = 0;
        Fault fault;
        QString state; // "scheduled", "shaping", "armed"
    };

    // The response faults for one connection, taken when its request arrives.
    struct ResponsePlan
    {
        std::optional<Fault> answer; // status or redirect: answer at once, no upstream
        int answerId = 0;
        std::optional<QByteArray> contentType; // empty: no Content-Type at all
        bool gzip = false;
        qint64 slowHeadersMs = 0;
    };

    explicit FaultController(Actor *actor, QObject *parent = nullptr);

    // Returns the fault's id (> 0), or 0 with the reason. A `now` fault fires before it returns.
    int apply(const Fault &fault, QString *error = nullptr);
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

    // An event went to `client` (each client's events are its own, as on a burst stream):
    // event-triggered faults fire on it, scenario `after` steps run once it is sent; call
    // eventSent() after the event has been written.
    void eventPassed(int client);
    void eventSent();
    bool countsEvents() const { return m_scheduler.hasEventTriggers() || m_runner.countsEvents(); }

    // The shaping rules in force for `client`, set on its shaper.
    void configure(TrafficShaper &shaper, int client) const;
    ResponsePlan takeResponseFaults(int client);
    // drop with connection modes: the mode this firing uses (they are cycled through).
    Fault::DropMode nextDropMode(int id, const Fault &fault);

    void report(int id, const Fault &fault, int client, const QString &detail);
    qint64 nowMs() const { return m_clock.elapsed(); }
    qint64 faultsFired() const { return m_fired; }

Q_SIGNALS:
    void faultFired(const FaultReport &report);
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

    Actor *m_actor;
    FaultScheduler m_scheduler;
    ScenarioRunner m_runner;
    QElapsedTimer m_clock;
    QTimer m_timer;
    QList<Shaping> m_shaping;
    QList<Armed> m_armed;
    QHash<int, int> m_dropRotation;
    QList<int> m_stepsAfterEvent;
    bool m_engaged = false;
    int m_stepsRun = 0;
    qint64 m_fired = 0;
};
