// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mcpsessions.h"

#include <QRandomGenerator>

#include <algorithm>
#include <limits>

McpSessions::Session *McpSessions::open(const QByteArray &protocolVersion,
                                        const QByteArray &clientName,
                                        std::unique_ptr<Session> *evicted)
{
    if (int(m_sessions.size()) >= MaxSessions) {
        const auto oldest =
            std::min_element(m_sessions.begin(), m_sessions.end(),
                             [](const auto &a, const auto &b) { return a->usedAt < b->usedAt; });
        *evicted = std::move(*oldest);
        m_sessions.erase(oldest);
    }
    auto session = std::make_unique<Session>();
    session->id = newId();
    session->protocolVersion = protocolVersion;
    session->clientName = clientName;
    session->usedAt = ++m_clock;
    m_sessions.push_back(std::move(session));
    return m_sessions.back().get();
}

McpSessions::Session *McpSessions::find(QByteArrayView id)
{
    for (const auto &session : m_sessions) {
        if (session->id == id) {
            session->usedAt = ++m_clock;
            return session.get();
        }
    }
    return nullptr;
}

std::unique_ptr<McpSessions::Session> McpSessions::remove(QByteArrayView id)
{
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
        if ((*it)->id == id) {
            std::unique_ptr<Session> session = std::move(*it);
            m_sessions.erase(it);
            return session;
        }
    }
    return nullptr;
}

const QList<McpSessions::Session *> McpSessions::all() const
{
    QList<Session *> list;
    list.reserve(qsizetype(m_sessions.size()));
    for (const auto &session : m_sessions)
        list.append(session.get());
    return list;
}

void McpSessions::keep(Session *session, int stream, const QList<ProviderPreset::Frame> &frames)
{
    if (session->kept.size() >= MaxKeptStreams)
        session->kept.removeFirst();
    session->kept.append({stream, frames});
}

const McpSessions::Session::Kept *McpSessions::kept(const Session *session, int stream)
{
    for (const Session::Kept &kept : session->kept) {
        if (kept.stream == stream)
            return &kept;
    }
    return nullptr;
}

QByteArray McpSessions::eventId(int stream, qint64 n)
{
    return 's' + QByteArray::number(stream) + '/' + QByteArray::number(n);
}

bool McpSessions::parseEventId(QByteArrayView id, int *stream, qint64 *n)
{
    const qsizetype slash = id.indexOf('/');
    if (!id.startsWith('s') || slash < 2)
        return false;
    bool ok = false;
    const int k = id.sliced(1, slash - 1).toInt(&ok);
    if (!ok || k < 0)
        return false;
    const qint64 number = id.sliced(slash + 1).toLongLong(&ok);
    if (!ok || number < 0)
        return false;
    *stream = k;
    *n = number;
    return true;
}

QByteArray McpSessions::newId()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex();
}
