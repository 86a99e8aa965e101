// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "checkfile.h"

#include <QStringList>

namespace {

QString millisText(qint64 ms)
{
    if (ms % 1000 == 0)
        return QString::number(ms / 1000) + QStringLiteral(" s");
    return QString::number(ms) + QStringLiteral(" ms");
}

} // namespace

QString EventMatcher::describe() const
{
    QStringList parts;
    if (!type.isEmpty())
        parts.append(QStringLiteral("type=") + type);
    if (!id.isEmpty())
        parts.append(QStringLiteral("id=") + id);
    for (const JsonField &field : json)
        parts.append(field.pointer + u'=' + field.expected);
    if (!dataPattern.isEmpty())
        parts.append(QStringLiteral("data~/") + dataPattern + u'/');
    for (const auto &capture : captures)
        parts.append(QStringLiteral("capture %1=%2").arg(capture.first, capture.second));
    return parts.isEmpty() ? QStringLiteral("any event") : parts.join(u' ');
}

QString Expectation::describe() const
{
    switch (kind) {
    case Kind::Event:
        return QStringLiteral("event ") + matcher.describe();
    case Kind::Count:
        return QStringLiteral("at least %1 events %2").arg(count).arg(matcher.describe());
    case Kind::Order: {
        QStringList parts;
        for (const EventMatcher &m : order)
            parts.append(u'(' + m.describe() + u')');
        return QStringLiteral("in order ") + parts.join(QStringLiteral(", "));
    }
    case Kind::None:
        return QStringLiteral("no event ") + matcher.describe();
    case Kind::Open:
        return QStringLiteral("open within ") + millisText(ms);
    case Kind::Heartbeat:
        return QStringLiteral("heartbeat every ") + millisText(ms);
    case Kind::Lost:
        return QStringLiteral("lost <= %1").arg(count);
    case Kind::Duplicates:
        return QStringLiteral("duplicates <= %1").arg(count);
    case Kind::Resume:
        return QStringLiteral("reconnect resumes (Last-Event-ID, no gap, no repeat)");
    case Kind::Lens:
        switch (lensFact) {
        case LensFact::FirstToken:
            return QStringLiteral("lens first token within ") + millisText(ms);
        case LensFact::Terminal:
            return QStringLiteral("lens terminal event");
        case LensFact::FinishReason:
            return QStringLiteral("lens finish reason ") + text;
        case LensFact::ToolCall:
            return QStringLiteral("lens MCP tool call ") + text + QStringLiteral(" answered");
        }
        break;
    }
    return {};
}

QString CheckTrigger::describe() const
{
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::Http:
        return QString::fromLatin1(method) + u' ' + url;
    case Kind::Fault:
        return QStringLiteral("fault ") + faultText;
    case Kind::Scenario:
        return QStringLiteral("scenario ") + scenario.source;
    case Kind::Pause:
        return QStringLiteral("pause ") + millisText(pauseMs);
    case Kind::Control:
        return QStringLiteral("control %1 %2 (%3 /%4 at %5)")
            .arg(controlAction, controlText, QString::fromLatin1(method), controlPath, url);
    }
    return {};
}

QString CheckStep::label(int index) const
{
    const QString number = QStringLiteral("step %1").arg(index + 1);
    return name.isEmpty() ? number : number + QStringLiteral(" (") + name + u')';
}
