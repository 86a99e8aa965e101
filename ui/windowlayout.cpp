// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "windowlayout.h"

#include <QMainWindow>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>

#include <utility>

WindowLayout::WindowLayout(QMainWindow *window, QTabWidget *serverPages)
    : m_window(window)
    , m_serverPages(serverPages)
{ }

void WindowLayout::restoreWindow()
{
    QSettings settings;
    m_window->restoreGeometry(settings.value(GeometryKey).toByteArray());
    m_window->restoreState(settings.value(StateKey).toByteArray());
    m_serverPages->setCurrentIndex(settings.value(ServerPageKey, 0).toInt());
}

void WindowLayout::save(QWidget *currentTab)
{
    QSettings settings;
    settings.setValue(GeometryKey, m_window->saveGeometry());
    settings.setValue(StateKey, m_window->saveState());
    settings.setValue(ServerPageKey, m_serverPages->currentIndex());
    if (!currentTab)
        return;
    settings.beginGroup(SplittersGroup);
    for (const auto &[name, splitter] : namedSplitters(currentTab))
        settings.setValue(name, splitter->saveState());
    settings.endGroup();
}

void WindowLayout::restoreSplitters(QWidget *tab)
{
    if (!m_window->isVisible()) {
        m_pending.append(tab);
        return;
    }
    QTimer::singleShot(0, tab, [tab] { applySplitters(tab); });
}

void WindowLayout::windowShown()
{
    const QList<QPointer<QWidget>> pending = std::exchange(m_pending, {});
    for (const QPointer<QWidget> &tab : pending) {
        if (tab)
            QTimer::singleShot(0, tab, [tab] { applySplitters(tab); });
    }
}

QList<QPair<QString, QSplitter *>> WindowLayout::namedSplitters(QWidget *tab)
{
    QList<QPair<QString, QSplitter *>> list;
    int unnamed = 0;
    for (QSplitter *splitter : tab->findChildren<QSplitter *>()) {
        const QString name = splitter->objectName().isEmpty()
            ? QStringLiteral("splitter%1").arg(++unnamed)
            : splitter->objectName();
        list.append({name, splitter});
    }
    return list;
}

void WindowLayout::applySplitters(QWidget *tab)
{
    QSettings settings;
    settings.beginGroup(SplittersGroup);
    for (const auto &[name, splitter] : namedSplitters(tab)) {
        const QByteArray state = settings.value(name).toByteArray();
        if (!state.isEmpty())
            splitter->restoreState(state);
    }
}
