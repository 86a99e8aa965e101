// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "checkreport.h"

#include "util/jsonwriter.h"

#include <QDateTime>
#include <QSysInfo>
#include <QXmlStreamWriter>

#include <algorithm>

namespace {

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 3);
}

const char *statusWord(CheckResult::Status status)
{
    switch (status) {
    case CheckResult::Status::Passed:
        return "PASS";
    case CheckResult::Status::Failed:
        return "FAIL";
    case CheckResult::Status::Error:
        return "ERROR";
    case CheckResult::Status::Skipped:
        return "SKIP";
    }
    return "";
}

QString caseName(const CheckResult &result)
{
    return result.stepLabel + QStringLiteral(": ") + result.expectation;
}

// Results in file order (they are reported in the order they are decided).
QList<CheckResult> sorted(QList<CheckResult> results)
{
    std::stable_sort(results.begin(), results.end(),
                     [](const CheckResult &a, const CheckResult &b) {
                         return a.step != b.step ? a.step < b.step : a.index < b.index;
                     });
    return results;
}

} // namespace

QString CheckResult::statusName(Status status)
{
    switch (status) {
    case Status::Passed:
        return QStringLiteral("passed");
    case Status::Failed:
        return QStringLiteral("failed");
    case Status::Error:
        return QStringLiteral("error");
    case Status::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

CheckReport::Totals CheckReport::totals(const QList<CheckResult> &results)
{
    Totals totals;
    for (const CheckResult &result : results) {
        switch (result.status) {
        case CheckResult::Status::Passed:
            ++totals.passed;
            break;
        case CheckResult::Status::Failed:
            ++totals.failed;
            break;
        case CheckResult::Status::Error:
            ++totals.errors;
            break;
        case CheckResult::Status::Skipped:
            ++totals.skipped;
            break;
        }
    }
    return totals;
}

int CheckReport::exitCode(const Totals &totals)
{
    if (totals.errors > 0)
        return 2;
    return totals.failed > 0 ? 1 : 0;
}

QByteArray CheckReport::junitXml(const CheckFile &file, const QList<CheckResult> &results,
                                 qint64 elapsedMs, const QDateTime &startedUtc)
{
    // The form JUnit's schema gives its timestamps: ISO 8601 to the second, without a zone (it
    // is UTC here, as the README says).
    const auto timestamp = [&startedUtc](qint64 afterMs) {
        return startedUtc.toUTC().addMSecs(afterMs).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
    };
    QString hostname = QSysInfo::machineHostName();
    if (hostname.isEmpty())
        hostname = QStringLiteral("localhost");
    const QList<CheckResult> ordered = sorted(results);
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    const Totals all = totals(ordered);
    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeAttribute(QStringLiteral("name"), file.name);
    xml.writeAttribute(QStringLiteral("tests"), QString::number(all.tests()));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(all.failed));
    xml.writeAttribute(QStringLiteral("errors"), QString::number(all.errors));
    xml.writeAttribute(QStringLiteral("skipped"), QString::number(all.skipped));
    xml.writeAttribute(QStringLiteral("time"), seconds(elapsedMs));
    if (startedUtc.isValid())
        xml.writeAttribute(QStringLiteral("timestamp"), timestamp(0));
    // One suite per stream, in the order of the file's streams.
    for (const CheckStream &stream : file.streams) {
        QList<CheckResult> suite;
        for (const CheckResult &result : ordered) {
            if (result.stream == stream.name)
                suite.append(result);
        }
        const Totals counts = totals(suite);
        // The stream's span: from its first window's start to its last decision (the
        // expectations of a step are judged side by side, so their times overlap).
        qint64 firstMs = -1;
        qint64 lastMs = 0;
        for (const CheckResult &result : std::as_const(suite)) {
            if (firstMs < 0 || result.windowStartMs < firstMs)
                firstMs = result.windowStartMs;
            lastMs = std::max(lastMs, result.windowStartMs + result.elapsedMs);
        }
        const qint64 suiteMs = firstMs < 0 ? 0 : lastMs - firstMs;
        xml.writeStartElement(QStringLiteral("testsuite"));
        xml.writeAttribute(QStringLiteral("name"), file.name + u'.' + stream.name);
        xml.writeAttribute(QStringLiteral("tests"), QString::number(counts.tests()));
        xml.writeAttribute(QStringLiteral("failures"), QString::number(counts.failed));
        xml.writeAttribute(QStringLiteral("errors"), QString::number(counts.errors));
        xml.writeAttribute(QStringLiteral("skipped"), QString::number(counts.skipped));
        xml.writeAttribute(QStringLiteral("time"), seconds(suiteMs));
        if (startedUtc.isValid())
            xml.writeAttribute(QStringLiteral("timestamp"),
                               timestamp(std::max<qint64>(0, firstMs)));
        xml.writeAttribute(QStringLiteral("hostname"), hostname);
        xml.writeAttribute(QStringLiteral("file"), file.path);
        for (const CheckResult &result : std::as_const(suite)) {
            xml.writeStartElement(QStringLiteral("testcase"));
            xml.writeAttribute(QStringLiteral("classname"), file.name + u'.' + stream.name);
            xml.writeAttribute(QStringLiteral("name"), caseName(result));
            xml.writeAttribute(QStringLiteral("time"), seconds(result.elapsedMs));
            if (result.where.line > 0) {
                xml.writeAttribute(QStringLiteral("file"), file.path);
                xml.writeAttribute(QStringLiteral("line"), QString::number(result.where.line));
            }
            if (result.status == CheckResult::Status::Skipped) {
                xml.writeStartElement(QStringLiteral("skipped"));
                xml.writeAttribute(QStringLiteral("message"), result.message);
                xml.writeEndElement();
            } else if (result.status != CheckResult::Status::Passed) {
                const bool failed = result.status == CheckResult::Status::Failed;
                xml.writeStartElement(failed ? QStringLiteral("failure") : QStringLiteral("error"));
                xml.writeAttribute(QStringLiteral("message"), result.message);
                xml.writeAttribute(QStringLiteral("type"),
                                   failed ? QStringLiteral("ExpectationFailed")
                                          : QStringLiteral("StreamNotChecked"));
                xml.writeCharacters(result.message + u'\n' + result.evidence.join(u'\n') + u'\n');
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    return out;
}

QByteArray CheckReport::jsonRecord(const CheckFile &file, const CheckResult &result)
{
    QByteArray out = QByteArrayLiteral("{\"kind\":\"expectation\"");
    JsonWriter::Members members(out);
    members.text("file", file.path)
        .text("stream", result.stream)
        .integer("step", result.step + 1)
        .text("step_name", file.steps.at(result.step).name);
    if (result.index >= 0)
        members.integer("index", result.index + 1);
    members.text("expect", result.expectation)
        .text("status", CheckResult::statusName(result.status))
        .integer("line", result.where.line)
        .integer("window_start_ms", result.windowStartMs)
        .integer("window_ms", result.windowMs)
        .integer("elapsed_ms", result.elapsedMs);
    if (!result.message.isEmpty())
        members.text("message", result.message);
    if (!result.evidence.isEmpty()) {
        out += ",\"evidence\":[";
        for (qsizetype i = 0; i < result.evidence.size(); ++i) {
            if (i > 0)
                out += ',';
            JsonWriter::appendText(out, result.evidence.at(i));
        }
        out += ']';
    }
    out += "}\n";
    return out;
}

QByteArray CheckReport::jsonSummary(const CheckFile &file, const QList<CheckResult> &results,
                                    qint64 elapsedMs)
{
    const Totals counts = totals(results);
    QByteArray out = QByteArrayLiteral("{\"kind\":\"check\"");
    JsonWriter::Members(out)
        .text("file", file.path)
        .text("name", file.name)
        .integer("tests", counts.tests())
        .integer("passed", counts.passed)
        .integer("failed", counts.failed)
        .integer("errors", counts.errors)
        .integer("skipped", counts.skipped)
        .integer("elapsed_ms", elapsedMs)
        .integer("exit", exitCode(counts));
    out += "}\n";
    return out;
}

QByteArray CheckReport::textResult(const CheckResult &result, bool color)
{
    const char *paint = "";
    switch (result.status) {
    case CheckResult::Status::Passed:
        paint = "\033[32m";
        break;
    case CheckResult::Status::Failed:
    case CheckResult::Status::Error:
        paint = "\033[31m";
        break;
    case CheckResult::Status::Skipped:
        paint = "\033[33m";
        break;
    }
    QByteArray out;
    if (color)
        out += paint;
    out += QByteArray(statusWord(result.status)).leftJustified(6);
    if (color)
        out += "\033[0m";
    out += (caseName(result) + QStringLiteral(" [") + result.stream + QStringLiteral("]  ")
            + QString::number(result.elapsedMs) + QStringLiteral(" ms\n"))
               .toUtf8();
    if (result.status != CheckResult::Status::Passed) {
        out += "      " + result.message.toUtf8() + '\n';
        for (const QString &line : result.evidence)
            out += "        " + line.toUtf8() + '\n';
    }
    return out;
}

QByteArray CheckReport::textSummary(const CheckFile &file, const QList<CheckResult> &results,
                                    qint64 elapsedMs)
{
    const Totals counts = totals(results);
    return QStringLiteral("check %1: %2 passed, %3 failed, %4 errors, %5 skipped in %6 s\n")
        .arg(file.name)
        .arg(counts.passed)
        .arg(counts.failed)
        .arg(counts.errors)
        .arg(counts.skipped)
        .arg(QString::number(double(elapsedMs) / 1000.0, 'f', 2))
        .toUtf8();
}
