// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "client/sseclient.h"
#include "server/mockserver.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QVBoxLayout>

#include <cmath>

namespace {

QString badgeStyle(const char *background)
{
    return QStringLiteral("QLabel { background: %1; color: white; border-radius: 6px; "
                          "padding: 4px 10px; font-weight: bold; }")
        .arg(QLatin1String(background));
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_client(new SseClient(this))
    , m_formatter(RecordFormatter::Style::Text)
{
    setWindowTitle(QStringLiteral("ssemon — Server-Sent Events monitor"));
    m_formatter.startClock();

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    auto *bar = new QHBoxLayout;
    m_url = new QLineEdit(central);
    m_url->setPlaceholderText(QStringLiteral("http://host:port/path of an SSE endpoint"));
    m_connect = new QPushButton(QStringLiteral("Connect"), central);
    m_connect->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_stop = new QPushButton(QStringLiteral("Stop"), central);
    m_stop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    bar->addWidget(new QLabel(QStringLiteral("URL"), central));
    bar->addWidget(m_url, 1);
    bar->addWidget(m_connect);
    bar->addWidget(m_stop);
    layout->addLayout(bar);

    auto *status = new QHBoxLayout;
    m_badge = new QLabel(central);
    m_counters = new QLabel(central);
    m_counters->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status->addWidget(m_badge);
    status->addWidget(m_counters, 1);
    layout->addLayout(status);

    m_log = new QPlainTextEdit(central);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(20000); // bounded: the oldest lines go first
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    layout->addWidget(m_log, 1);
    setCentralWidget(central);
    resize(1100, 700);

    connect(m_connect, &QPushButton::clicked, this, &MainWindow::connectToUrl);
    connect(m_url, &QLineEdit::returnPressed, this, &MainWindow::connectToUrl);
    connect(m_stop, &QPushButton::clicked, this, &MainWindow::stop);
    connect(m_client, &SseClient::recordsReady, this, &MainWindow::showBatch);
    connect(m_client, &SseClient::stateChanged, this, &MainWindow::showState);
    showState(ClientState::Idle, QString());
    updateCounters(SseClientStats());
}

MainWindow::~MainWindow() = default;

bool MainWindow::startEmbedded(QString *errorMessage)
{
    if (!m_server) {
        m_server = new MockServer(this);
        if (!m_server->start(errorMessage)) {
            statusBar()->showMessage(QStringLiteral("Embedded mock server failed: ")
                                     + (errorMessage ? *errorMessage : QString()));
            return false;
        }
    }
    m_url->setText(m_server->url().toString());
    statusBar()->showMessage(
        QStringLiteral("Embedded mock server listening on %1").arg(m_server->url().toString()));
    connectToUrl();
    return true;
}

void MainWindow::connectToUrl()
{
    openUrl(QUrl::fromUserInput(m_url->text().trimmed()));
}

void MainWindow::openUrl(const QUrl &url)
{
    m_url->setText(url.toString());
    m_client->close();
    SseClientOptions options = m_client->options();
    options.url = url;
    m_client->setOptions(options);
    m_log->clear();
    m_client->open();
}

void MainWindow::stop()
{
    m_client->close();
}

void MainWindow::showBatch(const ClientBatch &batch)
{
    QByteArray text;
    for (const ClientRecord &record : batch.records)
        m_formatter.appendRecord(text, record);
    if (text.endsWith('\n'))
        text.chop(1);
    if (!text.isEmpty())
        m_log->appendPlainText(QString::fromUtf8(text));
    updateCounters(batch.stats);
}

void MainWindow::showState(ClientState state, const QString &reason)
{
    const char *color = "#6b7280";
    switch (state) {
    case ClientState::Open:
        color = "#16a34a";
        break;
    case ClientState::Connecting:
    case ClientState::Reconnecting:
        color = "#d97706";
        break;
    case ClientState::Failed:
        color = "#dc2626";
        break;
    case ClientState::Idle:
    case ClientState::Closed:
        break;
    }
    m_badge->setStyleSheet(badgeStyle(color));
    m_badge->setText(clientStateName(state).toUpper());
    m_badge->setToolTip(reason);
    if (!reason.isEmpty())
        statusBar()->showMessage(clientStateName(state) + QStringLiteral(": ") + reason);
}

void MainWindow::updateCounters(const SseClientStats &stats)
{
    const QString latency = std::isfinite(stats.lastLatencyMs)
        ? QString::number(stats.lastLatencyMs, 'f', 3) + QStringLiteral(" ms")
        : QStringLiteral("–");
    m_counters->setText(
        QStringLiteral("events %1   comments %2   heartbeats %3   latency %4   bytes %5   "
                       "connections %6   reconnects %7   lost %8   duplicates %9   "
                       "last id %10")
            .arg(stats.events)
            .arg(stats.comments)
            .arg(stats.heartbeats)
            .arg(latency)
            .arg(stats.bytes)
            .arg(stats.connections)
            .arg(stats.reconnects)
            .arg(stats.lost)
            .arg(stats.duplicates)
            .arg(stats.lastEventId.isEmpty() ? QStringLiteral("–")
                                             : QString::fromUtf8(stats.lastEventId)));
}
