// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class FaultListModel;
class MockServer;
class QLabel;
class QLineEdit;
class QTabWidget;
class QTreeView;
class RecentLogModel;
struct FaultReport;

// The mock server dock's Faults page: the fault catalogue as buttons grouped by what they
// break (with a field for the parameter a kind needs), a line for the full vocabulary
// (`stall for=5s clients=1`), and two lists over models: the faults applied (the engine's
// FaultListModel, by hand or by a scenario) and the last ones fired.
class MockFaultsPage : public QWidget
{
    Q_OBJECT
public:
    static constexpr int MaxFiredShown = 200; // the fired list keeps the newest

    explicit MockFaultsPage(MockServer *server, QWidget *parent = nullptr);

    // Parses and applies one fault in the catalogue's vocabulary. Returns the server's fault
    // id, or 0 with the reason (also shown under the spec line).
    int applyFaultSpec(const QString &spec, QString *errorMessage = nullptr);
    int appliedFaultCount() const;
    int firedFaultCount() const;
    FaultListModel *appliedModel() const { return m_applied; }
    RecentLogModel *firedModel() const { return m_fired; }

public Q_SLOTS:
    void removeSelectedFaults();
    void clearFaults();

Q_SIGNALS:
    void faultApplied(int id, const QString &spec);

private:
    QWidget *createCatalogue();
    void onFaultFired(const FaultReport &report);
    void showError(const QString &message);
    void updateCounts();

    MockServer *m_server;
    QLineEdit *m_spec = nullptr;
    QLabel *m_error = nullptr;
    QTabWidget *m_lists = nullptr;
    FaultListModel *m_applied = nullptr;
    QTreeView *m_appliedView = nullptr;
    RecentLogModel *m_fired = nullptr;
};
