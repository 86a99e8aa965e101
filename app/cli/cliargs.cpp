// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "cliargs.h"

#include "faults/faultspec.h"
#include "faults/scenarioreader.h"

#include <QTextStream>

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
