// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "headerline.h"

namespace HeaderLine {

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

bool breaksLine(QByteArrayView value)
{
    return value.contains('\r') || value.contains('\n') || value.contains('\0');
}

bool parse(const QString &text, QPair<QByteArray, QByteArray> *header, QString *error)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QByteArray name = colon < 0 ? QByteArray() : text.left(colon).trimmed().toUtf8();
    if (name.isEmpty()) {
        *error = QStringLiteral("header \"%1\" is not of the form \"Name: value\"").arg(text);
        return false;
    }
    if (!isToken(name)) {
        *error = QStringLiteral("header name \"%1\" has characters a header name cannot have "
                                "(letters, digits and !#$%&'*+-.^_`|~ only)")
                     .arg(QString::fromUtf8(name));
        return false;
    }
    const QByteArray value = text.mid(colon + 1).trimmed().toUtf8();
    if (breaksLine(value)) {
        *error = QStringLiteral("header \"%1\" has a line break or NUL in its value")
                     .arg(QString::fromUtf8(name));
        return false;
    }
    *header = {name, value};
    return true;
}

QString format(const QPair<QByteArray, QByteArray> &header)
{
    return QString::fromUtf8(header.first) + QStringLiteral(": ")
        + QString::fromUtf8(header.second);
}

} // namespace HeaderLine
