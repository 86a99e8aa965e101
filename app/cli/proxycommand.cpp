// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "cliargs.h"
#include "commands.h"
#include "hostrun.h"
#include "output.h"

#include "control/controlserver.h"
#include "control/tapproxycontrol.h"
#include "faults/faultspec.h"
#include "io/recordformatter.h"
#include "proxy/tapproxy.h"
#include "util/jsonwriter.h"

#include <unistd.h>

namespace {

QByteArray peerText(const QHostAddress &peer, quint16 port)
{
    const QString host = peer.protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + peer.toString() + QLatin1Char(']')
        : peer.toString();
    return (host + QLatin1Char(':') + QString::number(port)).toUtf8();
}

// Request targets, methods and ids come from the network: made valid UTF-8 before they are
// written as JSON strings.
void appendNetworkString(QByteArray &out, const QByteArray &bytes)
{
    JsonWriter::appendText(out, QString::fromUtf8(bytes));
}

// The proxy's log on stderr: NDJSON records with --json, one aligned line each otherwise.
class ProxyLog
{
public:
    explicit ProxyLog(bool json)
        : m_json(json)
        , m_records(json ? RecordFormatter::Style::Json : RecordFormatter::Style::Text,
                    !json && Output::wantsColor(STDERR_FILENO))
    {
        m_clock.startClock();
    }

    // Faults and scenario steps: the same records as the mock server's (RecordFormatter).
    void fault(const FaultReport &report)
    {
        QByteArray out;
        m_records.appendFault(out, report, m_clock.elapsedUs());
        Output::writeAll(STDERR_FILENO, out);
    }

    void scenarioStep(const QString &name, const QString &label, const QString &text,
                      const QString &error)
    {
        QByteArray out;
        m_records.appendScenarioStep(out, name, label, text, error, m_clock.elapsedUs());
        Output::writeAll(STDERR_FILENO, out);
    }

    void scenarioFinished(const QString &name)
    {
        QByteArray out;
        m_records.appendScenarioFinished(out, name, m_clock.elapsedUs());
        Output::writeAll(STDERR_FILENO, out);
    }

    void control(const ControlRequestInfo &info)
    {
        QByteArray out;
        ControlServer::appendRecord(out, m_json, info, m_clock.elapsedUs());
        Output::writeAll(STDERR_FILENO, out);
    }

    void request(const ProxyRequestInfo &info)
    {
        QByteArray out;
        const qint64 t = m_clock.elapsedUs();
        if (m_json) {
            out += "{\"kind\":\"request\",\"conn\":";
            JsonWriter::appendInt(out, info.connection);
            out += ",\"peer\":";
            JsonWriter::appendString(out, peerText(info.peer, info.peerPort));
            out += ",\"method\":";
            appendNetworkString(out, info.method);
            out += ",\"path\":";
            appendNetworkString(out, info.path);
            out += ",\"upstream_path\":";
            appendNetworkString(out, info.upstreamTarget);
            out += ",\"last_event_id\":";
            if (info.hasLastEventId)
                appendNetworkString(out, info.lastEventId);
            else
                out += "null";
            out += ",\"status\":";
            JsonWriter::appendInt(out, info.status);
            out += info.fromUpstream ? ",\"from\":\"upstream\"" : ",\"from\":\"proxy\"";
            if (!info.error.isEmpty()) {
                out += ",\"error\":";
                JsonWriter::appendText(out, info.error);
            }
            out += ",\"t_ms\":";
            JsonWriter::appendMillis(out, t);
            out += "}\n";
        } else {
            beginText(out, t, "request");
            out += "conn " + QByteArray::number(info.connection) + "  "
                + peerText(info.peer, info.peerPort) + "  " + info.method + ' ' + info.path + " -> "
                + QByteArray::number(info.status);
            if (info.hasLastEventId)
                out += "  Last-Event-ID " + info.lastEventId;
            if (!info.error.isEmpty())
                out += "  " + info.error.toUtf8();
            out += '\n';
        }
        Output::writeAll(STDERR_FILENO, out);
    }

    void events(const ProxyEventBatch &batch)
    {
        // One write per batch (one upstream read), however many events it holds.
        QByteArray out;
        const qint64 t = m_clock.elapsedUs();
        for (const ProxyEventInfo &event : batch.events) {
            if (m_json) {
                out += "{\"kind\":\"event\",\"conn\":";
                JsonWriter::appendInt(out, batch.connection);
                out += ",\"type\":";
                appendNetworkString(out, event.type);
                out += ",\"id\":";
                appendNetworkString(out, event.id);
                out += ",\"bytes\":";
                JsonWriter::appendInt(out, event.dataBytes);
                out += ",\"t_ms\":";
                JsonWriter::appendMillis(out, t);
                out += "}\n";
            } else {
                beginText(out, t, "event");
                out += "conn " + QByteArray::number(batch.connection) + "  " + event.type + "  id "
                    + event.id + "  " + QByteArray::number(event.dataBytes) + " bytes\n";
            }
        }
        if (batch.omitted > 0 && m_json) {
            out += "{\"kind\":\"event\",\"conn\":";
            JsonWriter::appendInt(out, batch.connection);
            out += ",\"omitted\":";
            JsonWriter::appendInt(out, batch.omitted);
            out += ",\"t_ms\":";
            JsonWriter::appendMillis(out, t);
            out += "}\n";
        }
        Output::writeAll(STDERR_FILENO, out);
    }

    void disconnect(const ProxyDisconnectInfo &info)
    {
        QByteArray out;
        const qint64 t = m_clock.elapsedUs();
        if (m_json) {
            out += "{\"kind\":\"disconnect\",\"conn\":";
            JsonWriter::appendInt(out, info.connection);
            out += ",\"peer\":";
            JsonWriter::appendString(out, peerText(info.peer, info.peerPort));
            out += ",\"status\":";
            JsonWriter::appendInt(out, info.status);
            out += ",\"bytes\":";
            JsonWriter::appendInt(out, info.bytesToClient);
            out += ",\"upstream_bytes\":";
            JsonWriter::appendInt(out, info.bytesFromUpstream);
            out += ",\"events\":";
            JsonWriter::appendInt(out, info.events);
            out += ",\"last_event_id\":";
            appendNetworkString(out, info.lastEventId);
            out += ",\"read_pauses\":";
            JsonWriter::appendInt(out, info.readPauses);
            out += ",\"duration_ms\":";
            JsonWriter::appendInt(out, info.durationMs);
            out += ",\"reason\":";
            JsonWriter::appendText(out, info.reason);
            out += ",\"t_ms\":";
            JsonWriter::appendMillis(out, t);
            out += "}\n";
        } else {
            beginText(out, t, "gone");
            out += "conn " + QByteArray::number(info.connection) + "  "
                + peerText(info.peer, info.peerPort) + "  events " + QByteArray::number(info.events)
                + "  bytes " + QByteArray::number(info.bytesToClient) + "  " + info.reason.toUtf8()
                + '\n';
        }
        Output::writeAll(STDERR_FILENO, out);
    }

private:
    static void beginText(QByteArray &out, qint64 tUs, QByteArrayView label)
    {
        QByteArray time;
        JsonWriter::appendMillis(time, tUs);
        out += time.rightJustified(11, ' ') + ' ' + label.toByteArray().leftJustified(8, ' ');
    }

    bool m_json;
    RecordFormatter m_clock; // only for its monotonic, never decreasing t_ms
    RecordFormatter m_records;
};

// HOST:PORT, with [v6]:PORT for IPv6.
bool parseListen(const QString &text, QHostAddress *host, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QString address = text.left(colon);
    if (address.startsWith(QLatin1Char('[')) && address.endsWith(QLatin1Char(']')))
        address = address.mid(1, address.size() - 2);
    bool ok = false;
    const uint value = text.mid(colon + 1).toUInt(&ok);
    if (!ok || value > 65535 || !host->setAddress(address))
        return false;
    *port = quint16(value);
    return true;
}

} // namespace

int runProxy(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs the tap proxy in the foreground until interrupted: clients connect to it as if it "
        "were the upstream server; each request is forwarded and the response passed back byte "
        "for byte while its events are observed. A request for / goes to the upstream URL; "
        "other paths pass through. The first line on standard output is \"listening "
        "http://HOST:PORT\" (then \"control URL\" with --control); requests, disconnects, "
        "faults and control requests are logged on standard error. Faults act per event: "
        "once one changes bytes, the proxy frames what it sends itself (the decoded body "
        "stays byte for byte what the upstream sent, faults apart)."));
    parser.addHelpOption();
    const TapProxyOptions defaults;
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        QStringLiteral("Address and port to listen on (default 127.0.0.1:0, a free port)."),
        QStringLiteral("host:port"));
    const QCommandLineOption upstream(QStringLiteral("upstream"),
                                      QStringLiteral("The real server: http:// or https:// URL."),
                                      QStringLiteral("url"));
    const QCommandLineOption insecure(
        QStringList {QStringLiteral("k"), QStringLiteral("insecure")},
        QStringLiteral("Ignore TLS errors of the upstream (they are still reported)."));
    const QCommandLineOption caFile(QStringLiteral("ca-file"),
                                    QStringLiteral("Extra CA certificates (PEM) for the upstream."),
                                    QStringLiteral("file"));
    const QCommandLineOption maxBuffer(
        QStringLiteral("max-client-buffer"),
        QStringLiteral("Bytes queued for a client before reading the upstream pauses "
                       "(default %1).")
            .arg(defaults.maxClientBufferBytes),
        QStringLiteral("bytes"));
    const QCommandLineOption maxConnections(
        QStringLiteral("max-connections"),
        QStringLiteral("Client connections served at once; past it 503 (default %1).")
            .arg(defaults.maxConnections),
        QStringLiteral("N"));
    const QCommandLineOption logEvents(
        QStringLiteral("log-events"), QStringLiteral("Log every observed event (type, id, size)."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Log as NDJSON records."));
    parser.addOptions(
        {listen, upstream, insecure, caFile, maxBuffer, maxConnections, logEvents, json});
    CliArgs args(parser, QStringLiteral("proxy"));
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

    TapProxyOptions options;
    if (parser.isSet(listen) && !parseListen(parser.value(listen), &options.host, &options.port)) {
        args.usageError(QStringLiteral("--listen takes HOST:PORT (an IP address), not \"%1\"")
                            .arg(parser.value(listen)));
        return ExitUsage;
    }
    if (!parser.isSet(upstream)) {
        args.usageError(QStringLiteral("--upstream URL is required"));
        return ExitUsage;
    }
    options.upstream = QUrl(parser.value(upstream), QUrl::StrictMode);
    const QString scheme = options.upstream.scheme();
    if (!options.upstream.isValid() || options.upstream.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        args.usageError(QStringLiteral("--upstream takes an http:// or https:// URL, not \"%1\"")
                            .arg(parser.value(upstream)));
        return ExitUsage;
    }
    options.ignoreSslErrors = parser.isSet(insecure);
    options.caFile = parser.value(caFile);
    qint64 value = options.maxClientBufferBytes;
    if (!args.integer(maxBuffer, 4096, qint64(1) << 32, &value))
        return ExitUsage;
    options.maxClientBufferBytes = value;
    value = options.maxConnections;
    if (!args.integer(maxConnections, 1, 1000000, &value))
        return ExitUsage;
    options.maxConnections = int(value);

    QList<Fault> faults;
    Scenario scenario;
    bool hasScenario = false;
    qint64 seed = -1;
    if (!args.readFaults(
            [](const Fault &fault, QString *error) { return TapProxy::canApply(fault, error); },
            &faults, &scenario, &hasScenario, &seed))
        return ExitUsage;
    ControlServerOptions controlOptions;
    bool hasControl = false;
    if (!args.readControlOptions(&controlOptions, &hasControl))
        return ExitUsage;

    TapProxy proxy;
    proxy.setOptions(options);
    QString error;
    if (!proxy.start(&error)) {
        Output::writeAll(STDERR_FILENO, QByteArray("ssemon-cli proxy: " + error.toUtf8() + '\n'));
        return ExitFailed;
    }
    TapProxyControl controlTarget(&proxy);
    ControlServer control(&controlTarget);
    if (!HostRun::startControl(QStringLiteral("proxy"), control, controlOptions, hasControl))
        return ExitFailed;
    QByteArray line = "listening " + proxy.url().toEncoded() + '\n';
    if (hasControl)
        line += "control " + control.url().toEncoded() + '\n';
    Output::writeAll(STDOUT_FILENO, line);

    ProxyLog log(parser.isSet(json));
    QObject::connect(&proxy, &TapProxy::faultFired, &proxy,
                     [&log](const FaultReport &report) { log.fault(report); });
    QObject::connect(
        &proxy, &TapProxy::scenarioStepRun, &proxy,
        [&log, &proxy](const QString &label, const QString &text, const QString &stepError) {
            log.scenarioStep(proxy.faultController().scenario().name, label, text, stepError);
        });
    QObject::connect(&proxy, &TapProxy::scenarioFinished, &proxy,
                     [&log](const QString &name) { log.scenarioFinished(name); });
    QObject::connect(&control, &ControlServer::requestHandled, &proxy,
                     [&log](const ControlRequestInfo &info) { log.control(info); });
    // Timed triggers count from here, when the proxy listens.
    if (!HostRun::actOutFaults(QStringLiteral("proxy"), *proxy.faultEngine(), faults,
                               hasScenario ? &scenario : nullptr, seed))
        return ExitFailed;
    QObject::connect(&proxy, &TapProxy::requestProxied, &proxy,
                     [&log](const ProxyRequestInfo &info) { log.request(info); });
    QObject::connect(&proxy, &TapProxy::connectionClosed, &proxy,
                     [&log](const ProxyDisconnectInfo &info) { log.disconnect(info); });
    // Connected only when asked for: without a listener the proxy builds no event batches.
    if (parser.isSet(logEvents)) {
        QObject::connect(&proxy, &TapProxy::eventsSeen, &proxy,
                         [&log](const ProxyEventBatch &batch) { log.events(batch); });
    }
    return HostRun::exec(&proxy, [&proxy] { proxy.stop(); });
}
