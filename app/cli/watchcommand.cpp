// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "cliargs.h"
#include "commands.h"
#include "output.h"
#include "signalwatcher.h"

#include "client/requestbuilder.h"
#include "client/sseclient.h"
#include "http/headerline.h"
#include "io/recordformatter.h"
#include "lens/lensregistry.h"
#include "server/mockserver.h"
#include "sse/jsonpointer.h"

#include <QCoreApplication>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <limits>
#include <memory>
#include <unistd.h>

namespace {

// Prints the client's records as they arrive and decides when to stop. With `--text`
// (`diagnostics` set) standard output gets only the answer text the lens assembles, and
// standard error the problems and, at the end, the lens's summary.
class Watcher : public QObject
{
public:
    Watcher(SseClient *client, RecordFormatter *formatter, qint64 maxEvents, bool lensReported,
            RecordFormatter *diagnostics)
        : m_client(client)
        , m_formatter(formatter)
        , m_diagnostics(diagnostics)
        , m_maxEvents(maxEvents)
        , m_lensReported(lensReported)
    {
        connect(client, &SseClient::recordsReady, this, &Watcher::print);
        connect(client, &SseClient::finished, this, &Watcher::finish);
    }

    void stop(const QString &reason, int exitCode)
    {
        if (m_stopping)
            return;
        m_stopping = true;
        m_exitOverride = exitCode;
        m_client->close(reason);
    }

private:
    void print(const ClientBatch &batch)
    {
        for (const ClientRecord &record : batch.records) {
            if (record.kind == ClientRecord::Kind::Event) {
                if (m_limitReached)
                    continue;
                ++m_events;
            } else if (record.kind == ClientRecord::Kind::Retry) {
                m_retryMs = record.retryMs;
            } else if (m_limitReached && record.kind != ClientRecord::Kind::State) {
                continue;
            }
            if (record.lens) {
                m_lens = record.lens;
                m_lensConn = record.conn;
            }
            if (m_diagnostics)
                printText(record);
            else
                m_formatter->appendRecord(m_out, record);
            if (record.kind == ClientRecord::Kind::Event && m_maxEvents > 0
                && m_events >= m_maxEvents) {
                m_limitReached = true;
                // Events past the limit may already be in this batch; the end record names
                // the id to resume from after what was printed.
                m_lastPrintedId = record.event.id;
            }
        }
        if (!m_out.isEmpty()) {
            if (!Output::writeAll(STDOUT_FILENO, m_out)) {
                // The reader went away (e.g. `| head`): nothing left to print to.
                m_out.clear();
                m_client->close(QStringLiteral("standard output closed"));
                QCoreApplication::exit(ExitFailed);
                return;
            }
            m_out.resize(0);
        }
        writeDiagnostics();
        if (m_limitReached)
            stop(QStringLiteral("event limit reached"), ExitOk);
    }

    void finish(ClientState state)
    {
        RecordFormatter::EndSummary end;
        const SseClientStats stats = m_client->stats();
        end.lastEventId = m_limitReached ? m_lastPrintedId : stats.lastEventId;
        end.retryMs = m_retryMs;
        end.events = m_events;
        end.reconnects = stats.reconnects;
        end.lost = stats.lost;
        end.duplicates = stats.duplicates;
        end.bytes = stats.bytes;
        end.lensReported = m_lensReported;
        end.lens = m_lens;
        end.lensConn = m_lensConn;
        if (m_diagnostics) {
            // The answer ends where it ended; a terminal's prompt goes on a line of its own.
            if (m_answerOpen && Output::isTerminal(STDOUT_FILENO))
                Output::writeAll(STDOUT_FILENO, QByteArray("\n"));
            if (m_lens && !m_lens->facts.lens.isEmpty()) {
                m_diagnostics->appendLensSummaryText(m_err, m_lens->facts, m_lensConn);
            } else {
                m_err.append("ssemon-cli watch: no lens recognised this stream (--lens "
                             "auto reads OpenAI, Anthropic, Gemini and MCP streams): no answer "
                             "text to print\n");
                if (m_lens)
                    m_diagnostics->appendLensExtraText(m_err, m_lens->facts);
            }
            writeDiagnostics();
        } else {
            m_formatter->appendEnd(m_out, end);
            Output::writeAll(STDOUT_FILENO, m_out);
        }
        m_out.clear();
        int code = state == ClientState::Failed ? ExitFailed : ExitOk;
        if (m_exitOverride >= 0 && state != ClientState::Failed)
            code = m_exitOverride;
        QCoreApplication::exit(code);
    }

    // --text: the answer to standard output; errors, a failed or reconnecting state and lens
    // problems to standard error.
    void printText(const ClientRecord &record)
    {
        if (record.kind == ClientRecord::Kind::Event && !record.lensText.isEmpty()) {
            m_out.append(record.lensText);
            m_answerOpen = !record.lensText.endsWith('\n');
        }
        const bool diagnostic = record.kind == ClientRecord::Kind::Error
            || (record.kind == ClientRecord::Kind::State
                && (record.state == ClientState::Failed
                    || record.state == ClientState::Reconnecting));
        if (diagnostic) {
            ClientRecord shown = record;
            shown.lens.reset();
            m_diagnostics->appendRecord(m_err, shown);
        }
        if (!record.lens)
            return;
        LensReport problems;
        for (const LensChange &change : record.lens->changes) {
            if (change.what == LensChange::What::Problem)
                problems.changes.append(change);
        }
        if (problems.changes.isEmpty())
            return;
        problems.facts = record.lens->facts;
        m_diagnostics->appendLens(m_err, problems, record.conn,
                                  m_diagnostics->sinceOrigin(record.monotonicNs));
    }

    void writeDiagnostics()
    {
        if (m_err.isEmpty())
            return;
        Output::writeAll(STDERR_FILENO, m_err);
        m_err.resize(0);
    }

    SseClient *m_client;
    RecordFormatter *m_formatter;
    RecordFormatter *m_diagnostics;
    qint64 m_maxEvents;
    bool m_lensReported;
    std::shared_ptr<const LensReport> m_lens; // the last report: the facts for the end record
    int m_lensConn = 0;
    QByteArray m_err;
    bool m_answerOpen = false;
    qint64 m_events = 0;
    qint64 m_retryMs = -1;
    QByteArray m_lastPrintedId;
    QByteArray m_out;
    bool m_limitReached = false;
    bool m_stopping = false;
    int m_exitOverride = -1;
};

} // namespace

int runWatch(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Connects to an SSE endpoint and prints what happens as records. Without URL it "
        "starts the embedded mock server and watches that.\n"
        "Exit status: 0 when a limit was reached, the server sent 204 (or 202 to a non-GET "
        "request) or the stream ended "
        "without reconnecting; 2 when the connection failed; 64 for a usage error; 130 "
        "when interrupted."));
    parser.addHelpOption();
    const QCommandLineOption maxEvents(QStringLiteral("max-events"),
                                       QStringLiteral("Stop after N events."), QStringLiteral("N"));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Stop after S seconds."), QStringLiteral("S"));
    const QCommandLineOption idleTimeout(
        QStringLiteral("idle-timeout"),
        QStringLiteral("Reconnect when nothing arrives for S seconds (default off)."),
        QStringLiteral("S"));
    const QCommandLineOption retryMs(
        QStringLiteral("retry-ms"),
        QStringLiteral("Reconnection time until the server sends retry: (default 3000)."),
        QStringLiteral("N"));
    const QCommandLineOption backoffCap(
        QStringLiteral("backoff-cap-ms"),
        QStringLiteral("Upper bound of the backoff (default 60000)."), QStringLiteral("N"));
    const QCommandLineOption noReconnect(QStringLiteral("no-reconnect"),
                                         QStringLiteral("Stop when the stream ends."));
    const QCommandLineOption maxReconnects(
        QStringLiteral("max-reconnects"),
        QStringLiteral("Give up after N consecutive failed reconnects (default: never)."),
        QStringLiteral("N"));
    const QCommandLineOption resilient(QStringLiteral("resilient"),
                                       QStringLiteral("Retry 5xx and 429 with backoff."));
    const QCommandLineOption compressed(QStringLiteral("compressed"),
                                        QStringLiteral("Accept gzip/deflate/br responses."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print NDJSON records."));
    QStringList lensHelp;
    for (const LensRegistry::Entry &entry : LensRegistry::entries())
        lensHelp.append(QString::fromLatin1(entry.name) + QStringLiteral(": ") + entry.description);
    const QCommandLineOption lens(
        QStringLiteral("lens"),
        QStringLiteral("Read the stream as an LLM or MCP protocol and report what it means (lens "
                       "records, a summary at the end): auto (default: recognised from the "
                       "request and the first events), none, or one of: ")
            + lensHelp.join(QStringLiteral("; ")) + QStringLiteral("."),
        QStringLiteral("name"));
    const QCommandLineOption latencyField(
        QStringLiteral("latency-field"),
        QStringLiteral("A JSON Pointer (/timestamp) to the time each event's data says it was "
                       "sent: the lens summary adds each event's latency (arrival minus that "
                       "time: p50, p99, max), counting timestamps ahead of this clock apart. "
                       "The value: seconds since the Unix epoch (a fraction allowed), "
                       "milliseconds when it is 10^11 or more, either as a number or a string, "
                       "or an ISO 8601 time with its offset (2026-01-02T03:04:05.678Z)."),
        QStringLiteral("pointer"));
    const QCommandLineOption text(
        QStringLiteral("text"),
        QStringLiteral("Print only the answer the lens assembles, as it streams (MCP: the text "
                       "content of tools/call results); problems and the lens summary go to "
                       "standard error."));
    parser.addOptions({maxEvents, duration, idleTimeout, retryMs, backoffCap, noReconnect,
                       maxReconnects, resilient, compressed, json, lens, latencyField, text});
    parser.addPositionalArgument(QStringLiteral("URL"),
                                 QStringLiteral("http:// or https:// URL of the stream."),
                                 QStringLiteral("[URL]"));
    CliArgs args(parser, QStringLiteral("watch"));
    args.addRequestOptions();
    if (!args.parse(arguments))
        return ExitUsage;
    if (parser.isSet(QStringLiteral("help"))) {
        args.printHelp();
        return ExitOk;
    }

    SseClientOptions options;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        args.usageError(QStringLiteral("takes one URL, got %1 arguments").arg(positional.size()));
        return ExitUsage;
    }
    if (!positional.isEmpty()) {
        QString error;
        if (!RequestBuilder::parseUrl(positional.first(), &options.url, &error)) {
            args.usageError(error);
            return ExitUsage;
        }
    }
    if (!args.readRequestOptions(&options))
        return ExitUsage;

    qint64 limit = 0;
    if (!args.integer(maxEvents, 1, std::numeric_limits<qint64>::max(), &limit))
        return ExitUsage;
    qint64 durationMs = 0;
    if (!args.seconds(duration, &durationMs))
        return ExitUsage;
    if (!args.seconds(idleTimeout, &options.idleTimeoutMs))
        return ExitUsage;
    if (!args.integer(retryMs, 0, 24LL * 3600 * 1000, &options.retryMs))
        return ExitUsage;
    if (!args.integer(backoffCap, 0, 24LL * 3600 * 1000, &options.backoffCapMs))
        return ExitUsage;
    qint64 reconnects = options.maxReconnects;
    if (!args.integer(maxReconnects, 0, 1000000000, &reconnects))
        return ExitUsage;
    options.maxReconnects = int(reconnects);
    options.reconnect = !parser.isSet(noReconnect);
    options.resilient = parser.isSet(resilient);
    options.compression = parser.isSet(compressed);
    const qint64 originNs = monotonicNowNs();
    // No URL: a newcomer sees events at once from the embedded mock server.
    std::unique_ptr<MockServer> embedded;
    if (options.url.isEmpty()) {
        embedded = std::make_unique<MockServer>();
        QString error;
        if (!embedded->start(&error)) {
            Output::writeAll(STDERR_FILENO,
                             QByteArray("ssemon-cli watch: cannot start the embedded mock server: "
                                        + error.toUtf8() + '\n'));
            return ExitFailed;
        }
        options.url = embedded->url();
        Output::writeAll(STDERR_FILENO,
                         QByteArray("ssemon-cli watch: no URL given, watching the embedded mock "
                                    "server at "
                                    + options.url.toEncoded() + " (Ctrl-C to stop)\n"));
    }

    if (parser.isSet(lens)) {
        options.lens = parser.value(lens).toUtf8();
        if (!LensRegistry::isChoice(options.lens)) {
            QStringList names;
            for (const QByteArray &name : LensRegistry::choices())
                names.append(QString::fromLatin1(name));
            args.usageError(QStringLiteral("--lens \"%1\" is not one of %2")
                                .arg(parser.value(lens), names.join(QStringLiteral(", "))));
            return ExitUsage;
        }
    }
    if (parser.isSet(latencyField)) {
        options.latencyField = parser.value(latencyField);
        JsonPointer pointer;
        QString error;
        if (!JsonPointer::parse(options.latencyField, &pointer, &error) || pointer.isRoot()) {
            args.usageError(QStringLiteral("--latency-field \"%1\": %2")
                                .arg(options.latencyField,
                                     error.isEmpty() ? QStringLiteral("names no field") : error));
            return ExitUsage;
        }
        if (options.lens == "none") {
            args.usageError(QStringLiteral("--latency-field is reported with the lens facts: it "
                                           "cannot be used with --lens none"));
            return ExitUsage;
        }
    }
    const bool textOnly = parser.isSet(text);
    if (textOnly && parser.isSet(json)) {
        args.usageError(QStringLiteral("--text and --json cannot be used together"));
        return ExitUsage;
    }
    if (textOnly && options.lens == "none") {
        args.usageError(QStringLiteral("--text prints the answer a lens assembles: it cannot be "
                                       "used with --lens none"));
        return ExitUsage;
    }

    const bool asJson = parser.isSet(json);
    RecordFormatter formatter(asJson ? RecordFormatter::Style::Json : RecordFormatter::Style::Text,
                              !asJson && Output::wantsColor(STDOUT_FILENO));
    formatter.setOrigin(originNs);
    SseClient client;
    client.setOptions(options);
    RecordFormatter diagnostics(RecordFormatter::Style::Text, Output::wantsColor(STDERR_FILENO));
    diagnostics.setOrigin(originNs);
    Watcher watcher(&client, &formatter, limit, options.lens != "none",
                    textOnly ? &diagnostics : nullptr);
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &watcher,
                     [&watcher] { watcher.stop(QStringLiteral("interrupted"), ExitInterrupted); });
    if (durationMs > 0) {
        QTimer::singleShot(durationMs, &watcher, [&watcher] {
            watcher.stop(QStringLiteral("duration reached"), ExitOk);
        });
    }
    client.open();
    return QCoreApplication::exec();
}
