// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

// The request and response a stream belongs to, as a lens sees them: what the recognition reads
// (the URL's path, headers) and the times the lens's timings count from.
struct LensContext
{
    QByteArray method;
    QByteArray url; // as sent, encoded
    QList<QPair<QByteArray, QByteArray>> requestHeaders;
    QByteArray requestBody;
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> responseHeaders;
    // On the clock the events' arrival times are given on (ns); 0: unknown.
    qint64 requestStartNs = 0;
    qint64 firstByteNs = 0;
    // The wall clock (ns since the Unix epoch) at requestStartNs, so that an arrival time is
    // arrival - requestStartNs + wallClockNs on the wall clock (a latency field's timestamps
    // are on it); 0: unknown.
    qint64 wallClockNs = 0;

    QByteArray path() const; // the URL's path, percent-decoded
    QByteArray host() const; // lower case
    // First field of that name (case-insensitive), trimmed; empty when absent.
    QByteArray requestHeader(QByteArrayView name) const;
    QByteArray responseHeader(QByteArrayView name) const;
};
