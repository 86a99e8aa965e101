// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>

// What the mock server, the tap proxy and the control API write on their status lines.
namespace HttpStatus {

// The reason phrase of a status (RFC 9110), "Error" for one none of them answers with.
QByteArrayView reasonPhrase(int status);

} // namespace HttpStatus
