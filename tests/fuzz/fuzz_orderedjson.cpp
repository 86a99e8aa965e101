// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The order-keeping JSON reader behind the detail pane (event data is anyone's bytes): no
// crash and no deep recursion on any input, a refusal says where, what it accepts Qt's reader
// accepts too (but for numbers past a double's range and top-level scalars), and its pretty text
// reads back to the same values at the same pointers.
#include "io/orderedjson.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void flatten(const OrderedJson &node, QStringList *out)
{
    *out << node.pointer + QLatin1Char('=') + QString::number(int(node.type)) + QLatin1Char(':')
            + node.value;
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
    // Qt 6.4 reads an object or an array only (RFC 8259 allows any value at the top) and
    // refuses a number past a double's range, whose digits this reader keeps as sent; its
    // nesting limit is above ours.
    if (root.isContainer()) {
        QJsonParseError qtError;
        QJsonDocument::fromJson(json.toByteArray(), &qtError);
        if (qtError.error != QJsonParseError::NoError
            && qtError.error != QJsonParseError::IllegalNumber)
            fail("accepted what Qt refuses", qtError.errorString());
    }
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
