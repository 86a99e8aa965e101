// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "profilemenu.h"

#include "connectiontab.h"

#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

#include <utility>

ProfileMenu::ProfileMenu(QMenu *menu, QWidget *dialogParent, QStatusBar *status, TabGetter current,
                         TabGetter freeTab)
    : QObject(menu)
    , m_menu(menu)
    , m_parent(dialogParent)
    , m_status(status)
    , m_current(std::move(current))
    , m_freeTab(std::move(freeTab))
{
    connect(m_menu, &QMenu::aboutToShow, this, &ProfileMenu::fill);
    fill();
}

void ProfileMenu::fill()
{
    m_menu->clear();
    m_menu->addAction(QStringLiteral("&Save this request as a profile…"), this,
                      qOverload<>(&ProfileMenu::saveAs));
    const QStringList names = ProfileStore::names();
    if (names.isEmpty())
        return;
    m_menu->addSeparator();
    const QString last = lastProfile();
    for (const QString &name : names) {
        QAction *action = m_menu->addAction(name, this, [this, name] { load(name); });
        if (name == last) {
            action->setCheckable(true);
            action->setChecked(true);
            action->setToolTip(QStringLiteral("The profile last used"));
        }
    }
    QMenu *remove = m_menu->addMenu(QStringLiteral("&Delete profile"));
    for (const QString &name : names)
        remove->addAction(name, this, [this, name] { this->remove(name); });
}

void ProfileMenu::saveAs()
{
    if (ConnectionTab *tab = m_current())
        saveAs(tab->request(), tab->title());
}

QString ProfileMenu::saveAs(const RequestTemplate &request, const QString &proposed)
{
    QDialog dialog(m_parent);
    dialog.setWindowTitle(QStringLiteral("Save profile"));
    auto *form = new QFormLayout(&dialog);
    auto *name = new QLineEdit(proposed, &dialog);
    name->setObjectName(QStringLiteral("profileName"));
    name->setToolTip(QStringLiteral("A name such as Staging/Chat stream files the profile in the "
                                    "folder Staging of the side panel's collections"));
    form->addRow(QStringLiteral("Profile name"), name);
    auto *folderHint = new QLabel(QStringLiteral("Folder/Name puts it in a folder"), &dialog);
    folderHint->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(QString(), folderHint);
    auto *plainText = new QCheckBox(
        QStringLiteral("Store secrets in the settings file (plain text) when no keychain "
                       "can take them"),
        &dialog);
    plainText->setObjectName(QStringLiteral("plainTextSecrets"));
    plainText->setChecked(QSettings().value(PlainTextOptInKey, false).toBool());
    auto *warning = new QLabel(
        QStringLiteral("Tokens, passwords and secret header values go to the system keychain. "
                       "Without one they are left out, unless this is ticked: then anyone who "
                       "can read %1 can read them.")
            .arg(QDir::toNativeSeparators(QSettings().fileName()).toHtmlEscaped()),
        &dialog);
    warning->setWordWrap(true);
    warning->setForegroundRole(QPalette::PlaceholderText);
    const bool hasSecrets = ProfileStore::hasSecrets(request);
    plainText->setEnabled(hasSecrets);
    warning->setVisible(hasSecrets);
    form->addRow(plainText);
    form->addRow(warning);
    auto *buttons =
        new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    dialog.resize(520, dialog.sizeHint().height());
    if (dialog.exec() != QDialog::Accepted || name->text().trimmed().isEmpty())
        return {};
    QSettings().setValue(PlainTextOptInKey, plainText->isChecked());
    const QString saved = name->text().trimmed();
    const ProfileStore::Result result = save(saved, request, plainText->isChecked());
    if (result.secrets == ProfileStore::Secrets::Omitted
        || result.secrets == ProfileStore::Secrets::SettingsFile)
        QMessageBox::warning(m_parent, QStringLiteral("Save profile"),
                             QStringLiteral("Profile saved, but %1.").arg(result.message));
    return saved;
}

QString ProfileMenu::lastProfile() const
{
    return QSettings().value(LastProfileKey).toString();
}

ProfileStore::Result ProfileMenu::save(const QString &name, bool plainTextSecrets)
{
    ConnectionTab *tab = m_current();
    if (!tab)
        return {};
    return save(name, tab->request(), plainTextSecrets);
}

ProfileStore::Result ProfileMenu::save(const QString &name, const RequestTemplate &request,
                                       bool plainTextSecrets)
{
    const ProfileStore::Result result = m_store.save(name, request, plainTextSecrets);
    QSettings().setValue(LastProfileKey, name);
    m_status->showMessage(
        result.message.isEmpty()
            ? QStringLiteral("Profile \"%1\" saved").arg(name)
            : QStringLiteral("Profile \"%1\" saved; %2").arg(name, result.message));
    Q_EMIT profilesChanged();
    return result;
}

void ProfileMenu::remove(const QString &name)
{
    m_store.remove(name);
    m_status->showMessage(QStringLiteral("Profile \"%1\" deleted").arg(name));
    Q_EMIT profilesChanged();
}

bool ProfileMenu::rename(const QString &from, const QString &to)
{
    QString error;
    if (!m_store.rename(from, to.trimmed(), &error)) {
        m_status->showMessage(QStringLiteral("Profile not renamed: ") + error);
        return false;
    }
    if (lastProfile() == from)
        QSettings().setValue(LastProfileKey, to.trimmed());
    m_status->showMessage(QStringLiteral("Profile \"%1\" renamed \"%2\"").arg(from, to.trimmed()));
    Q_EMIT profilesChanged();
    return true;
}

bool ProfileMenu::duplicate(const QString &from, const QString &to)
{
    QString error;
    if (!m_store.copy(from, to.trimmed(), &error)) {
        m_status->showMessage(QStringLiteral("Profile not duplicated: ") + error);
        return false;
    }
    m_status->showMessage(
        QStringLiteral("Profile \"%1\" duplicated as \"%2\"").arg(from, to.trimmed()));
    Q_EMIT profilesChanged();
    return true;
}

bool ProfileMenu::load(const QString &name)
{
    if (!ProfileStore::contains(name))
        return false;
    return load(name, m_freeTab());
}

bool ProfileMenu::load(const QString &name, ConnectionTab *tab)
{
    RequestTemplate request;
    ProfileStore::Result result;
    if (!tab || !m_store.load(name, &request, &result))
        return false;
    tab->setRequest(request);
    QSettings().setValue(LastProfileKey, name);
    m_status->showMessage(
        result.message.isEmpty()
            ? QStringLiteral("Profile \"%1\" loaded").arg(name)
            : QStringLiteral("Profile \"%1\" loaded; %2").arg(name, result.message));
    return true;
}
