// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "eventdelegate.h"

#include "log/eventtablemodel.h"

#include <QPalette>

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
