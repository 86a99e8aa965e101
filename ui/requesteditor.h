// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/sseclientoptions.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QScrollArea;
class QTabWidget;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTableWidget;

// Everything about a request except its method and URL (which live in the tab's bar): headers,
// body, an authorization helper, the initial Last-Event-ID, the reconnect policy, TLS and
// proxy. Reads and writes SseClientOptions; it never talks to the client itself.
class RequestEditor : public QWidget
{
    Q_OBJECT
public:
    explicit RequestEditor(QWidget *parent = nullptr);

    // Fills every field but url and method.
    void setOptions(const SseClientOptions &options);
    // `base` supplies url, method and what the editor does not show.
    SseClientOptions options(const SseClientOptions &base) const;
    // Turns on retrying 5xx and 429 (what a failed tab offers in place).
    void setResilient(bool resilient);
    void setTransport(SseClientOptions::Transport transport);
    // The groups are tabs (the editor is narrower than they are side by side).
    bool isTabbed() const { return m_tabbed; }
    // What the groups need to show whole (the scroll area would cap it).
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void setTabbed(bool tabbed);
    void addHeaderRow(const QString &name = QString(), const QString &value = QString());
    void updateAuthFields();
    void updateTransportFields();

    QScrollArea *m_scroll = nullptr;
    QWidget *m_row = nullptr; // the groups side by side
    QTabWidget *m_pages = nullptr; // or as tabs
    QList<QPair<QGroupBox *, int>> m_groups; // with their stretch side by side
    int m_rowWidth = 0; // the least width side by side
    bool m_tabbed = false;
    QTableWidget *m_headers = nullptr;
    QPlainTextEdit *m_body = nullptr;
    QComboBox *m_authKind = nullptr;
    QLineEdit *m_authUser = nullptr;
    QLineEdit *m_authSecret = nullptr;
    QLineEdit *m_lastEventId = nullptr;
    QSpinBox *m_retryMs = nullptr;
    QSpinBox *m_backoffCapMs = nullptr;
    QSpinBox *m_idleTimeoutS = nullptr;
    QSpinBox *m_headTimeoutS = nullptr;
    QSpinBox *m_maxReconnects = nullptr; // -1: never give up
    QCheckBox *m_reconnect = nullptr;
    QCheckBox *m_resilient = nullptr;
    QComboBox *m_transport = nullptr;
    QComboBox *m_lens = nullptr; // LensRegistry::choices()
    QCheckBox *m_http2PriorKnowledge = nullptr;
    QCheckBox *m_cookies = nullptr;
    QCheckBox *m_retryPost = nullptr;
    QLineEdit *m_caFile = nullptr;
    QCheckBox *m_ignoreSsl = nullptr;
    QComboBox *m_proxyMode = nullptr;
    QLineEdit *m_proxyUrl = nullptr;
};
