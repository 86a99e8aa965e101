// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "server/mockserveroptions.h"

#include <QWidget>

class MockClientsModel;
class MockServer;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;

// The mock server dock's "Server & clients" page: where it listens and what it answers as (the
// event stream or a provider preset; taken at the next start), its heartbeats, events and
// payload, or a preset's answer text and token pace (applied live), and who is connected, with
// the last id each was sent (a view over MockClientsModel).
class MockServerSettingsPage : public QWidget
{
    Q_OBJECT
public:
    explicit MockServerSettingsPage(MockServer *server, QWidget *parent = nullptr);
    ~MockServerSettingsPage() override;

    // The server's options with this page's values (an empty or bad host: loopback; a path
    // without its leading slash gets one).
    MockServerOptions options() const;
    // While it listens, where it listens cannot change.
    void setListening(bool listening);
    MockClientsModel *clientsModel() const { return m_clientsModel; }

private:
    void applyLive();
    // The rows of the event stream or those of a preset, by the choice.
    void showRowsForPreset();

    MockServer *m_server;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_path = nullptr;
    QLabel *m_pathLabel = nullptr;
    QSpinBox *m_heartbeatMs = nullptr;
    QComboBox *m_heartbeatForm = nullptr;
    QSpinBox *m_eventMs = nullptr;
    QLineEdit *m_payload = nullptr;
    QFormLayout *m_form = nullptr;
    QHBoxLayout *m_heartbeatRow = nullptr;
    QComboBox *m_preset = nullptr;
    QLineEdit *m_presetText = nullptr;
    QDoubleSpinBox *m_tokenRate = nullptr;
    QSpinBox *m_tokenJitter = nullptr;
    QWidget *m_paceRow = nullptr;
    MockClientsModel *m_clientsModel = nullptr;
    QTableView *m_clients = nullptr;
};
