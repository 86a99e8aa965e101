// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "requesthistory.h"

#include "profilestore.h"
#include "theme.h"

#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>

namespace {

QIcon stateDot(ClientState state)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(Theme::stateColor(state));
    painter.drawEllipse(QRectF(2, 2, 8, 8));
    return QIcon(pixmap);
}

bool isFinal(ClientState state)
{
    return state == ClientState::Closed || state == ClientState::Failed
        || state == ClientState::Idle;
}

} // namespace

RequestHistory::RequestHistory(const QString &fileName, QObject *parent)
    : QAbstractListModel(parent)
    , m_fileName(fileName)
{
    read();
}

QString RequestHistory::defaultFileName()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/history.ini");
}

void RequestHistory::read()
{
    if (!QFileInfo::exists(m_fileName))
        return;
    QSettings file(m_fileName, QSettings::IniFormat);
    const int count = std::min(file.beginReadArray(QStringLiteral("history")), kMaxEntries);
    for (int i = 0; i < count; ++i) {
        file.setArrayIndex(i);
        Entry e;
        e.id = m_nextId++;
        e.time = file.value(QStringLiteral("time")).toDateTime();
        e.request = ProfileStore::readRequest(file);
        e.leftOut = file.value(QStringLiteral("leftOut")).toStringList();
        e.environment = file.value(QStringLiteral("environment")).toString();
        // A state this version does not know reads as failed: its detail says what it was.
        if (!parseClientState(file.value(QStringLiteral("state")).toString(), &e.state))
            e.state = ClientState::Failed;
        e.detail = file.value(QStringLiteral("detail")).toString();
        e.events = std::max<qint64>(0, file.value(QStringLiteral("events")).toLongLong());
        // An entry without a URL (an edited file) is no request to open again.
        if (!e.request.url.isEmpty())
            m_entries.append(e);
    }
    file.endArray();
}

bool RequestHistory::save(QString *error) const
{
    QDir().mkpath(QFileInfo(m_fileName).absolutePath());
    QSettings file(m_fileName, QSettings::IniFormat);
    file.clear();
    file.beginWriteArray(QStringLiteral("history"), int(m_entries.size()));
    for (int i = 0; i < m_entries.size(); ++i) {
        const Entry &e = m_entries.at(i);
        file.setArrayIndex(i);
        // Credentials were taken out when recorded: nothing secret is left to write.
        ProfileStore::writeRequest(file, e.request, true);
        file.setValue(QStringLiteral("time"), e.time);
        file.setValue(QStringLiteral("leftOut"), e.leftOut);
        file.setValue(QStringLiteral("environment"), e.environment);
        file.setValue(QStringLiteral("state"), clientStateName(e.state));
        file.setValue(QStringLiteral("detail"), e.detail);
        file.setValue(QStringLiteral("events"), e.events);
    }
    file.endArray();
    file.sync();
    if (file.status() != QSettings::NoError) {
        if (error)
            *error = QStringLiteral("the history could not be written to %1")
                         .arg(QDir::toNativeSeparators(m_fileName));
        return false;
    }
    return true;
}

quint64 RequestHistory::record(const RequestTemplate &request, const QString &environment)
{
    Entry e;
    e.id = m_nextId++;
    e.time = QDateTime::currentDateTime();
    e.request = ProfileStore::withoutSecrets(request, &e.leftOut);
    e.request.options.captureRawFrames = false;
    if (e.request.options.body.size() > kMaxBodyBytes) {
        e.leftOut << QStringLiteral("the body (%1 bytes, over %2 KiB)")
                         .arg(e.request.options.body.size())
                         .arg(kMaxBodyBytes / 1024);
        e.request.options.body.clear();
    }
    e.environment = environment;
    if (m_entries.size() >= kMaxEntries) {
        beginRemoveRows({}, kMaxEntries - 1, int(m_entries.size()) - 1);
        m_entries.erase(m_entries.begin() + (kMaxEntries - 1), m_entries.end());
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    m_entries.prepend(e);
    endInsertRows();
    save();
    return e.id;
}

void RequestHistory::setOutcome(quint64 id, ClientState state, const QString &detail, qint64 events)
{
    const int r = row(id);
    if (r < 0)
        return;
    Entry &e = m_entries[r];
    if (e.state == state && e.detail == detail && e.events == events)
        return;
    // Written at each change of state (so that a run that ends abruptly leaves its last state,
    // not "connecting"), and for the final count; not for every event in between.
    const bool write = e.state != state || (isFinal(state) && e.events != events);
    e.state = state;
    e.detail = detail;
    e.events = events;
    Q_EMIT dataChanged(index(r), index(r));
    if (write)
        save();
}

const RequestHistory::Entry *RequestHistory::entry(quint64 id) const
{
    const int r = row(id);
    return r < 0 ? nullptr : &m_entries.at(r);
}

int RequestHistory::row(quint64 id) const
{
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).id == id)
            return i;
    }
    return -1;
}

void RequestHistory::remove(quint64 id)
{
    const int r = row(id);
    if (r < 0)
        return;
    beginRemoveRows({}, r, r);
    m_entries.removeAt(r);
    endRemoveRows();
    save();
}

void RequestHistory::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
    save();
}

int RequestHistory::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QString RequestHistory::outcomeText(const Entry &e)
{
    QString text = clientStateName(e.state);
    if (!e.detail.isEmpty())
        text += QStringLiteral(": ") + e.detail;
    return text
        + QStringLiteral(" · %1 event%2")
              .arg(QLocale().toString(e.events), e.events == 1 ? QString() : QStringLiteral("s"));
}

QVariant RequestHistory::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const Entry &e = m_entries.at(index.row());
    const QString when = e.time.date() == QDate::currentDate()
        ? QLocale().toString(e.time.time(), QLocale::ShortFormat)
        : QLocale().toString(e.time, QLocale::ShortFormat);
    const QString method = QString::fromUtf8(e.request.options.method);
    switch (role) {
    case Qt::DisplayRole:
        return QString(method + QLatin1Char(' ') + e.request.url + QLatin1Char('\n') + when
                       + QStringLiteral(" · ") + outcomeText(e));
    case Qt::ToolTipRole: {
        QStringList lines;
        lines << QStringLiteral("<b>%1 %2</b>").arg(method, e.request.url.toHtmlEscaped());
        lines
            << QStringLiteral("Connected %1").arg(QLocale().toString(e.time, QLocale::LongFormat));
        lines << outcomeText(e).toHtmlEscaped();
        if (!e.environment.isEmpty())
            lines << QStringLiteral("Environment: %1").arg(e.environment.toHtmlEscaped());
        if (!e.request.options.headers.isEmpty())
            lines << QStringLiteral("%1 header(s)").arg(e.request.options.headers.size());
        if (!e.request.options.body.isEmpty())
            lines << QStringLiteral("Body: %1 bytes").arg(e.request.options.body.size());
        lines << (e.leftOut.isEmpty()
                      ? QStringLiteral("<i>The history keeps no credentials (this request had "
                                       "none).</i>")
                      : QStringLiteral("<i>The history keeps no credentials: left out %1.</i>")
                            .arg(e.leftOut.join(QStringLiteral(", ")).toHtmlEscaped()));
        return lines.join(QStringLiteral("<br>"));
    }
    case Qt::DecorationRole:
        return stateDot(e.state);
    case IdRole:
        return e.id;
    case FilterRole:
        return QString(method + QLatin1Char(' ') + e.request.url + QLatin1Char(' ') + outcomeText(e)
                       + QLatin1Char(' ') + e.environment);
    case StateRole:
        return int(e.state);
    default:
        return {};
    }
}
