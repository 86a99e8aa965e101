// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>

// What the mock server, the tap proxy and the control API write on their status lines.
namespace HttpStatus {

// The reason phrase of a status (RFC 9110), "Error" for one none of them answers with.
QByteArrayView reasonPhrase(int status);
// "HTTP/1.1 404 Not Found\r\n".
QByteArray statusLine(int status);
// A short answer on a connection that closes after it: the status line, `headers` (whole
// lines), then, except for a 204, a text/plain `body` with its Content-Length; `omitBody`
// (an answer to HEAD) keeps the length and leaves the body out.
QByteArray textResponse(int status, const QByteArray &headers, const QByteArray &body,
                        bool omitBody = false);

} // namespace HttpStatus
