// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockserverpanel.h"

#include "server/mockserver.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>

MockServerPanel::MockServerPanel(MockServer *server, QWidget *parent)
    : QWidget(parent)
    , m_server(server)
{
    const MockServerOptions options = server->options();
    auto *layout = new QHBoxLayout(this);

    auto *settings = new QFormLayout;
    auto *top = new QHBoxLayout;
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("serverStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_startStop = new QPushButton(this);
    m_startStop->setObjectName(QStringLiteral("serverStartStop"));
    top->addWidget(m_startStop);
    top->addWidget(m_status, 1);
    settings->addRow(top);

    auto *where = new QHBoxLayout;
    m_host = new QLineEdit(options.host.toString(), this);
    m_host->setToolTip(QStringLiteral("127.0.0.1 keeps the server on this machine"));
    m_port = new QSpinBox(this);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(QStringLiteral("any"));
    m_port->setValue(options.port);
    m_path = new QLineEdit(QString::fromUtf8(options.path), this);
    where->addWidget(m_host, 2);
    where->addWidget(new QLabel(QStringLiteral("port"), this));
    where->addWidget(m_port, 1);
    where->addWidget(new QLabel(QStringLiteral("path"), this));
    where->addWidget(m_path, 2);
    settings->addRow(QStringLiteral("Listen on"), where);

    auto *heartbeat = new QHBoxLayout;
    m_heartbeatMs = new QSpinBox(this);
    m_heartbeatMs->setObjectName(QStringLiteral("serverHeartbeatMs"));
    m_heartbeatMs->setRange(0, 3600000);
    m_heartbeatMs->setSingleStep(250);
    m_heartbeatMs->setSuffix(QStringLiteral(" ms"));
    m_heartbeatMs->setSpecialValueText(QStringLiteral("off"));
    m_heartbeatMs->setValue(int(options.heartbeatMs));
    m_heartbeatForm = new QComboBox(this);
    m_heartbeatForm->addItems({QStringLiteral(":ping comment"), QStringLiteral("event: ping"),
                               QStringLiteral("data: ping")});
    m_heartbeatForm->setCurrentIndex(int(options.heartbeatForm));
    heartbeat->addWidget(m_heartbeatMs, 1);
    heartbeat->addWidget(m_heartbeatForm, 1);
    settings->addRow(QStringLiteral("Heartbeat"), heartbeat);

    m_eventMs = new QSpinBox(this);
    m_eventMs->setObjectName(QStringLiteral("serverEventMs"));
    m_eventMs->setRange(0, 3600000);
    m_eventMs->setSingleStep(100);
    m_eventMs->setSuffix(QStringLiteral(" ms"));
    m_eventMs->setSpecialValueText(QStringLiteral("off"));
    m_eventMs->setValue(int(options.eventMs));
    settings->addRow(QStringLiteral("Event every"), m_eventMs);
    m_payload = new QLineEdit(QString::fromUtf8(options.payloadTemplate), this);
    m_payload->setToolTip(QStringLiteral("{{n}} event number, {{t}} unix ms, {{client}} client "
                                         "number, {{id}} the id"));
    settings->addRow(QStringLiteral("Payload"), m_payload);
    m_stats = new QLabel(this);
    m_stats->setObjectName(QStringLiteral("serverStats"));
    settings->addRow(m_stats);
    layout->addLayout(settings, 2);

    m_clients = new QTableWidget(0, 5, this);
    m_clients->setObjectName(QStringLiteral("serverClients"));
    m_clients->setHorizontalHeaderLabels({QStringLiteral("Client"), QStringLiteral("Peer"),
                                          QStringLiteral("Last id sent"), QStringLiteral("Events"),
                                          QStringLiteral("Connected")});
    m_clients->verticalHeader()->hide();
    m_clients->horizontalHeader()->setStretchLastSection(true);
    m_clients->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_clients->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_clients->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_clients->setMinimumHeight(60);
    layout->addWidget(m_clients, 3);

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
    connect(m_heartbeatMs, &QSpinBox::valueChanged, this, &MockServerPanel::applyLive);
    connect(m_heartbeatForm, &QComboBox::currentIndexChanged, this, &MockServerPanel::applyLive);
    connect(m_eventMs, &QSpinBox::valueChanged, this, &MockServerPanel::applyLive);
    connect(m_payload, &QLineEdit::editingFinished, this, &MockServerPanel::applyLive);
    connect(m_server, &MockServer::clientCountChanged, this, &MockServerPanel::refresh);
    refresh();
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
                       "%5 sent · slow readers dropped %6")
            .arg(stats.clients)
            .arg(locale.toString(stats.requests), locale.toString(stats.eventsSent),
                 locale.toString(stats.heartbeatsSent),
                 locale.formattedDataSize(stats.bytesSent, 1, QLocale::DataSizeTraditionalFormat),
                 locale.toString(stats.slowDropped)));
    const QList<MockClientInfo> clients = m_server->clients();
    m_clients->setRowCount(int(clients.size()));
    for (int row = 0; row < clients.size(); ++row) {
        const MockClientInfo &c = clients.at(row);
        const QStringList cells {
            QString::number(c.client),
            c.peer.toString() + QLatin1Char(':') + QString::number(c.peerPort),
            QString::fromUtf8(c.lastEventId),
            locale.toString(c.eventsSent),
            QStringLiteral("%1 s").arg(c.connectedMs / 1000),
        };
        for (int column = 0; column < cells.size(); ++column) {
            QTableWidgetItem *item = m_clients->item(row, column);
            if (!item) {
                item = new QTableWidgetItem;
                m_clients->setItem(row, column, item);
            }
            item->setText(cells.at(column));
        }
    }
}
