// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "sessionactions.h"

#include "connectiontab.h"
#include "io/session.h"
#include "log/eventlog.h"
#include "log/eventtablemodel.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSaveFile>
#include <QStatusBar>

#include <utility>

SessionActions::SessionActions(QWidget *dialogParent, QStatusBar *status, TabGetter current,
                               TabGetter freeTab)
    : QObject(dialogParent)
    , m_parent(dialogParent)
    , m_status(status)
    , m_current(std::move(current))
    , m_freeTab(std::move(freeTab))
{ }

bool SessionActions::save(const QString &fileName, bool includeSecrets, QString *errorMessage)
{
    ConnectionTab *tab = m_current();
    if (!tab)
        return false;
    QString message;
    if (!Session::save(fileName, *tab->log(), tab->options(), includeSecrets, &message)) {
        fail(QStringLiteral("Could not save the session: "), message, errorMessage);
        return false;
    }
    m_status->showMessage(QStringLiteral("Saved %1 entries to %2")
                              .arg(tab->log()->size())
                              .arg(QDir::toNativeSeparators(fileName)));
    return true;
}

bool SessionActions::open(const QString &fileName, QString *errorMessage)
{
    SessionData session;
    QString message;
    if (!Session::open(fileName, &session, &message)) {
        fail(QStringLiteral("Could not open the session: "), message, errorMessage);
        return false;
    }
    ConnectionTab *tab = m_freeTab();
    tab->showSession(session, QFileInfo(fileName).fileName());
    m_status->showMessage(QStringLiteral("Opened %1 (%2 entries)")
                              .arg(QDir::toNativeSeparators(fileName))
                              .arg(tab->log()->size()));
    return true;
}

bool SessionActions::exportEvents(const QString &fileName, QString *errorMessage)
{
    ConnectionTab *tab = m_current();
    if (!tab)
        return false;
    QSaveFile file(fileName);
    QString message;
    bool ok = file.open(QIODevice::WriteOnly);
    if (!ok) {
        message = file.errorString();
    } else {
        ok = fileName.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
            ? Session::exportJson(&file, *tab->log(), tab->model()->logIndexes(), &message)
            : Session::exportCsv(&file, *tab->log(), tab->model()->logIndexes(), &message);
        if (ok && !file.commit()) {
            ok = false;
            message = file.errorString();
        }
    }
    if (!ok) {
        fail(QStringLiteral("Could not export: "), message, errorMessage);
        return false;
    }
    m_status->showMessage(QStringLiteral("Exported %1 rows to %2")
                              .arg(tab->model()->rowCount())
                              .arg(QDir::toNativeSeparators(fileName)));
    return true;
}

void SessionActions::saveAs()
{
    ConnectionTab *tab = m_current();
    if (!tab)
        return;
    const QString fileName = QFileDialog::getSaveFileName(
        m_parent, QStringLiteral("Save session"), QStringLiteral("session.ndjson"),
        QStringLiteral("ssemon sessions (*.ndjson);;All files (*)"));
    if (fileName.isEmpty())
        return;
    bool hasSecrets = !tab->options().url.password().isEmpty();
    for (const auto &header : tab->options().headers)
        hasSecrets = hasSecrets || Session::isSecretHeader(header.first);
    // Secrets stay off the disk unless the user says otherwise, each time.
    bool includeSecrets = false;
    if (hasSecrets) {
        includeSecrets =
            QMessageBox::question(m_parent, QStringLiteral("Save session"),
                                  QStringLiteral("The request carries credentials. Write them into "
                                                 "the file too? (No: they are saved as REDACTED.)"),
                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    }
    QString message;
    if (!save(fileName, includeSecrets, &message))
        QMessageBox::warning(m_parent, QStringLiteral("Save session"), message);
}

void SessionActions::openFile()
{
    const QString fileName = QFileDialog::getOpenFileName(
        m_parent, QStringLiteral("Open session"), QString(),
        QStringLiteral("ssemon sessions and CLI captures (*.ndjson *.jsonl *.json);;"
                       "All files (*)"));
    if (fileName.isEmpty())
        return;
    QString message;
    if (!open(fileName, &message))
        QMessageBox::warning(m_parent, QStringLiteral("Open session"), message);
}

void SessionActions::exportAs()
{
    QString filter;
    const QString fileName = QFileDialog::getSaveFileName(
        m_parent, QStringLiteral("Export the events shown"), QStringLiteral("events.csv"),
        QStringLiteral("CSV (*.csv);;JSON (*.json)"), &filter);
    if (fileName.isEmpty())
        return;
    QString message;
    if (!exportEvents(fileName, &message))
        QMessageBox::warning(m_parent, QStringLiteral("Export events"), message);
}

void SessionActions::fail(const QString &what, const QString &message, QString *errorMessage)
{
    m_status->showMessage(what + message);
    if (errorMessage)
        *errorMessage = message;
}
