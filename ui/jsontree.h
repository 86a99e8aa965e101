// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QTreeWidget>

#include <memory>

struct OrderedJson;

// JSON as a collapsible tree, members in the order sent and scalars as sent. Each value can be
// copied, or its path as a JSON Pointer (/choices/0/delta/content), from the context menu or
// with Ctrl+C / Ctrl+Shift+C. Past kMaxNodes the rest is summarised, not built.
class JsonTree : public QTreeWidget
{
    Q_OBJECT
public:
    static constexpr int kMaxNodes = 20000;
    enum Role { PointerRole = Qt::UserRole + 1 };

    explicit JsonTree(QWidget *parent = nullptr);
    ~JsonTree() override;

    void showJson(const OrderedJson &root); // built now
    // Built now when the tree is visible, else when it is next shown: a selection does not
    // pay for a page nobody looks at.
    void setJson(OrderedJson root);
    void clearJson(); // nothing shown

    // What the copy actions put on the clipboard for `item` (null: the current item).
    QString valueText(const QTreeWidgetItem *item = nullptr) const;
    QString pointerText(const QTreeWidgetItem *item = nullptr) const;

protected:
    void showEvent(QShowEvent *event) override;

Q_SIGNALS:
    void copied(const QString &what); // "value" or "path", for feedback
    // "Show as a column": the JSON pointer of the current item, for the event table.
    void columnRequested(const QString &pointer);

private:
    void copyValue();
    void copyPointer();
    const OrderedJson *nodeOf(const QTreeWidgetItem *item) const;
    void build();

    // What is shown; each item points at its node, so that a container's JSON text is made
    // when it is copied, not for every node when the tree is built.
    std::unique_ptr<OrderedJson> m_root;
    bool m_built = true; // m_root is what the items show
    QHash<const QTreeWidgetItem *, const OrderedJson *> m_nodesOf;
};
