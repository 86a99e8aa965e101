// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockscenariopage.h"

#include "faults/scenarioreader.h"
#include "recentlogmodel.h"
#include "server/mockserver.h"
#include "theme.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

MockScenarioPage::MockScenarioPage(MockServer *server, QWidget *parent)
    : QWidget(parent)
    , m_server(server)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *left = new QVBoxLayout;
    auto *pick = new QHBoxLayout;
    m_source = new QComboBox(this);
    m_source->setObjectName(QStringLiteral("scenarioSource"));
    m_source->setToolTip(QStringLiteral("A built-in preset, or the file last loaded"));
    m_source->addItem(QStringLiteral("Choose a preset…"));
    for (const QString &name : ScenarioReader::presets()) {
        // Presets that answer with a server error say so where they are chosen.
        Scenario preset;
        QString ignored;
        const bool strictFails =
            ScenarioReader::readFile(QStringLiteral("preset:") + name, &preset, &ignored)
            && preset.finalStatusForStrictClients() != 0;
        m_source->addItem(
            QStringLiteral("preset: ") + name
                + (strictFails ? QStringLiteral(" (needs a resilient client)") : QString()),
            name);
    }
    auto *load = new QPushButton(QStringLiteral("Load file…"), this);
    load->setObjectName(QStringLiteral("scenarioLoad"));
    load->setToolTip(QStringLiteral("A scenario in JSON (see resources/scenarios/README.md)"));
    m_run = new QPushButton(QStringLiteral("Run"), this);
    m_run->setObjectName(QStringLiteral("scenarioRun"));
    m_run->setToolTip(QStringLiteral("Run the scenario from now on the embedded server (a "
                                     "running one is replaced)"));
    m_stop = new QPushButton(QStringLiteral("Stop"), this);
    m_stop->setObjectName(QStringLiteral("scenarioStop"));
    m_stop->setToolTip(QStringLiteral("Stop the timeline; faults it applied stay until "
                                      "cleared on the Faults page"));
    pick->addWidget(m_source, 1);
    pick->addWidget(load);
    pick->addWidget(m_run);
    pick->addWidget(m_stop);
    left->addLayout(pick);
    m_description = new QLabel(this);
    m_description->setObjectName(QStringLiteral("scenarioDescription"));
    m_description->setWordWrap(true);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_description->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    left->addWidget(m_description);
    auto *progress = new QHBoxLayout;
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("scenarioProgress"));
    m_progress->setFormat(QStringLiteral("step %v of %m"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_elapsed = new QLabel(this);
    m_elapsed->setObjectName(QStringLiteral("scenarioElapsed"));
    progress->addWidget(m_progress, 1);
    progress->addWidget(m_elapsed);
    left->addLayout(progress);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("scenarioMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    left->addWidget(m_message);
    left->addStretch(1);
    layout->addLayout(left, 2);

    m_steps = new RecentLogModel(
        {QStringLiteral("Step"), QStringLiteral("Action"), QStringLiteral("Error")}, MaxStepsShown,
        this);
    layout->addWidget(createRecentLogView(m_steps, QStringLiteral("scenarioSteps"), this), 3);

    connect(m_source, &QComboBox::activated, this, [this](int index) {
        const QString name = m_source->itemData(index).toString();
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
    connect(m_run, &QPushButton::clicked, this, &MockScenarioPage::runScenario);
    connect(m_stop, &QPushButton::clicked, this, &MockScenarioPage::stopScenario);
    connect(m_server, &MockServer::scenarioStepRun, this, &MockScenarioPage::onStepRun);
    connect(m_server, &MockServer::scenarioFinished, this, &MockScenarioPage::onScenarioFinished);
    updateProgress();
}

bool MockScenarioPage::loadScenarioFile(const QString &path, QString *errorMessage)
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
        int index = m_source->findData(path);
        if (index < 0) {
            m_source->addItem(label, path);
            index = m_source->count() - 1;
        }
        m_source->setItemData(index, path, Qt::ToolTipRole);
        m_source->setCurrentIndex(index);
        return true;
    }
    showMessage(error, true);
    if (errorMessage)
        *errorMessage = error;
    return false;
}

QString MockScenarioPage::resilienceNote(const Scenario &scenario)
{
    const int status = scenario.finalStatusForStrictClients();
    if (status == 0)
        return QString();
    return QStringLiteral("<br><i>Needs a resilient client: it answers %1, which the strict "
                          "policy (and a browser's EventSource) takes as final. Turn on "
                          "<b>Resilient: retry 5xx and 429</b> in the tab's Request… editor "
                          "(ssemon-cli watch --resilient).</i>")
        .arg(status);
}

bool MockScenarioPage::selectPreset(const QString &name, QString *errorMessage)
{
    Scenario scenario;
    QString error;
    if (!ScenarioReader::readFile(QStringLiteral("preset:") + name, &scenario, &error)) {
        showMessage(error, true);
        if (errorMessage)
            *errorMessage = error;
        return false;
    }
    setScenario(scenario);
    const int index = m_source->findData(name);
    if (index >= 0)
        m_source->setCurrentIndex(index);
    return true;
}

void MockScenarioPage::setScenario(const Scenario &scenario)
{
    m_scenario = scenario;
    m_loaded = true;
    m_description->setText(QStringLiteral("<b>%1</b> — %2 steps<br>%3")
                               .arg(scenario.name.toHtmlEscaped())
                               .arg(scenario.steps.size())
                               .arg(scenario.description.toHtmlEscaped())
                           + resilienceNote(scenario));
    showMessage(m_running ? QStringLiteral("Run replaces the running scenario.")
                          : QStringLiteral("Ready: Run starts it now."),
                false);
    updateProgress();
}

void MockScenarioPage::runScenario()
{
    if (!m_loaded) {
        showMessage(QStringLiteral("Choose a preset or load a file first."), true);
        return;
    }
    m_steps->clear();
    m_stepsRun = 0;
    m_stepErrors = 0;
    m_running = true;
    m_clock.start();
    showMessage(
        m_server->isListening()
            ? QStringLiteral("Running %1.").arg(m_scenario.name)
            : QStringLiteral("Running %1; the server is stopped, so faults reach no one until "
                             "it starts.")
                  .arg(m_scenario.name),
        !m_server->isListening());
    updateProgress();
    // Steps at 0 run inside runScenario(): the state above is set first so they are counted.
    m_server->runScenario(m_scenario);
}

void MockScenarioPage::stopScenario()
{
    if (!m_running)
        return;
    m_server->stopScenario();
    m_lastRunMs = m_clock.elapsed();
    m_running = false;
    showMessage(QStringLiteral("Stopped after %1 of %2 steps; the faults it applied stay "
                               "until cleared.")
                    .arg(m_stepsRun)
                    .arg(m_scenario.steps.size()),
                false);
    updateProgress();
}

void MockScenarioPage::onStepRun(const QString &label, const QString &text, const QString &error)
{
    if (!m_running)
        return; // a scenario started elsewhere (not from this panel)
    ++m_stepsRun;
    if (!error.isEmpty())
        ++m_stepErrors;
    m_steps->prepend({label, text, error}, !error.isEmpty());
    updateProgress();
}

void MockScenarioPage::onScenarioFinished(const QString &name)
{
    if (!m_running)
        return;
    m_lastRunMs = m_clock.elapsed();
    m_running = false;
    showMessage(
        m_stepErrors > 0
            ? QStringLiteral("Finished %1: %2 steps run, %3 could not be acted out (see the "
                             "steps).")
                  .arg(name)
                  .arg(m_stepsRun)
                  .arg(m_stepErrors)
            : QStringLiteral("Finished %1: all %2 steps run.").arg(name).arg(m_stepsRun),
        m_stepErrors > 0);
    updateProgress();
    Q_EMIT scenarioFinished(name);
}

void MockScenarioPage::showMessage(const QString &message, bool error)
{
    m_message->setText(error ? Theme::errorHtml(message) : message.toHtmlEscaped());
}

void MockScenarioPage::updateProgress()
{
    const int total = int(m_scenario.steps.size());
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(std::min(m_stepsRun, std::max(total, 1)));
    m_progress->setEnabled(m_loaded);
    m_run->setEnabled(m_loaded);
    m_stop->setEnabled(m_running);
    const qint64 elapsedMs = m_running ? m_clock.elapsed() : m_lastRunMs;
    if (elapsedMs >= 0) {
        m_elapsed->setText(QStringLiteral("%1 %2 s").arg(
            m_running ? QStringLiteral("elapsed") : QStringLiteral("ran for"),
            QLocale().toString(double(elapsedMs) / 1000.0, 'f', 1)));
    } else {
        m_elapsed->clear();
    }
}
