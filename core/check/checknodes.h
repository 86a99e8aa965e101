// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "checkfile.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <yaml-cpp/yaml.h>

// The checked reading of yaml-cpp nodes that CheckReader is made of: each function returns
// the value or throws CheckNodes::Failure (where and why), which CheckReader::read() turns into
// the one error message. Used inside core/check only.
namespace CheckNodes {

struct Failure
{
    YAML::Mark mark;
    QString reason;
};

[[noreturn]] void fail(const YAML::Node &node, const QString &reason);
// "file:line:column" (1-based), or the file alone when the mark is unknown.
QString location(const QString &source, const YAML::Mark &mark);
CheckLocation whereOf(const YAML::Node &node);
QString typeName(const YAML::Node &node); // "a map", "a list", "empty", "text"
// Where a strict JSON error is: QJsonParseError gives an offset into the bytes.
YAML::Mark markAt(const QByteArray &text, int offset);

QString scalar(const YAML::Node &node, const QString &what);
// The map's entries in file order, after checking that it is one, that every key is in
// `known` (when given) and that none is repeated.
QList<QPair<QString, YAML::Node>> entries(const YAML::Node &node, const QString &what,
                                          const QStringList &known);
// The node of `key` itself in `map` (where the key was written), for an error about the key;
// the map when it has no such key.
YAML::Node keyNode(const YAML::Node &map, const QString &key);
qint64 duration(const YAML::Node &node, const QString &what, qint64 max); // "2s" → 2000
qint64 integer(const YAML::Node &node, const QString &what, qint64 min, qint64 max);
bool boolean(const YAML::Node &node, const QString &what);
QList<QPair<QString, QString>> headerMap(const YAML::Node &node, const QString &what);
QByteArray method(const YAML::Node &node);
// A stream's `mock:` map, the options of `ssemon-cli serve` by the same names.
void readMock(CheckStream *stream, const YAML::Node &node);

} // namespace CheckNodes
