// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "eventdelegate.h"

#include "log/eventfilter.h"
#include "log/eventtablemodel.h"
#include "theme.h"

#include <QApplication>
#include <QPainter>
#include <QPalette>
#include <QRegularExpressionMatchIterator>
#include <QStyle>

namespace {

bool isDark(const QColor &base)
{
    return base.lightnessF() < 0.5;
}

} // namespace

EventDelegate::EventDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

QColor EventDelegate::typeColor(const QString &type, const QColor &base)
{
    if (type == QLatin1String("message"))
        return isDark(base) ? QColor(0xe5, 0xe7, 0xeb) : QColor(0x11, 0x18, 0x27);
    // A stable hash (qHash is seeded per process), spread over the hue circle.
    quint32 hash = 2166136261u;
    for (QChar c : type)
        hash = (hash ^ c.unicode()) * 16777619u;
    const int hue = int(hash % 360);
    return isDark(base) ? QColor::fromHsl(hue, 170, 170) : QColor::fromHsl(hue, 200, 85);
}

void EventDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QColor base = option->palette.color(QPalette::Base);
    const int kind = index.data(EventTableModel::KindRole).toInt();
    QColor text;
    switch (kind) {
    case EventTableModel::HeartbeatRow:
        text = isDark(base) ? QColor(0x5e, 0xa5, 0x9b) : QColor(0x0f, 0x76, 0x6e);
        option->font.setItalic(true);
        break;
    case EventTableModel::CommentRow:
        text = option->palette.color(QPalette::PlaceholderText);
        option->font.setItalic(true);
        break;
    case EventTableModel::ConnectionRow: {
        // In the state's colour, as on the badge: a gap in the ids sits next to its cause.
        ClientState state = ClientState::Idle;
        parseClientState(index.data(EventTableModel::TypeRole).toString(), &state);
        text = Theme::stateColor(state);
        option->font.setBold(true);
        break;
    }
    default:
        if (index.column() == EventTableModel::TypeColumn
            || index.column() == EventTableModel::DataColumn) {
            text = typeColor(index.data(EventTableModel::TypeRole).toString(), base);
        }
        if (index.column() == EventTableModel::TypeColumn)
            option->font.setBold(true);
        break;
    }
    // Only Text: selected rows keep the palette's HighlightedText, readable on Highlight.
    if (text.isValid())
        option->palette.setColor(QPalette::Text, text);
}

QList<QPair<int, int>> EventDelegate::matchRanges(const QString &text, const EventFilter &filter)
{
    QList<QPair<int, int>> ranges;
    const QString needle = filter.text();
    if (needle.isEmpty() || !filter.isValid())
        return ranges;
    if (filter.isRegex()) {
        QRegularExpressionMatchIterator it = filter.regex().globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch match = it.next();
            if (match.capturedLength() > 0)
                ranges.append({int(match.capturedStart()), int(match.capturedLength())});
        }
        return ranges;
    }
    for (qsizetype at = text.indexOf(needle, 0, Qt::CaseInsensitive); at >= 0;
         at = text.indexOf(needle, at + needle.size(), Qt::CaseInsensitive))
        ranges.append({int(at), int(needle.size())});
    return ranges;
}

void EventDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    const auto *model = qobject_cast<const EventTableModel *>(index.model());
    if (!model || index.column() != EventTableModel::DataColumn || model->filter().text().isEmpty())
        return;
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QList<QPair<int, int>> ranges = matchRanges(opt.text, model->filter());
    if (ranges.isEmpty())
        return;
    // Over the text as the style lays it out: left-aligned in the text rectangle after the
    // style's margin, one line (rows do not wrap), clipped where the style elides.
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QFontMetrics metrics(opt.font);
    painter->save();
    painter->setClipRect(textRect.adjusted(margin, 0, -margin, 0));
    for (const auto &[start, length] : ranges) {
        const int x = textRect.left() + margin + metrics.horizontalAdvance(opt.text.left(start));
        const int width = metrics.horizontalAdvance(opt.text.mid(start, length));
        if (x > textRect.right())
            break;
        painter->fillRect(QRect(x, textRect.top() + 1, width, textRect.height() - 2), matchColor());
    }
    painter->restore();
}
