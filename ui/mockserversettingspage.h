// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "server/mockserveroptions.h"

#include <QWidget>

class MockClientsModel;
class MockServer;
class QComboBox;
class QLineEdit;
class QSpinBox;
class QTableView;

// The mock server dock's "Server & clients" page: where it listens (taken at the next start),
// its heartbeats, events and payload (applied live, to every connected client), and who is
// connected, with the last id each was sent (a view over MockClientsModel).
class MockServerSettingsPage : public QWidget
{
    Q_OBJECT
public:
    explicit MockServerSettingsPage(MockServer *server, QWidget *parent = nullptr);

    // The server's options with this page's values (an empty or bad host: loopback; a path
    // without its leading slash gets one).
    MockServerOptions options() const;
    // While it listens, where it listens cannot change.
    void setListening(bool listening);
    MockClientsModel *clientsModel() const { return m_clientsModel; }

private:
    void applyLive();

    MockServer *m_server;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_path = nullptr;
    QSpinBox *m_heartbeatMs = nullptr;
    QComboBox *m_heartbeatForm = nullptr;
    QSpinBox *m_eventMs = nullptr;
    QLineEdit *m_payload = nullptr;
    MockClientsModel *m_clientsModel = nullptr;
    QTableView *m_clients = nullptr;
};
