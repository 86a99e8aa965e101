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

    // What a browser's fetch() from another origin asks before sending the stream's request:
    // needed when the method is not GET, HEAD or POST or a header is not CORS-safelisted.
    struct Preflight
    {
        bool needed = false;
        QByteArray method; // Access-Control-Request-Method
        QList<QByteArray> headers; // Access-Control-Request-Headers: lower case, sorted
        bool credentials = false; // the request carries cookies (credentials: "include")
    };
    static Preflight preflightFor(const QByteArray &method,
                                  const QList<QPair<QByteArray, QByteArray>> &headers,
                                  bool cookies);

    struct Inputs
    {
        const DoctorStream *main = nullptr; // the stream held for the run
        const DoctorStream *resumed = nullptr; // the reconnect with Last-Event-ID; null: none
        QByteArray resumeId; // the Last-Event-ID the reconnect sent (empty: none)
        QString resumeSkipped; // why no reconnect was made (empty: one was, or not needed)
        // "GET" when the reconnects asked a POST's stream with GET (its body not resent);
        // empty: they repeated the request.
        QByteArray reconnectMethod;
        // The request has a body (resent by the reconnects only when resentBody).
        bool hasBody = false;
        bool resentBody = false;
        // The reconnect after a stream the server ended, with its last event's id (finalId);
        // null: the stream did not end cleanly, or the run ended first.
        const DoctorStream *final = nullptr;
        QByteArray finalId;
        QByteArray origin; // the Origin header the requests carried (empty: none)
        // The CORS preflight a fetch() from another origin would make for this request
        // (preflightFor()), and what it was answered; null: none was needed or sent.
        const DoctorStream *preflight = nullptr;
        Preflight preflightAsked;
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
    static void cors(const Inputs &inputs, DoctorReport *report);
    static void ending(const Inputs &inputs, DoctorReport *report);
    static void resend(const Inputs &inputs, DoctorReport *report);

    static QList<Intermediary> intermediaries(const AttemptInfo &attempt);
    static const QList<KnownLimit> &knownLimits();
    // The first value of a response field (case-insensitive name); empty and false when absent.
    static bool header(const AttemptInfo &attempt, QByteArrayView name, QByteArray *value);
    // Bytes as a C-like string literal body: `:ping 1\n\n`, non-ASCII as \xHH.
    static QString escaped(QByteArrayView bytes);
    // "2 ms", "840 ms", "4.1 s"
    static QString duration(qint64 ns);
};
