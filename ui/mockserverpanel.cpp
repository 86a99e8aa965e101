// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockserverpanel.h"

#include "mockclientsmodel.h"
#include "mockfaultspage.h"
#include "mockscenariopage.h"
#include "mockserversettingspage.h"
#include "server/mockserver.h"
#include "theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

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
    // Wrapped, not as wide as its text: the dock fits a 1024-pixel screen.
    m_stats->setWordWrap(true);
    top->addWidget(m_startStop);
    top->addWidget(m_status);
    // The stats take the rest of the row, right-aligned, wrapping only where it is too short.
    m_stats->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    top->addWidget(m_stats, 1);
    layout->addLayout(top);

    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("serverPages"));
    m_pages->setDocumentMode(true);
    m_serverPage = new MockServerSettingsPage(m_server, this);
    m_faultsPage = new MockFaultsPage(m_server, this);
    m_scenarioPage = new MockScenarioPage(m_server, this);
    m_pages->addTab(m_serverPage, QStringLiteral("Server && clients"));
    m_pages->addTab(m_faultsPage, QStringLiteral("Faults"));
    m_pages->addTab(m_scenarioPage, QStringLiteral("Scenario"));
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
    connect(m_faultsPage, &MockFaultsPage::faultApplied, this, &MockServerPanel::faultApplied);
    connect(m_scenarioPage, &MockScenarioPage::scenarioFinished, this,
            &MockServerPanel::scenarioFinished);
    refresh();
}

void MockServerPanel::start()
{
    if (m_server->isListening())
        return;
    m_server->setOptions(m_serverPage->options());
    QString message;
    if (!m_server->start(&message)) {
        m_status->setText(Theme::errorHtml(message));
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
    m_serverPage->setListening(listening);
    if (listening) {
        m_status->setText(QStringLiteral("listening on <b>%1</b>")
                              .arg(m_server->url().toString().toHtmlEscaped()));
    } else if (!m_status->text().contains(Theme::errorColor().name())) {
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
    clientsModel()->setClients(m_server->clients());
    m_scenarioPage->updateProgress();
}

MockClientsModel *MockServerPanel::clientsModel() const
{
    return m_serverPage->clientsModel();
}

int MockServerPanel::applyFaultSpec(const QString &spec, QString *errorMessage)
{
    return m_faultsPage->applyFaultSpec(spec, errorMessage);
}

int MockServerPanel::appliedFaultCount() const
{
    return m_faultsPage->appliedFaultCount();
}

int MockServerPanel::firedFaultCount() const
{
    return m_faultsPage->firedFaultCount();
}

void MockServerPanel::clearFaults()
{
    m_faultsPage->clearFaults();
}

void MockServerPanel::removeSelectedFaults()
{
    m_faultsPage->removeSelectedFaults();
}

bool MockServerPanel::loadScenarioFile(const QString &path, QString *errorMessage)
{
    return m_scenarioPage->loadScenarioFile(path, errorMessage);
}

bool MockServerPanel::selectPreset(const QString &name, QString *errorMessage)
{
    return m_scenarioPage->selectPreset(name, errorMessage);
}

QString MockServerPanel::scenarioName() const
{
    return m_scenarioPage->scenarioName();
}

int MockServerPanel::scenarioStepsRun() const
{
    return m_scenarioPage->stepsRun();
}

int MockServerPanel::scenarioStepCount() const
{
    return m_scenarioPage->stepCount();
}

void MockServerPanel::runScenario()
{
    m_scenarioPage->runScenario();
}

void MockServerPanel::stopScenario()
{
    m_scenarioPage->stopScenario();
}
