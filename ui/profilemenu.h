// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "profilestore.h"

#include <QObject>

#include <functional>

class ConnectionTab;
class QMenu;
class QStatusBar;
class QWidget;

// The Profiles menu: the current tab's request saved under a name (a dialog asks the name and,
// when no keychain can take the credentials, whether to write them in plain text), the saved
// profiles to load (the last one used ticked), and a submenu to delete one. The menu is filled
// afresh each time it opens. Every change to the profiles goes through here (the side panel's
// collections too), and profilesChanged() tells whoever shows them.
class ProfileMenu : public QObject
{
    Q_OBJECT
public:
    static inline const QString LastProfileKey = QStringLiteral("window/lastProfile");
    static inline const QString PlainTextOptInKey = QStringLiteral("secrets/plainTextOptIn");

    using TabGetter = std::function<ConnectionTab *()>;

    // `current`: the tab saved; `freeTab`: the tab a profile is loaded into (the current one
    // while nothing was received in it, else a new one).
    ProfileMenu(QMenu *menu, QWidget *dialogParent, QStatusBar *status, TabGetter current,
                TabGetter freeTab);

    ProfileStore *store() { return &m_store; }
    QString lastProfile() const; // persisted

    ProfileStore::Result save(const QString &name, bool plainTextSecrets = false);
    // A request of the user's (from the history, say) saved under a name.
    ProfileStore::Result save(const QString &name, const RequestTemplate &request,
                              bool plainTextSecrets);
    bool load(const QString &name); // into the free tab
    bool load(const QString &name, ConnectionTab *tab);
    void remove(const QString &name);
    // False with the reason on the status bar.
    bool rename(const QString &from, const QString &to);
    bool duplicate(const QString &from, const QString &to);

public Q_SLOTS:
    void saveAs(); // the dialog, for the current tab's request
    // The dialog for `request`; `name` proposed. The name saved, empty when cancelled.
    QString saveAs(const RequestTemplate &request, const QString &name);
    void fill();

Q_SIGNALS:
    void profilesChanged(); // saved, deleted, renamed or duplicated

private:
    QMenu *m_menu;
    QWidget *m_parent;
    QStatusBar *m_status;
    TabGetter m_current;
    TabGetter m_freeTab;
    ProfileStore m_store;
};
