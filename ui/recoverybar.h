// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"

#include <QFrame>

class QLabel;
class QPushButton;

// What a failed tab offers in place of a dead end: why it failed and what to do next. Retry
// now (resuming where the stream stopped), retry 5xx and 429 automatically when a server
// status ended it under the strict policy, or start afresh. Hidden in every other state. It
// also says why a request was refused before anything was sent.
class RecoveryBar : public QFrame
{
    Q_OBJECT
public:
    explicit RecoveryBar(QWidget *parent = nullptr);

    // Shown for a `failed` state record, hidden for any other. `resilient`: the tab already
    // retries 5xx and 429. A refusal shown stays until a failure has more to say.
    void showFor(const ClientRecord &state, bool resilient);
    // A request refused before anything was sent (a URL that is no URL): the reason, in the
    // error colour, and no buttons, until dismissed or a failure replaces it.
    void showRefusal(const QString &message);
    void dismissRefusal(); // hides a refusal (the URL was edited); anything else stays
    void dismiss(); // hides whatever is shown (a new request goes out)

    QLabel *message() const { return m_message; }
    QPushButton *retryButton() const { return m_retry; }
    QPushButton *resilientButton() const { return m_resilient; }
    QPushButton *afreshButton() const { return m_afresh; }

Q_SIGNALS:
    void retryNow();
    void retryResilient(); // turn on retrying 5xx and 429, then retry
    void startAfresh();

private:
    QLabel *m_message = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_resilient = nullptr;
    QPushButton *m_afresh = nullptr;
    bool m_refusal = false; // showing a refusal
};
