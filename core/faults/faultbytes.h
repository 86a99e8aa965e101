// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "fault.h"

#include <QByteArray>

// The bytes some faults inject into a stream, the same on the mock server and the tap proxy.
namespace FaultBytes {

// The garbage fault: each kind breaks a different assumption of a reader (invalid UTF-8, a NUL,
// binary bytes, an over-long line, a line without end).
QByteArray garbage(const Fault &fault);
// The retry fault: a `retry: N` field and the blank line that ends its block.
QByteArray retry(qint64 ms);

} // namespace FaultBytes
