// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The session file reader (a saved session or `ssemon-cli watch --json` output, opened from
// wherever a user got it): no crash on any bytes, a refusal names the line, and a session that
// reads has the event fields the table needs; lens facts that read are within a lens's bounds
// and write back to the same facts.
#include "io/lensfactsjson.h"
#include "io/session.h"

#include <QBuffer>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    SessionData session;
    QString error;
    if (!Session::read(&buffer, &session, &error)) {
        if (error.isEmpty())
            std::abort();
        return 0;
    }
    for (const ClientRecord &record : std::as_const(session.records)) {
        // The reader defaults an event's type to `message`.
        if (record.kind == ClientRecord::Kind::Event && record.event.type.isEmpty())
            std::abort();
    }
    if (session.lens) {
        const LensFacts &facts = session.lens->facts;
        if (facts.blocks.size() > LensFacts::kMaxBlocks
            || facts.keptBytes > LensFacts::kMaxKeptBytes)
            std::abort();
        LensFacts again;
        if (!LensFactsJson::fromJson(LensFactsJson::toJson(facts), &again, &error)
            || again != facts)
            std::abort();
    }
    return 0;
}
