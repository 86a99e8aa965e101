// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class MockServer;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

// The embedded mock server by hand: start and stop, where it listens (applied at the next
// start), heartbeats, events and payload (applied live, to every connected client), and who
// is connected with the last id each was sent.
class MockServerPanel : public QWidget
{
    Q_OBJECT
public:
    explicit MockServerPanel(MockServer *server, QWidget *parent = nullptr);

public Q_SLOTS:
    void start();
    void stop();
    void refresh(); // state, counters and clients from the server

Q_SIGNALS:
    void started(const QUrl &url);

private:
    void applyLive();

    MockServer *m_server;
    QLabel *m_status = nullptr;
    QPushButton *m_startStop = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_path = nullptr;
    QSpinBox *m_heartbeatMs = nullptr;
    QComboBox *m_heartbeatForm = nullptr;
    QSpinBox *m_eventMs = nullptr;
    QLineEdit *m_payload = nullptr;
    QLabel *m_stats = nullptr;
    QTableWidget *m_clients = nullptr;
    QTimer *m_refresh = nullptr;
};
