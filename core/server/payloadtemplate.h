// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// An event payload with placeholders, parsed once into segments so that expanding it (once per
// event, a million times a second in burst mode) is a few appends into the caller's buffer.
// Placeholders: {{n}} event number, {{t}} unix time in ms, {{client}} client number, {{id}}
// the event id. Anything else between braces is literal text.
class PayloadTemplate
{
public:
    struct Values
    {
        qint64 n = 0;
        qint64 t = 0;
        qint64 client = 0;
        qint64 id = 0;
    };

    explicit PayloadTemplate(QByteArrayView text = {});

    // Appends the expansion to out, allocating nothing once out has the capacity.
    void expand(QByteArray &out, const Values &values) const;
    QByteArray expanded(const Values &values) const;

    QByteArray text() const { return m_text; }
    // The expansion differs per client: it cannot be shared between clients.
    bool usesClient() const { return m_usesClient; }
    bool usesTime() const { return m_usesTime; }

private:
    enum class Kind : quint8 { Literal, Number, Time, Client, Id };
    struct Segment
    {
        Kind kind = Kind::Literal;
        QByteArray literal;
    };

    QByteArray m_text;
    QList<Segment> m_segments;
    // The most bytes an expansion adds: the literals and the widest number per placeholder.
    qsizetype m_maxExpansion = 0;
    bool m_usesClient = false;
    bool m_usesTime = false;
};
