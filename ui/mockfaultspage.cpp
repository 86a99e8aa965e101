// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockfaultspage.h"

#include "faults/faultlistmodel.h"
#include "faults/faultspec.h"
#include "recentlogmodel.h"
#include "server/mockserver.h"
#include "theme.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace {

// The catalogue grouped by what a fault breaks, which is how someone testing a client thinks
// about it ("what if the connection drops", "what if the proxy answers 502").
enum class FaultGroup { Connection, Timing, Event, Response, Port };

FaultGroup groupOf(Fault::Kind kind)
{
    switch (kind) {
    case Fault::Kind::Stall:
    case Fault::Kind::HeartbeatPause:
        return FaultGroup::Timing;
    default:
        break;
    }
    switch (Fault::scopeOf(kind)) {
    case Fault::Scope::Connection:
        return FaultGroup::Connection;
    case Fault::Scope::Shaping:
        return FaultGroup::Timing;
    case Fault::Scope::Event:
        return FaultGroup::Event;
    case Fault::Scope::Response:
        return FaultGroup::Response;
    case Fault::Scope::Server:
        return FaultGroup::Port;
    }
    return FaultGroup::Connection;
}

QString groupTitle(FaultGroup group)
{
    switch (group) {
    case FaultGroup::Connection:
        return QStringLiteral("Connection");
    case FaultGroup::Timing:
        return QStringLiteral("Timing");
    case FaultGroup::Event:
        return QStringLiteral("Per event");
    case FaultGroup::Response:
        return QStringLiteral("Response");
    case FaultGroup::Port:
        return QStringLiteral("Port");
    }
    return {};
}

QString groupToolTip(FaultGroup group)
{
    switch (group) {
    case FaultGroup::Connection:
        return QStringLiteral("Act at once on the open streams");
    case FaultGroup::Timing:
        return QStringLiteral("Hold, slow down or pace what the streams get");
    case FaultGroup::Event:
        return QStringLiteral("Act on the next event each stream gets");
    case FaultGroup::Response:
        return QStringLiteral("Answer the next connection(s) differently");
    case FaultGroup::Port:
        return QStringLiteral("Act on the listening socket");
    }
    return {};
}

// The parameter a fault cannot do without, read off its synopsis ("for=T", "code=N [count=N]"):
// the first key outside brackets. Empty when every parameter is optional.
QString requiredKey(const QString &synopsis)
{
    for (const QString &token : synopsis.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (token.startsWith(QLatin1Char('[')))
            continue;
        const qsizetype eq = token.indexOf(QLatin1Char('='));
        if (eq > 0)
            return token.left(eq);
    }
    return {};
}

// The example's value for `key` ("stall for=5s" -> "5s"), a sensible default for the field.
QString exampleValue(const QString &example, const QString &key)
{
    const QString prefix = key + QLatin1Char('=');
    for (const QString &token : example.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (token.startsWith(prefix))
            return token.mid(prefix.size());
    }
    return {};
}

} // namespace

MockFaultsPage::MockFaultsPage(MockServer *server, QWidget *parent)
    : QWidget(parent)
    , m_server(server)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(createCatalogue());
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(scroll, 6);

    // The full vocabulary, the faults applied and the ones fired.
    auto *right = new QVBoxLayout;
    auto *specRow = new QHBoxLayout;
    m_spec = new QLineEdit(this);
    m_spec->setObjectName(QStringLiteral("faultSpec"));
    m_spec->setPlaceholderText(QStringLiteral("fault spec, e.g. drop every=50 clients=1"));
    m_spec->setToolTip(
        QStringLiteral("<pre>%1</pre>").arg(FaultSpec::catalogueText().toHtmlEscaped()));
    m_spec->setClearButtonEnabled(true);
    auto *apply = new QPushButton(QStringLiteral("Apply"), this);
    apply->setObjectName(QStringLiteral("faultApply"));
    specRow->addWidget(m_spec, 1);
    specRow->addWidget(apply);
    right->addLayout(specRow);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("faultError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    right->addWidget(m_error);

    // Applied and fired on two pages of one box, so the catalogue keeps most of the width.
    m_lists = new QTabWidget(this);
    m_lists->setObjectName(QStringLiteral("faultLists"));
    m_lists->setDocumentMode(true);
    // The server's fault engine as a list: what the control API lists, plus what is done.
    m_applied = new FaultListModel(m_server->faultEngine(), this);
    m_appliedView = new QTreeView(this);
    m_appliedView->setObjectName(QStringLiteral("appliedFaults"));
    m_appliedView->setModel(m_applied);
    m_appliedView->setRootIsDecorated(false);
    m_appliedView->setUniformRowHeights(true);
    m_appliedView->setAlternatingRowColors(true);
    m_appliedView->header()->setStretchLastSection(false);
    m_appliedView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_appliedView->header()->setSectionResizeMode(FaultListModel::FiredColumn,
                                                  QHeaderView::Stretch);
    m_appliedView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_appliedView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_appliedView->setToolTip(
        QStringLiteral("Faults applied, by hand or by a scenario, newest first: "
                       "how often each acted and what it did last, whether it "
                       "still waits, shapes, is armed, or is done"));
    connect(m_applied, &QAbstractItemModel::rowsInserted, this, &MockFaultsPage::updateCounts);
    connect(m_applied, &QAbstractItemModel::rowsRemoved, this, &MockFaultsPage::updateCounts);
    connect(m_applied, &QAbstractItemModel::modelReset, this, &MockFaultsPage::updateCounts);
    m_fired = new RecentLogModel(
        {QStringLiteral("Client"), QStringLiteral("Fault"), QStringLiteral("What happened")},
        MaxFiredShown, this);
    QTreeView *firedView = createRecentLogView(m_fired, QStringLiteral("firedFaults"), this);
    firedView->setToolTip(QStringLiteral("The last %1 faults acted out, newest first (client 0: "
                                         "the server itself)")
                              .arg(MaxFiredShown));
    // Two rows at the least, so that the dock fits a small screen above the table.
    m_appliedView->setMinimumHeight(40);
    firedView->setMinimumHeight(40);
    m_lists->addTab(m_appliedView, QString());
    m_lists->addTab(firedView, QString());
    auto *appliedButtons = new QWidget(this);
    auto *buttonsLayout = new QHBoxLayout(appliedButtons);
    buttonsLayout->setContentsMargins(0, 0, 0, 0);
    auto *remove = new QPushButton(QStringLiteral("Remove"), appliedButtons);
    remove->setObjectName(QStringLiteral("faultRemove"));
    remove->setToolTip(QStringLiteral("Forget the selected faults: they fire no more, their "
                                      "shaping and armed responses end"));
    auto *clear = new QPushButton(QStringLiteral("Clear all"), appliedButtons);
    clear->setObjectName(QStringLiteral("faultClear"));
    clear->setToolTip(QStringLiteral("Forget every fault, also those a scenario applied (stalls "
                                     "and a closed port under way run their course)"));
    buttonsLayout->addWidget(remove);
    buttonsLayout->addWidget(clear);
    m_lists->setCornerWidget(appliedButtons, Qt::TopRightCorner);
    right->addWidget(m_lists, 1);
    layout->addLayout(right, 4);
    updateCounts();

    auto applySpec = [this] {
        if (applyFaultSpec(m_spec->text()) > 0)
            m_spec->clear();
    };
    connect(apply, &QPushButton::clicked, this, applySpec);
    connect(m_spec, &QLineEdit::returnPressed, this, applySpec);
    connect(m_spec, &QLineEdit::textEdited, m_error, &QWidget::hide);
    connect(remove, &QPushButton::clicked, this, &MockFaultsPage::removeSelectedFaults);
    connect(clear, &QPushButton::clicked, this, &MockFaultsPage::clearFaults);
    connect(m_server, &MockServer::faultFired, this, &MockFaultsPage::onFaultFired);
}

QWidget *MockFaultsPage::createCatalogue()
{
    // The catalogue: one row per group, one button per kind, with a field for the parameter
    // the kind needs (prefilled from the catalogue's example). A click applies it now, to
    // every client; triggers and targets go through the spec line.
    auto *catalogue = new QWidget;
    auto *grid = new QGridLayout(catalogue);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(4);
    grid->setVerticalSpacing(3);
    QHash<int, QHBoxLayout *> rows;
    const QList<FaultGroup> groups = {FaultGroup::Connection, FaultGroup::Timing, FaultGroup::Event,
                                      FaultGroup::Response, FaultGroup::Port};
    for (int row = 0; row < groups.size(); ++row) {
        auto *label = new QLabel(QStringLiteral("<b>%1</b>").arg(groupTitle(groups.at(row))));
        label->setToolTip(groupToolTip(groups.at(row)));
        grid->addWidget(label, row, 0, Qt::AlignRight | Qt::AlignVCenter);
        auto *buttons = new QHBoxLayout;
        buttons->setSpacing(2);
        grid->addLayout(buttons, row, 1);
        rows.insert(int(groups.at(row)), buttons);
    }
    for (const FaultSpec::Entry &entry : FaultSpec::catalogue()) {
        Fault example;
        QString error;
        if (!FaultSpec::parse(entry.example, &example, &error))
            continue; // cannot happen for the built-in catalogue; never show a broken button
        QHBoxLayout *row = rows.value(int(groupOf(example.kind)));
        auto *button = new QToolButton(catalogue);
        button->setObjectName(QStringLiteral("fault-") + entry.name);
        button->setText(entry.name);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        QString tip = QStringLiteral("<b>%1</b> %2<br>%3<br><i>e.g.</i> <code>%4</code>")
                          .arg(entry.name.toHtmlEscaped(), entry.synopsis.toHtmlEscaped(),
                               entry.summary.toHtmlEscaped(), entry.example.toHtmlEscaped());
        QString gzipError;
        if (!MockServer::canApply(example, &gzipError)) {
            button->setEnabled(false);
            tip += QStringLiteral("<br><b>%1</b>").arg(gzipError.toHtmlEscaped());
        }
        button->setToolTip(tip);
        row->addWidget(button);
        const QString key = requiredKey(entry.synopsis);
        QLineEdit *parameter = nullptr;
        if (!key.isEmpty()) {
            parameter = new QLineEdit(exampleValue(entry.example, key), catalogue);
            parameter->setObjectName(QStringLiteral("faultParam-") + entry.name);
            parameter->setPlaceholderText(key);
            parameter->setToolTip(QStringLiteral("%1 for %2 (%3); or any parameters as "
                                                 "key=value")
                                      .arg(key, entry.name, entry.synopsis));
            // Wide enough for its default and a bit more, no wider: the rows stay compact.
            const QString sample =
                parameter->text().size() > 4 ? parameter->text() : QStringLiteral("00000");
            parameter->setFixedWidth(parameter->fontMetrics().horizontalAdvance(sample) + 24);
            row->addWidget(parameter);
            connect(parameter, &QLineEdit::returnPressed, button, &QToolButton::click);
        }
        row->addSpacing(6);
        const QString name = entry.name;
        connect(button, &QToolButton::clicked, this, [this, name, key, parameter] {
            QString spec = name;
            const QString value = parameter ? parameter->text().trimmed() : QString();
            if (!value.isEmpty())
                spec += QLatin1Char(' ')
                    + (value.contains(QLatin1Char('=')) ? value : key + QLatin1Char('=') + value);
            applyFaultSpec(spec);
        });
    }
    for (QHBoxLayout *row : std::as_const(rows))
        row->addStretch(1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(int(groups.size()), 1);
    return catalogue;
}

int MockFaultsPage::applyFaultSpec(const QString &spec, QString *errorMessage)
{
    Fault fault;
    QString error;
    int id = 0;
    if (FaultSpec::parse(spec, &fault, &error))
        id = m_server->applyFault(fault, &error);
    if (id <= 0) {
        showError(error);
        if (errorMessage)
            *errorMessage = error;
        return 0;
    }
    m_error->hide();
    // Listed by the model (newest on top) from the engine's faultApplied().
    Q_EMIT faultApplied(id, fault.spec);
    return id;
}

int MockFaultsPage::appliedFaultCount() const
{
    return m_applied->rowCount();
}

int MockFaultsPage::firedFaultCount() const
{
    return m_fired->rowCount();
}

void MockFaultsPage::showError(const QString &message)
{
    m_error->setText(Theme::errorHtml(message));
    m_error->show();
}

void MockFaultsPage::onFaultFired(const FaultReport &report)
{
    m_fired->prepend({report.client, report.spec, report.detail});
    updateCounts();
}

void MockFaultsPage::updateCounts()
{
    m_lists->setTabText(0, QStringLiteral("Applied (%1)").arg(m_applied->rowCount()));
    m_lists->setTabText(1, QStringLiteral("Fired (%1)").arg(m_fired->rowCount()));
}

void MockFaultsPage::removeSelectedFaults()
{
    QList<int> ids;
    const QModelIndexList rows = m_appliedView->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        ids.append(m_applied->idAt(row.row()));
    m_applied->remove(ids);
}

void MockFaultsPage::clearFaults()
{
    m_applied->clear();
    m_error->hide();
}
