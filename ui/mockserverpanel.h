// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "faults/scenario.h"

#include <QElapsedTimer>
#include <QHash>
#include <QWidget>

class FaultListModel;
class MockClientsModel;
class MockServer;
struct FaultReport;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTimer;
class QTreeView;
class QTreeWidget;

// The embedded mock server by hand, on four pages under a start/stop line:
// - Server: where it listens (applied at the next start), heartbeats, events and payload
//   (applied live, to every connected client), and who is connected with the last id each
//   was sent;
// - Faults: the fault catalogue as buttons grouped by what they break, a line for the full
//   vocabulary (`stall for=5s clients=1`), the faults applied and the last ones fired;
// - Scenario: a built-in preset or a JSON file, run and stopped, with its progress and the
//   steps as they run.
class MockServerPanel : public QWidget
{
    Q_OBJECT
public:
    enum Page { ServerPage, FaultsPage, ScenarioPage };
    static constexpr int MaxFiredShown = 200; // the fired list keeps the newest
    static constexpr int MaxStepsShown = 500; // likewise the scenario's step log
    static constexpr qint64 MaxScenarioFileBytes = 4 * 1024 * 1024;

    explicit MockServerPanel(MockServer *server, QWidget *parent = nullptr);

    MockClientsModel *clientsModel() const { return m_clientsModel; }
    QTabWidget *pages() const { return m_pages; }

    // Parses and applies one fault in the catalogue's vocabulary; lists it as applied.
    // Returns the server's fault id, or 0 with the reason (also shown under the spec line).
    int applyFaultSpec(const QString &spec, QString *errorMessage = nullptr);
    int appliedFaultCount() const;
    int firedFaultCount() const; // entries in the fired list

    // Scenario: the one to run next, from a file or a preset; false with the reason (shown
    // under the scenario line, nothing else changes).
    bool loadScenarioFile(const QString &path, QString *errorMessage = nullptr);
    bool selectPreset(const QString &name, QString *errorMessage = nullptr);
    QString scenarioName() const { return m_scenario.name; }
    int scenarioStepsRun() const { return m_stepsRun; }
    int scenarioStepCount() const { return int(m_scenario.steps.size()); }

public Q_SLOTS:
    void start();
    void stop();
    void refresh(); // state, counters and clients from the server
    void runScenario();
    void stopScenario();
    void clearFaults();
    void removeSelectedFaults();

Q_SIGNALS:
    void started(const QUrl &url);
    void faultApplied(int id, const QString &spec);
    void scenarioFinished(const QString &name);

private:
    QWidget *createServerPage();
    QWidget *createFaultsPage();
    QWidget *createScenarioPage();
    void applyLive();
    void onFaultFired(const FaultReport &info);
    void onStepRun(const QString &label, const QString &text, const QString &error);
    void onScenarioFinished(const QString &name);
    void setScenario(const Scenario &scenario);
    void showFaultError(const QString &message);
    void showScenarioMessage(const QString &message, bool error);
    void updateScenarioProgress();
    void updateFaultCounts();

    MockServer *m_server;
    QLabel *m_status = nullptr;
    QPushButton *m_startStop = nullptr;
    QTabWidget *m_pages = nullptr;

    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_path = nullptr;
    QSpinBox *m_heartbeatMs = nullptr;
    QComboBox *m_heartbeatForm = nullptr;
    QSpinBox *m_eventMs = nullptr;
    QLineEdit *m_payload = nullptr;
    QLabel *m_stats = nullptr;
    MockClientsModel *m_clientsModel = nullptr;
    QTableView *m_clients = nullptr;
    QTimer *m_refresh = nullptr;

    QLineEdit *m_faultSpec = nullptr;
    QLabel *m_faultError = nullptr;
    QTabWidget *m_faultLists = nullptr;
    FaultListModel *m_faultModel = nullptr;
    QTreeView *m_applied = nullptr;
    QTreeWidget *m_fired = nullptr;

    QComboBox *m_scenarioSource = nullptr;
    QLabel *m_scenarioDescription = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_stopScenario = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_elapsed = nullptr;
    QLabel *m_scenarioMessage = nullptr;
    QTreeWidget *m_steps = nullptr;
    Scenario m_scenario;
    bool m_scenarioLoaded = false;
    bool m_scenarioRunning = false;
    int m_stepsRun = 0;
    int m_stepErrors = 0;
    QElapsedTimer m_scenarioClock;
    qint64 m_lastRunMs = -1; // how long the last run took, once it ended
};
