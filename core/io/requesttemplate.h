// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/sseclientoptions.h"
#include "io/templatevariables.h"

#include <QString>
#include <QStringList>

// A request as the user wrote it, `{{variables}}` unresolved: the URL as typed (it may hold
// references a QUrl cannot, as in `{{base}}/events`) and the options, whose header names and
// values and body may hold references too. This is what profiles and the history keep; what
// is sent, shown in the response inspector and copied as code is the resolved request.
struct RequestTemplate
{
    QString url; // as typed; `options.url` is not read
    SseClientOptions options;

    // A request without variables, its URL as the options hold it.
    static RequestTemplate fromOptions(const SseClientOptions &options);

    // The names referenced in the URL, header names and values and the body, each once.
    QStringList variables() const;

    // The request to send: every reference in the URL, header names and values (also inside
    // the base64 of `Authorization: Basic`) and body replaced by its value, and the URL read as
    // RequestBuilder::parseUrl reads a typed one. False with the reason in words when a name
    // has no value (`missing` lists them; nothing is replaced by an empty string), the result
    // is too large, or the resolved URL is no URL.
    bool resolve(const TemplateVariables::Map &values, SseClientOptions *resolved, QString *error,
                 QStringList *missing = nullptr) const;

    // The password of a URL's text (`scheme://user:password@host/…`), read as text so that a
    // URL with references has one too; empty when there is none.
    static QString urlPassword(const QString &url);
    // The text with its password replaced (removed when `password` is empty).
    static QString withUrlPassword(const QString &url, const QString &password);
};
