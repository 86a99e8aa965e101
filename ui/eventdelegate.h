// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QList>
#include <QPair>
#include <QStyledItemDelegate>

class EventFilter;

// Paints event-table rows by what they are: event types each get a stable colour of their own,
// comments are grey and italic, heartbeats muted. The model only says the kind and the type
// (core has no colours); this is where they meet the palette, light or dark. What the filter's
// text matched is marked in the Data column.
class EventDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit EventDelegate(QObject *parent = nullptr);

    // A colour for an event type that reads well on `base` and never changes between runs.
    static QColor typeColor(const QString &type, const QColor &base);
    // Where the filter's text (substring or regular expression, case-insensitive) matches
    // `text`: (start, length) pairs in order, none empty. Empty without a text filter.
    static QList<QPair<int, int>> matchRanges(const QString &text, const EventFilter &filter);
    static QColor matchColor() { return QColor(255, 196, 0, 120); } // reads on light and dark

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
