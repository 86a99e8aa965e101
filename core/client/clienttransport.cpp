// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "clienttransport.h"

QString ClientTransport::kindName(Kind kind)
{
    return kind == Kind::Qnam ? QStringLiteral("qnam") : QStringLiteral("wire");
}
