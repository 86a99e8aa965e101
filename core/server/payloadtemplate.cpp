// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "payloadtemplate.h"

#include <charconv>

namespace {

void appendNumber(QByteArray &out, qint64 value)
{
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr - buffer);
}

} // namespace

PayloadTemplate::PayloadTemplate(QByteArrayView text)
    : m_text(text.toByteArray())
{
    struct Placeholder
    {
        QByteArrayView name;
        Kind kind;
    };
    static constexpr Placeholder placeholders[] = {
        {"{{n}}", Kind::Number},
        {"{{t}}", Kind::Time},
        {"{{client}}", Kind::Client},
        {"{{id}}", Kind::Id},
    };

    qsizetype literalStart = 0;
    qsizetype at = 0;
    while ((at = text.indexOf("{{", at)) >= 0) {
        const Placeholder *match = nullptr;
        for (const Placeholder &placeholder : placeholders) {
            if (text.sliced(at).startsWith(placeholder.name)) {
                match = &placeholder;
                break;
            }
        }
        if (!match) {
            ++at;
            continue;
        }
        if (at > literalStart)
            m_segments.append(
                {Kind::Literal, text.sliced(literalStart, at - literalStart).toByteArray()});
        m_segments.append({match->kind, {}});
        m_usesClient = m_usesClient || match->kind == Kind::Client;
        m_usesTime = m_usesTime || match->kind == Kind::Time;
        at += match->name.size();
        literalStart = at;
    }
    if (literalStart < text.size())
        m_segments.append({Kind::Literal, text.sliced(literalStart).toByteArray()});
}

void PayloadTemplate::expand(QByteArray &out, const Values &values) const
{
    for (const Segment &segment : m_segments) {
        switch (segment.kind) {
        case Kind::Literal:
            out.append(segment.literal);
            break;
        case Kind::Number:
            appendNumber(out, values.n);
            break;
        case Kind::Time:
            appendNumber(out, values.t);
            break;
        case Kind::Client:
            appendNumber(out, values.client);
            break;
        case Kind::Id:
            appendNumber(out, values.id);
            break;
        }
    }
}

QByteArray PayloadTemplate::expanded(const Values &values) const
{
    QByteArray out;
    expand(out, values);
    return out;
}
