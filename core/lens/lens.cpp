// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "lens.h"

#include "lensstate.h"

#include <QJsonDocument>
#include <QJsonParseError>

Lens::~Lens() = default;

void Lens::begin(const LensContext &, LensState &) { }

void Lens::finish(LensState &) { }

bool Lens::requireJson(const LensEvent &event, LensState &state)
{
    if (event.isJson)
        return true;
    state.problem(LensProblem::Code::NotJson,
                  QStringLiteral("event %1: the data is not a JSON object: %2")
                      .arg(event.number)
                      .arg(event.preview()));
    return false;
}

QByteArray LensEvent::type() const
{
    const QJsonValue type = json.value(QLatin1String("type"));
    if (type.isString())
        return type.toString().toUtf8();
    return event ? event->type : QByteArray();
}

QString LensEvent::preview() const
{
    if (!event)
        return QString();
    QString text = event->dataString();
    if (text.size() > 60)
        text = text.left(57) + QStringLiteral("...");
    return text;
}

LensEvent LensEvent::read(const SseEvent &event, qint64 number)
{
    LensEvent read;
    read.event = &event;
    read.number = number;
    // Only what may be an object is handed to the JSON reader: "[DONE]" and plain text are not.
    const QByteArray &data = event.data;
    qsizetype at = 0;
    while (at < data.size()
           && (data[at] == ' ' || data[at] == '\t' || data[at] == '\n' || data[at] == '\r'))
        ++at;
    if (at < data.size() && data[at] == '{') {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(data, &error);
        if (error.error == QJsonParseError::NoError && document.isObject()) {
            read.json = document.object();
            read.isJson = true;
        }
    }
    return read;
}
