// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QStyledItemDelegate>

// Paints event-table rows by what they are: event types each get a stable colour of their own,
// comments are grey and italic, heartbeats muted. The model only says the kind and the type
// (core has no colours); this is where they meet the palette, light or dark.
class EventDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit EventDelegate(QObject *parent = nullptr);

    // A colour for an event type that reads well on `base` and never changes between runs.
    static QColor typeColor(const QString &type, const QColor &base);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
