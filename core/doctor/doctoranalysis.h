// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "doctorreport.h"
#include "doctorstream.h"

#include <QByteArray>
#include <QList>
#include <QString>

// The doctor's probes as pure functions over what the streams showed (DoctorStream): findings,
// facts and coverage notes into a DoctorReport. No sockets, no timers: the tests feed them
// synthetic records. Each probe says what it could not measure instead of guessing.
class DoctorAnalysis
{
public:
    // A proxy, CDN or platform the response names (Server, Via, or a header of its own).
    struct Intermediary
    {
        QString name; // "nginx", "Cloudflare", ...
        QString evidence; // the header line that names it
    };
    // A known default limit of an intermediary, matched against how a stream ended.
    struct KnownLimit
    {
        const char *what; // "nginx proxy_read_timeout"
        qint64 ms;
        bool idle; // true: silence before the end; false: the stream's whole time open
        const char *setting; // where to raise it
    };

    struct Inputs
    {
        const DoctorStream *main = nullptr; // the stream held for the run
        const DoctorStream *resumed = nullptr; // the reconnect with Last-Event-ID; null: none
        QByteArray resumeId; // the Last-Event-ID the reconnect sent (empty: none)
        QString resumeSkipped; // why no reconnect was made (empty: one was, or not needed)
        QByteArray origin; // the Origin header the requests carried (empty: none)
        bool https = false;
        qint64 silenceWarnMs = 30000; // a silence this long meets common idle timeouts
    };

    // Runs every probe into `report`.
    static void analyze(const Inputs &inputs, DoctorReport *report);

    static void headers(const Inputs &inputs, DoctorReport *report);
    static void buffering(const Inputs &inputs, DoctorReport *report);
    static void heartbeats(const Inputs &inputs, DoctorReport *report);
    static void lifetime(const Inputs &inputs, DoctorReport *report);
    static void resume(const Inputs &inputs, DoctorReport *report);

    static QList<Intermediary> intermediaries(const AttemptInfo &attempt);
    static const QList<KnownLimit> &knownLimits();
    // The first value of a response field (case-insensitive name); empty and false when absent.
    static bool header(const AttemptInfo &attempt, QByteArrayView name, QByteArray *value);
    // Bytes as a C-like string literal body: `:ping 1\n\n`, non-ASCII as \xHH.
    static QString escaped(QByteArrayView bytes);
    // "2 ms", "840 ms", "4.1 s"
    static QString duration(qint64 ns);
};
