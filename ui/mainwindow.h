// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"

#include <QMainWindow>

class ConnectionTab;
class MockServer;
class MockServerPanel;
class QDockWidget;
class SseClient;
class QMenu;
class QTabWidget;

// The main window: connection tabs, each an independent stream, and the embedded mock server,
// so that launched with no arguments there is a stream to look at within a second.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts the embedded mock server and opens a tab on it (the current tab, when it has no
    // URL yet). False with a message on failure.
    bool startEmbedded(QString *errorMessage = nullptr);
    MockServer *server() const { return m_server; } // never null; listening once started

    int tabCount() const;
    ConnectionTab *tab(int index) const;
    ConnectionTab *currentTab() const;
    SseClient *client() const; // the current tab's

    // Entries each tab's event log keeps (persisted; applies to every tab).
    qint64 logCapacity() const;
    void setLogCapacity(qint64 capacity);

public Q_SLOTS:
    ConnectionTab *newTab();
    void closeTab(int index);
    void openUrl(const QUrl &url); // in the current tab
    void connectCurrent();
    void stopCurrent();
    void showAbout();
    // Sessions and exports; the dialogs ask where, these do the work (and say what failed).
    bool saveSession(const QString &fileName, bool includeSecrets = false,
                     QString *errorMessage = nullptr);
    bool openSession(const QString &fileName, QString *errorMessage = nullptr);
    bool exportEvents(const QString &fileName, QString *errorMessage = nullptr); // .csv or .json
    // Profiles: the current tab's request under a name; loading fills the current tab.
    void saveProfile(const QString &name, bool includeSecrets = false);
    bool loadProfile(const QString &name);
    void saveSessionAs();
    void openSessionFile();
    void exportEventsAs();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void fillProfilesMenu();
    void updateTabTitle(ConnectionTab *tab);

    MockServer *m_server = nullptr;
    QDockWidget *m_serverDock = nullptr;
    MockServerPanel *m_serverPanel = nullptr;
    QTabWidget *m_tabs = nullptr;
    QMenu *m_profiles = nullptr;
};
