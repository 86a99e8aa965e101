// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "requestpanel.h"

#include "client/requestbuilder.h"
#include "connectiontab.h"
#include "environmentdialog.h"
#include "environmentstore.h"
#include "io/curlcommand.h"
#include "profilemenu.h"
#include "profilestore.h"
#include "requesthistory.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <utility>

namespace {

constexpr int ProfileNameRole = Qt::UserRole;

QLabel *hintLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setContentsMargins(4, 8, 4, 8);
    return label;
}

} // namespace

RequestPanel::RequestPanel(RequestHistory *history, ProfileMenu *profiles,
                           EnvironmentStore *environments, QStatusBar *status, TabGetter freeTab,
                           TabGetter newTab, QWidget *parent)
    : QWidget(parent)
    , m_history(history)
    , m_profiles(profiles)
    , m_environments(environments)
    , m_status(status)
    , m_freeTab(std::move(freeTab))
    , m_newTab(std::move(newTab))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    // The environment {{variables}} resolve from, for every tab.
    auto *envRow = new QHBoxLayout;
    m_environment = new QComboBox(this);
    m_environment->setObjectName(QStringLiteral("environment"));
    m_environment->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_environment->setMinimumContentsLength(6);
    m_environment->setToolTip(
        QStringLiteral("Environment: where {{name}} in a URL, header or body takes its value "
                       "from when you connect"));
    m_environment->setAccessibleName(QStringLiteral("Environment"));
    auto *edit = new QToolButton(this);
    edit->setObjectName(QStringLiteral("editEnvironments"));
    edit->setText(QStringLiteral("Edit…"));
    edit->setToolTip(QStringLiteral("Add, rename or delete environments and their variables"));
    envRow->addWidget(m_environment, 1);
    envRow->addWidget(edit);
    layout->addLayout(envRow);

    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("requestPanelPages"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(makeHistoryPage(), QStringLiteral("History"));
    m_pages->addTab(makeCollectionsPage(), QStringLiteral("Collections"));
    layout->addWidget(m_pages, 1);

    connect(edit, &QToolButton::clicked, this, &RequestPanel::editEnvironments);
    connect(m_environment, &QComboBox::activated, this, [this](int index) {
        m_environments->setActive(m_environment->itemData(index).toString());
        const QString active = m_environments->active();
        m_status->showMessage(active.isEmpty()
                                  ? QStringLiteral("No environment: {{variables}} stay unresolved")
                                  : QStringLiteral("Environment \"%1\" active").arg(active),
                              5000);
    });
    connect(m_environments, &EnvironmentStore::changed, this, &RequestPanel::refreshEnvironments);
    connect(m_profiles, &ProfileMenu::profilesChanged, this, &RequestPanel::refreshCollections);
    refreshEnvironments();
    refreshCollections();
}

QWidget *RequestPanel::makeHistoryPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 4, 0, 0);
    m_filter = new QLineEdit(page);
    m_filter->setObjectName(QStringLiteral("historyFilter"));
    m_filter->setPlaceholderText(QStringLiteral("Filter: URL, method, outcome"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);
    m_filtered = new QSortFilterProxyModel(page);
    m_filtered->setSourceModel(m_history);
    m_filtered->setFilterRole(RequestHistory::FilterRole);
    m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_historyView = new QListView(page);
    m_historyView->setObjectName(QStringLiteral("history"));
    m_historyView->setModel(m_filtered);
    m_historyView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Each entry wraps to the panel's width: a long URL is read whole, never scrolled sideways.
    m_historyView->setWordWrap(true);
    m_historyView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_historyView->setResizeMode(QListView::Adjust);
    m_historyView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_historyView->setAlternatingRowColors(true);
    m_historyView->setMinimumSize(80, 60);
    m_historyHint = hintLabel(QString(), page);
    layout->addWidget(m_historyHint);
    layout->addWidget(m_historyView, 1);
    auto *clear = new QPushButton(QStringLiteral("Clear history"), page);
    clear->setObjectName(QStringLiteral("clearHistory"));
    clear->setToolTip(QStringLiteral("Forget every request listed here (at most %1 are kept)")
                          .arg(RequestHistory::kMaxEntries));
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(clear);
    layout->addLayout(row);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filtered->setFilterFixedString(text);
        updateHints();
    });
    connect(m_historyView, &QListView::activated, this,
            [this](const QModelIndex &index) { openHistory(index.row()); });
    connect(m_historyView, &QWidget::customContextMenuRequested, this, &RequestPanel::historyMenu);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_history->clear();
        m_status->showMessage(QStringLiteral("History cleared"), 5000);
    });
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_filtered, signal, this, &RequestPanel::updateHints);
    connect(m_filtered, &QAbstractItemModel::modelReset, this, &RequestPanel::updateHints);
    return page;
}

QWidget *RequestPanel::makeCollectionsPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *save = new QPushButton(QStringLiteral("Save current request…"), page);
    save->setObjectName(QStringLiteral("saveRequest"));
    save->setToolTip(QStringLiteral("The current tab's request as a profile (also Profiles › "
                                    "Save); Folder/Name files it in a folder"));
    layout->addWidget(save);
    m_collectionsHint = hintLabel(
        QStringLiteral("No saved requests yet. Save current request… keeps the current tab's "
                       "request here and in the Profiles menu."),
        page);
    layout->addWidget(m_collectionsHint);
    m_collections = new QTreeWidget(page);
    m_collections->setObjectName(QStringLiteral("collections"));
    m_collections->setHeaderHidden(true);
    m_collections->setContextMenuPolicy(Qt::CustomContextMenu);
    m_collections->setMinimumSize(80, 60);
    layout->addWidget(m_collections, 1);
    connect(save, &QPushButton::clicked, m_profiles, qOverload<>(&ProfileMenu::saveAs));
    connect(m_collections, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString name = item->data(0, ProfileNameRole).toString();
        if (!name.isEmpty())
            openProfile(name);
    });
    connect(m_collections, &QWidget::customContextMenuRequested, this,
            &RequestPanel::collectionMenu);
    return page;
}

QStringList RequestPanel::pathOf(const QString &profileName)
{
    QStringList parts;
    for (const QString &part : profileName.split(QLatin1Char('/'))) {
        if (!part.trimmed().isEmpty())
            parts << part.trimmed();
    }
    if (parts.isEmpty())
        parts << profileName; // "/" alone is a name, not a folder
    return parts;
}

void RequestPanel::refreshCollections()
{
    m_collections->clear();
    const QIcon folderIcon = style()->standardIcon(QStyle::SP_DirIcon);
    const QString last = m_profiles->lastProfile();
    for (const QString &name : ProfileStore::names()) {
        const QStringList path = pathOf(name);
        QTreeWidgetItem *parent = m_collections->invisibleRootItem();
        for (int i = 0; i + 1 < path.size(); ++i) {
            QTreeWidgetItem *folder = nullptr;
            for (int c = 0; c < parent->childCount(); ++c) {
                QTreeWidgetItem *child = parent->child(c);
                if (child->data(0, ProfileNameRole).toString().isEmpty()
                    && child->text(0) == path.at(i)) {
                    folder = child;
                    break;
                }
            }
            if (!folder) {
                folder = new QTreeWidgetItem(parent, {path.at(i)});
                folder->setIcon(0, folderIcon);
                folder->setFlags(Qt::ItemIsEnabled);
                folder->setExpanded(true);
            }
            parent = folder;
        }
        auto *item = new QTreeWidgetItem(parent, {path.last()});
        item->setData(0, ProfileNameRole, name);
        const RequestTemplate request = ProfileStore::peek(name);
        item->setToolTip(0,
                         QStringLiteral("<b>%1</b><br>%2 %3%4")
                             .arg(name.toHtmlEscaped(), QString::fromUtf8(request.options.method),
                                  request.url.toHtmlEscaped(),
                                  name == last ? QStringLiteral("<br><i>The profile last "
                                                                "used</i>")
                                               : QString()));
        if (name == last) {
            QFont font = item->font(0);
            font.setBold(true);
            item->setFont(0, font);
        }
    }
    m_collections->expandAll();
    updateHints();
}

void RequestPanel::refreshEnvironments()
{
    const QSignalBlocker blocker(m_environment);
    m_environment->clear();
    m_environment->addItem(QStringLiteral("No environment"), QString());
    for (const QString &name : m_environments->names())
        m_environment->addItem(QStringLiteral("Environment: ") + name, name);
    m_environment->setCurrentIndex(std::max(0, m_environment->findData(m_environments->active())));
}

void RequestPanel::editEnvironments()
{
    EnvironmentDialog dialog(m_environments, window());
    dialog.exec();
}

void RequestPanel::updateHints()
{
    const bool noHistory = m_history->rowCount() == 0;
    const bool noMatch = !noHistory && m_filtered->rowCount() == 0;
    m_historyHint->setText(noHistory
                               ? QStringLiteral("Requests you connect are listed here, newest "
                                                "first. Double-click one to open it again.")
                               : QStringLiteral("No request matches the filter."));
    m_historyHint->setVisible(noHistory || noMatch);
    m_historyView->setVisible(!noHistory);
    const bool noProfiles = m_collections->topLevelItemCount() == 0;
    m_collectionsHint->setVisible(noProfiles);
    m_collections->setVisible(!noProfiles);
}

int RequestPanel::sourceRow(int row) const
{
    return m_filtered->mapToSource(m_filtered->index(row, 0)).row();
}

bool RequestPanel::openHistory(int row, bool inNewTab)
{
    const int source = sourceRow(row);
    if (source < 0)
        return false;
    const RequestHistory::Entry &entry = m_history->at(source);
    ConnectionTab *tab = inNewTab ? m_newTab() : m_freeTab();
    if (!tab)
        return false;
    tab->setRequest(entry.request);
    m_status->showMessage(
        entry.leftOut.isEmpty()
            ? QStringLiteral("Opened from the history: %1").arg(entry.request.url)
            : QStringLiteral("Opened from the history: %1 (without %2, which the history does "
                             "not keep)")
                  .arg(entry.request.url, entry.leftOut.join(QStringLiteral(", "))),
        8000);
    tab->urlField()->setFocus();
    return true;
}

bool RequestPanel::openProfile(const QString &name, bool inNewTab)
{
    return inNewTab ? m_profiles->load(name, m_newTab()) : m_profiles->load(name);
}

void RequestPanel::copyHistoryAsCurl(int row)
{
    const int source = sourceRow(row);
    if (source < 0)
        return;
    const RequestHistory::Entry &entry = m_history->at(source);
    SseClientOptions resolved;
    QString error;
    if (!entry.request.resolve(m_environments->activeValues(), &resolved, &error)) {
        m_status->showMessage(QStringLiteral("Not copied: ") + error, 8000);
        return;
    }
    resolved.captureRawFrames = false;
    const QString command = CurlCommand::toCurl(resolved);
    QApplication::clipboard()->setText(command);
    m_status->showMessage(
        QStringLiteral("Copied as a curl command, variables resolved (%1 characters)%2")
            .arg(command.size())
            .arg(
                entry.leftOut.isEmpty()
                    ? QString()
                    : QStringLiteral("; without %1").arg(entry.leftOut.join(QStringLiteral(", ")))),
        8000);
}

void RequestPanel::saveHistoryToCollection(int row)
{
    const int source = sourceRow(row);
    if (source < 0)
        return;
    const RequestHistory::Entry entry = m_history->at(source);
    QUrl url;
    QString ignored;
    QString proposed = entry.request.url;
    if (RequestBuilder::parseUrl(entry.request.url, &url, &ignored))
        proposed = url.host() + url.path();
    m_profiles->saveAs(entry.request, proposed);
}

void RequestPanel::historyMenu(const QPoint &pos)
{
    const QModelIndex index = m_historyView->indexAt(pos);
    if (!index.isValid())
        return;
    const int row = index.row();
    const quint64 id = index.data(RequestHistory::IdRole).toULongLong();
    QMenu menu(this);
    menu.addAction(QStringLiteral("Open"), this, [this, row] { openHistory(row); });
    menu.addAction(QStringLiteral("Open in a new tab"), this,
                   [this, row] { openHistory(row, true); });
    menu.addAction(QStringLiteral("Save to collection…"), this,
                   [this, row] { saveHistoryToCollection(row); });
    menu.addAction(QStringLiteral("Copy as curl, variables resolved"), this,
                   [this, row] { copyHistoryAsCurl(row); });
    menu.addSeparator();
    menu.addAction(QStringLiteral("Delete from history"), this,
                   [this, id] { m_history->remove(id); });
    menu.exec(m_historyView->viewport()->mapToGlobal(pos));
}

void RequestPanel::collectionMenu(const QPoint &pos)
{
    QTreeWidgetItem *item = m_collections->itemAt(pos);
    const QString name = item ? item->data(0, ProfileNameRole).toString() : QString();
    QMenu menu(this);
    if (!name.isEmpty()) {
        menu.addAction(QStringLiteral("Open"), this, [this, name] { openProfile(name); });
        menu.addAction(QStringLiteral("Open in a new tab"), this,
                       [this, name] { openProfile(name, true); });
        menu.addSeparator();
        menu.addAction(QStringLiteral("Rename…"), this, [this, name] {
            bool ok = false;
            const QString to = QInputDialog::getText(
                this, QStringLiteral("Rename profile"),
                QStringLiteral("New name (Folder/Name files it in a folder):"), QLineEdit::Normal,
                name, &ok);
            if (ok && to.trimmed() != name)
                m_profiles->rename(name, to);
        });
        menu.addAction(QStringLiteral("Duplicate…"), this, [this, name] {
            bool ok = false;
            const QString to = QInputDialog::getText(
                this, QStringLiteral("Duplicate profile"), QStringLiteral("Name of the copy:"),
                QLineEdit::Normal, name + QStringLiteral(" copy"), &ok);
            if (ok)
                m_profiles->duplicate(name, to);
        });
        menu.addAction(QStringLiteral("Delete"), this, [this, name] { m_profiles->remove(name); });
        menu.addSeparator();
    }
    menu.addAction(QStringLiteral("Save current request…"), m_profiles,
                   qOverload<>(&ProfileMenu::saveAs));
    menu.exec(m_collections->viewport()->mapToGlobal(pos));
}
