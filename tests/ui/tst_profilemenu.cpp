// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// ProfileMenu on its own: the menu lists the saved profiles (the last used ticked) with a
// delete submenu, a profile is saved from the current tab and loaded into the tab given, and
// the last profile is remembered; credentials go to the secret store it was given.
#include "connectiontab.h"
#include "memorysecretstore.h"
#include "profilemenu.h"

#include <QMenu>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>

class TestProfileMenu : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().clear(); }
    void savedListedLoadedDeleted();
};

namespace {

QStringList texts(const QMenu *menu)
{
    QStringList list;
    for (const QAction *action : menu->actions()) {
        if (!action->isSeparator())
            list.append(action->text());
    }
    return list;
}

} // namespace

void TestProfileMenu::savedListedLoadedDeleted()
{
    QWidget window;
    QStatusBar status(&window);
    QMenu menu;
    ConnectionTab source(&window);
    ConnectionTab target(&window);
    SseClientOptions options;
    options.url = QUrl(QStringLiteral("https://api.example.test/stream"));
    options.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer sekrit")));
    source.setOptions(options);
    ProfileMenu profiles(
        &menu, &window, &status, [&] { return &source; }, [&] { return &target; });
    MemorySecretStore secrets;
    profiles.store()->setSecretStore(&secrets);
    QCOMPARE(texts(&menu), QStringList {QStringLiteral("&Save this request as a profile…")});

    profiles.save(QStringLiteral("staging"));
    QCOMPARE(profiles.lastProfile(), QStringLiteral("staging"));
    QVERIFY(status.currentMessage().startsWith(QStringLiteral("Profile \"staging\" saved")));
    Q_EMIT menu.aboutToShow();
    QCOMPARE(texts(&menu),
             (QStringList {QStringLiteral("&Save this request as a profile…"),
                           QStringLiteral("staging"), QStringLiteral("&Delete profile")}));
    QVERIFY(menu.actions().at(2)->isChecked()); // the last used

    // Loaded into the tab given, credentials from the store.
    QVERIFY(profiles.load(QStringLiteral("staging")));
    QCOMPARE(target.options().url, options.url);
    QCOMPARE(target.options().headers, options.headers);
    QVERIFY(!profiles.load(QStringLiteral("nope")));

    // Deleted from its submenu.
    QMenu *remove = menu.actions().last()->menu();
    QVERIFY(remove);
    remove->actions().at(0)->trigger();
    Q_EMIT menu.aboutToShow();
    QCOMPARE(texts(&menu), QStringList {QStringLiteral("&Save this request as a profile…")});
}

QTEST_MAIN(TestProfileMenu)
#include "tst_profilemenu.moc"
