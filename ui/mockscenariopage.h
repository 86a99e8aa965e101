// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "faults/scenario.h"

#include <QElapsedTimer>
#include <QWidget>

class MockServer;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class RecentLogModel;

// The mock server dock's Scenario page: a built-in preset or a JSON file, run and stopped on
// the embedded server, with its progress, how long it ran, and the steps as they run (a log
// over a model, errors in red).
class MockScenarioPage : public QWidget
{
    Q_OBJECT
public:
    static constexpr int MaxStepsShown = 500; // the step log keeps the newest
    static constexpr qint64 MaxScenarioFileBytes = 4 * 1024 * 1024;

    explicit MockScenarioPage(MockServer *server, QWidget *parent = nullptr);

    // The scenario to run next, from a file or a preset; false with the reason (shown under
    // the scenario line, nothing else changes).
    bool loadScenarioFile(const QString &path, QString *errorMessage = nullptr);
    bool selectPreset(const QString &name, QString *errorMessage = nullptr);
    QString scenarioName() const { return m_scenario.name; }
    int stepsRun() const { return m_stepsRun; }
    int stepCount() const { return int(m_scenario.steps.size()); }
    RecentLogModel *stepsModel() const { return m_steps; }

public Q_SLOTS:
    void runScenario();
    void stopScenario();
    void updateProgress(); // the progress bar, buttons and elapsed time

Q_SIGNALS:
    void scenarioFinished(const QString &name);

private:
    void onStepRun(const QString &label, const QString &text, const QString &error);
    void onScenarioFinished(const QString &name);
    void setScenario(const Scenario &scenario);
    // The line saying a scenario needs a client that retries 5xx and 429 (empty: it does not).
    static QString resilienceNote(const Scenario &scenario);
    void showMessage(const QString &message, bool error);

    MockServer *m_server;
    QComboBox *m_source = nullptr;
    QLabel *m_description = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_stop = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_elapsed = nullptr;
    QLabel *m_message = nullptr;
    RecentLogModel *m_steps = nullptr;
    Scenario m_scenario;
    bool m_loaded = false;
    bool m_running = false;
    int m_stepsRun = 0;
    int m_stepErrors = 0;
    QElapsedTimer m_clock;
    qint64 m_lastRunMs = -1; // how long the last run took, once it ended
};
