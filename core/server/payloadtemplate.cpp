// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "payloadtemplate.h"

#include <charconv>
#include <cstring>

namespace {

// "-9223372036854775808"
constexpr qsizetype MaxNumberDigits = 20;

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
    for (const Segment &segment : std::as_const(m_segments))
        m_maxExpansion += segment.kind == Kind::Literal ? segment.literal.size() : MaxNumberDigits;
}

void PayloadTemplate::expand(QByteArray &out, const Values &values) const
{
    // Room for the widest expansion is made once and written in place (appending segment by
    // segment went through QByteArray::insert() for each), then the buffer is cut to what was
    // written; its capacity stays.
    const qsizetype at = out.size();
    out.resize(at + m_maxExpansion);
    char *p = out.data() + at;
    char *const end = p + m_maxExpansion;
    for (const Segment &segment : m_segments) {
        qint64 number = 0;
        switch (segment.kind) {
        case Kind::Literal:
            std::memcpy(p, segment.literal.constData(), size_t(segment.literal.size()));
            p += segment.literal.size();
            continue;
        case Kind::Number:
            number = values.n;
            break;
        case Kind::Time:
            number = values.t;
            break;
        case Kind::Client:
            number = values.client;
            break;
        case Kind::Id:
            number = values.id;
            break;
        }
        p = std::to_chars(p, end, number).ptr;
    }
    out.resize(p - out.constData());
}

QByteArray PayloadTemplate::expanded(const Values &values) const
{
    QByteArray out;
    expand(out, values);
    return out;
}
