// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "checknodes.h"

#include "faults/faultspec.h"
#include "http/headerline.h"
#include "server/mockserver.h"
#include "server/providerpreset.h"

#include <QSet>

#include <algorithm>
#include <limits>

namespace CheckNodes {

[[noreturn]] void fail(const YAML::Node &node, const QString &reason)
{
    throw Failure {node.Mark(), reason};
}

QString location(const QString &source, const YAML::Mark &mark)
{
    if (mark.is_null() || mark.line < 0)
        return source;
    return QStringLiteral("%1:%2:%3").arg(source).arg(mark.line + 1).arg(mark.column + 1);
}

CheckLocation whereOf(const YAML::Node &node)
{
    const YAML::Mark mark = node.Mark();
    if (mark.is_null())
        return {};
    return {mark.line + 1, mark.column + 1};
}

QString typeName(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map:
        return QStringLiteral("a map");
    case YAML::NodeType::Sequence:
        return QStringLiteral("a list");
    case YAML::NodeType::Null:
        return QStringLiteral("empty");
    default:
        return QStringLiteral("text");
    }
}

QString scalar(const YAML::Node &node, const QString &what)
{
    if (!node.IsScalar())
        fail(node, QStringLiteral("%1 is %2, expected text").arg(what, typeName(node)));
    return QString::fromStdString(node.Scalar());
}

// The map's entries in file order, after checking that it is one, that every key is known
// and that none is repeated.
QList<QPair<QString, YAML::Node>> entries(const YAML::Node &node, const QString &what,
                                          const QStringList &known)
{
    if (!node.IsMap())
        fail(node, QStringLiteral("%1 is %2, expected a map").arg(what, typeName(node)));
    QList<QPair<QString, YAML::Node>> result;
    QSet<QString> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const QString key = scalar(it->first, QStringLiteral("a key in ") + what);
        if (!known.isEmpty() && !known.contains(key)) {
            fail(it->first,
                 QStringLiteral("unknown key \"%1\" in %2 (known: %3)")
                     .arg(key, what, known.join(QStringLiteral(", "))));
        }
        if (seen.contains(key))
            fail(it->first, QStringLiteral("key \"%1\" repeated in %2").arg(key, what));
        seen.insert(key);
        result.append({key, it->second});
    }
    return result;
}

YAML::Node keyNode(const YAML::Node &map, const QString &key)
{
    const std::string wanted = key.toStdString();
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == wanted)
            return it->first;
    }
    return map;
}

qint64 duration(const YAML::Node &node, const QString &what, qint64 max)
{
    qint64 ms = 0;
    const QString text = scalar(node, what);
    if (!FaultSpec::parseDuration(text, &ms) || ms > max) {
        fail(node,
             QStringLiteral("%1 \"%2\" is not a duration with its unit such as 250ms, "
                            "2s or 1.5m, at most %3 s")
                 .arg(what, text)
                 .arg(max / 1000));
    }
    return ms;
}

qint64 integer(const YAML::Node &node, const QString &what, qint64 min, qint64 max)
{
    const QString text = scalar(node, what);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max) {
        fail(node,
             QStringLiteral("%1 \"%2\" is not a whole number from %3 to %4")
                 .arg(what, text)
                 .arg(min)
                 .arg(max));
    }
    return value;
}

bool boolean(const YAML::Node &node, const QString &what)
{
    const QString text = scalar(node, what);
    if (text == QStringLiteral("true"))
        return true;
    if (text == QStringLiteral("false"))
        return false;
    fail(node, QStringLiteral("%1 \"%2\" is not true or false").arg(what, text));
}

QList<QPair<QString, QString>> headerMap(const YAML::Node &node, const QString &what)
{
    QList<QPair<QString, QString>> headers;
    for (const auto &[name, value] : entries(node, what, {})) {
        if (!HeaderLine::isToken(name.toUtf8()))
            fail(keyNode(node, name),
                 QStringLiteral("%1: \"%2\" is not a header field name").arg(what, name));
        const QString text = scalar(value, what + QStringLiteral(" ") + name);
        if (HeaderLine::breaksLine(text.toUtf8()))
            fail(value, QStringLiteral("%1 %2: a value cannot break the line").arg(what, name));
        headers.append({name, text});
    }
    return headers;
}

QByteArray method(const YAML::Node &node)
{
    const QByteArray text = scalar(node, QStringLiteral("method")).toUtf8().toUpper();
    const bool token = !text.isEmpty() && std::all_of(text.cbegin(), text.cend(), [](char c) {
        return (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
    });
    if (!token)
        fail(node, QStringLiteral("\"%1\" is not an HTTP method").arg(QString::fromUtf8(text)));
    return text;
}

// Where a strict JSON error is: QJsonParseError gives an offset into the bytes.
YAML::Mark markAt(const QByteArray &text, int offset)
{
    YAML::Mark mark;
    mark.pos = offset;
    const QByteArray before = text.left(offset);
    mark.line = int(before.count('\n'));
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    mark.column = int(QString::fromUtf8(before.mid(lineStart)).size());
    return mark;
}

void readMock(CheckStream *stream, const YAML::Node &node)
{
    static const QStringList known = {
        QStringLiteral("heartbeat-ms"), QStringLiteral("heartbeat-form"),
        QStringLiteral("event-ms"),     QStringLiteral("burst"),
        QStringLiteral("events"),       QStringLiteral("payload"),
        QStringLiteral("event-type"),   QStringLiteral("retry-ms"),
        QStringLiteral("no-ids"),       QStringLiteral("history"),
        QStringLiteral("path"),         QStringLiteral("preset"),
        QStringLiteral("preset-text"),  QStringLiteral("token-rate"),
        QStringLiteral("token-jitter"), QStringLiteral("faults")};
    MockServerOptions &options = stream->mockOptions;
    // Its sockets stay on this thread: a check runs few streams, and the runner's timing is
    // simpler to reason about with one thread less.
    options.threads = 0;
    if (node.IsNull())
        return; // `mock:` alone: the defaults
    const QString what = QStringLiteral("stream \"%1\" mock").arg(stream->name);
    constexpr qint64 day = 24LL * 3600 * 1000;
    for (const auto &[key, value] : entries(node, what, known)) {
        const QString label = what + u' ' + key;
        if (key == QStringLiteral("heartbeat-ms")) {
            options.heartbeatMs = integer(value, label, 0, day);
        } else if (key == QStringLiteral("heartbeat-form")) {
            const QString form = scalar(value, label);
            if (form == QStringLiteral("comment"))
                options.heartbeatForm = MockServerOptions::HeartbeatForm::Comment;
            else if (form == QStringLiteral("event"))
                options.heartbeatForm = MockServerOptions::HeartbeatForm::Event;
            else if (form == QStringLiteral("data"))
                options.heartbeatForm = MockServerOptions::HeartbeatForm::Data;
            else
                fail(value, label + QStringLiteral(" is not comment, event or data"));
        } else if (key == QStringLiteral("event-ms")) {
            options.eventMs = integer(value, label, 0, day);
        } else if (key == QStringLiteral("burst")) {
            options.burst = boolean(value, label);
        } else if (key == QStringLiteral("events")) {
            options.eventsPerStream = integer(value, label, 0, std::numeric_limits<int>::max());
        } else if (key == QStringLiteral("payload")) {
            options.payloadTemplate = scalar(value, label).toUtf8();
        } else if (key == QStringLiteral("event-type")) {
            options.eventType = scalar(value, label).toUtf8();
        } else if (key == QStringLiteral("retry-ms")) {
            options.retryMs = integer(value, label, 0, day);
        } else if (key == QStringLiteral("no-ids")) {
            options.ids = !boolean(value, label);
        } else if (key == QStringLiteral("history")) {
            options.history = int(integer(value, label, 0, 1000000));
        } else if (key == QStringLiteral("path")) {
            options.path = scalar(value, label).toUtf8();
            if (!options.path.startsWith('/'))
                fail(value, label + QStringLiteral(" does not start with /"));
        } else if (key == QStringLiteral("preset")) {
            options.preset = scalar(value, label).toUtf8();
            if (!ProviderPreset::exists(options.preset)) {
                fail(value,
                     QStringLiteral("%1 \"%2\" is not a preset (known: %3)")
                         .arg(label, scalar(value, label),
                              QString::fromLatin1(ProviderPreset::names())));
            }
        } else if (key == QStringLiteral("preset-text")) {
            options.presetText = scalar(value, label).toUtf8();
        } else if (key == QStringLiteral("token-rate")) {
            bool ok = false;
            const double rate = scalar(value, label).toDouble(&ok);
            if (!ok || !(rate >= 0) || rate > 100000)
                fail(value, label + QStringLiteral(" is not a number from 0 to 100000"));
            options.tokenRate = rate;
        } else if (key == QStringLiteral("token-jitter")) {
            options.tokenJitterMs = integer(value, label, 0, 60000);
        } else if (key == QStringLiteral("faults")) {
            if (!value.IsSequence())
                fail(value, label + QStringLiteral(" is not a list of fault specs"));
            for (const YAML::Node &item : value) {
                Fault fault;
                QString error;
                const QString spec = scalar(item, label);
                if (!FaultSpec::parse(spec, &fault, &error) || !MockServer::canApply(fault, &error))
                    fail(item, QStringLiteral("%1 \"%2\": %3").arg(label, spec, error));
                stream->mockFaults.append(fault);
            }
        }
    }
}

} // namespace CheckNodes
