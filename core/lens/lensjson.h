// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

// Reading the members the lenses need from JSON that may be anything: a missing member or one
// of another type gives the fallback, never an error.
namespace LensJson {

inline QJsonObject object(const QJsonObject &o, QLatin1String key)
{
    return o.value(key).toObject();
}

inline QJsonArray array(const QJsonObject &o, QLatin1String key)
{
    return o.value(key).toArray();
}

inline QString string(const QJsonObject &o, QLatin1String key)
{
    return o.value(key).toString();
}

// A whole number in range; `fallback` for anything else (a string, a fraction, null).
qint64 integer(const QJsonObject &o, QLatin1String key, qint64 fallback = -1);

// Compact JSON of a value (an object or array as sent; a scalar in its JSON form).
QByteArray compact(const QJsonValue &value);

} // namespace LensJson
