// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/mcpsession.h"

#include <QHash>
#include <QWidget>

#include <functional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

// The "MCP" side tab of a connection tab: drives an MCP session (McpSession) with the tab's
// request (URL, headers, auth, TLS, proxy, transport). Initialize (the lists follow), what the
// server offers (tools, resources, prompts), JSON arguments prefilled from the selected tool's
// inputSchema (required properties with placeholders), Call / Read / Get, a log of the requests
// (method, id, status as it goes: waiting with live progress, the result's latency, a JSON-RPC
// error's code and message, no answer, a transport failure) and the selected request's result
// text and notifications. End session sends DELETE; once initialized, the session's GET stream
// can be opened in the tab itself (its event table then shows the server's notifications).
class McpPane : public QWidget
{
    Q_OBJECT
public:
    explicit McpPane(QWidget *parent = nullptr);

    // The request a session is initialized with (the tab's, variables resolved); false with
    // the reason it cannot be made.
    using RequestSource = std::function<bool(SseClientOptions *, QString *)>;
    void setRequestSource(RequestSource source) { m_source = std::move(source); }

    McpSession *session() const { return m_session; }
    QLabel *sessionLabel() const { return m_sessionLine; }
    QLabel *noteLabel() const { return m_note; }
    QPushButton *initializeButton() const { return m_initialize; }
    QPushButton *endButton() const { return m_end; }
    QPushButton *streamButton() const { return m_stream; }
    QTreeWidget *catalogue() const { return m_catalogue; }
    QPlainTextEdit *argumentsEdit() const { return m_arguments; }
    QLabel *argumentsError() const { return m_argumentsError; }
    QPushButton *sendButton() const { return m_send; }
    QTreeWidget *requestLog() const { return m_log; }
    QPlainTextEdit *resultView() const { return m_result; }

    // Selects the catalogue's entry with this name (a tool or prompt) or URI (a resource).
    bool select(const QString &name);

public Q_SLOTS:
    void initialize(); // a new session with the tab's request, then the lists
    void listAll(); // what the server's capabilities offer
    void endSession(); // DELETE
    // Calls the selected tool, reads the selected resource or gets the selected prompt, with
    // the arguments as edited (invalid JSON: an inline error, nothing sent).
    void sendSelected();

Q_SIGNALS:
    // The user asks for the session's GET stream in the tab (McpSession::listenRequest()).
    void openStreamRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    enum class Kind { None, Tool, Resource, Prompt };
    void showSession();
    void showListed(const QByteArray &method);
    void showSelection();
    void addCall(int seq);
    void updateCall(int seq);
    void showResult();
    QTreeWidgetItem *selectedEntry() const;
    QTreeWidgetItem *section(Kind kind) const;

    McpSession *m_session = nullptr;
    RequestSource m_source;
    QLabel *m_sessionLine = nullptr;
    QLabel *m_note = nullptr;
    QPushButton *m_initialize = nullptr;
    QPushButton *m_end = nullptr;
    QPushButton *m_stream = nullptr;
    QTreeWidget *m_catalogue = nullptr;
    QLabel *m_argumentsTitle = nullptr;
    QPlainTextEdit *m_arguments = nullptr;
    QLabel *m_argumentsError = nullptr;
    QPushButton *m_send = nullptr;
    QTreeWidget *m_log = nullptr;
    QPlainTextEdit *m_result = nullptr;
    QHash<int, QTreeWidgetItem *> m_rows; // seq → its row in the log
    bool m_followNext = false; // the next request added is the user's: it is selected
};
