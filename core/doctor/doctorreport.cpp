// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "doctorreport.h"

#include "util/jsonwriter.h"

#include <algorithm>

void DoctorReport::addFact(const QString &probe, const QString &label, const QString &value)
{
    facts.append(DoctorFact {probe, label, value});
}

void DoctorReport::addCoverage(const QString &probe, bool measured, const QString &note)
{
    coverage.append(DoctorCoverage {probe, measured, note});
}

bool DoctorReport::hasFinding(const QString &id) const
{
    return finding(id) != nullptr;
}

bool DoctorReport::measured(const QString &probe) const
{
    for (const DoctorCoverage &c : coverage) {
        if (c.probe == probe)
            return c.measured;
    }
    return false;
}

const DoctorFinding *DoctorReport::finding(const QString &id) const
{
    for (const DoctorFinding &f : findings) {
        if (f.id == id)
            return &f;
    }
    return nullptr;
}

DoctorFinding::Severity DoctorReport::worst() const
{
    DoctorFinding::Severity worst = DoctorFinding::Severity::Info;
    for (const DoctorFinding &f : findings)
        worst = std::max(worst, f.severity);
    return worst;
}

void DoctorReport::sortFindings()
{
    std::stable_sort(
        findings.begin(), findings.end(),
        [](const DoctorFinding &a, const DoctorFinding &b) { return a.severity > b.severity; });
}

QByteArray DoctorReport::toText() const
{
    QString out;
    out += QStringLiteral("ssemon doctor: %1\n").arg(url);
    out += QStringLiteral("ran %1 s of a %2 s budget (%3)\n\n")
               .arg(QString::number(double(elapsedMs) / 1000.0, 'f', 1),
                    QString::number(double(budgetMs) / 1000.0, 'f', 0), endedBy);
    if (findings.isEmpty()) {
        out += QStringLiteral("No findings: nothing measured here is wrong.\n");
    } else {
        out += QStringLiteral("%1 finding(s)\n").arg(findings.size());
        for (const DoctorFinding &f : findings) {
            out += QStringLiteral("\n[%1] %2: %3\n")
                       .arg(DoctorFinding::severityName(f.severity), f.id, f.title);
            for (const QString &line : f.evidence)
                out += QStringLiteral("    evidence: %1\n").arg(line);
            if (!f.fix.isEmpty())
                out += QStringLiteral("    fix: %1\n").arg(f.fix);
        }
    }
    if (!facts.isEmpty()) {
        out += QStringLiteral("\nMeasured\n");
        for (const DoctorFact &fact : facts)
            out += QStringLiteral("  %1 %2: %3\n").arg(fact.probe, -10).arg(fact.label, fact.value);
    }
    if (!coverage.isEmpty()) {
        out += QStringLiteral("\nCoverage\n");
        for (const DoctorCoverage &c : coverage) {
            out +=
                QStringLiteral("  %1 %2: %3\n")
                    .arg(c.probe, -10)
                    .arg(c.measured ? QStringLiteral("measured") : QStringLiteral("not measured"),
                         c.note);
        }
    }
    return out.toUtf8();
}

QByteArray DoctorReport::toJson() const
{
    using namespace JsonWriter;
    QByteArray out;
    out += "{\"kind\":\"doctor\"";
    Members(out)
        .text("url", url)
        .integer("budget_ms", budgetMs)
        .integer("elapsed_ms", elapsedMs)
        .text("ended_by", endedBy)
        .text("worst",
              findings.isEmpty() ? QStringLiteral("none") : DoctorFinding::severityName(worst()));
    out += ",\"findings\":[";
    for (qsizetype i = 0; i < findings.size(); ++i) {
        const DoctorFinding &f = findings.at(i);
        out += i ? ",{" : "{";
        out += "\"id\":";
        appendText(out, f.id);
        Members(out)
            .text("severity", DoctorFinding::severityName(f.severity))
            .text("title", f.title);
        out += ",\"evidence\":[";
        for (qsizetype j = 0; j < f.evidence.size(); ++j) {
            if (j)
                out += ',';
            appendText(out, f.evidence.at(j));
        }
        out += ']';
        Members(out).text("fix", f.fix);
        out += '}';
    }
    out += "],\"facts\":[";
    for (qsizetype i = 0; i < facts.size(); ++i) {
        out += i ? ",{" : "{";
        out += "\"probe\":";
        appendText(out, facts.at(i).probe);
        Members(out).text("label", facts.at(i).label).text("value", facts.at(i).value);
        out += '}';
    }
    out += "],\"coverage\":[";
    for (qsizetype i = 0; i < coverage.size(); ++i) {
        out += i ? ",{" : "{";
        out += "\"probe\":";
        appendText(out, coverage.at(i).probe);
        Members(out)
            .raw("measured", coverage.at(i).measured ? "true" : "false")
            .text("note", coverage.at(i).note);
        out += '}';
    }
    out += "],\"timeline\":";
    timeline.appendJson(out);
    out += "}\n";
    return out;
}
