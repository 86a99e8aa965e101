// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The mock server's payload template (`serve --payload`, the GUI, scenario `set` steps):
// expanding it gives the same bytes as a plain left-to-right substitution written here, and
// appending into a buffer that already holds bytes keeps them.
#include "server/payloadtemplate.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace {

// The reference: at each "{{", a known placeholder is replaced, anything else is copied.
QByteArray reference(QByteArrayView text, const PayloadTemplate::Values &v)
{
    const struct
    {
        QByteArrayView name;
        qint64 value;
    } placeholders[] = {{"{{n}}", v.n}, {"{{t}}", v.t}, {"{{client}}", v.client}, {"{{id}}", v.id}};
    QByteArray out;
    qsizetype i = 0;
    while (i < text.size()) {
        bool replaced = false;
        for (const auto &p : placeholders) {
            if (text.sliced(i).startsWith(p.name)) {
                out += QByteArray::number(p.value);
                i += p.name.size();
                replaced = true;
                break;
            }
        }
        if (!replaced)
            out += text.at(i++);
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char *>(data), qsizetype(size));
    const PayloadTemplate payload(text);
    const PayloadTemplate::Values values {42, -1732180000000, 7,
                                          std::numeric_limits<qint64>::min()};
    const QByteArray expected = reference(text, values);
    const QByteArray got = payload.expanded(values);
    if (got != expected) {
        std::fprintf(stderr, "template '%s'\nexpanded '%s'\nexpected '%s'\n",
                     QByteArray(text.toByteArray()).constData(), got.constData(),
                     expected.constData());
        std::abort();
    }
    QByteArray appended("prefix:");
    payload.expand(appended, values);
    if (appended != "prefix:" + expected)
        std::abort();
    if (payload.text() != text)
        std::abort();
    return 0;
}
