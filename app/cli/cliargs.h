// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/sseclientoptions.h"
#include "control/controlserver.h"
#include "faults/fault.h"
#include "faults/scenario.h"
#include "sse/sseparser.h"

#include <functional>

#include <QByteArrayView>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

class QSaveFile;

// Exit statuses of ssemon-cli, as the README documents them: 0 done, 1 an expectation of
// `check` failed, 2 failed, 64 usage error, 130 interrupted.
enum ExitCode {
    ExitOk = 0,
    ExitExpectationFailed = 1,
    ExitFailed = 2,
    ExitUsage = 64,
    ExitInterrupted = 130
};

// Reading option values with range checks. A bad value is a usage error: the functions print
// "ssemon-cli <command>: <message>" to stderr and report false, and the caller exits 64.
class CliArgs
{
public:
    CliArgs(QCommandLineParser &parser, QString command);

    // Parses `arguments` (argv-like, the command name first). False after printing the error.
    bool parse(const QStringList &arguments);
    bool usageError(const QString &message) const;
    // Prints the help on stdout, its usage line naming the command (not argv[0]).
    void printHelp() const;

    // The file an option names for a report (check --junit, doctor --html), opened before
    // anything starts: a path that cannot be written is a usage error ("--junit FILE: why"),
    // not a report lost after a long run. False after printing it.
    bool openOutputFile(const QCommandLineOption &option, QSaveFile *file) const;
    // Writes `bytes` to a file openOutputFile() opened and commits it. False after printing
    // "ssemon-cli <command>: cannot write FILE: why" (the caller exits ExitFailed).
    bool commitOutputFile(QSaveFile *file, QByteArrayView bytes) const;

    bool integer(const QCommandLineOption &option, qint64 min, qint64 max, qint64 *value) const;
    // Seconds as a decimal (e.g. 0.5), returned in milliseconds.
    bool seconds(const QCommandLineOption &option, qint64 *milliseconds) const;

    // The request of a stream, shared by watch and doctor (the URL aside): -H, -X, -d,
    // --data-file, --last-event-id, --head-timeout, --retry-post, -k, --ca-file, --proxy,
    // --transport, --http2-prior-knowledge, --cookies, --qnam-backlog-bytes, and the limits
    // (addLimitOptions()).
    void addRequestOptions();
    // Reads and checks them into `options`. False after printing the usage error.
    bool readRequestOptions(SseClientOptions *options) const;

    // --max-line-bytes and --max-event-bytes, shared by the commands that parse streams.
    void addLimitOptions();
    bool readLimits(SseParserLimits *limits) const;

    // --fault, --fault-seed, --scenario, --list-faults, --list-scenarios (serve and proxy).
    void addFaultOptions();
    // Handles --list-faults and --list-scenarios (true: printed, exit 0).
    bool printFaultLists() const;
    // Reads and checks every --fault and the --scenario before anything starts; `canApply`
    // says whether the command can act a fault out. False after printing the usage error.
    bool readFaults(const std::function<bool(const Fault &, QString *)> &canApply,
                    QList<Fault> *faults, Scenario *scenario, bool *hasScenario,
                    qint64 *seed) const;

    // --control PORT, --control-bind ADDR, --control-token TOKEN (serve and proxy).
    void addControlOptions();
    // False after printing the usage error: a bind or token without --control, or a
    // non-loopback bind without a token.
    bool readControlOptions(ControlServerOptions *options, bool *enabled) const;

    QCommandLineParser &parser() const { return m_parser; }

private:
    QCommandLineParser &m_parser;
    QString m_command;
    QCommandLineOption m_header {{QStringLiteral("H"), QStringLiteral("header")},
                                 QStringLiteral("Request header \"Name: value\" (repeatable)."),
                                 QStringLiteral("header")};
    QCommandLineOption m_method {{QStringLiteral("X"), QStringLiteral("method")},
                                 QStringLiteral("Request method (default GET)."),
                                 QStringLiteral("method")};
    QCommandLineOption m_data {{QStringLiteral("d"), QStringLiteral("data")},
                               QStringLiteral("Request body (implies POST unless -X)."),
                               QStringLiteral("body")};
    QCommandLineOption m_dataFile {QStringLiteral("data-file"),
                                   QStringLiteral("Read the request body from a file."),
                                   QStringLiteral("file")};
    QCommandLineOption m_lastEventId {QStringLiteral("last-event-id"),
                                      QStringLiteral("Initial Last-Event-ID."),
                                      QStringLiteral("id")};
    QCommandLineOption m_headTimeout {
        QStringLiteral("head-timeout"),
        QStringLiteral("Give up on an attempt (and reconnect) when the response head has not "
                       "arrived within S seconds of sending the request (default 30; 0 = no "
                       "limit)."),
        QStringLiteral("S")};
    QCommandLineOption m_retryPost {QStringLiteral("retry-post"),
                                    QStringLiteral("Allow replaying a non-GET request on "
                                                   "reconnect.")};
    QCommandLineOption m_insecure {{QStringLiteral("k"), QStringLiteral("insecure")},
                                   QStringLiteral("Ignore TLS certificate errors (they are "
                                                  "still reported).")};
    QCommandLineOption m_caFile {QStringLiteral("ca-file"),
                                 QStringLiteral("Trust the CA certificates in this PEM file."),
                                 QStringLiteral("file")};
    QCommandLineOption m_proxy {QStringLiteral("proxy"),
                                QStringLiteral("Proxy: \"system\" (default), \"none\" or a URL "
                                               "(http://host:port, socks5://host:port)."),
                                QStringLiteral("proxy")};
    QCommandLineOption m_transport {
        QStringLiteral("transport"),
        QStringLiteral("auto (default: QNAM for a GET, HTTP/2 where offered; the wire transport "
                       "for a request with a body), qnam (Qt's HTTP stack: HTTP/2, cookies, "
                       "Digest/NTLM) or wire (ssemon's exact HTTP/1.1 reader)."),
        QStringLiteral("name")};
    QCommandLineOption m_http2PriorKnowledge {
        QStringLiteral("http2-prior-knowledge"),
        QStringLiteral("Speak HTTP/2 at once, without negotiating (h2c on http://); QNAM.")};
    QCommandLineOption m_cookies {
        QStringLiteral("cookies"),
        QStringLiteral("Keep cookies the server sets and send them on reconnects; QNAM.")};
    QCommandLineOption m_qnamBacklog {
        QStringLiteral("qnam-backlog-bytes"),
        QStringLiteral("Cut and resume an HTTP/2 stream when more than N bytes of it wait in Qt "
                       "unread while the consumer is behind (default 16777216, at least 65536); "
                       "QNAM."),
        QStringLiteral("N")};
    QCommandLineOption m_maxLine {QStringLiteral("max-line-bytes"),
                                  QStringLiteral("Line size cap (default 64 MiB)."),
                                  QStringLiteral("N")};
    QCommandLineOption m_maxEvent {QStringLiteral("max-event-bytes"),
                                   QStringLiteral("Event data size cap (default 64 MiB)."),
                                   QStringLiteral("N")};
    QCommandLineOption m_fault {
        QStringLiteral("fault"),
        QStringLiteral("Inject a fault, e.g. \"drop every=50 mode=fin,rst,truncate\" "
                       "(repeatable; the catalogue is listed below and by --list-faults)."),
        QStringLiteral("spec")};
    QCommandLineOption m_listFaults {QStringLiteral("list-faults"),
                                     QStringLiteral("Print the fault catalogue and exit.")};
    QCommandLineOption m_faultSeed {
        QStringLiteral("fault-seed"),
        QStringLiteral("Seed for probability= triggers, for reproducible runs."),
        QStringLiteral("N")};
    QCommandLineOption m_scenario {
        QStringLiteral("scenario"),
        QStringLiteral("Run a scenario: a JSON file, or preset:NAME (see --list-scenarios)."),
        QStringLiteral("file")};
    QCommandLineOption m_listScenarios {QStringLiteral("list-scenarios"),
                                        QStringLiteral("Print the built-in scenarios and exit.")};
    QCommandLineOption m_control {
        QStringLiteral("control"),
        QStringLiteral("Serve the runtime control API (HTTP + JSON) on this port of 127.0.0.1 "
                       "(0: a free one); its URL is the second line on standard output."),
        QStringLiteral("port")};
    QCommandLineOption m_controlBind {
        QStringLiteral("control-bind"),
        QStringLiteral("Address for the control API instead of 127.0.0.1; anything but "
                       "loopback needs --control-token."),
        QStringLiteral("address")};
    QCommandLineOption m_controlToken {
        QStringLiteral("control-token"),
        QStringLiteral("Require \"Authorization: Bearer TOKEN\" on every control request."),
        QStringLiteral("token")};
};
