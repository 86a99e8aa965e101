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
    auto *asColumn = new QAction(QStringLiteral("Show as a column in the table"), this);
    asColumn->setObjectName(QStringLiteral("showAsColumn"));
    addAction(copyValue);
    addAction(copyPath);
    addAction(asColumn);
    connect(copyValue, &QAction::triggered, this, &JsonTree::copyValue);
    connect(copyPath, &QAction::triggered, this, &JsonTree::copyPointer);
    connect(asColumn, &QAction::triggered, this, [this] {
        if (currentItem())
            Q_EMIT columnRequested(pointerText());
    });
}

JsonTree::~JsonTree() = default;

void JsonTree::clearJson()
{
    clear();
    m_nodesOf.clear();
    m_root.reset();
    m_built = true;
}

void JsonTree::showJson(const OrderedJson &root)
{
    setJson(root);
    build();
}

void JsonTree::setJson(OrderedJson root)
{
    clearJson();
    m_root = std::make_unique<OrderedJson>(std::move(root));
    m_built = false;
    if (isVisible())
        build();
}

void JsonTree::showEvent(QShowEvent *event)
{
    QTreeWidget::showEvent(event);
    build();
}

void JsonTree::build()
{
    if (m_built || !m_root)
        return;
    m_built = true;
    int nodes = 0;
    // Depth first, in order; an explicit stack, so that deep JSON costs no native stack.
    struct Pending
    {
        const OrderedJson *node;
        QTreeWidgetItem *parent;
    };
    QList<Pending> stack {{m_root.get(), nullptr}};
    while (!stack.isEmpty()) {
        const Pending next = stack.takeLast();
        const OrderedJson &node = *next.node;
        QTreeWidgetItem *item =
            next.parent ? new QTreeWidgetItem(next.parent) : new QTreeWidgetItem(this);
        if (++nodes > kMaxNodes) {
            item->setText(0, QStringLiteral("…"));
            item->setText(
                1,
                QStringLiteral("more than %1 values: the rest is on the Data page").arg(kMaxNodes));
            break;
        }
        item->setText(0, next.parent ? node.key : QStringLiteral("(root)"));
        item->setText(1, node.isContainer() ? summary(node) : node.text);
        item->setData(0, PointerRole, node.pointer);
        m_nodesOf.insert(item, &node);
        for (qsizetype i = node.children.size() - 1; i >= 0; --i)
            stack.append({&node.children.at(i), item});
    }
    expandToDepth(2);
    if (topLevelItemCount() > 0)
        setCurrentItem(topLevelItem(0));
    resizeColumnToContents(0);
}

const OrderedJson *JsonTree::nodeOf(const QTreeWidgetItem *item) const
{
    return m_nodesOf.value(item ? item : currentItem());
}

QString JsonTree::valueText(const QTreeWidgetItem *item) const
{
    const OrderedJson *node = nodeOf(item);
    if (!node)
        return QString();
    return node->isContainer() ? node->pretty(2) : node->value;
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
