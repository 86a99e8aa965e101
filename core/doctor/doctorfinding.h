// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

// One thing the doctor found wrong (or worth knowing) about an endpoint, in the server
// operator's terms: what was measured (the evidence: figures, header lines, escaped bytes) and
// what to change. Only what a probe measured becomes a finding.
struct DoctorFinding
{
    enum class Severity { Info, Warning, Error };
    static QString severityName(Severity severity); // "info", "warning", "error"

    QString id; // stable, dotted: "buffering.proxy", "idle.timeout", ...
    Severity severity = Severity::Warning;
    QString title; // one line: what is wrong, with the headline figure
    QStringList evidence; // one measured fact a line
    QString fix; // what the operator changes
};

// A measured fact that is no finding ("heartbeat: comment every 2.0 s"), for the report's
// measurements section.
struct DoctorFact
{
    QString probe; // "headers", "buffering", "heartbeats", "lifetime", "resume", "cors"
    QString label;
    QString value;
};

// What a probe could (or could not) measure in this run, and why not.
struct DoctorCoverage
{
    QString probe;
    bool measured = false;
    QString note;
};
