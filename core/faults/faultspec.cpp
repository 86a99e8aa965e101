// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "faultspec.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <limits>

namespace {

constexpr qint64 MaxDurationMs = 7LL * 24 * 3600 * 1000; // a week: longer is a typo
constexpr qint64 DefaultLongLineBytes = 1024 * 1024;
constexpr qint64 DefaultSliceDelayMs = 10;

struct KindInfo
{
    Fault::Kind kind;
    const char *name;
    // Parameters besides the triggers and `clients`; those marked with a leading '!' are
    // required.
    QList<const char *> keys;
    const char *synopsis;
    const char *summary;
    const char *example;
};

const QList<KindInfo> &kinds()
{
    static const QList<KindInfo> table = {
        {Fault::Kind::Fin, "fin", {}, "", "close the stream cleanly (FIN)", "fin every=30s"},
        {Fault::Kind::Rst, "rst", {}, "", "reset the connection (RST)", "rst after=100"},
        {Fault::Kind::Blackhole,
         "blackhole",
         {},
         "",
         "keep the socket open, send nothing, read nothing (until the client leaves)",
         "blackhole at=10s clients=1"},
        {Fault::Kind::Stall,
         "stall",
         {"!for"},
         "for=T",
         "no events and no heartbeats for T, then what was held is sent",
         "stall for=5s"},
        {Fault::Kind::HeartbeatPause,
         "heartbeat-pause",
         {"!for"},
         "for=T",
         "no heartbeats for T while events continue (what kills streams behind proxies)",
         "heartbeat-pause for=90s"},
        {Fault::Kind::Latency,
         "latency",
         {"!ms", "for"},
         "ms=N [for=T]",
         "delay every write by N ms (until cleared, or for T)",
         "latency ms=200"},
        {Fault::Kind::Bandwidth,
         "bandwidth",
         {"!bps", "for"},
         "bps=N [for=T]",
         "cap the stream at N bytes per second",
         "bandwidth bps=2000"},
        {Fault::Kind::Slice,
         "slice",
         {"!bytes", "delay", "for"},
         "bytes=N [delay=T] [for=T]",
         "split writes into pieces of N bytes, T apart (default 10ms), cutting lines, fields "
         "and UTF-8 characters",
         "slice bytes=3 delay=10ms"},
        {Fault::Kind::Truncate,
         "truncate",
         {},
         "",
         "send half of the next event, then FIN",
         "truncate every=20"},
        {Fault::Kind::Drop,
         "drop",
         {"mode"},
         "[mode=event|fin,rst,truncate]",
         "never send the next event (its id is lost); with connection modes, end the "
         "connection instead, cycling through the modes",
         "drop every=50 mode=fin,rst,truncate"},
        {Fault::Kind::Duplicate,
         "duplicate",
         {},
         "",
         "send the next event twice",
         "duplicate probability=0.05"},
        {Fault::Kind::Reorder,
         "reorder",
         {},
         "",
         "swap the next event with the one after it",
         "reorder every=10"},
        {Fault::Kind::Ids,
         "ids",
         {"!mode", "value"},
         "mode=reset|rewrite [value=ID]",
         "send the next event with an empty id (reset) or another id (rewrite, default x<n>)",
         "ids mode=reset after=5"},
        {Fault::Kind::ErrorEvent,
         "error-event",
         {},
         "",
         "replace the next event with an error event (overloaded; in the provider's format on "
         "a preset stream), then FIN",
         "error-event after=5"},
        {Fault::Kind::NotJson,
         "not-json",
         {},
         "",
         "send the next event with its data cut in half: a whole event whose JSON is "
         "unfinished",
         "not-json after=3"},
        {Fault::Kind::Retry, "retry", {"!ms"}, "ms=N", "inject a `retry: N` field", "retry ms=1"},
        {Fault::Kind::Garbage,
         "garbage",
         {"!kind", "bytes"},
         "kind=utf8|nul|binary|longline|noeol [bytes=N]",
         "inject invalid UTF-8, a NUL, binary bytes, an over-long line (bytes=N, default 1 MiB) "
         "or a line without end (then FIN)",
         "garbage kind=utf8"},
        {Fault::Kind::Status,
         "status",
         {"!code", "count", "retry-after"},
         "code=N [count=N] [retry-after=S]",
         "answer the next connection(s) with this status (429, 500, 503, 401, 204, ...)",
         "status code=503 count=3 retry-after=2"},
        {Fault::Kind::ContentType,
         "content-type",
         {"!value", "count"},
         "value=TYPE|none [count=N]",
         "stream the next connection(s) with a wrong Content-Type, or none",
         "content-type value=text/html"},
        {Fault::Kind::Redirect,
         "redirect",
         {"!to", "code", "count"},
         "to=PATH|URL [code=301|302|303|307|308] [count=N]",
         "redirect the next connection(s) (default 302)",
         "redirect to=/elsewhere code=302"},
        {Fault::Kind::SlowHeaders,
         "slow-headers",
         {"!delay", "count"},
         "delay=T [count=N]",
         "accept the next connection(s), then wait T before the response",
         "slow-headers delay=2s"},
        {Fault::Kind::Gzip,
         "gzip",
         {"count"},
         "[count=N]",
         "compress the next stream(s) with gzip, without per-event flush",
         "gzip count=0"},
        {Fault::Kind::Refuse,
         "refuse",
         {"!for"},
         "for=T",
         "close the port for T (connections refused), then listen again",
         "refuse for=5s"},
    };
    return table;
}

const KindInfo *findKind(QStringView name)
{
    for (const KindInfo &info : kinds()) {
        if (name == QLatin1String(info.name))
            return &info;
    }
    return nullptr;
}

QString knownKinds()
{
    QStringList names;
    for (const KindInfo &info : kinds())
        names.append(QLatin1String(info.name));
    return names.join(QStringLiteral(", "));
}

bool parseInteger(QStringView text, qint64 min, qint64 max, qint64 *value)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < min || v > max)
        return false;
    *value = v;
    return true;
}

} // namespace

bool FaultSpec::parseDuration(QStringView text, qint64 *ms)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^([0-9]+(?:\.[0-9]+)?)(ms|s|m)$)"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return false;
    const double number = match.capturedView(1).toDouble();
    const QStringView unit = match.capturedView(2);
    const double factor = unit == u"ms" ? 1 : unit == u"s" ? 1000 : 60000;
    const double value = std::round(number * factor);
    if (value > double(MaxDurationMs))
        return false;
    *ms = qint64(value);
    return true;
}

bool FaultSpec::parse(QStringView text, Fault *fault, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QList<QStringView> tokens = text.trimmed().split(u' ', Qt::SkipEmptyParts);
    if (tokens.isEmpty())
        return fail(QStringLiteral("empty fault: expected a kind such as \"rst\" or "
                                   "\"drop every=50\""));
    const KindInfo *info = findKind(tokens.first());
    if (!info) {
        return fail(
            QStringLiteral("unknown fault \"%1\" (known: %2)").arg(tokens.first(), knownKinds()));
    }
    const QString name = QLatin1String(info->name);
    auto bad = [&](const QString &message) {
        return fail(name + QStringLiteral(": ") + message);
    };

    Fault result;
    result.kind = info->kind;
    result.spec = text.trimmed().toString();
    if (result.kind == Fault::Kind::Slice)
        result.delayMs = DefaultSliceDelayMs;
    if (result.kind == Fault::Kind::Garbage)
        result.bytes = DefaultLongLineBytes;
    if (result.kind == Fault::Kind::Redirect)
        result.code = 302;

    QSet<QString> seen;
    bool triggerSet = false;
    auto setTrigger = [&](const QString &key) {
        if (triggerSet) {
            bad(QStringLiteral("\"%1\" is a second trigger: use one of now, at, after, every, "
                               "probability")
                    .arg(key));
            return false;
        }
        triggerSet = true;
        return true;
    };
    QSet<QString> allowed;
    QSet<QString> required;
    for (const char *key : info->keys) {
        if (key[0] == '!') {
            allowed.insert(QLatin1String(key + 1));
            required.insert(QLatin1String(key + 1));
        } else {
            allowed.insert(QLatin1String(key));
        }
    }

    for (qsizetype i = 1; i < tokens.size(); ++i) {
        const QStringView token = tokens.at(i);
        if (token == u"now") {
            if (!setTrigger(QStringLiteral("now")))
                return false;
            continue;
        }
        const qsizetype eq = token.indexOf(u'=');
        if (eq <= 0)
            return bad(QStringLiteral("\"%1\" is not key=value").arg(token));
        const QString key = token.first(eq).toString();
        const QStringView value = token.sliced(eq + 1);
        if (seen.contains(key))
            return bad(QStringLiteral("\"%1\" given twice").arg(key));
        seen.insert(key);
        if (value.isEmpty())
            return bad(QStringLiteral("%1= needs a value").arg(key));
        qint64 number = 0;

        if (key == QLatin1String("at")) {
            if (!setTrigger(key))
                return false;
            if (!parseDuration(value, &number))
                return bad(
                    QStringLiteral("at=%1 is not a duration such as 10s or 250ms").arg(value));
            result.trigger.kind = Fault::Trigger::Kind::At;
            result.trigger.ms = number;
        } else if (key == QLatin1String("after")) {
            if (!setTrigger(key))
                return false;
            if (!parseInteger(value, 1, std::numeric_limits<qint64>::max(), &number))
                return bad(
                    QStringLiteral("after=%1 is not a number of events (1 or more)").arg(value));
            result.trigger.kind = Fault::Trigger::Kind::After;
            result.trigger.count = number;
        } else if (key == QLatin1String("every")) {
            if (!setTrigger(key))
                return false;
            if (parseInteger(value, 1, std::numeric_limits<qint64>::max(), &number)) {
                result.trigger.kind = Fault::Trigger::Kind::EveryEvents;
                result.trigger.count = number;
            } else if (parseDuration(value, &number) && number > 0) {
                result.trigger.kind = Fault::Trigger::Kind::EveryTime;
                result.trigger.ms = number;
            } else {
                return bad(QStringLiteral("every=%1 is neither a number of events (every=50) nor "
                                          "a duration (every=10s)")
                               .arg(value));
            }
        } else if (key == QLatin1String("probability")) {
            if (!setTrigger(key))
                return false;
            bool ok = false;
            const double p = value.toDouble(&ok);
            if (!ok || !(p > 0) || p > 1)
                return bad(QStringLiteral("probability=%1 is not a number in (0, 1]").arg(value));
            result.trigger.kind = Fault::Trigger::Kind::Probability;
            result.trigger.probability = p;
        } else if (key == QLatin1String("clients")) {
            if (result.kind == Fault::Kind::Refuse)
                return bad(QStringLiteral("closes the port for everyone: clients= does not apply"));
            for (const QStringView part : value.split(u',')) {
                if (!parseInteger(part, 1, std::numeric_limits<int>::max(), &number)) {
                    return bad(QStringLiteral("clients=%1: \"%2\" is not a client number (from 1)")
                                   .arg(value, part));
                }
                result.clients.append(int(number));
            }
        } else if (!allowed.contains(key)) {
            QStringList keys(allowed.cbegin(), allowed.cend());
            keys.sort();
            return bad(QStringLiteral("unknown parameter \"%1\" (%2)")
                           .arg(key,
                                keys.isEmpty()
                                    ? QStringLiteral("it takes only a trigger and clients=")
                                    : QStringLiteral("known: ") + keys.join(u", ")));
        } else if (key == QLatin1String("for") || key == QLatin1String("delay")) {
            if (!parseDuration(value, &number)) {
                return bad(QStringLiteral("%1=%2 is not a duration: add a unit (ms, s or m), e.g. "
                                          "%1=5s")
                               .arg(key, value));
            }
            if (key == QLatin1String("for")) {
                if (number <= 0)
                    return bad(QStringLiteral("for= must be longer than 0"));
                result.durationMs = number;
            } else {
                result.delayMs = number;
            }
        } else if (key == QLatin1String("ms")) {
            if (!parseInteger(value, 0, MaxDurationMs, &number))
                return bad(QStringLiteral("ms=%1 is not a number of milliseconds").arg(value));
            result.ms = number;
        } else if (key == QLatin1String("bps")) {
            if (!parseInteger(value, 1, qint64(1) << 40, &number))
                return bad(QStringLiteral("bps=%1 is not a positive number of bytes per second")
                               .arg(value));
            result.bps = number;
        } else if (key == QLatin1String("bytes")) {
            if (!parseInteger(value, 1, qint64(1) << 30, &number))
                return bad(QStringLiteral("bytes=%1 is not a positive number of bytes").arg(value));
            result.bytes = number;
        } else if (key == QLatin1String("count")) {
            if (!parseInteger(value, 0, std::numeric_limits<int>::max(), &number))
                return bad(QStringLiteral("count=%1 is not a number of connections (0 = every "
                                          "one until cleared)")
                               .arg(value));
            result.count = int(number);
        } else if (key == QLatin1String("retry-after")) {
            if (!parseInteger(value, 0, 86400, &number))
                return bad(QStringLiteral("retry-after=%1 is not a number of seconds").arg(value));
            result.retryAfterSeconds = number;
        } else if (key == QLatin1String("code")) {
            if (!parseInteger(value, 100, 599, &number))
                return bad(QStringLiteral("code=%1 is not an HTTP status").arg(value));
            if (result.kind == Fault::Kind::Redirect) {
                if (number != 301 && number != 302 && number != 303 && number != 307
                    && number != 308)
                    return bad(QStringLiteral("code=%1 is not a redirect (301, 302, 303, 307, "
                                              "308)")
                                   .arg(value));
            } else if (number < 204 || number == 200 || (number >= 205 && number < 300)) {
                return bad(QStringLiteral("code=%1: use 204 or a status from 300 to 599 (200 is "
                                          "the normal stream)")
                               .arg(value));
            }
            result.code = int(number);
        } else if (key == QLatin1String("mode")) {
            if (result.kind == Fault::Kind::Ids) {
                if (value == u"reset")
                    result.idsMode = Fault::IdsMode::Reset;
                else if (value == u"rewrite")
                    result.idsMode = Fault::IdsMode::Rewrite;
                else
                    return bad(QStringLiteral("mode=%1: use reset or rewrite").arg(value));
            } else {
                for (const QStringView part : value.split(u',')) {
                    Fault::DropMode mode;
                    if (part == u"event")
                        mode = Fault::DropMode::Event;
                    else if (part == u"fin")
                        mode = Fault::DropMode::Fin;
                    else if (part == u"rst")
                        mode = Fault::DropMode::Rst;
                    else if (part == u"truncate")
                        mode = Fault::DropMode::Truncate;
                    else
                        return bad(QStringLiteral("mode=%1: \"%2\" is not one of event, fin, "
                                                  "rst, truncate")
                                       .arg(value, part));
                    result.dropModes.append(mode);
                }
                if (result.dropModes.size() > 1
                    && result.dropModes.contains(Fault::DropMode::Event))
                    return bad(QStringLiteral("mode=event drops one event and cannot be mixed with "
                                              "the connection modes"));
                if (result.dropModes == QList<Fault::DropMode> {Fault::DropMode::Event})
                    result.dropModes.clear();
            }
        } else if (key == QLatin1String("kind")) {
            if (value == u"utf8")
                result.garbage = Fault::GarbageKind::Utf8;
            else if (value == u"nul")
                result.garbage = Fault::GarbageKind::Nul;
            else if (value == u"binary")
                result.garbage = Fault::GarbageKind::Binary;
            else if (value == u"longline")
                result.garbage = Fault::GarbageKind::LongLine;
            else if (value == u"noeol")
                result.garbage = Fault::GarbageKind::NoEol;
            else
                return bad(
                    QStringLiteral("kind=%1: use utf8, nul, binary, longline or noeol").arg(value));
        } else if (key == QLatin1String("value")) {
            if (result.kind == Fault::Kind::ContentType && value == u"none") {
                result.value.clear();
            } else {
                result.value = value.toUtf8();
                // A header value or an id cannot carry line breaks or control characters.
                for (const char c : std::as_const(result.value)) {
                    if (uchar(c) < 0x20 || c == 0x7f)
                        return bad(QStringLiteral("value= cannot contain control characters"));
                }
            }
        } else if (key == QLatin1String("to")) {
            result.location = value.toUtf8();
        }
    }

    for (const QString &key : std::as_const(required)) {
        if (!seen.contains(key)) {
            return bad(QStringLiteral("%1= is required (%2 %3)")
                           .arg(key, name, QLatin1String(info->synopsis)));
        }
    }
    if (result.kind == Fault::Kind::Ids && seen.contains(QStringLiteral("value"))
        && result.idsMode != Fault::IdsMode::Rewrite)
        return bad(QStringLiteral("value= goes with mode=rewrite"));
    if (result.kind == Fault::Kind::Status && result.retryAfterSeconds >= 0 && result.code < 300)
        return bad(QStringLiteral("retry-after= goes with a 3xx, 4xx or 5xx status"));
    if (result.kind == Fault::Kind::Garbage && seen.contains(QStringLiteral("bytes"))
        && result.garbage != Fault::GarbageKind::LongLine)
        return bad(QStringLiteral("bytes= applies to kind=longline only"));
    *fault = result;
    return true;
}

QList<FaultSpec::Entry> FaultSpec::catalogue()
{
    QList<Entry> entries;
    for (const KindInfo &info : kinds()) {
        entries.append({QLatin1String(info.name), QLatin1String(info.synopsis),
                        QLatin1String(info.summary), QLatin1String(info.example)});
    }
    return entries;
}

QString FaultSpec::catalogueText()
{
    QString text = QStringLiteral("Faults (--fault \"KIND [key=value ...] [trigger] "
                                  "[clients=N,M]\"):\n");
    for (const Entry &entry : catalogue()) {
        const QString head =
            entry.synopsis.isEmpty() ? entry.name : entry.name + u' ' + entry.synopsis;
        text += QStringLiteral("  %1\n      %2\n      e.g. --fault \"%3\"\n")
                    .arg(head, entry.summary, entry.example);
    }
    text +=
        QStringLiteral("Triggers (one; default now):\n"
                       "  now            once, at once (response faults: on the next connections)\n"
                       "  at=T           once, T after the start (T: 250ms, 5s, 1.5s, 2m)\n"
                       "  after=N        once, on the Nth event\n"
                       "  every=N        on every Nth event\n"
                       "  every=T        every T\n"
                       "  probability=P  on each event with probability P (0 < P <= 1)\n"
                       "Targets: clients=1,3 (client numbers as logged; default every client).\n");
    return text;
}
