// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The JSON Pointer reader behind the table's field column (event data is anyone's bytes): on
// any input, no crash and a found value lies inside the input; on JSON that the detail pane's
// strict reader (OrderedJson) accepts, every value it lists is found at its pointer with the
// same type and text, a repeated member name counting by its last occurrence. An input whose
// first line is a pointer is also searched below that line.
#include "io/orderedjson.h"
#include "sse/jsonpointer.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *what, const QString &detail)
{
    std::fprintf(stderr, "%s: %s\n", what, detail.toUtf8().toPercentEncoding(" :/{}[]\",").data());
    std::abort();
}

JsonPointer::Value::Type expectedType(OrderedJson::Type type)
{
    using T = JsonPointer::Value::Type;
    switch (type) {
    case OrderedJson::Type::Object:
        return T::Object;
    case OrderedJson::Type::Array:
        return T::Array;
    case OrderedJson::Type::String:
        return T::String;
    case OrderedJson::Type::Number:
        return T::Number;
    case OrderedJson::Type::Bool:
        return T::Bool;
    case OrderedJson::Type::Null:
        return T::Null;
    }
    return T::Missing;
}

void checkInside(const JsonPointer::Value &value, QByteArrayView input)
{
    if (value.isMissing())
        return;
    if (value.raw.data() < input.data()
        || value.raw.data() + value.raw.size() > input.data() + input.size())
        fail("value outside the input", QString::fromUtf8(value.raw.toByteArray().toHex()));
    (void)value.text();
    (void)value.number();
}

void checkNode(const OrderedJson &node, QByteArrayView json)
{
    JsonPointer pointer;
    QString error;
    if (!JsonPointer::parse(node.pointer, &pointer, &error))
        fail("OrderedJson's pointer refused", node.pointer + QStringLiteral(": ") + error);
    const JsonPointer::Value found = pointer.find(json);
    if (found.type != expectedType(node.type))
        fail("wrong type at", node.pointer);
    if (!node.isContainer()) {
        if (found.raw != QByteArrayView(node.text.toUtf8()))
            fail("wrong text at", node.pointer);
        if (node.type == OrderedJson::Type::String && found.text() != node.value)
            fail("wrong string at", node.pointer);
    }
    for (qsizetype i = 0; i < node.children.size(); ++i) {
        const OrderedJson &child = node.children[i];
        bool repeatedLater = false;
        if (node.type == OrderedJson::Type::Object) {
            for (qsizetype j = i + 1; j < node.children.size() && !repeatedLater; ++j)
                repeatedLater = node.children[j].key == child.key;
        }
        if (!repeatedLater)
            checkNode(child, json);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    OrderedJson root;
    if (OrderedJson::parse(input, &root))
        checkNode(root, input);

    const qsizetype newline = input.indexOf('\n');
    if (newline >= 0) {
        JsonPointer pointer;
        if (JsonPointer::parse(QString::fromUtf8(input.first(newline)), &pointer)) {
            const QByteArrayView rest = input.sliced(newline + 1);
            checkInside(pointer.find(rest), rest);
        }
    }
    return 0;
}
