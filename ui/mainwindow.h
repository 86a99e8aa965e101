// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"
#include "io/recordformatter.h"

#include <QMainWindow>

class MockServer;
class SseClient;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

// The first window: a URL bar, a state badge, counters and the live record stream. With no
// URL of its own it watches the embedded mock server, so the first minute shows events.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts the embedded mock server and connects to it. False with a message on failure.
    bool startEmbedded(QString *errorMessage = nullptr);
    SseClient *client() const { return m_client; }

public Q_SLOTS:
    void openUrl(const QUrl &url);
    void connectToUrl(); // the URL in the bar
    void stop();

private:
    void showBatch(const ClientBatch &batch);
    void showState(ClientState state, const QString &reason);
    void updateCounters(const SseClientStats &stats);

    MockServer *m_server = nullptr;
    SseClient *m_client = nullptr;
    RecordFormatter m_formatter;
    QLineEdit *m_url = nullptr;
    QPushButton *m_connect = nullptr;
    QPushButton *m_stop = nullptr;
    QLabel *m_badge = nullptr;
    QLabel *m_counters = nullptr;
    QPlainTextEdit *m_log = nullptr;
};
