// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"

#include <QDialog>

class QPlainTextEdit;
class QTableWidget;

// One request of a connection as it went out and came back, as Postman and DevTools show it:
// the request line and header fields as sent, the status line and fields as received, the
// body of an answer that was no event stream (as far as it came with the head), and the
// request's timing phases. Opened from the timeline (a row of a request) and from the state
// badge (the latest request).
class ResponseInspector : public QDialog
{
    Q_OBJECT
public:
    ResponseInspector(const AttemptPointer &attempt, int conn, QWidget *parent = nullptr);

    // The texts of the Request and Response pages.
    static QString requestText(const AttemptInfo &attempt);
    static QString responseText(const AttemptInfo &attempt);

private:
    QTableWidget *timingTable(const AttemptInfo &attempt);
};
