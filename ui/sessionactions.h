// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

#include <functional>

class ConnectionTab;
class QStatusBar;
class QWidget;

// File › Open session, Save session and Export events: the dialogs ask where (and, when the
// request carries credentials, whether to write them), the save/open/export calls do the work
// on a tab and say in the status bar what they did or why they could not.
class SessionActions : public QObject
{
    Q_OBJECT
public:
    using TabGetter = std::function<ConnectionTab *()>;

    // `current`: the tab saved or exported (may be null); `freeTab`: the tab a session opens
    // into (the current one while it is empty, else a new one).
    SessionActions(QWidget *dialogParent, QStatusBar *status, TabGetter current, TabGetter freeTab);

    bool save(const QString &fileName, bool includeSecrets = false,
              QString *errorMessage = nullptr);
    bool open(const QString &fileName, QString *errorMessage = nullptr);
    // The rows the tab shows, as CSV, or JSON for a .json name.
    bool exportEvents(const QString &fileName, QString *errorMessage = nullptr);

public Q_SLOTS:
    void saveAs();
    void openFile();
    void exportAs();

private:
    void fail(const QString &what, const QString &message, QString *errorMessage);

    QWidget *m_parent;
    QStatusBar *m_status;
    TabGetter m_current;
    TabGetter m_freeTab;
};
