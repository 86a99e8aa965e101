// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"
#include "client/sseclientoptions.h"

#include <QList>
#include <QString>

class EventLog;
class QIODevice;

// What a session file holds: the request it was captured with and the records.
struct SessionData
{
    SseClientOptions request; // url, method, headers, body, lastEventId (secrets redacted)
    bool hasHeader = false; // false for a plain `ssemon-cli watch --json` capture
    qint64 startedUnixUs = 0; // wall-clock time of t_ms 0, in microseconds (0: unknown)
    // Every record in file order: events, comments, pings, state and retry changes, errors;
    // monotonicNs = t_ms in ns.
    QList<ClientRecord> records;
    // The counters as far as the records tell: counted from them (events, comments,
    // heartbeats, connections, reconnects, uptime, downtime, latency, retry, last id), with
    // the `end` record's totals (events, reconnects, lost, duplicates) where there is one.
    SseClientStats stats;
    bool hasEnd = false;
    // What the stream's lens understood when the session was saved (its `lens_facts` record),
    // and the connection it read; null without one.
    std::shared_ptr<const LensReport> lens;
    int lensConn = 0;
};

// Sessions on disk: NDJSON in the CLI's record format (RecordFormatter), after one
// `{"kind":"session",...}` line with the request, so that `ssemon-cli watch --json` output
// opens too and a saved session can be read with the same tools. Every record the client
// reported is written (the log's notes: state and retry changes, errors, pings) in the order it
// came, and read back. Secrets (credential headers,
// the URL's password, token-like query items) are replaced by "REDACTED" unless asked for.
// Exports write chosen entries of a log (the rows a view shows) as CSV or a JSON array.
class Session
{
public:
    static constexpr int FormatVersion = 1;

    // The request as it is written: secrets replaced unless includeSecrets.
    static SseClientOptions redacted(const SseClientOptions &request);
    static bool isSecretHeader(QByteArrayView name);

    static bool write(QIODevice *device, const EventLog &log, const SseClientOptions &request,
                      bool includeSecrets, QString *errorMessage = nullptr);
    static bool save(const QString &fileName, const EventLog &log, const SseClientOptions &request,
                     bool includeSecrets, QString *errorMessage = nullptr);

    // A record (one line) can carry a 64 MiB event escaped as JSON; past this a file is not a
    // session, and reading it stops instead of taking the memory.
    static constexpr qint64 MaxLineBytes = qint64(512) * 1024 * 1024;

    // Malformed input fails with the line number and what is wrong with it.
    static bool read(QIODevice *device, SessionData *session, QString *errorMessage = nullptr,
                     qint64 maxLineBytes = MaxLineBytes);
    static bool open(const QString &fileName, SessionData *session,
                     QString *errorMessage = nullptr);

    // The entries of `log` at `indexes` (absolute indexes the log holds, in the order given:
    // EventTableModel::logIndexes() for the rows a table shows), every field, data in full.
    static bool exportCsv(QIODevice *device, const EventLog &log, const QList<qint64> &indexes,
                          QString *errorMessage = nullptr);
    static bool exportJson(QIODevice *device, const EventLog &log, const QList<qint64> &indexes,
                           QString *errorMessage = nullptr);
};
