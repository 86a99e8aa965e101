// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "doctorfinding.h"
#include "doctortimeline.h"

#include <QByteArray>
#include <QList>
#include <QString>

// What a doctor run found: the findings (most severe first once sorted), the measured facts,
// what each probe could or could not measure, and the timeline of what the streams showed (for
// plots). Written as text for a terminal, as one JSON document, or as a page (DoctorHtml).
struct DoctorReport
{
    QString url;
    qint64 budgetMs = 0;
    qint64 elapsedMs = 0;
    QString endedBy; // "budget", "all probes done", "interrupted"
    QList<DoctorFinding> findings;
    QList<DoctorFact> facts;
    QList<DoctorCoverage> coverage;
    DoctorTimeline timeline; // bounded; empty when no stream was asked for

    void addFinding(DoctorFinding finding) { findings.append(std::move(finding)); }
    void addFact(const QString &probe, const QString &label, const QString &value);
    void addCoverage(const QString &probe, bool measured, const QString &note);
    bool hasFinding(const QString &id) const;
    // Whether `probe` could measure what it looks at (false also when it is not covered).
    bool measured(const QString &probe) const;
    const DoctorFinding *finding(const QString &id) const;
    DoctorFinding::Severity worst() const; // Info when there is none
    // Errors first, then warnings, then infos; the probes' order within a severity.
    void sortFindings();

    QByteArray toText() const;
    QByteArray toJson() const; // one object, a trailing newline; the timeline under "timeline"
};
