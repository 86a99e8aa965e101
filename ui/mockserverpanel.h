// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class MockClientsModel;
class MockFaultsPage;
class MockScenarioPage;
class MockServer;
class MockServerSettingsPage;
class QLabel;
class QPushButton;
class QTabWidget;
class QTimer;

// The embedded mock server by hand: a start/stop line with its state and counters over three
// pages, each a widget of its own over the server and its models:
// - Server & clients (MockServerSettingsPage): where it listens, heartbeats, events, payload,
//   and who is connected;
// - Faults (MockFaultsPage): the catalogue, the spec line, the faults applied and fired;
// - Scenario (MockScenarioPage): a preset or a JSON file, run and stopped, step by step.
class MockServerPanel : public QWidget
{
    Q_OBJECT
public:
    enum Page { ServerPage, FaultsPage, ScenarioPage };

    explicit MockServerPanel(MockServer *server, QWidget *parent = nullptr);

    QTabWidget *pages() const { return m_pages; }
    MockServerSettingsPage *serverPage() const { return m_serverPage; }
    MockFaultsPage *faultsPage() const { return m_faultsPage; }
    MockScenarioPage *scenarioPage() const { return m_scenarioPage; }
    MockClientsModel *clientsModel() const;

    // Shortcuts to the pages, for the main window and the tests.
    int applyFaultSpec(const QString &spec, QString *errorMessage = nullptr);
    int appliedFaultCount() const;
    int firedFaultCount() const;
    bool loadScenarioFile(const QString &path, QString *errorMessage = nullptr);
    bool selectPreset(const QString &name, QString *errorMessage = nullptr);
    QString scenarioName() const;
    int scenarioStepsRun() const;
    int scenarioStepCount() const;

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
    MockServer *m_server;
    QLabel *m_status = nullptr;
    QPushButton *m_startStop = nullptr;
    QLabel *m_stats = nullptr;
    QTabWidget *m_pages = nullptr;
    MockServerSettingsPage *m_serverPage = nullptr;
    MockFaultsPage *m_faultsPage = nullptr;
    MockScenarioPage *m_scenarioPage = nullptr;
    QTimer *m_refresh = nullptr;
};
