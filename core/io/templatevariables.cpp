// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "templatevariables.h"

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

bool isLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isNameStart(char c)
{
    return isLetter(c) || c == '_';
}

bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

bool opensAt(const QByteArray &text, qsizetype i)
{
    return i + 1 < text.size() && text.at(i) == '{' && text.at(i + 1) == '{';
}

// The reference that starts at `pos` (where `{{` is), if there is one: its name, and where
// the text after its `}}` starts. Reads at most the blanks and kMaxNameLength + 1 name bytes.
bool referenceAt(const QByteArray &text, qsizetype pos, QByteArray *name, qsizetype *end)
{
    const qsizetype n = text.size();
    qsizetype i = pos + 2;
    while (i < n && isBlank(text.at(i)))
        ++i;
    const qsizetype nameStart = i;
    if (i >= n || !isNameStart(text.at(i)))
        return false;
    while (i < n && isNameChar(text.at(i)) && i - nameStart <= TemplateVariables::kMaxNameLength)
        ++i;
    if (i - nameStart > TemplateVariables::kMaxNameLength)
        return false;
    const qsizetype nameEnd = i;
    while (i < n && isBlank(text.at(i)))
        ++i;
    if (i + 1 >= n || text.at(i) != '}' || text.at(i + 1) != '}')
        return false;
    *name = text.mid(nameStart, nameEnd - nameStart);
    *end = i + 2;
    return true;
}

bool escapedAt(const QByteArray &text, qsizetype i)
{
    return text.at(i) == '\\' && opensAt(text, i + 1);
}

} // namespace

bool TemplateVariables::isValidName(const QString &name, QString *why)
{
    QString reason;
    if (name.isEmpty()) {
        reason = QStringLiteral("the name is empty");
    } else if (name.size() > kMaxNameLength) {
        reason = QStringLiteral("the name is longer than %1 characters").arg(kMaxNameLength);
    } else if (name.at(0).unicode() > 127 || !isNameStart(char(name.at(0).unicode()))) {
        reason = QStringLiteral("a name starts with a letter (a-z, A-Z) or _");
    } else {
        for (const QChar c : name) {
            if (c.unicode() > 127 || !isNameChar(char(c.unicode()))) {
                reason = QStringLiteral("\"%1\" is not allowed in a name (letters a-z, A-Z, "
                                        "digits, _, - and . are)")
                             .arg(c);
                break;
            }
        }
    }
    if (why)
        *why = reason;
    return reason.isEmpty();
}

QStringList TemplateVariables::references(const QByteArray &text)
{
    QStringList names;
    for (qsizetype i = 0; i < text.size();) {
        if (escapedAt(text, i)) {
            i += 3;
            continue;
        }
        QByteArray name;
        qsizetype end = 0;
        if (opensAt(text, i) && referenceAt(text, i, &name, &end)) {
            const QString n = QString::fromLatin1(name);
            if (!names.contains(n))
                names.append(n);
            i = end;
        } else {
            ++i;
        }
    }
    return names;
}

bool TemplateVariables::isOnlyReferences(const QByteArray &text)
{
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n && isBlank(text.at(i)))
        ++i;
    // An optional scheme word, kept apart from what follows by a blank.
    qsizetype word = i;
    while (word < n && isLetter(text.at(word)))
        ++word;
    if (word > i && word < n && isBlank(text.at(word)))
        i = word;
    int count = 0;
    while (i < n) {
        if (isBlank(text.at(i))) {
            ++i;
            continue;
        }
        QByteArray name;
        qsizetype end = 0;
        if (!opensAt(text, i) || !referenceAt(text, i, &name, &end))
            return false;
        ++count;
        i = end;
    }
    return count > 0;
}

TemplateVariables::Result TemplateVariables::resolve(const QByteArray &text, const Map &values)
{
    Result result;
    QByteArray out;
    out.reserve(text.size());
    qsizetype copied = 0; // text before this is in `out`
    for (qsizetype i = 0; i < text.size();) {
        if (escapedAt(text, i)) {
            out.append(text.constData() + copied, i - copied);
            out.append("{{", 2);
            i += 3;
            copied = i;
            continue;
        }
        QByteArray name;
        qsizetype end = 0;
        if (!opensAt(text, i) || !referenceAt(text, i, &name, &end)) {
            ++i;
            continue;
        }
        const QString key = QString::fromLatin1(name);
        const auto value = values.constFind(key);
        if (value == values.constEnd()) {
            // Left as written, so that what is shown still names it.
            if (!result.missing.contains(key))
                result.missing.append(key);
            i = end;
            continue;
        }
        out.append(text.constData() + copied, i - copied);
        const QByteArray bytes = value->toUtf8();
        if (out.size() + bytes.size() > kMaxResolvedBytes) {
            result.tooLarge = true;
            return result;
        }
        out.append(bytes);
        i = end;
        copied = i;
    }
    if (out.size() + (text.size() - copied) > kMaxResolvedBytes) {
        result.tooLarge = true;
        return result;
    }
    out.append(text.constData() + copied, text.size() - copied);
    result.text = out;
    return result;
}
