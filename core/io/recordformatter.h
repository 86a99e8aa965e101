// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"
#include "faults/faultreport.h"
#include "lens/lensfacts.h"
#include "server/mockrecords.h"
#include "util/jsonwriter.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

class QUrl;
struct FaultReport;

// Writes ssemon-cli's records (the README's "Records" table) into a caller-owned
// buffer, either as NDJSON, one object per line, or as aligned human-readable lines with
// optional ANSI colours. Times are given in microseconds since the command started.
class RecordFormatter
{
public:
    enum class Style { Json, Text };

    struct EndSummary
    {
        QByteArray lastEventId;
        qint64 retryMs = -1; // -1: the server never sent retry:
        qint64 events = 0;
        qint64 reconnects = 0;
        qint64 lost = 0;
        qint64 duplicates = 0;
        qint64 bytes = -1; // body bytes received (read, for parse); -1: not known, left out
        // With a lens (`watch --lens`, not none): the record has a "lens" member, the summary
        // of the last stream a lens read (`lensConn`), or null when none did.
        bool lensReported = false;
        std::shared_ptr<const LensReport> lens;
        int lensConn = 0;
    };

    explicit RecordFormatter(Style style = Style::Json, bool color = false);

    Style style() const { return m_style; }
    // The monotonic time (ns, monotonicNowNs()) that t_ms counts from.
    void setOrigin(qint64 monotonicNs) { m_originNs = monotonicNs; }
    void startClock() { m_originNs = monotonicNowNs(); }
    qint64 origin() const { return m_originNs; }
    // Microseconds since the origin, never decreasing from one call to the next.
    qint64 sinceOrigin(qint64 monotonicNs);
    qint64 elapsedUs() { return sinceOrigin(monotonicNowNs()); }

    void appendEvent(QByteArray &out, QByteArrayView type, QByteArrayView data, QByteArrayView id,
                     qint64 seq, int conn, qint64 tUs);
    void appendEvent(QByteArray &out, const SseEvent &event, qint64 seq, int conn, qint64 tUs)
    {
        appendEvent(out, event.type, event.data, event.id, seq, conn, tUs);
    }
    void appendComment(QByteArray &out, QByteArrayView text, int conn, qint64 tUs);
    void appendRetry(QByteArray &out, qint64 ms, int conn, qint64 tUs);
    void appendError(QByteArray &out, const QString &message, int conn, qint64 tUs);
    void appendEnd(QByteArray &out, const EndSummary &end);
    // Any client record (its time is converted with sinceOrigin()), followed by a `lens` record
    // for each change its lens report holds.
    void appendRecord(QByteArray &out, const ClientRecord &record);
    // One `lens` record per change of the report.
    void appendLens(QByteArray &out, const LensReport &report, int conn, qint64 tUs);
    // The lens summary in the human form (what `end` adds to the text form), lines of its own.
    void appendLensSummaryText(QByteArray &out, const LensFacts &facts, int conn);
    // Its MCP and generic lines (LensRecords::summaryLines), and its problems: what a stream no
    // lens read still has to say.
    void appendLensExtraText(QByteArray &out, const LensFacts &facts);
    void appendLensProblemsText(QByteArray &out, const LensFacts &facts);

    // The mock server's log (`serve`, on stderr).
    void appendListening(QByteArray &out, const QUrl &url);
    void appendRequest(QByteArray &out, const MockRequestInfo &info, qint64 tUs);
    void appendDisconnect(QByteArray &out, const MockDisconnectInfo &info, qint64 tUs);
    // A fault acted out, by the mock server or the tap proxy (the same record for both).
    void appendFault(QByteArray &out, const FaultReport &info, qint64 tUs);
    // A scenario step that ran (error empty when it went well), and the scenario's end.
    void appendScenarioStep(QByteArray &out, const QString &scenario, const QString &step,
                            const QString &action, const QString &error, qint64 tUs);
    void appendScenarioFinished(QByteArray &out, const QString &scenario, qint64 tUs);
    // Accepting stopped (`reason` set: out of file descriptors, ...) or started again (empty).
    void appendAccept(QByteArray &out, const QString &reason, qint64 tUs);

private:
    // Opens a JSON record with its kind; the caller adds the members and the closing "}\n".
    static JsonWriter::Members beginJson(QByteArray &out, QByteArrayView kind);
    void beginText(QByteArray &out, qint64 tUs, QByteArrayView label, const char *color);
    void appendState(QByteArray &out, const ClientRecord &record, qint64 tUs);
    static QByteArray peerText(const QHostAddress &peer, quint16 port);
    void appendPing(QByteArray &out, const ClientRecord &record, qint64 tUs);
    void appendTiming(QByteArray &out, const ClientRecord &record, qint64 tUs);
    // The members a lens summary has in the `end` record and the `lens` end record.
    static void appendLensSummaryMembers(JsonWriter::Members &json, const LensFacts &facts);
    void appendLensText(QByteArray &out, const LensFacts &facts, const LensChange &change,
                        qint64 tUs);
    const char *color(const char *code) const { return m_color ? code : ""; }

    Style m_style;
    bool m_color;
    qint64 m_originNs = 0;
    qint64 m_lastUs = 0;
};
