// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"
#include "profilestore.h"

#include <QHash>
#include <QMainWindow>
#include <QUrl>

#include <memory>

class ConnectionTab;
class EnvironmentStore;
class KeychainSecretStore;
class MockServer;
class MockServerPanel;
class ProfileMenu;
class RequestHistory;
class RequestPanel;
class SessionActions;
class WindowLayout;
class QDockWidget;
class SseClient;
class QActionGroup;
class QMenu;
class QTabWidget;
class QTimer;

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
    MockServerPanel *serverPanel() const { return m_serverPanel; }
    QDockWidget *serverDock() const { return m_serverDock; }
    // The side panel (history, collections, environment), on the left.
    QDockWidget *requestDock() const { return m_requestDock; }
    RequestPanel *requestPanel() const { return m_requestPanel; }
    RequestHistory *history() const { return m_history; }
    EnvironmentStore *environments() const { return m_environments; }
    ProfileMenu *profileMenu() const { return m_profileMenu; }

    int tabCount() const;
    ConnectionTab *tab(int index) const;
    ConnectionTab *currentTab() const;
    SseClient *client() const; // the current tab's

    // Entries each tab's event log keeps (persisted; applies to every tab).
    qint64 logCapacity() const;
    void setLogCapacity(qint64 capacity);

    // Where profile credentials go; the system keychain unless replaced (tests use an
    // in-memory store). Not owned; null: no keychain at all.
    void setSecretStore(SecretStore *store);
    ProfileStore *profileStore();
    QString lastProfile() const; // the profile last saved or loaded (persisted)

    // Every menu command that has a shortcut, as "Menu › Command<TAB>shortcut" lines, plus
    // the keys that work inside widgets. What Help › Keyboard shortcuts shows.
    QStringList shortcutList() const;

public Q_SLOTS:
    ConnectionTab *newTab();
    void closeTab(int index);
    void openUrl(const QUrl &url); // in the current tab
    void connectCurrent();
    void stopCurrent();
    void startCurrentAfresh(); // Connection › Start afresh, saying what it cleared
    void showAbout();
    // Sessions and exports; the dialogs ask where, these do the work (and say what failed).
    bool saveSession(const QString &fileName, bool includeSecrets = false,
                     QString *errorMessage = nullptr);
    bool openSession(const QString &fileName, QString *errorMessage = nullptr);
    bool exportEvents(const QString &fileName, QString *errorMessage = nullptr); // .csv or .json
    // Profiles: the current tab's request under a name; loading fills the current tab.
    // `plainTextSecrets`: when the keychain cannot take the credentials, write them into the
    // settings file (the user's explicit opt-in) instead of leaving them out.
    ProfileStore::Result saveProfile(const QString &name, bool plainTextSecrets = false);
    bool loadProfile(const QString &name);
    void saveProfileAs(); // asks for the name and the plain-text opt-in
    // View › Requests: docked on the left, or floating where the window is too narrow for it.
    void showRequestPanel(bool shown);
    void showShortcuts();
    void setPaletteMode(int mode); // a Theme::Mode: applied and persisted
    // Window geometry, docks, splitters, the server panel's page: written on close, read when
    // the window and each new tab are made.
    void saveLayout();
    void saveSessionAs();
    void openSessionFile();
    void exportEventsAs();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createMenus();
    void updateTabTitle(ConnectionTab *tab);
    void followEmbedded(); // after the embedded server (re)started
    ConnectionTab *freeTab(); // the current tab while nothing was received in it, else a new one
    void noteOutcome(ConnectionTab *tab); // what came of its latest request, into the history
    void applyEnvironment(); // the active environment's values to every tab

    MockServer *m_server = nullptr;
    QUrl m_embeddedUrl; // where the embedded server listened last
    QDockWidget *m_serverDock = nullptr;
    MockServerPanel *m_serverPanel = nullptr;
    QTabWidget *m_tabs = nullptr;
    QActionGroup *m_paletteGroup = nullptr;
    KeychainSecretStore *m_keychain = nullptr;
    std::unique_ptr<WindowLayout> m_layout;
    SessionActions *m_sessions = nullptr;
    ProfileMenu *m_profileMenu = nullptr;
    QDockWidget *m_requestDock = nullptr;
    RequestPanel *m_requestPanel = nullptr;
    RequestHistory *m_history = nullptr;
    EnvironmentStore *m_environments = nullptr;
    QHash<ConnectionTab *, quint64> m_liveEntries; // each tab's latest request in the history
    QTimer *m_outcomeTimer = nullptr; // event counts of live entries
};
