// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QTreeWidget>

struct OrderedJson;

// JSON as a collapsible tree, members in the order sent and scalars as sent. Each value can be
// copied, or its path as a JSON Pointer (/choices/0/delta/content), from the context menu or
// with Ctrl+C / Ctrl+Shift+C. Past kMaxNodes the rest is summarised, not built.
class JsonTree : public QTreeWidget
{
    Q_OBJECT
public:
    static constexpr int kMaxNodes = 20000;
    enum Role { PointerRole = Qt::UserRole + 1, ValueRole };

    explicit JsonTree(QWidget *parent = nullptr);

    void showJson(const OrderedJson &root);

    // What the copy actions put on the clipboard for `item` (null: the current item).
    QString valueText(const QTreeWidgetItem *item = nullptr) const;
    QString pointerText(const QTreeWidgetItem *item = nullptr) const;

Q_SIGNALS:
    void copied(const QString &what); // "value" or "path", for feedback

private:
    void copyValue();
    void copyPointer();

    int m_nodes = 0;
};
