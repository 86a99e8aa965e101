// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The order-keeping JSON reader behind the detail pane (event data is anyone's bytes): no
// crash and no deep recursion on any input, a refusal says where, what it accepts Qt's reader
// accepts too, and its pretty text reads back to the same values at the same pointers.
#include "io/orderedjson.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void flatten(const OrderedJson &node, QStringList *out)
{
    *out << node.pointer + QLatin1Char('=') + QString::number(int(node.type))
            + QLatin1Char(':') + node.value;
    for (const OrderedJson &child : node.children)
        flatten(child, out);
}

[[noreturn]] void fail(const char *what, const QString &detail)
{
    std::fprintf(stderr, "%s: %s\n", what, detail.toUtf8().toPercentEncoding(" :/{}[]\",").data());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView json(reinterpret_cast<const char *>(data), qsizetype(size));
    OrderedJson root;
    QString error;
    if (!OrderedJson::parse(json, &root, &error)) {
        if (!error.contains(QStringLiteral("at byte")))
            fail("refusal without a place", error);
        return 0;
    }
    QJsonParseError qtError;
    QJsonDocument::fromJson(json.toByteArray(), &qtError);
    // Qt reads a top-level scalar too (since 5.12); its nesting limit is above ours.
    if (qtError.error != QJsonParseError::NoError)
        fail("accepted what Qt refuses", qtError.errorString());
    const QString pretty = root.pretty();
    OrderedJson again;
    if (!OrderedJson::parse(pretty.toUtf8(), &again, &error))
        fail("pretty text does not read back", error);
    QStringList before;
    QStringList after;
    flatten(root, &before);
    flatten(again, &after);
    if (before != after)
        fail("values differ after pretty printing", pretty);
    return 0;
}
