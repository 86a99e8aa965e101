// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "jsontree.h"

#include "io/orderedjson.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>

namespace {

QString summary(const OrderedJson &node)
{
    const qsizetype n = node.children.size();
    if (node.type == OrderedJson::Type::Object)
        return n == 1 ? QStringLiteral("{1 member}") : QStringLiteral("{%1 members}").arg(n);
    return n == 1 ? QStringLiteral("[1 item]") : QStringLiteral("[%1 items]").arg(n);
}

} // namespace

JsonTree::JsonTree(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("jsonTree"));
    setColumnCount(2);
    setHeaderLabels({QStringLiteral("Name"), QStringLiteral("Value")});
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    header()->setStretchLastSection(true);
    setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copyValue = new QAction(QStringLiteral("Copy value"), this);
    copyValue->setShortcut(QKeySequence::Copy);
    copyValue->setShortcutContext(Qt::WidgetShortcut);
    auto *copyPath = new QAction(QStringLiteral("Copy path (JSON Pointer)"), this);
    copyPath->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copyPath->setShortcutContext(Qt::WidgetShortcut);
    addAction(copyValue);
    addAction(copyPath);
    connect(copyValue, &QAction::triggered, this, &JsonTree::copyValue);
    connect(copyPath, &QAction::triggered, this, &JsonTree::copyPointer);
}

void JsonTree::showJson(const OrderedJson &root)
{
    clear();
    m_nodes = 0;
    // Depth first, in order; an explicit stack, so that deep JSON costs no native stack.
    struct Pending
    {
        const OrderedJson *node;
        QTreeWidgetItem *parent;
    };
    QList<Pending> stack {{&root, nullptr}};
    while (!stack.isEmpty()) {
        const Pending next = stack.takeLast();
        const OrderedJson &node = *next.node;
        QTreeWidgetItem *item =
            next.parent ? new QTreeWidgetItem(next.parent) : new QTreeWidgetItem(this);
        if (++m_nodes > kMaxNodes) {
            item->setText(0, QStringLiteral("…"));
            item->setText(
                1,
                QStringLiteral("more than %1 values: the rest is on the Data page").arg(kMaxNodes));
            break;
        }
        item->setText(0, next.parent ? node.key : QStringLiteral("(root)"));
        item->setText(1, node.isContainer() ? summary(node) : node.text);
        item->setData(0, PointerRole, node.pointer);
        item->setData(0, ValueRole, node.isContainer() ? node.pretty(2) : node.value);
        for (qsizetype i = node.children.size() - 1; i >= 0; --i)
            stack.append({&node.children.at(i), item});
    }
    expandToDepth(2);
    if (topLevelItemCount() > 0)
        setCurrentItem(topLevelItem(0));
    resizeColumnToContents(0);
}

QString JsonTree::valueText(const QTreeWidgetItem *item) const
{
    item = item ? item : currentItem();
    return item ? item->data(0, ValueRole).toString() : QString();
}

QString JsonTree::pointerText(const QTreeWidgetItem *item) const
{
    item = item ? item : currentItem();
    return item ? item->data(0, PointerRole).toString() : QString();
}

void JsonTree::copyValue()
{
    if (!currentItem())
        return;
    QGuiApplication::clipboard()->setText(valueText());
    Q_EMIT copied(QStringLiteral("value"));
}

void JsonTree::copyPointer()
{
    if (!currentItem())
        return;
    QGuiApplication::clipboard()->setText(pointerText());
    Q_EMIT copied(QStringLiteral("path"));
}
