// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "requesttemplate.h"

#include "client/requestbuilder.h"

namespace {

// Where the user information of a URL's text is: [begin, at) before the '@' of its authority.
bool userInfoSpan(const QString &url, qsizetype *begin, qsizetype *at)
{
    const qsizetype scheme = url.indexOf(QStringLiteral("://"));
    if (scheme < 0)
        return false;
    *begin = scheme + 3;
    qsizetype stop = url.size();
    for (qsizetype i = *begin; i < url.size(); ++i) {
        const QChar c = url.at(i);
        if (c == QLatin1Char('/') || c == QLatin1Char('?') || c == QLatin1Char('#')) {
            stop = i;
            break;
        }
    }
    if (stop == *begin)
        return false;
    *at = url.lastIndexOf(QLatin1Char('@'), stop - 1);
    return *at >= *begin;
}

bool isBasicAuthorization(const QPair<QByteArray, QByteArray> &header)
{
    return header.first.compare("authorization", Qt::CaseInsensitive) == 0
        && header.second.trimmed().left(6).compare("basic ", Qt::CaseInsensitive) == 0;
}

} // namespace

RequestTemplate RequestTemplate::fromOptions(const SseClientOptions &options)
{
    return {options.url.toString(), options};
}

QStringList RequestTemplate::variables() const
{
    QStringList names = TemplateVariables::references(url);
    const auto add = [&names](const QByteArray &text) {
        for (const QString &name : TemplateVariables::references(text)) {
            if (!names.contains(name))
                names.append(name);
        }
    };
    for (const auto &header : options.headers) {
        add(header.first);
        add(header.second);
        if (isBasicAuthorization(header)) {
            add(QByteArray::fromBase64Encoding(header.second.trimmed().mid(6),
                                               QByteArray::AbortOnBase64DecodingErrors)
                    .decoded);
        }
    }
    add(options.body);
    return names;
}

bool RequestTemplate::resolve(const TemplateVariables::Map &values, SseClientOptions *resolved,
                              QString *error, QStringList *missing) const
{
    SseClientOptions out = options;
    QStringList absent;
    bool tooLarge = false;
    const auto take = [&](const QByteArray &text) {
        TemplateVariables::Result result = TemplateVariables::resolve(text, values);
        for (const QString &name : std::as_const(result.missing)) {
            if (!absent.contains(name))
                absent.append(name);
        }
        tooLarge = tooLarge || result.tooLarge;
        return result.text;
    };
    const QByteArray urlText = take(url.trimmed().toUtf8());
    for (auto &header : out.headers) {
        header.first = take(header.first);
        header.second = take(header.second);
        if (!isBasicAuthorization(header))
            continue;
        // The editor's Basic helper encodes "user:password" as it is typed: references in it
        // are resolved inside the base64, where nothing else would see them.
        const auto decoded = QByteArray::fromBase64Encoding(
            header.second.trimmed().mid(6), QByteArray::AbortOnBase64DecodingErrors);
        if (decoded && TemplateVariables::hasReferences(decoded.decoded))
            header.second = QByteArrayLiteral("Basic ") + take(decoded.decoded).toBase64();
    }
    out.body = take(out.body);
    if (missing)
        *missing = absent;

    QString why;
    if (!absent.isEmpty()) {
        QStringList names;
        for (const QString &name : std::as_const(absent))
            names << QStringLiteral("{{%1}}").arg(name);
        why = (absent.size() == 1 ? QStringLiteral("undefined variable ")
                                  : QStringLiteral("undefined variables "))
            + names.join(QStringLiteral(", "));
    } else if (tooLarge) {
        why = QStringLiteral("with its variables resolved the request would pass %1 MiB")
                  .arg(TemplateVariables::kMaxResolvedBytes / (1024 * 1024));
    } else if (!RequestBuilder::parseUrl(QString::fromUtf8(urlText), &out.url, &why)) {
        if (TemplateVariables::hasReferences(url)) {
            why = QStringLiteral("with its variables resolved the URL is %1: %2")
                      .arg(QString::fromUtf8(urlText), why);
        }
    }
    if (!why.isEmpty()) {
        if (error)
            *error = why;
        return false;
    }
    *resolved = out;
    return true;
}

QString RequestTemplate::urlPassword(const QString &url)
{
    qsizetype begin = 0;
    qsizetype at = 0;
    if (!userInfoSpan(url, &begin, &at))
        return {};
    const qsizetype colon = url.indexOf(QLatin1Char(':'), begin);
    if (colon < 0 || colon >= at)
        return {};
    return url.mid(colon + 1, at - colon - 1);
}

QString RequestTemplate::withUrlPassword(const QString &url, const QString &password)
{
    qsizetype begin = 0;
    qsizetype at = 0;
    if (!userInfoSpan(url, &begin, &at)) {
        if (password.isEmpty() || url.indexOf(QStringLiteral("://")) < 0)
            return url;
        const qsizetype start = url.indexOf(QStringLiteral("://")) + 3;
        return url.left(start) + QLatin1Char(':') + password + QLatin1Char('@') + url.mid(start);
    }
    const qsizetype colon = url.indexOf(QLatin1Char(':'), begin);
    const qsizetype userEnd = (colon >= 0 && colon < at) ? colon : at;
    const QString secret = password.isEmpty() ? QString() : QLatin1Char(':') + password;
    return url.left(userEnd) + secret + url.mid(at);
}
