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
// afresh each time it opens.
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
    bool load(const QString &name);

public Q_SLOTS:
    void saveAs(); // the dialog
    void fill();

private:
    QMenu *m_menu;
    QWidget *m_parent;
    QStatusBar *m_status;
    TabGetter m_current;
    TabGetter m_freeTab;
    ProfileStore m_store;
};
