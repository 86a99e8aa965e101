// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QSet>
#include <QString>
#include <QUrl>

// The redirects of one attempt, followed per fetch: at most maxRedirects hops, each to an http
// or https URL with a host; 303 (except after HEAD), and 301/302 after a POST, continue as GET
// without a body, 307 and 308 keep method and body; a hop to a method and URL already sent in
// this attempt is a loop; once the chain leaves the original origin, credentials are dropped
// for the rest of the attempt (even back on the first origin). A plain class: no sockets, the
// caller sends the requests it describes.
class RedirectPolicy
{
public:
    // What to do with a redirect response.
    struct Step
    {
        bool follow = false; // true: send the current request (url(), method(), body()) next
        QString text; // follow: the reason of the next Connecting record; else why it failed
    };

    static bool isRedirect(int status);
    // fetch: an origin is scheme, host and port (the default port when none is given).
    static QString origin(const QUrl &url);

    // A new attempt: the request the options describe, no hop taken, no request sent.
    void begin(const QUrl &url, const QByteArray &method, const QByteArray &body, int maxRedirects);
    // The current request is being sent: a later hop back to it is a loop.
    void noteSent();
    // The current request got `status` (a redirect) with this Location field (as received,
    // empty when absent). On success the current request is the hop's; on failure the attempt
    // is over.
    Step follow(int status, const QByteArray &locationField);

    const QUrl &url() const { return m_url; }
    const QByteArray &method() const { return m_method; }
    const QByteArray &body() const { return m_body; }
    // Leave Authorization and Cookie out: the chain left the original origin.
    bool dropCredentials() const { return m_dropCredentials; }
    int redirects() const { return m_redirects; }

private:
    static QString key(const QByteArray &method, const QUrl &url);

    QUrl m_url;
    QByteArray m_method;
    QByteArray m_body;
    int m_maxRedirects = 20;
    bool m_dropCredentials = false;
    int m_redirects = 0;
    QSet<QString> m_visited; // method + URL of each request sent in this attempt
};
