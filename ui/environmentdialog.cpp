// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "environmentdialog.h"

#include "theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

enum Column { NameColumn, ValueColumn, SecretColumn };

// A secret value shows as dots in the table; its editor shows it while it is edited.
class ValueDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const bool secret =
            index.siblingAtColumn(SecretColumn).data(Qt::CheckStateRole).toInt() == Qt::Checked;
        if (secret && !option->text.isEmpty())
            option->text = QString(std::min<qsizetype>(option->text.size(), 12), QChar(0x2022));
    }
};

} // namespace

EnvironmentDialog::EnvironmentDialog(EnvironmentStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
{
    setWindowTitle(QStringLiteral("Environments"));
    auto *layout = new QVBoxLayout(this);

    auto *top = new QHBoxLayout;
    m_environments = new QComboBox(this);
    m_environments->setObjectName(QStringLiteral("environmentChoice"));
    m_environments->setMinimumContentsLength(16);
    auto *add = new QPushButton(QStringLiteral("New…"), this);
    add->setObjectName(QStringLiteral("newEnvironment"));
    m_rename = new QPushButton(QStringLiteral("Rename…"), this);
    m_delete = new QPushButton(QStringLiteral("Delete"), this);
    m_delete->setObjectName(QStringLiteral("deleteEnvironment"));
    top->addWidget(new QLabel(QStringLiteral("Environment"), this));
    top->addWidget(m_environments, 1);
    top->addWidget(add);
    top->addWidget(m_rename);
    top->addWidget(m_delete);
    layout->addLayout(top);

    auto *help = new QLabel(
        QStringLiteral("Write <code>{{name}}</code> in the URL, a header or the body; it is "
                       "replaced by the value of the active environment when you connect. "
                       "Secret values go to the system keychain, never into the settings file "
                       "unless you allowed plain text when saving a profile."),
        this);
    help->setWordWrap(true);
    layout->addWidget(help);

    m_table = new QTableWidget(0, 3, this);
    m_table->setObjectName(QStringLiteral("variables"));
    m_table->setHorizontalHeaderLabels(
        {QStringLiteral("Variable"), QStringLiteral("Value"), QStringLiteral("Secret")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Interactive);
    m_table->horizontalHeader()->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(SecretColumn, QHeaderView::ResizeToContents);
    m_table->setColumnWidth(NameColumn, 160);
    m_table->setItemDelegateForColumn(ValueColumn, new ValueDelegate(m_table));
    layout->addWidget(m_table, 1);

    auto *rows = new QHBoxLayout;
    m_add = new QPushButton(QStringLiteral("Add variable"), this);
    m_add->setObjectName(QStringLiteral("addVariable"));
    m_remove = new QPushButton(QStringLiteral("Remove variable"), this);
    rows->addWidget(m_add);
    rows->addWidget(m_remove);
    rows->addStretch(1);
    layout->addLayout(rows);

    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_note);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("environmentError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::RichText);
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &EnvironmentDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(add, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, QStringLiteral("New environment"),
                                                   QStringLiteral("Name (e.g. Local, Staging):"),
                                                   QLineEdit::Normal, QString(), &ok);
        if (ok)
            newEnvironment(name);
    });
    connect(m_rename, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, QStringLiteral("Rename environment"),
                                  QStringLiteral("New name:"), QLineEdit::Normal, m_shown, &ok);
        if (ok)
            renameEnvironment(name);
    });
    connect(m_delete, &QPushButton::clicked, this, &EnvironmentDialog::deleteEnvironment);
    connect(m_add, &QPushButton::clicked, this, [this] {
        addVariable();
        m_table->setCurrentCell(m_table->rowCount() - 1, NameColumn);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, NameColumn));
    });
    connect(m_remove, &QPushButton::clicked, this, &EnvironmentDialog::removeVariable);
    connect(m_environments, &QComboBox::currentTextChanged, this, [this](const QString &name) {
        if (m_filling || name == m_shown)
            return;
        // The one left is saved; if it cannot be, the choice goes back to it.
        if (!m_shown.isEmpty() && !save()) {
            const QSignalBlocker blocker(m_environments);
            m_environments->setCurrentText(m_shown);
            return;
        }
        show(name);
    });

    refill(m_store->active().isEmpty() ? m_store->names().value(0) : m_store->active());
    resize(640, 420);
}

void EnvironmentDialog::refill(const QString &current)
{
    m_filling = true;
    m_environments->clear();
    m_environments->addItems(m_store->names());
    m_environments->setCurrentText(current);
    m_filling = false;
    show(m_environments->currentText());
}

void EnvironmentDialog::show(const QString &name)
{
    m_shown = name;
    m_error->clear();
    m_table->setRowCount(0);
    const EnvironmentStore::Environment *e = m_store->environment(name);
    const bool any = e != nullptr;
    m_rename->setEnabled(any);
    m_delete->setEnabled(any);
    m_add->setEnabled(any);
    m_remove->setEnabled(any);
    m_table->setEnabled(any);
    m_note->setText(any ? e->secretsNote
                        : QStringLiteral("No environment yet: New… makes one (e.g. Local with "
                                         "base = http://127.0.0.1:8080)."));
    if (!any)
        return;
    for (const EnvironmentStore::Variable &v : e->variables)
        addVariable(v.name, v.value, v.secret);
}

void EnvironmentDialog::addVariable(const QString &name, const QString &value, bool secret)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, NameColumn, new QTableWidgetItem(name));
    m_table->setItem(row, ValueColumn, new QTableWidgetItem(value));
    auto *check = new QTableWidgetItem;
    check->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
    check->setCheckState(secret ? Qt::Checked : Qt::Unchecked);
    check->setToolTip(QStringLiteral("Kept in the system keychain, shown as dots"));
    m_table->setItem(row, SecretColumn, check);
}

void EnvironmentDialog::removeVariable()
{
    const int row = m_table->currentRow();
    if (row >= 0)
        m_table->removeRow(row);
}

EnvironmentStore::Environment EnvironmentDialog::edited() const
{
    EnvironmentStore::Environment e;
    e.name = m_shown;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        EnvironmentStore::Variable v;
        v.name = m_table->item(row, NameColumn)->text().trimmed();
        v.value = m_table->item(row, ValueColumn)->text();
        v.secret = m_table->item(row, SecretColumn)->checkState() == Qt::Checked;
        // A row left wholly empty is no variable.
        if (!v.name.isEmpty() || !v.value.isEmpty())
            e.variables.append(v);
    }
    return e;
}

bool EnvironmentDialog::save()
{
    if (m_shown.isEmpty())
        return true;
    QString error;
    if (!m_store->save(edited(), QString(), &error)) {
        m_error->setText(Theme::errorHtml(QStringLiteral("Not saved: ") + error));
        return false;
    }
    m_error->clear();
    if (const EnvironmentStore::Environment *e = m_store->environment(m_shown))
        m_note->setText(e->secretsNote);
    return true;
}

void EnvironmentDialog::newEnvironment(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return;
    if (!save())
        return;
    if (m_store->environment(trimmed)) {
        m_error->setText(
            Theme::errorHtml(QStringLiteral("An environment named \"%1\" exists").arg(trimmed)));
        return;
    }
    EnvironmentStore::Environment e;
    e.name = trimmed;
    m_store->save(e);
    // The first one made is the one used.
    if (m_store->active().isEmpty())
        m_store->setActive(trimmed);
    refill(trimmed);
}

void EnvironmentDialog::renameEnvironment(const QString &name)
{
    if (m_shown.isEmpty() || name.trimmed().isEmpty())
        return;
    EnvironmentStore::Environment e = edited();
    e.name = name.trimmed();
    QString error;
    if (!m_store->save(e, m_shown, &error)) {
        m_error->setText(Theme::errorHtml(QStringLiteral("Not renamed: ") + error));
        return;
    }
    refill(e.name);
}

void EnvironmentDialog::deleteEnvironment()
{
    if (m_shown.isEmpty())
        return;
    m_store->remove(m_shown);
    m_shown.clear();
    refill(m_store->names().value(0));
}

void EnvironmentDialog::accept()
{
    if (save())
        QDialog::accept();
}
