// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QPair>
#include <QPointer>
#include <QString>

class QMainWindow;
class QSplitter;
class QTabWidget;
class QWidget;

// How the main window was laid out, kept across runs in QSettings: its geometry, its docks,
// the mock server dock's page, and the splitters of a connection tab (every tab is laid out
// alike, so the current one is saved for all). Splitter states are pixel sizes: restored
// before a tab has its real size they would be scaled to whatever it had then, so a tab made
// while the window is hidden waits until windowShown().
class WindowLayout
{
public:
    static inline const QString GeometryKey = QStringLiteral("window/geometry");
    static inline const QString StateKey = QStringLiteral("window/state");
    static inline const QString SplittersGroup = QStringLiteral("window/splitters");
    static inline const QString ServerPageKey = QStringLiteral("window/serverPage");

    WindowLayout(QMainWindow *window, QTabWidget *serverPages);

    void restoreWindow(); // geometry, docks, the server dock's page
    void save(QWidget *currentTab);
    // The saved splitter sizes onto a new tab: once the window is shown and the tab laid out.
    void restoreSplitters(QWidget *tab);
    void windowShown();

    // A tab's splitters by name: their object name, else splitterN in order of creation.
    static QList<QPair<QString, QSplitter *>> namedSplitters(QWidget *tab);

private:
    static void applySplitters(QWidget *tab);

    QMainWindow *m_window;
    QTabWidget *m_serverPages;
    QList<QPointer<QWidget>> m_pending;
};
