// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "keychainsecretstore.h"

#include <QEventLoop>
#include <QTimer>

#ifdef SSEMON_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
#ifndef SSEMON_HAVE_KEYCHAIN
    m_broken = QStringLiteral("this build has no keychain support (QtKeychain)");
#endif
}

QString KeychainSecretStore::description() const
{
    return QStringLiteral("the system keychain");
}

bool KeychainSecretStore::write(const QString &key, const QByteArray &secret, QString *errorMessage)
{
    QByteArray data = secret;
    return run(Operation::Write, key, &data, errorMessage);
}

bool KeychainSecretStore::read(const QString &key, QByteArray *secret, QString *errorMessage)
{
    return run(Operation::Read, key, secret, errorMessage);
}

bool KeychainSecretStore::remove(const QString &key, QString *errorMessage)
{
    return run(Operation::Remove, key, nullptr, errorMessage);
}

bool KeychainSecretStore::run(Operation operation, const QString &key, QByteArray *data,
                              QString *errorMessage)
{
    auto fail = [errorMessage](const QString &message) {
        if (errorMessage)
            *errorMessage = message;
        return false;
    };
    if (!m_broken.isEmpty())
        return fail(QStringLiteral("system keychain unavailable: ") + m_broken);
#ifdef SSEMON_HAVE_KEYCHAIN
    QKeychain::Job *job = nullptr;
    switch (operation) {
    case Operation::Read:
        job = new QKeychain::ReadPasswordJob(m_service, this);
        break;
    case Operation::Write: {
        auto *write = new QKeychain::WritePasswordJob(m_service, this);
        write->setBinaryData(*data);
        job = write;
        break;
    }
    case Operation::Remove:
        job = new QKeychain::DeletePasswordJob(m_service, this);
        break;
    }
    // Never a plain-text file behind the user's back: that is an explicit opt-in elsewhere.
    job->setInsecureFallback(false);
    job->setAutoDelete(false);
    job->setKey(key);

    QEventLoop loop;
    bool finished = false;
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QByteArray result;
    connect(job, &QKeychain::Job::finished, &loop, [&](QKeychain::Job *done) {
        finished = true;
        error = done->error();
        errorString = done->errorString();
        if (auto *readJob = qobject_cast<QKeychain::ReadPasswordJob *>(done))
            result = readJob->binaryData();
        loop.quit();
    });
    QTimer::singleShot(m_timeoutMs, &loop, &QEventLoop::quit);
    job->start();
    if (!finished)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (!finished) {
        // The job may still answer one day; it is deleted then (or with this store), and its
        // answer goes nowhere because the loop it reported to is gone.
        connect(job, &QKeychain::Job::finished, job, &QObject::deleteLater);
        m_broken = QStringLiteral("no answer within %1 s").arg(m_timeoutMs / 1000.0);
        return fail(QStringLiteral("system keychain unavailable: ") + m_broken);
    }
    job->deleteLater();
    switch (error) {
    case QKeychain::NoError:
        if (operation == Operation::Read)
            *data = result;
        return true;
    case QKeychain::EntryNotFound:
        if (operation == Operation::Remove)
            return true;
        return fail(QStringLiteral("no keychain entry for \"%1\"").arg(key));
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return fail(
            QStringLiteral("system keychain: access denied")
            + (errorString.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(errorString)));
    case QKeychain::CouldNotDeleteEntry:
        return fail(
            QStringLiteral("system keychain: could not delete \"%1\": %2").arg(key, errorString));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        break;
    }
    // Without a keyring daemon QtKeychain says only "Unknown error": say what it means.
    m_broken = errorString.isEmpty() || errorString == QLatin1String("Unknown error")
        ? QStringLiteral("no keyring service (Secret Service or KWallet) answered")
        : errorString;
    return fail(QStringLiteral("system keychain unavailable: ") + m_broken);
#else
    Q_UNUSED(operation);
    Q_UNUSED(key);
    Q_UNUSED(data);
    return fail(QStringLiteral("system keychain unavailable: ") + m_broken);
#endif
}
