// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "eventhistory.h"
#include "providerpreset.h"

#include <QByteArray>
#include <QList>

#include <memory>

// The MCP preset's sessions, bounded: each opened by an initialize (its id cryptographically
// random), used by id, ended by DELETE or evicted, least recently used first, when a new one
// would pass the cap. A session keeps what a resuming client may ask for again: its
// server→client (GET) stream's recent events in an EventHistory ring, and the events of its
// last POST streams. Event ids name their stream: `s<k>/<n>`, k 0 for the GET stream.
class McpSessions
{
public:
    static constexpr int MaxSessions = 64;
    static constexpr int MaxKeptStreams = 8; // POST streams a session keeps for resuming
    static constexpr int MaxListenHistory = 256; // GET stream events kept per session

    struct Session
    {
        QByteArray id;
        QByteArray protocolVersion;
        QByteArray clientName;
        QByteArray logLevel = QByteArrayLiteral("info");
        quint64 usedAt = 0; // the table's clock at the last use, for eviction
        int nextStream = 1; // the next POST stream's k
        // The POST streams kept, oldest first: k and its events (each with its id).
        struct Kept
        {
            int stream = 0;
            QList<ProviderPreset::Frame> frames;
        };
        QList<Kept> kept;
        // The GET stream: whether one was ever opened (its events are then made while no
        // client listens, so that a resume finds them), the client listening now (0: none),
        // and its events.
        bool listened = false;
        int listener = 0;
        qint64 nextListenEvent = 1;
        EventHistory listenHistory {MaxListenHistory};
    };

    // A new session; `evicted` gets the session pushed out to make room (its listener, if any,
    // must be ended by the caller).
    Session *open(const QByteArray &protocolVersion, const QByteArray &clientName,
                  std::unique_ptr<Session> *evicted);
    Session *find(QByteArrayView id);
    std::unique_ptr<Session> remove(QByteArrayView id);
    const QList<Session *> all() const;
    int count() const { return int(m_sessions.size()); }
    void clear() { m_sessions.clear(); }

    // Keeps a POST stream's events (at most MaxKeptStreams per session).
    static void keep(Session *session, int stream, const QList<ProviderPreset::Frame> &frames);
    static const Session::Kept *kept(const Session *session, int stream);

    // "s<k>/<n>" and back; false when `id` is not one of ours.
    static QByteArray eventId(int stream, qint64 n);
    static bool parseEventId(QByteArrayView id, int *stream, qint64 *n);
    // 32 hex digits from the system's cryptographically secure generator.
    static QByteArray newId();

private:
    std::vector<std::unique_ptr<Session>> m_sessions;
    quint64 m_clock = 0;
};
