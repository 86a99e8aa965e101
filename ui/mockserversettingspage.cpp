// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mockserversettingspage.h"

#include "mockclientsmodel.h"
#include "server/mcppreset.h"
#include "server/mockserver.h"
#include "server/providerpreset.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QStyle>
#include <QStyleOptionFrame>
#include <QTableView>

MockServerSettingsPage::MockServerSettingsPage(MockServer *server, QWidget *parent)
    : QWidget(parent)
    , m_server(server)
{
    const MockServerOptions options = m_server->options();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *settings = new QFormLayout;
    m_form = settings;

    auto *where = new QHBoxLayout;
    m_host = new QLineEdit(options.host.toString(), this);
    m_host->setObjectName(QStringLiteral("serverHost"));
    m_host->setToolTip(QStringLiteral("127.0.0.1 keeps the server on this machine"));
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("serverPort"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(QStringLiteral("any"));
    m_port->setValue(options.port);
    m_path = new QLineEdit(QString::fromUtf8(options.path), this);
    m_path->setObjectName(QStringLiteral("serverPath"));
    // A narrow dock squeezes the row: the address and the path keep room for what they usually
    // hold (127.0.0.1, /events) and give way no further.
    const auto fitText = [](QLineEdit *edit, const QString &sample) {
        QStyleOptionFrame frame;
        frame.initFrom(edit);
        const QSize text(edit->fontMetrics().horizontalAdvance(sample),
                         edit->fontMetrics().height());
        edit->setMinimumWidth(
            edit->style()->sizeFromContents(QStyle::CT_LineEdit, &frame, text, edit).width());
    };
    fitText(m_host, QStringLiteral("127.0.0.100"));
    fitText(m_path, QStringLiteral("/events00"));
    where->addWidget(m_host, 2);
    where->addWidget(new QLabel(QStringLiteral("port"), this));
    where->addWidget(m_port, 1);
    m_pathLabel = new QLabel(QStringLiteral("path"), this);
    where->addWidget(m_pathLabel);
    where->addWidget(m_path, 2);
    m_preset = new QComboBox(this);
    m_preset->setObjectName(QStringLiteral("serverPreset"));
    m_preset->addItem(QStringLiteral("events"), QByteArray());
    // Narrow docks elide the name rather than squeeze the address fields.
    m_preset->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_preset->setMinimumContentsLength(7);
    m_preset->setItemData(0, QStringLiteral("the plain event stream on the path"), Qt::ToolTipRole);
    for (const ProviderPreset::Info &info : ProviderPreset::catalogue()) {
        m_preset->addItem(QString::fromLatin1(info.name), QByteArray(info.name));
        m_preset->setItemData(m_preset->count() - 1, QString::fromLatin1(info.summary),
                              Qt::ToolTipRole);
    }
    m_preset->setCurrentIndex(qMax(0, m_preset->findData(options.preset)));
    m_preset->setToolTip(
        QStringLiteral("Answer as an LLM provider's streaming API: its paths and POST bodies, "
                       "its events, usage and errors (taken at the next start)"));
    // On the same row, so that the page is no taller than it was: a preset replaces the path.
    where->addWidget(new QLabel(QStringLiteral("as"), this));
    where->addWidget(m_preset, 1);
    settings->addRow(QStringLiteral("Listen on"), where);

    auto *heartbeat = new QHBoxLayout;
    m_heartbeatRow = heartbeat;
    m_heartbeatMs = new QSpinBox(this);
    m_heartbeatMs->setObjectName(QStringLiteral("serverHeartbeatMs"));
    m_heartbeatMs->setRange(0, 3600000);
    m_heartbeatMs->setSingleStep(250);
    m_heartbeatMs->setSuffix(QStringLiteral(" ms"));
    m_heartbeatMs->setSpecialValueText(QStringLiteral("off"));
    m_heartbeatMs->setValue(int(options.heartbeatMs));
    m_heartbeatForm = new QComboBox(this);
    m_heartbeatForm->setObjectName(QStringLiteral("serverHeartbeatForm"));
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
    m_payload->setObjectName(QStringLiteral("serverPayload"));
    m_payload->setToolTip(
        QStringLiteral("{{n}} event number, {{t}} unix ms, {{id}} the id; {{client}} the number "
                       "of the client receiving it (per recipient: a client that resumes gets "
                       "other data under the same id)"));
    settings->addRow(QStringLiteral("Payload"), m_payload);

    m_presetText = new QLineEdit(QString::fromUtf8(options.presetText), this);
    m_presetText->setObjectName(QStringLiteral("serverPresetText"));
    m_presetText->setToolTip(
        QStringLiteral("The answer, streamed a word-ish token at a time; {{model}} the "
                       "request's model, {{prompt}} its last user message, {{client}} the "
                       "connection's number"));
    settings->addRow(QStringLiteral("Answer"), m_presetText);
    m_paceRow = new QWidget(this);
    auto *pace = new QHBoxLayout(m_paceRow);
    pace->setContentsMargins(0, 0, 0, 0);
    m_tokenRate = new QDoubleSpinBox(this);
    m_tokenRate->setObjectName(QStringLiteral("serverTokenRate"));
    m_tokenRate->setRange(0, 100000);
    m_tokenRate->setDecimals(1);
    m_tokenRate->setSuffix(QStringLiteral(" tokens/s"));
    m_tokenRate->setSpecialValueText(QStringLiteral("all at once"));
    m_tokenRate->setValue(options.tokenRate);
    m_tokenJitter = new QSpinBox(this);
    m_tokenJitter->setObjectName(QStringLiteral("serverTokenJitter"));
    m_tokenJitter->setRange(0, 60000);
    m_tokenJitter->setPrefix(QStringLiteral("\u00b1 "));
    m_tokenJitter->setSuffix(QStringLiteral(" ms"));
    m_tokenJitter->setToolTip(QStringLiteral("Each gap between tokens varies by up to this"));
    m_tokenJitter->setValue(int(options.tokenJitterMs));
    pace->addWidget(m_tokenRate, 1);
    pace->addWidget(m_tokenJitter, 1);
    settings->addRow(QStringLiteral("Pace"), m_paceRow);
    layout->addLayout(settings, 1);
    showRowsForPreset();

    m_clientsModel = new MockClientsModel(this);
    m_clients = new QTableView(this);
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
    layout->addWidget(m_clients, 1);

    connect(m_heartbeatMs, &QSpinBox::valueChanged, this, &MockServerSettingsPage::applyLive);
    connect(m_heartbeatForm, &QComboBox::currentIndexChanged, this,
            &MockServerSettingsPage::applyLive);
    connect(m_eventMs, &QSpinBox::valueChanged, this, &MockServerSettingsPage::applyLive);
    connect(m_payload, &QLineEdit::editingFinished, this, &MockServerSettingsPage::applyLive);
    connect(m_preset, &QComboBox::currentIndexChanged, this,
            &MockServerSettingsPage::showRowsForPreset);
    connect(m_presetText, &QLineEdit::editingFinished, this, &MockServerSettingsPage::applyLive);
    connect(m_tokenRate, &QDoubleSpinBox::valueChanged, this, &MockServerSettingsPage::applyLive);
    connect(m_tokenJitter, &QSpinBox::valueChanged, this, &MockServerSettingsPage::applyLive);
}

MockServerSettingsPage::~MockServerSettingsPage()
{
    // A field losing the focus as the window closes says editingFinished while this page is
    // already being destroyed: nothing may reach applyLive() then.
    m_payload->disconnect(this);
    m_presetText->disconnect(this);
}

void MockServerSettingsPage::showRowsForPreset()
{
    const QByteArray name = m_preset->currentData().toByteArray();
    const bool preset = !name.isEmpty();
    // MCP answers on the path (/events, the default, means /mcp), its GET streams' log
    // notifications at the event interval; its tools answer, no text paced as tokens.
    const bool mcp = name == McpPreset::Name;
    // A provider preset answers on the provider's paths, with no events, payload or heartbeats
    // of ours.
    m_form->setRowVisible(m_heartbeatRow, !preset);
    m_form->setRowVisible(m_eventMs, !preset || mcp);
    m_form->setRowVisible(m_payload, !preset);
    m_form->setRowVisible(m_presetText, preset && !mcp);
    m_form->setRowVisible(m_paceRow, preset && !mcp);
    m_path->setVisible(!preset || mcp);
    m_pathLabel->setVisible(!preset || mcp);
}

MockServerOptions MockServerSettingsPage::options() const
{
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
    options.preset = m_preset->currentData().toByteArray();
    options.presetText = m_presetText->text().toUtf8();
    options.tokenRate = m_tokenRate->value();
    options.tokenJitterMs = m_tokenJitter->value();
    return options;
}

void MockServerSettingsPage::setListening(bool listening)
{
    for (QWidget *w : {static_cast<QWidget *>(m_host), static_cast<QWidget *>(m_port),
                       static_cast<QWidget *>(m_path), static_cast<QWidget *>(m_preset)})
        w->setEnabled(!listening);
}

void MockServerSettingsPage::applyLive()
{
    m_server->setHeartbeat(m_heartbeatMs->value(),
                           MockServerOptions::HeartbeatForm(m_heartbeatForm->currentIndex()));
    m_server->setEventInterval(m_eventMs->value());
    m_server->setPayloadTemplate(m_payload->text().toUtf8());
    m_server->setPresetAnswer(m_presetText->text().toUtf8(), m_tokenRate->value(),
                              m_tokenJitter->value());
}
