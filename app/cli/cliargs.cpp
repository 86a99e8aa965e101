// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "cliargs.h"

#include "faults/faultspec.h"
#include "faults/scenarioreader.h"
#include "http/headerline.h"

#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include <algorithm>

#include <cmath>
#include <cstdio>

CliArgs::CliArgs(QCommandLineParser &parser, QString command)
    : m_parser(parser)
    , m_command(std::move(command))
{ }

bool CliArgs::usageError(const QString &message) const
{
    QTextStream err(stderr);
    err << "ssemon-cli " << m_command << ": " << message << '\n'
        << "Try 'ssemon-cli " << m_command << " --help'.\n";
    return false;
}

bool CliArgs::openOutputFile(const QCommandLineOption &option, QSaveFile *file) const
{
    file->setFileName(m_parser.value(option));
    if (file->open(QIODevice::WriteOnly))
        return true;
    return usageError(QStringLiteral("--%1 %2: %3")
                          .arg(option.names().constFirst(), file->fileName(), file->errorString()));
}

bool CliArgs::commitOutputFile(QSaveFile *file, QByteArrayView bytes) const
{
    if (file->write(bytes.data(), bytes.size()) == bytes.size() && file->commit())
        return true;
    QTextStream err(stderr);
    err << "ssemon-cli " << m_command << ": cannot write " << file->fileName() << ": "
        << file->errorString() << '\n';
    return false;
}

void CliArgs::printHelp() const
{
    QString text = m_parser.helpText();
    const qsizetype lineEnd = text.indexOf(QLatin1Char('\n'));
    const qsizetype options = text.indexOf(QStringLiteral(" [options]"));
    if (text.startsWith(QStringLiteral("Usage: ")) && options > 0 && options < lineEnd)
        text.replace(7, options - 7, QStringLiteral("ssemon-cli ") + m_command);
    QTextStream(stdout) << text;
}

bool CliArgs::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments))
        return usageError(m_parser.errorText());
    return true;
}

bool CliArgs::integer(const QCommandLineOption &option, qint64 min, qint64 max, qint64 *value) const
{
    if (!m_parser.isSet(option))
        return true;
    const QString text = m_parser.value(option);
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < min || v > max) {
        return usageError(QStringLiteral("--%1 takes a whole number from %2 to %3, not \"%4\"")
                              .arg(option.names().constLast())
                              .arg(min)
                              .arg(max)
                              .arg(text));
    }
    *value = v;
    return true;
}

void CliArgs::addRequestOptions()
{
    m_parser.addOptions({m_header, m_method, m_data, m_dataFile, m_lastEventId, m_headTimeout,
                         m_retryPost, m_insecure, m_caFile, m_proxy, m_transport,
                         m_http2PriorKnowledge, m_cookies, m_qnamBacklog});
    addLimitOptions();
}

bool CliArgs::readRequestOptions(SseClientOptions *options) const
{
    for (const QString &h : m_parser.values(m_header)) {
        QPair<QByteArray, QByteArray> pair;
        QString error;
        if (!HeaderLine::parse(h, &pair, &error)) {
            usageError(error);
            return false;
        }
        options->headers.append(pair);
    }
    if (m_parser.isSet(m_data) && m_parser.isSet(m_dataFile)) {
        usageError(QStringLiteral("--data and --data-file cannot be used together"));
        return false;
    }
    if (m_parser.isSet(m_data))
        options->body = m_parser.value(m_data).toUtf8();
    if (m_parser.isSet(m_dataFile)) {
        QFile file(m_parser.value(m_dataFile));
        if (!file.open(QIODevice::ReadOnly)) {
            usageError(QStringLiteral("cannot read --data-file %1: %2")
                           .arg(file.fileName(), file.errorString()));
            return false;
        }
        options->body = file.readAll();
    }
    if (m_parser.isSet(m_method)) {
        options->method = m_parser.value(m_method).toUtf8().toUpper();
        const bool token = !options->method.isEmpty()
            && std::all_of(options->method.cbegin(), options->method.cend(),
                           [](char c) { return (c >= 'A' && c <= 'Z') || c == '-' || c == '_'; });
        if (!token) {
            usageError(
                QStringLiteral("\"%1\" is not an HTTP method").arg(m_parser.value(m_method)));
            return false;
        }
    } else if (m_parser.isSet(m_data) || m_parser.isSet(m_dataFile)) {
        options->method = QByteArrayLiteral("POST");
    }
    if (m_parser.isSet(m_lastEventId))
        options->lastEventId = m_parser.value(m_lastEventId).toUtf8();

    if (m_parser.isSet(m_transport)
        && !SseClientOptions::parseTransport(m_parser.value(m_transport), &options->transport)) {
        usageError(QStringLiteral("--transport \"%1\" is not auto, qnam or wire")
                       .arg(m_parser.value(m_transport)));
        return false;
    }
    options->http2PriorKnowledge = m_parser.isSet(m_http2PriorKnowledge);
    options->cookies = m_parser.isSet(m_cookies);
    if (!integer(m_qnamBacklog, SseClientOptions::kMinBacklogBytes, qint64(1) << 40,
                 &options->qnamBacklogBytes))
        return false;
    if (options->transport == SseClientOptions::Transport::Wire && m_parser.isSet(m_qnamBacklog)) {
        usageError(QStringLiteral("--qnam-backlog-bytes bounds what Qt holds: it needs the "
                                  "QNAM transport, not --transport wire"));
        return false;
    }
    if (options->transport == SseClientOptions::Transport::Wire
        && (options->http2PriorKnowledge || options->cookies)) {
        usageError(QStringLiteral("--%1 needs the QNAM transport (--transport wire speaks "
                                  "HTTP/1.1 only and keeps no cookies)")
                       .arg(options->http2PriorKnowledge ? QStringLiteral("http2-prior-knowledge")
                                                         : QStringLiteral("cookies")));
        return false;
    }
    if (m_parser.isSet(m_caFile))
        options->caFile = m_parser.value(m_caFile);
    if (m_parser.isSet(m_proxy)) {
        const QString value = m_parser.value(m_proxy);
        if (value == QStringLiteral("system")) {
            options->proxyMode = SseClientOptions::ProxyMode::System;
        } else if (value == QStringLiteral("none")) {
            options->proxyMode = SseClientOptions::ProxyMode::None;
        } else {
            options->proxyMode = SseClientOptions::ProxyMode::Explicit;
            options->proxyUrl = QUrl(value, QUrl::StrictMode);
            const QString scheme = options->proxyUrl.scheme();
            if (!options->proxyUrl.isValid() || options->proxyUrl.host().isEmpty()
                || options->proxyUrl.port() <= 0
                || (scheme != QStringLiteral("http") && scheme != QStringLiteral("socks5"))) {
                usageError(QStringLiteral("--proxy \"%1\" is not \"system\", \"none\", "
                                          "http://host:port or socks5://host:port")
                               .arg(value));
                return false;
            }
        }
    }

    if (!seconds(m_headTimeout, &options->headTimeoutMs))
        return false;
    options->retryNonGet = m_parser.isSet(m_retryPost);
    options->ignoreSslErrors = m_parser.isSet(m_insecure);
    return readLimits(&options->limits);
}

void CliArgs::addLimitOptions()
{
    m_parser.addOptions({m_maxLine, m_maxEvent});
}

bool CliArgs::readLimits(SseParserLimits *limits) const
{
    constexpr qint64 most = qint64(1) << 40;
    qint64 line = limits->maxLineBytes;
    qint64 event = limits->maxEventBytes;
    if (!integer(m_maxLine, 1, most, &line) || !integer(m_maxEvent, 1, most, &event))
        return false;
    limits->maxLineBytes = line;
    limits->maxEventBytes = event;
    return true;
}

bool CliArgs::seconds(const QCommandLineOption &option, qint64 *milliseconds) const
{
    if (!m_parser.isSet(option))
        return true;
    const QString text = m_parser.value(option);
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < 0 || v > 1e9) {
        return usageError(QStringLiteral("--%1 takes a number of seconds (e.g. 2.5), not \"%2\"")
                              .arg(option.names().constLast(), text));
    }
    *milliseconds = qint64(std::llround(v * 1000.0));
    return true;
}

void CliArgs::addFaultOptions()
{
    m_parser.addOptions({m_fault, m_listFaults, m_faultSeed, m_scenario, m_listScenarios});
}

bool CliArgs::printFaultLists() const
{
    if (m_parser.isSet(m_listFaults)) {
        QTextStream(stdout) << FaultSpec::catalogueText();
        return true;
    }
    if (!m_parser.isSet(m_listScenarios))
        return false;
    QTextStream out(stdout);
    const QStringList presets = ScenarioReader::presets();
    for (const QString &name : presets) {
        Scenario scenario;
        QString error;
        ScenarioReader::readFile(QStringLiteral("preset:") + name, &scenario, &error);
        out << "preset:" << name << "\n    " << scenario.description << '\n';
    }
    return true;
}

bool CliArgs::readFaults(const std::function<bool(const Fault &, QString *)> &canApply,
                         QList<Fault> *faults, Scenario *scenario, bool *hasScenario,
                         qint64 *seed) const
{
    // Every fault is checked before anything starts: a typo is a usage error, not a run
    // without the fault.
    const QStringList specs = m_parser.values(m_fault);
    for (const QString &spec : specs) {
        Fault fault;
        QString error;
        if (!FaultSpec::parse(spec, &fault, &error) || !canApply(fault, &error))
            return usageError(QStringLiteral("--fault \"%1\": %2").arg(spec, error));
        faults->append(fault);
    }
    *hasScenario = m_parser.isSet(m_scenario);
    if (*hasScenario) {
        QString error;
        if (!ScenarioReader::readFile(m_parser.value(m_scenario), scenario, &error))
            return usageError(QStringLiteral("--scenario ") + error);
        for (const Scenario::Step &step : std::as_const(scenario->steps)) {
            if (step.action == Scenario::Step::Action::Fault && !canApply(step.fault, &error)) {
                return usageError(QStringLiteral("--scenario %1: %2: %3")
                                      .arg(scenario->source, step.label, error));
            }
        }
    }
    *seed = -1;
    return integer(m_faultSeed, 0, 0xffffffffLL, seed);
}

void CliArgs::addControlOptions()
{
    m_parser.addOptions({m_control, m_controlBind, m_controlToken});
}

bool CliArgs::readControlOptions(ControlServerOptions *options, bool *enabled) const
{
    *enabled = m_parser.isSet(m_control);
    if (!*enabled) {
        if (m_parser.isSet(m_controlBind) || m_parser.isSet(m_controlToken))
            return usageError(
                QStringLiteral("--control-bind and --control-token go with --control PORT"));
        return true;
    }
    qint64 port = 0;
    if (!integer(m_control, 0, 65535, &port))
        return false;
    options->port = quint16(port);
    if (m_parser.isSet(m_controlBind) && !options->host.setAddress(m_parser.value(m_controlBind)))
        return usageError(QStringLiteral("--control-bind \"%1\" is not an IP address")
                              .arg(m_parser.value(m_controlBind)));
    options->token = m_parser.value(m_controlToken).toUtf8();
    if (m_parser.isSet(m_controlToken) && options->token.isEmpty())
        return usageError(QStringLiteral("--control-token cannot be empty"));
    if (!ControlServer::isLoopback(options->host) && options->token.isEmpty())
        return usageError(QStringLiteral("--control-bind %1 is not loopback: the control API "
                                         "can break every stream, so it also needs "
                                         "--control-token TOKEN")
                              .arg(options->host.toString()));
    return true;
}
