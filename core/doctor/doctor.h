// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "doctoranalysis.h"
#include "doctorreport.h"
#include "doctorstream.h"

#include "client/sseclientoptions.h"

#include <QObject>

#include <memory>

class QTimer;
class SseClient;
struct ClientBatch;

struct DoctorOptions
{
    static constexpr qint64 kDefaultBudgetMs = 120000;
    static constexpr qint64 kQuickBudgetMs = 20000;

    // The stream's request as `watch` takes it. The doctor asks as a browser would: with
    // Accept-Encoding (compression on) and an Origin, without reconnecting on its own.
    SseClientOptions request;
    qint64 budgetMs = kDefaultBudgetMs; // the whole run; it always ends by then
    // The reconnect with Last-Event-ID runs for the last resumeMs of the budget (or as soon as
    // the stream ends). 0: a quarter of the budget, at most 15 s.
    qint64 resumeMs = 0;
    qint64 silenceWarnMs = 30000; // a silence this long meets common idle timeouts
    int maxArrivals = 20000; // frames kept per stream for the analysis (counts go on)
    QByteArray origin = QByteArrayLiteral("https://doctor.ssemon.invalid"); // empty: none
    qint64 progressMs = 250; // progress() at most this often
};

// Diagnoses one SSE endpoint: holds its stream through SseClient for a bounded time, watches
// arrivals, heartbeats and how the stream ends, reconnects with Last-Event-ID and compares the
// replay with what the first stream had, then writes a DoctorReport (DoctorAnalysis). The run
// ends within the budget whatever the server does, with what it found.
class Doctor : public QObject
{
    Q_OBJECT
public:
    explicit Doctor(QObject *parent = nullptr);
    ~Doctor() override;

    void setOptions(const DoctorOptions &options) { m_options = options; }
    const DoctorOptions &options() const { return m_options; }
    bool isRunning() const { return m_running; }
    const DoctorReport &report() const { return m_report; }
    qint64 resumeMs() const; // the resume probe's share of the budget
    // Since start() while running; the last run's length once it ended.
    qint64 elapsedMs() const;

public Q_SLOTS:
    void start();
    // Ends the run now with what was found (finished() follows at once).
    void stop(const QString &why = QStringLiteral("interrupted"));

Q_SIGNALS:
    // At most every progressMs while running: what the run is doing ("holding the stream: 12
    // events, 3 heartbeats"), how far it is into its budget, and both as one line for a
    // terminal ("12/20 s  holding the stream: ...").
    void progressed(qint64 elapsedMs, qint64 budgetMs, const QString &doing);
    void progress(const QString &line);
    void finished(const DoctorReport &report);

private:
    void onMain(const ClientBatch &batch);
    void onResumed(const ClientBatch &batch);
    void onPreflight(const ClientBatch &batch);
    bool resends() const; // the request may be sent again as it is (GET, no body, or leave)
    SseClientOptions reconnectOptions(const QByteArray &lastEventId) const;
    bool wantsFinal() const;
    void startFinal();
    bool finalDecided() const;
    bool replayedEnough() const; // what the first stream had after the resume id, and one more
    void startPreflight();
    void startResume();
    void checkDone();
    void emitProgress();
    void finish(const QString &why);
    SseClientOptions probeOptions() const;

    DoctorOptions m_options;
    DoctorReport m_report;
    bool m_running = false;
    qint64 m_startNs = 0;
    std::unique_ptr<DoctorStream> m_main;
    std::unique_ptr<DoctorStream> m_resumed;
    std::unique_ptr<SseClient> m_mainClient;
    std::unique_ptr<SseClient> m_resumeClient;
    std::unique_ptr<DoctorStream> m_preflight; // the CORS preflight's answer (its head)
    std::unique_ptr<SseClient> m_preflightClient;
    DoctorAnalysis::Preflight m_preflightAsked;
    // The reconnect after a stream the server ended: with the last event's id.
    static constexpr int kFinalWatchMs = 5000;
    std::unique_ptr<DoctorStream> m_final;
    std::unique_ptr<SseClient> m_finalClient;
    QByteArray m_finalId;
    QByteArray m_resumeId;
    QString m_resumeSkipped;
    bool m_resumeDecided = false;
    QTimer *m_budget;
    QTimer *m_resumeTimer;
    QTimer *m_progress;
    QTimer *m_finalTimer;
};
