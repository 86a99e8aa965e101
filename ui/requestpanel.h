// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

#include <functional>

class ConnectionTab;
class EnvironmentStore;
class ProfileMenu;
class RequestHistory;
struct RequestTemplate;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QStatusBar;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

// The side panel of an API client: the active environment (chosen, edited), the history of
// requests connected (filter, open, open in a new tab, save to the collections, copy as curl,
// delete, clear) and the collections, which are the saved profiles: a name such as
// "Staging/Chat stream" is the request "Chat stream" in the folder "Staging". Every change to
// the profiles goes through ProfileMenu, so the Profiles menu and the panel always agree.
class RequestPanel : public QWidget
{
    Q_OBJECT
public:
    using TabGetter = std::function<ConnectionTab *()>;

    // `freeTab`: the current tab while nothing was received in it, else a new one;
    // `newTab`: always a new one.
    RequestPanel(RequestHistory *history, ProfileMenu *profiles, EnvironmentStore *environments,
                 QStatusBar *status, TabGetter freeTab, TabGetter newTab,
                 QWidget *parent = nullptr);

    QTabWidget *pages() const { return m_pages; }
    QComboBox *environmentChoice() const { return m_environment; }
    QLineEdit *historyFilter() const { return m_filter; }
    QListView *historyView() const { return m_historyView; }
    QTreeWidget *collections() const { return m_collections; }

    // Folder and name of a profile name ("a/b/c": folders a and b, name c).
    static QStringList pathOf(const QString &profileName);

public Q_SLOTS:
    void refreshCollections();
    void refreshEnvironments();
    void editEnvironments();
    // The history's row (of the filtered view) into a tab.
    bool openHistory(int row, bool inNewTab = false);
    bool openProfile(const QString &name, bool inNewTab = false);
    void copyHistoryAsCurl(int row);
    void saveHistoryToCollection(int row);

private:
    QWidget *makeHistoryPage();
    QWidget *makeCollectionsPage();
    void historyMenu(const QPoint &pos);
    void collectionMenu(const QPoint &pos);
    int sourceRow(int row) const;
    void updateHints();

    RequestHistory *m_history;
    ProfileMenu *m_profiles;
    EnvironmentStore *m_environments;
    QStatusBar *m_status;
    TabGetter m_freeTab;
    TabGetter m_newTab;
    QComboBox *m_environment = nullptr;
    QTabWidget *m_pages = nullptr;
    QLineEdit *m_filter = nullptr;
    QSortFilterProxyModel *m_filtered = nullptr;
    QListView *m_historyView = nullptr;
    QLabel *m_historyHint = nullptr;
    QTreeWidget *m_collections = nullptr;
    QLabel *m_collectionsHint = nullptr;
};
