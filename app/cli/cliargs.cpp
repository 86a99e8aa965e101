// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "cliargs.h"

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
