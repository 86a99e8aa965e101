// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "fault.h"

#include <QByteArray>
#include <QString>

// The bytes some faults inject into a stream, the same on the mock server and the tap proxy.
namespace FaultBytes {

// The garbage fault: each kind breaks a different assumption of a reader (invalid UTF-8, a NUL,
// binary bytes, an over-long line, a line without end).
QByteArray garbage(const Fault &fault);
// The retry fault: a `retry: N` field and the blank line that ends its block.
QByteArray retry(qint64 ms);

// The error-event fault on a stream that has no format of its own: an event named `error`
// whose JSON says the server is overloaded (the shape Anthropic documents, which readers of
// other streams also take for an error).
QByteArray errorEvent();
// The not-json fault: the event with each data line cut to half its length, so that its JSON
// is unfinished while the event stays whole (its other fields and the blank line that ends it
// are kept). An event without data comes back as it was.
QByteArray notJson(const QByteArray &event);

// The answer of a status or redirect fault, instead of the stream.
struct Answer
{
    int status = 0;
    QByteArray headers; // header lines, each ending in CRLF
    QByteArray message; // the plain-text body, without its final newline
    QString detail; // for the fault's report: "answered 503", "redirected (307) to /x"
};
Answer answer(const Fault &fault);

} // namespace FaultBytes
