// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// WindowLayout on its own: what it writes to the settings, the names it gives a tab's
// splitters, and splitter sizes put back on a new tab only once the window is shown.
#include "windowlayout.h"

#include <QLabel>
#include <QMainWindow>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QVBoxLayout>

class TestWindowLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init() { QSettings().clear(); }
    void namesSplitters();
    void savesAndRestores();
};

namespace {

// A tab with a named splitter and an unnamed one inside it.
QWidget *makeTab()
{
    auto *tab = new QWidget;
    auto *outer = new QSplitter(Qt::Vertical, tab);
    outer->setObjectName(QStringLiteral("outer"));
    auto *inner = new QSplitter(Qt::Horizontal, outer);
    inner->addWidget(new QLabel(QStringLiteral("a")));
    inner->addWidget(new QLabel(QStringLiteral("b")));
    outer->addWidget(new QLabel(QStringLiteral("c")));
    auto *layout = new QVBoxLayout(tab);
    layout->addWidget(outer);
    return tab;
}

} // namespace

void TestWindowLayout::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestWindowLayout::namesSplitters()
{
    std::unique_ptr<QWidget> tab(makeTab());
    const auto named = WindowLayout::namedSplitters(tab.get());
    QCOMPARE(named.size(), 2);
    QCOMPARE(named.at(0).first, QStringLiteral("outer"));
    QCOMPARE(named.at(1).first, QStringLiteral("splitter1"));
}

void TestWindowLayout::savesAndRestores()
{
    QList<int> saved;
    {
        QMainWindow window;
        QTabWidget pages;
        pages.addTab(new QWidget, QStringLiteral("one"));
        pages.addTab(new QWidget, QStringLiteral("two"));
        QWidget *tab = makeTab();
        window.setCentralWidget(tab);
        window.resize(640, 480);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *outer = tab->findChild<QSplitter *>(QStringLiteral("outer"));
        outer->setSizes({300, 100});
        saved = outer->sizes();
        pages.setCurrentIndex(1);
        WindowLayout layout(&window, &pages);
        layout.save(tab);
        QSettings settings;
        QVERIFY(!settings.value(WindowLayout::GeometryKey).toByteArray().isEmpty());
        QCOMPARE(settings.value(WindowLayout::ServerPageKey).toInt(), 1);
        QVERIFY(settings.contains(WindowLayout::SplittersGroup + QStringLiteral("/outer")));
        QVERIFY(settings.contains(WindowLayout::SplittersGroup + QStringLiteral("/splitter1")));
    }

    QMainWindow window;
    QTabWidget pages;
    pages.addTab(new QWidget, QStringLiteral("one"));
    pages.addTab(new QWidget, QStringLiteral("two"));
    WindowLayout layout(&window, &pages);
    layout.restoreWindow();
    QCOMPARE(pages.currentIndex(), 1);
    QWidget *tab = makeTab();
    window.setCentralWidget(tab);
    // Hidden: the sizes wait for the window to be shown.
    layout.restoreSplitters(tab);
    auto *outer = tab->findChild<QSplitter *>(QStringLiteral("outer"));
    QCoreApplication::processEvents();
    QVERIFY(outer->sizes() != saved);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    layout.windowShown();
    QTRY_COMPARE(outer->sizes(), saved);
}

QTEST_MAIN(TestWindowLayout)
#include "tst_windowlayout.moc"
