// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "lenscontext.h"

#include <QUrl>

namespace {

QByteArray fieldOf(const QList<QPair<QByteArray, QByteArray>> &fields, QByteArrayView name)
{
    for (const auto &field : fields) {
        if (field.first.compare(name, Qt::CaseInsensitive) == 0)
            return field.second.trimmed();
    }
    return QByteArray();
}

} // namespace

QByteArray LensContext::path() const
{
    return QUrl::fromEncoded(url).path(QUrl::FullyDecoded).toUtf8();
}

QByteArray LensContext::host() const
{
    return QUrl::fromEncoded(url).host().toLower().toUtf8();
}

QByteArray LensContext::requestHeader(QByteArrayView name) const
{
    return fieldOf(requestHeaders, name);
}

QByteArray LensContext::responseHeader(QByteArrayView name) const
{
    return fieldOf(responseHeaders, name);
}
