// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "checkexpectation.h"
#include "checkfile.h"
#include "checkresult.h"

#include "client/sseclient.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <deque>
#include <memory>

class McpSession;
class MockServer;
class TapProxy;
class QNetworkAccessManager;
class QNetworkReply;

// Runs a check file: its steps one after the other, each on one stream. A stream starts with
// the first step that names it (its request resolved with the values known then) and runs
// until the check ends: an SseClient, on the URL or on the embedded mock server started for it.
// A step runs its trigger, then checks its expectations on the records its stream delivers
// that are stamped inside its window (from its start, or the end of its pause, for `within`);
// it ends as soon as every expectation is decided, or when the window ends. Each decision is
// reported by resultReady() at once; finished() follows the last.
class CheckRunner : public QObject
{
    Q_OBJECT
public:
    // Records stamped inside a window may be delivered a little after it: the window's end is
    // judged this much later (by the records' own times).
    static constexpr qint64 kDeliveryGraceMs = 150;
    // The records kept per stream for the evidence of a failure: more than a result shows,
    // since records keep coming while a window's end waits out kDeliveryGraceMs, and only
    // those up to the decision are shown.
    static constexpr int kEvidenceRecords = 32;
    // At the end, the MCP sessions the runner initialized on a server of its own choosing (not
    // its embedded mock's) are ended with DELETE, as a client done with one should; finished()
    // waits this long at most for the answers.
    static constexpr qint64 kSessionEndMs = 2000;

    explicit CheckRunner(CheckFile file, QObject *parent = nullptr);
    ~CheckRunner() override;

    // Checks stream `stream` (an index into file().streams) on `client`, a stream the runner did
    // not start (a GUI tab's own): the file's url, mock or tap and request for that stream are
    // not used, and the runner never opens, closes or deletes the client. When the first step
    // on it begins, attachedStreamStarting() lets its owner connect it if it is not streaming;
    // a live stream is checked as it stands. A fault or scenario trigger on it acts on `host`
    // (the mock server it streams from) when given, and is an error otherwise. Before start().
    void attach(int stream, SseClient *client, MockServer *host = nullptr);

    const CheckFile &file() const { return m_file; }
    QList<CheckResult> results() const { return m_results; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    QDateTime startedUtc() const { return m_startedUtc; } // invalid before start()

public Q_SLOTS:
    void start();
    // Stops at once: what is undecided is reported as an error with `reason`, the steps not
    // reached as skipped ("not run: `reason` before this step").
    void abort(const QString &reason);

Q_SIGNALS:
    void resultReady(const CheckResult &result);
    void finished();
    // A step began: its expectations are being checked (CheckFile::steps index).
    void stepStarted(int step);
    // The first step on an attached stream begins: its owner connects it now if it is not
    // streaming (the check waits for its records from here on).
    void attachedStreamStarting(int stream);

private:
    struct StreamRun
    {
        std::unique_ptr<MockServer> mock;
        std::unique_ptr<TapProxy> tap;
        std::unique_ptr<McpSession> mcp; // CheckStream::mcpSession: initialized first
        std::unique_ptr<SseClient> client;
        QPointer<SseClient> attached; // attach(): not ours
        QPointer<MockServer> host; // attach()'s: faults and scenarios act on it
        bool started = false;
        QString failure; // the stream failed for good: why
        ClientState state = ClientState::Idle;
        int conn = 0;
        SseClientStats stats;
        // The last kEvidenceRecords records, as lines, with the time each was stamped.
        std::deque<QPair<qint64, QString>> evidence;
    };

    void runStep();
    void endSessions(); // DELETE the sessions still open, then finished()
    // The running step's expectations, prepared with the values known now (those that need a
    // missing value are decided as skipped).
    void prepareChecks(qint64 nowNs);
    bool startStream(int index, const QHash<QString, QString> &values, QStringList *missing,
                     QString *error);
    // The stream's client, on `options` (resolved), or its MCP session first.
    void openClient(int index, const SseClientOptions &options);
    void startMcpSession(int index, const SseClientOptions &options);
    // The stream failed for good before its client opened (its MCP initialize).
    void streamFailed(int index, const QString &why);
    void startAttached(int index);
    void openWindow();
    void sendHttp(const CheckTrigger &trigger);
    void httpFinished();
    void onBatch(int stream, const ClientBatch &batch);
    void onStreamFinished(int stream, ClientState state);
    void onTimer();
    void settle(); // ends the step when everything is decided
    void reportDecided();
    void endStep();
    // The step cannot be checked: its undecided expectations get `status` with `message`; a
    // step with a trigger alone reports its trigger so.
    void failStep(const QString &message, CheckResult::Status status = CheckResult::Status::Error);
    void report(int index, CheckResult::Status status, const QString &message,
                const QStringList &extraEvidence, qint64 decidedNs);
    QString recordLine(const ClientRecord &record) const;
    qint64 sinceStartMs(qint64 ns) const { return (ns - m_originNs) / 1000000; }

    CheckFile m_file;
    QHash<int, QPair<QPointer<SseClient>, QPointer<MockServer>>> m_attachments;
    QList<StreamRun *> m_streams;
    QHash<QString, QString> m_values; // vars and captures so far
    QList<CheckResult> m_results;
    QElapsedTimer m_clock;
    QDateTime m_startedUtc;
    qint64 m_originNs = 0;

    // The running step.
    int m_step = -1;
    QList<CheckExpectation> m_checks;
    QList<bool> m_reported;
    QList<int> m_checkIndex; // index into the step's expectations
    bool m_windowOpen = false;
    qint64 m_windowStartNs = 0;
    qint64 m_windowEndNs = 0;
    QTimer m_timer; // the window's end and the expectations' deadlines
    QTimer m_pause;
    QNetworkAccessManager *m_network = nullptr;
    QPointer<QNetworkReply> m_reply;
    bool m_triggerReported = false;
    bool m_finished = false;
    int m_sessionsEnding = 0; // DELETEs not answered yet
};
