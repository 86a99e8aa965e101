// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "cliargs.h"
#include "commands.h"
#include "hostrun.h"
#include "output.h"

#include "control/controlserver.h"
#include "control/mockservercontrol.h"
#include "faults/faultreport.h"
#include "faults/faultspec.h"
#include "faults/scenarioreader.h"
#include "io/recordformatter.h"
#include "server/mockserver.h"
#include "server/providerpreset.h"

#include <QFile>

#include <limits>
#include <unistd.h>

namespace {

// --preset and the options of its answer; false after a usage error.
bool readPresetOptions(const CliArgs &args, const QCommandLineParser &parser,
                       const QList<QCommandLineOption> &presetOptions, MockServerOptions *options)
{
    const QCommandLineOption &preset = presetOptions.at(0);
    const QCommandLineOption &text = presetOptions.at(1);
    const QCommandLineOption &textFile = presetOptions.at(2);
    const QCommandLineOption &rate = presetOptions.at(3);
    const QCommandLineOption &jitter = presetOptions.at(4);
    if (parser.isSet(preset)) {
        options->preset = parser.value(preset).toUtf8();
        if (!ProviderPreset::exists(options->preset)) {
            return args.usageError(
                QStringLiteral("--preset \"%1\" is not a preset (known: %2)")
                    .arg(parser.value(preset), QString::fromLatin1(ProviderPreset::names())));
        }
        // MCP answers tool calls, not a text paced as tokens (slow_count paces itself).
        if (options->preset == "mcp") {
            for (const QCommandLineOption &option : {text, textFile, rate, jitter}) {
                if (parser.isSet(option)) {
                    return args.usageError(
                        QStringLiteral("--%1 does not apply to --preset mcp (its tools answer; "
                                       "slow_count paces itself)")
                            .arg(option.names().constFirst()));
                }
            }
        }
    } else {
        for (const QCommandLineOption &option : {text, textFile, rate, jitter}) {
            if (parser.isSet(option)) {
                return args.usageError(
                    QStringLiteral("--%1 needs --preset").arg(option.names().constFirst()));
            }
        }
    }
    if (parser.isSet(text) && parser.isSet(textFile))
        return args.usageError(QStringLiteral("--preset-text and --preset-text-file exclude "
                                              "each other"));
    if (parser.isSet(text))
        options->presetText = parser.value(text).toUtf8();
    if (parser.isSet(textFile)) {
        constexpr qint64 MaxTextBytes = 1024 * 1024;
        QFile file(parser.value(textFile));
        if (!file.open(QIODevice::ReadOnly)) {
            return args.usageError(QStringLiteral("--preset-text-file: cannot read \"%1\": %2")
                                       .arg(file.fileName(), file.errorString()));
        }
        const QByteArray bytes = file.read(MaxTextBytes + 1);
        if (bytes.size() > MaxTextBytes) {
            return args.usageError(QStringLiteral("--preset-text-file: \"%1\" is larger than 1 MiB")
                                       .arg(file.fileName()));
        }
        if (!QUtf8StringView(bytes).isValidUtf8()) {
            return args.usageError(
                QStringLiteral("--preset-text-file: \"%1\" is not UTF-8").arg(file.fileName()));
        }
        options->presetText = bytes;
    }
    if (parser.isSet(rate)) {
        bool ok = false;
        const double value = parser.value(rate).toDouble(&ok);
        if (!ok || !(value >= 0) || value > 100000) {
            return args.usageError(
                QStringLiteral("--token-rate is a number of tokens a second from 0 to 100000, "
                               "not \"%1\"")
                    .arg(parser.value(rate)));
        }
        options->tokenRate = value;
    }
    return args.integer(jitter, 0, 60000, &options->tokenJitterMs);
}

} // namespace

int runServe(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs the mock SSE server in the foreground until interrupted. The first line on "
        "standard output is \"listening http://HOST:PORT/PATH\"; every request and "
        "disconnect is logged on standard error."));
    parser.addHelpOption();
    const MockServerOptions defaults;
    const QCommandLineOption host(QStringLiteral("host"),
                                  QStringLiteral("Address to bind (default 127.0.0.1)."),
                                  QStringLiteral("address"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("Port; 0 picks a free one (default 0)."),
                                  QStringLiteral("port"));
    const QCommandLineOption path(QStringLiteral("path"),
                                  QStringLiteral("Stream path (default /events; /mcp for "
                                                 "--preset mcp)."),
                                  QStringLiteral("path"));
    const QCommandLineOption heartbeatMs(
        QStringLiteral("heartbeat-ms"),
        QStringLiteral("Heartbeat interval, 0 = off (default %1).").arg(defaults.heartbeatMs),
        QStringLiteral("N"));
    const QCommandLineOption heartbeatForm(
        QStringLiteral("heartbeat-form"),
        QStringLiteral("comment (`:ping <unix-ms>`), event (`event: ping`) or data "
                       "(`data: ping <unix-ms>`); default comment."),
        QStringLiteral("form"));
    const QCommandLineOption eventMs(
        QStringLiteral("event-ms"),
        QStringLiteral("Event interval, 0 = no periodic events (default %1).")
            .arg(defaults.eventMs),
        QStringLiteral("N"));
    const QCommandLineOption burst(QStringLiteral("burst"),
                                   QStringLiteral("Send events as fast as each client reads."));
    const QCommandLineOption events(QStringLiteral("events"),
                                    QStringLiteral("Close each stream after N events."),
                                    QStringLiteral("N"));
    const QCommandLineOption payload(
        QStringLiteral("payload"),
        QStringLiteral("Event data template; {{n}} number, {{t}} unix ms, {{id}} id, "
                       "{{client}} the receiving client's number (per recipient: a replayed "
                       "event then differs) (default %1).")
            .arg(QString::fromUtf8(defaults.payloadTemplate)),
        QStringLiteral("template"));
    const QCommandLineOption eventType(QStringLiteral("event-type"),
                                       QStringLiteral("Event type (default: none, i.e. message)."),
                                       QStringLiteral("type"));
    const QCommandLineOption retryMs(QStringLiteral("retry-ms"),
                                     QStringLiteral("Send `retry: N` at the start of each stream."),
                                     QStringLiteral("N"));
    const QCommandLineOption noIds(QStringLiteral("no-ids"),
                                   QStringLiteral("Send events without `id:`."));
    const QCommandLineOption history(
        QStringLiteral("history"),
        QStringLiteral("Events kept to replay after Last-Event-ID (default %1).")
            .arg(defaults.history),
        QStringLiteral("N"));
    const QCommandLineOption cors(QStringLiteral("cors"),
                                  QStringLiteral("Allow cross-origin requests (browsers)."));
    const QCommandLineOption maxClients(
        QStringLiteral("max-clients"),
        QStringLiteral("Concurrent streams before answering 503 (default %1).")
            .arg(defaults.maxClients),
        QStringLiteral("N"));
    const QCommandLineOption maxBuffer(
        QStringLiteral("max-client-buffer"),
        QStringLiteral("Unsent bytes per client before it is dropped as too slow "
                       "(default %1).")
            .arg(defaults.maxClientBufferBytes),
        QStringLiteral("bytes"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Log requests and disconnects as NDJSON."));
    const QCommandLineOption threads(
        QStringLiteral("threads"),
        QStringLiteral("I/O threads for the client connections; 0 keeps them on the main thread "
                       "(default %1 here).")
            .arg(MockServerOptions::defaultThreads()),
        QStringLiteral("N"));
    const QCommandLineOption preset(
        QStringLiteral("preset"),
        QStringLiteral("Answer as an LLM provider's streaming API instead of the event stream: "
                       "%1. Its paths, POST bodies (model, stream, messages, max tokens), "
                       "events, usage and errors are the provider's; every fault applies. "
                       "mcp is an MCP Streamable HTTP server on --path (default /mcp) with "
                       "sessions; --event-ms paces its GET stream's log notifications, "
                       "--retry-ms its streams' retry field.")
            .arg(QString::fromLatin1(ProviderPreset::names())),
        QStringLiteral("name"));
    const QCommandLineOption presetText(
        QStringLiteral("preset-text"),
        QStringLiteral("The preset's answer; {{model}}, {{prompt}} (the last user message) and "
                       "{{client}} are replaced (default: a greeting naming the model)."),
        QStringLiteral("text"));
    const QCommandLineOption presetTextFile(
        QStringLiteral("preset-text-file"),
        QStringLiteral("Read the preset's answer from a UTF-8 file (at most 1 MiB)."),
        QStringLiteral("file"));
    const QCommandLineOption tokenRate(
        QStringLiteral("token-rate"),
        QStringLiteral("Preset tokens a second, 0 = the whole answer at once (default %1).")
            .arg(defaults.tokenRate),
        QStringLiteral("N"));
    const QCommandLineOption tokenJitter(
        QStringLiteral("token-jitter"),
        QStringLiteral("Each gap between preset tokens varies by up to N ms either way "
                       "(default 0)."),
        QStringLiteral("N"));
    parser.addOption(threads);
    parser.addOptions({preset, presetText, presetTextFile, tokenRate, tokenJitter});
    parser.addOptions({host, port, path, heartbeatMs, heartbeatForm, eventMs, burst, events,
                       payload, eventType, retryMs, noIds, history, cors, maxClients, maxBuffer,
                       json});
    CliArgs args(parser, QStringLiteral("serve"));
    args.addFaultOptions();
    args.addControlOptions();
    if (!args.parse(arguments))
        return ExitUsage;
    if (parser.isSet(QStringLiteral("help"))) {
        args.printHelp();
        Output::writeAll(STDOUT_FILENO, QByteArray('\n' + FaultSpec::catalogueText().toUtf8()));
        return ExitOk;
    }
    if (args.printFaultLists())
        return ExitOk;
    if (!parser.positionalArguments().isEmpty()) {
        args.usageError(QStringLiteral("unexpected argument \"%1\"")
                            .arg(parser.positionalArguments().constFirst()));
        return ExitUsage;
    }

    MockServerOptions options;
    if (parser.isSet(host)) {
        if (!options.host.setAddress(parser.value(host))) {
            args.usageError(
                QStringLiteral("--host \"%1\" is not an IP address").arg(parser.value(host)));
            return ExitUsage;
        }
    }
    qint64 value = 0;
    if (!args.integer(port, 0, 65535, &value))
        return ExitUsage;
    options.port = quint16(value);
    if (parser.isSet(path)) {
        options.path = parser.value(path).toUtf8();
        if (!options.path.startsWith('/') || options.path.contains(' ')) {
            args.usageError(QStringLiteral("--path must start with / and contain no spaces"));
            return ExitUsage;
        }
    }
    const qint64 day = 24LL * 3600 * 1000;
    if (!args.integer(heartbeatMs, 0, day, &options.heartbeatMs)
        || !args.integer(eventMs, 0, day, &options.eventMs)
        || !args.integer(events, 0, std::numeric_limits<qint64>::max(), &options.eventsPerStream)
        || !args.integer(retryMs, 0, day, &options.retryMs))
        return ExitUsage;
    if (parser.isSet(heartbeatForm)) {
        const QString form = parser.value(heartbeatForm);
        if (form == QStringLiteral("comment")) {
            options.heartbeatForm = MockServerOptions::HeartbeatForm::Comment;
        } else if (form == QStringLiteral("event")) {
            options.heartbeatForm = MockServerOptions::HeartbeatForm::Event;
        } else if (form == QStringLiteral("data")) {
            options.heartbeatForm = MockServerOptions::HeartbeatForm::Data;
        } else {
            args.usageError(
                QStringLiteral("--heartbeat-form is comment, event or data, not \"%1\"").arg(form));
            return ExitUsage;
        }
    }
    options.burst = parser.isSet(burst);
    if (parser.isSet(payload))
        options.payloadTemplate = parser.value(payload).toUtf8();
    if (parser.isSet(eventType)) {
        options.eventType = parser.value(eventType).toUtf8();
        if (options.eventType.contains('\n') || options.eventType.contains('\r')) {
            args.usageError(QStringLiteral("--event-type cannot contain line breaks"));
            return ExitUsage;
        }
    }
    options.ids = !parser.isSet(noIds);
    value = options.history;
    if (!args.integer(history, 0, 10000000, &value))
        return ExitUsage;
    options.history = int(value);
    options.cors = parser.isSet(cors);
    value = options.maxClients;
    if (!args.integer(maxClients, 1, 1000000, &value))
        return ExitUsage;
    options.maxClients = int(value);
    value = options.maxClientBufferBytes;
    if (!args.integer(maxBuffer, 1024, qint64(1) << 32, &value))
        return ExitUsage;
    options.maxClientBufferBytes = value;
    value = MockServerOptions::defaultThreads();
    if (!args.integer(threads, 0, 64, &value))
        return ExitUsage;
    options.threads = int(value);
    if (!readPresetOptions(args, parser,
                           {preset, presetText, presetTextFile, tokenRate, tokenJitter}, &options))
        return ExitUsage;

    QList<Fault> faults;
    Scenario scenario;
    bool hasScenario = false;
    qint64 seed = -1;
    if (!args.readFaults(
            [](const Fault &fault, QString *error) { return MockServer::canApply(fault, error); },
            &faults, &scenario, &hasScenario, &seed))
        return ExitUsage;
    ControlServerOptions controlOptions;
    bool hasControl = false;
    if (!args.readControlOptions(&controlOptions, &hasControl))
        return ExitUsage;

    const bool asJson = parser.isSet(json);
    RecordFormatter log(asJson ? RecordFormatter::Style::Json : RecordFormatter::Style::Text,
                        !asJson && Output::wantsColor(STDERR_FILENO));
    log.startClock();

    MockServer server;
    server.setOptions(options);
    QString error;
    if (!server.start(&error)) {
        Output::writeAll(STDERR_FILENO, QByteArray("ssemon-cli serve: " + error.toUtf8() + '\n'));
        return ExitFailed;
    }
    // The control API, when asked for: its URL is the second line on standard output.
    MockServerControl controlTarget(&server);
    ControlServer control(&controlTarget);
    if (!HostRun::startControl(QStringLiteral("serve"), control, controlOptions, hasControl))
        return ExitFailed;
    if (hasControl) {
        QObject::connect(&control, &ControlServer::requestHandled, &server,
                         [&log, asJson](const ControlRequestInfo &info) {
                             QByteArray out;
                             ControlServer::appendRecord(out, asJson, info, log.elapsedUs());
                             Output::writeAll(STDERR_FILENO, out);
                         });
    }
    QByteArray line;
    log.appendListening(line, server.url());
    if (hasControl)
        line += "control " + control.url().toEncoded() + '\n';
    Output::writeAll(STDOUT_FILENO, line);

    QObject::connect(&server, &MockServer::requestLogged, &server,
                     [&log](const MockRequestInfo &info) {
                         QByteArray out;
                         log.appendRequest(out, info, log.elapsedUs());
                         Output::writeAll(STDERR_FILENO, out);
                     });
    QObject::connect(&server, &MockServer::clientDisconnected, &server,
                     [&log](const MockDisconnectInfo &info) {
                         QByteArray out;
                         log.appendDisconnect(out, info, log.elapsedUs());
                         Output::writeAll(STDERR_FILENO, out);
                     });
    QObject::connect(&server, &MockServer::acceptPaused, &server, [&log](const QString &reason) {
        QByteArray out;
        log.appendAccept(out, reason.isEmpty() ? QStringLiteral("accept error") : reason,
                         log.elapsedUs());
        Output::writeAll(STDERR_FILENO, out);
    });
    QObject::connect(&server, &MockServer::acceptResumed, &server, [&log] {
        QByteArray out;
        log.appendAccept(out, QString(), log.elapsedUs());
        Output::writeAll(STDERR_FILENO, out);
    });
    QObject::connect(&server, &MockServer::faultFired, &server, [&log](const FaultReport &report) {
        QByteArray out;
        log.appendFault(out, report, log.elapsedUs());
        Output::writeAll(STDERR_FILENO, out);
    });
    QObject::connect(
        &server, &MockServer::scenarioStepRun, &server,
        [&log, &scenario](const QString &label, const QString &text, const QString &stepError) {
            QByteArray out;
            log.appendScenarioStep(out, scenario.name, label, text, stepError, log.elapsedUs());
            Output::writeAll(STDERR_FILENO, out);
        });
    QObject::connect(&server, &MockServer::scenarioFinished, &server, [&log](const QString &name) {
        QByteArray out;
        log.appendScenarioFinished(out, name, log.elapsedUs());
        Output::writeAll(STDERR_FILENO, out);
    });
    // Timed triggers count from here, when the server listens.
    if (!HostRun::actOutFaults(QStringLiteral("serve"), *server.faultEngine(), faults,
                               hasScenario ? &scenario : nullptr, seed))
        return ExitFailed;
    return HostRun::exec(&server, [&server] { server.stop(); });
}
