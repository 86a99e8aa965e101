// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QPair>
#include <QString>

// A request header as a user writes it, "Name: value" (watch -H, a pasted curl -H, the GUI's
// header rows), checked before it can reach the wire.
namespace HeaderLine {

// RFC 9110 5.6.2: method and header names are tokens.
bool isToken(QByteArrayView text);

// A line break or NUL would end the field (or the head) early and start another one.
bool breaksLine(QByteArrayView value);

// Splits at the first colon; name and value lose surrounding whitespace (RFC 9110 5.5). False
// with a message when there is no colon, the name is not a token, or the value would break
// the line.
bool parse(const QString &text, QPair<QByteArray, QByteArray> *header, QString *error);

// "Name: value", what parse() takes back.
QString format(const QPair<QByteArray, QByteArray> &header);

} // namespace HeaderLine
