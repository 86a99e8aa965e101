// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "eventfaults.h"

#include "faultbytes.h"

EventFaults::Result EventFaults::deliver(const QByteArray &bytes, const QString &label,
                                         const QByteArray &defaultId, const RewriteId &rewriteId,
                                         const Report &report)
{
    Result result;
    QByteArray event = bytes;
    bool drop = false;
    bool truncate = false;
    bool reorder = false;
    bool error = false;
    int copies = 1;
    const QList<QPair<int, Fault>> pending = std::exchange(m_pending, {});
    for (const auto &[id, fault] : pending) {
        switch (fault.kind) {
        case Fault::Kind::Drop:
            drop = true;
            report(id, fault, QStringLiteral("dropped %1").arg(label));
            break;
        case Fault::Kind::Truncate:
            truncate = true;
            report(id, fault, QStringLiteral("truncated %1, then closed (FIN)").arg(label));
            break;
        case Fault::Kind::Duplicate:
            copies = 2;
            report(id, fault, QStringLiteral("sent %1 twice").arg(label));
            break;
        case Fault::Kind::Reorder:
            reorder = true;
            report(id, fault, QStringLiteral("held %1 back behind the next one").arg(label));
            break;
        case Fault::Kind::Ids:
            if (fault.idsMode == Fault::IdsMode::Reset) {
                event = rewriteId(QByteArray(), true);
                report(id, fault, QStringLiteral("sent %1 with an empty id").arg(label));
            } else {
                const QByteArray newId = fault.value.isEmpty() ? defaultId : fault.value;
                event = rewriteId(newId, false);
                report(id, fault,
                       QStringLiteral("sent %1 with id %2").arg(label, QString::fromUtf8(newId)));
            }
            break;
        case Fault::Kind::ErrorEvent:
            error = true;
            report(
                id, fault,
                QStringLiteral("sent an error event instead of %1, then closed (FIN)").arg(label));
            break;
        case Fault::Kind::NotJson:
            event = FaultBytes::notJson(event);
            report(id, fault, QStringLiteral("sent %1 with its data cut in half").arg(label));
            break;
        default:
            break;
        }
    }
    if (drop)
        return result;
    if (error) {
        // The provider's error takes the event's place and the stream ends after it, as a
        // provider ends a stream it cannot finish; a held event is lost with the rest.
        result.bytes = m_errorEvent ? m_errorEvent(event) : FaultBytes::errorEvent();
        result.events = 1;
        result.close = Fault::DropMode::Fin;
        m_held.clear();
        m_closeAfter = Fault::DropMode::Event;
        return result;
    }
    if (truncate) {
        // Cut inside the event: the reader discards it, id included, at the end of the stream.
        result.bytes = event.first(qMax<qsizetype>(1, event.size() / 2));
        result.truncated = true;
        return result;
    }
    if (reorder && m_held.isEmpty()) {
        m_held = event;
        return result;
    }
    for (int i = 0; i < copies; ++i)
        result.bytes += event;
    result.events = copies;
    if (!m_held.isEmpty()) {
        result.bytes += std::exchange(m_held, {});
        ++result.events;
    }
    result.close = std::exchange(m_closeAfter, Fault::DropMode::Event);
    return result;
}
