// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockserverpanel.h"

#include "faults/faultlistmodel.h"
#include "faults/faultspec.h"
#include "faults/scenarioreader.h"
#include "mockclientsmodel.h"
#include "server/mockserver.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTime>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

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

QString timeOfDay()
{
    return QTime::currentTime().toString(QStringLiteral("HH:mm:ss.zzz"));
}

void trimTop(QTreeWidget *tree, int max)
{
    // Newest on top: the oldest are at the bottom.
    while (tree->topLevelItemCount() > max)
        delete tree->takeTopLevelItem(tree->topLevelItemCount() - 1);
}

QTreeWidget *createLog(const QStringList &headers, const QString &name, QWidget *parent)
{
    auto *tree = new QTreeWidget(parent);
    tree->setObjectName(name);
    tree->setHeaderLabels(headers);
    tree->setRootIsDecorated(false);
    tree->setUniformRowHeights(true);
    tree->setAlternatingRowColors(true);
    tree->header()->setStretchLastSection(true);
    tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return tree;
}

const QColor errorColor(0xdc, 0x26, 0x26);

} // namespace

MockServerPanel::MockServerPanel(MockServer *server, QWidget *parent)
    : QWidget(parent)
    , m_server(server)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    auto *top = new QHBoxLayout;
    m_startStop = new QPushButton(this);
    m_startStop->setObjectName(QStringLiteral("serverStartStop"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("serverStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stats = new QLabel(this);
    m_stats->setObjectName(QStringLiteral("serverStats"));
    m_stats->setForegroundRole(QPalette::PlaceholderText);
    top->addWidget(m_startStop);
    top->addWidget(m_status);
    top->addStretch(1);
    top->addWidget(m_stats);
    layout->addLayout(top);

    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("serverPages"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(createServerPage(), QStringLiteral("Server && clients"));
    m_pages->addTab(createFaultsPage(), QStringLiteral("Faults"));
    m_pages->addTab(createScenarioPage(), QStringLiteral("Scenario"));
    layout->addWidget(m_pages, 1);

    m_refresh = new QTimer(this);
    m_refresh->setInterval(1000);
    m_refresh->start();
    connect(m_refresh, &QTimer::timeout, this, &MockServerPanel::refresh);
    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (m_server->isListening())
            stop();
        else
            start();
    });
    connect(m_server, &MockServer::clientCountChanged, this, &MockServerPanel::refresh);
    connect(m_server, &MockServer::faultFired, this, &MockServerPanel::onFaultFired);
    connect(m_server, &MockServer::scenarioStepRun, this, &MockServerPanel::onStepRun);
    connect(m_server, &MockServer::scenarioFinished, this, &MockServerPanel::onScenarioFinished);
    refresh();
}

QWidget *MockServerPanel::createServerPage()
{
    const MockServerOptions options = m_server->options();
    auto *page = new QWidget(this);
    auto *layout = new QHBoxLayout(page);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *settings = new QFormLayout;

    auto *where = new QHBoxLayout;
    m_host = new QLineEdit(options.host.toString(), page);
    m_host->setToolTip(QStringLiteral("127.0.0.1 keeps the server on this machine"));
    m_port = new QSpinBox(page);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(QStringLiteral("any"));
    m_port->setValue(options.port);
    m_path = new QLineEdit(QString::fromUtf8(options.path), page);
    where->addWidget(m_host, 2);
    where->addWidget(new QLabel(QStringLiteral("port"), page));
    where->addWidget(m_port, 1);
    where->addWidget(new QLabel(QStringLiteral("path"), page));
    where->addWidget(m_path, 2);
    settings->addRow(QStringLiteral("Listen on"), where);

    auto *heartbeat = new QHBoxLayout;
    m_heartbeatMs = new QSpinBox(page);
    m_heartbeatMs->setObjectName(QStringLiteral("serverHeartbeatMs"));
    m_heartbeatMs->setRange(0, 3600000);
    m_heartbeatMs->setSingleStep(250);
    m_heartbeatMs->setSuffix(QStringLiteral(" ms"));
    m_heartbeatMs->setSpecialValueText(QStringLiteral("off"));
    m_heartbeatMs->setValue(int(options.heartbeatMs));
    m_heartbeatForm = new QComboBox(page);
    m_heartbeatForm->addItems({QStringLiteral(":ping comment"), QStringLiteral("event: ping"),
                               QStringLiteral("data: ping")});
    m_heartbeatForm->setCurrentIndex(int(options.heartbeatForm));
    heartbeat->addWidget(m_heartbeatMs, 1);
    heartbeat->addWidget(m_heartbeatForm, 1);
    settings->addRow(QStringLiteral("Heartbeat"), heartbeat);

    m_eventMs = new QSpinBox(page);
    m_eventMs->setObjectName(QStringLiteral("serverEventMs"));
    m_eventMs->setRange(0, 3600000);
    m_eventMs->setSingleStep(100);
    m_eventMs->setSuffix(QStringLiteral(" ms"));
    m_eventMs->setSpecialValueText(QStringLiteral("off"));
    m_eventMs->setValue(int(options.eventMs));
    settings->addRow(QStringLiteral("Event every"), m_eventMs);
    m_payload = new QLineEdit(QString::fromUtf8(options.payloadTemplate), page);
    m_payload->setToolTip(
        QStringLiteral("{{n}} event number, {{t}} unix ms, {{id}} the id; {{client}} the number "
                       "of the client receiving it (per recipient: a client that resumes gets "
                       "other data under the same id)"));
    settings->addRow(QStringLiteral("Payload"), m_payload);
    layout->addLayout(settings, 2);

    m_clientsModel = new MockClientsModel(this);
    m_clients = new QTableView(page);
    m_clients->setObjectName(QStringLiteral("serverClients"));
    m_clients->setModel(m_clientsModel);
    m_clients->verticalHeader()->hide();
    m_clients->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_clients->horizontalHeader()->setSectionResizeMode(MockClientsModel::PeerColumn,
                                                        QHeaderView::Stretch);
    m_clients->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_clients->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_clients->setAlternatingRowColors(true);
    m_clients->setMinimumHeight(60);
    layout->addWidget(m_clients, 3);

    connect(m_heartbeatMs, &QSpinBox::valueChanged, this, &MockServerPanel::applyLive);
    connect(m_heartbeatForm, &QComboBox::currentIndexChanged, this, &MockServerPanel::applyLive);
    connect(m_eventMs, &QSpinBox::valueChanged, this, &MockServerPanel::applyLive);
    connect(m_payload, &QLineEdit::editingFinished, this, &MockServerPanel::applyLive);
    return page;
}

QWidget *MockServerPanel::createFaultsPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QHBoxLayout(page);
    layout->setContentsMargins(0, 4, 0, 0);

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
    auto *scroll = new QScrollArea(page);
    scroll->setWidget(catalogue);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(scroll, 6);

    // The full vocabulary, the faults applied and the ones fired.
    auto *right = new QVBoxLayout;
    auto *specRow = new QHBoxLayout;
    m_faultSpec = new QLineEdit(page);
    m_faultSpec->setObjectName(QStringLiteral("faultSpec"));
    m_faultSpec->setPlaceholderText(QStringLiteral("fault spec, e.g. drop every=50 clients=1"));
    m_faultSpec->setToolTip(
        QStringLiteral("<pre>%1</pre>").arg(FaultSpec::catalogueText().toHtmlEscaped()));
    m_faultSpec->setClearButtonEnabled(true);
    auto *apply = new QPushButton(QStringLiteral("Apply"), page);
    apply->setObjectName(QStringLiteral("faultApply"));
    specRow->addWidget(m_faultSpec, 1);
    specRow->addWidget(apply);
    right->addLayout(specRow);
    m_faultError = new QLabel(page);
    m_faultError->setObjectName(QStringLiteral("faultError"));
    m_faultError->setWordWrap(true);
    m_faultError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_faultError->hide();
    right->addWidget(m_faultError);

    // Applied and fired on two pages of one box, so the catalogue keeps most of the width.
    m_faultLists = new QTabWidget(page);
    m_faultLists->setObjectName(QStringLiteral("faultLists"));
    m_faultLists->setDocumentMode(true);
    // The server's fault engine as a list: what the control API lists, plus what is done.
    m_faultModel = new FaultListModel(m_server->faultEngine(), this);
    m_applied = new QTreeView(page);
    m_applied->setObjectName(QStringLiteral("appliedFaults"));
    m_applied->setModel(m_faultModel);
    m_applied->setRootIsDecorated(false);
    m_applied->setUniformRowHeights(true);
    m_applied->setAlternatingRowColors(true);
    m_applied->header()->setStretchLastSection(false);
    m_applied->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_applied->header()->setSectionResizeMode(FaultListModel::FiredColumn, QHeaderView::Stretch);
    m_applied->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_applied->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_applied->setToolTip(QStringLiteral("Faults applied, by hand or by a scenario, newest first: "
                                         "how often each acted and what it did last, whether it "
                                         "still waits, shapes, is armed, or is done"));
    connect(m_faultModel, &QAbstractItemModel::rowsInserted, this,
            &MockServerPanel::updateFaultCounts);
    connect(m_faultModel, &QAbstractItemModel::rowsRemoved, this,
            &MockServerPanel::updateFaultCounts);
    connect(m_faultModel, &QAbstractItemModel::modelReset, this,
            &MockServerPanel::updateFaultCounts);
    m_fired = createLog({QStringLiteral("Time"), QStringLiteral("Client"), QStringLiteral("Fault"),
                         QStringLiteral("What happened")},
                        QStringLiteral("firedFaults"), page);
    m_fired->setToolTip(QStringLiteral("The last %1 faults acted out, newest first (client 0: "
                                       "the server itself)")
                            .arg(MaxFiredShown));
    m_faultLists->addTab(m_applied, QString());
    m_faultLists->addTab(m_fired, QString());
    auto *appliedButtons = new QWidget(page);
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
    m_faultLists->setCornerWidget(appliedButtons, Qt::TopRightCorner);
    right->addWidget(m_faultLists, 1);
    layout->addLayout(right, 4);
    updateFaultCounts();

    auto applySpec = [this] {
        if (applyFaultSpec(m_faultSpec->text()) > 0)
            m_faultSpec->clear();
    };
    connect(apply, &QPushButton::clicked, this, applySpec);
    connect(m_faultSpec, &QLineEdit::returnPressed, this, applySpec);
    connect(m_faultSpec, &QLineEdit::textEdited, m_faultError, &QWidget::hide);
    connect(remove, &QPushButton::clicked, this, &MockServerPanel::removeSelectedFaults);
    connect(clear, &QPushButton::clicked, this, &MockServerPanel::clearFaults);
    return page;
}

QWidget *MockServerPanel::createScenarioPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QHBoxLayout(page);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *left = new QVBoxLayout;
    auto *pick = new QHBoxLayout;
    m_scenarioSource = new QComboBox(page);
    m_scenarioSource->setObjectName(QStringLiteral("scenarioSource"));
    m_scenarioSource->setToolTip(QStringLiteral("A built-in preset, or the file last loaded"));
    m_scenarioSource->addItem(QStringLiteral("Choose a preset…"));
    for (const QString &name : ScenarioReader::presets())
        m_scenarioSource->addItem(QStringLiteral("preset: ") + name, name);
    auto *load = new QPushButton(QStringLiteral("Load file…"), page);
    load->setObjectName(QStringLiteral("scenarioLoad"));
    load->setToolTip(QStringLiteral("A scenario in JSON (see resources/scenarios/README.md)"));
    m_run = new QPushButton(QStringLiteral("Run"), page);
    m_run->setObjectName(QStringLiteral("scenarioRun"));
    m_run->setToolTip(QStringLiteral("Run the scenario from now on the embedded server (a "
                                     "running one is replaced)"));
    m_stopScenario = new QPushButton(QStringLiteral("Stop"), page);
    m_stopScenario->setObjectName(QStringLiteral("scenarioStop"));
    m_stopScenario->setToolTip(QStringLiteral("Stop the timeline; faults it applied stay until "
                                              "cleared on the Faults page"));
    pick->addWidget(m_scenarioSource, 1);
    pick->addWidget(load);
    pick->addWidget(m_run);
    pick->addWidget(m_stopScenario);
    left->addLayout(pick);
    m_scenarioDescription = new QLabel(page);
    m_scenarioDescription->setObjectName(QStringLiteral("scenarioDescription"));
    m_scenarioDescription->setWordWrap(true);
    m_scenarioDescription->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_scenarioDescription->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    left->addWidget(m_scenarioDescription);
    auto *progress = new QHBoxLayout;
    m_progress = new QProgressBar(page);
    m_progress->setObjectName(QStringLiteral("scenarioProgress"));
    m_progress->setFormat(QStringLiteral("step %v of %m"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_elapsed = new QLabel(page);
    m_elapsed->setObjectName(QStringLiteral("scenarioElapsed"));
    progress->addWidget(m_progress, 1);
    progress->addWidget(m_elapsed);
    left->addLayout(progress);
    m_scenarioMessage = new QLabel(page);
    m_scenarioMessage->setObjectName(QStringLiteral("scenarioMessage"));
    m_scenarioMessage->setWordWrap(true);
    m_scenarioMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    left->addWidget(m_scenarioMessage);
    left->addStretch(1);
    layout->addLayout(left, 2);

    m_steps = createLog({QStringLiteral("Time"), QStringLiteral("Step"), QStringLiteral("Action"),
                         QStringLiteral("Error")},
                        QStringLiteral("scenarioSteps"), page);
    layout->addWidget(m_steps, 3);

    connect(m_scenarioSource, &QComboBox::activated, this, [this](int index) {
        const QString name = m_scenarioSource->itemData(index).toString();
        if (!name.isEmpty())
            selectPreset(name);
    });
    connect(load, &QPushButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, QStringLiteral("Load a scenario"), QString(),
                                         QStringLiteral("Scenarios (*.json);;All files (*)"));
        if (!file.isEmpty())
            loadScenarioFile(file);
    });
    connect(m_run, &QPushButton::clicked, this, &MockServerPanel::runScenario);
    connect(m_stopScenario, &QPushButton::clicked, this, &MockServerPanel::stopScenario);
    updateScenarioProgress();
    return page;
}

void MockServerPanel::applyLive()
{
    m_server->setHeartbeat(m_heartbeatMs->value(),
                           MockServerOptions::HeartbeatForm(m_heartbeatForm->currentIndex()));
    m_server->setEventInterval(m_eventMs->value());
    m_server->setPayloadTemplate(m_payload->text().toUtf8());
}

void MockServerPanel::start()
{
    if (m_server->isListening())
        return;
    MockServerOptions options = m_server->options();
    options.host = QHostAddress(m_host->text().trimmed());
    if (options.host.isNull())
        options.host = QHostAddress(QHostAddress::LocalHost);
    options.port = quint16(m_port->value());
    options.path = m_path->text().trimmed().toUtf8();
    if (!options.path.startsWith('/'))
        options.path.prepend('/');
    options.heartbeatMs = m_heartbeatMs->value();
    options.heartbeatForm = MockServerOptions::HeartbeatForm(m_heartbeatForm->currentIndex());
    options.eventMs = m_eventMs->value();
    options.payloadTemplate = m_payload->text().toUtf8();
    m_server->setOptions(options);
    QString message;
    if (!m_server->start(&message)) {
        m_status->setText(
            QStringLiteral("<span style='color:#dc2626'>%1</span>").arg(message.toHtmlEscaped()));
        return;
    }
    refresh();
    Q_EMIT started(m_server->url());
}

void MockServerPanel::stop()
{
    m_server->stop();
    refresh();
}

void MockServerPanel::refresh()
{
    const bool listening = m_server->isListening();
    m_startStop->setText(listening ? QStringLiteral("Stop server")
                                   : QStringLiteral("Start server"));
    for (QWidget *w : {static_cast<QWidget *>(m_host), static_cast<QWidget *>(m_port),
                       static_cast<QWidget *>(m_path)})
        w->setEnabled(!listening);
    if (listening) {
        m_status->setText(QStringLiteral("listening on <b>%1</b>")
                              .arg(m_server->url().toString().toHtmlEscaped()));
    } else if (!m_status->text().contains(QStringLiteral("#dc2626"))) {
        m_status->setText(QStringLiteral("stopped"));
    }
    const MockServerStats stats = m_server->stats();
    const QLocale locale;
    m_stats->setText(
        QStringLiteral("clients %1 · requests %2 · events sent %3 · heartbeats %4 · "
                       "%5 sent · slow readers dropped %6 · faults fired %7")
            .arg(stats.clients)
            .arg(locale.toString(stats.requests), locale.toString(stats.eventsSent),
                 locale.toString(stats.heartbeatsSent),
                 locale.formattedDataSize(stats.bytesSent, 1, QLocale::DataSizeTraditionalFormat),
                 locale.toString(stats.slowDropped), locale.toString(stats.faultsFired)));
    m_clientsModel->setClients(m_server->clients());
    updateScenarioProgress();
}

int MockServerPanel::applyFaultSpec(const QString &spec, QString *errorMessage)
{
    Fault fault;
    QString error;
    int id = 0;
    if (FaultSpec::parse(spec, &fault, &error))
        id = m_server->applyFault(fault, &error);
    if (id <= 0) {
        showFaultError(error);
        if (errorMessage)
            *errorMessage = error;
        return 0;
    }
    m_faultError->hide();
    // Listed by the model (newest on top) from the engine's faultApplied().
    Q_EMIT faultApplied(id, fault.spec);
    return id;
}

int MockServerPanel::appliedFaultCount() const
{
    return m_faultModel->rowCount();
}

int MockServerPanel::firedFaultCount() const
{
    return m_fired->topLevelItemCount();
}

void MockServerPanel::showFaultError(const QString &message)
{
    m_faultError->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                              .arg(errorColor.name(), message.toHtmlEscaped()));
    m_faultError->show();
}

void MockServerPanel::onFaultFired(const FaultReport &info)
{
    auto *item = new QTreeWidgetItem;
    item->setText(0, timeOfDay());
    item->setData(1, Qt::DisplayRole, info.client);
    item->setText(2, info.spec);
    item->setText(3, info.detail);
    m_fired->insertTopLevelItem(0, item);
    trimTop(m_fired, MaxFiredShown);
    updateFaultCounts();
}

void MockServerPanel::updateFaultCounts()
{
    m_faultLists->setTabText(0, QStringLiteral("Applied (%1)").arg(m_faultModel->rowCount()));
    m_faultLists->setTabText(1, QStringLiteral("Fired (%1)").arg(m_fired->topLevelItemCount()));
}

void MockServerPanel::removeSelectedFaults()
{
    QList<int> ids;
    const QModelIndexList rows = m_applied->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        ids.append(m_faultModel->idAt(row.row()));
    m_faultModel->remove(ids);
}

void MockServerPanel::clearFaults()
{
    m_faultModel->clear();
    m_faultError->hide();
}

bool MockServerPanel::loadScenarioFile(const QString &path, QString *errorMessage)
{
    // Bounded: a scenario is a few kB; a multi-GB file picked by mistake is refused unread.
    const QFileInfo info(path);
    QString error;
    Scenario scenario;
    if (info.exists() && info.size() > MaxScenarioFileBytes) {
        error = QStringLiteral("%1: too large for a scenario (%2 bytes, at most %3)")
                    .arg(info.fileName())
                    .arg(info.size())
                    .arg(MaxScenarioFileBytes);
    } else if (ScenarioReader::readFile(path, &scenario, &error)) {
        setScenario(scenario);
        const QString label = QStringLiteral("file: ") + info.fileName();
        int index = m_scenarioSource->findData(path);
        if (index < 0) {
            m_scenarioSource->addItem(label, path);
            index = m_scenarioSource->count() - 1;
        }
        m_scenarioSource->setItemData(index, path, Qt::ToolTipRole);
        m_scenarioSource->setCurrentIndex(index);
        return true;
    }
    showScenarioMessage(error, true);
    if (errorMessage)
        *errorMessage = error;
    return false;
}

bool MockServerPanel::selectPreset(const QString &name, QString *errorMessage)
{
    Scenario scenario;
    QString error;
    if (!ScenarioReader::readFile(QStringLiteral("preset:") + name, &scenario, &error)) {
        showScenarioMessage(error, true);
        if (errorMessage)
            *errorMessage = error;
        return false;
    }
    setScenario(scenario);
    const int index = m_scenarioSource->findData(name);
    if (index >= 0)
        m_scenarioSource->setCurrentIndex(index);
    return true;
}

void MockServerPanel::setScenario(const Scenario &scenario)
{
    m_scenario = scenario;
    m_scenarioLoaded = true;
    m_scenarioDescription->setText(QStringLiteral("<b>%1</b> — %2 steps<br>%3")
                                       .arg(scenario.name.toHtmlEscaped())
                                       .arg(scenario.steps.size())
                                       .arg(scenario.description.toHtmlEscaped()));
    showScenarioMessage(m_scenarioRunning ? QStringLiteral("Run replaces the running scenario.")
                                          : QStringLiteral("Ready: Run starts it now."),
                        false);
    updateScenarioProgress();
}

void MockServerPanel::runScenario()
{
    if (!m_scenarioLoaded) {
        showScenarioMessage(QStringLiteral("Choose a preset or load a file first."), true);
        return;
    }
    m_steps->clear();
    m_stepsRun = 0;
    m_stepErrors = 0;
    m_scenarioRunning = true;
    m_scenarioClock.start();
    showScenarioMessage(
        m_server->isListening()
            ? QStringLiteral("Running %1.").arg(m_scenario.name)
            : QStringLiteral("Running %1; the server is stopped, so faults reach no one until "
                             "it starts.")
                  .arg(m_scenario.name),
        !m_server->isListening());
    updateScenarioProgress();
    // Steps at 0 run inside runScenario(): the state above is set first so they are counted.
    m_server->runScenario(m_scenario);
}

void MockServerPanel::stopScenario()
{
    if (!m_scenarioRunning)
        return;
    m_server->stopScenario();
    m_lastRunMs = m_scenarioClock.elapsed();
    m_scenarioRunning = false;
    showScenarioMessage(QStringLiteral("Stopped after %1 of %2 steps; the faults it applied stay "
                                       "until cleared.")
                            .arg(m_stepsRun)
                            .arg(m_scenario.steps.size()),
                        false);
    updateScenarioProgress();
}

void MockServerPanel::onStepRun(const QString &label, const QString &text, const QString &error)
{
    if (!m_scenarioRunning)
        return; // a scenario started elsewhere (not from this panel)
    ++m_stepsRun;
    auto *item = new QTreeWidgetItem;
    item->setText(0, timeOfDay());
    item->setText(1, label);
    item->setText(2, text);
    if (!error.isEmpty()) {
        ++m_stepErrors;
        item->setText(3, error);
        for (int column = 0; column < 4; ++column)
            item->setForeground(column, errorColor);
    }
    m_steps->insertTopLevelItem(0, item);
    trimTop(m_steps, MaxStepsShown);
    updateScenarioProgress();
}

void MockServerPanel::onScenarioFinished(const QString &name)
{
    if (!m_scenarioRunning)
        return;
    m_lastRunMs = m_scenarioClock.elapsed();
    m_scenarioRunning = false;
    showScenarioMessage(
        m_stepErrors > 0
            ? QStringLiteral("Finished %1: %2 steps run, %3 could not be acted out (see the "
                             "steps).")
                  .arg(name)
                  .arg(m_stepsRun)
                  .arg(m_stepErrors)
            : QStringLiteral("Finished %1: all %2 steps run.").arg(name).arg(m_stepsRun),
        m_stepErrors > 0);
    updateScenarioProgress();
    Q_EMIT scenarioFinished(name);
}

void MockServerPanel::showScenarioMessage(const QString &message, bool error)
{
    m_scenarioMessage->setText(error ? QStringLiteral("<span style='color:%1'>%2</span>")
                                           .arg(errorColor.name(), message.toHtmlEscaped())
                                     : message.toHtmlEscaped());
}

void MockServerPanel::updateScenarioProgress()
{
    const int total = int(m_scenario.steps.size());
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(std::min(m_stepsRun, std::max(total, 1)));
    m_progress->setEnabled(m_scenarioLoaded);
    m_run->setEnabled(m_scenarioLoaded);
    m_stopScenario->setEnabled(m_scenarioRunning);
    const qint64 elapsedMs = m_scenarioRunning ? m_scenarioClock.elapsed() : m_lastRunMs;
    if (elapsedMs >= 0) {
        m_elapsed->setText(QStringLiteral("%1 %2 s").arg(
            m_scenarioRunning ? QStringLiteral("elapsed") : QStringLiteral("ran for"),
            QLocale().toString(double(elapsedMs) / 1000.0, 'f', 1)));
    } else {
        m_elapsed->clear();
    }
}
