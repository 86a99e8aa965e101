// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "connectiontab.h"
#include "keychainsecretstore.h"
#include "mainwindow.h"
#include "memorysecretstore.h"
#include "profilestore.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialog>
#include <QFile>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

// Profile credentials: to the secret store, never into the settings file unless the user
// opted in; a missing or failing keychain loses the credentials visibly, not the profile.
class TestProfileStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void secretsGoToTheStoreNotTheFile();
    void plainTextOnlyWhenOptedIn();
    void keychainLostAfterSaving();
    void staleSecretsAreRemoved();
    void realKeychainAnswersOrFailsCleanly();
    void saveDialogFromTheWindow();

private:
    static SseClientOptions request()
    {
        SseClientOptions o;
        o.url = QUrl(QStringLiteral("http://alice:pw-000@127.0.0.1:9/stream"));
        o.maxReconnects = 7;
        o.resilient = true;
        o.transport = SseClientOptions::Transport::Qnam;
        o.cookies = true;
        o.lens = "anthropic";
        o.headers = {{"Authorization", "Bearer tok-123"},
                     {"X-Trace", "trace-1"},
                     {"X-Api-Key", "key-456"},
                     {"Cookie", "session=c-789"}};
        return o;
    }
    // The settings file as it is on disk.
    static QByteArray settingsFile()
    {
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
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
    static bool hasHeader(const SseClientOptions &o, const QByteArray &name)
    {
        for (const auto &h : o.headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
};

void TestProfileStore::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ssemon-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_profilestore"));
    QStandardPaths::setTestModeEnabled(true);
}

void TestProfileStore::init()
{
    QSettings().clear();
}

void TestProfileStore::secretsGoToTheStoreNotTheFile()
{
    MemorySecretStore keychain;
    ProfileStore profiles(&keychain);
    const ProfileStore::Result saved = profiles.save(QStringLiteral("prod"), request(), false);
    QCOMPARE(saved.secrets, ProfileStore::Secrets::Keychain);

    const QByteArray file = settingsFile();
    QVERIFY(file.contains("trace-1")); // the profile is there...
    for (const char *secret : {"tok-123", "key-456", "c-789", "pw-000"}) // ...its secrets are not
        QVERIFY2(!file.contains(secret), secret);
    QVERIFY(keychain.entries.contains(ProfileStore::secretKey(QStringLiteral("prod"))));

    SseClientOptions loaded;
    ProfileStore::Result result;
    QVERIFY(profiles.load(QStringLiteral("prod"), &loaded, &result));
    QCOMPARE(result.secrets, ProfileStore::Secrets::Keychain);
    QCOMPARE(header(loaded, "Authorization"), QByteArray("Bearer tok-123"));
    QCOMPARE(header(loaded, "X-Api-Key"), QByteArray("key-456"));
    QCOMPARE(header(loaded, "Cookie"), QByteArray("session=c-789"));
    QCOMPARE(header(loaded, "X-Trace"), QByteArray("trace-1"));
    QCOMPARE(loaded.url, request().url);
    QCOMPARE(loaded.headers.size(), 4);
    QCOMPARE(loaded.maxReconnects, 7);
    QVERIFY(loaded.resilient);
    QCOMPARE(loaded.transport, SseClientOptions::Transport::Qnam);
    QVERIFY(loaded.cookies);
    QVERIFY(!loaded.http2PriorKnowledge);
    QCOMPARE(loaded.lens, QByteArray("anthropic"));
}

void TestProfileStore::plainTextOnlyWhenOptedIn()
{
    MemorySecretStore keychain;
    keychain.available = false; // as with no keychain daemon
    ProfileStore profiles(&keychain);

    ProfileStore::Result saved = profiles.save(QStringLiteral("left out"), request(), false);
    QCOMPARE(saved.secrets, ProfileStore::Secrets::Omitted);
    QVERIFY(saved.message.contains(QStringLiteral("not saved")));
    QVERIFY(!settingsFile().contains("tok-123"));
    SseClientOptions loaded;
    ProfileStore::Result result;
    QVERIFY(profiles.load(QStringLiteral("left out"), &loaded, &result));
    QCOMPARE(result.secrets, ProfileStore::Secrets::Omitted);
    QVERIFY(!result.message.isEmpty());
    QVERIFY(!hasHeader(loaded, "Authorization")); // not sent empty
    QCOMPARE(header(loaded, "X-Trace"), QByteArray("trace-1"));
    QVERIFY(loaded.url.password().isEmpty());

    saved = profiles.save(QStringLiteral("opted in"), request(), true);
    QCOMPARE(saved.secrets, ProfileStore::Secrets::SettingsFile);
    QVERIFY(saved.message.contains(QStringLiteral("plain text")));
    const QByteArray file = settingsFile();
    QCOMPARE(file.count("tok-123"), 1); // the opted-in profile only
    QVERIFY(file.contains("pw-000"));
    QVERIFY(profiles.load(QStringLiteral("opted in"), &loaded, &result));
    QCOMPARE(result.secrets, ProfileStore::Secrets::SettingsFile);
    QCOMPARE(header(loaded, "Authorization"), QByteArray("Bearer tok-123"));

    // No store at all behaves as an unavailable one.
    ProfileStore none;
    QCOMPARE(none.save(QStringLiteral("none"), request(), false).secrets,
             ProfileStore::Secrets::Omitted);
    // And a request without credentials has nothing to keep.
    SseClientOptions plain;
    plain.url = QUrl(QStringLiteral("http://127.0.0.1:9/"));
    QCOMPARE(none.save(QStringLiteral("plain"), plain, false).secrets, ProfileStore::Secrets::None);
}

void TestProfileStore::keychainLostAfterSaving()
{
    MemorySecretStore keychain;
    ProfileStore profiles(&keychain);
    profiles.save(QStringLiteral("prod"), request(), false);
    keychain.available = false; // the keyring locked or gone since
    SseClientOptions loaded;
    ProfileStore::Result result;
    QVERIFY(profiles.load(QStringLiteral("prod"), &loaded, &result));
    QCOMPARE(result.secrets, ProfileStore::Secrets::Omitted);
    QVERIFY2(result.message.contains(QStringLiteral("keychain")), qPrintable(result.message));
    QVERIFY(!hasHeader(loaded, "Authorization"));
    QVERIFY(!hasHeader(loaded, "Cookie"));
    QCOMPARE(header(loaded, "X-Trace"), QByteArray("trace-1"));
}

void TestProfileStore::staleSecretsAreRemoved()
{
    MemorySecretStore keychain;
    ProfileStore profiles(&keychain);
    const QString key = ProfileStore::secretKey(QStringLiteral("prod"));
    profiles.save(QStringLiteral("prod"), request(), false);
    QVERIFY(keychain.entries.contains(key));
    SseClientOptions withoutSecrets;
    withoutSecrets.url = QUrl(QStringLiteral("http://127.0.0.1:9/stream"));
    profiles.save(QStringLiteral("prod"), withoutSecrets, false);
    QVERIFY(!keychain.entries.contains(key));

    profiles.save(QStringLiteral("prod"), request(), false);
    QVERIFY(keychain.entries.contains(key));
    profiles.remove(QStringLiteral("prod"));
    QVERIFY(!keychain.entries.contains(key));
    QVERIFY(!ProfileStore::contains(QStringLiteral("prod")));
}

void TestProfileStore::realKeychainAnswersOrFailsCleanly()
{
    // Offscreen test machines usually have no Secret Service: the store must then fail with a
    // message (never hang, never fall back to a file); where there is one, it must round-trip.
    KeychainSecretStore keychain(QStringLiteral("ssemon-tests"));
    keychain.setTimeout(5000);
    const QString key = QStringLiteral("tst_profilestore/probe");
    QString error;
    if (keychain.write(key, "s3cret", &error)) {
        QByteArray back;
        QVERIFY2(keychain.read(key, &back, &error), qPrintable(error));
        QCOMPARE(back, QByteArray("s3cret"));
        QVERIFY2(keychain.remove(key, &error), qPrintable(error));
        QVERIFY(!keychain.read(key, &back, &error));
        return;
    }
    qInfo("no usable keychain here: %s", qPrintable(error));
    QVERIFY(!error.isEmpty());
    QVERIFY(keychain.isBroken());
    // Told once: the next call fails at once with the same reason, without asking again.
    QString again;
    QByteArray ignored;
    QVERIFY(!keychain.read(key, &ignored, &again));
    QCOMPARE(again, error);
    // A profile saved through it keeps its secrets off the disk and says why.
    ProfileStore profiles(&keychain);
    const ProfileStore::Result saved = profiles.save(QStringLiteral("prod"), request(), false);
    QCOMPARE(saved.secrets, ProfileStore::Secrets::Omitted);
    QVERIFY(saved.message.contains(QStringLiteral("keychain")));
    QVERIFY(!settingsFile().contains("tok-123"));
}

void TestProfileStore::saveDialogFromTheWindow()
{
    MemorySecretStore keychain;
    keychain.available = false;
    MainWindow window;
    window.setSecretStore(&keychain);
    window.show();
    QString error;
    QVERIFY(window.currentTab()->importCurl(
        QStringLiteral("curl http://127.0.0.1:9/s -H 'Authorization: Bearer tok-123'"), &error));

    // Answer the dialogs as a user would: name it, tick the plain-text box, save; then
    // acknowledge the warning that says where the credentials went.
    bool sawWarning = false;
    QTimer driver;
    driver.setInterval(20);
    connect(&driver, &QTimer::timeout, this, [&] {
        QWidget *modal = QApplication::activeModalWidget();
        if (auto *box = qobject_cast<QMessageBox *>(modal)) {
            sawWarning = box->text().contains(QStringLiteral("plain text"));
            box->accept();
        } else if (auto *dialog = qobject_cast<QDialog *>(modal)) {
            auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("profileName"));
            auto *plain = dialog->findChild<QCheckBox *>(QStringLiteral("plainTextSecrets"));
            if (!name || !plain)
                return;
            QVERIFY(plain->isEnabled());
            name->clear();
            QTest::keyClicks(name, QStringLiteral("from the dialog"));
            QTest::mouseClick(plain, Qt::LeftButton);
            dialog->accept();
        }
    });
    driver.start();
    window.saveProfileAs();
    QTRY_VERIFY(sawWarning);
    driver.stop();
    QVERIFY(ProfileStore::contains(QStringLiteral("from the dialog")));
    QVERIFY(settingsFile().contains("tok-123"));
    QCOMPARE(window.lastProfile(), QStringLiteral("from the dialog"));
    // The opt-in is remembered for the next save.
    QVERIFY(QSettings().value(QStringLiteral("secrets/plainTextOptIn")).toBool());

    // With a working keychain the window keeps the token out of the file and gets it back.
    MemorySecretStore working;
    window.setSecretStore(&working);
    window.saveProfile(QStringLiteral("keychained"));
    MainWindow second;
    second.setSecretStore(&working);
    QVERIFY(second.loadProfile(QStringLiteral("keychained")));
    QCOMPARE(header(second.currentTab()->options(), "Authorization"), QByteArray("Bearer tok-123"));
    QCOMPARE(settingsFile().count("tok-123"), 1); // still only the opted-in one
}

QTEST_MAIN(TestProfileStore)
#include "tst_profilestore.moc"
