// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The side panel as a user meets it, in the main window against a local server: the history
// records each request connected with what came of it, newest first, bounded, across runs and
// without credentials, and opens one again; the collections are the profiles, whichever side
// saves or deletes them; an environment's {{variables}} are resolved in what is sent (checked
// at the server), an undefined one stops the connect naming it, and secret values stay out of
// the settings file.
#include "client/sseclient.h"
#include "connectiontab.h"
#include "environmentdialog.h"
#include "environmentstore.h"
#include "faults/faultspec.h"
#include "log/eventlog.h"
#include "mainwindow.h"
#include "memorysecretstore.h"
#include "metricsplot.h"
#include "profilemenu.h"
#include "recoverybar.h"
#include "requesteditor.h"
#include "requesthistory.h"
#include "requestpanel.h"
#include "scriptedserver.h"
#include "server/mockserver.h"
#include "statebadge.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

class TestRequestPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void historyRecordsWhatCameOfIt();
    void historyIsBoundedAndKeptAcrossRuns();
    void historyOpensInTheFreeTab();
    void collectionsFollowTheProfilesMenu();
    void environmentResolvesWhatIsSent();
    void undefinedVariableStopsTheConnect();
    void environmentSecretsStayOutOfTheSettingsFile();
    void environmentDialogChecksNames();
    void panelFitsASmallWindow();
    void faultsReachATabOnAVariableUrl();

private:
    static QByteArray settingsFile()
    {
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static QByteArray historyFile()
    {
        QFile file(RequestHistory::defaultFileName());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static QByteArray header(const SseClientOptions &o, const QByteArray &name)
    {
        for (const auto &h : o.headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    static void connectTab(ConnectionTab *tab)
    {
        QTest::mouseClick(tab->findChild<QPushButton *>(QStringLiteral("connect")), Qt::LeftButton);
    }
    static QStringList treeTexts(const QTreeWidget *tree)
    {
        QStringList texts;
        std::function<void(const QTreeWidgetItem *, const QString &)> walk =
            [&](const QTreeWidgetItem *item, const QString &prefix) {
                for (int i = 0; i < item->childCount(); ++i) {
                    const QTreeWidgetItem *child = item->child(i);
                    texts << prefix + child->text(0);
                    walk(child, prefix + child->text(0) + QLatin1Char('/'));
                }
            };
        walk(tree->invisibleRootItem(), QString());
        return texts;
    }
};

void TestRequestPanel::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ssemon-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_requestpanel"));
    QStandardPaths::setTestModeEnabled(true);
}

void TestRequestPanel::init()
{
    QSettings().clear();
    QFile::remove(RequestHistory::defaultFileName());
}

void TestRequestPanel::historyRecordsWhatCameOfIt()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: a\n\ndata: b\n\n").close());
    server.enqueue(ServerScript::status(404, "Not Found"));
    MainWindow window;
    MemorySecretStore secrets;
    window.setSecretStore(&secrets);
    window.show();
    QAbstractItemModelTester tester(window.history());
    ConnectionTab *tab = window.currentTab();
    SseClientOptions options;
    options.url = server.url(QStringLiteral("/events"));
    options.reconnect = false;
    options.headers = {{"Authorization", "Bearer sekrit-1"}, {"X-Trace", "t-1"}};
    tab->setOptions(options);
    connectTab(tab);
    QTRY_COMPARE_WITH_TIMEOUT(tab->badge()->state(), ClientState::Closed, 5000);

    RequestHistory *history = window.history();
    QCOMPARE(history->rowCount(), 1);
    const RequestHistory::Entry &first = history->at(0);
    QCOMPARE(first.request.url, server.url(QStringLiteral("/events")).toString());
    QCOMPARE(first.state, ClientState::Closed);
    QCOMPARE(first.events, 2);
    // The credential is left out, and the entry says so; the rest of the request is kept.
    QCOMPARE(first.request.options.headers,
             (QList<QPair<QByteArray, QByteArray>> {{"X-Trace", "t-1"}}));
    QCOMPARE(first.leftOut, QStringList {QStringLiteral("Authorization")});
    QVERIFY(history->data(history->index(0), Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("left out Authorization")));
    QVERIFY(!historyFile().isEmpty());
    QVERIFY(!historyFile().contains("sekrit-1"));
    QVERIFY(historyFile().contains("t-1"));

    // A second request, newest first, with its failure.
    options.url = server.url(QStringLiteral("/missing"));
    options.headers.clear();
    tab->setOptions(options);
    connectTab(tab);
    QTRY_COMPARE_WITH_TIMEOUT(tab->badge()->state(), ClientState::Failed, 5000);
    QTRY_COMPARE(history->rowCount(), 2);
    QCOMPARE(history->at(0).request.url, server.url(QStringLiteral("/missing")).toString());
    QCOMPARE(history->at(0).state, ClientState::Failed);
    QVERIFY2(history->at(0).detail.contains(QStringLiteral("404")),
             qPrintable(history->at(0).detail));
    QVERIFY(history->data(history->index(0)).toString().contains(QStringLiteral("failed")));
    QCOMPARE(history->at(1).events, 2);

    // The filter narrows the list; the hint says when nothing matches.
    RequestPanel *panel = window.requestPanel();
    window.requestDock()->show();
    QTest::keyClicks(panel->historyFilter(), QStringLiteral("MISSING"));
    QCOMPARE(panel->historyView()->model()->rowCount(), 1);
    QTest::keyClicks(panel->historyFilter(), QStringLiteral("zzz"));
    QCOMPARE(panel->historyView()->model()->rowCount(), 0);
    const QList<QLabel *> hint = panel->findChildren<QLabel *>();
    QVERIFY(std::any_of(hint.cbegin(), hint.cend(), [](const QLabel *label) {
        return label->isVisible() && label->text().contains(QStringLiteral("No request matches"));
    }));
    panel->historyFilter()->clear();
    QCOMPARE(panel->historyView()->model()->rowCount(), 2);

    // Clear history empties it, on disk too.
    QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("clearHistory")),
                      Qt::LeftButton);
    QCOMPARE(history->rowCount(), 0);
    QCOMPARE(RequestHistory(RequestHistory::defaultFileName()).rowCount(), 0);
}

void TestRequestPanel::historyIsBoundedAndKeptAcrossRuns()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("history.ini"));
    {
        RequestHistory history(file);
        QAbstractItemModelTester tester(&history);
        for (int i = 0; i < RequestHistory::kMaxEntries + 5; ++i) {
            RequestTemplate request;
            request.url = QStringLiteral("{{base}}/events/%1").arg(i);
            request.options.method = "POST";
            request.options.body = "{\"n\":" + QByteArray::number(i) + "}";
            request.options.headers = {{"Authorization", "Bearer {{token}}"}};
            const quint64 id = history.record(request, QStringLiteral("Local"));
            history.setOutcome(id, ClientState::Closed, QString(), i);
        }
        QCOMPARE(history.rowCount(), RequestHistory::kMaxEntries);
        QCOMPARE(history.at(0).request.url, QStringLiteral("{{base}}/events/204"));
        QCOMPARE(history.at(RequestHistory::kMaxEntries - 1).request.url,
                 QStringLiteral("{{base}}/events/5"));
        // A body too large for the history is left out, and the entry says so.
        RequestTemplate big;
        big.url = QStringLiteral("http://127.0.0.1:1/big");
        big.options.body = QByteArray(RequestHistory::kMaxBodyBytes + 1, 'x');
        history.record(big, QString());
        QVERIFY(history.at(0).request.options.body.isEmpty());
        QVERIFY(history.at(0).leftOut.value(0).startsWith(QStringLiteral("the body")));
    }
    {
        // A change of state is on disk at once (a run killed while open leaves "open"); the
        // count of events in between is not written each time.
        const QString other = dir.filePath(QStringLiteral("live.ini"));
        RequestHistory history(other);
        RequestTemplate request;
        request.url = QStringLiteral("http://127.0.0.1:1/live");
        const quint64 live = history.record(request, QString());
        history.setOutcome(live, ClientState::Open, QStringLiteral("HTTP 200"), 0);
        QCOMPARE(RequestHistory(other).at(0).state, ClientState::Open);
        history.setOutcome(live, ClientState::Open, QStringLiteral("HTTP 200"), 7);
        QCOMPARE(RequestHistory(other).at(0).events, 0);
        history.setOutcome(live, ClientState::Closed, QString(), 9);
        QCOMPARE(RequestHistory(other).at(0).events, 9);
    }
    // Read back by the next run: the same entries in the same order, templates as written.
    RequestHistory again(file);
    QCOMPARE(again.rowCount(), RequestHistory::kMaxEntries);
    QCOMPARE(again.at(0).request.url, QStringLiteral("http://127.0.0.1:1/big"));
    const RequestHistory::Entry &second = again.at(1);
    QCOMPARE(second.request.url, QStringLiteral("{{base}}/events/204"));
    QCOMPARE(second.request.options.method, QByteArray("POST"));
    QCOMPARE(second.request.options.body, QByteArray("{\"n\":204}"));
    // A value made of references only is no credential: kept, to be resolved again.
    QCOMPARE(second.request.options.headers.value(0).second, QByteArray("Bearer {{token}}"));
    QCOMPARE(second.environment, QStringLiteral("Local"));
    QCOMPARE(second.state, ClientState::Closed);
    QCOMPARE(second.events, 204);

    // A damaged file is read as far as it makes sense, never trusted further.
    QFile damaged(file);
    QVERIFY(damaged.open(QIODevice::WriteOnly));
    damaged.write("[history]\nsize=999999\n1\\url=http://x/\n1\\state=exploded\n1\\events=-5\n"
                  "2\\method=GET\n\x01\xff garbage\n");
    damaged.close();
    RequestHistory odd(file);
    QCOMPARE(odd.rowCount(), 1); // the entry without a URL is dropped
    QCOMPARE(odd.at(0).state, ClientState::Failed);
    QCOMPARE(odd.at(0).events, 0);
}

void TestRequestPanel::historyOpensInTheFreeTab()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: one\n\n").close());
    MainWindow window;
    window.show();
    ConnectionTab *tab = window.currentTab();
    SseClientOptions options;
    options.url = server.url(QStringLiteral("/chat"));
    options.method = "POST";
    options.body = "{\"q\":1}";
    options.reconnect = false;
    options.headers = {{"X-Model", "m1"}};
    tab->setOptions(options);
    connectTab(tab);
    QTRY_COMPARE_WITH_TIMEOUT(tab->badge()->state(), ClientState::Closed, 5000);
    QCOMPARE(window.tabCount(), 1);

    // This tab received events: opening from the history takes a new one (Enter on the row).
    window.requestDock()->show();
    QListView *view = window.requestPanel()->historyView();
    view->setCurrentIndex(view->model()->index(0, 0));
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(window.tabCount(), 2);
    ConnectionTab *opened = window.currentTab();
    QVERIFY(opened != tab);
    QCOMPARE(opened->urlField()->text(), server.url(QStringLiteral("/chat")).toString());
    QCOMPARE(opened->options().method, QByteArray("POST"));
    QCOMPARE(opened->options().body, QByteArray("{\"q\":1}"));
    QCOMPARE(opened->options().headers, options.headers);
    QCOMPARE(opened->options().reconnect, false);
    // Nothing was received there yet: the next one opens into it.
    QVERIFY(window.requestPanel()->openHistory(0));
    QCOMPARE(window.tabCount(), 2);
    // "Open in a new tab" always makes one.
    QVERIFY(window.requestPanel()->openHistory(0, true));
    QCOMPARE(window.tabCount(), 3);
}

void TestRequestPanel::collectionsFollowTheProfilesMenu()
{
    MainWindow window;
    MemorySecretStore secrets;
    window.setSecretStore(&secrets);
    window.show();
    window.requestDock()->show();
    QTreeWidget *tree = window.requestPanel()->collections();
    window.requestPanel()->pages()->setCurrentIndex(1);
    QVERIFY(!tree->isVisible()); // the empty state's hint instead
    ConnectionTab *tab = window.currentTab();
    SseClientOptions options;
    options.url = QUrl(QStringLiteral("http://127.0.0.1:9/stream"));
    options.headers = {{"Authorization", "Bearer tok-1"}};
    tab->setOptions(options);

    // Saved from the menu's side: in the panel at once, in its folder.
    window.saveProfile(QStringLiteral("Staging/Chat stream"));
    window.saveProfile(QStringLiteral("plain"));
    QVERIFY(tree->isVisible());
    QCOMPARE(treeTexts(tree),
             (QStringList {QStringLiteral("plain"), QStringLiteral("Staging"),
                           QStringLiteral("Staging/Chat stream")}));

    // Renamed and duplicated from the panel's side: the menu lists what the panel shows.
    ProfileMenu *profiles = window.profileMenu();
    QVERIFY(profiles->rename(QStringLiteral("plain"), QStringLiteral("Local/Plain")));
    QVERIFY(profiles->duplicate(QStringLiteral("Staging/Chat stream"),
                                QStringLiteral("Staging/Chat copy")));
    QVERIFY(
        !profiles->duplicate(QStringLiteral("Staging/Chat stream"), QStringLiteral("Local/Plain")));
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("exists")));
    QCOMPARE(treeTexts(tree),
             (QStringList {QStringLiteral("Local"), QStringLiteral("Local/Plain"),
                           QStringLiteral("Staging"), QStringLiteral("Staging/Chat copy"),
                           QStringLiteral("Staging/Chat stream")}));
    QMenu *menu = nullptr;
    for (QAction *action : window.menuBar()->actions()) {
        if (action->text() == QStringLiteral("&Profiles"))
            menu = action->menu();
    }
    QVERIFY(menu);
    Q_EMIT menu->aboutToShow();
    QStringList listed;
    for (const QAction *action : menu->actions())
        listed << action->text();
    QVERIFY(listed.contains(QStringLiteral("Local/Plain")));
    QVERIFY(listed.contains(QStringLiteral("Staging/Chat copy")));
    QVERIFY(!listed.contains(QStringLiteral("plain")));

    // The copy has the credentials of the original, from the keychain.
    RequestTemplate copy;
    QVERIFY(window.profileStore()->load(QStringLiteral("Staging/Chat copy"), &copy));
    QCOMPARE(copy.options.headers, options.headers);

    // Opened from the panel (the item activated) into the current, untouched tab.
    tab->setOptions(SseClientOptions());
    QTreeWidgetItem *chat =
        tree->findItems(QStringLiteral("Chat stream"), Qt::MatchExactly | Qt::MatchRecursive)
            .value(0);
    QVERIFY(chat);
    Q_EMIT tree->itemActivated(chat, 0);
    QCOMPARE(window.currentTab(), tab);
    QCOMPARE(tab->urlField()->text(), QStringLiteral("http://127.0.0.1:9/stream"));

    // Deleted from the menu's submenu: gone from the panel.
    QMenu *remove = menu->actions().last()->menu();
    QVERIFY(remove);
    for (QAction *action : remove->actions())
        action->trigger();
    QCOMPARE(tree->topLevelItemCount(), 0);
    QVERIFY(!tree->isVisible());
}

void TestRequestPanel::environmentResolvesWhatIsSent()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: ok\n\n").close());
    MainWindow window;
    MemorySecretStore secrets;
    window.setSecretStore(&secrets);
    window.show();
    EnvironmentStore *environments = window.environments();
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.port());
    QString error;
    QVERIFY2(environments->save({QStringLiteral("Local"),
                                 {{QStringLiteral("base"), base, false},
                                  {QStringLiteral("token"), QStringLiteral("t0k-secret"), true},
                                  {QStringLiteral("id"), QStringLiteral("42"), false}},
                                 {}},
                                QString(), &error),
             qPrintable(error));
    // Chosen in the panel's combo box, as a user does.
    QComboBox *choice = window.requestPanel()->environmentChoice();
    QCOMPARE(choice->count(), 2);
    choice->setCurrentIndex(choice->findData(QStringLiteral("Local")));
    Q_EMIT choice->activated(choice->currentIndex());
    QCOMPARE(environments->active(), QStringLiteral("Local"));

    ConnectionTab *tab = window.currentTab();
    const QString url = QStringLiteral("{{base}}/events?id={{ id }}");
    SseClientOptions options;
    options.method = "POST";
    options.reconnect = false;
    options.headers = {{"Authorization", "Bearer {{token}}"}, {"X-Item-{{id}}", "v{{id}}"}};
    options.body = "{\"id\":{{id}},\"literal\":\"\\{{id}}\"}";
    tab->setRequest({url, options});
    QCOMPARE(tab->urlField()->text(), url);
    QVERIFY2(tab->urlField()->toolTip().contains(base + QStringLiteral("/events?id=42")),
             qPrintable(tab->urlField()->toolTip()));
    connectTab(tab);
    QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 1, 5000);
    const RecordedRequest sent = server.requests().first();
    QCOMPARE(sent.method, QByteArray("POST"));
    QCOMPARE(sent.target, QByteArray("/events?id=42"));
    QCOMPARE(sent.header("Authorization"), QByteArray("Bearer t0k-secret"));
    QCOMPARE(sent.header("X-Item-42"), QByteArray("v42"));
    QCOMPARE(sent.body, QByteArray("{\"id\":42,\"literal\":\"{{id}}\"}"));

    // The field keeps the template; the history keeps it too, with the environment's name.
    QCOMPARE(tab->urlField()->text(), url);
    QTRY_COMPARE(window.history()->rowCount(), 1);
    QCOMPARE(window.history()->at(0).request.url, url);
    QCOMPARE(window.history()->at(0).environment, QStringLiteral("Local"));
    QCOMPARE(header(window.history()->at(0).request.options, "Authorization"),
             QByteArray("Bearer {{token}}"));
    // What is copied is what is sent.
    const QString curl = tab->curlCommand();
    QVERIFY2(curl.contains(server.url(QStringLiteral("/events")).toString()), qPrintable(curl));
    QVERIFY(curl.contains(QStringLiteral("Bearer t0k-secret")));
    // Saved as a profile, it is the template that is kept, with no credential to hide.
    const ProfileStore::Result saved = window.saveProfile(QStringLiteral("templated"));
    QCOMPARE(saved.secrets, ProfileStore::Secrets::None);
    RequestTemplate back;
    QVERIFY(window.profileStore()->load(QStringLiteral("templated"), &back));
    QCOMPARE(back.url, url);
    QCOMPARE(header(back.options, "Authorization"), QByteArray("Bearer {{token}}"));
    QCOMPARE(header(back.options, "X-Item-{{id}}"), QByteArray("v{{id}}"));
    QCOMPARE(back.options.body, options.body);
}

void TestRequestPanel::undefinedVariableStopsTheConnect()
{
    ScriptedServer server;
    QVERIFY(server.listen());
    server.enqueue(ServerScript::stream().send("data: ok\n\n").close());
    MainWindow window;
    MemorySecretStore secrets;
    window.setSecretStore(&secrets);
    window.show();
    ConnectionTab *tab = window.currentTab();
    SseClientOptions options;
    options.headers = {{"Authorization", "Bearer {{token}}"}};
    tab->setRequest({QStringLiteral("{{base}}/events"), options});
    connectTab(tab);
    // Nothing sent, the names said where the user looks.
    QCOMPARE(tab->client()->state(), ClientState::Idle);
    QVERIFY(tab->recoveryBar()->isVisible());
    const QString message = tab->recoveryBar()->message()->text();
    QVERIFY2(message.contains(QStringLiteral("{{base}}"))
                 && message.contains(QStringLiteral("{{token}}"))
                 && message.contains(QStringLiteral("no environment is active")),
             qPrintable(message));
    QVERIFY(tab->urlField()->toolTip().contains(QStringLiteral("{{base}}")));
    QCOMPARE(window.history()->rowCount(), 0);

    // With an environment that defines one of them, the other is named.
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.port());
    QVERIFY(window.environments()->save(
        {QStringLiteral("Half"), {{QStringLiteral("base"), base, false}}, {}}));
    window.environments()->setActive(QStringLiteral("Half"));
    connectTab(tab);
    QCOMPARE(tab->client()->state(), ClientState::Idle);
    const QString named = tab->recoveryBar()->message()->text();
    QVERIFY2(named.contains(QStringLiteral("undefined variable {{token}} in the environment "
                                           "&quot;Half&quot;")),
             qPrintable(named));
    QVERIFY(!named.contains(QStringLiteral("{{base}}")));
    // The tooltip of the field shows the URL it would send.
    QVERIFY(tab->urlField()->toolTip().contains(server.url(QStringLiteral("/events")).toString()));
    // Copying cannot resolve either: it says so instead of copying a half-made request.
    QString error;
    QVERIFY(tab->curlCommand(&error).isEmpty());
    QVERIFY(error.contains(QStringLiteral("{{token}}")));

    // Defined: it connects.
    QVERIFY(window.environments()->save({QStringLiteral("Half"),
                                         {{QStringLiteral("base"), base, false},
                                          {QStringLiteral("token"), QStringLiteral("x"), true}},
                                         {}}));
    connectTab(tab);
    QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 1, 5000);
    QCOMPARE(server.requests().first().header("Authorization"), QByteArray("Bearer x"));
}

void TestRequestPanel::environmentSecretsStayOutOfTheSettingsFile()
{
    MemorySecretStore keychain;
    {
        EnvironmentStore store(&keychain);
        QVERIFY(store.save({QStringLiteral("Prod"),
                            {{QStringLiteral("token"), QStringLiteral("prod-secret-9"), true},
                             {QStringLiteral("base"), QStringLiteral("https://api.test"), false}},
                            {}}));
        store.setActive(QStringLiteral("Prod"));
    }
    QVERIFY(!settingsFile().contains("prod-secret-9"));
    QVERIFY(settingsFile().contains("https://api.test"));
    QVERIFY(keychain.entries.value(EnvironmentStore::secretKey(QStringLiteral("Prod")))
                .contains("prod-secret-9"));
    {
        // The next run reads it back from the keychain, the active one too.
        EnvironmentStore store(&keychain);
        QCOMPARE(store.active(), QStringLiteral("Prod"));
        QCOMPARE(store.activeValues().value(QStringLiteral("token")),
                 QStringLiteral("prod-secret-9"));
        QVERIFY(store.environment(QStringLiteral("Prod"))->secretsNote.isEmpty());
        // Renamed: the secret follows, the old entry goes.
        QVERIFY(store.save(*store.environment(QStringLiteral("Prod")), QStringLiteral("Prod")));
        auto renamed = *store.environment(QStringLiteral("Prod"));
        renamed.name = QStringLiteral("Production");
        QVERIFY(store.save(renamed, QStringLiteral("Prod")));
        QCOMPARE(store.active(), QStringLiteral("Production"));
        QVERIFY(!keychain.entries.contains(EnvironmentStore::secretKey(QStringLiteral("Prod"))));
        QVERIFY(
            keychain.entries.contains(EnvironmentStore::secretKey(QStringLiteral("Production"))));
    }
    // Without a keychain the value works for this run and is not written; the store says so.
    keychain.available = false;
    EnvironmentStore store(&keychain);
    QVERIFY(store.save({QStringLiteral("Offline"),
                        {{QStringLiteral("token"), QStringLiteral("offline-secret-3"), true}},
                        {}}));
    store.setActive(QStringLiteral("Offline"));
    QCOMPARE(store.activeValues().value(QStringLiteral("token")),
             QStringLiteral("offline-secret-3"));
    QVERIFY(store.environment(QStringLiteral("Offline"))
                ->secretsNote.contains(QStringLiteral("not saved")));
    QVERIFY(!settingsFile().contains("offline-secret-3"));
    EnvironmentStore nextRun(&keychain);
    QCOMPARE(nextRun.activeValues().value(QStringLiteral("token")), QString());
    QVERIFY(!nextRun.environment(QStringLiteral("Offline"))->secretsNote.isEmpty());
}

void TestRequestPanel::environmentDialogChecksNames()
{
    MemorySecretStore keychain;
    EnvironmentStore store(&keychain);
    EnvironmentDialog dialog(&store);
    QVERIFY(!dialog.table()->isEnabled()); // nothing to edit before an environment exists
    dialog.newEnvironment(QStringLiteral("Local"));
    QCOMPARE(store.names(), QStringList {QStringLiteral("Local")});
    QCOMPARE(store.active(), QStringLiteral("Local")); // the first one made is used
    dialog.addVariable(QStringLiteral("base"), QStringLiteral("http://127.0.0.1:1"));
    dialog.addVariable(QStringLiteral("my token"), QStringLiteral("x"));
    QVERIFY(!dialog.save());
    QVERIFY2(dialog.errorLabel()->text().contains(QStringLiteral("&quot;my token&quot;")),
             qPrintable(dialog.errorLabel()->text()));
    QVERIFY(store.environment(QStringLiteral("Local"))->variables.isEmpty()); // nothing written
    dialog.table()->item(1, 0)->setText(QStringLiteral("base"));
    QVERIFY(!dialog.save());
    QVERIFY(dialog.errorLabel()->text().contains(QStringLiteral("defined twice")));
    dialog.table()->item(1, 0)->setText(QStringLiteral("token"));
    dialog.table()->item(1, 2)->setCheckState(Qt::Checked);
    QVERIFY(dialog.save());
    QVERIFY(dialog.errorLabel()->text().isEmpty());
    QCOMPARE(
        store.activeValues(),
        (TemplateVariables::Map {{QStringLiteral("base"), QStringLiteral("http://127.0.0.1:1")},
                                 {QStringLiteral("token"), QStringLiteral("x")}}));
    // Renamed and deleted from the dialog.
    dialog.renameEnvironment(QStringLiteral("Loopback"));
    QCOMPARE(store.names(), QStringList {QStringLiteral("Loopback")});
    QCOMPARE(store.active(), QStringLiteral("Loopback"));
    dialog.deleteEnvironment();
    QVERIFY(store.names().isEmpty());
    QVERIFY(store.active().isEmpty());
}

void TestRequestPanel::panelFitsASmallWindow()
{
    MainWindow window;
    window.resize(1024, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QDockWidget *dock = window.requestDock();
    QCOMPARE(dock->objectName(), QStringLiteral("requestDock"));
    QVERIFY(!dock->isVisible()); // hidden at first on a window this narrow
    // The View menu shows it; the window does not grow for it.
    auto *toggle = window.findChild<QAction *>(QStringLiteral("toggleRequestPanel"));
    QVERIFY(toggle);
    QVERIFY(!toggle->isChecked());
    QVERIFY(!toggle->shortcut().isEmpty());
    toggle->trigger();
    QVERIFY(dock->isVisible());
    QVERIFY(toggle->isChecked());
    QTRY_VERIFY(window.requestPanel()->width() > 150);
    QCoreApplication::processEvents();
    QCOMPARE(window.size(), QSize(1024, 700));
    QVERIFY(!dock->isFloating());
    // The editor open beside it still fits.
    window.currentTab()->findChild<QAbstractButton *>(QStringLiteral("editorToggle"))->click();
    QCoreApplication::processEvents();
    QCOMPARE(window.size(), QSize(1024, 700));

    // What 90% of a 1024 px screen gives: the stream (its filter bar folds its switches) and
    // the panel fit side by side, and the window does not grow for the panel either way.
    toggle->trigger();
    QVERIFY(!dock->isVisible());
    QTRY_VERIFY(window.minimumWidth() < 920); // the layout let go of the hidden dock
    window.resize(920, 630);
    QTRY_COMPARE(window.size(), QSize(920, 630));
    toggle->trigger();
    QVERIFY(dock->isVisible());
    QCoreApplication::processEvents();
    QCOMPARE(window.size(), QSize(920, 630));
    QVERIFY(!dock->isFloating());
    QVERIFY(window.centralWidget()->width() >= window.centralWidget()->minimumSizeHint().width());
}

void TestRequestPanel::faultsReachATabOnAVariableUrl()
{
    // A tab whose URL is {{base}}/events, with base the embedded server: the faults that
    // server acts out are marked on the tab, matched by the URL it connected to.
    MainWindow window;
    MemorySecretStore secrets;
    window.setSecretStore(&secrets);
    window.show();
    QString error;
    QVERIFY2(window.startEmbedded(&error), qPrintable(error));
    const QUrl server = window.server()->url();
    EnvironmentStore *environments = window.environments();
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.port());
    QVERIFY2(
        environments->save({QStringLiteral("Mock"), {{QStringLiteral("base"), base, false}}, {}},
                           QString(), &error),
        qPrintable(error));
    environments->setActive(QStringLiteral("Mock"));
    ConnectionTab *tab = window.newTab();
    tab->urlField()->setText(QStringLiteral("{{base}}") + server.path());
    connectTab(tab);
    QTRY_COMPARE_WITH_TIMEOUT(tab->client()->state(), ClientState::Open, 10000);
    QCOMPARE(tab->client()->options().url, server);

    Fault fault;
    QVERIFY2(FaultSpec::parse(u"rst", &fault, &error), qPrintable(error));
    QVERIFY2(window.server()->applyFault(fault, &error) > 0, qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(tab->plot()->faultMarkerCount() >= 1, 10000);
}

QTEST_MAIN(TestRequestPanel)
#include "tst_requestpanel.moc"
